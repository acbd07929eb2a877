/**
 * The request's principal and the Principal / NotPrincipal elements of resource-based
 * policies and RCPs (IAM User Guide, "AWS JSON policy elements: Principal" and
 * "...: NotPrincipal").
 *
 * How a Principal value matches the requester:
 * - `"*"` or `{"AWS": "*"}`: anyone, anonymous requests included;
 * - an account (`"111122223333"` or `arn:aws:iam::111122223333:root`): any principal of that
 *   account. This delegates to the account: it does not grant to the user or role itself;
 * - a user, a role session, a federated user session: that exact ARN;
 * - a role ARN (with its path): the role itself and every session of the role
 *   (`arn:aws:sts::111122223333:assumed-role/NAME/session` has no path: the name matches the
 *   last part of the role ARN);
 * - Service, Federated, CanonicalUser: the principal string itself (services compare without case).
 * Wildcards inside ARNs are not expanded in Principal (only `*` alone), as in IAM.
 */
import type { PrincipalSpec } from './document';

export type PrincipalKind = 'user' | 'role' | 'session' | 'federated' | 'root' | 'service' | 'anonymous' | 'other';

export interface RequestPrincipal {
  arn: string;
  kind: PrincipalKind;
  account: string | null;
  partition: string;
  /** For a role or a role session: the role's name. */
  roleName?: string;
  /** A service-linked role or its session: SCPs do not apply. */
  serviceLinkedRole: boolean;
}

/** Parses the request's principal. */
export function parsePrincipal(arn: string): RequestPrincipal {
  const base = { arn, serviceLinkedRole: false, partition: 'aws' };
  if (arn === '*' || arn === '' || arn.toLowerCase() === 'anonymous')
    return { ...base, kind: 'anonymous', account: null };
  if (/^\d{12}$/.test(arn)) return { ...base, kind: 'root', account: arn };
  const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) {
    if (/\.amazonaws\.com(\.cn)?$/.test(arn)) return { ...base, kind: 'service', account: null };
    return { ...base, kind: 'other', account: null };
  }
  const partition = m[1] ?? 'aws';
  const service = m[2];
  const account = m[3] ?? null;
  const rest = m[4] ?? '';
  const out = { ...base, partition, account };
  if (service === 'iam') {
    if (rest === 'root') return { ...out, kind: 'root' };
    if (rest.startsWith('user/')) return { ...out, kind: 'user' };
    if (rest.startsWith('role/')) {
      const path = rest.slice('role/'.length);
      const roleName = path.slice(path.lastIndexOf('/') + 1);
      return { ...out, kind: 'role', roleName, serviceLinkedRole: path.startsWith('aws-service-role/') };
    }
    return { ...out, kind: 'other' };
  }
  if (rest.startsWith('assumed-role/')) {
    const parts = rest.split('/');
    const roleName = parts[1] ?? '';
    return { ...out, kind: 'session', roleName, serviceLinkedRole: roleName.startsWith('AWSServiceRoleFor') };
  }
  if (rest.startsWith('federated-user/')) return { ...out, kind: 'federated' };
  return { ...out, kind: 'other' };
}

/**
 * How a Principal element names the requester, strongest first: `direct` (its own ARN, or
 * anyone), `role` (the parent of a session: the role of a role session, the IAM user of a
 * federated user session), `account` (its account).
 */
export type PrincipalMatch = 'direct' | 'role' | 'account';

const RANK: Record<PrincipalMatch, number> = { direct: 3, role: 2, account: 1 };

export function matchPrincipal(spec: PrincipalSpec, p: RequestPrincipal): PrincipalMatch | undefined {
  if (spec.any) return 'direct';
  let best: PrincipalMatch | undefined;
  const take = (m: PrincipalMatch): void => {
    if (!best || RANK[m] > RANK[best]) best = m;
  };
  for (const entry of spec.entries) {
    for (const v of entry.values) {
      const m = entry.type === 'AWS' ? matchAws(v, p) : matchOther(entry.type, v, p);
      if (m) take(m);
    }
  }
  return best;
}

function matchAws(value: string, p: RequestPrincipal): PrincipalMatch | undefined {
  if (value === '*') return 'direct';
  const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
  if (account !== undefined) {
    if (p.account !== account) return undefined;
    return p.kind === 'root' ? 'direct' : 'account';
  }
  // A request made "as the role" (its ARN given as the principal) is a session of that role:
  // a grant to the role ARN is limited by the boundary and session policies.
  if (value === p.arn) return p.kind === 'role' ? 'role' : 'direct';
  if (p.kind === 'session' && p.account !== null) {
    const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
    if (role && role[1] === p.account && role[2] === p.roleName) return 'role';
  }
  if (p.kind === 'federated' && p.account !== null) {
    // A federated user session (GetFederationToken) and the IAM user who federated.
    const user = /^arn:[^:]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(value);
    if (user && user[1] === p.account && user[2] === p.arn.slice(p.arn.lastIndexOf('/') + 1)) return 'role';
  }
  return undefined;
}

function matchOther(type: string, value: string, p: RequestPrincipal): PrincipalMatch | undefined {
  if (type === 'Service') return value.toLowerCase() === p.arn.toLowerCase() ? 'direct' : undefined;
  if (type === '*') return value === '*' ? 'direct' : undefined;
  return value === p.arn ? 'direct' : undefined;
}

/**
 * Does a NotPrincipal element exempt the requester? For `Allow`, any mention does. For
 * `Deny`, the docs require the whole chain to be listed, since AWS may check the account,
 * then the role, then the session: a user needs its ARN and its account; a role session
 * its session ARN, its role ARN and its account; a root user its account.
 */
export function notPrincipalExempts(spec: PrincipalSpec, p: RequestPrincipal, effect: 'Allow' | 'Deny'): boolean {
  if (spec.any) return true;
  const named = (pred: (type: string, v: string) => boolean): boolean =>
    spec.entries.some((e) => e.values.some((v) => pred(e.type, v)));
  if (effect === 'Allow') return matchPrincipal(spec, p) !== undefined;
  const accountListed =
    p.account !== null && named((t, v) => t === 'AWS' && matchAws(v, p) === (p.kind === 'root' ? 'direct' : 'account'));
  switch (p.kind) {
    case 'root':
      return accountListed;
    case 'user':
    case 'federated':
    case 'role':
      return accountListed && named((t, v) => t === 'AWS' && v === p.arn);
    case 'session':
      return (
        accountListed &&
        named((t, v) => t === 'AWS' && v === p.arn) &&
        named((t, v) => t === 'AWS' && matchAws(v, p) === 'role')
      );
    default:
      return matchPrincipal(spec, p) !== undefined;
  }
}
