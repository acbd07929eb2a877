/**
 * The findings of each shown profile: loaded on demand (the credential report and the
 * snapshot are real IAM work), kept until a refresh, with the user's suppressions applied.
 * No vscode import: the view and the commands read it; storage is injected.
 */
import { applySuppressions, findingKey, suppressionFor, type Suppression } from '../core/findings/suppress';
import {
  runChecks,
  type Finding,
  type FindingsResult,
  type FindingsSettings,
  type ServiceLastAccessed,
} from '../core/findings/index';
import type { Connection } from './connections';
import { loadAccessAdvisor, loadFindingsData, type FindingsData } from './findingsData';

/** Where suppressions live (VS Code's globalState, or a map in tests). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface ProfileFindings {
  readonly profile: string;
  readonly accountId: string;
  readonly result: FindingsResult;
  readonly loadedAt: Date;
  readonly credentialReportGenerated?: Date;
  /** What the checks ran over, so Access Advisor data can be added later. */
  readonly data: FindingsData;
}

export interface FindingsView {
  readonly shown: readonly Finding[];
  readonly suppressed: ReadonlyArray<{ finding: Finding; suppression: Suppression }>;
}

export interface FindingsStoreDeps {
  connection(profile: string): Promise<Connection>;
  settings(): FindingsSettings;
  storage: KeyValueStore;
  now?: () => Date;
}

const storageKey = (accountId: string) => `iamExplorer.findings.suppressions.${accountId}`;

export class FindingsStore {
  private readonly loads = new Map<string, Promise<ProfileFindings>>();
  /** The finished loads, for what must answer at once (a tree item's description). */
  private readonly finished = new Map<string, ProfileFindings>();
  private readonly listeners = new Set<(profile: string | undefined) => void>();
  /** Findings fixed in this session, by profile and finding key, with when. */
  private readonly fixed = new Map<string, Date>();

  constructor(private readonly deps: FindingsStoreDeps) {}

