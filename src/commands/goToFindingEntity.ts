import type { CommandDef } from '.';
import { EXPLORER_ENTITY_TYPES } from '../tree/findingsTree';
import { findingTarget } from './findingPickers';
import { entityNodes } from './pickers';

/** Go to Entity (Findings view): reveals the finding's user, group, role or policy in the explorer. */
export const goToFindingEntity: CommandDef = {
  id: 'iamExplorer.findings.goToEntity',
  async run(services, node?: unknown) {
    const { profile, finding } = await findingTarget(services, node, false);
    if (!EXPLORER_ENTITY_TYPES.has(finding.entityType)) {
      throw new Error(
        `${finding.entityName} (${finding.entity}) is not a user, group, role or policy, so the IAM tree does ` +
          `not show it.`,
      );
    }
    const found = (await entityNodes(services, profile)).find((n) => n.entity.arn === finding.entity);
    if (!found)
      throw new Error(
        `${finding.entity} is not in the IAM tree of ${profile} (deleted since the check, or an AWS managed ` +
          `policy while those are hidden).`,
      );
    // The tree's own node (with its parents), loaded through the view's provider; revealed again after a full refresh.
    return services.reveals.reveal(profile, found.entity, { focus: true });
  },
};
