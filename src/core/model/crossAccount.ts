/**
 * Cross-account trust over the snapshots of several loaded accounts (issue 19): for a role,
 * the users and roles of the other accounts that may assume it ("Assumable from"); for a user
 * or role, the roles of the other accounts it may assume ("Can assume"). A cross-account
 * sts:AssumeRole needs both sides: the principal's identity policies (within its boundary)
 * allow it on the role, and the role's trust policy admits the principal. The evaluation
 * engine decides both in one request: the trust policy is the resource policy and the role's
 * account the resource account. The principal's policies are gathered as the engine's
 * Simulate Access and Who Can gather them (gatherPolicies).
 *
 * A trust policy can only admit a principal of account A by naming A (its id, its root, or a
 * user or role ARN in it) or by a wildcard, so a role is evaluated against A's principals only
 * when its trust policy text holds A's id or a `*`; a principal whose policies cannot allow
 * sts:AssumeRole on the role is skipped before any evaluation. Requests carry no context: a trust that
 * asks for MFA, an external id or a source identity is not "may assume" here.
 */
import { gatherPolicies } from '../eval/account';
import { evaluatePrepared, identityMayAllow, preparePolicies, type PreparedPolicies } from '../eval/engine';
import {
  indexSnapshot,
  type AccountSnapshot,
  type RoleDetails,
  type SnapshotIndex,
  type UserDetails,
} from './snapshot';

export type TrustPrincipal = UserDetails | RoleDetails;

/** One principal of one account that may assume one role of another. */
export interface TrustLink {
  readonly principalAccountId: string;
  readonly principal: TrustPrincipal;
  readonly roleAccountId: string;
  readonly role: RoleDetails;
  /**
   * What the principal's side left out (a policy not in the snapshot, an unreadable boundary): the answer may be wrong.
   */
  readonly problems: readonly string[];
}

const ACTION = 'sts:AssumeRole';

/** Per snapshot: its index, each principal's compiled policies and each role's compiled trust, built on first use. */
interface Compiled {
  readonly index: SnapshotIndex;
  readonly principals: Map<string, { prepared: PreparedPolicies; problems: string[] } | null>;
  readonly trusts: Map<string, PreparedPolicies['resource']>;
}
const compiled = new WeakMap<AccountSnapshot, Compiled>();

function compiledOf(snapshot: AccountSnapshot): Compiled {
  let c = compiled.get(snapshot);
  if (!c) compiled.set(snapshot, (c = { index: indexSnapshot(snapshot), principals: new Map(), trusts: new Map() }));
  return c;
}

/** The principal's compiled identity policies and boundary; null when the snapshot does not hold the principal. */
function principalSide(
  account: AccountSnapshot,
  principal: TrustPrincipal,
): { prepared: PreparedPolicies; problems: string[] } | null {
  const c = compiledOf(account);
  if (c.principals.has(principal.arn)) return c.principals.get(principal.arn) ?? null;
  const gathered = gatherPolicies(c.index, principal.arn);
  let side: { prepared: PreparedPolicies; problems: string[] } | null = null;
  if (gathered) {
    const prepared = preparePolicies({
      identityPolicies: gathered.identity.map((s) => s.document.json as Record<string, unknown>),
      permissionsBoundary: gathered.boundary ? (gathered.boundary.document.json as Record<string, unknown>) : null,
    });
    side = { prepared, problems: gathered.problems };
  }
  c.principals.set(principal.arn, side);
  return side;
}

/** The role's trust policy compiled as a resource policy; null when it is not JSON. */
function trustSide(account: AccountSnapshot, role: RoleDetails): PreparedPolicies['resource'] {
  const c = compiledOf(account);
  if (!c.trusts.has(role.arn)) {
    const json = role.trustPolicy.json;
    c.trusts.set(
      role.arn,
      json && typeof json === 'object'
        ? preparePolicies({ identityPolicies: [], resourcePolicy: json as Record<string, unknown> }).resource
        : null,
    );
  }
  return c.trusts.get(role.arn) ?? null;
}

/** Whether a role's trust policy can name anything in `accountId` at all (its id or a wildcard). */
function mayName(role: RoleDetails, accountId: string): boolean {
  return role.trustPolicy.text.includes(accountId) || role.trustPolicy.text.includes('*');
}

function link(
  from: AccountSnapshot,
  principal: TrustPrincipal,
  to: AccountSnapshot,
  role: RoleDetails,
): TrustLink | undefined {
  const side = principalSide(from, principal);
  const trust = trustSide(to, role);
  // A principal whose policies cannot allow sts:AssumeRole on this role is implicitly denied: no evaluation.
  if (!side || !trust || !identityMayAllow(side.prepared, ACTION, role.arn)) return undefined;
  const result = evaluatePrepared(
    { ...side.prepared, resource: trust },
    { principal: principal.arn, action: ACTION, resource: role.arn, resourceAccount: to.accountId },
  );
  if (result.decision !== 'allowed') return undefined;
  return { principalAccountId: from.accountId, principal, roleAccountId: to.accountId, role, problems: side.problems };
}

/** "Assumable from": the users and roles of the other accounts that may assume `role` of `roleAccount`. */
export function assumableFrom(
  roleAccount: AccountSnapshot,
  role: RoleDetails,
  accounts: readonly AccountSnapshot[],
): TrustLink[] {
  const links: TrustLink[] = [];
  for (const from of accounts) {
    if (from.accountId === roleAccount.accountId || !mayName(role, from.accountId)) continue;
    for (const principal of [...from.users, ...from.roles]) {
      const found = link(from, principal, roleAccount, role);
      if (found) links.push(found);
    }
  }
  return links;
}

/** "Can assume": the roles of the other accounts that `principal` of `principalAccount` may assume. */
export function canAssume(
  principalAccount: AccountSnapshot,
  principal: TrustPrincipal,
  accounts: readonly AccountSnapshot[],
): TrustLink[] {
  const links: TrustLink[] = [];
  if (!principalSide(principalAccount, principal)) return links;
  for (const to of accounts) {
    if (to.accountId === principalAccount.accountId) continue;
    for (const role of to.roles) {
      if (!mayName(role, principalAccount.accountId)) continue;
      const found = link(principalAccount, principal, to, role);
      if (found) links.push(found);
    }
  }
  return links;
}
