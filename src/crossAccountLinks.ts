import type { Connections } from './aws/connections';
import { assumableFrom, canAssume } from './core/model/crossAccount';
import type { AccountSnapshot } from './core/model/snapshot';
import type { Log } from './log';
import type { Snapshots } from './snapshots';

export interface CrossAccountDeps {
  readonly connections: Connections;
  readonly snapshots: Snapshots;
  readonly log: Log;
  /** Roots whose account answered (profiles and accounts added from SSO). */
  loadedProfiles(): string[];
  /** A root's name for the user (an SSO account's name, or the profile). */
  rootName(profile: string): string;
}

/**
 * "Assumable from" and "Can assume" of one user or role: the snapshot of every loaded account
 * (loaded in the background where missing; an account whose snapshot cannot be loaded is left
 * out and logged), then src/core/model/crossAccount decides with the evaluation engine.
 */
export async function crossAccountLinks(
  deps: CrossAccountDeps,
  profile: string,
  entity: { readonly type: 'user' | 'group' | 'role' | 'policy'; readonly name: string; readonly arn: string },
  which: 'assumableFrom' | 'canAssume',
): Promise<{ label: string; description: string; arn: string }[]> {
  const profiles = [...new Set([profile, ...deps.loadedProfiles()])];
  const loaded = await Promise.all(
    profiles.map(async (p) => {
      try {
        const connection = await deps.connections.get(p);
        if (!connection.model.snapshot()) await deps.snapshots.load(p, { connection, foreground: false });
        return { profile: p, snapshot: connection.model.snapshot() };
      } catch (error) {
        deps.log.warn(`cross-account trust: the snapshot of ${deps.rootName(p)} could not be loaded: ${String(error)}`);
        return { profile: p, snapshot: undefined };
      }
    }),
  );
  const mine = loaded.find((l) => l.profile === profile)?.snapshot;
  if (!mine)
    throw new Error(
      `The account snapshot of ${deps.rootName(profile)} could not be loaded (it needs ` +
        `iam:GetAccountAuthorizationDetails); see the log.`,
    );
  // One snapshot per account (a profile and an SSO account may reach the same one), named
  // preferably by an account added from SSO, which has the account's own name.
  const byAccount = new Map<string, { profile: string; snapshot: AccountSnapshot }>();
  const fromSsoFirst = [...loaded].sort(
    (a, b) => Number(deps.rootName(b.profile) !== b.profile) - Number(deps.rootName(a.profile) !== a.profile),
  );
  for (const l of fromSsoFirst)
    if (l.snapshot && !byAccount.has(l.snapshot.accountId))
      byAccount.set(l.snapshot.accountId, { profile: l.profile, snapshot: l.snapshot });
  const all = [...byAccount.values()].map((x) => x.snapshot);
  const nameOf = (accountId: string) => {
    const found = byAccount.get(accountId);
    return found ? deps.rootName(found.profile) : accountId;
  };
  const find = (s: AccountSnapshot) =>
    entity.type === 'role' ? s.roles.find((r) => r.arn === entity.arn) : s.users.find((u) => u.arn === entity.arn);
  const principal = find(mine);
  if (!principal)
    throw new Error(
      `${entity.name} is not in the account snapshot of ${deps.rootName(profile)}; renew it with IAM: Load ` +
        `Account Snapshot, then Refresh.`,
    );
  if (which === 'assumableFrom') {
    if (principal.kind !== 'role') return [];
    return assumableFrom(mine, principal, all).map((l) => ({
      label: l.principal.name,
      description: `${nameOf(l.principalAccountId)} · ${l.principal.kind}`,
      arn: l.principal.arn,
    }));
  }
  return canAssume(mine, principal, all).map((l) => ({
    label: l.role.name,
    description: `${nameOf(l.roleAccountId)} · role`,
    arn: l.role.arn,
  }));
}

/** The dependencies from the extension's services. */
export function crossAccountDeps(services: {
  connections: Connections;
  snapshots: Snapshots;
  log: Log;
  tree: { loadedProfiles(): string[]; rootName(profile: string): string };
}): CrossAccountDeps {
  return {
    connections: services.connections,
    snapshots: services.snapshots,
    log: services.log,
    loadedProfiles: () => services.tree.loadedProfiles(),
    rootName: (p) => services.tree.rootName(p),
  };
}
