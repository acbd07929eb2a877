import { awsErrorInfo } from '../iam/errors';
import { Limiter } from '../iam/paging';
import { SsoError } from './errors';
import type { SsoSource } from './source';

/** `iamExplorer.maxConcurrentAccounts`' default: accounts loading at once. */
export const DEFAULT_MAX_CONCURRENT_ACCOUNTS = 4;
/** The portal's largest page (ListAccounts, ListAccountRoles: maxResults 1 to 100). */
export const SSO_MAX_RESULTS = 100;

export interface SsoAccountInfo {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress?: string;
}

/** The portal calls the listing needs, one page each: src/aws/sso.ts puts client-sso behind it. */
export interface SsoPortalPort {
  /** `signal` aborts the request in flight. */
  listAccounts(
    accessToken: string,
    nextToken: string | undefined,
    signal?: AbortSignal,
  ): Promise<{ accounts: SsoAccountInfo[]; nextToken?: string }>;
  listAccountRoles(
    accessToken: string,
    accountId: string,
    nextToken: string | undefined,
    signal?: AbortSignal,
  ): Promise<{ roles: string[]; nextToken?: string }>;
}

/** An account and the role names the signed-in user may take in it, or why they could not be listed. */
export interface SsoAccountRoles extends SsoAccountInfo {
  readonly roles: readonly string[];
  /** Set when ListAccountRoles failed for this account alone (the others are still listed). */
  readonly error?: unknown;
}

export interface ListOptions {
  /** Accounts whose roles are listed at once (default 4). */
  readonly maxConcurrent?: number;
  readonly signal?: AbortSignal;
  /** Called once the account list is known, then after each account's roles. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Follows nextToken until the last page; a token the portal already gave is an error, not a loop. */
async function allPages<T>(
  fetch: (token: string | undefined) => Promise<{ items: T[]; nextToken?: string }>,
  what: string,
  signal?: AbortSignal,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const page = await fetch(token);
    all.push(...page.items);
    if (!page.nextToken) return all;
    if (seen.has(page.nextToken))
      throw new Error(
        `The IAM Identity Center portal returned the same nextToken twice while listing ${what}; the listing ` +
          `stopped there.`,
      );
    seen.add(page.nextToken);
    token = page.nextToken;
  }
}

/** Every account of the sign-in, in the portal's order (one page walk). */
export function listSsoAccountInfos(
  port: SsoPortalPort,
  accessToken: string,
  signal?: AbortSignal,
): Promise<SsoAccountInfo[]> {
  return allPages(
    async (t) => {
      const page = await port.listAccounts(accessToken, t, signal);
      return { items: page.accounts, nextToken: page.nextToken };
    },
    'accounts',
    signal,
  );
}

/** The role names of one account (its permission sets), every page. */
export function listSsoAccountRoles(
  port: SsoPortalPort,
  accessToken: string,
  accountId: string,
  signal?: AbortSignal,
): Promise<string[]> {
  return allPages(
    async (t) => {
      const page = await port.listAccountRoles(accessToken, accountId, t, signal);
      return { items: page.roles, nextToken: page.nextToken };
    },
    `the roles of account ${accountId}`,
    signal,
  );
}

/**
 * Lists the accounts, then each account's roles with at most `maxConcurrent` accounts in
 * flight. A failure for one account is kept on that account; an UnauthorizedException
 * (the token was revoked or expired meanwhile) ends the listing with the login hint.
 */
export async function listSsoAccounts(
  port: SsoPortalPort,
  accessToken: string,
  source: Pick<SsoSource, 'label' | 'loginArgs'>,
  options: ListOptions = {},
): Promise<SsoAccountRoles[]> {
  const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_ACCOUNTS;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
    throw new RangeError(`maxConcurrentAccounts must be a whole number of at least 1, not ${maxConcurrent}.`);
  const unauthorized = (error: unknown): never => {
    if (awsErrorInfo(error).code === 'UnauthorizedException') {
      throw new SsoError(
        'expired',
        `IAM Identity Center refused the cached token for ${source.label} (UnauthorizedException): it expired ` +
          `or was signed out. Run "aws sso login ${source.loginArgs.join(' ')}".`,
        source.loginArgs,
      );
    }
    throw error;
  };
  const accounts = await listSsoAccountInfos(port, accessToken, options.signal).catch(unauthorized);
  const limiter = new Limiter(maxConcurrent);
  let done = 0;
  options.onProgress?.(0, accounts.length);
  return Promise.all(
    accounts.map((account) =>
      limiter.run(async (): Promise<SsoAccountRoles> => {
        options.signal?.throwIfAborted();
        let result: SsoAccountRoles;
        try {
          result = {
            ...account,
            roles: await listSsoAccountRoles(port, accessToken, account.accountId, options.signal),
          };
        } catch (error) {
          if (options.signal?.aborted) throw options.signal.reason;
          if (awsErrorInfo(error).code === 'UnauthorizedException') unauthorized(error);
          result = { ...account, roles: [], error };
        }
        options.onProgress?.(++done, accounts.length);
        return result;
      }),
    ),
  );
}

/** Accounts whose name, id or e-mail contains `filter` (case-insensitive); all for an empty filter. */
export function filterAccounts<T extends SsoAccountInfo>(accounts: readonly T[], filter: string): T[] {
  const wanted = filter.trim().toLowerCase();
  if (!wanted) return [...accounts];
  return accounts.filter((a) =>
    [a.accountName, a.accountId, a.emailAddress ?? ''].some((s) => s.toLowerCase().includes(wanted)),
  );
}

/** Role names across the accounts with how many accounts have each, most common first, then by name. */
export function roleCounts(accounts: readonly SsoAccountRoles[]): { roleName: string; accounts: number }[] {
  const counts = new Map<string, number>();
  for (const account of accounts)
    for (const role of new Set(account.roles)) counts.set(role, (counts.get(role) ?? 0) + 1);
  return [...counts]
    .map(([roleName, n]) => ({ roleName, accounts: n }))
    .sort((a, b) => b.accounts - a.accounts || a.roleName.localeCompare(b.roleName));
}

/** One role name for all: the accounts that have it, and those that do not (to say so). */
export function chooseRole(
  accounts: readonly SsoAccountRoles[],
  roleName: string,
): { chosen: { account: SsoAccountRoles; roleName: string }[]; without: SsoAccountRoles[] } {
  const chosen = accounts.filter((a) => a.roles.includes(roleName)).map((account) => ({ account, roleName }));
  const without = accounts.filter((a) => !a.roles.includes(roleName));
  return { chosen, without };
}
