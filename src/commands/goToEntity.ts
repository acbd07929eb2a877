import type { CommandDef } from '.';
import { pickEntityNode } from './pickers';

/** IAM: Go to Entity… — a quick pick over all users, groups, roles and policies; reveals the pick. */
export const goToEntity: CommandDef = {
  id: 'iamExplorer.goToEntity',
  async run(services) {
    const picked = await pickEntityNode(services);
    // Reveal needs the tree's own node (with its parents), loaded through the view's provider.
    const node = await services.tree.entityNode(picked.profile, picked.entity);
    await services.view.reveal(node, { select: true, focus: true, expand: false });
    return node;
  },
};
