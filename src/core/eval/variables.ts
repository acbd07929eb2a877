/**
 * Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"):
 * `${key}` takes the request context's value of `key` (names case-insensitive);
 * `${key, 'default'}` takes the default when the key has no value (`''` inside the quotes
 * is one quote); `${*}`, `${?}` and `${$}` are a literal `*`, `?` and `$`. Variables work
 * only in documents with `"Version": "2012-10-17"`; elsewhere `${...}` is plain text.
 * A variable whose key is missing (or multivalued) and has no default leaves the pattern
 * without a value: it matches nothing (see `substitute`). Substitution happens once: text
 * that a value brings in is not scanned again, and it is literal (no wildcards).
 */
import type { Pattern } from './pattern';

export type ContextLookup = (key: string) => string[] | undefined;

export function hasVariables(text: string): boolean {
  return text.includes('${');
}

const SPECIAL: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/**
 * Substitutes the variables in `text`. Returns the pattern (with a literal mask when a
 * substitution brought text in), or `{ missing }` naming the keys that had no value (as written).
 */
export function substitute(text: string, lookup: ContextLookup): Pattern | { missing: string[] } {
  let out = '';
  const mask: number[] = [];
  const missing: string[] = [];
  let i = 0;
  let substituted = false;
  while (i < text.length) {
    const at = text.indexOf('${', i);
    if (at < 0) break;
    const parsed = parseVariable(text, at);
    if (!parsed) {
      // Not a well-formed variable: the characters stay as they are.
      appendPattern(text.slice(i, at + 2));
      i = at + 2;
      continue;
    }
    appendPattern(text.slice(i, at));
    i = parsed.end;
    substituted = true;
    const special = SPECIAL[parsed.name];
    if (special !== undefined && parsed.fallback === undefined) {
      appendLiteral(special);
      continue;
    }
    const values = lookup(parsed.name);
    if (values && values.length === 1) appendLiteral(values[0] ?? '');
    else if (parsed.fallback !== undefined) appendLiteral(parsed.fallback);
    else missing.push(parsed.name);
  }
  appendPattern(text.slice(i));
  if (missing.length) return { missing };
  if (!substituted) return { text };
  return { text: out, literal: Uint8Array.from(mask) };

  function appendPattern(s: string): void {
    out += s;
    for (let k = 0; k < s.length; k++) mask.push(0);
  }
  function appendLiteral(s: string): void {
    out += s;
    for (let k = 0; k < s.length; k++) mask.push(1);
  }
}

/** Parses `${name}` or `${name, 'default'}` starting at `at` (the `$`); undefined when malformed. */
function parseVariable(text: string, at: number): { name: string; fallback?: string; end: number } | undefined {
  let i = at + 2;
  let name = '';
  while (i < text.length && text[i] !== '}' && text[i] !== ',') name += text[i++];
  name = name.trim();
  if (!name || i >= text.length) return undefined;
  if (text[i] === '}') return { name, end: i + 1 };
  // a default value: , 'text' }
  i++;
  while (text[i] === ' ') i++;
  if (text[i] !== "'") return undefined;
  i++;
  let fallback = '';
  for (;;) {
    if (i >= text.length) return undefined;
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        fallback += "'";
        i += 2;
        continue;
      }
      i++;
      break;
    }
    fallback += text[i++];
  }
  while (text[i] === ' ') i++;
  if (text[i] !== '}') return undefined;
  return { name, fallback, end: i + 1 };
}

export function isMissing(p: Pattern | { missing: string[] }): p is { missing: string[] } {
  return 'missing' in p;
}
