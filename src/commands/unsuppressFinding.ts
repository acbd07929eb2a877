import type { CommandDef } from '.';
import { findingTarget } from './findingPickers';

/** Restore — a suppressed finding is shown again. */
export const unsuppressFinding: CommandDef = {
  id: 'iamExplorer.findings.unsuppress',
  async run(services, node?: unknown) {
    const target = await findingTarget(services, node, true);
    const restored = await services.findingsStore.unsuppress(target.accountId, target.finding);
    if (!restored) throw new Error(`${target.finding.check} for ${target.finding.entityName} is not suppressed.`);
    return restored;
  },
};
