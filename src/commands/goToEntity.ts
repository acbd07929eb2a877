import type { CommandDef } from '.';
import { describeAwsError } from '../core/iam/errors';
import type { Services } from '../services';
import type { EntityNode } from '../tree/nodes';
import { entityIcon } from '../tree/treeItems';
import { asEntityNode, entitiesOf, pickEntityNode } from './pickers';
import { Cancelled } from './runCommand';

/**
 * IAM: Go to Entity… — a quick pick over all users, groups, roles and policies; reveals the
 * pick. With accounts added from SSO, over every loaded account (profiles and SSO accounts
 * whose root has connected), each item naming its account.
 */
export const goToEntity: CommandDef = {
  id: 'iamExplorer.goToEntity',
  async run(services) {
    const picked = services.ssoRoots.treeGroups().length
      ? await pickAcrossAccounts(services)
      : await pickEntityNode(services);
    // The tree's own node (with its parents), loaded through the view's provider; revealed again after a full refresh.
    return services.reveals.reveal(picked.profile, picked.entity, { focus: true });
  },
};

async function pickAcrossAccounts(services: Services): Promise<EntityNode> {
  const profiles = services.tree.loadedProfiles();
  if (profiles.length === 0)
    throw new Error('No account is loaded yet: expand a profile or an account added from SSO, then try again.');
  const items = Promise.all(
    profiles.map(async (profile) => {
      try {
        return (await entitiesOf(services, profile)).map((entity) => ({ profile, entity }));
      } catch (error) {
        services.log.warn(
          `Go to Entity: the entities of ${services.tree.rootName(profile)} could not be listed: ` +
            `${describeAwsError(error)}`,
        );
        return [];
      }
    }),
  ).then((lists) =>
    lists.flat().map(({ profile, entity }) => ({
      label: entity.name,
      iconPath: entityIcon(entity.type),
      description:
        `${services.tree.rootName(profile)} · ${entity.type}` + `${entity.path !== '/' ? ` · ${entity.path}` : ''}`,
      detail: entity.arn,
      node: asEntityNode(profile, entity),
    })),
  );
  const picked = await services.ui.showQuickPick(items, {
    title: `Go to IAM entity in ${profiles.length} account${profiles.length === 1 ? '' : 's'}`,
    placeHolder: 'Type a name, account, path or ARN',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) throw new Cancelled();
  return picked.node;
}
