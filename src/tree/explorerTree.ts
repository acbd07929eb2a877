import * as vscode from 'vscode';

export interface ProfileNode {
  readonly kind: 'profile';
  readonly id: string;
  readonly profile: string;
}

export type ExplorerNode = ProfileNode;

/** The IAM tree: one root per selected profile. */
export class ExplorerTree implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly profiles: () => string[]) {}

  refresh(node?: ExplorerNode): void {
    this.changed.fire(node);
  }

  getChildren(node?: ExplorerNode): ExplorerNode[] {
    if (!node) return this.profiles().map((profile) => ({ kind: 'profile', id: `profile:${profile}`, profile }));
    return [];
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.profile, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon('account');
    item.contextValue = 'profile';
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
