/** Policy text as IAM sends it and as the editor shows it. */
import { applyEdits, createScanner, format } from 'jsonc-parser';

/**
 * IAM returns policy documents URL-encoded (RFC 3986); the SDK does not decode
 * them, and some emulators return raw JSON. Decodes only text that is encoded:
 * raw JSON (first non-blank character `{` or `[`) passes through unchanged, even
 * with `%` in its strings, and so does anything that does not decode to JSON.
 */
export function decodePolicyDocument(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed === '' || trimmed.startsWith('{') || trimmed.startsWith('[')) return text;
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return text;
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return text; // a stray '%' that is not an escape: not URL-encoded after all
  }
  const start = decoded.trimStart();
  return start.startsWith('{') || start.startsWith('[') ? decoded : text;
}

/**
 * Re-indents a policy. It edits the text rather than re-serializing it, so key
 * order, duplicate keys (which the validator reports) and number spelling survive.
 */
export function formatPolicy(text: string, indent = 2): string {
  const edits = format(text, undefined, { tabSize: indent, insertSpaces: true, eol: '\n', insertFinalNewline: false });
  return applyEdits(text, edits);
}

/** jsonc-parser's SyntaxKind values; it is a const enum, which isolatedModules cannot read. */
const Token = { LineComment: 12, BlockComment: 13, LineBreak: 14, Whitespace: 15, Unknown: 16, EOF: 17 } as const;

/**
 * Removes all white space outside strings. Returns the text unchanged when it is
 * not plain JSON (comments, unterminated strings, stray characters), so nothing
 * is lost silently.
 */
export function minifyPolicy(text: string): string {
  const scanner = createScanner(text, false);
  let out = '';
  for (let token: number = scanner.scan(); token !== Token.EOF; token = scanner.scan()) {
    if (scanner.getTokenError() !== 0) return text;
    switch (token) {
      case Token.Whitespace:
      case Token.LineBreak:
        break;
      case Token.LineComment:
      case Token.BlockComment:
      case Token.Unknown:
        return text;
      default:
        out += text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength());
    }
  }
  return out;
}
