/**
 * The JSON layer: parses policy text with positions and reports everything IAM's
 * JSON reader would reject (comments, trailing commas, a byte order mark,
 * duplicate keys, characters outside IAM's set), plus two guards that keep the
 * editor responsive on hostile input (very large or very deeply nested text).
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { codePointLabel, explainCharacter, isIamAllowedCode } from './unicode';
import type { Finding } from './types';

/** Text longer than this is not parsed at all (IAM's largest quota is 10,240 characters). */
export const MAX_DOCUMENT_LENGTH = 131_072;
/** A policy never nests deeper than 7; anything far beyond that is an accident or an attack. */
export const MAX_NESTING_DEPTH = 32;
/** At most this many character findings; a binary file pasted in should not produce thousands. */
const MAX_CHARACTER_FINDINGS = 20;

export interface ParsedDocument {
  /** The parsed tree; undefined when the text was too large or too deep to parse, or empty. */
  root: Node | undefined;
  findings: Finding[];
}

/** Parses `text` and returns its tree with the JSON-level findings. Never throws. */
export function parseDocument(text: string): ParsedDocument {
  const findings: Finding[] = [];
  if (text.length > MAX_DOCUMENT_LENGTH) {
    findings.push({
      severity: 'error',
      code: 'document-too-large',
      message:
        `The document is ${text.length.toLocaleString('en-US')} characters long; IAM's largest policy quota is ` +
        `10,240, so it was not checked further. Shorten it or split it into several policies.`,
      from: 0,
      to: text.length,
    });
    return { root: undefined, findings };
  }

  let source = text;
  if (text.charCodeAt(0) === 0xfeff) {
    findings.push({
      severity: 'error',
      code: 'bom',
      message:
        'The document starts with a byte order mark (U+FEFF), which IAM rejects. Save the file as UTF-8 without ' +
        'BOM, or delete the first character.',
      from: 0,
      to: 1,
    });
    source = ' ' + text.slice(1); // same offsets, parsable
  }

  const deep = findExcessiveNesting(source);
  if (deep !== undefined) {
    findings.push({
      severity: 'error',
      code: 'nesting-too-deep',
      message:
        `Brackets are nested more than ${MAX_NESTING_DEPTH} levels deep here; a policy needs at most 7. Remove ` +
        `the extra nesting.`,
      from: deep,
      to: deep + 1,
    });
    return { root: undefined, findings };
  }

  if (source.trim() === '') {
    findings.push({
      severity: 'error',
      code: 'empty-document',
      message:
        'The document is empty. Write a policy: a JSON object such as {"Version": "2012-10-17", "Statement": [...]}.',
      from: 0,
      to: text.length,
    });
    return { root: undefined, findings };
  }

  const errors: ParseError[] = [];
  const root = parseTree(source, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  findings.push(...syntaxFindings(source, errors));
  findings.push(...characterFindings(source));
  if (root) findings.push(...duplicateKeyFindings(root));
  return { root, findings };
}

/** Offset of the first bracket that opens level MAX_NESTING_DEPTH + 1, ignoring strings. */
function findExcessiveNesting(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_NESTING_DEPTH) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return undefined;
}

function previousSignificant(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i] ?? '')) i--;
  return i;
}

function syntaxFindings(text: string, errors: ParseError[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    if (seen.has(e.offset)) continue; // one finding per position: the first error is the cause
    seen.add(e.offset);
    const at = text[e.offset];
    // ParseErrorCode is a const enum, which isolatedModules cannot read: compare names.
    const code = printParseErrorCode(e.error);
    if (code === 'InvalidCommentToken') {
      out.push({
        severity: 'error',
        code: 'comment',
        message: 'IAM does not accept comments in a policy. Remove the comment, or move the note into a Sid.',
        from: e.offset,
        to: e.offset + e.length,
      });
      continue;
    }
    if ((code === 'ValueExpected' || code === 'PropertyNameExpected') && (at === '}' || at === ']')) {
      const comma = previousSignificant(text, e.offset);
      if (text[comma] === ',') {
        out.push({
          severity: 'error',
          code: 'trailing-comma',
          message: 'Trailing comma: IAM rejects a comma after the last item. Remove it.',
          from: comma,
          to: comma + 1,
        });
        continue;
      }
    }
    out.push({
      severity: 'error',
      code: 'json-syntax',
      message: syntaxMessage(code, at),
      from: e.offset,
      to: Math.min(text.length, e.offset + Math.max(e.length, 1)),
    });
  }
  return out;
}

