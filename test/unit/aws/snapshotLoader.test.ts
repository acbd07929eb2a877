/**
 * The snapshot loader against the emulator over real HTTP: requests = the pages of the walk
 * (ceil(entities / 1000)) plus GetPolicy and GetPolicyVersion per attached AWS managed policy,
 * documents decoded and parsed, AccessDenied surfaced with its code, cancellation honoured.
 */
import { strict as assert } from 'node:assert';
import { loadAccountSnapshot } from '../../../src/aws/snapshotLoader';
import { generateAccount } from '../../emulator/index.js';
import { useEmulator } from '../emulator/helpers';

describe('aws/snapshotLoader', () => {
  const users = 1200;
  const roles = 700;
  const policies = 150;
  const groups = 20;
  const ctx = useEmulator(() => {
    const seed = generateAccount({ users, roles, policies, groups, keysPerUser: 0 });
    seed.users?.push({ name: 'bounded', permissionsBoundary: 'policy-00001' });
    seed.roles?.push({
      name: 'boundaried',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      inlinePolicies: [
        {
          name: 'logs',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: 'arn:aws:logs:*:*:log-group:a b/*' }],
          },
        },
      ],
      attachedPolicies: ['ReadOnlyAccess'],
      tags: { team: 'blue' },
      lastUsed: { date: '2026-01-02T03:04:05Z', region: 'eu-west-1' },
      instanceProfiles: ['boundaried-profile'],
    });
    return { seed };
  });

  it('reads every page and only the attached AWS managed policies, documents decoded and parsed', async () => {
    const { emulator, iam } = ctx;
    emulator.log.length = 0;
    const progress: number[] = [];
    const result = await loadAccountSnapshot(iam, {
      accountId: emulator.accountId,
      onProgress: (p) => progress.push(p.pages),
    });
    const snap = result.snapshot;
    // The admin user is added by the emulator, 'bounded' above: users + 2. Roles: generated + 1.
    assert.equal(snap.users.length, users + 2);
    assert.equal(snap.roles.length, roles + 1);
    assert.equal(snap.groups.length, groups);
    const local = snap.policies.filter((p) => !p.awsManaged);
    assert.equal(local.length, policies);
    const total = users + 2 + roles + 1 + groups + policies;
    const pages = Math.ceil(total / 1000);
    assert.equal(result.pages, pages);
    // AdministratorAccess (the admin) and ReadOnlyAccess (the role above): two AWS managed policies.
    const aws = snap.policies
      .filter((p) => p.awsManaged)
      .map((p) => p.name)
      .sort();
    assert.deepEqual(aws, ['AdministratorAccess', 'ReadOnlyAccess']);
    const ops = emulator.log.map((e) => e.operation);
    assert.equal(ops.filter((o) => o === 'GetAccountAuthorizationDetails').length, pages);
    assert.equal(ops.length, pages + 2 * 2, ops.join(', '));
    assert.deepEqual(
      progress.slice(0, pages),
      Array.from({ length: pages }, (_, i) => i + 1),
    );

    const role = snap.roles.find((r) => r.name === 'boundaried');
    assert.ok(role);
    assert.deepEqual((role.trustPolicy.json as { Statement: { Principal: unknown }[] }).Statement[0]?.Principal, {
      Service: 'lambda.amazonaws.com',
    });
    assert.equal(role.inlinePolicies[0]?.name, 'logs');
    assert.match(role.inlinePolicies[0]?.document.text ?? '', /log-group:a b\/\*/);
    assert.deepEqual(role.tags, [{ key: 'team', value: 'blue' }]);
    assert.equal(role.lastUsed?.region, 'eu-west-1');
    assert.deepEqual(role.instanceProfiles, ['boundaried-profile']);
    const readOnly = snap.policies.find((p) => p.name === 'ReadOnlyAccess');
    assert.ok(readOnly?.defaultDocument?.json, 'the AWS managed policy carries its default document, parsed');
    const user = snap.users.find((u) => u.name === 'user-00001');
    assert.equal(user?.groups.length, 1);
    assert.equal(user?.attachedPolicies.length, 1);
    const bounded = snap.users.find((u) => u.name === 'bounded');
    const boundary = snap.policies.find((p) => p.name === 'policy-00001');
    assert.equal(bounded?.permissionsBoundaryArn, boundary?.arn);
    assert.equal(boundary?.permissionsBoundaryUsageCount, 1);
  });

  it('an AccessDenied on GetAccountAuthorizationDetails reaches the caller with its code', async () => {
    const { emulator, iam } = ctx;
    emulator.setFaults([{ operation: 'GetAccountAuthorizationDetails', kind: 'AccessDenied' }]);
    try {
      await assert.rejects(
        loadAccountSnapshot(iam, { accountId: emulator.accountId }),
        (err: { name?: string; $metadata?: { requestId?: string } }) => {
          assert.equal(err.name, 'AccessDenied');
          assert.ok(err.$metadata?.requestId, 'the request id is kept');
          return true;
        },
      );
    } finally {
      emulator.setFaults([]);
    }
  });

  it('stops between pages when cancelled', async () => {
    const { emulator, iam } = ctx;
    emulator.log.length = 0;
    const abort = new AbortController();
    await assert.rejects(
      loadAccountSnapshot(iam, {
        accountId: emulator.accountId,
        signal: abort.signal,
        onProgress: (p) => p.pages === 1 && abort.abort(),
      }),
      (err: Error) => err.name === 'AbortError',
    );
    assert.equal(emulator.log.filter((e) => e.operation === 'GetAccountAuthorizationDetails').length, 1);
  });
});
