/**
 * Planted problems in each source format are reported on the marked lines, and
 * nothing else is: together the files of a format use every finding code that
 * can arise in that format.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import { FINDING_CODES, type FindingCode } from '../../../../src/core/policy/codes';
import { actualOf, expectedOf, filesUnder, FIXTURES, sorted } from './fixtureSupport';

/** Codes only the JSON text layer emits: they arise where a policy is JSON text in the file. */
const TEXT_ONLY: FindingCode[] = [
  'document-too-large',
  'nesting-too-deep',
  'empty-document',
  'bom',
  'comment',
  'trailing-comma',
  'json-syntax',
];
/**
 * Codes no format reaches: the catalog being unavailable; a policy that is not an object (only objects are picked up as
 * policies in templates).
 */
const NEVER_PLANTED: FindingCode[] = ['catalog-unavailable'];

const REQUIRED: Record<string, FindingCode[]> = {
  // A bare policy file's kind is read from its statements (a Principal makes it a resource or
  // trust policy), so "principal in an identity policy" and its kin cannot be planted there.
  'policy-json': FINDING_CODES.filter(
    (c) =>
      !NEVER_PLANTED.includes(c) && !['principal-not-allowed', 'resource-not-allowed', 'principal-missing'].includes(c),
  ),
  cloudformation: FINDING_CODES.filter(
    (c) => !NEVER_PLANTED.includes(c) && !TEXT_ONLY.includes(c) && c !== 'not-an-object',
  ),
  terraform: FINDING_CODES.filter(
    (c) =>
      !NEVER_PLANTED.includes(c) &&
      c !== 'not-an-object' &&
      c !== 'document-too-large' &&
      c !== 'bom' &&
      c !== 'empty-document' &&
      c !== 'nesting-too-deep',
  ),
  cdk: ['action-format', 'unknown-service', 'unknown-action', 'wildcard-matches-nothing'],
};

describe('iac: planted problems at known lines', () => {
  const catalog = createIamDataCatalog();
  const seen: Record<string, Set<string>> = {};
  const root = join(FIXTURES, 'planted');
  for (const file of filesUnder(root)) {
    const name = relative(root, file);
    it(`${name}: every marked problem on its line, nothing more`, async () => {
      const text = readFileSync(file, 'utf8');
      const expected = expectedOf(file, text);
      assert.ok(expected.length > 0, 'the fixture marks no expected finding');
      const actual = await actualOf(file, text, catalog);
      assert.ok(actual.format, 'the file was not recognised');
      (seen[actual.format] ??= new Set()).add(actual.codes.join(' '));
      for (const c of actual.codes) seen[actual.format]?.add(c);
      assert.deepEqual(sorted(actual.lines), sorted(expected));
    });
  }

  for (const [format, codes] of Object.entries(REQUIRED)) {
    it(`${format}: the planted files use every code that can arise in it`, () => {
      const found = seen[format] ?? new Set();
      const missing = codes.filter((c) => !found.has(c));
      assert.deepEqual(missing, [], `codes never planted for ${format}`);
    });
  }
});
