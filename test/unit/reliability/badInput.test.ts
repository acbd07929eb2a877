/**
 * Issue 9, "Bad input": every kind of bad input the extension takes — entity names, paths,
 * tags, role session durations, policy documents, credentials files — in one table per
 * category. Each row must get a message that says what is wrong and how to fix it; where
 * the input goes through something that writes (the credentials file editor and safe
 * writer), the file on disk must keep every byte and no backup or temp file may appear.
 * No IAM call is possible here: these are the local checks that stand before every call
 * (tier 2, test/vscode/badInput.test.ts, drives the same rows through the real commands and
 * reads the emulator's request log).
 */
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CredentialsFileError,
  formatProblem,
  problemsOfProfile,
  readProfiles,
  replaceAccessKey,
  setProfileKeys,
  writeCredentialsFile,
  type AccessKeyPair,
} from '../../../src/core/credentials';
import { checkName, checkPath, parseSessionDuration, parseTags } from '../../../src/core/iam/rules';
import { MAX_DOCUMENT_LENGTH, MAX_NESTING_DEPTH } from '../../../src/core/policy/parse';
import type { Finding, PolicyKind } from '../../../src/core/policy/types';
import { validatePolicySync } from '../../../src/core/policy/validate';
import { DURATION_CASES, NAME_CASES, PATH_CASES, TAG_CASES, type InputCase } from '../../fixtures/badInput';
import { codes, identity, only, spanOf } from '../core/policy/helpers';

/** The bar for every message: it names the problem and the fix, and is more than "invalid". */
function assertClear(message: string | undefined, c: { problem: RegExp; fix: RegExp }): void {
  assert.ok(message, 'the input was accepted');
  assert.match(message, c.problem, 'the message says what is wrong');
  assert.match(message, c.fix, 'the message says how to fix it');
  assert.doesNotMatch(message, /^\s*(invalid|error)[.!]?\s*$/i);
}

// ---- entity names, paths, tags, session durations ---------------------------------------

function inputTable<C extends InputCase>(
  title: string,
  cases: readonly C[],
  check: (c: C) => string | undefined,
): void {
  describe(`${title} (${cases.length} cases)`, () => {
    for (const c of cases) it(c.title, () => assertClear(check(c), c));
  });
}

// ---- policy documents ----------------------------------------------------------------------

type PolicyCategory =
  | 'invalid JSON'
  | 'trailing comma'
  | 'comment'
  | 'byte order mark'
  | 'duplicate key'
  | 'deep nesting'
  | '1 MB document'
  | 'invalid UTF-8'
  | 'look-alike Unicode';

interface PolicyCase {
  readonly title: string;
  readonly category: PolicyCategory;
  /** A function for the large ones, built when the test runs. */
  readonly text: string | (() => string);
  readonly kind?: PolicyKind;
  /** The one finding that refuses the document (an error: the editor will not save it). */
  readonly code: string;
  /**
   * Where the finding must be: the text it covers (the `nth` occurrence), or its offsets.
   * A JSON syntax finding is checked by where it starts only.
   */
  readonly at?: string | { from: number; to: number } | ((text: string) => { from: number; to: number });
  readonly nth?: number;
  readonly problem: RegExp;
  readonly fix: RegExp;
  /** Further checks on all the findings (no cascade of follow-on errors, a time bound…). */
  readonly also?: (findings: Finding[], text: string) => void;
}

const GOOD = identity('"Action": "s3:GetObject", "Resource": "*"');
const statement = (body: string): string => identity(`${body}, "Action": "s3:GetObject", "Resource": "*"`);
const noSyntaxCascade = (findings: Finding[]) =>
  assert.ok(!codes(findings).includes('json-syntax'), `one finding, not a cascade: ${codes(findings).join(', ')}`);
/**
 * A policy read from a file whose Sid holds `bytes`, decoded as VS Code decodes a file: bad sequences become U+FFFD.
 */
const invalidUtf8 = (bytes: number[]): string =>
  new TextDecoder('utf-8').decode(
    Buffer.concat([
      Buffer.from('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Sid": "Caf'),
      Buffer.from(bytes),
      Buffer.from('", "Action": "s3:GetObject", "Resource": "*"}]}'),
    ]),
  );
/** One character at the first occurrence of `needle` plus `offset`. */
const charAt =
  (needle: string, offset = 0) =>
  (text: string) => {
    const from = spanOf(text, needle).from + offset;
    return { from, to: from + 1 };
  };

