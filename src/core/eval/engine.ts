/**
 * The decision (IAM User Guide: "Policy evaluation logic", "How AWS enforcement code logic
 * evaluates requests", "Cross-account policy evaluation logic", "Permissions boundaries",
 * "Session policies", "Service control policies", "Resource control policies").
 *
 * 1. An applicable Deny in any policy of any layer: explicitDeny.
 * 2. RCPs (resource's account; the services RCPs support; not for service-linked roles)
 *    then SCPs (principal's account; not for service-linked roles or service principals):
 *    every level must have an applicable Allow, else implicitDeny. They never grant.
 * 3. Same account:
 *    - a resource-based policy that allows the requester directly (its user, session or
 *      federated-user ARN, or `*`) allows, whatever the identity policies, boundary or
 *      session policies say;
 *    - one that names the role of a role session (or the IAM user of a federated user
 *      session) allows unless the boundary or the session policies (when present) do not;
 *    - otherwise (nothing, or only the account named): the identity policies must allow, and
 *      the boundary and session policies when present; a federated-user session without a
 *      session policy has no permissions. The account root needs no identity policy.
 *    - role trust policies (sts:AssumeRole* on a role) and KMS key policies must themselves
 *      allow, when given: the identity-policy path alone does not suffice.
 * 4. Cross account (resource account differs from the principal's): the resource-based
 *    policy must allow the requester (any form, the account included) and the principal's
 *    side (identity, boundary, session) must allow as in 3.
 */
import { compilePolicy, type CompiledPolicy, type CompiledStatement, type ActionSet } from './document';
import { evaluateCondition } from './conditions';
import { arnMatch, arnParts, type Pattern } from './pattern';
import {
  matchPrincipal,
  notPrincipalExempts,
  parsePrincipal,
  type PrincipalMatch,
  type RequestPrincipal,
} from './principal';
import { hasVariables, isMissing, substitute, type ContextLookup } from './variables';
import { wildcardMatch } from '../policy/wildcard';
import {
  EvalInputError,
  type Decision,
  type EvalInput,
  type EvalRequest,
  type EvalResult,
  type Layer,
  type MatchedStatement,
  type PolicyInput,
} from './types';

/** Services whose actions RCPs apply to (AWS Organizations User Guide, "Resource control policies"). */
export const RCP_SERVICES = new Set([
  's3',
  'sts',
  'kms',
  'sqs',
  'secretsmanager',
  'ecr',
  'aoss',
  'cognito-idp',
  'cognito-identity',
  'logs',
  'dynamodb',
]);

interface PreparedPolicy {
  policy: CompiledPolicy;
  index: number;
  level?: number;
}

/** Policies compiled once, to evaluate many requests against. */
export interface PreparedPolicies {
  identity: PreparedPolicy[];
  boundary: PreparedPolicy | null;
  session: PreparedPolicy[];
  resource: PreparedPolicy | null;
  scp: PreparedPolicy[][];
  rcp: PreparedPolicy[][];
}

