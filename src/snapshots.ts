/**
 * When each profile's account snapshot is loaded, and what the user sees of it: a status bar
 * item, progress that can be cancelled, one notice when the principal may not call
 * GetAccountAuthorizationDetails (then the tree keeps listing folders on expand), and a line
 * for the profile root's tooltip. The loading itself is src/aws/snapshotLoader.ts; the
 * snapshot goes into the profile's account model.
 */
import * as vscode from 'vscode';
import type { Connection } from './aws/connections';
import { retryMessage, type RetryEvents } from './aws/requestEvents';
import { loadAccountSnapshot } from './aws/snapshotLoader';
import type { Ui } from './commands/ui';
import { awsErrorInfo, describeAwsError, missingPermission } from './core/iam/errors';
import type { AccountModel } from './core/model/accountModel';
import type { Log } from './log';

/** `iamExplorer.snapshot`. */
export type SnapshotMode = 'auto' | 'onDemand' | 'off';

export const SNAPSHOT_PERMISSION = 'iam:GetAccountAuthorizationDetails';

export interface SnapshotsDeps {
  connection(profile: string): Promise<Connection>;
  mode(): SnapshotMode;
  ui(): Ui;
  log: Log;
  /** The tooltip line of a profile changed. */
  changed(profile: string): void;
  /** Retries of the profiles' clients (Connections.retries): a load being retried says so. */
  retries?: RetryEvents;
}

type State =
  | {
      readonly status: 'loading';
      readonly abort: AbortController;
      done: Promise<void>;
      pages: number;
      entities: number;
      model?: AccountModel;
      /** The last retry while loading ("Retrying GetAccountAuthorizationDetails, attempt 3 of 10"), until a page. */
      retry?: string;
    }
  | { readonly status: 'loaded'; readonly at: Date; readonly entities: number; readonly pages: number }
  | { readonly status: 'denied'; readonly error: string }
  | { readonly status: 'failed'; readonly error: string };

export class Snapshots implements vscode.Disposable {
  private readonly states = new Map<string, State>();
  /** Profiles already told that the snapshot is denied to them (told once per session). */
  private readonly told = new Set<string>();
  /** Profiles whose snapshot was asked for (onDemand): renewed when their root is refreshed. */
  private readonly wanted = new Set<string>();
  private readonly item: vscode.StatusBarItem;
  private readonly unlisten?: () => void;

  constructor(private readonly deps: SnapshotsDeps) {
    this.item = vscode.window.createStatusBarItem('iamExplorer.snapshot', vscode.StatusBarAlignment.Left, 9);
    this.item.name = 'IAM Explorer Account Snapshot';
    this.item.command = 'iamExplorer.loadSnapshot';
    // A throttled or failing page is retried by the SDK: the status bar's tooltip says so, not only "loading".
    this.unlisten = deps.retries?.listen((e) => {
      const state = e.profile === undefined ? undefined : this.states.get(e.profile);
      if (state?.status !== 'loading') return;
      state.retry = retryMessage(e);
      this.render();
    });
  }

  /** A profile root connected (first time, or after Refresh): load its snapshot when the setting says so. */
  connected(profile: string, connection: Connection): void {
    const mode = this.deps.mode();
    if (mode === 'auto' || (mode === 'onDemand' && this.wanted.has(profile)))
      void this.load(profile, { connection, foreground: false }).catch(() => undefined);
  }

  /** Forgets profiles no longer shown. */
  keepOnly(profiles: readonly string[]): void {
    const shown = new Set(profiles);
    for (const [profile, state] of [...this.states]) {
      if (shown.has(profile)) continue;
      if (state.status === 'loading') state.abort.abort();
      this.states.delete(profile);
    }
    this.render();
  }

