/**
 * "What this change grants": the difference in access between two policy documents
 * (what IAM holds, and the edit), worked out locally and statement by statement.
 *
 * Each Allow statement of one document is taken apart into units, one per
 * (action, resource, principal) it names, with its conditions. A unit is covered by
 * the other document when one of its Allow statements names the action, a resource
 * set containing the unit's, the principal, and conditions no stricter than the
 * unit's. Uncovered units of the edit are new access; uncovered units of IAM's
 * document are access taken away. Deny statements the other way round: a unit of
 * IAM's Deny that no Deny of the edit still covers (with conditions no stricter) is a
 * Deny removed or narrowed, which widens access.
 *
 * "Names", "contains" and "no stricter" are the evaluation engine's semantics
 * (src/core/eval), decided with its primitives, so the difference agrees with what the
 * engine decides for a request:
 * - actions: the engine's wildcard match, without case (`S3:getobject` is `s3:GetObject`);
 * - resources: ARNs compared component by component, case-sensitively, a wildcard never
 *   running across the colons of the first five parts (the engine's `arnMatch`);
 * - principals: the engine's principal matching (`matchPrincipal`, `notPrincipalExempts`):
 *   an account (its root, or a bare id) covers that account's users and roles, a role its
 *   sessions, service names compare without case, and a wildcard inside a principal ARN is
 *   not a wildcard (IAM matches only `*` alone);
 * - conditions: operators parsed by the engine (`parseOperator`: names without case,
 *   `IfExists`, `ForAnyValue:`/`ForAllValues:`), a condition with a literal value decided
 *   by the engine's own `evaluateCondition`; patterns compared by inclusion (StringLike,
 *   ArnLike/ArnEquals, which the engine matches alike), CIDR blocks by containment,
 *   numeric and date bounds by their limits. What a missing key does (IfExists, the set
 *   operators, the negated operators) is asked of the engine too.
 *
 * Actions are expanded through the catalog (`s3:Get*` → the s3 actions it matches)
 * when the service part has no wildcard; `*`, `s3*:…`, NotAction and unknown services
 * stay patterns and are compared as patterns (pattern inclusion, below).
 *
 * Approximations (also listed in `approximations` when they apply):
 * - Statement-wise: access granted only by two old statements together (one with the
 *   action on half the resources, one on the other half) counts as new.
 * - A condition value is compared with one value of the other block at a time: a pattern
 *   that two patterns cover only together counts as loosened.
 * - Policy variables (`${aws:username}`) are compared as text.
 */
import { evaluateCondition, ipInCidr, parseDate, parseOperator, type ParsedOperator } from '../eval/conditions';
import type { PrincipalSpec } from '../eval/document';
import { arnMatch, arnParts } from '../eval/pattern';
import { matchPrincipal, notPrincipalExempts, parsePrincipal } from '../eval/principal';
import type { ActionCatalog, ActionInfo } from '../policy/catalog';
import type { AccessLevel } from '../policy/types';
import { wildcardMatch } from '../policy/wildcard';

// ---------------------------------------------------------------------------
// Pattern inclusion

/**
 * Whether every string `inner` matches is matched by `outer` (`*` any run, `?` one
 * character). Sound: true only when inclusion holds; it may say false for a few
 * exotic pairs where `?`s in `outer` together cover a `*` in `inner` (they never do).
 * Memoized over positions: O(|outer| × |inner|).
 */
export function patternCovers(outer: string, inner: string, caseInsensitive: boolean): boolean {
  const o = caseInsensitive ? outer.toLowerCase() : outer;
  const n = caseInsensitive ? inner.toLowerCase() : inner;
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (n.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === o.length) r = j === n.length;
    else if (o[i] === '*') r = go(i + 1, j) || (j < n.length && go(i, j + 1));
    else if (j === n.length) r = false;
    else if (o[i] === '?') r = n[j] !== '*' && go(i + 1, j + 1);
    else r = n[j] !== '*' && n[j] !== '?' && o[i] === n[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

// ---------------------------------------------------------------------------
// Normalized statements

/** `only`: the listed patterns; `except`: everything but them (NotAction, NotResource, NotPrincipal). */
export interface PatternSet {
  readonly mode: 'only' | 'except';
  readonly patterns: readonly string[];
}

export interface ConditionBlock {
  /** The operator as written, e.g. `StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`. */
  readonly operator: string;
  /** The operator as the engine parses it; undefined for one it does not know (compared as written). */
  readonly parsed?: ParsedOperator;
  /** Lowercase (condition keys are case-insensitive). */
  readonly key: string;
  /** The key as written, for messages. */
  readonly keyAsWritten: string;
  readonly values: readonly string[];
}

export interface NormalStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly sid?: string;
  readonly actions: PatternSet;
  readonly resources: PatternSet;
  /** No Resource element (trust policies): the statement is about the resource the policy is on. */
  readonly impliedResource?: boolean;
  /**
   * Principals as `AWS:arn`, `Service:name`, `Federated:name`, `CanonicalUser:id`, or `*`; undefined in identity
   * policies.
   */
  readonly principals?: PatternSet;
  /** The Principal or NotPrincipal element as the engine reads it. */
  readonly principalSpec?: PrincipalSpec;
  readonly conditions: readonly ConditionBlock[];
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));

