/**
 * Runs the policy core on policies found in a user's file and maps each finding
 * back to the file. A policy read into located values is written out as compact
 * JSON (so the size check counts what IAM counts), with a table from every
 * written value and key to its span in the file; the core checks that text like
 * any other policy. Findings that fall inside a value known only at deploy time
 * are dropped: an unknown is never an error.
 */
import type { ActionCatalog } from '../policy/catalog';
import { checkAgainstCatalog } from '../policy/catalogChecks';
import { analyzePolicy, sortFindings } from '../policy/validate';
import type { PolicyModel } from '../policy/model';
import type { Finding } from '../policy/types';
import type { FoundPolicy, IacValue, Span } from './ir';

/** A finding with offsets in the user's file. */
export interface IacFinding extends Finding {
  /** Which policy it belongs to (`FoundPolicy.label`). */
  policy: string;
}

interface Mapped {
  /** Span in the written JSON. */
  synFrom: number;
  synTo: number;
  /** Span in the file. */
  src: Span;
  /** Where the string's characters start in the file, when they appear there verbatim. */
  contentFrom?: number;
  /** Same length in both: offsets inside the string map one to one. */
  verbatim: boolean;
  unknown: boolean;
}

/** Stand-in for an unknown value: short, so the size check never overcounts. */
const PLACEHOLDER = '?';

export interface Synthesized {
  text: string;
  map: Mapped[];
}

/** Writes `value` as compact JSON, recording where each value and key came from. */
export function synthesize(value: IacValue): Synthesized {
  const map: Mapped[] = [];
  let text = '';
  let unknownKeys = 0;
  const str = (s: string, src: Span, contentFrom: number | undefined, unknown: boolean): void => {
    const json = JSON.stringify(s);
    const synFrom = text.length;
    text += json;
    map.push({ synFrom, synTo: text.length, src, contentFrom, verbatim: json.length === s.length + 2, unknown });
  };
  const write = (v: IacValue, parentKey: string | undefined): void => {
    const src = { from: v.from, to: v.to };
    switch (v.type) {
      case 'string':
        str(v.value, src, v.contentFrom, false);
        return;
      case 'unknown':
        // A computed Version is still a version: do not report it missing.
        str(parentKey === 'Version' ? '2012-10-17' : PLACEHOLDER, src, undefined, true);
        return;
      case 'number':
      case 'boolean':
      case 'null': {
        const synFrom = text.length;
        text += v.type === 'null' ? 'null' : JSON.stringify(v.value);
        map.push({ synFrom, synTo: text.length, src, verbatim: false, unknown: false });
        return;
      }
      case 'array': {
        const synFrom = text.length;
        text += '[';
        v.items.forEach((item, i) => {
          if (i > 0) text += ',';
          write(item, undefined);
        });
        text += ']';
        map.push({ synFrom, synTo: text.length, src, verbatim: false, unknown: false });
        return;
      }
      case 'object': {
        const synFrom = text.length;
        text += '{';
        v.entries.forEach((e, i) => {
          if (i > 0) text += ',';
          const keySrc = { from: e.keyFrom, to: e.keyTo };
          if (e.keyUnknown) str(`${PLACEHOLDER}${++unknownKeys}`, keySrc, undefined, true);
          else str(e.key, keySrc, e.keyContentFrom, false);
          text += ':';
          write(e.value, e.keyUnknown ? undefined : e.key);
        });
        text += '}';
        map.push({ synFrom, synTo: text.length, src, verbatim: false, unknown: false });
        return;
      }
    }
  };
  write(value, undefined);
  return { text, map };
}

/**
 * The offset in the written JSON for an offset in the file, when it falls inside
 * a string whose characters are in the file as written (where completion and
 * hover can work); undefined elsewhere.
 */
export function fileToSynthetic(syn: Synthesized, offset: number): number | undefined {
  for (const m of syn.map) {
    if (m.unknown || !m.verbatim || m.contentFrom === undefined) continue;
    const length = m.synTo - m.synFrom - 2;
    if (offset >= m.contentFrom && offset <= m.contentFrom + length) return m.synFrom + 1 + (offset - m.contentFrom);
  }
  return undefined;
}

