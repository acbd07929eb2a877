import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { windowUi } from './commands/ui';
import { Log } from './log';
import type { Services } from './services';
import { ExplorerTree } from './tree/explorerTree';
import { selectedProfiles } from './aws/settings';

/** What activate() returns when VS Code runs the extension under test: the override seam. */
export interface ExtensionTestApi {
  services: Services;
}

export function activate(context: vscode.ExtensionContext): ExtensionTestApi | undefined {
  const started = performance.now();
  const log = new Log();
  const services: Services = {
    log,
    ui: windowUi,
    context,
    tree: new ExplorerTree(() => selectedProfiles(context)),
  };
  const view = vscode.window.createTreeView('iamExplorer.explorer', {
    treeDataProvider: services.tree,
    showCollapseAll: true,
    canSelectMany: true,
  });
  context.subscriptions.push(log, view, services.tree);
  registerCommands(context, services);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('iamExplorer')) services.tree.refresh();
    }),
  );
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
  return context.extensionMode === vscode.ExtensionMode.Test ? { services } : undefined;
}

export function deactivate(): void {}
