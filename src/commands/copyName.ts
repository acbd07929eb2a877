import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { nameOf } from '../tree/nodeInfo';
import { selectionOf } from './copyArn';
import { pickEntityNode } from './pickers';

/** IAM: Copy Name — of the selected items (one per line), or of an entity picked from the palette. */
export const copyName: CommandDef = {
  id: 'iamExplorer.copyName',
  async run(services, node?: unknown, selection?: unknown) {
    const nodes = selectionOf(node, selection) ?? [await pickEntityNode(services)];
    await vscode.env.clipboard.writeText(
      nodes
        .map(nameOf)
        .filter((n): n is string => n !== undefined)
        .join('\n'),
    );
  },
};
