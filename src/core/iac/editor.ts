/**
 * Completion, hover and quick fixes for policies in a user's file, by position:
 * the policy core's own completion and hover run on the policy's JSON (written
 * from the file's values where it is not JSON already), and their spans are
 * mapped back. They work inside strings whose text is in the file as written.
 */
import { findAction, suggestAction, type ActionCatalog } from '../policy/catalog';
import { complete, hover, type CompletionResult, type HoverInfo } from '../policy/completion';
import type { Finding } from '../policy/types';
import { splitAction } from '../policy/wildcard';
import { fileToSynthetic, mapSpan, synthesize } from './analyze';
import { findPolicies, formatFromName } from './files';
import type { FoundPolicy, Span } from './ir';

interface PolicyView {
  policy: FoundPolicy;
  text: string;
  /** File offset to an offset in `text`, or undefined where the core cannot look. */
  toPolicy(offset: number): number | undefined;
  toFile(from: number, to: number): Span | undefined;
}

function viewAt(path: string, text: string, offset: number): PolicyView | undefined {
  const policy = findPolicies(path, text).policies.find((p) => p.span.from <= offset && offset <= p.span.to);
  if (!policy) return undefined;
  if (policy.source.type === 'text' && !policy.source.toFile) {
    const { text: json, offset: start } = policy.source;
    return {
      policy,
      text: json,
      toPolicy: (o) => o - start,
      toFile: (from, to) => ({ from: from + start, to: to + start }),
    };
  }
  if (policy.source.type === 'text') return undefined; // a JSON string inside YAML: diagnostics only
  const syn = synthesize(policy.source.value);
  return {
    policy,
    text: syn.text,
    toPolicy: (o) => fileToSynthetic(syn, o),
    toFile: (from, to) => mapSpan(syn, policy.span, from, to),
  };
}

/** Completion at `offset` of the file, spans in file offsets. */
export async function completeInFile(
  path: string,
  text: string,
  offset: number,
  catalog: ActionCatalog,
): Promise<CompletionResult | undefined> {
  const view = viewAt(path, text, offset);
  const at = view?.toPolicy(offset);
  if (!view || at === undefined) return undefined;
  const result = await complete(view.text, at, catalog, view.policy.kind);
  if (!result) return undefined;
  const span = view.toFile(result.from, result.to);
  return span ? { ...result, ...span } : undefined;
}

/** Hover at `offset` of the file, span in file offsets. */
export async function hoverInFile(
  path: string,
  text: string,
  offset: number,
  catalog: ActionCatalog,
): Promise<HoverInfo | undefined> {
  const view = viewAt(path, text, offset);
  const at = view?.toPolicy(offset);
  if (!view || at === undefined) return undefined;
  const info = await hover(view.text, at, catalog);
  if (!info) return undefined;
  const span = view.toFile(info.from, info.to);
  return span ? { ...info, ...span } : undefined;
}

export interface QuickFix {
  title: string;
  /** Replace `from`..`to` of the file (equal for an insertion) with `text`. */
  edit: { from: number; to: number; text: string };
}

const QUOTES = /^(["'`]?)(.*?)(["'`]?)$/s;

/**
 * Quick fixes for a finding in the file (offsets in the file): an unknown action
 * replaced by the closest real one; a missing Version added, written the way
 * the file's format writes it.
 */
export async function quickFixes(
  path: string,
  text: string,
  finding: Pick<Finding, 'code' | 'from' | 'to'>,
  catalog: ActionCatalog,
): Promise<QuickFix[]> {
  if (finding.code === 'unknown-action') {
    const [, open = '', action = '', close = ''] = QUOTES.exec(text.slice(finding.from, finding.to)) ?? [];
    const split = splitAction(action);
    const service = split ? await catalog.service(split.service) : undefined;
    if (!split || !service || findAction(service, split.name)) return [];
    const near = suggestAction(service, split.name);
    if (!near) return [];
    const replacement = `${service.prefix}:${near}`;
    return [{ title: `Replace with ${replacement}`, edit: { ...finding, text: `${open}${replacement}${close}` } }];
  }
  if (finding.code === 'version-missing') {
    const edit = versionEdit(path, text, finding.from);
    return edit ? [{ title: 'Add "Version": "2012-10-17"', edit }] : [];
  }
  return [];
}

function indentOfLine(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Where and how to write Version at the start of the policy object that begins at `at`. */
function versionEdit(path: string, text: string, at: number): QuickFix['edit'] | undefined {
  const format = formatFromName(path);
  const isJson = format === 'json' || (format === 'yaml' && text.trimStart().startsWith('{'));
  if (text[at] === '{') {
    const inner = indentOfLine(text, at) + '  ';
    const after = at + 1;
    if (isJson) return { from: after, to: after, text: `\n${inner}"Version": "2012-10-17",` };
    if (format === 'terraform') return { from: after, to: after, text: `\n${inner}Version = "2012-10-17"` };
    if (format === 'yaml') return { from: after, to: after, text: ` Version: '2012-10-17',` };
    return undefined;
  }
  if (format === 'yaml') {
    // A block mapping: the first key starts at `at`; the new key goes before it, at its column.
    const column = at - (text.lastIndexOf('\n', at - 1) + 1);
    return { from: at, to: at, text: `Version: '2012-10-17'\n${' '.repeat(column)}` };
  }
  return undefined;
}
