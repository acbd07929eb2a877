import type { CommandDef } from '.';
import type { ExplorerNode } from '../tree/nodes';
import { pickProfile } from './pickers';

/** IAM: Load Account Snapshot — on a profile root, or a profile picked: loads (or renews) its snapshot, cancellable. */
export const loadSnapshot: CommandDef = {
  id: 'iamExplorer.loadSnapshot',
  async run(services, node?: unknown) {
    const profile = (node as ExplorerNode | undefined)?.profile ?? (await pickProfile(services));
    await services.snapshots.load(profile, { foreground: true });
  },
};