  onDidChange(listener: (profile: string | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(profile: string | undefined): void {
    for (const l of this.listeners) l(profile);
  }

  /** The profile's findings, loading them once (concurrent callers share the load). */
  load(profile: string, signal?: AbortSignal, onProgress?: (message: string) => void): Promise<ProfileFindings> {
    let pending = this.loads.get(profile);
    if (!pending) {
      const started = this.fetch(profile, signal, onProgress);
      pending = started;
      this.loads.set(profile, started);
      // Listeners (the view, the status bar, the badges) learn of a finished load; a failed
      // one is forgotten so the next expand tries again.
      started.then(
        (loaded) => {
          if (this.loads.get(profile) !== started) return;
          this.finished.set(profile, loaded);
          this.fire(profile);
        },
        () => {
          if (this.loads.get(profile) === started) this.loads.delete(profile);
        },
      );
    }
    return pending;
  }

  /** Loaded already? (The status bar counts only what is loaded.) */
  peek(profile: string): Promise<ProfileFindings> | undefined {
    return this.loads.get(profile);
  }

  /** The profile's findings if a load has finished (and not been forgotten since), else undefined. */
  loaded(profile: string): ProfileFindings | undefined {
    return this.finished.get(profile);
  }

  /** Forget one profile's findings (or all); the next load reads IAM again. */
  forget(profile?: string): void {
    if (profile === undefined) {
      this.loads.clear();
      this.finished.clear();
    } else {
      this.loads.delete(profile);
      this.finished.delete(profile);
    }
    this.fire(profile);
  }

  private async fetch(
    profile: string,
    signal?: AbortSignal,
    onProgress?: (message: string) => void,
  ): Promise<ProfileFindings> {
    const { iam, sts, model } = await this.deps.connection(profile);
    // The account model's snapshot (with the mutations reported since) when it has one.
    const data = await loadFindingsData(iam, sts, { signal, onProgress, snapshot: model.snapshot() });
    const now = this.deps.now?.() ?? new Date();
    const result = runChecks({ ...data, now, settings: this.deps.settings() });
    return {
      profile,
      accountId: data.accountId,
      result,
      loadedAt: now,
      credentialReportGenerated: data.credentialReportGenerated,
      data,
    };
  }

  /**
   * Runs Access Advisor for some of the profile's users and roles (by ARN; all when omitted),
   * adds what it reports to the loaded data and checks again.
   */
  async accessAdvisor(
    profile: string,
    arns: readonly string[] | undefined,
    signal?: AbortSignal,
    onProgress: (message: string) => void = () => undefined,
  ): Promise<ProfileFindings> {
    const loaded = await this.load(profile, signal, onProgress);
    const cached = this.loads.get(profile);
    const snapshot = loaded.data.snapshot;
    if (!snapshot)
      throw new Error(
        `Access Advisor needs the account's users and roles, which could not be read: ` +
          `${loaded.data.unavailable?.snapshot ?? 'not loaded'}.`,
      );
    const principals = [...snapshot.users, ...snapshot.roles].filter((p) => !arns || arns.includes(p.arn));
    if (!principals.length) throw new Error(`None of ${arns?.join(', ')} is a user or role of ${profile}.`);
    const { iam } = await this.deps.connection(profile);
    const found = await loadAccessAdvisor(iam, principals, { signal, progress: onProgress });
    const merged = new Map<string, readonly ServiceLastAccessed[]>(loaded.data.serviceLastAccessed ?? []);
    for (const [arn, services] of found) merged.set(arn, services);
    const { serviceLastAccessed: _old, ...rest } = loaded.data.unavailable ?? {};
    const data: FindingsData = { ...loaded.data, serviceLastAccessed: merged, unavailable: rest };
    const now = this.deps.now?.() ?? new Date();
    const next: ProfileFindings = {
      ...loaded,
      data,
      result: runChecks({ ...data, now, settings: this.deps.settings() }),
    };
    // Replace the cached load only if nobody refreshed meanwhile.
    if (this.loads.get(profile) === cached) this.loads.set(profile, Promise.resolve(next));
    this.fire(profile);
    return next;
  }

  suppressions(accountId: string): Suppression[] {
    return this.deps.storage.get<Suppression[]>(storageKey(accountId)) ?? [];
  }

  /**
   * The findings to show and the suppressed ones. A finding fixed after its data was read
   * stays hidden: IAM hands out the same credential report for four hours, so a key fixed
   * now would otherwise come back on the next check.
   */
  view(loaded: ProfileFindings): FindingsView {
    const readAt = loaded.credentialReportGenerated ?? loaded.loadedAt;
    const current = loaded.result.findings.filter((f) => {
      const fixedAt = this.fixed.get(`${loaded.profile}|${findingKey(f)}`);
      return !fixedAt || fixedAt <= readAt || !f.check.startsWith('IAM.KEYS.');
    });
    return applySuppressions(current, this.suppressions(loaded.accountId));
  }

  /** After a fix: hide the finding until data read after the fix says otherwise. */
  markFixed(profile: string, finding: Finding): void {
    this.fixed.set(`${profile}|${findingKey(finding)}`, this.deps.now?.() ?? new Date());
    this.fire(profile);
  }

  async suppress(accountId: string, finding: Finding, reason: string): Promise<Suppression> {
    const s = suppressionFor(finding, reason, this.deps.now?.() ?? new Date());
    const others = this.suppressions(accountId).filter((x) => x.key !== s.key);
    await this.deps.storage.update(storageKey(accountId), [...others, s]);
    this.fire(undefined);
    return s;
  }

  async unsuppress(accountId: string, finding: Finding): Promise<boolean> {
    const list = this.suppressions(accountId);
    const key = findingKey(finding);
    const rest = list.filter((x) => x.key !== key);
    if (rest.length === list.length) return false;
    await this.deps.storage.update(storageKey(accountId), rest);
    this.fire(undefined);
    return true;
  }
}