/** Compiles every document of `input` (not the request). Throws EvalInputError naming the field. */
export function preparePolicies(input: Omit<EvalInput, 'request'>): PreparedPolicies {
  if (!Array.isArray(input.identityPolicies))
    throw new EvalInputError('identityPolicies', 'must be a list of policies (it may be empty: []).');
  const list = (docs: unknown, field: string): PreparedPolicy[] => {
    if (docs === undefined || docs === null) return [];
    if (!Array.isArray(docs)) throw new EvalInputError(field, 'must be a list of policies.');
    return docs.map((d, i) => ({ policy: compilePolicy(d as PolicyInput, `${field}[${i}]`), index: i }));
  };
  const levels = (docs: unknown, field: string): PreparedPolicy[][] => {
    if (docs === undefined || docs === null) return [];
    if (!Array.isArray(docs))
      throw new EvalInputError(
        field,
        'must be a list of levels, each a list of policies: [[root policies], [OU policies], [account policies]].',
      );
    // A flat list of policies (no level arrays) is read as one level: the policies attached
    // at one place, any of which may allow.
    if (docs.length > 0 && docs.every((d) => !Array.isArray(d))) docs = [docs];
    return (docs as unknown[]).map((level, l) => {
      if (!Array.isArray(level))
        throw new EvalInputError(`${field}[${l}]`, 'must be a list of policies (one level of the organization).');
      return level.map((d, i) => ({
        policy: compilePolicy(d as PolicyInput, `${field}[${l}][${i}]`),
        index: i,
        level: l,
      }));
    });
  };
  const one = (doc: unknown, field: string): PreparedPolicy | null =>
    doc === undefined || doc === null ? null : { policy: compilePolicy(doc as PolicyInput, field), index: 0 };
  return {
    identity: list(input.identityPolicies, 'identityPolicies'),
    boundary: one(input.permissionsBoundary, 'permissionsBoundary'),
    session: list(input.sessionPolicies, 'sessionPolicies'),
    resource: one(input.resourcePolicy, 'resourcePolicy'),
    scp: levels(input.serviceControlPolicies, 'serviceControlPolicies'),
    rcp: levels(input.resourceControlPolicies, 'resourceControlPolicies'),
  };
}

/** Evaluates one request. Throws EvalInputError for malformed input. */
export function evaluate(input: EvalInput): EvalResult {
  return evaluatePrepared(preparePolicies(input), input.request);
}

interface Scan {
  allows: MatchedStatement[];
  denies: MatchedStatement[];
  /** For the resource layer: the strongest way an Allow named the requester. */
  allowMatch?: PrincipalMatch;
}

interface RequestState {
  action: string;
  service: string;
  resource: string;
  principal: RequestPrincipal;
  lookup: ContextLookup;
  /** Missing context keys: lower case to the spelling of the first policy that used it. */
  missing: Map<string, string>;
  hasBoundary: boolean;
  /** The resource ARN split once into its six parts (undefined when it is not an ARN). */
  resourceParts: string[] | undefined;
}

function checkRequest(request: EvalRequest | undefined): asserts request is EvalRequest {
  if (!request || typeof request !== 'object' || Array.isArray(request))
    throw new EvalInputError('request', 'is missing: give {"principal", "action", "resource"}.');
  for (const f of ['principal', 'action', 'resource'] as const) {
    if (typeof request[f] !== 'string' || request[f] === '')
      throw new EvalInputError(
        `request.${f}`,
        `must be a non-empty string${f === 'resource' ? ' (use "*" for actions without a resource)' : ''}.`,
      );
  }
  if (!request.action.includes(':'))
    throw new EvalInputError('request.action', `"${request.action}" is not service:Action (such as "s3:GetObject").`);
  if (
    request.resourceAccount !== undefined &&
    request.resourceAccount !== null &&
    request.resourceAccount !== '' &&
    (typeof request.resourceAccount !== 'string' || !/^\d{12}$/.test(request.resourceAccount))
  ) {
    throw new EvalInputError('request.resourceAccount', 'must be a 12-digit account id.');
  }
  if (request.context !== undefined && request.context !== null) {
    if (typeof request.context !== 'object' || Array.isArray(request.context))
      throw new EvalInputError(
        'request.context',
        'must be an object of context keys to a string or a list of strings.',
      );
    for (const [k, v] of Object.entries(request.context as Record<string, unknown>)) {
      const scalar = (x: unknown): boolean => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
      if (!(scalar(v) || (Array.isArray(v) && v.every(scalar))))
        throw new EvalInputError(
          `request.context.${k}`,
          'must be a string or a list of strings ("10", "true", "2026-01-01T00:00:00Z").',
        );
    }
  }
}

/** Builds a case-insensitive lookup over the context. */
export function contextLookup(context: Record<string, string | string[]> | null | undefined): ContextLookup {
  const map = new Map<string, string[]>();
  // Numbers and booleans (10, true) are taken as the strings IAM compares ("10", "true").
  for (const [k, v] of Object.entries(context ?? {}))
    map.set(k.toLowerCase(), (Array.isArray(v) ? v : [v]).map(String));
  return (key) => map.get(key.toLowerCase());
}

