/**
 * IAM returns policy documents URL-encoded (RFC 3986); some emulators return raw JSON.
 * Decode only when the text is encoded: raw JSON starts with `{` (after white space),
 * an encoded document starts with `%7B`. A `%` inside raw JSON is left alone.
 */
export function decodePolicyDocument(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed === '') return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Pretty-prints a policy document with two-space indentation; leaves unparsable text as it is. */
export function prettyPolicy(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
