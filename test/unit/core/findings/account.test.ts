/** Password policy, server certificates, OIDC providers and AWS Support access, each on its own table. */
import * as assert from 'node:assert/strict';
import { runChecks } from '../../../../src/core/findings/index';
import { ACCOUNT, attach, daysAgo, flagged, input, managed, NOW, role, snapshot } from './helpers';

describe('findings: password policy checks', () => {
  const cases = [
    { check: 'IAM.PASSWORD_POLICY.ABSENT', policy: null, expected: 1 },
    {
      check: 'IAM.PASSWORD_POLICY.ABSENT',
      policy: { MinimumPasswordLength: 14, PasswordReusePrevention: 24 },
      expected: 0,
    },
    {
      check: 'IAM.PASSWORD_POLICY.SHORT',
      policy: { MinimumPasswordLength: 13, PasswordReusePrevention: 24 },
      expected: 1,
    },
    { check: 'IAM.PASSWORD_POLICY.SHORT', policy: { MinimumPasswordLength: 14 }, expected: 0 },
    { check: 'IAM.PASSWORD_POLICY.SHORT', policy: null, expected: 0 },
    { check: 'IAM.PASSWORD_POLICY.NO_REUSE_PREVENTION', policy: { MinimumPasswordLength: 14 }, expected: 1 },
    {
      check: 'IAM.PASSWORD_POLICY.NO_REUSE_PREVENTION',
      policy: { MinimumPasswordLength: 14, PasswordReusePrevention: 5 },
      expected: 0,
    },
  ];
  for (const c of cases) {
    it(`${c.check}: ${JSON.stringify(c.policy)} → ${c.expected}`, () => {
      assert.equal(flagged(c.check, input({ passwordPolicy: c.policy })).length, c.expected);
    });
  }
});

describe('findings: account checks', () => {
  it('IAM.ACCOUNT.EXPIRED_SERVER_CERTIFICATE flags the expired certificate only', () => {
    const cert = (name: string, expiration: Date) => ({
      name,
      arn: `arn:aws:iam::${ACCOUNT}:server-certificate/${name}`,
      expiration,
    });
    const found = flagged(
      'IAM.ACCOUNT.EXPIRED_SERVER_CERTIFICATE',
      input({ serverCertificates: [cert('expired', daysAgo(1)), cert('valid', new Date(NOW.getTime() + 86_400_000))] }),
    );
    assert.deepEqual(found, ['expired']);
  });

  it('IAM.ACCOUNT.NO_SUPPORT_ROLE: none when a role has AWSSupportAccess, one otherwise', () => {
    const support = managed('AWSSupportAccess', [{ Effect: 'Allow', Action: 'support:*', Resource: '*' }], {
      awsManaged: true,
    });
    const withSupport = snapshot({
      roles: [role('support', undefined, { attachedPolicies: [attach(support)] })],
      policies: [support],
    });
    assert.deepEqual(flagged('IAM.ACCOUNT.NO_SUPPORT_ROLE', input({ snapshot: withSupport })), []);
    assert.equal(
      flagged('IAM.ACCOUNT.NO_SUPPORT_ROLE', input({ snapshot: snapshot({ roles: [role('other')] }) })).length,
      1,
    );
  });

  it('IAM.ACCOUNT.UNUSED_OIDC_PROVIDER flags the provider no trust policy names', () => {
    const used = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const unused = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example.com`;
    const snap = snapshot({
      roles: [
        role('gh', [{ Effect: 'Allow', Principal: { Federated: used }, Action: 'sts:AssumeRoleWithWebIdentity' }]),
      ],
    });
    const providers = [
      { arn: used, url: 'token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] },
      { arn: unused, url: 'oidc.example.com', clientIds: ['app'] },
    ];
    assert.deepEqual(flagged('IAM.ACCOUNT.UNUSED_OIDC_PROVIDER', input({ snapshot: snap, oidcProviders: providers })), [
      'oidc.example.com',
    ]);
  });

  it('a missing source disables only the checks that need it, naming the permission and why', () => {
    const result = runChecks(
      input({
        snapshot: snapshot({}),
        passwordPolicy: null,
        unavailable: {
          credentialReport: 'AccessDenied: not authorized to perform: iam:GenerateCredentialReport (request id 1)',
        },
      }),
    );
    const skipped = new Map(result.skipped.map((s) => [s.check, s.reason]));
    assert.match(
      skipped.get('IAM.ROOT.NO_MFA') ?? '',
      /needs iam:GenerateCredentialReport and iam:GetCredentialReport \(AccessDenied: .*request id 1\)/,
    );
    assert.match(
      skipped.get('IAM.ACCOUNT.EXPIRED_SERVER_CERTIFICATE') ?? '',
      /needs iam:ListServerCertificates \(not loaded\)/,
    );
    assert.ok(!skipped.has('IAM.PASSWORD_POLICY.ABSENT'));
    assert.ok(!skipped.has('IAM.USERS.NO_GROUP'));
    assert.ok(result.findings.some((f) => f.check === 'IAM.PASSWORD_POLICY.ABSENT'));
    assert.equal(result.checksRun + result.skipped.length, 34);
  });
});
