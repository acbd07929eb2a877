import type { CommandDef } from '.';
import { findingTarget } from './findingPickers';
import { Cancelled } from './runCommand';

/** Suppress… — accept a finding, with a reason; it moves to the profile's Suppressed folder. */
export const suppressFinding: CommandDef = {
  id: 'iamExplorer.findings.suppress',
  async run(services, node?: unknown) {
    const target = await findingTarget(services, node, false);
    const reason = await services.ui.showInputBox({
      title: `Suppress ${target.finding.check} for ${target.finding.entityName}`,
      prompt: 'Why is this finding accepted? (kept with the suppression, per account; Restore undoes it)',
      validateInput: (v) => (v.trim() ? undefined : 'Write the reason, for whoever reads the suppression later.'),
      ignoreFocusOut: true,
    });
    if (reason === undefined) throw new Cancelled();
    return services.findingsStore.suppress(target.accountId, target.finding, reason);
  },
};
