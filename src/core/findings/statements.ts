/**
 * A small statement-level reading of identity policies, used by the permission checks until
 * the evaluation engine (src/core/eval) replaces it through one seam: `principalGrant`.
 *
 * What it does, and what it does not:
 * - A principal's policies are its inline and attached managed policies (the default
 *   version) and, for a user, those of its groups. Its permissions boundary, when set,
 *   must allow the same request too. A managed policy the snapshot does not hold grants
 *   nothing and, as a boundary, limits nothing (the snapshot loader reads every AWS
 *   managed policy the account attaches or uses as a boundary, or fails).
 * - An Allow statement grants (action, resource) when its Action matches the action (or its
 *   NotAction does not), its Resource matches the resource (NotResource: none matches), and
 *   it has no Condition. Conditional allows are not counted: this reading cannot tell when a
 *   condition holds, and the checks built on it must not cry wolf.
 * - A Deny statement takes the grant away when it matches the same way and has no Condition.
 *   A conditional Deny is ignored (it may not apply), which can only add findings.
 * - "On any resource" is asked with a probe resource: `*` for admin, or an ARN naming an
 *   entity nobody names (`…:user/iam-explorer-any-entity`). A pattern that matches the
 *   probe covers arbitrary names.
 * - SCPs, resource policies, session policies are out of scope (the snapshot has none).
 */
import type {
  AccountSnapshot,
  ManagedPolicyDetails,
  PolicyDocument,
  RoleDetails,
  UserDetails,
} from '../model/snapshot';
import { actionPatternMatches, wildcardMatch } from '../policy/wildcard';

export interface NormalizedStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly hasCondition: boolean;
  /** The statement as written, for evidence. */
  readonly raw: unknown;
}

/** Where a policy document came from, for evidence and for the finding's entity. */
export interface PolicySource {
  readonly kind: 'managed' | 'inline';
  readonly name: string;
  /** The managed policy's ARN, or the ARN of the principal holding the inline policy. */
  readonly arn: string;
  readonly awsManaged: boolean;
  /** For inline policies: the holder's kind. */
  readonly holder?: 'user' | 'group' | 'role';
}

export interface SourcedStatements {
  readonly source: PolicySource;
  readonly statements: readonly NormalizedStatement[];
}

const strings = (value: unknown): string[] | undefined => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
};

/** The statements of a parsed document; anything unreadable yields none (the validator reports it). */
export function normalizeStatements(json: unknown): NormalizedStatement[] {
  if (typeof json !== 'object' || json === null) return [];
  const body = (json as { Statement?: unknown }).Statement;
  const list = Array.isArray(body) ? body : body === undefined ? [] : [body];
  const out: NormalizedStatement[] = [];
  list.forEach((s, index) => {
    if (typeof s !== 'object' || s === null) return;
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') return;
    out.push({
      index,
      sid: typeof st.Sid === 'string' ? st.Sid : undefined,
      effect: st.Effect,
      actions: strings(st.Action),
      notActions: strings(st.NotAction),
      resources: strings(st.Resource),
      notResources: strings(st.NotResource),
      hasCondition: typeof st.Condition === 'object' && st.Condition !== null && Object.keys(st.Condition).length > 0,
      raw: s,
    });
  });
  return out;
}

/** `*` and `*:*` both mean every action. */
const isAllActions = (p: string): boolean => p === '*' || p === '*:*';

/** Does the statement's action element cover `action`? `*` asks for every action at once. */
export function coversAction(s: NormalizedStatement, action: string): boolean {
  if (action === '*') return s.actions !== undefined && s.actions.some(isAllActions);
  if (s.actions) return s.actions.some((p) => isAllActions(p) || actionPatternMatches(p, action));
  if (s.notActions) return !s.notActions.some((p) => isAllActions(p) || actionPatternMatches(p, action));
  return false;
}

/** Does the statement's resource element cover `resource`? `*` asks for every resource. */
export function coversResource(s: NormalizedStatement, resource: string): boolean {
  if (resource === '*') return s.resources !== undefined && s.resources.includes('*');
  if (s.resources) return s.resources.some((p) => wildcardMatch(p, resource, false));
  if (s.notResources) return !s.notResources.some((p) => wildcardMatch(p, resource, false));
  return false;
}

export interface Grant {
  readonly source: PolicySource;
  readonly statement: NormalizedStatement;
}

