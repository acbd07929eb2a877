import type * as vscode from 'vscode';
import type { Connections } from './aws/connections';
import type { FindingsStore } from './aws/findingsStore';
import type { ProfileStore } from './aws/profiles';
import type { SsoRoots } from './aws/ssoRoots';
import type { Ui } from './commands/ui';
import type { Log } from './log';
import type { ExplorerTree } from './tree/explorerTree';
import type { FindingsDecorations } from './tree/findingsDecorations';
import type { FindingsNode, FindingsTree } from './tree/findingsTree';
import type { ExplorerNode } from './tree/nodes';
import type { Reveals } from './tree/reveals';
import type { ProfileChoice } from './aws/settings';
import type { Snapshots } from './snapshots';
import type { ActionCatalog } from './core/policy/catalog';
import type { PolicyEditors } from './webview/host/policyEditors';
import type { PolicyFileSystem } from './documents/policyFileSystem';
import type { ReportPanels } from './webview/host/reportPanel';

/** Everything a command needs, built once in activate() and passed in; no globals. */
export interface Services {
  readonly log: Log;
  /** Replaced by tier-2 tests to answer prompts in code. */
  ui: Ui;
  readonly context: vscode.ExtensionContext;
  readonly connections: Connections;
  readonly profiles: ProfileStore;
  /** The profiles shown in the tree (Select Profiles' choice, else the setting, else AWS_PROFILE or default). */
  readonly shownProfiles: () => string[];
  /** Where IAM: Select Profiles… keeps its choice. */
  readonly profileChoice: ProfileChoice;
  /** The account snapshots: loading, status bar, notices. */
  readonly snapshots: Snapshots;
  readonly tree: ExplorerTree;
  /** Accounts added from SSO sign-ins (kept in the workspace state) and their open sign-ins. */
  readonly ssoRoots: SsoRoots;
  readonly view: vscode.TreeView<ExplorerNode>;
  /** Reveals an entity in the view, and again after a full refresh cleared the selection. */
  readonly reveals: Reveals;
  /** Security findings per profile, and the view rendering them. */
  readonly findingsStore: FindingsStore;
  readonly findings: FindingsTree;
  readonly findingsView: vscode.TreeView<FindingsNode>;
  /** Badges on the explorer's entities for their findings. */
  readonly findingsDecorations: FindingsDecorations;
  /** The policy editor panels (src/webview/host). */
  readonly policyEditors: PolicyEditors;
  /** The `iam:` file system: every policy document as a file (src/documents). */
  readonly documents: PolicyFileSystem;
  /** The report panels of Simulate Access, Who Can and Effective Permissions. */
  readonly reports: ReportPanels;
  /** The IAM action catalog, loaded on first use, one service at a time. */
  catalog(): ActionCatalog;
}
