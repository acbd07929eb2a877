/**
 * Clean files shaped after well-known public templates and modules (sources and
 * licences in each file's first lines) yield no error; the warnings they rightly
 * get are listed here one by one, so a new false positive fails the test.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lintText } from '../../../../src/core/iac/files';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import { actualOf, filesUnder, FIXTURES } from './fixtureSupport';

const ROOT = join(FIXTURES, 'clean');

/** Warnings these files rightly get (`line code`); everything else must be silent. */
const EXPECTED_WARNINGS: Readonly<Record<string, string[]>> = {
  // Policies written without a Version.
  'cloudformation/ecs-task-roles.yaml': [
    '15 version-missing',
    '29 version-missing',
    '52 version-missing',
    '66 version-missing',
  ],
  'cloudformation/sqs-sns-fanout.yaml': ['26 version-missing', '67 version-missing'],
  'cloudformation/codepipeline-roles.json': ['50 passrole-star', '68 version-missing'],
};

/** Files with nothing to check: recognised as not holding a policy. */
const WITHOUT_POLICIES = new Set(['policy-json/package.json', 'terraform/variables-only.tf']);

describe('iac: clean real-looking files', () => {
  const catalog = createIamDataCatalog();
  const files = filesUnder(ROOT);

  it('has at least 20 files with policies, in every format', async () => {
    const formats = new Map<string, number>();
    for (const file of files) {
      const result = await lintText(file, readFileSync(file, 'utf8'), undefined);
      if (result.policies > 0 && result.format) formats.set(result.format, (formats.get(result.format) ?? 0) + 1);
    }
    const total = [...formats.values()].reduce((a, b) => a + b, 0);
    assert.ok(total >= 20, `only ${total} files with policies`);
    assert.deepEqual([...formats.keys()].sort(), ['cdk', 'cloudformation', 'policy-json', 'terraform']);
  });

  for (const file of files) {
    const name = relative(ROOT, file);
    it(`${name}: no error, only the expected warnings`, async () => {
      const text = readFileSync(file, 'utf8');
      const result = await lintText(file, text, catalog);
      if (WITHOUT_POLICIES.has(name)) {
        assert.equal(result.policies, 0);
        return;
      }
      assert.ok(result.policies > 0, 'no policy found in the file');
      const actual = await actualOf(file, text, catalog);
      assert.deepEqual(
        result.findings.filter((f) => f.severity === 'error'),
        [],
      );
      assert.deepEqual(actual.lines, EXPECTED_WARNINGS[name] ?? []);
    });
  }
});