function principalsOf(p: unknown): string[] {
  if (p === '*') return ['*'];
  if (typeof p !== 'object' || p === null) return [];
  const out: string[] = [];
  for (const [type, values] of Object.entries(p as Record<string, unknown>)) {
    for (const v of list(values)) {
      // {"AWS": "*"} is everyone, as "*" is; a bare account id is that account's root.
      if (type === 'AWS' && v === '*') out.push('*');
      else if (type === 'AWS' && /^\d{12}$/.test(v)) out.push(`AWS:arn:aws:iam::${v}:root`);
      else out.push(`${type}:${v}`);
    }
  }
  return out;
}

/** A Principal / NotPrincipal element in the engine's form (as src/core/eval/document.ts reads it). */
function principalSpecOf(p: unknown): PrincipalSpec {
  if (p === '*') return { any: true, entries: [] };
  const spec: PrincipalSpec = { any: false, entries: [] };
  if (typeof p !== 'object' || p === null) return spec;
  for (const [type, values] of Object.entries(p as Record<string, unknown>)) {
    const vs = list(values);
    if (type === 'AWS' && vs.includes('*')) spec.any = true;
    spec.entries.push({ type, values: vs });
  }
  return spec;
}

/** The statements of a policy document's JSON (an object with `Statement`); throws when it is not one. */
export function normalize(json: unknown): NormalStatement[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error('the policy is not a JSON object');
  const raw = (json as Record<string, unknown>).Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return statements.map((s, i): NormalStatement => {
    if (typeof s !== 'object' || s === null) throw new Error(`statement ${i + 1} is not an object`);
    const st = s as Record<string, unknown>;
    const effect = st.Effect === 'Deny' ? 'Deny' : 'Allow';
    const actions: PatternSet =
      'NotAction' in st
        ? { mode: 'except', patterns: list(st.NotAction) }
        : { mode: 'only', patterns: list(st.Action) };
    // A statement without Resource (trust policies) applies to the one resource the policy is on.
    const resources: PatternSet =
      'NotResource' in st
        ? { mode: 'except', patterns: list(st.NotResource) }
        : { mode: 'only', patterns: 'Resource' in st ? list(st.Resource) : ['*'] };
    const principals: PatternSet | undefined =
      'NotPrincipal' in st
        ? { mode: 'except', patterns: principalsOf(st.NotPrincipal) }
        : 'Principal' in st
          ? { mode: 'only', patterns: principalsOf(st.Principal) }
          : undefined;
    const principalSpec =
      'NotPrincipal' in st
        ? principalSpecOf(st.NotPrincipal)
        : 'Principal' in st
          ? principalSpecOf(st.Principal)
          : undefined;
    const conditions: ConditionBlock[] = [];
    if (typeof st.Condition === 'object' && st.Condition !== null) {
      for (const [operator, block] of Object.entries(st.Condition as Record<string, unknown>)) {
        if (typeof block !== 'object' || block === null) continue;
        const parsed = parseOperator(operator);
        for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
          conditions.push({
            operator,
            ...(parsed ? { parsed } : {}),
            key: key.toLowerCase(),
            keyAsWritten: key,
            values: list(values),
          });
        }
      }
    }
    const impliedResource = !('Resource' in st) && !('NotResource' in st);
    return {
      effect,
      ...(typeof st.Sid === 'string' && st.Sid ? { sid: st.Sid } : {}),
      actions,
      resources,
      ...(impliedResource ? { impliedResource } : {}),
      ...(principals ? { principals } : {}),
      ...(principalSpec ? { principalSpec } : {}),
      conditions,
    };
  });
}

