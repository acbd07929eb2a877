/**
 * Characters IAM rejects, and the look-alikes that make such mistakes hard to see.
 *
 * IAM validates a policy document against this pattern: tab, line feed, carriage
 * return, and the characters U+0020 through U+00FF. Anything else (a Cyrillic `а`
 * pasted into "Action", a typographic quote, an emoji, U+FFFD left behind by a
 * file that was not valid UTF-8) makes the whole document fail with
 * MalformedPolicyDocument.
 */

/** Common confusables, mapped to the ASCII character they imitate. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  '\u0430': 'a',
  '\u0435': 'e',
  '\u043e': 'o',
  '\u0440': 'p',
  '\u0441': 'c',
  '\u0443': 'y',
  '\u0445': 'x',
  '\u0456': 'i',
  '\u0458': 'j',
  '\u0455': 's',
  '\u04bb': 'h',
  '\u0501': 'd',
  '\u0410': 'A',
  '\u0412': 'B',
  '\u0415': 'E',
  '\u041a': 'K',
  '\u041c': 'M',
  '\u041d': 'H',
  '\u041e': 'O',
  '\u0420': 'P',
  '\u0421': 'C',
  '\u0422': 'T',
  '\u0425': 'X',
  '\u0406': 'I',
  '\u0408': 'J',
  '\u0405': 'S',
  // Greek
  '\u03bf': 'o',
  '\u03b1': 'a',
  '\u03b9': 'i',
  '\u03bd': 'v',
  '\u0391': 'A',
  '\u0392': 'B',
  '\u0395': 'E',
  '\u0396': 'Z',
  '\u0397': 'H',
  '\u0399': 'I',
  '\u039a': 'K',
  '\u039c': 'M',
  '\u039d': 'N',
  '\u039f': 'O',
  '\u03a1': 'P',
  '\u03a4': 'T',
  '\u03a7': 'X',
  '\u03a5': 'Y',
  // Punctuation from word processors and web pages
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2024': '.',
  '\uff1a': ':',
  '\u2236': ':',
  '\uff0a': '*',
  '\u2217': '*',
};

/** Characters that render as nothing at all. */
const INVISIBLE = new Set(['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad']);

/** True when IAM's policy-document pattern admits the UTF-16 code unit `code`. */
export function isIamAllowedCode(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xff);
}

/** The ASCII character `ch` imitates, if it is a known look-alike. */
export function lookAlikeOf(ch: string): string | undefined {
  return LOOK_ALIKES[ch];
}

/** Replaces known look-alikes with the ASCII they imitate and drops invisible characters. */
export function asciiSkeleton(s: string): string {
  let out = '';
  for (const ch of s) {
    if (INVISIBLE.has(ch)) continue;
    out += LOOK_ALIKES[ch] ?? ch;
  }
  return out;
}

/** `U+0430`, for messages. */
export function codePointLabel(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Explains why `ch` (one code point) is not allowed and what to do about it. */
export function explainCharacter(ch: string): string {
  const label = codePointLabel(ch);
  const cp = ch.codePointAt(0) ?? 0;
  if (cp === 0xfffd) {
    return (
      `Replacement character ${label}: the document was not ` + `valid UTF-8 when it was read. Retype the damaged text.`
    );
  }
  if (cp >= 0xd800 && cp <= 0xdfff) {
    return `Unpaired surrogate ${label}: the text is not valid Unicode. Retype the damaged text.`;
  }
  if (INVISIBLE.has(ch)) {
    return `Invisible character ${label}, usually pasted from a web page. Delete it.`;
  }
  const like = LOOK_ALIKES[ch];
  if (like !== undefined) {
    return (
      `"${ch}" (${label}) looks like "${like}" but is a different character, which IAM rejects. Type "${like}" ` +
      `instead.`
    );
  }
  return (
    `"${ch}" (${label}) is outside the characters IAM accepts in a policy (tab, line breaks, U+0020 to U+00FF). ` +
    `Remove or replace it.`
  );
}
