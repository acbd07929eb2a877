/**
 * The engine over an account snapshot (`src/core/model/snapshot.ts`): which policies apply to
 * a user or a role, decisions for actions × resources, who in the account may perform an
 * action, and the documents the effective-permissions summary needs. Pure functions; the
 * VS Code commands (Simulate Access, Who Can, Effective Permissions) sit on top.
 *
 * Identity policies evaluated for a user: its inline policies, its attached managed policies,
 * then for each of its groups the group's inline and attached policies. For a role: its
 * inline and attached policies. The boundary is the managed policy the entity names. A
 * policy the snapshot lacks (an AWS managed policy that was not loaded, a group not in the
 * snapshot) or whose text is not JSON is listed in `problems` and left out.
 */
import type {
  AccountSnapshot,
  ManagedPolicyDetails,
  PolicyDocument,
  RoleDetails,
  SnapshotIndex,
  UserDetails,
} from '../model/snapshot';
import { indexSnapshot } from '../model/snapshot';
import { compilePolicy, statementPositions } from './document';
import { evaluatePrepared, identityMayAllow, policyMayAllow, preparePolicies, type PreparedPolicies } from './engine';
import type { ContextValue, EvalResult, MatchedStatement, Position } from './types';

export interface PolicySource {
  /** Where the policy comes from. */
  kind: 'inline' | 'managed' | 'boundary';
  /** `user`, `group` or `role`: the entity it is attached to (for `boundary`: the principal). */
  attachedTo: 'user' | 'group' | 'role';
  /** The entity's name (the group's name for group policies). */
  entity: string;
  /** The inline policy's name, or the managed policy's name. */
  name: string;
  /** The managed policy's ARN (managed and boundary policies). */
  arn?: string;
  /** The document as IAM holds it (decoded text and parsed JSON). */
  document: PolicyDocument;
}

export interface PrincipalPolicies {
  principal: UserDetails | RoleDetails;
  /** In evaluation order: an explanation's `policy` index (layer identity) indexes this list. */
  identity: PolicySource[];
  boundary: PolicySource | null;
  /** Policies that could not be used, each with the reason. */
  problems: string[];
}

function asIndex(snapshot: AccountSnapshot | SnapshotIndex): SnapshotIndex {
  return 'snapshot' in snapshot ? snapshot : indexSnapshot(snapshot);
}

/** The user or role with this ARN, or undefined. */
export function findPrincipal(index: SnapshotIndex, arn: string): UserDetails | RoleDetails | undefined {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  if (/^arn:[^:]+:iam::\d{12}:user\//.test(arn)) {
    const u = index.user(name);
    return u?.arn === arn ? u : undefined;
  }
  if (/^arn:[^:]+:iam::\d{12}:role\//.test(arn)) {
    const r = index.role(name);
    return r?.arn === arn ? r : undefined;
  }
  return undefined;
}

/** The identity policies and the boundary of a user or role (see the file comment for the order). */
export function gatherPolicies(
  snapshot: AccountSnapshot | SnapshotIndex,
  principalArn: string,
): PrincipalPolicies | undefined {
  const index = asIndex(snapshot);
  const principal = findPrincipal(index, principalArn);
  return principal ? gatherFor(index, principal) : undefined;
}