// ---------------------------------------------------------------------------
// Sets: does one set contain a unit (or another set)?

const WILD = /[*?]/;

/**
 * Whether every resource `inner` names is named by `outer`, as the engine's `arnMatch`
 * reads them: `*` alone is everything; two six-part ARNs are compared part by part (a
 * wildcard stays inside its part, except in the last, which keeps its colons); a pattern
 * that is not a six-part ARN is matched against the whole text.
 */
export function resourceCovers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  if (!WILD.test(inner)) return arnMatch({ text: outer }, inner);
  const op = arnParts(outer);
  if (!op) return patternCovers(outer, inner, false);
  const ip = arnParts(inner);
  // A six-part outer pattern cannot hold everything a pattern of another shape names.
  if (!ip) return false;
  return op.every((part, i) => patternCovers(part, ip[i] ?? '', false));
}

/** Whether `set` contains every action `pattern` stands for (the engine matches actions without case). */
function actionSetCovers(set: PatternSet, pattern: string): boolean {
  const literal = !WILD.test(pattern);
  const named = (p: string) => (literal ? wildcardMatch(p, pattern, true) : patternCovers(p, pattern, true));
  if (set.mode === 'only') return set.patterns.some(named);
  // Everything except E contains P when no string matches both: conservatively, when P is
  // literal and no E matches it.
  return literal && !set.patterns.some((p) => wildcardMatch(p, pattern, true));
}

/** Whether `set` contains every resource `pattern` stands for. */
function resourceSetCovers(set: PatternSet, pattern: string): boolean {
  if (set.mode === 'only') return set.patterns.some((p) => resourceCovers(p, pattern));
  return !WILD.test(pattern) && !set.patterns.some((p) => arnMatch({ text: p }, pattern));
}

/** Whether `outer` contains everything `inner` (an `except` set) stands for. */
function containsExcept(outer: PatternSet, inner: PatternSet, covers: (o: string, i: string) => boolean): boolean {
  if (outer.mode === 'only') return outer.patterns.some((p) => p === '*' || covers(p, '*'));
  // all but E_outer ⊇ all but E_inner  ⇔  E_outer ⊆ E_inner.
  return outer.patterns.every((e) => inner.patterns.some((i) => covers(i, e)));
}

/** The requester a unit's principal (`AWS:arn`, `Service:name`, …) stands for, and its type. */
function requester(principal: string): { type: string; value: string } {
  const colon = principal.indexOf(':');
  return { type: principal.slice(0, colon), value: principal.slice(colon + 1) };
}

/**
 * Whether statement `s` (its Principal or NotPrincipal) applies to the one principal of a
 * unit, by the engine's principal matching: only entries of the principal's own type count.
 */
function principalNamedBy(s: NormalStatement, principal: string): boolean {
  const spec = s.principalSpec;
  if (!spec || !s.principals) return false;
  const not = s.principals.mode === 'except';
  if (principal === '*') return !not && spec.any;
  const { type, value } = requester(principal);
  const own: PrincipalSpec = { any: spec.any, entries: spec.entries.filter((e) => e.type === type) };
  const p = parsePrincipal(value);
  if (not) return !notPrincipalExempts(own, p, s.effect);
  return matchPrincipal(own, p) !== undefined;
}

// ---------------------------------------------------------------------------
// Conditions: does one condition block hold whenever another does?

/** Whether a block holds for a request without the key (the engine decides: IfExists, sets, negation, Null). */
function holdsWhenMissing(b: ConditionBlock & { parsed: ParsedOperator }): boolean {
  return evaluateCondition(b.parsed, b.key, [...b.values], () => undefined, false).ok;
}

/** Whether a block holds for a request whose key has the single value `value`. */
function holdsFor(b: ConditionBlock & { parsed: ParsedOperator }, value: string): boolean {
  return evaluateCondition(b.parsed, b.key, [...b.values], () => [value], false).ok;
}

/** The operator's positive test alone (no negation, set or IfExists), for one value at a time. */
function positiveTest(b: ConditionBlock & { parsed: ParsedOperator }): ConditionBlock & { parsed: ParsedOperator } {
  const { set: _set, ...rest } = b.parsed;
  return { ...b, parsed: { ...rest, negated: false, ifExists: false } };
}

/** How the engine treats a request key with several values: some must pass, or all. */
function setMode(op: ParsedOperator): 'any' | 'all' {
  // Without a set operator, a positive operator passes when some value does, a negated one when all do.
  return op.set ?? (op.negated ? 'all' : 'any');
}

