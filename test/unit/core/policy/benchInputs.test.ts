/**
 * Time budgets: the synchronous validator on a 6,144-character policy well under
 * 10 ms, completion under 20 ms once the service is loaded. Medians of several
 * runs after a warm-up, so one slow tick on a busy CI machine does not fail it.
 */
import * as assert from 'node:assert/strict';
import { complete } from '../../../../src/core/policy/completion';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import { policySize } from '../../../../src/core/policy/size';
import { validatePolicy, validatePolicySync } from '../../../../src/core/policy/validate';
import { policyOfSize } from '../../../fixtures/policies/generate';

async function median(runs: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Infinity;
}

describe('policy performance', () => {
  const text = policyOfSize(6144);

  it('validates a 6,144-character policy synchronously in under 10 ms', async () => {
    assert.equal(policySize(text), 6144);
    assert.deepEqual(validatePolicySync(text, 'identity'), [], 'the generated policy is valid');
    const ms = await median(21, () => validatePolicySync(text, 'identity'));
    assert.ok(ms < 10, `median ${ms.toFixed(2)} ms`);
  });

  it('validates it with the catalog pass, once loaded, in under 20 ms', async () => {
    const catalog = createIamDataCatalog();
    assert.deepEqual(await validatePolicy(text, 'identity', { catalog }), []);
    const ms = await median(11, () => validatePolicy(text, 'identity', { catalog }));
    assert.ok(ms < 20, `median ${ms.toFixed(2)} ms`);
  });

  it('completes EC2 actions (the largest service) in under 20 ms once loaded', async () => {
    const catalog = createIamDataCatalog();
    const marked = text.replace('"s3:GetObject"', '"ec2:Descr"');
    const offset = marked.indexOf('ec2:Descr') + 'ec2:Descr'.length;
    const first = await complete(marked, offset, catalog);
    assert.ok((first?.items.length ?? 0) > 500);
    const ms = await median(11, () => complete(marked, offset, catalog));
    assert.ok(ms < 20, `median ${ms.toFixed(2)} ms`);
  });
});
