/** IAM wildcard matching: `*` any run of characters, `?` one character, case-insensitive for actions. */

const cache = new Map<string, RegExp>();

/** A case-insensitive anchored RegExp for an IAM wildcard pattern. */
export function wildcardRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 'i');
    if (cache.size > 2000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** Does the Action pattern `pattern` (e.g. `iam:Pass*`) match the action `action`? */
export function actionPatternMatches(pattern: string, action: string): boolean {
  return hasWildcard(pattern) ? wildcardRegExp(pattern).test(action) : pattern.toLowerCase() === action.toLowerCase();
}

/** Splits `s3:GetObject` into its service prefix and action name; undefined when there is no colon. */
export function splitAction(action: string): { service: string; name: string } | undefined {
  const i = action.indexOf(':');
  if (i < 0) return undefined;
  return { service: action.slice(0, i), name: action.slice(i + 1) };
}
