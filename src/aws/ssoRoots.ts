import type * as vscode from 'vscode';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { SsoSource, SsoSourceRef } from '../core/sso';
import { openSsoSession, type SsoSession } from './sso';

/** An account and role the user added from an SSO sign-in: one root of the tree. */
export interface SsoAccountChoice {
  readonly accountId: string;
  readonly accountName: string;
  readonly roleName: string;
}

/** One sign-in's chosen accounts, as kept in the workspace state. */
export interface SsoSessionChoice {
  readonly source: SsoSourceRef;
  readonly accounts: readonly SsoAccountChoice[];
}

/** One SSO sign-in's accounts: `key` identifies the group, each root's `profile` is its key for connections. */
export interface SsoGroup {
  readonly key: string;
  readonly label: string;
  readonly loginArgs: readonly string[];
  readonly roots: readonly {
    readonly profile: string;
    readonly accountName: string;
    readonly accountId: string;
    readonly roleName: string;
  }[];
}

const STATE_KEY = 'iamExplorer.ssoAccounts';
const PREFIX = 'sso:';

/** `sso-session corp` or `profile dev`, for labels. */
export function sourceLabel(ref: SsoSourceRef): string {
  return 'ssoSession' in ref ? `sso-session ${ref.ssoSession}` : `profile ${ref.profile}`;
}

/** `111122223333 · ReadOnly`: how an account added from SSO is described beside its name, everywhere. */
export function accountAndRole(a: { readonly accountId: string; readonly roleName: string }): string {
  return `${a.accountId} · ${a.roleName}`;
}

/** The key of a sign-in's group (its node's `profile`). */
export function sourceKey(ref: SsoSourceRef): string {
  return 'ssoSession' in ref
    ? `session:${encodeURIComponent(ref.ssoSession)}`
    : `profile:${encodeURIComponent(ref.profile)}`;
}

/**
 * The tree's key of an SSO root (it stands where a profile name stands): never a valid profile name, since `:` cannot
 * start one here.
 */
export function ssoRootKey(ref: SsoSourceRef, accountId: string, roleName: string): string {
  return `${PREFIX}${sourceKey(ref)}:${accountId}:${encodeURIComponent(roleName)}`;
}

export function isSsoRootKey(profile: string): boolean {
  return profile.startsWith(PREFIX);
}

/** What is kept, read defensively: the workspace state may hold anything an older version wrote. */
function parseChoices(value: unknown): SsoSessionChoice[] {
  if (!Array.isArray(value)) return [];
  const out: SsoSessionChoice[] = [];
  for (const raw of value) {
    const r = raw as { source?: { ssoSession?: unknown; profile?: unknown }; accounts?: unknown };
    const source: SsoSourceRef | undefined =
      typeof r?.source?.ssoSession === 'string'
        ? { ssoSession: r.source.ssoSession }
        : typeof r?.source?.profile === 'string'
          ? { profile: r.source.profile }
          : undefined;
    if (!source || !Array.isArray(r.accounts)) continue;
    const accounts = (r.accounts as unknown[]).flatMap((a) => {
      const x = a as Partial<SsoAccountChoice>;
      return typeof x?.accountId === 'string' &&
        /^\d{12}$/.test(x.accountId) &&
        typeof x.roleName === 'string' &&
        typeof x.accountName === 'string'
        ? [{ accountId: x.accountId, accountName: x.accountName, roleName: x.roleName }]
        : [];
    });
    out.push({ source, accounts });
  }
  return out;
}

/**
 * The SSO accounts shown in the tree, grouped by sign-in, kept in the workspace state so the
 * choice survives a reload; and the open sign-ins their roots take credentials from.
 */