const POLICY_CASES: readonly PolicyCase[] = [
  // Invalid JSON
  {
    title: 'an empty document',
    category: 'invalid JSON',
    text: '  \n',
    code: 'empty-document',
    problem: /The document is empty/,
    fix: /Write a policy: a JSON object such as/,
  },
  {
    title: 'text after the policy object',
    category: 'invalid JSON',
    text: GOOD + GOOD,
    code: 'json-syntax',
    at: { from: GOOD.length, to: GOOD.length + 1 },
    problem: /Text after the end of the policy object/,
    fix: /remove the rest/,
    also: (f) => assert.equal(f.filter((x) => x.code === 'json-syntax').length, 1),
  },
  {
    title: 'an unclosed object',
    category: 'invalid JSON',
    text: GOOD.slice(0, -1),
    code: 'json-syntax',
    at: { from: GOOD.length - 1, to: GOOD.length - 1 },
    problem: /An object is not closed/,
    fix: /add "}" before the end of the document/,
    also: (f) => assert.equal(f.filter((x) => x.code === 'json-syntax').length, 1),
  },
  {
    title: 'single quotes',
    category: 'invalid JSON',
    text: "{'Version': '2012-10-17'}",
    code: 'json-syntax',
    at: "'",
    problem: /JSON strings use double quotes, not single quotes/,
    fix: /Replace them with double quotes/,
    also: (findings) => assert.equal(findings.find((f) => f.code === 'json-syntax')?.from, 1),
  },
  {
    title: 'a missing comma between elements',
    category: 'invalid JSON',
    text: identity('"Action": "s3:GetObject" "Resource": "*"'),
    code: 'json-syntax',
    at: '"Resource"',
    problem: /A comma is missing before the next string/,
    fix: /add "," between the two items/,
  },
  {
    title: 'a missing value',
    category: 'invalid JSON',
    text: identity('"Action": , "Resource": "*"'),
    code: 'json-syntax',
    at: ', "Resource"',
    problem: /A value is missing before ","/,
    fix: /add a string, number, true, false, null, object or array, or remove what is extra/,
  },
  {
    title: 'a missing colon',
    category: 'invalid JSON',
    text: identity('"Action" "s3:GetObject", "Resource": "*"'),
    code: 'json-syntax',
    problem: /A colon is missing after the property name/,
    fix: /write "Name": value/,
  },
  {
    title: 'an unquoted property name',
    category: 'invalid JSON',
    text: '{Version: "2012-10-17", "Statement": []}',
    code: 'json-syntax',
    at: 'V',
    problem: /Unexpected "V": not valid JSON here/,
    fix: /Put text in double quotes/,
  },
  {
    title: 'an unquoted action',
    category: 'invalid JSON',
    text: identity('"Action": s3, "Resource": "*"'),
    code: 'json-syntax',
    at: 's3',
    problem: /Unexpected "s"/,
    fix: /Put text in double quotes/,
  },
  {
    title: 'an unclosed string',
    category: 'invalid JSON',
    text: '{"Version": "2012-10-17',
    code: 'json-syntax',
    at: '"2012-10-17',
    problem: /A string is not closed/,
    fix: /add the closing double quote/,
    also: (f) => assert.equal(f.filter((x) => x.code === 'json-syntax').length, 2),
  },
  {
    title: 'a raw control character inside a string',
    category: 'invalid JSON',
    text: statement('"Sid": "a\tb"'),
    code: 'json-syntax',
    at: '"a\tb"',
    problem: /A string contains a control character/,
    fix: /Write it as an escape \(\\t, \\n\) or remove it/,
  },
  {
    title: 'an invalid escape',
    category: 'invalid JSON',
    text: statement('"Sid": "a\\qb"'),
    code: 'json-syntax',
    problem: /Invalid escape sequence in a string/,
    fix: /Use one JSON allows/,
  },
  {
    title: 'a \\u escape with three digits',
    category: 'invalid JSON',
    text: statement('"Sid": "a\\u12g"'),
    code: 'json-syntax',
    problem: /Invalid \\u escape: it needs exactly four hexadecimal digits/,
    fix: /Complete it or remove it/,
  },
  {
    title: 'a number cut short',
    category: 'invalid JSON',
    text: '{"Version": 1., "Statement": []}',
    code: 'json-syntax',
    at: '1.',
    problem: /A number is cut short/,
    fix: /Finish it or remove the trailing "\." or "e"/,
  },
  {
    title: 'a non-breaking space between items (pasted from a web page)',
    category: 'invalid JSON',
    text: identity('"Action": "s3:GetObject",\u00a0"Resource": "*"'),
    code: 'json-syntax',
    at: '\u00a0',
    problem: /Unexpected U\+00A0, an invisible or special space/,
    fix: /Replace it with a space/,
  },
  ...(['[]', '"policy"', '42', 'null'] as const).map((text): PolicyCase => ({
    title: `a document that is ${text} instead of an object`,
    category: 'invalid JSON',
    text,
    code: 'not-an-object',
    at: text,
    problem: /not (an array|a string|a number|null)/,
    fix: /A policy is a JSON object/,
    also: (f) => assert.deepEqual(codes(f), ['not-an-object']),
  })),
  // Trailing commas
  {
    title: 'a trailing comma in an object',
    category: 'trailing comma',
    text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}',
    code: 'trailing-comma',
    at: charAt(',}'),
    problem: /Trailing comma: IAM rejects a comma after the last item/,
    fix: /Remove it/,
    also: noSyntaxCascade,
  },
  {
    title: 'a trailing comma in an array, across a line break',
    category: 'trailing comma',
    text: identity('"Action": ["s3:GetObject",\n  ], "Resource": "*"'),
    code: 'trailing-comma',
    at: charAt('"s3:GetObject",', '"s3:GetObject"'.length),
    problem: /Trailing comma/,
    fix: /Remove it/,
    also: noSyntaxCascade,
  },
  {
    title: 'a trailing comma after the last statement',
    category: 'trailing comma',
    text: GOOD.replace(/}]}$/, '},]}'),
    code: 'trailing-comma',
    at: charAt(',]}'),
    problem: /Trailing comma/,
    fix: /Remove it/,
    also: noSyntaxCascade,
  },
  // Comments
  {
    title: 'a line comment',
    category: 'comment',
    text: `// my policy\n${GOOD}`,
    code: 'comment',
    at: '// my policy',
    problem: /IAM does not accept comments in a policy/,
    fix: /Remove the comment, or move the note into a Sid/,
  },
  {
    title: 'a block comment',
    category: 'comment',
    text: `${GOOD.slice(0, -1)} /* end */}`,
    code: 'comment',
    at: '/* end */',
    problem: /IAM does not accept comments/,
    fix: /Remove the comment/,
  },
  {
    title: 'a comment that is never closed',
    category: 'comment',
    text: `${GOOD.slice(0, -1)} /* end`,
    code: 'comment',
    at: '/* end',
    problem: /IAM does not accept comments/,
    fix: /Remove the comment/,
  },
  // Byte order mark
  {
    title: 'a byte order mark (the rest still checked)',
    category: 'byte order mark',
    text: '\uFEFF' + GOOD,
    code: 'bom',
    at: { from: 0, to: 1 },
    problem: /starts with a byte order mark \(U\+FEFF\), which IAM rejects/,
    fix: /Save the file as UTF-8 without BOM, or delete the first character/,
    also: (findings) => {
      noSyntaxCascade(findings);
      assert.ok(!codes(findings).includes('invalid-character'), 'the BOM is reported once');
    },
  },
  // Duplicate keys
  {
    title: 'a duplicate key in a statement',
    category: 'duplicate key',
    text: identity('"Action": "s3:GetObject", "Resource": "*", "Action": "s3:PutObject"'),
    code: 'duplicate-key',
    at: '"Action"',
    nth: 1,
    problem: /"Action" appears more than once in this object; IAM would keep only one of them/,
    fix: /Merge the two into one/,
  },
  {
    title: 'a duplicate condition operator',
    category: 'duplicate key',
    text: identity(
      '"Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "a"}, "StringEquals": {"aws:username": "b"}}',
    ),
    code: 'duplicate-key',
    at: '"StringEquals"',
    nth: 1,
    problem: /"StringEquals" appears more than once/,
    fix: /Merge the two into one/,
  },
  {
    title: 'a duplicate Statement at the top level',
    category: 'duplicate key',
    text: '{"Version": "2012-10-17", "Statement": [], "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    code: 'duplicate-key',
    at: '"Statement"',
    nth: 1,
    problem: /"Statement" appears more than once/,
    fix: /Merge the two into one/,
  },
  // Deep nesting
  {
    title: '60,000 nested brackets (no stack overflow)',
    category: 'deep nesting',
    text: () => '['.repeat(60_000) + ']'.repeat(60_000),
    code: 'nesting-too-deep',
    at: { from: MAX_NESTING_DEPTH, to: MAX_NESTING_DEPTH + 1 },
    problem: new RegExp(`nested more than ${MAX_NESTING_DEPTH} levels deep`),
    fix: /a policy needs at most 7. Remove the extra nesting/,
  },
  {
    title: 'condition values nested one level past the limit',
    category: 'deep nesting',
    text: identity(
      `"Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:username": ${'['.repeat(MAX_NESTING_DEPTH - 4)}"a"${']'.repeat(MAX_NESTING_DEPTH - 4)}}}`,
    ),
    code: 'nesting-too-deep',
    problem: /nested more than/,
    fix: /Remove the extra nesting/,
  },
  // 1 MB documents
  {
    title: 'a 1 MB document, refused at once',
    category: '1 MB document',
    text: () => identity(`"Sid": "${'A'.repeat(1024 * 1024)}", "Action": "s3:GetObject", "Resource": "*"`),
    code: 'document-too-large',
    problem: /The document is 1,048,6\d\d characters long; IAM's largest policy quota is 10,240/,
    fix: /Shorten it or split it into several policies/,
    also: (findings, text) => {
      assert.deepEqual(codes(findings), ['document-too-large']);
      assert.ok(text.length > MAX_DOCUMENT_LENGTH);
      const start = performance.now();
      validatePolicySync(text, 'identity');
      const ms = performance.now() - start;
      assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
    },
  },
  {
    title: '1 MB of binary garbage',
    category: '1 MB document',
    text: () => '\u0000\uFFFF{'.repeat(400_000),
    code: 'document-too-large',
    problem: /characters long/,
    fix: /Shorten it/,
    also: (f) => assert.deepEqual(codes(f), ['document-too-large']),
  },
  {
    title: 'a managed policy one character over its 6,144 quota',
    category: '1 MB document',
    text: () => identity(`"Sid": "${'A'.repeat(6144 - policyOverhead())}", "Action": "s3:GetObject", "Resource": "*"`),
    code: 'size-limit',
    problem: /The policy has 6,145 characters \(white space not counted\); the limit here is 6,144/,
    fix: /Shorten it, for example with wildcards \(s3:Get\*\), or split it into several policies/,
  },
  // Invalid UTF-8 (as decoded when read from a file)
  {
    title: 'a lone Latin-1 byte (0xE9) decoded as U+FFFD',
    category: 'invalid UTF-8',
    text: () => invalidUtf8([0xe9, 0x58]),
    code: 'invalid-character',
    at: '\uFFFD',
    problem: /Replacement character U\+FFFD: the document was not valid UTF-8 when it was read/,
    fix: /Retype the damaged text/,
  },
  {
    title: 'a truncated three-byte sequence',
    category: 'invalid UTF-8',
    text: () => invalidUtf8([0xe2, 0x82]),
    code: 'invalid-character',
    at: '\uFFFD',
    problem: /not valid UTF-8/,
    fix: /Retype the damaged text/,
  },
  {
    title: 'an overlong encoding of "/"',
    category: 'invalid UTF-8',
    text: () => invalidUtf8([0xc0, 0xaf]),
    code: 'invalid-character',
    problem: /not valid UTF-8/,
    fix: /Retype the damaged text/,
    also: (f) => assert.equal(f.filter((x) => x.code === 'invalid-character').length, 2),
  },
  {
    title: 'an unpaired surrogate',
    category: 'invalid UTF-8',
    text: statement('"Sid": "a\ud800b"'),
    code: 'invalid-character',
    at: '\ud800',
    problem: /Unpaired surrogate U\+D800: the text is not valid Unicode/,
    fix: /Retype the damaged text/,
  },
  // Look-alike Unicode
  {
    title: 'a Cyrillic "А" in an element name',
    category: 'look-alike Unicode',
    text: identity('"\u0410ction": "s3:GetObject", "Resource": "*"'),
    code: 'invalid-character',
    at: '\u0410',
    problem: /"А" \(U\+0410\) looks like "A" but is a different character, which IAM rejects/,
    fix: /Type "A" instead/,
    also: (findings, text) => {
      const element = only(findings, 'unknown-element');
      assert.deepEqual({ from: element.from, to: element.to }, spanOf(text, '"\u0410ction"'));
      assert.match(element.message, /look like "Action"/);
    },
  },
  {
    title: 'a Cyrillic "е" in an action written as a \\u escape',
    category: 'look-alike Unicode',
    text: identity('"Action": "s3:GetObj\\u0435ct", "Resource": "*"'),
    code: 'action-format',
    problem: /contains characters that only look like ASCII/,
    fix: /Retype it as "s3:GetObject"/,
  },
  {
    title: 'a Cyrillic "О" typed in an action',
    category: 'look-alike Unicode',
    text: identity('"Action": "s3:Get\u041ebject", "Resource": "*"'),
    code: 'action-format',
    at: '"s3:Get\u041ebject"',
    problem: /only look like ASCII/,
    fix: /Retype it as "s3:GetObject"/,
  },
  {
    title: 'a Greek "Α" in "Allow"',
    category: 'look-alike Unicode',
    text: '{"Version": "2012-10-17", "Statement": [{"Effect": "\u0391llow", "Action": "s3:GetObject", "Resource": "*"}]}',
    code: 'effect-invalid',
    at: '"\u0391llow"',
    problem: /Effect must be "Allow" or "Deny" \(case-sensitive\), not "Αllow"/,
    fix: /Write "Allow"/,
  },
  {
    title: 'typographic quotes pasted from a document',
    category: 'look-alike Unicode',
    text: identity('"Action": \u201cs3:GetObject\u201d, "Resource": "*"'),
    code: 'invalid-character',
    at: '\u201c',
    problem: /"“" \(U\+201C\) looks like """/,
    fix: /Type """ instead/,
    also: (findings) => assert.equal(findings.filter((f) => f.code === 'invalid-character').length, 2, 'both quotes'),
  },
  {
    title: 'an invisible zero-width space',
    category: 'look-alike Unicode',
    text: identity('"Action": "s3:Get\u200bObject", "Resource": "*"'),
    code: 'invalid-character',
    at: '\u200b',
    problem: /Invisible character U\+200B/,
    fix: /Delete it/,
  },
  {
    title: 'an emoji (one character, two UTF-16 units)',
    category: 'look-alike Unicode',
    text: statement('"Sid": "ok\u{1F600}"'),
    code: 'invalid-character',
    at: '\u{1F600}',
    problem: /U\+1F600\) is outside the characters IAM accepts in a policy/,
    fix: /Remove or replace it/,
  },
  {
    title: 'a line separator (U+2028) between items',
    category: 'look-alike Unicode',
    text: identity('"Action": "s3:GetObject",\u2028"Resource": "*"'),
    code: 'invalid-character',
    at: '\u2028',
    problem: /U\+2028\) is outside the characters IAM accepts/,
    fix: /Remove or replace it/,
  },
  {
    title: 'binary junk: the character findings are capped',
    category: 'look-alike Unicode',
    text: statement(`"Sid": "${'\u4e00'.repeat(500)}"`),
    code: 'invalid-character',
    problem: /"一" \(U\+4E00\) is outside the characters IAM accepts in a policy/,
    fix: /Remove or replace it/,
    also: (findings) => {
      const chars = findings.filter((f) => f.code === 'invalid-character');
      assert.equal(chars.length, 21);
      assert.match(chars[20]?.message ?? '', /More characters IAM rejects follow; only the first ones are listed/);
    },
  },
];