/** The innermost written value or key holding [from, to). */
function innermost(map: Mapped[], from: number, to: number): Mapped | undefined {
  let best: Mapped | undefined;
  for (const m of map) {
    if (m.synFrom <= from && to <= m.synTo && (!best || m.synTo - m.synFrom < best.synTo - best.synFrom)) best = m;
  }
  return best;
}

/** Maps a span of the written JSON to the file; undefined when it lies in an unknown. */
export function mapSpan(syn: Synthesized, whole: Span, from: number, to: number): Span | undefined {
  const m = innermost(syn.map, from, Math.max(from, to));
  if (!m) return { from: whole.from, to: Math.min(whole.to, whole.from + 1) };
  if (m.unknown) return undefined;
  if (from === m.synFrom && to === m.synTo) return m.src;
  // Inside a string whose characters are in the file as written: exact.
  // (A bound on a quote maps to the value's own bound in the file.)
  if (m.verbatim && m.contentFrom !== undefined) {
    const contentFrom = m.contentFrom;
    const at = (o: number, bound: number): number =>
      o <= m.synFrom || o >= m.synTo ? bound : contentFrom + (o - m.synFrom - 1);
    return { from: at(from, m.src.from), to: at(to, m.src.to) };
  }
  // The first character of an object (a "missing element" finding): the start of it in the file.
  if (from === m.synFrom && to - from <= 1) return { from: m.src.from, to: Math.min(m.src.to, m.src.from + 1) };
  return m.src;
}

/** Warnings about what a statement grants: a permissions boundary grants nothing (`*` on `*` is its usual form). */
const GRANT_WARNINGS: ReadonlySet<string> = new Set([
  'star-on-star',
  'passrole-star',
  'allow-not-action',
  'allow-not-resource',
]);

/** The synchronous checks (JSON, grammar, security, size) of one found policy, and a way to map later findings. */
function syncPass(p: FoundPolicy): {
  findings: IacFinding[];
  policy: PolicyModel | undefined;
  toFile: (f: Finding) => Span | undefined;
} {
  const opts = { sizeLimit: p.sizeLimit ?? Infinity };
  let text: string;
  let toFile: (f: Finding) => Span | undefined;
  if (p.source.type === 'text') {
    const { offset, toFile: map } = p.source;
    text = p.source.text;
    toFile = map
      ? (f) => ({ from: map(f.from), to: map(f.to) })
      : (f) => ({ from: f.from + offset, to: f.to + offset });
  } else {
    const syn = synthesize(p.source.value);
    text = syn.text;
    toFile = (f) => mapSpan(syn, p.span, f.from, f.to);
  }
  const analysis = analyzePolicy(text, p.kind, opts);
  const findings: IacFinding[] = [];
  for (const f of analysis.findings) {
    if (p.implicitResource && f.code === 'resource-missing') continue;
    if (p.boundary && GRANT_WARNINGS.has(f.code)) continue;
    if (p.partial && f.code === 'open-principal') continue;
    // The size is the whole policy's: report it where the policy starts, not at the character past the quota.
    const at = f.code === 'size-limit' ? { from: p.span.from, to: p.span.to } : toFile(f);
    if (at) findings.push({ ...f, ...at, policy: p.label });
  }
  return { findings, policy: analysis.policy, toFile };
}

/**
 * Every finding for the policies of one file, in file offsets, sorted. With a
 * catalog, also the catalog pass (unknown services, actions, condition keys;
 * resources no resource type of the action accepts).
 */
export async function checkPolicies(
  policies: FoundPolicy[],
  catalog: ActionCatalog | undefined,
): Promise<IacFinding[]> {
  const out: IacFinding[] = [];
  for (const p of policies) {
    const { findings, policy, toFile } = syncPass(p);
    out.push(...findings);
    if (!catalog || !policy) continue;
    for (const f of await checkAgainstCatalog(policy, catalog)) {
      const at = f.code === 'catalog-unavailable' ? { from: p.span.from, to: p.span.from } : toFile(f);
      if (at) out.push({ ...f, ...at, policy: p.label });
    }
  }
  return sortFindings(out) as IacFinding[];
}