export class SsoRoots {
  private readonly sessions = new Map<string, Promise<SsoSession>>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly options: () => { endpoint: string; requestTimeoutMs: number },
  ) {}

  choices(): SsoSessionChoice[] {
    return parseChoices(this.state.get(STATE_KEY));
  }

  /** The groups as the tree shows them: a node per sign-in, a root per account and role. */
  treeGroups(): SsoGroup[] {
    return this.choices().map((c) => ({
      key: sourceKey(c.source),
      label: sourceLabel(c.source),
      loginArgs: 'ssoSession' in c.source ? ['--sso-session', c.source.ssoSession] : ['--profile', c.source.profile],
      roots: c.accounts.map((a) => ({ profile: ssoRootKey(c.source, a.accountId, a.roleName), ...a })),
    }));
  }

  /** The account and role a root key stands for, with its sign-in. */
  root(key: string): (SsoAccountChoice & { source: SsoSourceRef }) | undefined {
    for (const c of this.choices()) {
      for (const a of c.accounts)
        if (ssoRootKey(c.source, a.accountId, a.roleName) === key) return { ...a, source: c.source };
    }
    return undefined;
  }

  /** How many accounts the sign-in of a group reaches that were not added. */
  async moreAccounts(groupKey: string): Promise<number> {
    const choice = this.choices().find((c) => sourceKey(c.source) === groupKey);
    if (!choice) return 0;
    const accounts = await (await this.session(choice.source)).listAccountInfos();
    const added = new Set(choice.accounts.map((a) => a.accountId));
    return accounts.filter((a) => !added.has(a.accountId)).length;
  }

  /** The sign-in of a group key (an SSO session node's `profile`). */
  sourceOf(groupKey: string): SsoSourceRef | undefined {
    return this.choices().find((c) => sourceKey(c.source) === groupKey)?.source;
  }

  /** Adds accounts to a sign-in's group (an account and role already there stays once). */
  async add(source: SsoSourceRef, accounts: readonly SsoAccountChoice[]): Promise<void> {
    const all = this.choices();
    const key = sourceKey(source);
    const existing = all.find((c) => sourceKey(c.source) === key);
    const merged = [...(existing?.accounts ?? [])];
    for (const a of accounts)
      if (!merged.some((m) => m.accountId === a.accountId && m.roleName === a.roleName)) merged.push(a);
    const next = existing
      ? all.map((c) => (c === existing ? { source, accounts: merged } : c))
      : [...all, { source, accounts: merged }];
    await this.state.update(STATE_KEY, next);
  }

  /** Removes root keys from the view (a sign-in left with no account disappears). Nothing changes in AWS. */
  async remove(keys: readonly string[]): Promise<number> {
    const drop = new Set(keys);
    let removed = 0;
    const next = this.choices()
      .map((c) => {
        const accounts = c.accounts.filter((a) => !drop.has(ssoRootKey(c.source, a.accountId, a.roleName)));
        removed += c.accounts.length - accounts.length;
        return { source: c.source, accounts };
      })
      .filter((c) => c.accounts.length > 0);
    await this.state.update(STATE_KEY, next);
    return removed;
  }

  /** The open sign-in of a source (read from the config file once, until `invalidate`). */
  session(source: SsoSourceRef): Promise<SsoSession> {
    const key = sourceKey(source);
    let s = this.sessions.get(key);
    if (!s) {
      const { endpoint, requestTimeoutMs } = this.options();
      s = openSsoSession(source, { endpoint: endpoint || undefined, requestTimeoutMs });
      this.sessions.set(key, s);
      s.catch(() => this.sessions.delete(key));
    }
    return s;
  }

  /** Credentials, region and the profile naming the sign-in, for a root's connection. */
  async connectionSource(
    key: string,
  ): Promise<{ credentials: AwsCredentialIdentityProvider; source: SsoSource } | undefined> {
    const root = this.root(key);
    if (!root) return undefined;
    const session = await this.session(root.source);
    return { credentials: session.credentials(root.accountId, root.roleName), source: session.source };
  }

  /** Drops the open sign-ins (the config file or the settings changed). */
  invalidate(): void {
    for (const s of this.sessions.values())
      void s.then(
        (x) => x.destroy(),
        () => undefined,
      );
    this.sessions.clear();
  }
}