/**
 * Whether `value` of block `b` stands for exactly the strings the engine compares it with
 * one by one (no pattern, range or block of addresses): then the engine itself can say
 * whether the other block admits each.
 */
function discrete(op: ParsedOperator, value: string): boolean {
  switch (op.family) {
    case 'string':
      return op.test === 'equals' || (op.test === 'like' && !WILD.test(value));
    case 'arn':
      return !WILD.test(value);
    case 'numeric':
    case 'date':
      return op.test === 'equals';
    case 'ip':
      return !value.includes('/');
    default:
      return true;
  }
}

function parseBound(op: ParsedOperator, v: string): number | undefined {
  if (op.family === 'date') return parseDate(v);
  const t = v.trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : undefined;
}

/** NumericLessThan 10 within NumericLessThanEquals 10, and the like: same direction, limit inside. */
function boundWithin(inner: ParsedOperator, iv: string, outer: ParsedOperator, ov: string): boolean {
  const a = parseBound(inner, iv);
  const b = parseBound(outer, ov);
  if (a === undefined || b === undefined) return false;
  const below = (t: string) => t === 'lt' || t === 'lte';
  const above = (t: string) => t === 'gt' || t === 'gte';
  if (below(inner.test) && below(outer.test)) return inner.test === 'lte' && outer.test === 'lt' ? a < b : a <= b;
  if (above(inner.test) && above(outer.test)) return inner.test === 'gte' && outer.test === 'gt' ? a > b : a >= b;
  return false;
}

/** `10.1.0.0/16` inside `10.0.0.0/8`: the inner block's prefix no shorter, its address inside. */
function cidrWithin(inner: string, outer: string): boolean {
  const prefix = (c: string) => (c.includes('/') ? Number(c.slice(c.indexOf('/') + 1)) : undefined);
  const pi = prefix(inner);
  const po = prefix(outer);
  if (pi === undefined || !Number.isInteger(pi)) return false;
  if (po !== undefined && po > pi) return false;
  return ipInCidr(inner.slice(0, inner.indexOf('/')), outer);
}

/**
 * Whether every string that `inner`'s positive test accepts for one value is accepted by
 * `outer`'s positive test (each ignoring negation, set operators and IfExists).
 */
function positiveWithin(
  inner: ConditionBlock & { parsed: ParsedOperator },
  outer: ConditionBlock & { parsed: ParsedOperator },
): boolean {
  const io = inner.parsed;
  const oo = outer.parsed;
  const test = positiveTest(outer);
  return inner.values.every((iv) => {
    if (io.family === 'string' && io.test === 'equalsIgnoreCase')
      // Every spelling of the value: only a test without case on the same value holds them all.
      return iv.toLowerCase() === iv.toUpperCase()
        ? holdsFor(test, iv)
        : oo.family === 'string' && oo.test === 'equalsIgnoreCase' && holdsFor(test, iv);
    if (discrete(io, iv)) return holdsFor(test, iv);
    if (io.family !== oo.family) return false;
    switch (io.family) {
      case 'string':
        return oo.test === 'like' && outer.values.some((ov) => patternCovers(ov, iv, false));
      case 'arn':
        return outer.values.some((ov) => resourceCovers(ov, iv));
      case 'numeric':
      case 'date':
        return outer.values.some((ov) => boundWithin(io, iv, oo, ov));
      case 'ip':
        return outer.values.some((ov) => cidrWithin(iv, ov));
      default:
        return false;
    }
  });
}

