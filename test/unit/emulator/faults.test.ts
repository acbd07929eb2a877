import assert from 'node:assert/strict';
import { GetUserCommand, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { FaultInjector, seededRandom } from '../../emulator/faults.js';
import { start } from '../../emulator/index.js';
import { failure, iamClient, stsClient, useEmulator } from './helpers.js';

describe('emulator: faults, latency and the request log', () => {
  const ctx = useEmulator();
  afterEach(() => {
    ctx.emulator.setFaults([]);
    ctx.emulator.setLatency(undefined);
    ctx.emulator.log.length = 0;
  });

  it('Throttling (400), ServiceFailure (500), AccessDenied (403), LimitExceeded (409) by operation', async () => {
    const expectations: Array<[string, string, number]> = [
      ['Throttling', 'Throttling', 400],
      ['ServiceFailure', 'ServiceFailureException', 500],
      ['AccessDenied', 'AccessDenied', 403],
      ['LimitExceeded', 'LimitExceededException', 409],
    ];
    for (const [kind, name, status] of expectations) {
      ctx.emulator.setFaults([{ operation: 'ListRoles', kind: kind as 'Throttling' }]);
      const error = await failure(ctx.iam.send(new ListRolesCommand({})));
      assert.equal(error.name, name);
      assert.equal(error.status, status);
      await ctx.iam.send(new ListUsersCommand({}));
    }
    ctx.emulator.setFaults([{ operation: 'ListRoles', kind: 'AccessDenied' }]);
    const denied = await failure(ctx.iam.send(new ListRolesCommand({})));
    assert.equal(
      denied.message,
      'User: arn:aws:iam::123456789012:user/emulator-admin is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::123456789012:role/ because no identity-based policy allows the iam:ListRoles action',
    );
    assert.equal((await failure(ctx.iam.send(new ListRolesCommand({})))).message, denied.message);
  });

  it('count and after pick which matching calls fail; the SDK retries a throttled call', async () => {
    ctx.emulator.setFaults([{ operation: /^List/, kind: 'Throttling', after: 1, count: 2 }]);
    await ctx.iam.send(new ListUsersCommand({}));
    assert.equal((await failure(ctx.iam.send(new ListUsersCommand({})))).name, 'Throttling');
    assert.equal((await failure(ctx.iam.send(new ListRolesCommand({})))).name, 'Throttling');
    await ctx.iam.send(new ListRolesCommand({}));
    ctx.emulator.setFaults([{ operation: 'GetUser', kind: 'ServiceFailure', count: 1 }]);
    ctx.emulator.log.length = 0;
    const retrying = iamClient(ctx.emulator, { maxAttempts: 3 });
    const { User } = await retrying.send(new GetUserCommand({}));
    assert.equal(User?.UserName, 'emulator-admin');
    assert.deepEqual(
      ctx.emulator.log.map((e) => [e.operation, e.status]),
      [
        ['GetUser', 500],
        ['GetUser', 200],
      ],
    );
  });

  it('probability 0 never fires, probability 1 always does', async () => {
    ctx.emulator.setFaults([{ kind: 'Throttling', probability: 0 }]);
    for (let i = 0; i < 5; i++) await ctx.iam.send(new ListUsersCommand({}));
    ctx.emulator.setFaults([{ kind: 'Throttling', probability: 1 }]);
    for (let i = 0; i < 3; i++)
      assert.equal((await failure(ctx.iam.send(new ListUsersCommand({})))).name, 'Throttling');
  });

  it('Drop closes the connection without an answer', async () => {
    ctx.emulator.setFaults([{ operation: 'ListUsers', kind: 'Drop', count: 1 }]);
    const error = await failure(ctx.iam.send(new ListUsersCommand({})));
    assert.equal(error.status, undefined, 'no HTTP response at all');
    assert.match(`${error.name} ${error.message}`, /socket hang up|ECONNRESET|closed/i);
    await ctx.iam.send(new ListUsersCommand({}));
  });

  it('Hang never answers; a client request timeout ends the call', async () => {
    ctx.emulator.setFaults([{ operation: 'ListUsers', kind: 'Hang', count: 1 }]);
    const started = Date.now();
    const error = await failure(iamClient(ctx.emulator, { requestTimeoutMs: 300 }).send(new ListUsersCommand({})));
    assert.equal(error.name, 'TimeoutError');
    assert.ok(Date.now() - started >= 290);
    assert.deepEqual(
      ctx.emulator.log.map((e) => e.errorCode),
      ['Hang'],
    );
  });

  it('adds fixed latency plus jitter, optionally per operation', async () => {
    ctx.emulator.setLatency({ fixedMs: 150, jitterMs: 50 });
    let started = Date.now();
    await ctx.iam.send(new ListUsersCommand({}));
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 145 && elapsed < 1000, `took ${elapsed} ms`);
    ctx.emulator.setLatency({ fixedMs: 300, operation: 'ListRoles' });
    started = Date.now();
    await ctx.iam.send(new ListUsersCommand({}));
    assert.ok(Date.now() - started < 250);
  });

  it('logs every call with service, operation, key, time, status and error code', async () => {
    const before = Date.now();
    await ctx.iam.send(new ListUsersCommand({}));
    await stsClient(ctx.emulator).send(new GetCallerIdentityCommand({}));
    await failure(ctx.iam.send(new GetUserCommand({ UserName: 'ghost' })));
    const key = ctx.emulator.adminKey.accessKeyId;
    assert.deepEqual(
      ctx.emulator.log.map(({ service, operation, accessKeyId, status, errorCode }) => ({
        service,
        operation,
        accessKeyId,
        status,
        errorCode,
      })),
      [
        { service: 'iam', operation: 'ListUsers', accessKeyId: key, status: 200, errorCode: undefined },
        { service: 'sts', operation: 'GetCallerIdentity', accessKeyId: key, status: 200, errorCode: undefined },
        { service: 'iam', operation: 'GetUser', accessKeyId: key, status: 404, errorCode: 'NoSuchEntity' },
      ],
    );
    assert.ok(ctx.emulator.log.every((e) => e.time >= before && e.time <= Date.now()));
  });
});

describe('emulator: seeded faults', () => {
  const sequence = (seed: number): string => {
    const f = new FaultInjector([{ kind: 'Throttling', probability: 0.3 }], seededRandom(seed));
    return Array.from({ length: 200 }, () => (f.next('ListUsers') ? 'x' : '.')).join('');
  };

  it('the same seed fails the same calls, another seed others', () => {
    assert.equal(sequence(42), sequence(42));
    assert.notEqual(sequence(42), sequence(43));
    const fired = [...sequence(42)].filter((c) => c === 'x').length;
    assert.ok(fired > 30 && fired < 90, `${fired} of 200 fired at probability 0.3`);
  });

  it('the emulator reports the seed it was started with', async () => {
    const emulator = await start({ faultSeed: 1234 });
    try {
      assert.equal(emulator.faultSeed, 1234);
    } finally {
      await emulator.stop();
    }
  });
});
