// Shared by the findings commands: the finding a command acts on, from the view's node or,
// from the palette, a quick pick over a profile's findings.
import * as vscode from 'vscode';
import type { ProfileFindings } from '../aws/findingsStore';
import type { Finding } from '../core/findings/index';
import type { Suppression } from '../core/findings/suppress';
import type { Services } from '../services';
import type { FindingsNode } from '../tree/findingsTree';
import { pickProfile } from './pickers';
import { Cancelled } from './runCommand';
import { linkSafe } from '../core/iam/untrusted';

export interface FindingTarget {
  readonly profile: string;
  readonly accountId: string;
  readonly finding: Finding;
  readonly suppression?: Suppression;
}

export function isFindingNode(node: unknown): node is Extract<FindingsNode, { kind: 'finding' }> {
  return typeof node === 'object' && node !== null && (node as FindingsNode).kind === 'finding';
}

/** A profile's findings, loading them with a cancellable notification when not loaded yet. */
export async function loadedFindings(services: Services, profile: string): Promise<ProfileFindings> {
  const pending = services.findingsStore.peek(profile);
  if (pending) return pending;
  return Promise.resolve(
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: linkSafe(`Checking ${services.tree.rootName(profile)}`),
        cancellable: true,
      },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort(new Cancelled()));
        return services.findingsStore.load(profile, controller.signal, (message) =>
          progress.report({ message: linkSafe(message) }),
        );
      },
    ),
  );
}

/** The node's finding, or one the user picks (shown ones, or with `suppressed` the suppressed ones). */
export async function findingTarget(services: Services, arg: unknown, suppressed: boolean): Promise<FindingTarget> {
  if (isFindingNode(arg))
    return { profile: arg.profile, accountId: arg.accountId, finding: arg.finding, suppression: arg.suppression };
  const profile = await pickProfile(services);
  const loaded = await loadedFindings(services, profile);
  const view = services.findingsStore.view(loaded);
  const items: Array<{
    label: string;
    description: string;
    detail: string;
    finding: Finding;
    suppression: Suppression | undefined;
  }> = suppressed
    ? view.suppressed.map(({ finding, suppression }) => ({
        label: finding.entityName,
        description: finding.check,
        detail: `suppressed: ${suppression.reason}`,
        finding,
        suppression,
      }))
    : view.shown.map((finding) => ({
        label: finding.entityName,
        description: `${finding.severity} · ${finding.check}`,
        detail: finding.detail,
        finding,
        suppression: undefined,
      }));
  if (!items.length)
    throw new Error(suppressed ? `No suppressed findings for ${profile}.` : `No findings for ${profile}.`);
  const picked = await services.ui.showQuickPick(items, {
    title: suppressed ? 'Restore which finding?' : 'Which finding?',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) throw new Cancelled();
  return { profile, accountId: loaded.accountId, finding: picked.finding, suppression: picked.suppression };
}
