import type { CommandDef } from '.';
import { targetKey, type PolicyTarget } from '../core/iam/policySave';
import type { Services } from '../services';
import { policyTargetOf } from '../tree/documents';
import type { ExplorerNode } from '../tree/nodes';
import { pickEntityNode } from './pickers';
import { Cancelled } from '../core/cancelled';

/**
 * Opens a document the command has just created in the policy editor, without waiting for
 * it: the command has done its work; a failure to open is logged, not shown as the command's.
 */
export function openInEditor(services: Services, target: PolicyTarget): void {
  services.policyEditors
    .open(target)
    .catch((err: unknown) => services.log.warn(`opening the policy editor on ${targetKey(target)}: ${String(err)}`));
}

/** From the palette: a managed policy, or a role's trust policy, picked by name. */
async function pickTarget(services: Services): Promise<PolicyTarget> {
  const node = await pickEntityNode(services, ['policy', 'role'], 'Edit which policy? (a role opens its trust policy)');
  if (node.kind === 'entity' && node.entity.type === 'role')
    return { kind: 'trust', profile: node.profile, roleName: node.entity.name };
  const target = policyTargetOf(node);
  if (!target) throw new Cancelled();
  return target;
}

/**
 * IAM: Edit Policy — opens the policy editor on a managed policy (or one of its versions), an inline policy or a trust
 * policy.
 */
export const editPolicy: CommandDef = {
  id: 'iamExplorer.editPolicy',
  async run(services, node?: unknown) {
    const target = node ? policyTargetOf(node as ExplorerNode) : await pickTarget(services);
    if (!target) throw new Error('This item has no policy document to edit.');
    return services.policyEditors.open(target);
  },
};