function gatherFor(index: SnapshotIndex, principal: UserDetails | RoleDetails): PrincipalPolicies {
  const identity: PolicySource[] = [];
  const problems: string[] = [];
  const usable = (doc: PolicyDocument, what: string): boolean => {
    if (doc.json && typeof doc.json === 'object') return true;
    problems.push(`${what}: its document is not JSON; it was left out.`);
    return false;
  };
  const managed = (arn: string, what: string): ManagedPolicyDetails | undefined => {
    const p = index.policy(arn);
    if (!p?.defaultDocument) {
      problems.push(
        `${what} ${arn}: not in the snapshot (AWS managed policies are loaded only when attached); it was left out.`,
      );
      return undefined;
    }
    return p;
  };
  const addEntity = (
    entity: {
      name: string;
      inlinePolicies: readonly { name: string; document: PolicyDocument }[];
      attachedPolicies: readonly { name: string; arn: string }[];
    },
    attachedTo: PolicySource['attachedTo'],
  ): void => {
    for (const p of entity.inlinePolicies) {
      if (usable(p.document, `inline policy ${p.name} of ${attachedTo} ${entity.name}`))
        identity.push({ kind: 'inline', attachedTo, entity: entity.name, name: p.name, document: p.document });
    }
    for (const a of entity.attachedPolicies) {
      const p = managed(a.arn, `managed policy attached to ${attachedTo} ${entity.name}:`);
      if (p?.defaultDocument && usable(p.defaultDocument, `managed policy ${p.name}`))
        identity.push({
          kind: 'managed',
          attachedTo,
          entity: entity.name,
          name: p.name,
          arn: p.arn,
          document: p.defaultDocument,
        });
    }
  };
  if (principal.kind === 'user') {
    addEntity(principal, 'user');
    for (const g of principal.groups) {
      const group = index.group(g);
      if (!group)
        problems.push(`group ${g} of user ${principal.name}: not in the snapshot; its policies were left out.`);
      else addEntity(group, 'group');
    }
  } else addEntity(principal, 'role');
  let boundary: PolicySource | null = null;
  if (principal.permissionsBoundaryArn) {
    const p = managed(principal.permissionsBoundaryArn, 'permissions boundary');
    if (p?.defaultDocument && usable(p.defaultDocument, `permissions boundary ${p.name}`)) {
      boundary = {
        kind: 'boundary',
        attachedTo: principal.kind,
        entity: principal.name,
        name: p.name,
        arn: p.arn,
        document: p.defaultDocument,
      };
    } else {
      problems.push(
        'The decisions leave the permissions boundary out, since it could not be read: they may allow more than ' +
          'IAM would.',
      );
    }
  }
  return { principal, identity, boundary, problems };
}

function prepare(p: PrincipalPolicies): PreparedPolicies {
  return preparePolicies({
    identityPolicies: p.identity.map((s) => s.document.json as Record<string, unknown>),
    permissionsBoundary: p.boundary ? (p.boundary.document.json as Record<string, unknown>) : null,
  });
}

/** A statement that decided, with the policy it is in and its position in that policy's text. */
export interface DecidingStatement {
  statement: MatchedStatement;
  source: PolicySource;
  position?: Position;
}

export interface SimulationResult {
  action: string;
  resource: string;
  result: EvalResult;
  deciding: DecidingStatement[];
}

function locate(p: PrincipalPolicies, matched: MatchedStatement[]): DecidingStatement[] {
  return matched.flatMap((m) => {
    const source = m.layer === 'identity' ? p.identity[m.policy] : m.layer === 'boundary' ? p.boundary : undefined;
    if (!source) return [];
    const position = statementPositions(source.document.text)[m.statement];
    return [{ statement: m, source, ...(position ? { position } : {}) }];
  });
}

/**
 * Decisions for every action × resource for a user or role of the snapshot. Actions are
 * concrete (`s3:GetObject`); expand wildcards first with `expandActions`. Resources default
 * to `*`. The request's principal is the entity's ARN; context keys are used as given.
 * Undefined when the snapshot has no such user or role.
 */
export function simulate(
  snapshot: AccountSnapshot | SnapshotIndex,
  principalArn: string,
  actions: readonly string[],
  resources: readonly string[] = ['*'],
  context: Record<string, ContextValue> = {},
): { results: SimulationResult[]; policies: PrincipalPolicies } | undefined {
  const policies = gatherPolicies(snapshot, principalArn);
  if (!policies) return undefined;
  const prepared = prepare(policies);
  const results: SimulationResult[] = [];
  for (const action of actions) {
    for (const resource of resources.length ? resources : ['*']) {
      const result = evaluatePrepared(prepared, { principal: principalArn, action, resource, context });
      results.push({ action, resource, result, deciding: locate(policies, result.explain.deciding) });
    }
  }
  return { results, policies };
}

export interface TrustEntry {
  /** Principal type (AWS, Service, Federated, `*`) to its values, as the trust policy writes them. */
  principals: { type: string; values: string[] }[];
  /** The statement's Condition block as written, or undefined. */
  conditions?: Record<string, unknown>;
  actions: string[];
}

export interface WhoCanEntry {
  principal: UserDetails | RoleDetails;
  deciding: DecidingStatement[];
  /** For roles: who may assume it (Allow statements of its trust policy about sts:AssumeRole*). */
  trustedBy?: TrustEntry[];
}

