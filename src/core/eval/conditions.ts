/**
 * Condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators" and
 * "Conditions with multiple context keys or values"):
 * - several values for one key are ORed; a negated operator (StringNotEquals, ArnNotLike,
 *   NotIpAddress, ...) is the NOR of its positive form over the values;
 * - a key missing from the request: the positive operators are false, the negated ones true,
 *   `...IfExists` is true, `Null: true` is true;
 * - `ForAnyValue:` true when some request value satisfies the operator (false on a missing
 *   or empty key); `ForAllValues:` true when every request value does (true on a missing or
 *   empty key). For a negated operator, "satisfies" means: matches none of the policy values;
 * - without a set operator, a multivalued request key behaves as ForAnyValue for a positive
 *   operator and as its negation for a negated one;
 * - values are compared case-sensitively except by `...IgnoreCase`; `Bool` compares
 *   `true`/`false` without case; policy variables are substituted for String, Arn and Bool
 *   (the operators the docs allow them in).
 */
import { arnMatch, patternEquals, patternMatch, type Pattern } from './pattern';
import { hasVariables, isMissing, substitute, type ContextLookup } from './variables';

type Family = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

export interface ParsedOperator {
  /** As written, for messages. */
  name: string;
  family: Family;
  /** The base comparison: equals, equalsIgnoreCase, like, lt, lte, gt, gte, ip, arn. */
  test: 'equals' | 'equalsIgnoreCase' | 'like' | 'lt' | 'lte' | 'gt' | 'gte' | 'ip' | 'arn' | 'null';
  negated: boolean;
  ifExists: boolean;
  set?: 'any' | 'all';
}

const BASE: Record<string, Pick<ParsedOperator, 'family' | 'test' | 'negated'>> = {
  stringequals: { family: 'string', test: 'equals', negated: false },
  stringnotequals: { family: 'string', test: 'equals', negated: true },
  stringequalsignorecase: { family: 'string', test: 'equalsIgnoreCase', negated: false },
  stringnotequalsignorecase: { family: 'string', test: 'equalsIgnoreCase', negated: true },
  stringlike: { family: 'string', test: 'like', negated: false },
  stringnotlike: { family: 'string', test: 'like', negated: true },
  numericequals: { family: 'numeric', test: 'equals', negated: false },
  numericnotequals: { family: 'numeric', test: 'equals', negated: true },
  numericlessthan: { family: 'numeric', test: 'lt', negated: false },
  numericlessthanequals: { family: 'numeric', test: 'lte', negated: false },
  numericgreaterthan: { family: 'numeric', test: 'gt', negated: false },
  numericgreaterthanequals: { family: 'numeric', test: 'gte', negated: false },
  dateequals: { family: 'date', test: 'equals', negated: false },
  datenotequals: { family: 'date', test: 'equals', negated: true },
  datelessthan: { family: 'date', test: 'lt', negated: false },
  datelessthanequals: { family: 'date', test: 'lte', negated: false },
  dategreaterthan: { family: 'date', test: 'gt', negated: false },
  dategreaterthanequals: { family: 'date', test: 'gte', negated: false },
  bool: { family: 'bool', test: 'equals', negated: false },
  binaryequals: { family: 'binary', test: 'equals', negated: false },
  ipaddress: { family: 'ip', test: 'ip', negated: false },
  notipaddress: { family: 'ip', test: 'ip', negated: true },
  arnequals: { family: 'arn', test: 'arn', negated: false },
  arnlike: { family: 'arn', test: 'arn', negated: false },
  arnnotequals: { family: 'arn', test: 'arn', negated: true },
  arnnotlike: { family: 'arn', test: 'arn', negated: true },
  null: { family: 'null', test: 'null', negated: false },
};

/** Parses `ForAllValues:StringLikeIfExists` and the like; undefined for an unknown operator. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'forallvalues') set = 'all';
    else if (q === 'foranyvalue') set = 'any';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let lower = rest.toLowerCase();
  let ifExists = false;
  if (lower.endsWith('ifexists') && lower !== 'null') {
    ifExists = true;
    lower = lower.slice(0, -'ifexists'.length);
  }
  const base = BASE[lower];
  if (!base) return undefined;
  if (base.family === 'null' && (ifExists || set)) return undefined;
  return { name, ...base, ifExists, ...(set ? { set } : {}) };
}

export interface ConditionOutcome {
  ok: boolean;
  /** Keys the request did not have, as the policy writes them. */
  missing: string[];
}

/** Evaluates one operator/key/values entry of a Condition block. */
export function evaluateCondition(
  op: ParsedOperator,
  key: string,
  policyValues: string[],
  lookup: ContextLookup,
  variables: boolean,
  keyAsWritten: string = key,
): ConditionOutcome {
  const missing: string[] = [];
  let raw = lookup(key);
  // For the set operators an empty string is an empty data set, like an empty list.
  if (raw && op.set && raw.every((v) => v === '')) raw = [];
  const present = raw !== undefined && raw.length > 0;
  if (!present) missing.push(keyAsWritten);

  if (op.family === 'null') {
    // "true": the key is absent (or has no value); "false": it is present. Values are ORed.
    const ok = policyValues.some((v) =>
      v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' ? present : false,
    );
    return { ok, missing };
  }
  if (!present) {
    if (op.ifExists) return { ok: true, missing };
    if (op.set === 'all') return { ok: true, missing };
    if (op.set === 'any') return { ok: false, missing };
    return { ok: op.negated, missing };
  }
  // Policy values, with variables substituted where the family allows them.
  const patterns: Pattern[] = [];
  for (const v of policyValues) {
    if (variables && (op.family === 'string' || op.family === 'arn' || op.family === 'bool') && hasVariables(v)) {
      const s = substitute(v, lookup);
      if (isMissing(s)) {
        // A variable without a value matches nothing (a negated operator then holds).
        for (const m of s.missing) if (!missing.includes(m)) missing.push(m);
        continue;
      }
      patterns.push(s);
    } else {
      patterns.push({ text: v });
    }
  }
  const matchesAny = (value: string): boolean => patterns.some((p) => positive(op, p, value));
  const values = raw ?? [];
  let ok: boolean;
  if (op.set === 'all') ok = values.every((v) => (op.negated ? !matchesAny(v) : matchesAny(v)));
  else if (op.set === 'any') ok = values.some((v) => (op.negated ? !matchesAny(v) : matchesAny(v)));
  else {
    const any = values.some(matchesAny);
    ok = op.negated ? !any : any;
  }
  return { ok, missing };
}