/** The account that owns the resource: resourceAccount, else the ARN's account field, else the principal's. */
export function resourceAccountOf(request: EvalRequest, principal: RequestPrincipal): string | null {
  if (request.resourceAccount) return request.resourceAccount;
  const m = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(request.resource);
  if (m?.[1]) return m[1];
  return principal.account;
}

export function evaluatePrepared(prepared: PreparedPolicies, request: EvalRequest): EvalResult {
  checkRequest(request);
  const principal = parsePrincipal(request.principal);
  const action = request.action.toLowerCase();
  const state: RequestState = {
    action,
    service: action.slice(0, action.indexOf(':')),
    resource: request.resource,
    principal,
    lookup: contextLookup(request.context),
    missing: new Map(),
    hasBoundary: prepared.boundary !== null,
    resourceParts: arnParts(request.resource),
  };
  const resourceAccount = resourceAccountOf(request, principal);
  const crossAccount = principal.account !== null && resourceAccount !== null && principal.account !== resourceAccount;

  const identity = scanLayer(prepared.identity, 'identity', state, false);
  const boundary = prepared.boundary ? scanLayer([prepared.boundary], 'boundary', state, false) : null;
  const session = prepared.session.length ? scanLayer(prepared.session, 'session', state, false) : null;
  const resource = prepared.resource ? scanLayer([prepared.resource], 'resource', state, true) : null;
  const scpApplies =
    prepared.scp.length > 0 &&
    !principal.serviceLinkedRole &&
    principal.kind !== 'service' &&
    principal.kind !== 'anonymous';
  // RCPs, like SCPs, do not restrict service-linked roles (Organizations User Guide, "Resource
  // control policies": resources and entities not restricted by RCPs).
  const rcpApplies = prepared.rcp.length > 0 && RCP_SERVICES.has(state.service) && !principal.serviceLinkedRole;
  const scp = scpApplies ? prepared.scp.map((level) => scanLayer(level, 'scp', state, false)) : [];
  const rcp = rcpApplies ? prepared.rcp.map((level) => scanLayer(level, 'rcp', state, true)) : [];

  const matched = [
    ...rcp.flatMap((s) => [...s.denies, ...s.allows]),
    ...scp.flatMap((s) => [...s.denies, ...s.allows]),
    ...(resource ? [...resource.denies, ...resource.allows] : []),
    ...identity.denies,
    ...identity.allows,
    ...(boundary ? [...boundary.denies, ...boundary.allows] : []),
    ...(session ? [...session.denies, ...session.allows] : []),
  ];
  const base = {
    matched,
    missingContextKeys: [...state.missing.keys()].sort().map((k) => state.missing.get(k) ?? k),
    principalAccount: principal.account,
    resourceAccount,
    crossAccount,
  };
  const result = (
    decision: Decision,
    decidingLayer: Layer | null,
    reason: string,
    deciding: MatchedStatement[],
  ): EvalResult => ({
    decision,
    explain: {
      decidingLayer,
      // An implicit deny may come from a key the request lacked: say which.
      reason:
        decision === 'implicitDeny' && base.missingContextKeys.length
          ? `${reason} Not in the request context: ${base.missingContextKeys.join(', ')}.`
          : reason,
      deciding,
      ...base,
    },
  });

  // 1. Explicit deny anywhere.
  const denies = matched.filter((m) => m.effect === 'Deny');
  if (denies.length) {
    const first = denies[0] as MatchedStatement;
    return result(
      'explicitDeny',
      first.layer,
      `Denied explicitly by ${describeStatement(first)}` +
        `${denies.length > 1 ? ` (and ${denies.length - 1} more Deny statement${denies.length > 2 ? 's' : ''})` : ''}.`,
      denies,
    );
  }
  // 2. RCPs, then SCPs: every level must allow.
  for (let l = 0; l < rcp.length; l++) {
    if (!rcp[l]?.allows.length)
      return result(
        'implicitDeny',
        'rcp',
        `No resource control policy at level ${l} of the organization allows ${request.action}; RCPs restrict ` +
          `and never grant, so every level must allow.`,
        [],
      );
  }
  for (let l = 0; l < scp.length; l++) {
    if (!scp[l]?.allows.length)
      return result(
        'implicitDeny',
        'scp',
        `No service control policy at level ${l} of the organization allows ${request.action}; SCPs restrict ` +
          `and never grant, so every level must allow.`,
        [],
      );
  }

  // The principal's side: identity ∧ boundary ∧ session.
  const principalSide = (): { ok: true; grants: MatchedStatement[] } | { ok: false; layer: Layer; reason: string } => {
    const isRoot = principal.kind === 'root';
    if (!isRoot && !identity.allows.length) {
      const what =
        principal.kind === 'service' || principal.kind === 'anonymous'
          ? 'this principal has no identity-based policies'
          : 'no identity-based policy allows it';
      return { ok: false, layer: 'identity', reason: `${what}` };
    }
    if (boundary && !boundary.allows.length)
      return { ok: false, layer: 'boundary', reason: 'the permissions boundary does not allow it' };
    if (session && !session.allows.length)
      return { ok: false, layer: 'session', reason: 'no session policy allows it' };
    if (!session && principal.kind === 'federated')
      return {
        ok: false,
        layer: 'session',
        reason: 'a federated user session without a session policy has no permissions',
      };
    return { ok: true, grants: isRoot ? [] : identity.allows };
  };
  const capped = (): { layer: Layer; reason: string } | undefined => {
    if (boundary && !boundary.allows.length)
      return { layer: 'boundary', reason: 'the permissions boundary does not allow it' };
    if (session && !session.allows.length) return { layer: 'session', reason: 'no session policy allows it' };
    return undefined;
  };
  const act = `${request.action} on ${request.resource}`;

  if (crossAccount) {
    const side = principalSide();
    const resOk = resource !== null && resource.allows.length > 0;
    if (!side.ok && !resOk)
      return result(
        'implicitDeny',
        side.layer,
        `Cross-account request: ${side.reason}, and ` +
          (resource
            ? 'the resource-based policy does not allow it'
            : `no resource-based policy in account ${resourceAccount} is given`) +
          `; both sides must allow ${act}.`,
        [],
      );
    if (!side.ok)
      return result(
        'implicitDeny',
        side.layer,
        `Cross-account request: ${side.reason}; the principal's account must allow ${act} as well as the resource's.`,
        [],
      );
    if (!resOk)
      return result(
        'implicitDeny',
        'resource',
        `Cross-account request: ` +
          (resource
            ? 'the resource-based policy does not allow this principal'
            : `no resource-based policy in account ${resourceAccount} is given`) +
          `; the resource's account must allow ${act} as well as the principal's.`,
        [],
      );
    return result(
      'allowed',
      'resource',
      `Cross-account request allowed: the principal's policies and the resource-based policy of account ` +
        `${resourceAccount} both allow ${act}.`,
      [...side.grants, ...(resource?.allows ?? [])],
    );
  }

  // 3. Same account.
  const resAllows = resource?.allows ?? [];
  if (resource && resAllows.length && resource.allowMatch === 'direct') {
    return result(
      'allowed',
      'resource',
      `Allowed by the resource-based policy, which names this principal directly; within one account that does ` +
        `not need the identity-based policies` +
        `${state.hasBoundary || session ? ', the boundary or session policies' : ''}.`,
      resAllows,
    );
  }
  if (resource && resAllows.length && resource.allowMatch === 'role') {
    const parentName = principal.kind === 'federated' ? 'IAM user' : 'role';
    const cap = capped();
    if (cap)
      return result(
        'implicitDeny',
        cap.layer,
        `The resource-based policy allows the ${parentName}, but ${cap.reason}: a grant to the ${parentName}'s ` +
          `ARN is limited by the session's boundary and session policies.`,
        [],
      );
    if (principal.kind === 'federated' && !session)
      return result(
        'implicitDeny',
        'session',
        'The resource-based policy allows the IAM user who federated, but a federated user session without a ' +
          'session policy has no permissions.',
        [],
      );
    return result(
      'allowed',
      'resource',
      `Allowed by the resource-based policy, which names the ${parentName} of this session.`,
      resAllows,
    );
  }
  if (resource && mustAllowThemselves(request, state.service) && !resAllows.length) {
    return result(
      'implicitDeny',
      'resource',
      `The ${isKms(request) ? 'key policy' : 'role trust policy'} does not allow this principal; it must allow ` +
        `the request itself, identity-based policies alone do not suffice.`,
      [],
    );
  }
  const side = principalSide();
  if (!side.ok) {
    const hint =
      resource && resAllows.length
        ? ' (the resource-based policy names only the account, which delegates to the identity-based policies)'
        : '';
    return result('implicitDeny', side.layer, `Not allowed: ${side.reason}${hint}.`, []);
  }
  if (principal.kind === 'root' && !resAllows.length)
    return result(
      'allowed',
      'identity',
      'Allowed: the account root user has full access unless something denies it.',
      [],
    );
  return result(
    'allowed',
    side.grants.length ? 'identity' : 'resource',
    `Allowed by ` +
      `${side.grants.length ? describeStatement(side.grants[0] as MatchedStatement) : 'the resource-based policy'}` +
      `${state.hasBoundary ? ' within the permissions boundary' : ''}${session ? ' and the session policies' : ''}.`,
    [...side.grants, ...resAllows],
  );
}

