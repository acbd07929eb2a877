/**
 * Badges on the explorer's users, groups, roles and policies for their findings: the count
 * of shown (not suppressed) findings and the worst severity's colour, once the profile has
 * been checked. The explorer's entity items carry `entityUri(profile, arn)` as resourceUri.
 */
import * as vscode from 'vscode';
import type { FindingsStore, ProfileFindings } from '../aws/findingsStore';
import { severityRank, type Finding } from '../core/findings/index';

export const ENTITY_URI_SCHEME = 'iam-entity';

export function entityUri(profile: string, arn: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: ENTITY_URI_SCHEME,
    path: `/${encodeURIComponent(arn)}`,
    query: encodeURIComponent(profile),
  });
}

const COLORS = {
  critical: new vscode.ThemeColor('list.errorForeground'),
  high: new vscode.ThemeColor('list.errorForeground'),
  medium: new vscode.ThemeColor('list.warningForeground'),
  low: undefined,
} as const;

export class FindingsDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly subscription: { dispose(): void };
  /** Findings by entity ARN, per loaded result (rebuilt when suppressions change). */
  private byEntity = new WeakMap<ProfileFindings, Map<string, Finding[]>>();

  constructor(private readonly store: FindingsStore) {
    this.subscription = store.onDidChange(() => {
      this.byEntity = new WeakMap();
      this.changed.fire(undefined);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  async provideFileDecoration(uri: vscode.Uri): Promise<vscode.FileDecoration | undefined> {
    if (uri.scheme !== ENTITY_URI_SCHEME) return undefined;
    const profile = decodeURIComponent(uri.query);
    const arn = decodeURIComponent(uri.path.slice(1));
    const loaded = await this.store.peek(profile)?.catch(() => undefined);
    if (!loaded) return undefined;
    let index = this.byEntity.get(loaded);
    if (!index) {
      index = new Map();
      for (const f of this.store.view(loaded).shown)
        (index.get(f.entity) ?? index.set(f.entity, []).get(f.entity))?.push(f);
      this.byEntity.set(loaded, index);
    }
    const findings = index.get(arn);
    if (!findings?.length) return undefined;
    const worst = [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0] as Finding;
    const decoration = new vscode.FileDecoration(
      findings.length > 9 ? '9+' : String(findings.length),
      `${findings.length} IAM finding${findings.length === 1 ? '' : 's'} (worst: ${worst.severity}): ` +
        `${findings.map((f) => f.check).join(', ')}`,
      COLORS[worst.severity],
    );
    return decoration;
  }
}
