/**
 * Patterns after policy-variable substitution. Most patterns have no variables and go
 * straight to the project's linear matcher (`wildcardMatch`). A substituted value, a
 * default value and the escapes `${*}`, `${?}`, `${$}` are literal text, so a `*` or `?`
 * they bring in must not act as a wildcard: those patterns carry a mask of literal
 * positions and use `maskedMatch`, the same two-pointer walk that skips the mask.
 */
import { wildcardMatch } from '../policy/wildcard';

export interface Pattern {
  text: string;
  /** 1 where the character is literal even if it is `*` or `?`; undefined when none is. */
  literal?: Uint8Array;
}

/** Does `text` match `pattern` (`*` any run, `?` one character)? */
export function patternMatch(pattern: Pattern, text: string, caseInsensitive: boolean): boolean {
  if (!pattern.literal) return wildcardMatch(pattern.text, text, caseInsensitive);
  return maskedMatch(
    caseInsensitive ? pattern.text.toLowerCase() : pattern.text,
    pattern.literal,
    caseInsensitive ? text.toLowerCase() : text,
  );
}

/** Exact comparison (no wildcards at all), for StringEquals and its kin. */
export function patternEquals(pattern: Pattern, text: string, caseInsensitive: boolean): boolean {
  return caseInsensitive ? pattern.text.toLowerCase() === text.toLowerCase() : pattern.text === text;
}

/** The linear glob walk of `wildcardMatch`, where masked characters only match themselves. */
export function maskedMatch(p: string, mask: Uint8Array, t: string): boolean {
  const isStar = (i: number): boolean => p.charCodeAt(i) === 42 && mask[i] !== 1;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (
      pi < p.length &&
      !isStar(pi) &&
      ((p.charCodeAt(pi) === 63 && mask[pi] !== 1) || p.charCodeAt(pi) === t.charCodeAt(ti))
    ) {
      pi++;
      ti++;
    } else if (pi < p.length && isStar(pi)) {
      while (pi < p.length && isStar(pi)) pi++;
      if (pi === p.length) return true;
      star = pi;
      mark = ti;
    } else if (star >= 0) {
      pi = star;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && isStar(pi)) pi++;
  return pi === p.length;
}

/** Splits an ARN into its six colon-separated parts (the last keeps any further colons); undefined for fewer. */
export function arnParts(arn: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const at = arn.indexOf(':', from);
    if (at < 0) return undefined;
    parts.push(arn.slice(from, at));
    from = at + 1;
  }
  parts.push(arn.slice(from));
  return parts;
}

/**
 * ARN matching for Resource/NotResource and the Arn condition operators: each of the six
 * components is matched on its own (a wildcard does not run across the colons of the first
 * five), case-sensitively. `*` alone matches everything. A pattern that is not a six-part
 * ARN is matched against the whole text.
 */
export function arnMatch(pattern: Pattern, value: string, valueParts: string[] | undefined = arnParts(value)): boolean {
  if (pattern.text === '*' && !pattern.literal?.[0]) return true;
  const pp = pattern.literal ? arnParts(pattern.text) : cachedParts(pattern.text);
  if (!pp || !valueParts) return patternMatch(pattern, value, false);
  let offset = 0;
  for (let i = 0; i < 6; i++) {
    const seg = pp[i] ?? '';
    const val = valueParts[i] ?? '';
    const mask = pattern.literal?.subarray(offset, offset + seg.length);
    const ok = mask ? maskedMatch(seg, mask, val) : seg === val || wildcardMatch(seg, val, false);
    if (!ok) return false;
    offset += seg.length + 1;
  }
  return true;
}

/** Policy ARNs repeat across requests: their parts are split once. */
const partsCache = new Map<string, string[] | undefined>();
function cachedParts(text: string): string[] | undefined {
  let parts = partsCache.get(text);
  if (parts === undefined && !partsCache.has(text)) {
    if (partsCache.size > 10_000) partsCache.clear();
    parts = arnParts(text);
    partsCache.set(text, parts);
  }
  return parts;
}