/**
 * Can any identity policy allow `action` on `resource` at all (ignoring conditions; a Resource
 * with policy variables counts as a possible match)? A cheap test that lets "who can" skip
 * principals that can only be implicitly denied.
 */
export function identityMayAllow(prepared: PreparedPolicies, action: string, resource = '*'): boolean {
  return prepared.identity.some((pp) => policyMayAllow(pp.policy, action, resource));
}

/** The same test for one compiled policy. */
export function policyMayAllow(policy: CompiledPolicy, action: string, resource = '*'): boolean {
  const lower = action.toLowerCase();
  const parts = arnParts(resource);
  const mayMatch = (st: CompiledStatement): boolean =>
    !st.resource || st.resource.some((r) => r === '*' || hasVariables(r) || arnMatch({ text: r }, resource, parts));
  return policy.statements.some((st) => st.effect === 'Allow' && actionApplies(st, lower) && mayMatch(st));
}

function isKms(request: EvalRequest): boolean {
  return /^arn:[^:]+:kms:/.test(request.resource);
}

/** Role trust policies and KMS key policies must allow the request themselves. */
function mustAllowThemselves(request: EvalRequest, service: string): boolean {
  if (isKms(request) && service === 'kms') return true;
  return (
    service === 'sts' &&
    /^sts:assumerole/.test(request.action.toLowerCase()) &&
    /^arn:[^:]+:iam::\d{12}:role\//.test(request.resource)
  );
}

