import type { Entity } from '../core/iam/model';
import { entityIcon } from '../tree/treeItems';
import type { ListKind } from '../core/model/accountModel';
import type { Services } from '../services';
import { entityNodeId } from '../tree/explorerTree';
import type { EntityNode } from '../tree/nodes';
import { Cancelled } from '../core/cancelled';

const LIST_OF_TYPE: Record<Entity['type'], ListKind> = {
  user: 'users',
  group: 'groups',
  role: 'roles',
  policy: 'policies',
};

/** The profile to act on: the only one shown, or one the user picks. */
export async function pickProfile(services: Services): Promise<string> {
  const shown = services.shownProfiles();
  if (shown.length === 1 && shown[0] !== undefined) return shown[0];
  const picked = await services.ui.showQuickPick(
    shown.map((profile) => ({ label: profile })),
    { title: 'Which profile?', placeHolder: 'AWS profile' },
  );
  if (!picked) throw new Cancelled();
  return picked.label;
}

/**
 * Every user, group, role and customer managed policy of a profile (of `types`), from its
 * account model: what it holds already, else listed now (one listing per folder, kept).
 */
export async function entitiesOf(
  services: Services,
  profile: string,
  types: readonly Entity['type'][] = ['user', 'group', 'role', 'policy'],
): Promise<Entity[]> {
  const { model } = await services.connections.get(profile);
  const lists = await Promise.all(types.map((t) => model.list(LIST_OF_TYPE[t])));
  return lists.flat();
}

/** An entity as a node, with the id the tree gives it (the tree's own node is `services.tree.entityNode`). */
export function asEntityNode(profile: string, entity: Entity): EntityNode {
  return { kind: 'entity', id: entityNodeId(profile, entity), profile, entity };
}

/** Entity nodes of a profile (of `types`), from its model; for pickers that filter candidates. */
export async function entityNodes(
  services: Services,
  profile: string,
  types?: readonly Entity['type'][],
): Promise<EntityNode[]> {
  return (await entitiesOf(services, profile, types)).map((e) => asEntityNode(profile, e));
}

/** A quick pick over a profile's entities, matching on name, path and ARN. */
export async function pickEntityNode(
  services: Services,
  types?: readonly Entity['type'][],
  title = 'Go to IAM entity',
): Promise<EntityNode> {
  const profile = await pickProfile(services);
  const items = entityNodes(services, profile, types).then((nodes) =>
    nodes.map((node) => ({
      label: node.entity.name,
      iconPath: entityIcon(node.entity.type),
      description: `${node.entity.type}${node.entity.path !== '/' ? ` · ${node.entity.path}` : ''}`,
      detail: node.entity.arn,
      node,
    })),
  );
  const picked = await services.ui.showQuickPick(items, {
    title,
    placeHolder: 'Type a name, path or ARN',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) throw new Cancelled();
  return picked.node;
}

export function isEntityNode(node: unknown): node is EntityNode {
  return typeof node === 'object' && node !== null && (node as EntityNode).kind === 'entity';
}