/** The characters `identity` adds around a Sid of n "A"s, so that the whole is exactly 6,145 without white space. */
function policyOverhead(): number {
  const text = identity('"Sid": "", "Action": "s3:GetObject", "Resource": "*"');
  return text.replace(/[ \t\r\n]/g, '').length - 1;
}

function checkPolicy(c: PolicyCase): void {
  const text = typeof c.text === 'function' ? c.text() : c.text;
  const findings = validatePolicySync(text, c.kind ?? 'identity');
  const matching = findings.filter((f) => f.code === c.code);
  assert.ok(matching.length > 0, `expected ${c.code}, got: ${codes(findings).join(', ') || 'nothing'}`);
  // Where a code occurs more than once (character findings), the row's message picks which.
  const f = matching.find((m) => c.problem.test(m.message)) ?? matching[0];
  assert.ok(f);
  assert.equal(f.severity, 'error', 'an error: the editor refuses to save, so nothing is sent to IAM');
  assertClear(f.message, c);
  if (c.at !== undefined) {
    const want =
      typeof c.at === 'string' ? spanOf(text, c.at, c.nth ?? 0) : typeof c.at === 'function' ? c.at(text) : c.at;
    if (c.code === 'json-syntax') assert.equal(f.from, want.from, 'where the error starts');
    else assert.deepEqual({ from: f.from, to: f.to }, want, 'the span of the finding');
  }
  for (const x of findings)
    assert.ok(x.from >= 0 && x.to <= text.length && x.from <= x.to, `${x.code}: span inside the text`);
  c.also?.(findings, text);
}

