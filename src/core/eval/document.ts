/**
 * Turns a policy (a JSON object, or its text) into the compiled form the engine reads:
 * statements with their elements normalized to arrays, lower-cased action patterns, parsed
 * condition operators, and, when the policy came as text, each statement's position.
 * Shape errors raise EvalInputError naming the field, so a caller can say what to fix.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { decodePolicyDocument } from '../policy/document';
import { parseOperator, type ParsedOperator } from './conditions';
import { EvalInputError, type PolicyInput, type Position } from './types';

export interface PrincipalSpec {
  /** `"*"` or `{"AWS": "*"}`. */
  any: boolean;
  entries: { type: string; values: string[] }[];
}

export interface ConditionClause {
  operator: ParsedOperator;
  /** Lower case: condition key names are case-insensitive. */
  key: string;
  /** As written (the key name's spelling is kept for messages). */
  keyAsWritten: string;
  values: string[];
}

export interface ActionSet {
  /** Any action at all (`*`). */
  all: boolean;
  exact: Set<string>;
  /** Lower-cased wildcard patterns. */
  patterns: string[];
}

export interface CompiledStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: ActionSet;
  notAction?: ActionSet;
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  conditions: ConditionClause[];
  position?: Position;
}

export interface CompiledPolicy {
  /** Policy variables are substituted only with Version 2012-10-17. */
  variables: boolean;
  statements: CompiledStatement[];
}

const cache = new WeakMap<object, CompiledPolicy>();
const textCache = new Map<string, CompiledPolicy>();
const TEXT_CACHE_LIMIT = 500;

/**
 * Compiles `input`; `field` names it in error messages (`identityPolicies[0]`). Cached per
 * object and per text: a policy object must not be changed after it has been evaluated.
 */
export function compilePolicy(input: PolicyInput, field: string): CompiledPolicy {
  if (typeof input === 'string') {
    const hit = textCache.get(input);
    if (hit) return hit;
    const compiled = compileText(input, field);
    if (textCache.size >= TEXT_CACHE_LIMIT) textCache.clear();
    textCache.set(input, compiled);
    return compiled;
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new EvalInputError(field, `a policy must be a JSON object or a string holding one, not ${describe(input)}.`);
  }
  const hit = cache.get(input);
  if (hit) return hit;
  const compiled = compileObject(input, field, undefined);
  cache.set(input, compiled);
  return compiled;
}

function compileText(raw: string, field: string): CompiledPolicy {
  // Text as IAM returns it (URL-encoded) is decoded first; positions refer to the decoded text.
  const text = decodePolicyDocument(raw);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new EvalInputError(
      field,
      `the policy text is not valid JSON (${err instanceof Error ? err.message : String(err)}). Fix the JSON, ` +
        `or give the policy as an object.`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EvalInputError(field, `the policy text must hold a JSON object, not ${describe(value)}.`);
  }
  return compileObject(value as Record<string, unknown>, field, statementPositions(text));
}

/** The syntax nodes of a policy text's statements (a single statement object counts as one). */
export function statementNodes(text: string): Node[] {
  const root = parseTree(text);
  if (!root || root.type !== 'object') return [];
  // The last "Statement" property wins, as with JSON.parse.
  let stmt: Node | undefined;
  for (const prop of root.children ?? []) {
    if (prop.children?.[0]?.value === 'Statement') stmt = prop.children[1];
  }
  if (!stmt) return [];
  return stmt.type === 'array' ? (stmt.children ?? []) : [stmt];
}

/** Offsets of the statements (in order), from the text's syntax tree. */
export function statementPositions(text: string): Position[] {
  const nodes = statementNodes(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return nodes.map((n) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= n.offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset: n.offset, line: lo + 1, column: n.offset - (lineStarts[lo] ?? 0) + 1 };
  });
}

function compileObject(doc: Record<string, unknown>, field: string, positions: Position[] | undefined): CompiledPolicy {
  const version = doc.Version;
  if (version !== undefined && typeof version !== 'string')
    throw new EvalInputError(`${field}.Version`, `must be a string ("2012-10-17"), not ${describe(version)}.`);
  const raw = doc.Statement;
  if (raw === undefined)
    throw new EvalInputError(
      `${field}.Statement`,
      'is missing: a policy needs a Statement (an object or a list of them).',
    );
  const list = Array.isArray(raw) ? raw : [raw];
  const statements = list.map((s, i) =>
    compileStatement(s, i, Array.isArray(raw) ? `${field}.Statement[${i}]` : `${field}.Statement`, positions?.[i]),
  );
  return { variables: version === '2012-10-17', statements };
}