function describeStatement(m: MatchedStatement): string {
  const layer = {
    identity: 'identity-based policy',
    boundary: 'permissions boundary',
    session: 'session policy',
    resource: 'resource-based policy',
    scp: 'service control policy',
    rcp: 'resource control policy',
  }[m.layer];
  const where =
    m.level !== undefined
      ? ` ${m.policy} at level ${m.level}`
      : m.layer === 'identity' || m.layer === 'session'
        ? ` ${m.policy}`
        : '';
  const at = m.position ? ` (line ${m.position.line})` : '';
  return `statement ${m.sid ? `"${m.sid}"` : m.statement} of ${layer}${where}${at}`;
}

function scanLayer(policies: PreparedPolicy[], layer: Layer, state: RequestState, resourceMode: boolean): Scan {
  const scan: Scan = { allows: [], denies: [] };
  for (const pp of policies) {
    for (const st of pp.policy.statements) {
      let how: PrincipalMatch | undefined;
      if (!actionApplies(st, state.action)) continue;
      if (resourceMode) {
        if (st.principal) {
          how = matchPrincipal(st.principal, state.principal);
          if (!how) continue;
        } else if (st.notPrincipal) {
          // The docs: a Deny with NotPrincipal always denies a principal that has a permissions boundary.
          const boundaryQuirk =
            st.effect === 'Deny' &&
            layer === 'resource' &&
            state.hasBoundary &&
            ['user', 'role', 'session'].includes(state.principal.kind);
          if (!boundaryQuirk && notPrincipalExempts(st.notPrincipal, state.principal, st.effect)) continue;
          how = 'direct';
        } else if (layer === 'rcp') {
          how = 'direct'; // RCPs may only name "*": one that leaves Principal out means the same
        } else {
          continue; // a resource-based statement without Principal names no one
        }
      }
      // A statement about this action whose resource does not match still reports the
      // condition keys it would need (without evaluating them).
      if (!resourceApplies(st, state, pp.policy.variables)) {
        noteMissingKeys(st, state);
        continue;
      }
      if (!conditionsHold(st, state, pp.policy.variables)) continue;
      const m: MatchedStatement = { layer, policy: pp.index, statement: st.index, effect: st.effect };
      if (pp.level !== undefined) m.level = pp.level;
      if (st.sid !== undefined) m.sid = st.sid;
      if (st.position) m.position = st.position;
      if (st.effect === 'Deny') scan.denies.push(m);
      else {
        scan.allows.push(m);
        if (how && (!scan.allowMatch || rank(how) > rank(scan.allowMatch))) scan.allowMatch = how;
      }
    }
  }
  return scan;
}