// ---- credentials files ------------------------------------------------------------------------

/** Obviously fake keys: never real, and never printed by an assertion. */
const OLD: AccessKeyPair = {
  accessKeyId: 'AKIAOLDFAKEKEY000001',
  secretAccessKey: 'fake/OLD/secret+0000000000000000000000000',
};
const NEW: AccessKeyPair = {
  accessKeyId: 'AKIANEWFAKEKEY000002',
  secretAccessKey: 'fake/NEW/secret+1111111111111111111111111',
};
const ID = `aws_access_key_id = ${OLD.accessKeyId}`;
const SECRET = `aws_secret_access_key = ${OLD.secretAccessKey}`;

/** A file the SDK would misread: the problem it must report, where, and on which profile root it shows. */
interface LintCase {
  readonly title: string;
  readonly credentials?: string | Buffer;
  readonly config?: string;
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly file: 'credentials' | 'config';
  /** 1-based; undefined for a problem of the whole file. */
  readonly line?: number;
  /** The profile whose root shows it in the tree; null when it belongs to no profile. */
  readonly shownOn: string | null;
  readonly problem: RegExp;
  readonly fix: RegExp;
}

const LINT_CASES: readonly LintCase[] = [
  // Malformed sections
  {
    title: 'a header without its closing bracket',
    credentials: `[ok]\n${ID}\n${SECRET}\n[dev\nregion = x\n`,
    code: 'unclosed-header',
    severity: 'error',
    file: 'credentials',
    line: 4,
    shownOn: 'dev',
    problem: /This section header has no closing `\]`, so the SDK ignores it/,
    fix: /read as part of \[ok\].*Add the `\]`/,
  },
  {
    title: 'an empty header',
    credentials: '[]\nregion = x\n',
    code: 'empty-header',
    severity: 'error',
    file: 'credentials',
    line: 1,
    shownOn: null,
    problem: /`\[\]` has no name, so the SDK ignores it/,
    fix: /Write a profile name/,
  },
  {
    title: 'spaces inside the brackets',
    credentials: '[ dev ]\nregion = x\n',
    code: 'header-spaces',
    severity: 'warning',
    file: 'credentials',
    line: 1,
    shownOn: 'dev',
    problem: /has spaces inside the brackets/,
    fix: /Write \[dev\]/,
  },
  {
    title: 'a malformed [profile  x] header',
    config: '[profile  dev]\nregion = x\n',
    code: 'malformed-header',
    severity: 'warning',
    file: 'config',
    line: 1,
    shownOn: 'dev',
    problem: /is not read as a profile section/,
    fix: /use exactly one space.*\[profile dev\]/,
  },
  {
    title: 'an unknown section type',
    config: '[plugin thing]\nx = 1\n',
    code: 'unknown-section',
    severity: 'warning',
    file: 'config',
    line: 1,
    shownOn: null,
    problem: /is not a section type the SDK knows/,
    fix: /Remove it or fix its type/,
  },
  {
    title: '[profile x] in the credentials file',
    credentials: `[profile dev]\n${ID}\n${SECRET}\n`,
    code: 'misplaced-header',
    severity: 'warning',
    file: 'credentials',
    line: 1,
    shownOn: 'dev',
    problem: /the SDK does not read \[profile dev\] as profile dev/,
    fix: /write \[dev\] here/,
  },
  {
    title: '[sso-session x] in the credentials file',
    credentials: '[sso-session corp]\nsso_region = x\n',
    code: 'misplaced-header',
    severity: 'warning',
    file: 'credentials',
    line: 1,
    shownOn: null,
    problem: /does not read \[sso-session corp\]/,
    fix: /move it to the config file/,
  },
  {
    title: 'a named profile without the prefix in config',
    config: '[dev]\nregion = x\n',
    code: 'config-missing-profile-prefix',
    severity: 'warning',
    file: 'config',
    line: 1,
    shownOn: 'dev',
    problem: /the SDK ignores \[dev\]: named profiles there need the prefix/,
    fix: /Write \[profile dev\]/,
  },
  {
    title: '[default] shadowed by [profile default]',
    config: '[default]\nregion = a\n[profile default]\nregion = b\n',
    code: 'shadowed-default',
    severity: 'warning',
    file: 'config',
    line: 1,
    shownOn: 'default',
    problem: /both \[default\] and \[profile default\]/,
    fix: /Merge them/,
  },
  {
    title: 'a [__proto__] section',
    credentials: '[dev]\nregion = x\n[__proto__]\n',
    code: 'rejected-file',
    severity: 'error',
    file: 'credentials',
    line: 3,
    shownOn: 'dev',
    problem: /makes the AWS SDK ignore this whole file/,
    fix: /Rename the section/,
  },
  {
    title: 'a profile named like a JavaScript built-in',
    credentials: '[constructor]\nregion = x\n',
    code: 'reserved-name',
    severity: 'warning',
    file: 'credentials',
    line: 1,
    shownOn: 'constructor',
    problem: /cannot read a profile named "constructor"/,
    fix: /Rename it/,
  },
  {
    title: 'a setting above the first header',
    credentials: 'region = x\n[dev]\n',
    code: 'outside-section',
    severity: 'warning',
    file: 'credentials',
    line: 1,
    shownOn: null,
    problem: /is above the first section header, so the SDK ignores it/,
    fix: /Move it under a \[profile\] header/,
  },
  {
    title: 'a colon instead of =',
    credentials: `[dev]\naws_access_key_id: ${OLD.accessKeyId}\n`,
    code: 'colon-separator',
    severity: 'warning',
    file: 'credentials',
    line: 2,
    shownOn: 'dev',
    problem: /uses `:`; the SDK only understands `key = value`/,
    fix: /Replace the `:` with `=`/,
  },
  {
    title: 'a line that is not key = value',
    credentials: '[dev]\njust some words\n',
    code: 'not-key-value',
    severity: 'warning',
    file: 'credentials',
    line: 2,
    shownOn: 'dev',
    problem: /is not `key = value` and is ignored/,
    fix: /Fix or remove it \(comments start with # or ;\)/,
  },
  {
    title: 'a line with no key before =',
    credentials: '[dev]\n= value\n',
    code: 'missing-key',
    severity: 'warning',
    file: 'credentials',
    line: 2,
    shownOn: 'dev',
    problem: /has no key before `=` and is ignored/,
    fix: /Add the key name/,
  },
  // Duplicate profiles and keys
  {
    title: 'a duplicate profile',
    credentials: `[dev]\n${ID}\n[ops]\nregion = x\n[dev]\n${SECRET}\n`,
    code: 'duplicate-section',
    severity: 'warning',
    file: 'credentials',
    line: 5,
    shownOn: 'dev',
    problem: /\[dev\] is also defined at line 1; the SDK merges the two/,
    fix: /Merge them into one section/,
  },
  {
    title: 'a duplicate key',
    credentials: `[dev]\n${ID}\n${SECRET}\nregion = a\nregion = b\n`,
    code: 'duplicate-key',
    severity: 'warning',
    file: 'credentials',
    line: 5,
    shownOn: 'dev',
    problem: /`region` is set again \(first at line 4\); the SDK uses the last value/,
    fix: /Remove one of them/,
  },
  {
    title: 'upper-case key names',
    credentials: `[dev]\nAWS_ACCESS_KEY_ID = ${OLD.accessKeyId}\n`,
    code: 'key-case',
    severity: 'warning',
    file: 'credentials',
    line: 2,
    shownOn: 'dev',
    problem: /`AWS_ACCESS_KEY_ID` is ignored: the SDK's keys are case-sensitive/,
    fix: /Write `aws_access_key_id`/,
  },
  // Missing keys
  {
    title: 'a key id without its secret',
    credentials: `[dev]\n${ID}\n`,
    code: 'missing-secret',
    severity: 'error',
    file: 'credentials',
    line: 2,
    shownOn: 'dev',
    problem: /has aws_access_key_id but no aws_secret_access_key/,
    fix: /Add the secret, or remove the key id/,
  },
  {
    title: 'a secret without its key id',
    credentials: `[dev]\n${SECRET}\n`,
    code: 'missing-key-id',
    severity: 'error',
    file: 'credentials',
    line: 2,
    shownOn: 'dev',
    problem: /has aws_secret_access_key but no aws_access_key_id/,
    fix: /Add the key id, or remove the secret/,
  },
  {
    title: 'an empty aws_secret_access_key',
    credentials: `[dev]\n${ID}\naws_secret_access_key =\n`,
    code: 'empty-value',
    severity: 'error',
    file: 'credentials',
    line: 3,
    shownOn: 'dev',
    problem: /`aws_secret_access_key` has no value, so the SDK ignores it/,
    fix: /Give it a value or remove the line/,
  },
  {
    title: 'a key id and secret swapped',
    credentials: `[dev]\naws_access_key_id = ${OLD.secretAccessKey}\naws_secret_access_key = ${OLD.accessKeyId}\n`,
    code: 'malformed-key-id',
    severity: 'warning',
    file: 'credentials',
    line: 2,
    shownOn: 'dev',
    problem: /does not look like an access key id/,
    fix: /Check it is not swapped with the secret/,
  },
  {
    title: 'a session token with a long-term key',
    credentials: `[dev]\n${ID}\n${SECRET}\naws_session_token = fake-token\n`,
    code: 'stale-session-token',
    severity: 'warning',
    file: 'credentials',
    line: 4,
    shownOn: 'dev',
    problem: /pairs a long-term key \(AKIA…\) with aws_session_token/,
    fix: /Remove the aws_session_token line/,
  },
  {
    title: 'a missing source_profile',
    config: '[profile a]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = nope\n',
    code: 'missing-source-profile',
    severity: 'error',
    file: 'config',
    line: 3,
    shownOn: 'a',
    problem: /uses source_profile nope, which is not defined/,
    fix: /Add that profile or fix the name/,
  },
  {
    title: 'both source_profile and credential_source',
    config:
      '[profile a]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = a\ncredential_source = Environment\n',
    code: 'conflicting-source',
    severity: 'error',
    file: 'config',
    line: 3,
    shownOn: 'a',
    problem: /sets both source_profile and credential_source/,
    fix: /Keep one/,
  },
  {
    title: 'role_arn with nothing to assume it',
    config: '[profile a]\nrole_arn = arn:aws:iam::111122223333:role/R\n',
    code: 'role-without-source',
    severity: 'warning',
    file: 'config',
    line: 2,
    shownOn: 'a',
    problem: /has role_arn but nothing to assume it with/,
    fix: /Add source_profile/,
  },
  {
    title: 'a missing sso-session',
    config: '[profile a]\nsso_session = corp\n',
    code: 'missing-sso-session',
    severity: 'error',
    file: 'config',
    line: 2,
    shownOn: 'a',
    problem: /the config file has no \[sso-session corp\]/,
    fix: /Add that section or fix the name/,
  },
  {
    title: 'a missing services section',
    config: '[profile a]\nservices = local\n',
    code: 'missing-services',
    severity: 'error',
    file: 'config',
    line: 2,
    shownOn: 'a',
    problem: /the config file has no \[services local\]/,
    fix: /Add that section or fix the name/,
  },
  // Encodings
  {
    title: 'a UTF-16 file (PowerShell)',
    credentials: Buffer.from(`\ufeff[dev]\r\n${ID}\r\n`, 'utf16le'),
    code: 'not-utf8',
    severity: 'error',
    file: 'credentials',
    shownOn: 'anyone',
    problem: /contains NUL bytes: it looks UTF-16 encoded/,
    fix: /Save it as UTF-8/,
  },
  {
    title: 'a byte that is not UTF-8',
    credentials: Buffer.concat([Buffer.from('[a]\nregion = x'), Buffer.from([0xff]), Buffer.from('\n')]),
    code: 'not-utf8',
    severity: 'error',
    file: 'credentials',
    shownOn: 'a',
    problem: /is not valid UTF-8, so some values may be misread/,
    fix: /Save it as UTF-8/,
  },
];

/** A write that must be refused with nothing on disk changed. */
interface WriteCase {
  readonly title: string;
  readonly file: string | Buffer;
  readonly write: (path: string) => Promise<unknown>;
  readonly code: 'not-utf8' | 'invalid-input';
  readonly problem: RegExp;
  readonly fix: RegExp;
}

/** The backup folder: beside the file here, so the test's listing of the folder also shows that no backup was made. */
const backupsOf = (path: string) => ({ backupFolder: join(dirname(path), 'backups') });
const rotateTo = (key: AccessKeyPair) => (path: string) =>
  writeCredentialsFile(path, (t) => replaceAccessKey(t, OLD.accessKeyId, key).text, backupsOf(path));
const addProfile = (name: string) => (path: string) =>
  writeCredentialsFile(path, (t) => setProfileKeys(t, name, NEW).text, backupsOf(path));
const HOLDING_OLD = `# work\n[default]\n${ID}\n${SECRET}\n`;
const PROFILE_CHARS = /use letters, digits and - _ \. @ \+ % : \/ only/;

const WRITE_CASES: readonly WriteCase[] = [
  {
    title: 'rotating into a UTF-16 file with a byte order mark',
    file: Buffer.from(`\ufeff[default]\r\n${ID}\r\n`, 'utf16le'),
    write: rotateTo(NEW),
    code: 'not-utf8',
    problem: /is not UTF-8 text \(saved as UTF-16\?\)/,
    fix: /Save it as UTF-8 and try again; nothing was changed/,
  },
  {
    title: 'adding a profile to a UTF-16 file without a byte order mark',
    file: Buffer.from(`[default]\n${ID}\n`, 'utf16le'),
    write: addProfile('new'),
    code: 'not-utf8',
    problem: /is not UTF-8 text/,
    fix: /Save it as UTF-8/,
  },
  {
    title: 'adding a profile to a file the SDK ignores ([__proto__])',
    file: '[dev]\nregion = x\n[__proto__]\n',
    write: addProfile('new'),
    code: 'invalid-input',
    problem: /line 3 is named __proto__, which makes the AWS SDK ignore this whole file/,
    fix: /Rename that section, then try again; nothing was written/,
  },
  {
    title: 'a secret with spaces',
    file: HOLDING_OLD,
    write: rotateTo({ accessKeyId: NEW.accessKeyId, secretAccessKey: 'fake secret with spaces' }),
    code: 'invalid-input',
    problem: /secret access key is empty or contains spaces/,
    fix: /Check that the whole secret was copied/,
  },
  {
    title: 'a secret starting with #',
    file: HOLDING_OLD,
    write: rotateTo({ accessKeyId: NEW.accessKeyId, secretAccessKey: '#fake' }),
    code: 'invalid-input',
    problem: /a leading # or ;/,
    fix: /Check that the whole secret was copied/,
  },
  {
    title: 'an empty secret',
    file: HOLDING_OLD,
    write: rotateTo({ accessKeyId: NEW.accessKeyId, secretAccessKey: '' }),
    code: 'invalid-input',
    problem: /secret access key is empty/,
    fix: /Check that the whole secret was copied/,
  },
  {
    title: 'a key id and secret swapped',
    file: HOLDING_OLD,
    write: rotateTo({ accessKeyId: NEW.secretAccessKey, secretAccessKey: NEW.accessKeyId }),
    code: 'invalid-input',
    problem: /The access key id is not valid: expected 16 to 128 upper-case letters and digits/,
    fix: /Check that the id and the secret are not swapped/,
  },
  {
    title: 'an empty profile name',
    file: HOLDING_OLD,
    write: addProfile(''),
    code: 'invalid-input',
    problem: /The profile name is empty/,
    fix: /enter a name of letters, digits/,
  },
  {
    title: 'a profile name with a space',
    file: HOLDING_OLD,
    write: addProfile('has space'),
    code: 'invalid-input',
    problem: /a space cannot be in a profile name/,
    fix: PROFILE_CHARS,
  },
  {
    title: 'a profile name with a bracket',
    file: HOLDING_OLD,
    write: addProfile('a]b'),
    code: 'invalid-input',
    problem: /"\]" cannot be in a profile name/,
    fix: PROFILE_CHARS,
  },
  {
    title: 'a profile name with # (a comment)',
    file: HOLDING_OLD,
    write: addProfile('x#y'),
    code: 'invalid-input',
    problem: /"#" cannot be in a profile name/,
    fix: PROFILE_CHARS,
  },
  {
    title: 'the profile name __proto__',
    file: HOLDING_OLD,
    write: addProfile('__proto__'),
    code: 'invalid-input',
    problem: /"__proto__" cannot be a profile name: the AWS SDK cannot read a profile named like a JavaScript built-in/,
    fix: /Choose another name/,
  },
];

// ---- the suite ----------------------------------------------------------------------------------

const COUNTS: [string, number][] = [
  ['entity names', NAME_CASES.length],
  ['paths', PATH_CASES.length],
  ['tags', TAG_CASES.length],
  ['role session durations', DURATION_CASES.length],
  ['policy documents', POLICY_CASES.length],
  ['credentials files', LINT_CASES.length + WRITE_CASES.length],
];

describe('reliability: bad input gets a clear message, and nothing changes', () => {
  it('tries at least 60 bad inputs, in every category of issue 9', () => {
    const total = COUNTS.reduce((n, [, c]) => n + c, 0);
    console.log(`      (${COUNTS.map(([what, n]) => `${what} ${n}`).join(', ')}: ${total} in all)`);
    assert.ok(total >= 60, `only ${total} cases`);
    for (const [what, n] of COUNTS) assert.ok(n > 0, `no ${what} case`);
    const categories = new Set(POLICY_CASES.map((c) => c.category));
    for (const c of [
      'invalid JSON',
      'trailing comma',
      'comment',
      'byte order mark',
      'duplicate key',
      'deep nesting',
      '1 MB document',
      'invalid UTF-8',
      'look-alike Unicode',
    ]) {
      assert.ok(categories.has(c as PolicyCategory), `no policy document case for ${c}`);
    }
    for (const code of ['unclosed-header', 'duplicate-section', 'missing-secret']) {
      assert.ok(
        LINT_CASES.some((c) => c.code === code),
        `no credentials case ${code}`,
      );
    }
  });

  inputTable('entity names', NAME_CASES, (c) => checkName(c.kind, c.input, c.existing));
  inputTable('paths', PATH_CASES, (c) => checkPath(c.input));
  inputTable('tags', TAG_CASES, (c) => {
    const existing = Array.from({ length: c.existingTags ?? 0 }, (_, i) => ({ key: `k${i}`, value: '' }));
    const r = parseTags(c.input, existing);
    return r.ok ? undefined : r.message;
  });
  inputTable('role session durations', DURATION_CASES, (c) => {
    const r = parseSessionDuration(c.input);
    return r.ok ? undefined : r.message;
  });

  describe(`policy documents (${POLICY_CASES.length} cases)`, () => {
    for (const c of POLICY_CASES) it(`${c.category}: ${c.title}`, () => checkPolicy(c));
  });

  describe(`credentials files (${LINT_CASES.length + WRITE_CASES.length} cases)`, () => {
    let dir = '';
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'iam-explorer-bad-input-'));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    for (const c of LINT_CASES) {
      it(`read: ${c.title}`, async () => {
        const paths = { credentials: join(dir, 'credentials'), config: join(dir, 'config') };
        if (c.credentials !== undefined) await fs.writeFile(paths.credentials, c.credentials, { mode: 0o600 });
        if (c.config !== undefined) await fs.writeFile(paths.config, c.config, { mode: 0o600 });
        const { problems } = await readProfiles(paths);
        const problem = problems.find((p) => p.code === c.code);
        assert.ok(problem, `expected ${c.code}, got ${problems.map((p) => p.code).join(', ') || 'nothing'}`);
        assert.equal(problem.severity, c.severity);
        assert.equal(problem.file, c.file);
        assert.equal(problem.path, paths[c.file]);
        assert.equal(problem.line, c.line);
        assertClear(problem.message, c);
        const text = formatProblem(problem);
        assert.ok(
          text.startsWith(`${paths[c.file]}${c.line === undefined ? '' : `:${c.line}`}: ${c.severity}: `),
          'the file and line lead the message',
        );
        if (c.shownOn === null) {
          assert.equal(problem.profile, undefined, 'it belongs to no profile');
        } else {
          assert.ok(problemsOfProfile(problems, c.shownOn).includes(problem), `shown on profile ${c.shownOn}'s root`);
        }
        for (const secret of [OLD.secretAccessKey])
          assert.ok(!problems.map(formatProblem).join('\n').includes(secret), 'a message quotes a secret');
      });
    }

    for (const c of WRITE_CASES) {
      it(`write refused: ${c.title}`, async () => {
        const path = join(dir, 'credentials');
        await fs.writeFile(path, c.file, { mode: 0o600 });
        const before = await fs.readFile(path);
        const listing = await fs.readdir(dir);
        let message = '';
        await assert.rejects(c.write(path), (e: unknown) => {
          assert.ok(e instanceof CredentialsFileError, String(e));
          assert.equal(e.code, c.code);
          message = e.message;
          return true;
        });
        assertClear(message, c);
        for (const value of [OLD.secretAccessKey, NEW.secretAccessKey, 'fake secret with spaces', '#fake'])
          assert.ok(!message.includes(value), 'the message quotes a secret');
        assert.ok((await fs.readFile(path)).equals(before), 'the file kept every byte');
        assert.deepEqual(await fs.readdir(dir), listing, 'no backup or temp file was left');
      });
    }
  });
});