function compileStatement(s: unknown, index: number, field: string, position: Position | undefined): CompiledStatement {
  if (s === null || typeof s !== 'object' || Array.isArray(s))
    throw new EvalInputError(field, `a statement must be a JSON object, not ${describe(s)}.`);
  const st = s as Record<string, unknown>;
  const effect = st.Effect;
  if (effect !== 'Allow' && effect !== 'Deny')
    throw new EvalInputError(`${field}.Effect`, `must be "Allow" or "Deny", not ${describe(effect)}.`);
  const out: CompiledStatement = { index, effect, conditions: [] };
  if (typeof st.Sid === 'string') out.sid = st.Sid;
  if (position) out.position = position;
  if (st.Action !== undefined && st.NotAction !== undefined)
    throw new EvalInputError(field, 'has both Action and NotAction; a statement takes one of them.');
  if (st.Action !== undefined) out.action = actionSet(strings(st.Action, `${field}.Action`));
  else if (st.NotAction !== undefined) out.notAction = actionSet(strings(st.NotAction, `${field}.NotAction`));
  else throw new EvalInputError(field, 'has neither Action nor NotAction; add the actions the statement is about.');
  if (st.Resource !== undefined && st.NotResource !== undefined)
    throw new EvalInputError(field, 'has both Resource and NotResource; a statement takes one of them.');
  if (st.Resource !== undefined) out.resource = strings(st.Resource, `${field}.Resource`);
  else if (st.NotResource !== undefined) out.notResource = strings(st.NotResource, `${field}.NotResource`);
  if (st.Principal !== undefined && st.NotPrincipal !== undefined)
    throw new EvalInputError(field, 'has both Principal and NotPrincipal; a statement takes one of them.');
  if (st.Principal !== undefined) out.principal = principalSpec(st.Principal, `${field}.Principal`);
  else if (st.NotPrincipal !== undefined) out.notPrincipal = principalSpec(st.NotPrincipal, `${field}.NotPrincipal`);
  if (st.Condition !== undefined) out.conditions = conditions(st.Condition, `${field}.Condition`);
  return out;
}

function actionSet(values: string[]): ActionSet {
  const set: ActionSet = { all: false, exact: new Set(), patterns: [] };
  for (const v of values) {
    const lower = v.toLowerCase();
    if (lower === '*') set.all = true;
    else if (lower.includes('*') || lower.includes('?')) set.patterns.push(lower);
    else set.exact.add(lower);
  }
  return set;
}

function strings(value: unknown, field: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v, i) => {
    if (typeof v !== 'string')
      throw new EvalInputError(
        Array.isArray(value) ? `${field}[${i}]` : field,
        `must be a string, not ${describe(v)}.`,
      );
    return v;
  });
}

function principalSpec(value: unknown, field: string): PrincipalSpec {
  if (value === '*') return { any: true, entries: [] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EvalInputError(
      field,
      `must be "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}, not ${describe(value)}.`,
    );
  }
  const spec: PrincipalSpec = { any: false, entries: [] };
  for (const [type, v] of Object.entries(value as Record<string, unknown>)) {
    // An account id written as a JSON number (111122223333) is the account: JSON has no leading zeros.
    const accountNumber = (x: unknown): unknown =>
      type === 'AWS' && typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 1e12
        ? String(x).padStart(12, '0')
        : x;
    const values = strings(Array.isArray(v) ? v.map(accountNumber) : accountNumber(v), `${field}.${type}`);
    if (type === 'AWS' && values.includes('*')) spec.any = true;
    spec.entries.push({ type, values });
  }
  return spec;
}

function conditions(value: unknown, field: string): ConditionClause[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new EvalInputError(
      field,
      `must be an object of operators, such as {"StringEquals": {"aws:username": "Bob"}}, not ${describe(value)}.`,
    );
  const out: ConditionClause[] = [];
  for (const [op, block] of Object.entries(value as Record<string, unknown>)) {
    const operator = parseOperator(op);
    if (!operator)
      throw new EvalInputError(
        `${field}.${op}`,
        `"${op}" is not a condition operator IAM knows (StringEquals, StringLike, NumericLessThan, ` +
          `DateGreaterThan, Bool, BinaryEquals, IpAddress, ArnLike, Null, ..., optionally with IfExists and ` +
          `ForAllValues:/ForAnyValue:).`,
      );
    if (block === null || typeof block !== 'object' || Array.isArray(block))
      throw new EvalInputError(
        `${field}.${op}`,
        `must be an object of condition keys to values, not ${describe(block)}.`,
      );
    for (const [key, v] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(v) ? v : [v];
      const values = list.map((x, i) => {
        if (typeof x === 'string') return x;
        if (typeof x === 'number' || typeof x === 'boolean') return String(x);
        throw new EvalInputError(
          `${field}.${op}.${key}${Array.isArray(v) ? `[${i}]` : ''}`,
          `a condition value must be a string, number or boolean, not ${describe(x)}.`,
        );
      });
      out.push({ operator, key: key.toLowerCase(), keyAsWritten: key, values });
    }
  }
  return out;
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
