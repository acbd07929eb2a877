/**
 * The Findings view (`iamExplorer.findings`): per shown profile, the findings grouped by
 * severity then check, each naming its entity and why, the evidence in the tooltip; the
 * suppressed findings and the skipped checks (with the permission they need) in folders of
 * their own. Renders the FindingsStore; loads a profile's findings when its root expands.
 */
import * as vscode from 'vscode';
import type { FindingsStore, ProfileFindings } from '../aws/findingsStore';
import { describeAwsError } from '../core/iam/errors';
import { checkById, SEVERITIES, type Finding, type Severity } from '../core/findings/index';
import { fixOf } from '../core/findings/fixes';
import { findingKey } from '../core/findings/suppress';
import { counted } from '../core/text';
import { issueFindingsNodes, type FindingsNode } from './findingsNodes';

export type { FindingsNode } from './findingsNodes';

const SEVERITY_ICONS: Record<Severity, vscode.ThemeIcon> = {
  critical: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  high: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  medium: new vscode.ThemeIcon('info'),
  low: new vscode.ThemeIcon('circle-outline'),
};

/** Entities the explorer tree shows, so Go to Entity can reveal them. */
export const EXPLORER_ENTITY_TYPES: ReadonlySet<string> = new Set(['user', 'group', 'role', 'policy']);

export interface FindingsTreeDeps {
  readonly store: FindingsStore;
  /** The profiles shown, then the accounts added from SSO (their keys), as the explorer lists them. */
  readonly profiles: () => string[];
  /** How a root is named: an SSO account by its name, with its id and role as the description. */
  readonly root?: (profile: string) => { label: string; description?: string };
  /**
   * Why the explorer shows its welcome instead of roots (no AWS profiles, none of the selected ones
   * exists), if it does: then this view lists no profile either and shows its own welcome content.
   */
  readonly welcome?: () => Promise<string | undefined>;
}

