/**
 * A line-level reader for the AWS shared config and credentials files that mirrors the
 * AWS SDK's own `parseIni` (in @smithy/core/config, which the SDK does not export)
 * rule for rule, while keeping each line's byte offsets so the editor can change one
 * value and leave every other byte alone. test/unit/core/credentials/ini.test.ts pins
 * the equivalence against the installed SDK's loadSharedConfigFiles.
 *
 * SDK rules mirrored here:
 * - lines split on `\n` or `\r\n` (a lone `\r` is not a line break);
 * - a comment starts at `#` or `;` at the start of a line or after whitespace,
 *   so `key = value # note` has the value `value`, but `key=a#b` has `a#b`;
 * - a section header is a (trimmed) line starting with `[` and ending with `]`;
 *   `[prefix name]` with prefix `profile`, `sso-session` or `services` becomes
 *   `prefix.name` (one space, optional quotes); other `[a b]` forms are dropped;
 * - `key = value` splits at the first `=`; no `:` separator; keys are case-sensitive;
 * - `key =` with an empty value opens a sub-section: following *indented* lines become
 *   `key.sub = value`; a non-indented line closes it;
 * - a section named `__proto__` or `profile __proto__` makes the SDK reject the whole file.
 */

/** Which of the two shared files a text came from; their section headers differ. */
export type SharedFileKind = 'credentials' | 'config';

/** The section types the SDK recognises in `[type name]` headers. */
export const SECTION_PREFIXES = ['profile', 'sso-session', 'services'] as const;