/** The positive (un-negated) comparison of one request value with one policy value. */
function positive(op: ParsedOperator, p: Pattern, value: string): boolean {
  switch (op.family) {
    case 'string':
      if (op.test === 'like') return patternMatch(p, value, false);
      return patternEquals(p, value, op.test === 'equalsIgnoreCase');
    case 'arn':
      return arnMatch(p, value);
    case 'numeric':
      return compare(op.test, parseNumber(p.text), parseNumber(value));
    case 'date':
      return compare(op.test, parseDate(p.text), parseDate(value));
    case 'bool': {
      const a = p.text.toLowerCase();
      return (a === 'true' || a === 'false') && a === value.toLowerCase();
    }
    case 'binary':
      return binaryEquals(p.text, value);
    case 'ip':
      return ipInCidr(value, p.text);
    default:
      return false;
  }
}

function compare(test: ParsedOperator['test'], a: number | undefined, b: number | undefined): boolean {
  // a: the policy value, b: the request value. "NumericLessThan": request < policy.
  if (a === undefined || b === undefined) return false;
  switch (test) {
    case 'equals':
      return b === a;
    case 'lt':
      return b < a;
    case 'lte':
      return b <= a;
    case 'gt':
      return b > a;
    case 'gte':
      return b >= a;
    default:
      return false;
  }
}

function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/**
 * Epoch seconds, or the W3C profile of ISO 8601 the Condition operators page cites: a year
 * (`2026`), a month (`2026-01`), a day (`2026-01-01`), or a day and time (`2026-01-01T12:00Z`,
 * `2026-01-01T12:00:00.5+01:00`). A year or a month stands for its first day.
 */
export function parseDate(s: string): number | undefined {
  const t = s.trim();
  if (/^\d{4}$/.test(t)) return Date.parse(`${t}-01-01T00:00:00Z`);
  if (/^\d{4}-\d{2}$/.test(t)) {
    const ms = Date.parse(`${t}-01T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  // A date alone, or a time without a zone, is UTC (never the machine's local time).
  const utc = t.length === 10 ? `${t}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : `${t}Z`;
  const ms = Date.parse(utc);
  return Number.isNaN(ms) ? undefined : ms;
}

function binaryEquals(policy: string, value: string): boolean {
  const a = decodeBase64(policy);
  const b = decodeBase64(value);
  return a !== undefined && b !== undefined && a === b;
}

function decodeBase64(s: string): string | undefined {
  const t = s.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return undefined;
  return Buffer.from(t, 'base64').toString('hex');
}

// ---- IP addresses (IpAddress / NotIpAddress): IPv4 and IPv6, CIDR or a single address.

interface Ip {
  v6: boolean;
  value: bigint;
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIpv6(s: string): bigint | undefined {
  let text = s;
  let tail: bigint[] = [];
  // An embedded IPv4 address at the end (::ffff:192.0.2.1).
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.') && lastColon >= 0) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    text = text.slice(0, lastColon);
    if (text.endsWith(':')) text += ':'; // "::1.2.3.4" keeps its "::"
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const groups = h.split(':');
    const out: bigint[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const known = head.length + rest.length + tail.length;
  let groups: bigint[];
  if (halves.length === 2) {
    if (known > 7) return undefined;
    groups = [...head, ...new Array<bigint>(8 - known).fill(0n), ...rest, ...tail];
  } else {
    groups = [...head, ...tail];
    if (groups.length !== 8) return undefined;
  }
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

const ipCache = new Map<string, Ip | undefined>();

/** Parses an address; policy CIDRs and request addresses repeat, so results are kept (bounded). */
function parseIp(s: string): Ip | undefined {
  if (ipCache.has(s)) return ipCache.get(s);
  if (ipCache.size > 10_000) ipCache.clear();
  const ip = parseIpUncached(s);
  ipCache.set(s, ip);
  return ip;
}

function parseIpUncached(s: string): Ip | undefined {
  const t = s.trim();
  if (t.includes(':')) {
    const v = parseIpv6(t);
    return v === undefined ? undefined : { v6: true, value: v };
  }
  const v = parseIpv4(t);
  return v === undefined ? undefined : { v6: false, value: v };
}

/** Is the address `ip` inside `cidr` (`203.0.113.0/24`, `2001:db8::/32`, or one address)? */
export function ipInCidr(ip: string, cidr: string): boolean {
  const slash = cidr.indexOf('/');
  const net = parseIp(slash >= 0 ? cidr.slice(0, slash) : cidr);
  const addr = parseIp(ip.includes('/') ? ip.slice(0, ip.indexOf('/')) : ip);
  if (!net || !addr || net.v6 !== addr.v6) return false;
  const bits = net.v6 ? 128 : 32;
  const prefix = slash >= 0 ? Number(cidr.slice(slash + 1)) : bits;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return false;
  const shift = BigInt(bits - prefix);
  return net.value >> shift === addr.value >> shift;
}