export class FindingsTree implements vscode.TreeDataProvider<FindingsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FindingsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly deps: FindingsTreeDeps) {
    this.subscription = deps.store.onDidChange(() => this.changed.fire(undefined));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: FindingsNode): Promise<FindingsNode[]> {
    return issueFindingsNodes(await this.children(node));
  }

  private async children(node?: FindingsNode): Promise<FindingsNode[]> {
    if (!node) {
      if (await this.deps.welcome?.().catch(() => undefined)) return [];
      return this.deps.profiles().map((profile) => ({ kind: 'findingsProfile', profile }));
    }
    switch (node.kind) {
      case 'findingsProfile':
        return this.profileChildren(node.profile);
      case 'severity': {
        const byCheck = new Map<string, Finding[]>();
        for (const f of node.findings) (byCheck.get(f.check) ?? byCheck.set(f.check, []).get(f.check))?.push(f);
        return [...byCheck].map(([check, findings]) => ({
          kind: 'check',
          profile: node.profile,
          check,
          findings,
          accountId: node.accountId,
        }));
      }
      case 'check':
        return node.findings.map((finding) => ({
          kind: 'finding',
          profile: node.profile,
          accountId: node.accountId,
          finding,
        }));
      case 'suppressedFolder':
        return node.items.map(({ finding, suppression }) => ({
          kind: 'finding',
          profile: node.profile,
          accountId: node.accountId,
          finding,
          suppression,
        }));
      case 'skippedFolder':
        return node.skipped.map((skipped) => ({ kind: 'skipped', profile: node.profile, skipped }));
      default:
        return [];
    }
  }

  /** Loads (with progress in the view) and groups one profile's findings; a failure is a node. */
  private async profileChildren(profile: string): Promise<FindingsNode[]> {
    let loaded: ProfileFindings;
    try {
      const pending = this.deps.store.peek(profile);
      loaded =
        (await pending) ??
        (await vscode.window.withProgress(
          {
            location: { viewId: 'iamExplorer.findings' },
            title: `Checking ${this.deps.root?.(profile).label ?? profile}`,
          },
          () => this.deps.store.load(profile),
        ));
    } catch (err) {
      return [
        {
          kind: 'findingsMessage',
          profile,
          text: 'Could not check this account',
          detail: describeAwsError(err),
          error: true,
        },
      ];
    }
    const { shown, suppressed } = this.deps.store.view(loaded);
    const out: FindingsNode[] = [];
    for (const severity of SEVERITIES) {
      const findings = shown.filter((f) => f.severity === severity);
      if (findings.length) out.push({ kind: 'severity', profile, severity, findings, accountId: loaded.accountId });
    }
    if (!shown.length) out.push({ kind: 'findingsMessage', profile, text: 'No findings', error: false });
    if (suppressed.length)
      out.push({ kind: 'suppressedFolder', profile, accountId: loaded.accountId, items: suppressed });
    if (loaded.result.skipped.length) out.push({ kind: 'skippedFolder', profile, skipped: loaded.result.skipped });
    return out;
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'findingsProfile': {
        const root = this.deps.root?.(node.profile);
        const item = new vscode.TreeItem(root?.label ?? node.profile, Collapsed);
        if (root?.description) item.description = root.description;
        item.id = `findings:${node.profile}`;
        // Once checked: how many findings it shows (suppressed ones left out), as the status bar counts them.
        const loaded = this.deps.store.loaded(node.profile);
        if (loaded) {
          const shown = this.deps.store.view(loaded).shown.length;
          item.description = [root?.description, counted(shown, 'finding')].filter(Boolean).join(' · ');
          item.tooltip = `Account ${loaded.accountId}: ${counted(shown, 'finding')}`;
        }
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = 'findingsProfile';
        return item;
      }
      case 'severity': {
        const item = new vscode.TreeItem(
          node.severity.charAt(0).toUpperCase() + node.severity.slice(1),
          vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = `findings:${node.profile}:${node.severity}`;
        item.description = String(node.findings.length);
        item.iconPath = SEVERITY_ICONS[node.severity];
        item.contextValue = 'findingsSeverity';
        return item;
      }
      case 'check': {
        // The check's own title and rule: the first finding's text described one entity, not the check,
        // and a string tooltip is also what a screen reader read for the row.
        const check = checkById(node.check);
        const count = node.findings.length;
        const item = new vscode.TreeItem(node.check, Collapsed);
        item.id = `findings:${node.profile}:check:${node.check}`;
        item.description = check ? `${count} · ${check.title}` : String(count);
        const tip = new vscode.MarkdownString(undefined, false);
        tip.isTrusted = false;
        tip.supportHtml = false;
        tip.appendText(check ? `${check.title} (${node.check})\n\n${check.rule}` : node.check);
        item.tooltip = tip;
        item.accessibilityInformation = {
          label: `${node.check}${check ? `, ${check.title}` : ''}, ${count} finding${count === 1 ? '' : 's'}`,
        };
        item.contextValue = 'findingsCheck';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.entityName, vscode.TreeItemCollapsibleState.None);
        item.id = `findings:${node.profile}:${node.suppression ? 'suppressed:' : ''}${findingKey(f)}`;
        item.description = node.suppression ? `${f.check} — suppressed: ${node.suppression.reason}` : f.detail;
        const tip = new vscode.MarkdownString(undefined, false);
        tip.isTrusted = false;
        tip.supportHtml = false;
        tip.appendText(`${f.check} (${f.severity})\n\n${f.detail}\n\n${f.entity}\n`);
        if (node.suppression)
          tip.appendText(`\nSuppressed ${node.suppression.suppressedAt.slice(0, 10)}: ${node.suppression.reason}\n`);
        tip.appendCodeblock(JSON.stringify(f.evidence, null, 2), 'json');
        item.tooltip = tip;
        item.iconPath = SEVERITY_ICONS[f.severity];
        item.contextValue =
          `finding;${node.suppression ? 'suppressed' : 'shown'}` +
          `${EXPLORER_ENTITY_TYPES.has(f.entityType) ? ';entity' : ''}` +
          `${fixOf(f) && !node.suppression ? ';fixable' : ''}`;
        return item;
      }
      case 'suppressedFolder': {
        const item = new vscode.TreeItem('Suppressed', Collapsed);
        item.id = `findings:${node.profile}:suppressed`;
        item.description = String(node.items.length);
        item.iconPath = new vscode.ThemeIcon('eye-closed');
        item.contextValue = 'findingsSuppressed';
        return item;
      }
      case 'skippedFolder': {
        const item = new vscode.TreeItem('Skipped checks', Collapsed);
        item.id = `findings:${node.profile}:skipped`;
        item.description = String(node.skipped.length);
        item.iconPath = new vscode.ThemeIcon('debug-step-over');
        item.contextValue = 'findingsSkipped';
        return item;
      }
      case 'skipped': {
        const item = new vscode.TreeItem(node.skipped.check, vscode.TreeItemCollapsibleState.None);
        item.description = node.skipped.reason;
        item.tooltip = node.skipped.reason;
        item.contextValue = 'findingsSkippedCheck';
        return item;
      }
      case 'findingsMessage': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.description = node.detail;
        item.tooltip = node.detail;
        item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'pass');
        item.contextValue = node.error ? 'findingsError' : 'findingsEmpty';
        return item;
      }
    }
  }
}

/** Status bar text for the loaded profiles' shown findings. */
export function findingsStatus(counts: Record<Severity, number>): { text: string; tooltip: string } {
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  const worst = counts.critical + counts.high;
  return {
    text: `$(${worst ? 'warning' : 'shield'}) ${total} finding${total === 1 ? '' : 's'}`,
    tooltip: `IAM findings: ${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')} — click to show`,
  };
}
