/**
 * What `npm run bench` times in the policy core (scripts/bench/policy.ts) is right before it is
 * fast: the generated 6,144-character policy is valid and that size, and completing EC2 actions
 * offers the whole service. The times themselves live in the benchmark and docs/benchmarks.md,
 * not here: a wall-clock budget in a test fails on a loaded machine.
 */
import * as assert from 'node:assert/strict';
import { complete } from '../../../../src/core/policy/completion';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import { policySize } from '../../../../src/core/policy/size';
import { validatePolicy, validatePolicySync } from '../../../../src/core/policy/validate';
import { policyOfSize } from '../../../fixtures/policies/generate';

describe('policy benchmark inputs', () => {
  const text = policyOfSize(6144);

  it('the 6,144-character policy is that size and valid, with and without the catalog', async () => {
    assert.equal(policySize(text), 6144);
    assert.deepEqual(validatePolicySync(text, 'identity'), []);
    assert.deepEqual(await validatePolicy(text, 'identity', { catalog: createIamDataCatalog() }), []);
  });

  it('completing EC2 actions (the largest service) in it offers more than 500 actions', async () => {
    const marked = text.replace('"s3:GetObject"', '"ec2:Descr"');
    const offset = marked.indexOf('ec2:Descr') + 'ec2:Descr'.length;
    const first = await complete(marked, offset, createIamDataCatalog());
    assert.ok((first?.items.length ?? 0) > 500, `${first?.items.length} items`);
  });
});
