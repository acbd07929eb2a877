import type { CommandDef } from '.';
import type { FindingsNode } from '../tree/findingsTree';

/** Refresh (Findings view): check a profile again (its root's or a finding's), or every profile. */
export const refreshFindings: CommandDef = {
  id: 'iamExplorer.findings.refresh',
  async run(services, node?: unknown) {
    const profile =
      typeof node === 'object' && node !== null && 'profile' in node ? (node as FindingsNode).profile : undefined;
    services.findingsStore.forget(profile);
  },
};
