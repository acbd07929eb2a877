import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { formatPolicy, minifyPolicy } from '../core/policy/document';
import { DOCUMENT_SCHEME } from '../documents/policyFileSystem';
import type { Services } from '../services';

/** The `iam:` document in the active editor: the policy editor's, or VS Code's text editor's. */
export function activeDocument(services: Services): vscode.TextDocument {
  const custom = services.policyEditors.active();
  if (custom) return custom.document;
  const text = vscode.window.activeTextEditor?.document;
  if (text?.uri.scheme === DOCUMENT_SCHEME) return text;
  throw new Error('Open an IAM policy document first (IAM: Edit Policy, or a policy in the IAM view).');
}

/** Replaces the whole document with `next` as one undoable edit; says why when the text is not JSON. */
async function rewrite(services: Services, how: (text: string) => string, what: string): Promise<void> {
  const document = activeDocument(services);
  const text = document.getText();
  const next = how(text);
  if (next === text) {
    try {
      JSON.parse(text);
    } catch {
      throw new Error(`${what} needs valid JSON without comments; fix the errors the editor shows first.`);
    }
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), next);
  await vscode.workspace.applyEdit(edit);
}

/** IAM: Format Policy Document — indents the active `iam:` document by two spaces (editor title bar). */
export const formatPolicyDocument: CommandDef = {
  id: 'iamExplorer.policyEditor.format',
  run: (services) => rewrite(services, (t) => `${formatPolicy(t)}\n`, 'Format'),
};

/** IAM: Minify Policy Document — removes white space outside strings. */
export const minifyPolicyDocument: CommandDef = {
  id: 'iamExplorer.policyEditor.minify',
  run: (services) => rewrite(services, minifyPolicy, 'Minify'),
};
