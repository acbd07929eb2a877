import { strict as assert } from 'node:assert';
import { documentAddress, parseDocumentAddress } from '../../../../src/core/iam/documentAddress';
import type { PolicyTarget } from '../../../../src/core/iam/policySave';

describe('core/iam/documentAddress', () => {
  const targets: Array<[PolicyTarget, string]> = [
    [
      {
        kind: 'managed',
        profile: 'demo',
        policyArn: 'arn:aws:iam::123456789012:policy/team/reports-read',
        policyName: 'reports-read',
      },
      '/demo/policies/reports-read.json',
    ],
    [
      {
        kind: 'managed',
        profile: 'demo',
        policyArn: 'arn:aws:iam::123456789012:policy/reports-read',
        policyName: 'reports-read',
        versionId: 'v2',
      },
      '/demo/policies/reports-read/v2.json',
    ],
    [
      {
        kind: 'managed',
        profile: 'demo',
        policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        policyName: 'ReadOnlyAccess',
      },
      '/demo/policies/ReadOnlyAccess.json',
    ],
    [
      { kind: 'inline', profile: 'demo', owner: { type: 'user', name: 'alice' }, policyName: 'logs' },
      '/demo/users/alice/logs.json',
    ],
    [
      { kind: 'newInline', profile: 'demo', owner: { type: 'group', name: 'devs' }, policyName: 'extra' },
      '/demo/groups/devs/extra (new).json',
    ],
    [{ kind: 'trust', profile: 'prod/eu', roleName: 'app-role' }, '/prod_eu/roles/app-role/Trust Policy.json'],
    [
      { kind: 'newManaged', profile: 'demo', policyName: 'fresh', path: '/team/', description: 'd' },
      '/demo/policies/fresh (new).json',
    ],
  ];
  for (const [target, path] of targets) {
    it(`${target.kind} ${path}: a readable path, and the query gives the same target back`, () => {
      const a = documentAddress(target);
      assert.equal(a.path, path);
      assert.deepEqual(parseDocumentAddress(a.query), target);
    });
  }

  it('two versions of one policy, and the default, have different addresses', () => {
    const base = {
      kind: 'managed',
      profile: 'demo',
      policyArn: 'arn:aws:iam::123456789012:policy/p',
      policyName: 'p',
    } as const;
    const all = [base, { ...base, versionId: 'v1' }, { ...base, versionId: 'v2' }].map((t) => documentAddress(t).query);
    assert.equal(new Set(all).size, 3);
  });

  it('the shown name of a managed policy comes from its ARN, not from the query', () => {
    const t = parseDocumentAddress(
      JSON.stringify({
        kind: 'managed',
        profile: 'demo',
        policyArn: 'arn:aws:iam::123456789012:policy/real',
        policyName: 'decoy',
      }),
    );
    assert.equal(typeof t === 'object' && t.kind === 'managed' ? t.policyName : t, 'real');
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['not JSON', 'nope', /query is not JSON/],
    ['an array', [], /does not name an IAM policy document/],
    ['no profile', { kind: 'trust', roleName: 'r' }, /no profile/],
    ['an unknown kind', { kind: 'bucket', profile: 'demo' }, /no known kind/],
    ['a managed policy without an ARN', { kind: 'managed', profile: 'demo', policyName: 'p' }, /no managed policy ARN/],
    [
      'a role ARN as a policy',
      { kind: 'managed', profile: 'demo', policyArn: 'arn:aws:iam::123456789012:role/r' },
      /no managed policy ARN/,
    ],
    [
      'a malformed version id',
      { kind: 'managed', profile: 'demo', policyArn: 'arn:aws:iam::123456789012:policy/p', versionId: '../v1' },
      /malformed version id/,
    ],
    [
      'an inline policy of a policy',
      { kind: 'inline', profile: 'demo', owner: { type: 'policy', name: 'x' }, policyName: 'p' },
      /no inline policy/,
    ],
    ['a trust policy without a role', { kind: 'trust', profile: 'demo', roleName: '' }, /no role/],
    [
      'a new policy with a bad path',
      { kind: 'newManaged', profile: 'demo', policyName: 'p', path: 'team' },
      /no new policy/,
    ],
  ];
  for (const [what, query, message] of bad) {
    it(`refuses ${what} with a message`, () => {
      const r = parseDocumentAddress(typeof query === 'string' ? query : JSON.stringify(query));
      assert.equal(typeof r, 'string');
      assert.match(r as string, message);
    });
  }
});
