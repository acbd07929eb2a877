import { strict as assert } from 'node:assert';
import { CreateAccessKeyCommand, IAMClient, ListGroupsCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { IamRetryStrategy } from '../../../src/aws/retry';
import { start, type Emulator } from '../../emulator';

describe('aws/retry: the IAM retry policy against the emulator', function () {
  this.timeout(60_000);
  let emulator: Emulator;

  beforeEach(async () => {
    emulator = await start({ seed: { users: [{ name: 'alice', accessKeys: [] }] } });
  });
  afterEach(() => emulator.stop());

  const client = (maxAttempts: number, requestTimeout = 5_000) =>
    new IAMClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: emulator.adminKey,
      retryStrategy: new IamRetryStrategy({ maxAttempts, baseMs: 2, capMs: 20 }),
      requestHandler: { requestTimeout, throwOnRequestTimeout: true },
    });

  it('rides through 30% throttling and 5% ServiceFailure: 300 calls, none fails', async () => {
    emulator.setFaults([
      { kind: 'Throttling', probability: 0.3 },
      { kind: 'ServiceFailure', probability: 0.05 },
    ]);
    const iam = client(10);
    let failed = 0;
    for (let i = 0; i < 300; i++) await iam.send(new ListUsersCommand({})).catch(() => failed++);
    const replay = `fault seed ${emulator.faultSeed} (replay with IAM_EXPLORER_FAULT_SEED=${emulator.faultSeed})`;
    assert.equal(failed, 0, replay);
    const faults = emulator.log.filter((e) => e.errorCode === 'Throttling' || e.errorCode === 'ServiceFailure').length;
    assert.ok(faults > 60, `expected many injected faults, saw ${faults}; ${replay}`);
    assert.equal(emulator.log.filter((e) => e.status === 200).length, 300);
  });

  it('gives up after maxAttempts on a persistent throttle', async () => {
    emulator.setFaults([{ operation: 'ListGroups', kind: 'Throttling' }]);
    await assert.rejects(client(4).send(new ListGroupsCommand({})), { name: 'Throttling' });
    assert.equal(emulator.log.filter((e) => e.operation === 'ListGroups').length, 4);
  });

  it('fails LimitExceeded at once instead of retrying it as throttling', async () => {
    const iam = client(8);
    await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    emulator.log.length = 0;
    await assert.rejects(iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })), {
      name: 'LimitExceededException',
    });
    assert.equal(emulator.log.length, 1);
  });

  it('does not retry a request that timed out', async () => {
    emulator.setFaults([{ operation: 'ListUsers', kind: 'Hang' }]);
    const t0 = Date.now();
    await assert.rejects(client(8, 300).send(new ListUsersCommand({})), { name: 'TimeoutError' });
    assert.ok(Date.now() - t0 < 3_000);
    assert.equal(emulator.log.filter((e) => e.operation === 'ListUsers').length, 1);
  });
});
