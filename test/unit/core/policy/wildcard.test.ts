/**
 * The glob matcher behind every wildcard in the policy core (and the evaluation engine):
 * IAM's `*` and `?`, case rules chosen by the caller, and no catastrophic backtracking.
 * Issue 20, finding 1: `iam:` + `*`×28 + `X` took 2.8 s in validatePolicySync with the
 * old anchored-regex matcher, and `sts:` + `*`×16 + `X` in a trust policy ran past 120 s.
 */
import * as assert from 'node:assert/strict';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import { validatePolicy, validatePolicySync } from '../../../../src/core/policy/validate';
import { actionPatternMatches, wildcardMatch, wildcardMatcher } from '../../../../src/core/policy/wildcard';

const cases: [pattern: string, text: string, caseInsensitive: boolean, expected: boolean][] = [
  ['*', '', true, true],
  ['*', 'anything', true, true],
  ['', '', true, true],
  ['', 'a', true, false],
  ['a', '', true, false],
  ['?', '', true, false],
  ['?', 'a', true, true],
  ['??', 'a', true, false],
  ['iam:*', 'iam:PassRole', true, true],
  ['iam:Pass*', 'iam:PassRole', true, true],
  ['IAM:pass*', 'iam:PassRole', true, true],
  ['iam:Pass*', 'iam:GetRole', true, false],
  ['iam:*Role', 'iam:PassRole', true, true],
  ['iam:*Role', 'iam:PassRoles', true, false],
  ['s3:Get*Acl', 's3:GetObjectAcl', true, true],
  ['s3:Get*Acl', 's3:GetObjectAclX', true, false],
  ['s3:Get?bject', 's3:GetObject', true, true],
  ['s3:Get?bject', 's3:Getbject', true, false],
  ['*:*', 's3:GetObject', true, true],
  ['ec2:*Instance*', 'ec2:RunInstances', true, true],
  ['a*b*c', 'aXbYc', true, true],
  ['a*b*c', 'aXbYcZ', true, false],
  ['a*b*c', 'abc', true, true],
  ['a*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', true, false],
  ['***', 'x', true, true],
  ['a**', 'a', true, true],
  ['*?', '', true, false],
  ['*?', 'x', true, true],
  // regex metacharacters are literal
  ['a.b', 'aXb', true, false],
  ['a.b', 'a.b', true, true],
  ['a+b', 'a+b', true, true],
  ['(x)|[y]^$', '(x)|[y]^$', true, true],
  ['a\\*', 'a\\zz', true, true],
  // resources are case-sensitive
  ['arn:aws:s3:::Logs/*', 'arn:aws:s3:::logs/x', false, false],
  ['arn:aws:s3:::logs/*', 'arn:aws:s3:::logs/x', false, true],
  ['arn:aws:s3:::logs/*', 'arn:aws:s3:::logs/', false, true],
  ['arn:aws:s3:::logs/*', 'arn:aws:s3:::logs', false, false],
  ['arn:aws:iam::*:role/?dmin', 'arn:aws:iam::123456789012:role/Admin', false, true],
];

describe('wildcard matcher', () => {
  for (const [pattern, text, ci, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}${ci ? '' : ' (case-sensitive)'}`, () => {
      assert.equal(wildcardMatch(pattern, text, ci), expected);
      assert.equal(wildcardMatcher(pattern, ci).test(text), expected);
    });
  }

  it('matches actions case-insensitively and exact names without wildcards', () => {
    assert.equal(actionPatternMatches('IAM:PASSROLE', 'iam:PassRole'), true);
    assert.equal(actionPatternMatches('iam:PassRol', 'iam:PassRole'), false);
  });

  it('agrees with a reference matcher on 3,000 generated pattern/text pairs', () => {
    // The reference: dynamic programming over (pattern index, text index); slow but obviously right.
    const reference = (p: string, t: string): boolean => {
      const m = p.length;
      const n = t.length;
      let row = new Array<boolean>(n + 1).fill(false);
      row[0] = true;
      for (let i = 1; i <= m; i++) {
        const next = new Array<boolean>(n + 1).fill(false);
        const c = p[i - 1];
        next[0] = c === '*' && (row[0] as boolean);
        for (let j = 1; j <= n; j++) {
          if (c === '*') next[j] = (row[j] as boolean) || (next[j - 1] as boolean);
          else next[j] = (row[j - 1] as boolean) && (c === '?' || c === t[j - 1]);
        }
        row = next;
      }
      return row[n] as boolean;
    };
    let seed = 20261128;
    const rand = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const pick = (alphabet: string, len: number): string =>
      Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const p = pick('ab*?', rand(8));
      const t = pick('ab', rand(9));
      assert.equal(wildcardMatch(p, t, false), reference(p, t), `seed pair ${i}: ${p} vs ${t}`);
    }
  });

  // The time bound below is deliberately generous: the old matcher needed more than 120 s for
  // 16 stars; a matcher with backtracking limited to the last star needs milliseconds for 1,000.
  describe('adversarial patterns (issue 20)', function () {
    this.timeout(60_000);

    it('matches 1,000 stars and question marks against every catalog action without blowing up', async () => {
      const catalog = createIamDataCatalog();
      const services = await catalog.services();
      const actions: string[] = [];
      for (const s of services.slice(0, 40)) {
        for (const a of (await catalog.service(s.prefix))?.actions ?? []) actions.push(`${s.prefix}:${a.name}`);
      }
      assert.ok(actions.length > 1000, `catalog sample has ${actions.length} actions`);
      const patterns = [
        'iam:' + '*'.repeat(1000) + 'X',
        '*?'.repeat(500) + 'Z',
        's3:' + '?*'.repeat(500),
        '*a'.repeat(500) + 'q',
      ];
      for (const p of patterns) {
        let hits = 0;
        for (const a of actions) if (wildcardMatch(p, a, true)) hits++;
        assert.ok(hits >= 0);
      }
      assert.equal(wildcardMatch('*a'.repeat(500) + 'q', 'a'.repeat(2000), true), false);
      assert.equal(wildcardMatch('*a'.repeat(500), 'a'.repeat(2000), true), true);
    });

    it('validates the 97-character policy of the audit and the sts trust policy', async () => {
      const identity = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:' + '*'.repeat(28) + 'X', Resource: '*' }],
      });
      assert.ok(Array.isArray(validatePolicySync(identity, 'identity')));
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:' + '*'.repeat(16) + 'X' },
        ],
      });
      assert.ok(Array.isArray(validatePolicySync(trust, 'trust')));
      const withCatalog = await validatePolicy(identity, 'identity', { catalog: createIamDataCatalog() });
      assert.ok(Array.isArray(withCatalog));
    });
  });
});