/** The first unconditional Allow covering (action, resource) that no unconditional Deny takes back. */
export function documentsGrant(
  docs: readonly SourcedStatements[],
  action: string,
  resource: string,
): Grant | undefined {
  let grant: Grant | undefined;
  for (const d of docs) {
    for (const s of d.statements) {
      if (s.hasCondition || !coversAction(s, action) || !coversResource(s, resource)) continue;
      if (s.effect === 'Deny') return undefined;
      grant ??= { source: d.source, statement: s };
    }
  }
  return grant;
}

/** Parsed statements per managed policy and per inline policy, built once per snapshot. */
export class StatementIndex {
  private readonly managed = new Map<string, SourcedStatements | null>();
  private readonly policies: Map<string, ManagedPolicyDetails>;
  private readonly groups: Map<string, readonly SourcedStatements[]>;
  private readonly principals = new WeakMap<UserDetails | RoleDetails, readonly SourcedStatements[]>();

  constructor(readonly snapshot: AccountSnapshot) {
    this.policies = new Map(snapshot.policies.map((p) => [p.arn, p]));
    this.groups = new Map(snapshot.groups.map((g) => [g.name, this.ownDocuments(g, 'group')]));
  }

  /** A managed policy's default version, or undefined when the snapshot does not hold it. */
  managedPolicy(arn: string): SourcedStatements | undefined {
    let entry = this.managed.get(arn);
    if (entry === undefined) {
      const p = this.policies.get(arn);
      entry = p?.defaultDocument
        ? {
            source: { kind: 'managed', name: p.name, arn, awsManaged: p.awsManaged },
            statements: normalizeStatements(p.defaultDocument.json),
          }
        : null;
      this.managed.set(arn, entry);
    }
    return entry ?? undefined;
  }

  /** Managed policies attached to the principal that the snapshot does not hold (their statements are unknown). */
  unknownPolicies(principal: UserDetails | RoleDetails): string[] {
    const arns = principal.attachedPolicies.map((a) => a.arn);
    if (principal.kind === 'user')
      for (const g of principal.groups)
        for (const a of this.snapshot.groups.find((x) => x.name === g)?.attachedPolicies ?? []) arns.push(a.arn);
    return arns.filter((arn) => !this.managedPolicy(arn));
  }

  ownDocuments(
    p: {
      arn: string;
      inlinePolicies: readonly { name: string; document: PolicyDocument }[];
      attachedPolicies: readonly { arn: string }[];
    },
    holder: 'user' | 'group' | 'role',
  ): SourcedStatements[] {
    const docs: SourcedStatements[] = p.inlinePolicies.map((i) => ({
      source: { kind: 'inline', name: i.name, arn: p.arn, awsManaged: false, holder },
      statements: normalizeStatements(i.document.json),
    }));
    for (const a of p.attachedPolicies) {
      const m = this.managedPolicy(a.arn);
      if (m) docs.push(m);
    }
    return docs;
  }

  /** Every identity policy that applies to the principal. */
  principalDocuments(principal: UserDetails | RoleDetails): readonly SourcedStatements[] {
    let docs = this.principals.get(principal);
    if (!docs) {
      const list = this.ownDocuments(principal, principal.kind);
      if (principal.kind === 'user') for (const g of principal.groups) list.push(...(this.groups.get(g) ?? []));
      this.principals.set(principal, (docs = list));
    }
    return docs;
  }

  boundaryDocuments(principal: UserDetails | RoleDetails): SourcedStatements[] | undefined {
    if (!principal.permissionsBoundaryArn) return undefined;
    const b = this.managedPolicy(principal.permissionsBoundaryArn);
    return b ? [b] : undefined;
  }
}

/**
 * THE SEAM: does the principal's identity-based access allow `action` on `resource`? Returns
 * the granting statement. The evaluation engine replaces this function's body; the checks
 * only call it.
 */
export function principalGrant(
  index: StatementIndex,
  principal: UserDetails | RoleDetails,
  action: string,
  resource: string,
): Grant | undefined {
  const grant = documentsGrant(index.principalDocuments(principal), action, resource);
  if (!grant) return undefined;
  const boundary = index.boundaryDocuments(principal);
  if (boundary && !documentsGrant(boundary, action, resource)) return undefined;
  return grant;
}
