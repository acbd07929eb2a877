import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';

export const EXTENSION_ID = 'iam-explorer.iam-explorer';

/** Activates the extension under test and returns its test API. */
export async function activateExtension(): Promise<ExtensionTestApi> {
  const ext = vscode.extensions.getExtension<ExtensionTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  if (!api) throw new Error('the extension did not return its test API (extensionMode is not Test?)');
  return api;
}

/** package.json of the extension under test, as VS Code loaded it. */
export function manifest(): {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; title: string }[] };
    configuration: { properties: Record<string, unknown> };
  };
} {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.packageJSON;
}
