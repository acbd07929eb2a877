import { complete, validatePolicy, validatePolicySync } from '../../src/core/policy';
import { createIamDataCatalog } from '../../src/core/policy/iamDataCatalog';
import { wildcardMatch } from '../../src/core/policy/wildcard';
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
  // Issue 20: adversarial wildcards. The old regex matcher took 2.8 s for 28 stars on one policy and
  // more than 120 s for 16 in a trust policy; the glob walk is O(pattern × text) at worst.
  const adversarial = 'iam:' + '*'.repeat(1000) + 'X';
  const mixed = '*?'.repeat(500) + 'Z';
  const actionNames = (await catalog.service('iam'))?.actions.map((a) => `iam:${a.name}`) ?? [];
  const glob = await timeMedian(() => {
    for (const a of actionNames) {
      wildcardMatch(adversarial, a);
      wildcardMatch(mixed, a);
    }
  }, 15);
  return [
    {
      what: `match 2 adversarial 1,000-wildcard patterns against ${actionNames.length} iam actions`,
      value: `${glob.toFixed(2)} ms`,
      budget: '≤ 2 ms',
      ok: glob <= 2 && actionNames.length > 100,
    },
    {
      what: 'validate a 6,144-character policy (grammar, security, size)',
      value: `${sync.toFixed(2)} ms`,
      budget: '≤ 10 ms',
      ok: sync <= 10,
    },
    {
      what: 'validate it with the action catalog (warm)',
      value: `${full.toFixed(2)} ms`,
      budget: '≤ 10 ms',
      ok: full <= 10,
    },
    {
      what: `complete ec2 actions (${items} items, warm)`,
      value: `${completion.toFixed(2)} ms`,
      budget: '≤ 20 ms',
      ok: completion <= 20 && items > 0,
    },
  ];
}
