/**
 * The emulator's account security operations through the real SDK: the credential report
 * (AWS's columns, base64 text/csv, ReportNotPresent, ReportInProgress, four-hour reuse), the
 * password policy, Access Advisor jobs, OIDC providers and server certificates.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CreateOpenIDConnectProviderCommand,
  DeleteAccountPasswordPolicyCommand,
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetOpenIDConnectProviderCommand,
  GetServiceLastAccessedDetailsCommand,
  ListOpenIDConnectProvidersCommand,
  ListServerCertificatesCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadServerCertificateCommand,
} from '@aws-sdk/client-iam';
import { CREDENTIAL_REPORT_COLUMNS, parseCredentialReport } from '../../../src/core/findings/credentialReport';
import type { Seed } from '../../emulator/index.js';
import { failure, useEmulator } from './helpers.js';

const seed: Seed = {
  root: { mfaActive: false, passwordLastUsed: 'now-2d', accessKeys: [{ active: true, lastRotated: 'now-400d' }] },
  policies: [
    {
      name: 'S3AndEc2',
      versions: [
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'ec2:DescribeInstances'], Resource: '*' }],
        },
      ],
    },
  ],
  users: [
    {
      name: 'alice',
      createDate: 'now-100d',
      loginProfile: {},
      passwordLastUsed: 'now-3d',
      mfaDevices: [{}],
      attachedPolicies: ['S3AndEc2'],
      accessKeys: [
        {
          id: 'AKIAALICEKEY00000001',
          secret: 'alicesecret00000000000000000000000000001',
          createDate: 'now-90d',
          lastUsed: { date: 'now-1d', service: 's3', region: 'eu-west-1' },
        },
        {
          id: 'AKIAALICEKEY00000002',
          secret: 'alicesecret00000000000000000000000000002',
          status: 'Inactive',
          createDate: 'now-10d',
        },
      ],
    },
    { name: 'bob', createDate: 'now-50d' },
  ],
  serviceLastUsed: { 'user/alice': { s3: { date: 'now-5d', region: 'eu-west-1' } } },
};

const decode = (content: Uint8Array | undefined) => new TextDecoder().decode(content);

describe('emulator: credential report', () => {
  const ctx = useEmulator({ seed });

  it('GetCredentialReport before any GenerateCredentialReport: ReportNotPresent (410)', async () => {
    const f = await failure(ctx.iam.send(new GetCredentialReportCommand({})));
    assert.equal(f.name, 'CredentialReportNotPresentException');
    assert.equal(f.status, 410);
  });

  it("generates AWS's CSV: the documented columns, <root_account> first, a row per user, base64 text/csv", async () => {
    const generated = await ctx.iam.send(new GenerateCredentialReportCommand({}));
    assert.equal(generated.State, 'COMPLETE');
    const got = await ctx.iam.send(new GetCredentialReportCommand({}));
    assert.equal(got.ReportFormat, 'text/csv');
    assert.ok(got.GeneratedTime instanceof Date);
    const text = decode(got.Content);
    const lines = text.split('\n');
    assert.equal(lines[0], CREDENTIAL_REPORT_COLUMNS.join(','));
    assert.equal(
      lines.length,
      2 + ctx.emulator.state.users.size,
      'header, root, one row per user (the admin included)',
    );
    const report = parseCredentialReport(text);
    const root = report.rows[0];
    assert.equal(root?.user, '<root_account>');
    assert.equal(root?.arn, `arn:aws:iam::${ctx.emulator.accountId}:root`);
    assert.equal(root?.passwordEnabled, 'not_supported');
    assert.equal(root?.mfaActive, false);
    assert.equal(root?.accessKeys[0].active, true);
    const alice = report.rows.find((r) => r.user === 'alice');
    assert.equal(alice?.passwordEnabled, true);
    assert.equal(alice?.mfaActive, true);
    assert.equal(alice?.accessKeys[0].lastUsedRegion, 'eu-west-1');
    assert.equal(alice?.accessKeys[0].lastUsedService, 's3');
    assert.equal(alice?.accessKeys[1].active, false);
    assert.equal(alice?.accessKeys[1].lastUsedDate, 'N/A');
    const bob = report.rows.find((r) => r.user === 'bob');
    assert.equal(bob?.passwordEnabled, false);
    assert.equal(bob?.passwordLastUsed, 'N/A');
    assert.equal(bob?.accessKeys[0].lastRotated, 'N/A');
    assert.ok(!text.includes('alicesecret'), 'no secret in the report');
  });

  it('reuses a report younger than four hours, and builds a new one after', async () => {
    const before = decode((await ctx.iam.send(new GetCredentialReportCommand({}))).Content);
    ctx.emulator.state.addUser({ name: 'carol' });
    assert.equal((await ctx.iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
    assert.equal(
      decode((await ctx.iam.send(new GetCredentialReportCommand({}))).Content),
      before,
      'the same report, without carol',
    );
    const report = ctx.emulator.state.security.credentialReport;
    assert.ok(report);
    report.startedAt = new Date(Date.now() - 4 * 3_600_000 - 1000);
    report.readyAt = report.startedAt;
    await ctx.iam.send(new GenerateCredentialReportCommand({}));
    assert.match(decode((await ctx.iam.send(new GetCredentialReportCommand({}))).Content), /\ncarol,/);
  });

  it('a report still being built: GenerateCredentialReport says INPROGRESS, GetCredentialReport ReportInProgress (404)', async () => {
    const sec = ctx.emulator.state.security;
    sec.credentialReport = undefined;
    sec.credentialReportBuildMs = 60_000;
    try {
      assert.equal((await ctx.iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
      assert.equal((await ctx.iam.send(new GenerateCredentialReportCommand({}))).State, 'INPROGRESS');
      const f = await failure(ctx.iam.send(new GetCredentialReportCommand({})));
      assert.equal(f.name, 'CredentialReportNotReadyException');
      assert.equal(f.status, 404);
    } finally {
      sec.credentialReportBuildMs = 0;
      sec.credentialReport = undefined;
    }
  });

  it("GetAccountSummary reports the root user's keys and missing MFA", async () => {
    const { SummaryMap } = await ctx.iam.send(new GetAccountSummaryCommand({}));
    assert.equal(SummaryMap?.AccountAccessKeysPresent, 1);
    assert.equal(SummaryMap?.AccountMFAEnabled, 0);
  });
});

describe('emulator: password policy, Access Advisor, OIDC providers, server certificates', () => {
  const ctx = useEmulator({ seed });

  it('password policy: NoSuchEntity when absent, update, read back, delete, NoSuchEntity again', async () => {
    assert.equal((await failure(ctx.iam.send(new GetAccountPasswordPolicyCommand({})))).name, 'NoSuchEntityException');
    await ctx.iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 14,
        PasswordReusePrevention: 24,
        RequireSymbols: true,
        MaxPasswordAge: 90,
      }),
    );
    const { PasswordPolicy } = await ctx.iam.send(new GetAccountPasswordPolicyCommand({}));
    assert.equal(PasswordPolicy?.MinimumPasswordLength, 14);
    assert.equal(PasswordPolicy?.PasswordReusePrevention, 24);
    assert.equal(PasswordPolicy?.RequireSymbols, true);
    assert.equal(PasswordPolicy?.ExpirePasswords, true);
    assert.equal(PasswordPolicy?.RequireNumbers, false);
    const bad = await failure(ctx.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 200 })));
    assert.equal(bad.name, 'ValidationError');
    await ctx.iam.send(new DeleteAccountPasswordPolicyCommand({}));
    assert.equal((await failure(ctx.iam.send(new GetAccountPasswordPolicyCommand({})))).name, 'NoSuchEntityException');
    assert.equal(
      (await failure(ctx.iam.send(new DeleteAccountPasswordPolicyCommand({})))).name,
      'NoSuchEntityException',
    );
  });

  it('Access Advisor: a job answers IN_PROGRESS, then COMPLETED with the granted services and their last use', async () => {
    const arn = ctx.emulator.state.getUser('alice').arn;
    const { JobId } = await ctx.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn }));
    assert.ok(JobId);
    const first = await ctx.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    assert.equal(first.JobStatus, 'IN_PROGRESS');
    const done = await ctx.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    assert.equal(done.JobStatus, 'COMPLETED');
    assert.ok(done.JobCompletionDate instanceof Date);
    const services = new Map((done.ServicesLastAccessed ?? []).map((s) => [s.ServiceNamespace, s]));
    assert.deepEqual([...services.keys()].sort(), ['ec2', 's3']);
    assert.ok(services.get('s3')?.LastAuthenticated instanceof Date);
    assert.equal(services.get('s3')?.LastAuthenticatedRegion, 'eu-west-1');
    assert.equal(services.get('ec2')?.LastAuthenticated, undefined);
    assert.equal(services.get('ec2')?.TotalAuthenticatedEntities, 0);
    assert.equal(
      (
        await failure(
          ctx.iam.send(
            new GenerateServiceLastAccessedDetailsCommand({
              Arn: `arn:aws:iam::${ctx.emulator.accountId}:user/nobody`,
            }),
          ),
        )
      ).name,
      'NoSuchEntityException',
    );
    assert.equal(
      (
        await failure(
          ctx.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: 'no-such-job-id-000000000000000000000' })),
        )
      ).name,
      'NoSuchEntityException',
    );
  });

  it('OIDC providers: create, list, get; a second one for the same URL is refused', async () => {
    const url = 'https://token.actions.githubusercontent.com';
    const created = await ctx.iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: url,
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
      }),
    );
    assert.equal(
      created.OpenIDConnectProviderArn,
      `arn:aws:iam::${ctx.emulator.accountId}:oidc-provider/token.actions.githubusercontent.com`,
    );
    const list = await ctx.iam.send(new ListOpenIDConnectProvidersCommand({}));
    assert.deepEqual(
      list.OpenIDConnectProviderList?.map((p) => p.Arn),
      [created.OpenIDConnectProviderArn],
    );
    const got = await ctx.iam.send(
      new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn }),
    );
    assert.equal(got.Url, 'token.actions.githubusercontent.com');
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    assert.equal(
      (
        await failure(
          ctx.iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: [], ThumbprintList: [] })),
        )
      ).name,
      'EntityAlreadyExistsException',
    );
  });

  it('server certificates: the upload reads Expiration from the certificate, the list returns it', async () => {
    const body = readFileSync(new URL('../../fixtures/server-certificate.pem', import.meta.url), 'utf8');
    // The emulator requires a PrivateKey but never reads it: no key material is kept in the repository.
    const up = await ctx.iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'web',
        CertificateBody: body,
        PrivateKey: 'placeholder, unused by the emulator',
      }),
    );
    const { X509Certificate } = await import('node:crypto');
    assert.deepEqual(up.ServerCertificateMetadata?.Expiration, new Date(new X509Certificate(body).validTo));
    const list = await ctx.iam.send(new ListServerCertificatesCommand({}));
    assert.deepEqual(
      list.ServerCertificateMetadataList?.map((c) => c.Arn),
      [`arn:aws:iam::${ctx.emulator.accountId}:server-certificate/web`],
    );
    const bad = await failure(
      ctx.iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: 'bad',
          CertificateBody: 'not a certificate',
          PrivateKey: 'x',
        }),
      ),
    );
    assert.equal(bad.status, 400);
  });
});
