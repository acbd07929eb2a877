import * as vscode from 'vscode';

/** Profiles shown in the tree: the setting, else AWS_PROFILE, else `default`. */
export function selectedProfiles(_context?: vscode.ExtensionContext): string[] {
  const configured = vscode.workspace.getConfiguration('iamExplorer').get<string[]>('profiles', []);
  if (configured.length > 0) return [...new Set(configured)];
  return [process.env.AWS_PROFILE || 'default'];
}