function rank(m: PrincipalMatch): number {
  return m === 'direct' ? 3 : m === 'role' ? 2 : 1;
}

function actionSetHas(set: ActionSet, action: string): boolean {
  if (set.all || set.exact.has(action)) return true;
  for (const p of set.patterns) if (wildcardMatch(p, action, false)) return true;
  return false;
}

function actionApplies(st: CompiledStatement, action: string): boolean {
  if (st.action) return actionSetHas(st.action, action);
  if (st.notAction) return !actionSetHas(st.notAction, action);
  return false;
}

function resourcePattern(text: string, state: RequestState, variables: boolean): Pattern | undefined {
  if (!variables || !hasVariables(text)) return { text };
  const s = substitute(text, state.lookup);
  if (isMissing(s)) {
    for (const k of s.missing) noteMissing(state, k);
    return undefined; // no value: matches no resource
  }
  return s;
}

function resourceListMatches(list: string[], state: RequestState, variables: boolean): boolean {
  for (const r of list) {
    if (r === '*') return true;
    const p = resourcePattern(r, state, variables);
    if (p && arnMatch(p, state.resource, state.resourceParts)) return true;
  }
  return false;
}

function resourceApplies(st: CompiledStatement, state: RequestState, variables: boolean): boolean {
  if (st.resource) return resourceListMatches(st.resource, state, variables);
  if (st.notResource) return !resourceListMatches(st.notResource, state, variables);
  return true; // no Resource element (trust policies): the resource the policy is attached to
}

function noteMissing(state: RequestState, key: string): void {
  const lower = key.toLowerCase();
  if (!state.missing.has(lower)) state.missing.set(lower, key);
}

function noteMissingKeys(st: CompiledStatement, state: RequestState): void {
  for (const c of st.conditions) {
    const v = state.lookup(c.key);
    if (v === undefined || v.length === 0) noteMissing(state, c.keyAsWritten);
  }
}

function conditionsHold(st: CompiledStatement, state: RequestState, variables: boolean): boolean {
  let ok = true;
  // Every entry is evaluated (not short-circuited) so that all missing keys are reported.
  for (const c of st.conditions) {
    const out = evaluateCondition(c.operator, c.key, c.values, state.lookup, variables, c.keyAsWritten);
    for (const k of out.missing) noteMissing(state, k);
    if (!out.ok) ok = false;
  }
  return ok;
}
