import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { arnOf } from '../tree/nodeInfo';
import type { ExplorerNode } from '../tree/nodes';
import { pickEntityNode } from './pickers';

/** IAM: Copy ARN — of the selected items (one per line), or of an entity picked from the palette. */
export const copyArn: CommandDef = {
  id: 'iamExplorer.copyArn',
  async run(services, node?: unknown, selection?: unknown) {
    const nodes = selectionOf(node, selection) ?? [await pickEntityNode(services)];
    const arns = nodes.map(arnOf).filter((a): a is string => a !== undefined);
    await vscode.env.clipboard.writeText(arns.join('\n'));
  },
};

/** The multi-selection VS Code passes as the second argument, else the one node. */
export function selectionOf(node: unknown, selection: unknown): ExplorerNode[] | undefined {
  if (Array.isArray(selection) && selection.length > 0) return selection as ExplorerNode[];
  return node ? [node as ExplorerNode] : undefined;
}