/**
 * Every user and role of the snapshot allowed `action` on `resource` by its own policies
 * (within its boundary), with the granting statements; for roles also their trust policy's
 * principals. `context` applies to every principal. Resource-based policies are not part of
 * the snapshot and are not considered. Pass the same SnapshotIndex to ask again quickly: each
 * principal's compiled policies are kept with it.
 */
export function whoCan(
  snapshot: AccountSnapshot | SnapshotIndex,
  action: string,
  resource = '*',
  context: Record<string, ContextValue> = {},
): WhoCanEntry[] {
  const index = asIndex(snapshot);
  // A first pass over documents, not principals: which policies could allow this at all
  // (each document once, however many principals share it). Principals none of whose
  // policies could are implicitly denied and skipped without gathering anything.
  const verdicts = new Map<unknown, boolean>();
  const may = (doc: PolicyDocument | undefined): boolean => {
    const json = doc?.json;
    if (!json || typeof json !== 'object') return false;
    let v = verdicts.get(json);
    if (v === undefined) {
      try {
        v = policyMayAllow(compilePolicy(json as Record<string, unknown>, 'policy'), action, resource);
      } catch {
        v = false; // a malformed document allows nothing (gatherPolicies reports it)
      }
      verdicts.set(json, v);
    }
    return v;
  };
  const entityMay = (e: {
    inlinePolicies: readonly { document: PolicyDocument }[];
    attachedPolicies: readonly { arn: string }[];
  }): boolean =>
    e.inlinePolicies.some((p) => may(p.document)) ||
    e.attachedPolicies.some((a) => may(index.policy(a.arn)?.defaultDocument));
  const out: WhoCanEntry[] = [];
  for (const principal of [...index.snapshot.users, ...index.snapshot.roles]) {
    const candidate =
      entityMay(principal) ||
      (principal.kind === 'user' &&
        principal.groups.some((g) => {
          const group = index.group(g);
          return group !== undefined && entityMay(group);
        }));
    if (!candidate) continue;
    const entry = preparedFor(index, principal);
    if (!identityMayAllow(entry.prepared, action, resource)) continue;
    const result = evaluatePrepared(entry.prepared, { principal: principal.arn, action, resource, context });
    if (result.decision !== 'allowed') continue;
    const found: WhoCanEntry = { principal, deciding: locate(entry.policies, result.explain.deciding) };
    if (principal.kind === 'role') found.trustedBy = trustEntries(principal);
    out.push(found);
  }
  return out;
}

/** Per snapshot index: each principal's gathered and compiled policies, built on first use. */
const preparedCache = new WeakMap<
  SnapshotIndex,
  Map<string, { policies: PrincipalPolicies; prepared: PreparedPolicies }>
>();

function preparedFor(
  index: SnapshotIndex,
  principal: UserDetails | RoleDetails,
): { policies: PrincipalPolicies; prepared: PreparedPolicies } {
  let byArn = preparedCache.get(index);
  if (!byArn) preparedCache.set(index, (byArn = new Map()));
  let entry = byArn.get(principal.arn);
  if (!entry) {
    const policies = gatherFor(index, principal);
    entry = { policies, prepared: prepare(policies) };
    byArn.set(principal.arn, entry);
  }
  return entry;
}

/** The Allow statements of a role's trust policy that let someone assume it. */
export function trustEntries(role: RoleDetails): TrustEntry[] {
  const doc = role.trustPolicy.json as { Statement?: unknown } | undefined;
  const raw = doc?.Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const out: TrustEntry[] = [];
  for (const s of statements as Record<string, unknown>[]) {
    if (!s || s.Effect !== 'Allow') continue;
    const actions = (Array.isArray(s.Action) ? s.Action : [s.Action]).filter((a): a is string => typeof a === 'string');
    if (!actions.some((a) => /^(sts:assumerole|sts:\*|\*)/i.test(a))) continue;
    const p = s.Principal;
    const principals =
      p === '*'
        ? [{ type: '*', values: ['*'] }]
        : p && typeof p === 'object'
          ? Object.entries(p as Record<string, unknown>).map(([type, v]) => ({
              type,
              values: (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string'),
            }))
          : [];
    const entry: TrustEntry = { principals, actions };
    if (s.Condition && typeof s.Condition === 'object') entry.conditions = s.Condition as Record<string, unknown>;
    out.push(entry);
  }
  return out;
}
