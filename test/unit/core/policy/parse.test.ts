/**
 * The JSON layer and the bad-input list of issue 9 for policy documents: each
 * input gets a clear finding at the right place, and nothing hangs or throws.
 */
import * as assert from 'node:assert/strict';
import { MAX_DOCUMENT_LENGTH, MAX_NESTING_DEPTH } from '../../../../src/core/policy/parse';
import { validatePolicySync } from '../../../../src/core/policy/validate';
import { codes, identity, only, spanOf } from './helpers';

const GOOD = identity('"Action": "s3:GetObject", "Resource": "*"');

describe('policy JSON layer', () => {
  it('accepts a plain valid policy without findings', () => {
    assert.deepEqual(validatePolicySync(GOOD, 'identity'), []);
  });

  it('reports an empty document', () => {
    assert.deepEqual(codes(validatePolicySync('  \n', 'identity')), ['empty-document']);
  });

  it('reports a trailing comma in an object at the comma', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}';
    const f = only(validatePolicySync(text, 'identity'), 'trailing-comma');
    assert.deepEqual([f.from, f.to], [spanOf(text, ',}').from, spanOf(text, ',}').from + 1], 'points at the comma');
    assert.ok(!codes(validatePolicySync(text, 'identity')).includes('json-syntax'), 'one finding, not a cascade');
  });

  it('reports a trailing comma in an array, across a line break', () => {
    const text = identity('"Action": ["s3:GetObject",\n  ], "Resource": "*"');
    const f = only(validatePolicySync(text, 'identity'), 'trailing-comma');
    assert.equal(f.from, spanOf(text, '"s3:GetObject",').to - 1);
  });

  it('reports line comments and block comments with their span', () => {
    const text = `// my policy\n${GOOD.slice(0, -1)} /* end */}`;
    const found = validatePolicySync(text, 'identity').filter((f) => f.code === 'comment');
    assert.deepEqual(found.map((f) => text.slice(f.from, f.to)), ['// my policy', '/* end */']);
  });

  it('reports a byte order mark and still checks the rest', () => {
    const text = '\uFEFF' + GOOD;
    const findings = validatePolicySync(text, 'identity');
    const f = only(findings, 'bom');
    assert.deepEqual([f.from, f.to], [0, 1]);
    assert.equal(f.severity, 'error');
    assert.ok(!codes(findings).includes('json-syntax'));
    assert.ok(!codes(findings).includes('invalid-character'), 'the BOM is reported once');
  });

  it('reports duplicate keys at the second key', () => {
    const text = identity('"Action": "s3:GetObject", "Resource": "*", "Action": "s3:PutObject"');
    const f = only(validatePolicySync(text, 'identity'), 'duplicate-key');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"Action"', 1));
  });

  it('reports duplicate condition operators', () => {
    const text = identity('"Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "a"}, "StringEquals": {"aws:username": "b"}}');
    const f = only(validatePolicySync(text, 'identity'), 'duplicate-key');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"StringEquals"', 1));
  });

  it('stops at excessive nesting without parsing (no stack overflow)', () => {
    const depth = 60_000; // deep enough to overflow a recursive parser, short enough to be parsed
    const text = '['.repeat(depth) + ']'.repeat(depth);
    const findings = validatePolicySync(text, 'identity');
    const f = only(findings, 'nesting-too-deep');
    assert.equal(f.from, MAX_NESTING_DEPTH, 'points at the first bracket past the limit');
  });

  it('ignores brackets inside strings when measuring nesting', () => {
    const text = identity(`"Sid": "${'['.repeat(50)}", "Action": "s3:GetObject", "Resource": "*"`);
    assert.ok(!codes(validatePolicySync(text, 'identity')).includes('nesting-too-deep'));
  });

  it('accepts the deepest real nesting (condition value lists)', () => {
    const text = identity('"Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}}');
    assert.deepEqual(validatePolicySync(text, 'identity'), []);
  });

  it('bails out of a 1 MB document at once with a size error', () => {
    const big = identity(`"Sid": "${'A'.repeat(1024 * 1024)}", "Action": "s3:GetObject", "Resource": "*"`);
    const start = performance.now();
    const findings = validatePolicySync(big, 'identity');
    const ms = performance.now() - start;
    assert.deepEqual(codes(findings), ['document-too-large']);
    assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
    assert.ok(big.length > MAX_DOCUMENT_LENGTH);
  });

  it('bails out of 1 MB of garbage too', () => {
    const findings = validatePolicySync('\u0000\uFFFF{'.repeat(400_000), 'identity');
    assert.deepEqual(codes(findings), ['document-too-large']);
  });

  it('reports text after the policy object', () => {
    const text = GOOD + GOOD;
    const f = only(validatePolicySync(text, 'identity'), 'json-syntax');
    assert.equal(f.from, GOOD.length);
    assert.match(f.message, /exactly one JSON object/);
  });

  it('reports an unclosed object at the end', () => {
    const text = GOOD.slice(0, -1);
    const f = only(validatePolicySync(text, 'identity'), 'json-syntax');
    assert.equal(f.from, text.length);
    assert.match(f.message, /not closed/);
  });

  it('explains single quotes', () => {
    const text = "{'Version': '2012-10-17'}";
    const f = validatePolicySync(text, 'identity').find((x) => x.code === 'json-syntax');
    assert.ok(f);
    assert.equal(f.from, 1);
    assert.match(f.message, /double quotes/);
  });

  it('reports a missing comma between elements', () => {
    const text = identity('"Action": "s3:GetObject" "Resource": "*"');
    const f = validatePolicySync(text, 'identity').find((x) => x.code === 'json-syntax');
    assert.ok(f);
    assert.match(f.message, /comma is missing/);
    assert.equal(f.from, spanOf(text, '"Resource"').from);
  });

  it('reports a raw control character inside a string', () => {
    const text = identity('"Sid": "a\tb", "Action": "s3:GetObject", "Resource": "*"');
    const f = validatePolicySync(text, 'identity').find((x) => x.code === 'json-syntax');
    assert.ok(f);
    assert.match(f.message, /control character/);
  });

  it('reports U+FFFD left by invalid UTF-8 at its position', () => {
    const bytes = Buffer.from(identity('"Sid": "Caf\xE9X", "Action": "s3:GetObject", "Resource": "*"'), 'latin1');
    const text = new TextDecoder('utf-8').decode(bytes); // 0xE9 alone is not UTF-8
    const f = only(validatePolicySync(text, 'identity'), 'invalid-character');
    assert.equal(text.slice(f.from, f.to), '\uFFFD');
    assert.match(f.message, /not valid UTF-8/);
  });

  it('accepts Latin-1 characters, which IAM allows', () => {
    const text = identity('"Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/caf\u00e9/*"');
    assert.deepEqual(validatePolicySync(text, 'identity'), []);
  });

  it('reports a Cyrillic look-alike in an element name, naming the intended one', () => {
    const text = identity('"\u0410ction": "s3:GetObject", "Resource": "*"');
    const findings = validatePolicySync(text, 'identity');
    const element = only(findings, 'unknown-element');
    assert.deepEqual({ from: element.from, to: element.to }, spanOf(text, '"\u0410ction"'));
    assert.match(element.message, /look like "Action"/);
    const char = only(findings, 'invalid-character');
    assert.equal(text.slice(char.from, char.to), '\u0410');
    assert.match(char.message, /U\+0410.*looks like "A"/);
  });

  it('reports a Cyrillic look-alike in an action written as a \\u escape', () => {
    const text = identity('"Action": "s3:GetObj\\u0435ct", "Resource": "*"'); // no raw non-ASCII in the text
    const f = only(validatePolicySync(text, 'identity'), 'action-format');
    assert.match(f.message, /s3:GetObject/);
  });

  it('reports typographic quotes pasted from a document', () => {
    const text = identity('"Action": \u201cs3:GetObject\u201d, "Resource": "*"');
    const chars = validatePolicySync(text, 'identity').filter((f) => f.code === 'invalid-character');
    assert.equal(chars.length, 2);
    assert.match(chars[0]?.message ?? '', /looks like """/);
  });

  it('reports an invisible zero-width space', () => {
    const text = identity('"Action": "s3:Get\u200bObject", "Resource": "*"');
    const f = only(validatePolicySync(text, 'identity'), 'invalid-character');
    assert.match(f.message, /Invisible/);
  });

  it('caps character findings for binary junk', () => {
    const text = identity(`"Sid": "${'\u4e00'.repeat(500)}", "Action": "s3:GetObject", "Resource": "*"`);
    const chars = validatePolicySync(text, 'identity').filter((f) => f.code === 'invalid-character');
    assert.equal(chars.length, 21);
  });

  it('treats an emoji (a surrogate pair) as one character', () => {
    const text = identity('"Sid": "ok\u{1F600}", "Action": "s3:GetObject", "Resource": "*"');
    const f = only(validatePolicySync(text, 'identity'), 'invalid-character');
    assert.equal(f.to - f.from, 2);
    assert.match(f.message, /U\+1F600/);
  });

  it('rejects a document that is not an object', () => {
    for (const text of ['[]', '"policy"', '42', 'null']) {
      assert.deepEqual(codes(validatePolicySync(text, 'identity')), ['not-an-object'], text);
    }
  });

  it('never throws on arbitrary text', () => {
    const samples = ['{', '}', '{"Statement":', '{"Statement": [{"Condition": {"X": [', '\\', '{"a":"\\u12"}', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["', 'nul', '{"Statement": {"Principal": {"AWS": {}}}}'];
    for (const s of samples) {
      for (const kind of ['identity', 'trust', 'resource'] as const) {
        const findings = validatePolicySync(s, kind);
        assert.ok(findings.some((f) => f.severity === 'error'), `${kind}: ${s}`);
        for (const f of findings) assert.ok(f.from >= 0 && f.to <= s.length && f.from <= f.to, `${f.code} span inside the text`);
      }
    }
  });
});
