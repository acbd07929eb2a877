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
      ['own', assume({ AWS: `arn:aws:iam::${ACCOUNT}:root` })],
    ],
    expected: ['aws-star', 'star'],
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