  /**
   * Loads (or renews) a profile's snapshot into its model. In the foreground (the command) a
   * cancellable notification shows it and a failure is thrown; in the background the status
   * bar shows it and a failure is logged (AccessDenied: one notice).
   */
  async load(profile: string, options: { connection?: Connection; foreground: boolean }): Promise<void> {
    if (options.foreground) this.wanted.add(profile);
    const current = this.states.get(profile);
    // A load into a model that was replaced meanwhile (new clients after a settings or files change) is dropped.
    const stale =
      current?.status === 'loading' &&
      options.connection !== undefined &&
      current.model !== undefined &&
      current.model !== options.connection.model;
    if (stale) current.abort.abort();
    const running = current?.status === 'loading' && !stale ? current : this.start(profile, options.connection);
    if (!options.foreground) return running.done;
    await this.deps.ui().withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Loading the account snapshot of ${profile}`,
        cancellable: true,
      },
      async (progress, token) => {
        const onCancel = token.onCancellationRequested(() => running.abort.abort());
        // A retry shows at once and stays until the next page arrives.
        const unlisten = this.deps.retries?.listen((e) => {
          if (e.profile === profile) progress.report({ message: retryMessage(e) });
        });
        let shownPages = -1;
        const timer = setInterval(() => {
          if (running.pages === shownPages) return;
          shownPages = running.pages;
          progress.report({ message: `${running.pages} pages, ${running.entities} entities` });
        }, 500);
        try {
          await running.done;
        } finally {
          clearInterval(timer);
          unlisten?.();
          onCancel.dispose();
        }
      },
    );
    const after = this.states.get(profile);
    if (after?.status === 'denied' || after?.status === 'failed') throw new Error(after.error);
  }

  private start(profile: string, known?: Connection): Extract<State, { status: 'loading' }> {
    const abort = new AbortController();
    const state: Extract<State, { status: 'loading' }> = {
      status: 'loading',
      abort,
      done: Promise.resolve(),
      pages: 0,
      entities: 0,
      model: known?.model,
    };
    state.done = (async () => {
      const connection = known ?? (await this.deps.connection(profile));
      state.model = connection.model;
      const { identity } = await connection.model.identity();
      const started = performance.now();
      const result = await loadAccountSnapshot(connection.iam, {
        accountId: identity.account,
        signal: abort.signal,
        onProgress: (p) => {
          state.pages = p.pages;
          state.entities = p.entities;
          state.retry = undefined;
          this.render();
        },
      });
      if (abort.signal.aborted) return;
      connection.model.setSnapshot(result.snapshot);
      const s = result.snapshot;
      const entities = s.users.length + s.groups.length + s.roles.length + s.policies.length;
      this.set(profile, { status: 'loaded', at: s.loadedAt, entities, pages: result.pages });
      this.deps.log.info(
        `account snapshot of ${profile}: ${entities} entities in ${result.pages} pages and ${result.awsPolicies}` +
          ` AWS managed policies, ${(performance.now() - started).toFixed(0)} ms`,
      );
    })().catch((err: unknown) => this.failed(profile, err, abort.signal));
    this.set(profile, state);
    return state;
  }

  private failed(profile: string, err: unknown, signal: AbortSignal): void {
    const now = this.states.get(profile);
    if (now?.status === 'loading' && now.abort.signal !== signal) return; // a newer load took over
    if (signal.aborted || awsErrorInfo(err).code === 'AbortError') {
      this.deps.log.info(`account snapshot of ${profile}: cancelled; folders are listed on expand`);
      this.states.delete(profile);
      this.render();
      this.deps.changed(profile);
      return;
    }
    const permission = missingPermission(err, 'GetAccountAuthorizationDetails');
    if (permission) {
      const error =
        `Access denied: missing permission ${SNAPSHOT_PERMISSION} (${describeAwsError(err)}). Folders are listed ` +
        `when expanded instead.`;
      this.set(profile, { status: 'denied', error });
      this.deps.log.warn(`account snapshot of ${profile}: ${error}`);
      if (!this.told.has(profile)) {
        this.told.add(profile);
        void this.deps
          .ui()
          .showWarningMessage(
            `IAM Explorer: profile ${profile} lacks the permission ${SNAPSHOT_PERMISSION}, so its account ` +
              `snapshot cannot be loaded; folders are listed when expanded instead. Set iamExplorer.snapshot to ` +
              `"off" to stop trying.`,
            {},
          );
      }
      return;
    }
    const error =
      `Could not load the account snapshot: ${describeAwsError(err)}` + `. Folders are listed when expanded instead.`;
    this.set(profile, { status: 'failed', error });
    this.deps.log.warn(`account snapshot of ${profile}: ${error}`);
  }

  private set(profile: string, state: State): void {
    this.states.set(profile, state);
    this.render();
    this.deps.changed(profile);
  }

  /** The line for a profile root's tooltip. */
  note(profile: string, now = new Date()): string | undefined {
    const s = this.states.get(profile);
    switch (s?.status) {
      case undefined:
        return this.deps.mode() === 'off'
          ? 'off (iamExplorer.snapshot)'
          : 'not loaded: IAM: Load Account Snapshot loads it';
      case 'loading':
        return `loading (${s.pages} pages so far${s.retry ? `; ${s.retry}` : ''})`;
      case 'loaded':
        return `${s.entities} entities, loaded ${age(s.at, now)} (${s.at.toLocaleTimeString()}); Refresh renews it`;
      case 'denied':
      case 'failed':
        return s.error;
    }
  }

  private render(): void {
    const entries = [...this.states];
    if (entries.length === 0) {
      this.item.hide();
      return;
    }
    const loading = entries.filter(([, s]) => s.status === 'loading');
    this.item.text = loading.length
      ? `$(sync~spin) IAM snapshot ${loading.map(([p]) => p).join(', ')}`
      : '$(database) IAM snapshot';
    const now = new Date();
    this.item.tooltip = entries.map(([p]) => `${p}: ${this.note(p, now) ?? ''}`).join('\n');
    this.item.show();
  }

  dispose(): void {
    this.unlisten?.();
    for (const s of this.states.values()) if (s.status === 'loading') s.abort.abort();
    this.item.dispose();
  }
}

function age(at: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.round(m / 60)} h ago`;
}