const PREFIXED_HEADER = /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/;
const BLOCKED_HEADERS = ['__proto__', 'profile __proto__'];
const COMMENT = /(^|\s)[;#]/;

interface LineSpan {
  /** 1-based line number, for messages. */
  readonly number: number;
  /** Offset of the line's first character in the text. */
  readonly start: number;
  /** Offset just past the line's content (before its line ending). */
  readonly end: number;
  /** The line ending: `\n`, `\r\n`, or `` for a last line without one. */
  readonly eol: string;
  /** The line's content without its line ending. */
  readonly raw: string;
}

/** A blank or comment-only line. */
export interface BlankLine extends LineSpan {
  readonly kind: 'blank';
}

/** A `[...]` header. `sectionKey` is the SDK's key for it, or undefined when the SDK ignores it. */
export interface SectionLine extends LineSpan {
  readonly kind: 'section';
  /** The text between the brackets, as written. */
  readonly header: string;
  readonly sectionKey: string | undefined;
}

/** A `name = value` line. `key` includes the sub-section prefix (`s3.max_attempts`). */
export interface EntryLine extends LineSpan {
  readonly kind: 'entry';
  /** The section it belongs to; undefined (ignored by the SDK) when outside any usable section. */
  readonly sectionKey: string | undefined;
  readonly name: string;
  readonly key: string;
  readonly value: string;
  /** Offsets of the value in the whole text. */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** True when the line belongs to a sub-section (`s3 =` followed by indented lines). */
  readonly inSubsection: boolean;
}

/** A `name =` line with an empty value, which opens a sub-section. */
export interface SubsectionLine extends LineSpan {
  readonly kind: 'subsection';
  readonly sectionKey: string | undefined;
  readonly name: string;
}

/** Any other non-blank line: the SDK ignores it. */
export interface InvalidLine extends LineSpan {
  readonly kind: 'invalid';
  readonly sectionKey: string | undefined;
  readonly reason: 'no-equals' | 'no-key';
  /** The line with its comment removed and trimmed. */
  readonly content: string;
}

export type IniLine = BlankLine | SectionLine | EntryLine | SubsectionLine | InvalidLine;

export interface ParsedIni {
  readonly lines: readonly IniLine[];
  /** The line of a `[__proto__]` header, which makes the SDK ignore the whole file. */
  readonly rejectedAtLine: number | undefined;
}

/** Splits text into lines, keeping offsets and line endings, exactly as the SDK splits. */
export function splitLines(text: string): LineSpan[] {
  const spans: LineSpan[] = [];
  const breaks = /\r?\n/g;
  let start = 0;
  let match: RegExpExecArray | null;
  while ((match = breaks.exec(text)) !== null) {
    spans.push(span(text, spans.length + 1, start, match.index, match[0]));
    start = match.index + match[0].length;
  }
  spans.push(span(text, spans.length + 1, start, text.length, ''));
  return spans;
}

function span(text: string, number: number, start: number, end: number, eol: string): LineSpan {
  return { number, start, end, eol, raw: text.slice(start, end) };
}

/** The SDK's key for a header, or undefined when the SDK drops the section. */
export function sectionKeyOf(header: string): string | undefined {
  const match = PREFIXED_HEADER.exec(header);
  if (!match) return header === '' ? undefined : header;
  const [, prefix, , name] = match;
  return (SECTION_PREFIXES as readonly string[]).includes(prefix ?? '') ? `${prefix}.${name}` : undefined;
}

/** Parses shared-file text into lines, mirroring the SDK's parseIni. */
export function parseIniText(text: string): ParsedIni {
  const lines: IniLine[] = [];
  let rejectedAtLine: number | undefined;
  let section: string | undefined;
  let subsection: string | undefined;
  for (const line of splitLines(text)) {
    const beforeComment = line.raw.split(COMMENT)[0] ?? '';
    const content = beforeComment.trim();
    if (content.startsWith('[') && content.endsWith(']')) {
      const header = content.slice(1, -1);
      section = sectionKeyOf(header);
      subsection = undefined;
      if (BLOCKED_HEADERS.includes(header)) rejectedAtLine ??= line.number;
      lines.push({ ...line, kind: 'section', header, sectionKey: section });
      continue;
    }
    if (content === '') {
      lines.push({ ...line, kind: 'blank' });
      continue;
    }
    const equals = beforeComment.indexOf('=');
    const leading = beforeComment.length - beforeComment.trimStart().length;
    if (equals === -1 || equals === leading) {
      lines.push({
        ...line,
        kind: 'invalid',
        sectionKey: section,
        reason: equals === -1 ? 'no-equals' : 'no-key',
        content,
      });
      continue;
    }
    const name = beforeComment.slice(0, equals).trim();
    const afterEquals = beforeComment.slice(equals + 1);
    const value = afterEquals.trim();
    if (value === '') {
      // The SDK only tracks sub-sections inside a section.
      if (section) subsection = name;
      lines.push({ ...line, kind: 'subsection', sectionKey: section, name });
      continue;
    }
    if (subsection !== undefined && line.raw.trimStart() === line.raw) subsection = undefined;
    const valueStart = line.start + equals + 1 + (afterEquals.length - afterEquals.trimStart().length);
    lines.push({
      ...line,
      kind: 'entry',
      sectionKey: section,
      name,
      key: subsection !== undefined ? `${subsection}.${name}` : name,
      value,
      valueStart,
      valueEnd: valueStart + value.length,
      inSubsection: subsection !== undefined,
    });
  }
  return { lines, rejectedAtLine };
}

/** Values per section key, as the SDK's parseIni returns them (later values win). */
export type IniSections = Map<string, Record<string, string>>;

/** The SDK's parseIni result for the text (empty when the SDK would reject the file). */
export function sdkSections(parsed: ParsedIni): IniSections {
  const sections: IniSections = new Map();
  if (parsed.rejectedAtLine !== undefined) return sections;
  for (const line of parsed.lines) {
    // An empty section key is falsy in the SDK, so its entries are dropped.
    if (line.kind !== 'entry' || !line.sectionKey) continue;
    // Assigning `__proto__` on a plain object is a no-op in the SDK.
    if (line.key === '__proto__') continue;
    const values = sections.get(line.sectionKey) ?? (Object.create(null) as Record<string, string>);
    values[line.key] = line.value;
    sections.set(line.sectionKey, values);
  }
  return sections;
}

/**
 * The profile name a section key stands for in a file of the given kind, as the SDK's
 * loader maps them, or undefined when the section is not a profile the SDK reads there.
 * In config, `[profile x]` is profile x and `[default]` is default (unless a
 * `[profile default]` replaces it); in credentials every unprefixed header is a profile.
 */
export function profileNameOf(
  sectionKey: string | undefined,
  kind: SharedFileKind,
  sectionKeys: ReadonlySet<string>,
): string | undefined {
  if (!sectionKey) return undefined;
  const prefix = prefixOf(sectionKey);
  if (kind === 'credentials') return prefix === undefined ? sectionKey : undefined;
  if (prefix === 'profile') return sectionKey.slice('profile.'.length);
  if (sectionKey === 'default') return sectionKeys.has('profile.default') ? undefined : 'default';
  return undefined;
}

/** The recognised prefix of a section key (`profile` for `profile.dev`), if any. */
export function prefixOf(sectionKey: string): (typeof SECTION_PREFIXES)[number] | undefined {
  const dot = sectionKey.indexOf('.');
  if (dot === -1) return undefined;
  const prefix = sectionKey.slice(0, dot);
  return SECTION_PREFIXES.find((known) => known === prefix);
}
