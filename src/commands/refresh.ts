import type { CommandDef } from '.';
import type { ExplorerNode } from '../tree/nodes';

/** IAM: Refresh — a node (from its inline action), or the whole tree. */
export const refresh: CommandDef = {
  id: 'iamExplorer.refresh',
  async run(services, node?: unknown) {
    services.tree.refresh(node as ExplorerNode | undefined);
  },
};
