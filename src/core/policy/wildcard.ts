/**
 * IAM wildcard matching: `*` any run of characters (also none), `?` exactly one character.
 * Actions, service prefixes and condition keys match case-insensitively; resources and
 * string conditions case-sensitively, so the caller says which.
 *
 * No regular expressions: an anchored `.*` regex backtracks exponentially on patterns like
 * `iam:` + `*`×28 + `X` (a 97-character policy froze the extension host). This is the
 * two-pointer glob walk: on a mismatch it returns only to the most recent `*`, so a match
 * costs at most O(pattern × text) steps, whatever the pattern.
 */

/** Does `text` match the wildcard `pattern`? */
export function wildcardMatch(pattern: string, text: string, caseInsensitive = true): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = caseInsensitive ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1; // index in p just after the last `*` seen
  let mark = 0; // index in t that the last `*` is currently absorbing up to
  while (ti < t.length) {
    const c = p.charCodeAt(pi);
    if (pi < p.length && c !== 42 /* * */ && (c === 63 /* ? */ || c === t.charCodeAt(ti))) {
      pi++;
      ti++;
    } else if (pi < p.length && c === 42) {
      while (pi < p.length && p.charCodeAt(pi) === 42) pi++; // a run of stars is one star
      if (pi === p.length) return true; // a trailing star takes the rest
      star = pi;
      mark = ti;
    } else if (star >= 0) {
      pi = star;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++;
  return pi === p.length;
}

/** A reusable matcher for one pattern, with the `test` shape callers used from RegExp. */
export interface WildcardMatcher {
  test(text: string): boolean;
}

/** A case-insensitive matcher for an IAM wildcard pattern (actions, service prefixes). */
export function wildcardMatcher(pattern: string, caseInsensitive = true): WildcardMatcher {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  return { test: (text: string) => wildcardMatch(p, caseInsensitive ? text.toLowerCase() : text, false) };
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** Does the Action pattern `pattern` (e.g. `iam:Pass*`) match the action `action`? */
export function actionPatternMatches(pattern: string, action: string): boolean {
  return hasWildcard(pattern) ? wildcardMatch(pattern, action, true) : pattern.toLowerCase() === action.toLowerCase();
}

/** Splits `s3:GetObject` into its service prefix and action name; undefined when there is no colon. */
export function splitAction(action: string): { service: string; name: string } | undefined {
  const i = action.indexOf(':');
  if (i < 0) return undefined;
  return { service: action.slice(0, i), name: action.slice(i + 1) };
}

/**
 * Could some text match both wildcard patterns (`*` and `?` in either)?
 * Case-insensitive. Memoized walk over both patterns: O(|a| × |b|).
 */
export function globsIntersect(a: string, b: string): boolean {
  const p = a.toLowerCase();
  const q = b.toLowerCase();
  const memo = new Uint8Array((p.length + 1) * (q.length + 1)); // 0 unknown, 1 no, 2 yes
  const go = (i: number, j: number): boolean => {
    const k = i * (q.length + 1) + j;
    if (memo[k]) return memo[k] === 2;
    let r: boolean;
    if (i === p.length && j === q.length) r = true;
    else if (i < p.length && p[i] === '*') r = go(i + 1, j) || (j < q.length && go(i, j + 1));
    else if (j < q.length && q[j] === '*') r = go(i, j + 1) || (i < p.length && go(i + 1, j));
    else if (i < p.length && j < q.length) r = (p[i] === q[j] || p[i] === '?' || q[j] === '?') && go(i + 1, j + 1);
    else r = false;
    memo[k] = r ? 2 : 1;
    return r;
  };
  return go(0, 0);
}
