/**
 * The findings loader on real SDK clients against the emulator: it waits for a credential
 * report being built, gives up with a clear message, leaves out a source it may not read
 * (naming the permission and the request id) and stops on any other error.
 */
import assert from 'node:assert/strict';
import { loadFindingsData } from '../../../src/aws/findingsData';
import { describeAwsError } from '../../../src/core/iam/errors';
import type { Seed } from '../../emulator/index.js';
import { iamClient, stsClient, useEmulator } from '../emulator/helpers.js';

const seed: Seed = {
  users: [
    {
      name: 'alice',
      accessKeys: [
        { id: 'AKIAALICEDATA0000001', secret: 'alicedatasecret0000000000000000000000001', createDate: 'now-10d' },
      ],
    },
  ],
  policies: [
    {
      name: 'Mine',
      versions: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
    },
  ],
};

describe('aws/findingsData against the emulator', () => {
  const ctx = useEmulator({ seed });
  const clients = () => ({ iam: iamClient(ctx.emulator), sts: stsClient(ctx.emulator) });

  afterEach(() => {
    ctx.emulator.setFaults([]);
    ctx.emulator.state.security.credentialReport = undefined;
    ctx.emulator.state.security.credentialReportBuildMs = 0;
  });

  it('reads every source: the snapshot with the AWS managed policies it attaches, the report, no password policy (null)', async () => {
    const { iam, sts } = clients();
    const data = await loadFindingsData(iam, sts);
    assert.equal(data.accountId, ctx.emulator.accountId);
    assert.ok(data.snapshot?.users.some((u) => u.name === 'alice'));
    const admin = data.snapshot?.policies.find((p) => p.name === 'AdministratorAccess');
    assert.ok(
      admin?.awsManaged && admin.defaultDocument?.json,
      'the admin user attaches AdministratorAccess: fetched with its document',
    );
    assert.equal(data.snapshot?.policies.filter((p) => p.awsManaged).length, 1, 'only the AWS managed policies in use');
    assert.ok(data.credentialReport?.rows.some((r) => r.user === 'alice'));
    assert.equal(data.passwordPolicy, null);
    assert.deepEqual(data.oidcProviders, []);
    assert.deepEqual(data.serverCertificates, []);
    assert.deepEqual(Object.keys(data.unavailable ?? {}), ['serviceLastAccessed']);
  });

  it('waits while the credential report is built (STARTED, then polls), with growing pauses', async () => {
    ctx.emulator.state.security.credentialReportBuildMs = 700;
    const pauses: number[] = [];
    const { iam, sts } = clients();
    const data = await loadFindingsData(iam, sts, {
      sleep: (ms) => (pauses.push(ms), new Promise((r) => setTimeout(r, ms))),
    });
    assert.ok(data.credentialReport);
    assert.deepEqual(pauses, [500, 1000]);
    assert.ok(ctx.emulator.log.some((e) => e.operation === 'GenerateCredentialReport'));
  });

  it('gives up on a report that is not ready in time, saying so', async () => {
    ctx.emulator.state.security.credentialReportBuildMs = 3_600_000;
    const { iam, sts } = clients();
    await assert.rejects(
      loadFindingsData(iam, sts, { waitMs: 2000, sleep: async () => undefined }),
      /The credential report was not ready after 4 s; run again later\./,
    );
  });

  it('AccessDenied on one source leaves it out with the permission and request id; the others load', async () => {
    ctx.emulator.setFaults([{ kind: 'AccessDenied', operation: 'GetAccountAuthorizationDetails' }]);
    const { iam, sts } = clients();
    const data = await loadFindingsData(iam, sts);
    assert.equal(data.snapshot, undefined);
    assert.match(
      data.unavailable?.snapshot ?? '',
      /^AccessDenied: .*iam:GetAccountAuthorizationDetails.*request id [0-9a-f-]+\)$/,
    );
    assert.ok(data.credentialReport);
  });

  it('any other error stops the load with its code and request id', async () => {
    ctx.emulator.setFaults([{ kind: 'ServiceFailure', operation: 'ListServerCertificates' }]);
    const { iam, sts } = clients();
    await assert.rejects(loadFindingsData(iam, sts), (err: unknown) =>
      /^ServiceFailure: .*request id [0-9a-f-]+\)$/.test(describeAwsError(err)),
    );
  });

  it("uses a snapshot it is given (the account model's) instead of reading it again, and refuses one of another account", async () => {
    const { iam, sts } = clients();
    const first = await loadFindingsData(iam, sts);
    assert.ok(first.snapshot);
    ctx.emulator.log.length = 0;
    const again = await loadFindingsData(iam, sts, { snapshot: first.snapshot });
    assert.equal(again.snapshot, first.snapshot);
    assert.ok(!ctx.emulator.log.some((e) => e.operation === 'GetAccountAuthorizationDetails'));
    await assert.rejects(
      loadFindingsData(iam, sts, { snapshot: { ...first.snapshot, accountId: '999988887777' } }),
      /The snapshot given is of account 999988887777, the credentials are of 123456789012\./,
    );
  });
});
