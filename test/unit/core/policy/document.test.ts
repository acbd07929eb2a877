/** Decoding IAM's URL-encoded documents, formatting and minifying. */
import * as assert from 'node:assert/strict';
import { decodePolicyDocument, formatPolicy, minifyPolicy } from '../../../../src/core/policy/document';

const RAW =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/100%25 done/*"}]}';

describe('policy documents', () => {
  it('decodes a URL-encoded document as IAM returns it', () => {
    const encoded = encodeURIComponent(RAW);
    assert.ok(encoded.startsWith('%7B'));
    assert.equal(decodePolicyDocument(encoded), RAW);
  });

  it('decodes lower-case escapes and encoded leading white space', () => {
    assert.equal(decodePolicyDocument('%0a%7b%22a%22%3a1%7d'), '\n{"a":1}');
  });

  it('passes raw JSON through unchanged, even with "%" and "%7B" inside strings', () => {
    assert.equal(decodePolicyDocument(RAW), RAW);
    const tricky = '  {"Sid": "a%7Bb", "x": "%"}';
    assert.equal(decodePolicyDocument(tricky), tricky);
  });

  it('keeps "+" as it is (RFC 3986, not form encoding)', () => {
    assert.equal(decodePolicyDocument('%7B%22a%22%3A%22x+y%22%7D'), '{"a":"x+y"}');
  });

  it('leaves text with a malformed escape, or that does not decode to JSON, unchanged', () => {
    assert.equal(decodePolicyDocument('%7B%zz'), '%7B%zz');
    assert.equal(decodePolicyDocument('100%25'), '100%25');
    assert.equal(decodePolicyDocument(''), '');
  });

  it('formats with two-space indentation, keeping key order and duplicate keys', () => {
    const text = '{"b":1,"a":[1,2],"a":{"x":"y"}}';
    assert.equal(formatPolicy(text), '{\n  "b": 1,\n  "a": [\n    1,\n    2\n  ],\n  "a": {\n    "x": "y"\n  }\n}');
    assert.equal(formatPolicy(text, 4).split('\n')[1], '    "b": 1,');
  });

  it('minifies without touching strings', () => {
    const pretty = formatPolicy('{"Sid": "two  spaces", "n": 1.50}');
    assert.equal(minifyPolicy(pretty), '{"Sid":"two  spaces","n":1.50}');
  });

  it('round-trips: minify(format(x)) is x for minified input', () => {
    assert.equal(minifyPolicy(formatPolicy(RAW)), RAW);
  });

  it('refuses to minify text with comments or broken strings (returns it unchanged)', () => {
    for (const text of ['{"a": 1 // note\n}', '{"a": "unterminated}', '{"a": 1 /* x */}']) {
      assert.equal(minifyPolicy(text), text);
    }
  });
});
