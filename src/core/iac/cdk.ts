/**
 * CDK (TypeScript, JavaScript): the action strings of `new PolicyStatement({
 * actions: [...] })` (also `iam.PolicyStatement`, `notActions`) and of
 * `.addActions(...)`. Only literal strings are read; anything else in the list
 * (a variable, a spread, a template with `${}`) is unknown. The statement is
 * checked as an Allow on unknown resources, so only the actions are judged.
 */
import { synthetic, type FoundPolicy, type IacValue, type Span } from './ir';

/** Offsets of comments and string/template literals, so matches inside them are ignored. */
function skippedRanges(text: string): Span[] {
  const out: Span[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const n = text[i + 1];
    if (c === '/' && n === '/') {
      const end = text.indexOf('\n', i);
      const to = end < 0 ? text.length : end;
      out.push({ from: i, to });
      i = to;
    } else if (c === '/' && n === '*') {
      const end = text.indexOf('*/', i + 2);
      const to = end < 0 ? text.length : end + 2;
      out.push({ from: i, to });
      i = to;
    } else if (c === '"' || c === "'" || c === '`') {
      const to = stringEnd(text, i);
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
function skipBlank(text: string, i: number): number {
  let j = i;
  for (;;) {
    while (j < text.length && /\s/.test(text[j] ?? '')) j++;
    if (text[j] === '/' && text[j + 1] === '/') {
      const end = text.indexOf('\n', j);
      j = end < 0 ? text.length : end;
    } else if (text[j] === '/' && text[j + 1] === '*') {
      const end = text.indexOf('*/', j + 2);
      j = end < 0 ? text.length : end + 2;
    } else return j;
  }
}

/** The end of an item without the white space and comments after it. */
function trimmedEnd(text: string, start: number, end: number): number {
  const slice = text.slice(start, end).replace(/(\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)+$/, '');
  return start + slice.length;
}

/** Reads comma-separated items from `i` (just after the opening bracket) to `close`. */
function readList(text: string, i: number, close: string): { items: IacValue[]; end: number } {
  const items: IacValue[] = [];
  let j = i;
  for (;;) {
    j = skipBlank(text, j);
    if (j >= text.length || text[j] === close) return { items, end: j + 1 };
    const start = j;
    const c = text[j];
    let literal: IacValue | undefined;
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(text, j);
      const raw = text.slice(j + 1, end - 1);
      if (!(c === '`' && raw.includes('${')) && !raw.includes('\\')) {
        literal = { type: 'string', value: raw, from: j, to: end, contentFrom: j + 1 };
      }
      j = end;
    }
    // Up to the next comma or the closing bracket at this depth.
    let depth = 0;
    while (j < text.length) {
      const d = text[j];
      if (d === '"' || d === "'" || d === '`') {
        j = stringEnd(text, j);
        continue;
      }
      if (d === '/' && (text[j + 1] === '/' || text[j + 1] === '*')) {
        j = skipBlank(text, j);
        continue;
      }
      if (d === '(' || d === '[' || d === '{') depth++;
      else if (d === ')' || d === ']' || d === '}') {
        if (depth === 0) break;
        depth--;
      } else if (d === ',' && depth === 0) break;
      j++;
    }
    const to = trimmedEnd(text, start, j);
    items.push(literal && literal.to === to ? literal : { type: 'unknown', why: 'expression', from: start, to });
    if (text[j] === ',') j++;
    else if (text[j] !== close) return { items, end: j };
  }
}

/** Finds `actions:` or `notActions:` at the top level of the object literal starting at `open`. */
function actionsProperty(
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
      const m = /^(actions|notActions)\s*:\s*\[/.exec(text.slice(j, j + 40));
      if (m && !/[A-Za-z0-9_$]/.test(text[j - 1] ?? '')) {
        const list = readList(text, j + m[0].length, ']');
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

/** Every `PolicyStatement` action list and `addActions` call of a TypeScript or JavaScript file. */
export function findCdkPolicies(text: string): FoundPolicy[] {
  if (!text.includes('PolicyStatement') && !text.includes('addActions')) return [];
  const skipped = skippedRanges(text);
  const out: FoundPolicy[] = [];
  for (const m of text.matchAll(/\bPolicyStatement\s*\(\s*\{/g)) {
    if (inside(skipped, m.index)) continue;
    const open = m.index + m[0].length - 1;
    const prop = actionsProperty(text, open, skipped);
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
  for (const m of text.matchAll(/\.addActions\s*\(/g)) {
    if (inside(skipped, m.index)) continue;
    const list = readList(text, m.index + m[0].length, ')');
    if (list.items.length === 0) continue;
    const at = { from: m.index + 1, to: list.end };
    out.push({
      kind: 'identity',
      sizeLimit: undefined,
      label: 'addActions',
      source: { type: 'value', value: statementOf(list.items, at) },
      span: at,
    });
  }
  return out;
}
