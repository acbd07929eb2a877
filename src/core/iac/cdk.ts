/**
 * CDK (TypeScript, JavaScript, Python): the action strings of `new PolicyStatement({
 * actions: [...] })` (also `iam.PolicyStatement`, `notActions`) and of
 * `.addActions(...)`; in Python `PolicyStatement(actions=[...])` (`not_actions`) and
 * `.add_actions(...)`. Only literal strings are read; anything else in the list (a
 * variable, a spread, a template with `${}`, an f-string) is unknown. The statement is
 * checked as an Allow on unknown resources, so only the actions are judged.
 */
import { synthetic, type FoundPolicy, type IacValue, type Span } from './ir';

/** The source language: its comments and string literals differ. */
export type CdkLanguage = 'js' | 'python';

/** Python: `'...'`, `"..."` and their triple-quoted forms; the end (exclusive) of the one opening at `i`. */
function pythonStringEnd(text: string, i: number): number {
  const q = text[i] as string;
  const triple = text.startsWith(q.repeat(3), i);
  let j = i + (triple ? 3 : 1);
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (triple && text.startsWith(q.repeat(3), j)) return j + 3;
    else if (!triple && c === q) return j + 1;
    else if (!triple && c === '\n') return j;
    else j++;
  }
  return text.length;
}

function stringEndIn(lang: CdkLanguage, text: string, i: number): number {
  return lang === 'python' ? pythonStringEnd(text, i) : stringEnd(text, i);
}

function isQuote(lang: CdkLanguage, c: string | undefined): boolean {
  return c === '"' || c === "'" || (lang === 'js' && c === '`');
}

/** Where the comment starting at `i` ends, or undefined when no comment starts there. */
function commentEnd(lang: CdkLanguage, text: string, i: number): number | undefined {
  const c = text[i];
  const n = text[i + 1];
  if ((lang === 'python' && c === '#') || (lang === 'js' && c === '/' && n === '/')) {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (lang === 'js' && c === '/' && n === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  return undefined;
}

/** Offsets of comments and string/template literals, so matches inside them are ignored. */
function skippedRanges(text: string, lang: CdkLanguage): Span[] {
  const out: Span[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const comment = commentEnd(lang, text, i);
    if (comment !== undefined) {
      out.push({ from: i, to: comment });
      i = comment;
    } else if (isQuote(lang, c)) {
      const to = stringEndIn(lang, text, i);
      out.push({ from: i, to });
      i = to;
    } else i++;
  }
  return out;
}

/** End (exclusive) of the string literal opening at `i`. Template literals: `${` nesting is followed. */
function stringEnd(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  let depth = 0;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (q === '`' && depth === 0 && c === '$' && text[j + 1] === '{') {
      depth = 1;
      j += 2;
    } else if (depth > 0) {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' || c === "'" || c === '`') {
        j = stringEnd(text, j);
        continue;
      }
      j++;
    } else if (c === q) return j + 1;
    else if (c === '\n' && q !== '`') return j;
    else j++;
  }
  return text.length;
}