/** Whether no string passes both blocks' positive tests (checked for `inner`'s discrete values only). */
function disjoint(
  inner: ConditionBlock & { parsed: ParsedOperator },
  outer: ConditionBlock & { parsed: ParsedOperator },
): boolean {
  const test = positiveTest(outer);
  return inner.values.every((iv) => discrete(inner.parsed, iv) && !holdsFor(test, iv));
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.every((x) => b.includes(x));

/** Whether every request that passes `strict` also passes `loose` (both test the same key). */
function implies(strict: ConditionBlock, loose: ConditionBlock): boolean {
  const so = strict.parsed;
  const lo = loose.parsed;
  // An operator the engine does not know: only the same block, as written, is known to hold.
  if (!so || !lo)
    return strict.operator.toLowerCase() === loose.operator.toLowerCase() && sameSet(loose.values, strict.values);
  const s = { ...strict, parsed: so };
  const l = { ...loose, parsed: lo };
  // Policy variables are compared as text: the same test, values a subset (the other way when negated).
  if ([...strict.values, ...loose.values].some((v) => v.includes('${')))
    return (
      so.family === lo.family &&
      so.test === lo.test &&
      so.negated === lo.negated &&
      so.set === lo.set &&
      (lo.ifExists || !so.ifExists) &&
      (so.negated ? sameSet(loose.values, strict.values) : sameSet(strict.values, loose.values))
    );
  if (holdsWhenMissing(s) && !holdsWhenMissing(l)) return false;
  if (so.family === 'null' || lo.family === 'null')
    // Null tests presence only: compare what each says about a present key.
    return !holdsFor(s, 'present') || holdsFor(l, 'present');
  if (setMode(so) !== setMode(lo)) return false;
  // One value at a time: the values `strict` lets through must all get through `loose`.
  if (!so.negated && !lo.negated) return positiveWithin(s, l);
  if (so.negated && lo.negated) return positiveWithin(l, s);
  if (!so.negated && lo.negated) return disjoint(s, l);
  return false;
}

/** How `loose` (the other statement's block) relates to `strict` (the unit's): covered, or why not. */
function blockCovered(
  loose: ConditionBlock,
  strict: readonly ConditionBlock[],
): { ok: true } | { ok: false; why: 'removed' | 'widened' | 'changed' } {
  const same = strict.filter((b) => b.key === loose.key);
  if (same.length === 0) return { ok: false, why: 'removed' };
  if (same.some((b) => implies(b, loose))) return { ok: true };
  // The same kind of test with wider values (or IfExists added) widens; another test changes.
  const kin = (b: ConditionBlock) =>
    b.parsed && loose.parsed
      ? b.parsed.family === loose.parsed.family &&
        b.parsed.negated === loose.parsed.negated &&
        setMode(b.parsed) === setMode(loose.parsed)
      : b.operator.toLowerCase() === loose.operator.toLowerCase();
  return { ok: false, why: same.some(kin) ? 'widened' : 'changed' };
}

export interface ConditionChange {
  readonly key: string;
  readonly operator: string;
  /** removed: the edit drops it; widened: more values pass; changed: a different test (compared as looser). */
  readonly change: 'removed' | 'widened' | 'changed';
}

function conditionChanges(coverer: readonly ConditionBlock[], unit: readonly ConditionBlock[]): ConditionChange[] {
  const out: ConditionChange[] = [];
  for (const c of coverer) {
    const r = blockCovered(c, unit);
    if (!r.ok) out.push({ key: c.keyAsWritten, operator: c.operator, change: r.why });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Units

interface Unit {
  /** A concrete action (`s3:GetObject`) or a pattern the catalog did not expand. */
  readonly action: string;
  /** For an `except` action set: the whole set. */
  readonly actionSet?: PatternSet;
  readonly resource: string;
  readonly resourceSet?: PatternSet;
  readonly principal?: string;
  readonly principalSet?: PatternSet;
  readonly conditions: readonly ConditionBlock[];
  readonly statement: NormalStatement;
}

type Expand = (pattern: string) => string[] | undefined;

function unitsOf(s: NormalStatement, expand: Expand): Unit[] {
  const actions: { action: string; actionSet?: PatternSet }[] =
    s.actions.mode === 'except'
      ? [{ action: `* except ${s.actions.patterns.join(', ')}`, actionSet: s.actions }]
      : s.actions.patterns.flatMap((p) => (expand(p) ?? [p]).map((a) => ({ action: a })));
  const resources: { resource: string; resourceSet?: PatternSet }[] =
    s.resources.mode === 'except'
      ? [{ resource: `* except ${s.resources.patterns.join(', ')}`, resourceSet: s.resources }]
      : s.resources.patterns.map((r) => ({ resource: r }));
  const principals: { principal?: string; principalSet?: PatternSet }[] = !s.principals
    ? [{}]
    : s.principals.mode === 'except'
      ? [{ principal: `* except ${s.principals.patterns.join(', ')}`, principalSet: s.principals }]
      : s.principals.patterns.map((p) => ({ principal: p }));
  const out: Unit[] = [];
  for (const a of actions)
    for (const r of resources)
      for (const p of principals) out.push({ ...a, ...r, ...p, conditions: s.conditions, statement: s });
  return out;
}

function actionCovered(s: NormalStatement, u: Unit): boolean {
  return u.actionSet
    ? containsExcept(s.actions, u.actionSet, (o, i) => patternCovers(o, i, true))
    : actionSetCovers(s.actions, u.action);
}

function resourceCovered(s: NormalStatement, u: Unit): boolean {
  return u.resourceSet
    ? containsExcept(s.resources, u.resourceSet, resourceCovers)
    : resourceSetCovers(s.resources, u.resource);
}

function principalCovered(s: NormalStatement, u: Unit): boolean {
  if (u.principal === undefined) return true;
  if (!s.principals || !s.principalSpec) return false;
  if (s.principals.mode === 'only' && s.principalSpec.any) return true;
  if (u.principalSet) {
    // Everyone but E_u is inside everyone but E_s when every principal E_s names is in E_u.
    if (s.principals.mode === 'only') return false;
    return s.principals.patterns.every((e) => e !== '*' && !principalNamedBy(u.statement, e));
  }
  return principalNamedBy(s, u.principal);
}

export type GrantReason = 'action' | 'resource' | 'principal' | 'condition';

export interface AccessItem {
  readonly action: string;
  readonly resource: string;
  /** The statement has no Resource (a trust policy's): `resource` is not worth showing. */
  readonly impliedResource?: boolean;
  readonly principal?: string;
  /** Why it is new (or gone): the action, resource or principal was not there, or the conditions differ. */
  readonly reason: GrantReason;
  readonly conditions: readonly ConditionChange[];
  /** The statement it comes from (its Sid, or its position from 1). */
  readonly statement: string;
  /** Written with NotAction / NotResource / NotPrincipal. */
  readonly negated: boolean;
}

function label(s: NormalStatement, all: readonly NormalStatement[]): string {
  return s.sid ? `"${s.sid}"` : `#${all.indexOf(s) + 1}`;
}

/** The units of `from` (of effect `effect`) that `by` does not cover, with why. */
function uncovered(
  from: readonly NormalStatement[],
  by: readonly NormalStatement[],
  effect: 'Allow' | 'Deny',
  expand: Expand,
): AccessItem[] {
  const coverers = by.filter((s) => s.effect === effect);
  const out: AccessItem[] = [];
  for (const s of from.filter((x) => x.effect === effect)) {
    for (const u of unitsOf(s, expand)) {
      const withPrincipal = coverers.filter((c) => principalCovered(c, u));
      const withAction = withPrincipal.filter((c) => actionCovered(c, u));
      const withResource = withAction.filter((c) => resourceCovered(c, u));
      const changes = withResource.map((c) => conditionChanges(c.conditions, u.conditions));
      if (changes.some((c) => c.length === 0)) continue;
      const reason: GrantReason =
        withPrincipal.length === 0 && u.principal !== undefined
          ? 'principal'
          : withAction.length === 0
            ? 'action'
            : withResource.length === 0
              ? 'resource'
              : 'condition';
      // The closest statement: the one with the fewest condition differences.
      const closest = reason === 'condition' ? changes.reduce((a, b) => (b.length < a.length ? b : a)) : [];
      out.push({
        action: u.action,
        resource: u.resource,
        ...(s.impliedResource ? { impliedResource: true } : {}),
        ...(u.principal !== undefined ? { principal: u.principal } : {}),
        reason,
        conditions: closest,
        statement: label(s, from),
        negated: Boolean(u.actionSet || u.resourceSet || u.principalSet),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// The difference

export interface ServiceGroup {
  readonly service: string;
  readonly accessLevel: AccessLevel | 'Unknown';
  readonly items: readonly AccessItem[];
}

export interface TrustedPrincipal {
  readonly principal: string;
  /**
   * anyone: `*`; account: an AWS account (another, or this one); service: an AWS service; federated: an identity
   * provider.
   */
  readonly kind: 'anyone' | 'account' | 'service' | 'federated' | 'other';
  /** The account id, for `account`. */
  readonly account?: string;
  /** For `account`, when the policy's own account is known: whether it is another account. */
  readonly otherAccount?: boolean;
}

export interface AccessDiff {
  /**
   * Access the edit allows that the original did not, grouped by service and access level (Permissions management and
   * Write first).
   */
  readonly granted: readonly ServiceGroup[];
  /** Access the original allowed that the edit no longer does. */
  readonly revoked: readonly ServiceGroup[];
  /** Units of the original's Deny statements that no Deny of the edit still covers: access widened. */
  readonly denyRemoved: readonly AccessItem[];
  /** Principals the edit trusts (for some action) that the original did not. */
  readonly newlyTrusted: readonly TrustedPrincipal[];
  /** Condition keys dropped or loosened, each once (sts:ExternalId, aws:MultiFactorAuthPresent, …). */
  readonly conditionsLoosened: readonly ConditionChange[];
  /** Where this answer is approximate, for the reader. */
  readonly approximations: readonly string[];
  /** True when the edit allows nothing the original did not, and removes or narrows no Deny. */
  readonly noNewAccess: boolean;
}

const LEVEL_ORDER: readonly (AccessLevel | 'Unknown')[] = [
  'Permissions management',
  'Write',
  'Tagging',
  'Read',
  'List',
  'Unknown',
];

export interface DiffOptions {
  /** The account that holds the policy: principals of other accounts are told apart. */
  readonly accountId?: string;
}

/**
 * The access difference between `before` (what IAM holds) and `after` (the edit), both
 * parsed JSON. The catalog expands action wildcards; it is read only for the services
 * the two documents name.
 */
export async function accessDiff(
  before: unknown,
  after: unknown,
  catalog: ActionCatalog,
  options: DiffOptions = {},
): Promise<AccessDiff> {
  const oldS = normalize(before);
  const newS = normalize(after);
  const approximations = new Set<string>();

  // The catalog, one service at a time, for the services named without a wildcard.
  const services = new Map<string, ActionInfo[] | undefined>();
  const prefixes = new Set<string>();
  for (const s of [...oldS, ...newS])
    for (const p of s.actions.patterns) if (/^[^*?:]+:/.test(p)) prefixes.add(p.slice(0, p.indexOf(':')).toLowerCase());
  await Promise.all(
    [...prefixes].map(async (prefix) => services.set(prefix, (await catalog.service(prefix))?.actions)),
  );
  const levels = new Map<string, AccessLevel | 'Unknown'>();
  const expand: Expand = (pattern) => {
    const colon = pattern.indexOf(':');
    if (colon <= 0 || /[*?]/.test(pattern.slice(0, colon))) return undefined;
    const prefix = pattern.slice(0, colon).toLowerCase();
    const actions = services.get(prefix);
    if (!actions) {
      approximations.add(`The catalog does not know service "${prefix}": its actions are compared as written.`);
      return undefined;
    }
    const matched = actions.filter((a) => patternCovers(pattern, `${prefix}:${a.name}`, true));
    for (const a of matched) levels.set(`${prefix}:${a.name}`.toLowerCase(), a.accessLevels[0] ?? 'Unknown');
    // A name the catalog does not list (new, or misspelt) stays as written.
    return matched.length > 0 ? matched.map((a) => `${prefix}:${a.name}`) : undefined;
  };

  const granted = uncovered(newS, oldS, 'Allow', expand);
  const revoked = uncovered(oldS, newS, 'Allow', expand);
  const denyRemoved = uncovered(oldS, newS, 'Deny', expand);

  for (const i of [...granted, ...denyRemoved]) {
    if (i.action.includes(' except ') || i.resource.includes(' except '))
      approximations.add(
        'NotAction/NotResource allow everything but what they list: shown as "* except …", not expanded.',
      );
    if (/\$\{/.test(i.resource)) approximations.add('Policy variables (${…}) are compared as text.');
  }
  if ([...granted, ...denyRemoved].some((i) => i.reason === 'condition')) {
    const blocks = [...oldS, ...newS].flatMap((s) => s.conditions);
    if (blocks.some((b) => b.values.some((v) => v.includes('${'))))
      approximations.add('Policy variables (${…}) are compared as text.');
    const unknown = blocks.find((b) => !b.parsed);
    if (unknown) approximations.add(`The condition operator "${unknown.operator}" is unknown: compared as written.`);
  }
  if (granted.length > 0)
    approximations.add(
      'Compared statement by statement: access the original gave only through two statements together is shown as new.',
    );

  const newlyTrusted = new Map<string, TrustedPrincipal>();
  for (const i of granted)
    if (i.principal !== undefined && i.reason === 'principal')
      newlyTrusted.set(i.principal, classify(i.principal, options.accountId));
  const loosened = new Map<string, ConditionChange>();
  for (const i of [...granted, ...denyRemoved])
    for (const c of i.conditions) loosened.set(`${c.key.toLowerCase()}|${c.change}`, c);

  return {
    granted: group(granted, levels),
    revoked: group(revoked, levels),
    denyRemoved,
    newlyTrusted: [...newlyTrusted.values()],
    conditionsLoosened: [...loosened.values()],
    approximations: [...approximations],
    noNewAccess: granted.length === 0 && denyRemoved.length === 0,
  };
}

function classify(principal: string, accountId: string | undefined): TrustedPrincipal {
  if (principal === '*' || principal.startsWith('* except')) return { principal, kind: 'anyone' };
  const [type, ...rest] = principal.split(':');
  const value = rest.join(':');
  if (type === 'Service') return { principal, kind: 'service' };
  if (type === 'Federated') return { principal, kind: 'federated' };
  if (type === 'AWS') {
    const account = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
    if (account)
      return { principal, kind: 'account', account, ...(accountId ? { otherAccount: account !== accountId } : {}) };
  }
  return { principal, kind: 'other' };
}

function group(items: readonly AccessItem[], levels: ReadonlyMap<string, AccessLevel | 'Unknown'>): ServiceGroup[] {
  const groups = new Map<string, { service: string; accessLevel: AccessLevel | 'Unknown'; items: AccessItem[] }>();
  for (const i of items) {
    const colon = i.action.indexOf(':');
    const service = colon > 0 && !i.action.includes(' except ') ? i.action.slice(0, colon).toLowerCase() : '*';
    const accessLevel = levels.get(i.action.toLowerCase()) ?? 'Unknown';
    const key = `${service}|${accessLevel}`;
    const g = groups.get(key) ?? { service, accessLevel, items: [] };
    g.items.push(i);
    groups.set(key, g);
  }
  return [...groups.values()].sort(
    (a, b) =>
      LEVEL_ORDER.indexOf(a.accessLevel) - LEVEL_ORDER.indexOf(b.accessLevel) || a.service.localeCompare(b.service),
  );
}

// ---------------------------------------------------------------------------
// Words

function itemText(i: AccessItem): string {
  const on = i.impliedResource ? '' : i.resource === '*' ? ' on every resource (*)' : ` on ${i.resource}`;
  const who = i.principal !== undefined ? ` to ${i.principal === '*' ? 'anyone (*)' : i.principal}` : '';
  return `${i.action}${on}${who}`;
}

/** One line that leads the save confirmation: "Grants new access: …" or "No new access". */
export function headline(d: AccessDiff, max = 3): string {
  if (d.noNewAccess) return d.revoked.length > 0 ? 'No new access (some access is removed).' : 'No new access.';
  const items = [...d.granted.flatMap((g) => g.items), ...d.denyRemoved];
  const shown = items
    .slice(0, max)
    .map((i) => (d.denyRemoved.includes(i) ? `no longer denied: ${itemText(i)}` : itemText(i)));
  const more = items.length > max ? `, and ${items.length - max} more` : '';
  return `Grants new access: ${shown.join('; ')}${more}.`;
}

const REASON: Record<GrantReason, string> = {
  action: 'new action',
  resource: 'resource widened',
  principal: 'new principal',
  condition: 'condition loosened',
};

/** The full difference as plain text lines, for the confirmation's detail and the side panel. */
export function describeDiff(d: AccessDiff): string[] {
  const lines: string[] = [headline(d)];
  for (const p of d.newlyTrusted) {
    const what =
      p.kind === 'anyone'
        ? 'ANYONE'
        : p.kind === 'account'
          ? `${p.otherAccount ? 'another ' : ''}account ${p.account ?? ''}`
          : p.kind;
    lines.push(`Newly trusted: ${p.principal} (${what})`);
  }
  for (const c of d.conditionsLoosened) lines.push(`Condition ${c.change}: ${c.operator} ${c.key}`);
  for (const g of d.granted) {
    lines.push(`Allowed now — ${g.service}, ${g.accessLevel}:`);
    for (const i of g.items)
      lines.push(
        `  ${itemText(i)} (${REASON[i.reason]}${i.negated ? ', Not… element' : ''}; statement ${i.statement})`,
      );
  }
  for (const i of d.denyRemoved) lines.push(`Deny removed or narrowed: ${itemText(i)} (statement ${i.statement})`);
  for (const g of d.revoked) {
    lines.push(`No longer allowed — ${g.service}, ${g.accessLevel}:`);
    for (const i of g.items) lines.push(`  ${itemText(i)}`);
  }
  if (d.approximations.length > 0) lines.push(`Approximate: ${d.approximations.join(' ')}`);
  return lines;
}