function syntaxMessage(code: string, at: string | undefined): string {
  const found = at === undefined ? 'the end of the document' : at === '"' ? 'the next string' : `"${at}"`;
  switch (code) {
    case 'CommaExpected':
      return `A comma is missing before ${found}: add "," between the two items.`;
    case 'ColonExpected':
      return `A colon is missing after the property name; write "Name": value.`;
    case 'PropertyNameExpected':
      return `Expected a property name in double quotes, found ${found}. Write it as "Name": value.`;
    case 'ValueExpected':
      return (
        `A value is missing before ${found}: add a string, number, true, false, null, object or array, or remove ` +
        `what is extra.`
      );
    case 'CloseBraceExpected':
      return `An object is not closed: add "}" before ${found}.`;
    case 'CloseBracketExpected':
      return `An array is not closed: add "]" before ${found}.`;
    case 'EndOfFileExpected':
      return 'Text after the end of the policy object. A policy is exactly one JSON object: remove the rest.';
    case 'UnexpectedEndOfString':
      return 'A string is not closed: add the closing double quote.';
    case 'InvalidCharacter':
      return (
        'A string contains a control character (such as a raw tab or line break). Write it as an escape (\\t, ' +
        '\\n) or remove it.'
      );
    case 'InvalidEscapeCharacter':
      return (
        'Invalid escape sequence in a string. Use one JSON allows (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), or ' +
        'write a backslash as \\\\.'
      );
    case 'InvalidUnicode':
      return 'Invalid \\u escape: it needs exactly four hexadecimal digits, as in \\u00e9. Complete it or remove it.';
    case 'InvalidNumberFormat':
      return (
        'Invalid number: JSON numbers have no leading zeros, plus signs or trailing dots. Remove them, or write ' +
        'the value as a string.'
      );
    case 'UnexpectedEndOfNumber':
      return 'A number is cut short (such as "1." or "1e"). Finish it or remove the trailing "." or "e".';
    case 'UnexpectedEndOfComment':
      return 'A comment is not closed, and IAM does not accept comments anyway. Remove it.';
    case 'InvalidSymbol':
      if (at === "'") return 'JSON strings use double quotes, not single quotes. Replace them with double quotes.';
      if (at !== undefined && /[\p{Z}\p{Cf}]/u.test(at)) {
        return (
          `Unexpected ${codePointLabel(at)}, an invisible or special space (often pasted from a web page): JSON ` +
          `allows only ordinary spaces, tabs and line breaks between items. Replace it with a space.`
        );
      }
      return (
        `Unexpected ${found}: not valid JSON here. Put text in double quotes; other values are numbers, true, ` +
        `false, null, objects or arrays.`
      );
    default:
      return (
        `Invalid JSON (${code}) here. Check the text against JSON's syntax: double-quoted names and strings, ` +
        `commas between items.`
      );
  }
}

function characterFindings(text: string): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < text.length; i++) {
    if (isIamAllowedCode(text.charCodeAt(i))) continue;
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    const width = cp > 0xffff ? 2 : 1;
    if (out.length === MAX_CHARACTER_FINDINGS) {
      out.push({
        severity: 'error',
        code: 'invalid-character',
        message: 'More characters IAM rejects follow; only the first ones are listed.',
        from: i,
        to: i + width,
      });
      break;
    }
    out.push({ severity: 'error', code: 'invalid-character', message: explainCharacter(ch), from: i, to: i + width });
    i += width - 1;
  }
  return out;
}

function duplicateKeyFindings(root: Node): Finding[] {
  const out: Finding[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (!key || typeof key.value !== 'string') continue;
        if (seen.has(key.value)) {
          out.push({
            severity: 'error',
            code: 'duplicate-key',
            message:
              `"${key.value}" appears more than once in this object; IAM would keep only one of them. Merge the ` +
              `two into one.`,
            from: key.offset,
            to: key.offset + key.length,
          });
        }
        seen.add(key.value);
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  return out;
}
