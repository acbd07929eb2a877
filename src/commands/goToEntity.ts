import type { CommandDef } from '.';
import { pickEntityNode } from './pickers';

/** IAM: Go to Entity… — a quick pick over all users, groups, roles and policies; reveals the pick. */
export const goToEntity: CommandDef = {
  id: 'iamExplorer.goToEntity',
  async run(services) {
    const node = await pickEntityNode(services);
    await services.view.reveal(node, { select: true, focus: true, expand: false });
    return node;
  },
};
