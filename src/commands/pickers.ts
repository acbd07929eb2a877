import * as vscode from 'vscode';
import type { Entity } from '../core/iam/model';
import type { Services } from '../services';
import type { EntityNode, ExplorerNode } from '../tree/nodes';
import { Cancelled } from './runCommand';

const ENTITY_ICONS: Record<Entity['type'], string> = { user: 'person', group: 'organization', role: 'shield', policy: 'law' };

/** The profile to act on: the only one shown, or one the user picks. */
export async function pickProfile(services: Services): Promise<string> {
  const roots = (await services.tree.getChildren()).filter((n) => n.kind === 'profile');
  if (roots.length === 1 && roots[0]) return roots[0].profile;
  const picked = await services.ui.showQuickPick(
    roots.map((r) => ({ label: r.profile })),
    { title: 'Which profile?', placeHolder: 'AWS profile' },
  );
  if (!picked) throw new Cancelled();
  return picked.label;
}

/**
 * Every user, group, role and customer managed policy of a profile, as the tree's own
 * nodes (so they can be revealed), loading any folder not loaded yet.
 */
export async function entityNodes(services: Services, profile: string, types?: readonly Entity['type'][]): Promise<EntityNode[]> {
  const root = (await services.tree.getChildren()).find((n) => n.kind === 'profile' && n.profile === profile);
  if (!root) throw new Error(`Profile ${profile} is not shown in the IAM tree.`);
  const folders = (await services.tree.getChildren(root)).filter((n) => n.kind === 'folder');
  if (folders.length === 0) {
    const error = (await services.tree.getChildren(root)).find((n) => n.kind === 'error');
    throw new Error(error?.kind === 'error' ? error.detail : `Profile ${profile} could not be listed.`);
  }
  const lists = await Promise.all(folders.map((f) => services.tree.getChildren(f)));
  return lists.flat().filter((n): n is EntityNode => n.kind === 'entity' && (!types || types.includes(n.entity.type)));
}

/** A quick pick over a profile's entities, matching on name, path and ARN. */
export async function pickEntityNode(services: Services, types?: readonly Entity['type'][], title = 'Go to IAM entity'): Promise<ExplorerNode> {
  const profile = await pickProfile(services);
  const items = entityNodes(services, profile, types).then((nodes) =>
    nodes.map((node) => ({
      label: node.entity.name,
      iconPath: new vscode.ThemeIcon(ENTITY_ICONS[node.entity.type]),
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
  return typeof node === 'object' && node !== null && (node as ExplorerNode).kind === 'entity';
}

