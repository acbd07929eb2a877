import { complete, validatePolicy, validatePolicySync } from '../../src/core/policy';
import { createIamDataCatalog } from '../../src/core/policy/iamDataCatalog';
import { policyOfSize } from '../../test/fixtures/policies/generate';
import { timeMedian, type Figure } from './stats';

export async function policyBenchmarks(): Promise<Figure[]> {
  const text = policyOfSize(6144);
  const catalog = createIamDataCatalog();
  const sync = await timeMedian(() => validatePolicySync(text, 'identity'), 50);
  const full = await timeMedian(() => validatePolicy(text, 'identity', { catalog }), 30);
  // Completion of EC2 actions (the largest service) at `"ec2:` in a statement.
  const probe = text.replace('"s3:GetObject"', '"ec2:"');
  const offset = probe.indexOf('"ec2:"') + 5;
  const completion = await timeMedian(() => complete(probe, offset, catalog), 30);
  const items = (await complete(probe, offset, catalog))?.items.length ?? 0;
  return [
    { what: 'validate a 6,144-character policy (grammar, security, size)', value: `${sync.toFixed(2)} ms`, budget: '≤ 10 ms', ok: sync <= 10 },
    { what: 'validate it with the action catalog (warm)', value: `${full.toFixed(2)} ms`, budget: '≤ 10 ms', ok: full <= 10 },
    { what: `complete ec2 actions (${items} items, warm)`, value: `${completion.toFixed(2)} ms`, budget: '≤ 20 ms', ok: completion <= 20 && items > 0 },
  ];
}
