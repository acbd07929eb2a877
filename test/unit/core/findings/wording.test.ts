/** Finding texts count in words: "1 policy", "2 policies", "account …", "accounts …, …", never "policy(ies)". */
import * as assert from 'node:assert/strict';
import { counted } from '../../../../src/core/text';
import { attach, findingsOf, input, managed, role, snapshot, user } from './helpers';

const s3Read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' };
const trusting = (...accounts: string[]) => [
  { Effect: 'Allow', Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) }, Action: 'sts:AssumeRole' },
];

describe('findings: counts in words', () => {
  it('counted puts the noun in the number of the count', () => {
    assert.equal(counted(1, 'policy', 'policies'), '1 policy');
    assert.equal(counted(2, 'policy', 'policies'), '2 policies');
    assert.equal(counted(0, 'finding'), '0 findings');
    assert.equal(counted(1, 'access key'), '1 access key');
  });

  it('IAM.USERS.DIRECT_POLICIES: "1 policy" and "2 policies"', () => {
    const a = managed('ReadA', [s3Read]);
    const b = managed('ReadB', [s3Read]);
    const snap = snapshot({
      users: [
        user('one', { attachedPolicies: [attach(a)] }),
        user('two', { attachedPolicies: [attach(a), attach(b)] }),
      ],
      policies: [a, b],
    });
    const details = findingsOf('IAM.USERS.DIRECT_POLICIES', input({ snapshot: snap })).map((f) => f.detail);
    assert.deepEqual(details.sort(), [
      'one has 1 policy attached directly (ReadA); attach it to a group.',
      'two has 2 policies attached directly (ReadA, ReadB); attach them to a group.',
    ]);
  });

  it('IAM.TRUST.UNKNOWN_ACCOUNT and CROSS_ACCOUNT_NO_EXTERNAL_ID: "account" for one, "accounts" for more', () => {
    const snap = snapshot({
      roles: [role('single', trusting('999988887777')), role('double', trusting('999988887777', '111100002222'))],
    });
    const unknown = findingsOf('IAM.TRUST.UNKNOWN_ACCOUNT', input({ snapshot: snap })).map((f) => f.detail);
    assert.deepEqual(unknown.sort(), [
      'Role double trusts accounts 999988887777, 111100002222, not in iamExplorer.knownAccounts; add them there ' +
        'if they are yours.',
      'Role single trusts account 999988887777, not in iamExplorer.knownAccounts; add it there if it is yours.',
    ]);
    const open = findingsOf('IAM.TRUST.CROSS_ACCOUNT_NO_EXTERNAL_ID', input({ snapshot: snap })).map((f) => f.detail);
    assert.ok(open.includes('Role single trusts account 999988887777 with no sts:ExternalId or MFA condition.'));
    assert.ok(open.every((d) => !d.includes('(s)')));
  });
});
