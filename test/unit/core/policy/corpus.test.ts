/** Real policies (test/fixtures/policies) come out clean with the real catalog. */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import type { PolicyKind } from '../../../../src/core/policy/types';
import { validatePolicy } from '../../../../src/core/policy/validate';

const ROOT = join(__dirname, '..', '..', '..', 'fixtures', 'policies');

/** The security warnings these real policies rightly get; anything else is a defect. */
const EXPECTED: Readonly<Record<string, string[]>> = {
  'identity/AdministratorAccess.json': ['star-on-star'],
  'identity/PowerUserAccess.json': ['allow-not-action'],
};

describe('policy corpus: real documents', () => {
  const catalog = createIamDataCatalog();
  for (const kind of ['identity', 'trust', 'resource'] as const satisfies readonly PolicyKind[]) {
    for (const file of readdirSync(join(ROOT, kind)).filter((f) => f.endsWith('.json'))) {
      const name = `${kind}/${file}`;
      it(`${name} is clean`, async () => {
        const text = readFileSync(join(ROOT, kind, file), 'utf8');
        const findings = await validatePolicy(text, kind, { catalog, sizeLimit: Infinity });
        assert.deepEqual(
          findings.map((f) => f.code),
          EXPECTED[name] ?? [],
          JSON.stringify(findings, null, 1),
        );
      });
    }
  }

  it('has the policies the issue names', () => {
    const files = ['identity', 'trust'].flatMap((k) => readdirSync(join(ROOT, k)).map((f) => `${k}/${f}`));
    for (const expected of [
      'identity/AdministratorAccess.json',
      'identity/ReadOnlyAccess-excerpt.json',
      'identity/AmazonS3ReadOnlyAccess.json',
      'identity/AWSLambdaBasicExecutionRole.json',
      'trust/ec2-service.json',
    ]) {
      assert.ok(files.includes(expected), expected);
    }
  });
});
