/** Trust policy checks: each on its own table of a planted statement and clean twins. */
import * as assert from 'node:assert/strict';
import { principalAccount } from '../../../../src/core/findings/trust';
import { DEFAULT_SETTINGS } from '../../../../src/core/findings/types';
import { ACCOUNT, flagged, input, role, snapshot } from './helpers';

const assume = (Principal: unknown, Condition?: unknown) => ({
  Effect: 'Allow',
  Principal,
  Action: 'sts:AssumeRole',
  ...(Condition ? { Condition } : {}),
});
const GH = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const web = (Condition: unknown) => ({
  Effect: 'Allow',
  Principal: { Federated: GH },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition,
});

interface Case {
  check: string;
  roles: Array<[name: string, statement: unknown]>;
  expected: string[];
  knownAccounts?: string[];
}

const cases: Case[] = [
  {
    check: 'IAM.TRUST.ANY_PRINCIPAL',
    roles: [
      ['star', assume('*')],
      ['aws-star', assume({ AWS: ['*'] })],
      ['org-only', assume({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } })],
      ['account-arn', assume('*', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/*` } })],
      ['from-office', assume('*', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })],
      ['own', assume({ AWS: `arn:aws:iam::${ACCOUNT}:root` })],
      // Conditions that every caller can meet, or that hold without the key, leave the role public.
      ['tls-only', assume('*', { Bool: { 'aws:SecureTransport': 'true' } })],
      ['external-id-only', assume('*', { StringEquals: { 'sts:ExternalId': 'shared-secret' } })],
      ['org-if-exists', assume('*', { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } })],
      ['not-other-org', assume('*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-other' } })],
      ['all-values', assume('*', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': ['o-abc/r-1/'] } })],
    ],
    expected: ['all-values', 'aws-star', 'external-id-only', 'not-other-org', 'org-if-exists', 'star', 'tls-only'],
  },
  {
    check: 'IAM.TRUST.CROSS_ACCOUNT_NO_EXTERNAL_ID',
    roles: [
      ['bare', assume({ AWS: '999988887777' })],
      ['arn', assume({ AWS: 'arn:aws:iam::999988887777:role/ci' })],
      ['external-id', assume({ AWS: '999988887777' }, { StringEquals: { 'sts:ExternalId': 'x' } })],
      ['mfa', assume({ AWS: '999988887777' }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })],
      ['known', assume({ AWS: '444455556666' })],
      ['own', assume({ AWS: ACCOUNT })],
    ],
    knownAccounts: ['444455556666'],
    expected: ['arn', 'bare'],
  },
  {
    check: 'IAM.TRUST.UNKNOWN_ACCOUNT',
    roles: [
      ['unknown', assume({ AWS: 'arn:aws:iam::999988887777:root' }, { StringEquals: { 'sts:ExternalId': 'x' } })],
      ['known', assume({ AWS: 'arn:aws:iam::444455556666:root' })],
      ['own', assume({ AWS: `arn:aws:iam::${ACCOUNT}:user/alice` })],
      ['service', assume({ Service: 'ec2.amazonaws.com' })],
    ],
    knownAccounts: ['444455556666'],
    expected: ['unknown'],
  },
  {
    check: 'IAM.TRUST.SERVICE_NO_SOURCE',
    roles: [
      ['config', assume({ Service: 'config.amazonaws.com' })],
      [
        'config-scoped',
        assume({ Service: 'config.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': ACCOUNT } }),
      ],
      [
        'events-arn',
        assume(
          { Service: ['events.amazonaws.com'] },
          { ArnLike: { 'aws:SourceArn': `arn:aws:events:*:${ACCOUNT}:rule/*` } },
        ),
      ],
      ['lambda', assume({ Service: 'lambda.amazonaws.com' })],
    ],
    expected: ['config'],
  },
  {
    check: 'IAM.TRUST.OIDC_NO_SUB',
    roles: [
      ['aud-only', web({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } })],
      ['no-condition', { Effect: 'Allow', Principal: { Federated: GH }, Action: 'sts:AssumeRoleWithWebIdentity' }],
      [
        'with-sub',
        web({
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' },
        }),
      ],
      [
        'cognito',
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
        },
      ],
    ],
    expected: ['aud-only', 'no-condition'],
  },
];

describe('findings: trust policy checks', () => {
  cases.forEach((c) => {
    it(`${c.check}: flags ${c.expected.join(', ')} among ${c.roles.map(([n]) => n).join(', ')}`, () => {
      const snap = snapshot({ roles: c.roles.map(([name, statement]) => role(name, [statement])) });
      const settings = { ...DEFAULT_SETTINGS, knownAccounts: c.knownAccounts ?? [] };
      assert.deepEqual(flagged(c.check, input({ snapshot: snap, settings })), [...c.expected].sort());
    });
  });

  it('principalAccount reads account ids from bare ids and IAM/STS ARNs only', () => {
    assert.equal(principalAccount('999988887777'), '999988887777');
    assert.equal(principalAccount('arn:aws:sts::999988887777:assumed-role/r/s'), '999988887777');
    assert.equal(principalAccount('arn:aws-cn:iam::999988887777:root'), '999988887777');
    assert.equal(principalAccount('ec2.amazonaws.com'), undefined);
    assert.equal(principalAccount('99998888777'), undefined);
  });
});