function inside(ranges: Span[], at: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as Span;
    if (at < r.from) hi = mid - 1;
    else if (at >= r.to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Skips white space and comments from `i`. */
function skipBlank(lang: CdkLanguage, text: string, i: number): number {
  let j = i;
  for (;;) {
    while (j < text.length && /\s/.test(text[j] ?? '')) j++;
    const comment = commentEnd(lang, text, j);
    if (comment === undefined) return j;
    j = comment;
  }
}

/** The end of an item without the white space and comments after it. */
function trimmedEnd(lang: CdkLanguage, text: string, start: number, end: number): number {
  const comments = lang === 'python' ? /(\s|#[^\n]*)+$/ : /(\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)+$/;
  const slice = text.slice(start, end).replace(comments, '');
  return start + slice.length;
}

/**
 * A plain string literal opening at `j` and ending at `end`: its value, or undefined when
 * it is computed (a JavaScript template with `${}`, a Python f-string) or has escapes.
 */
function literalAt(lang: CdkLanguage, text: string, j: number, end: number): IacValue | undefined {
  const q = text[j] as string;
  if (lang === 'python' && text.startsWith(q.repeat(3), j)) return undefined;
  const raw = text.slice(j + 1, end - 1);
  if ((q === '`' && raw.includes('${')) || raw.includes('\\')) return undefined;
  return { type: 'string', value: raw, from: j, to: end, contentFrom: j + 1 };
}

/** Python string prefixes (`f"..."`, `rb'...'`): the item is a computed or unusual string, never a plain literal. */
function pythonPrefixed(text: string, j: number): boolean {
  return /^[A-Za-z]{1,2}['"]/.test(text.slice(j, j + 3));
}

/** Reads comma-separated items from `i` (just after the opening bracket) to `close`. */
function readList(lang: CdkLanguage, text: string, i: number, close: string): { items: IacValue[]; end: number } {
  const items: IacValue[] = [];
  let j = i;
  for (;;) {
    j = skipBlank(lang, text, j);
    if (j >= text.length || text[j] === close) return { items, end: j + 1 };
    const start = j;
    let literal: IacValue | undefined;
    if (isQuote(lang, text[j])) {
      const end = stringEndIn(lang, text, j);
      literal = literalAt(lang, text, j, end);
      j = end;
    } else if (lang === 'python' && pythonPrefixed(text, j)) {
      j = stringEndIn(lang, text, text.slice(j).search(/['"]/) + j);
    }
    // Up to the next comma or the closing bracket at this depth.
    let depth = 0;
    while (j < text.length) {
      const d = text[j];
      if (isQuote(lang, d)) {
        j = stringEndIn(lang, text, j);
        continue;
      }
      if (commentEnd(lang, text, j) !== undefined) {
        j = skipBlank(lang, text, j);
        continue;
      }
      if (d === '(' || d === '[' || d === '{') depth++;
      else if (d === ')' || d === ']' || d === '}') {
        if (depth === 0) break;
        depth--;
      } else if (d === ',' && depth === 0) break;
      j++;
    }
    const to = trimmedEnd(lang, text, start, j);
    items.push(literal && literal.to === to ? literal : { type: 'unknown', why: 'expression', from: start, to });
    if (text[j] === ',') j++;
    else if (text[j] !== close) return { items, end: j };
  }
}

/** `actions: [` (JavaScript) or `actions=[` (Python) and the `not` forms, at the start of `text`. */
const ACTIONS_PROPERTY: Readonly<Record<CdkLanguage, RegExp>> = {
  js: /^(actions|notActions)\s*:\s*\[/,
  python: /^(actions|not_actions)\s*=\s*\[/,
};

/**
 * Finds the actions property at the top level of the object literal (JavaScript) or
 * argument list (Python) whose bracket opens at `open`.
 */
function actionsProperty(
  lang: CdkLanguage,
  text: string,
  open: number,
  skipped: Span[],
): { from: number; to: number; items: IacValue[] } | undefined {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (inside(skipped, j)) continue;
    const c = text[j];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) return undefined;
    } else if (depth === 1) {
      const m = ACTIONS_PROPERTY[lang].exec(text.slice(j, j + 200));
      if (m && !/[A-Za-z0-9_$]/.test(text[j - 1] ?? '')) {
        const list = readList(lang, text, j + m[0].length, ']');
        return { from: j, to: list.end, items: list.items };
      }
    }
  }
  return undefined;
}

function statementOf(actions: IacValue[], at: Span): IacValue {
  const list: IacValue = { type: 'array', items: actions, from: at.from, to: at.to };
  return {
    type: 'object',
    from: at.from,
    to: at.to,
    entries: [
      { key: 'Version', keyFrom: at.from, keyTo: at.from, value: synthetic('2012-10-17', at) },
      {
        key: 'Statement',
        keyFrom: at.from,
        keyTo: at.from,
        value: {
          type: 'object',
          from: at.from,
          to: at.to,
          entries: [
            { key: 'Effect', keyFrom: at.from, keyTo: at.from, value: synthetic('Allow', at) },
            { key: 'Action', keyFrom: at.from, keyTo: at.from, value: list },
            {
              key: 'Resource',
              keyFrom: at.from,
              keyTo: at.from,
              value: { type: 'unknown', why: 'CDK resources', ...at },
            },
          ],
        },
      },
    ],
  };
}

/** The statement constructor (its opening bracket ends the match) and the method that adds actions. */
const CALLS: Readonly<Record<CdkLanguage, { statement: RegExp; addActions: RegExp }>> = {
  js: { statement: /\bPolicyStatement\s*\(\s*\{/g, addActions: /\.addActions\s*\(/g },
  python: { statement: /\bPolicyStatement\s*\(/g, addActions: /\.add_actions\s*\(/g },
};

/** Every `PolicyStatement` action list and `addActions` call of a TypeScript, JavaScript or Python file. */
export function findCdkPolicies(text: string, lang: CdkLanguage = 'js'): FoundPolicy[] {
  if (!text.includes('PolicyStatement') && !text.includes(lang === 'python' ? 'add_actions' : 'addActions')) return [];
  const skipped = skippedRanges(text, lang);
  const out: FoundPolicy[] = [];
  for (const m of text.matchAll(CALLS[lang].statement)) {
    if (inside(skipped, m.index)) continue;
    const open = m.index + m[0].length - 1;
    const prop = actionsProperty(lang, text, open, skipped);
    if (!prop || prop.items.length === 0) continue;
    const at = { from: prop.from, to: prop.to };
    out.push({
      kind: 'identity',
      sizeLimit: undefined,
      label: 'PolicyStatement actions',
      source: { type: 'value', value: statementOf(prop.items, at) },
      span: at,
    });
  }
  for (const m of text.matchAll(CALLS[lang].addActions)) {
    if (inside(skipped, m.index)) continue;
    const list = readList(lang, text, m.index + m[0].length, ')');
    if (list.items.length === 0) continue;
    const at = { from: m.index + 1, to: list.end };
    out.push({
      kind: 'identity',
      sizeLimit: undefined,
      label: lang === 'python' ? 'add_actions' : 'addActions',
      source: { type: 'value', value: statementOf(list.items, at) },
      span: at,
    });
  }
  return out;
}
