/**
 * Errors and retries as the user reads them (issue 18): the operation, HTTP status, code and
 * request id on every error; an endpoint that answers an operation with an HTML page is said
 * to, and not retried for seconds; each retry is reported with its operation and attempt.
 * Real SDK clients over HTTP against the emulator's fault rules.
 */
import { strict as assert } from 'node:assert';
import {
  IAMClient,
  ListServiceSpecificCredentialsCommand,
  ListUsersCommand,
  GetUserCommand,
} from '@aws-sdk/client-iam';
import { instrumentClient, parseAttemptHeader, RetryEvents, type RetryEvent } from '../../../src/aws/requestEvents';
import { IamRetryStrategy } from '../../../src/aws/retry';
import { awsErrorInfo, describeAwsError, isUnavailableOperation } from '../../../src/core/iam/errors';
import { start, type Emulator } from '../../emulator';

describe('aws/requestEvents: operations on errors, retries reported', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  const events = new RetryEvents();
  let seen: RetryEvent[] = [];
  let unlisten: () => void = () => undefined;

  const client = (maxAttempts = 10): IAMClient => {
    const iam = new IAMClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: emulator.adminKey,
      retryStrategy: new IamRetryStrategy({ maxAttempts, baseMs: 2, capMs: 20 }),
      maxAttempts,
    });
    instrumentClient(iam, events);
    return iam;
  };

  beforeEach(async () => {
    emulator = await start({ seed: { users: [{ name: 'alice', accessKeys: [] }] } });
    seen = [];
    unlisten = events.listen((e) => seen.push(e));
  });
  afterEach(async () => {
    unlisten();
    await emulator.stop();
  });

  it('an HTML 500 to one listing: said to be an HTML page, names the operation, one request, no retries', async () => {
    emulator.setFaults([{ operation: 'ListServiceSpecificCredentials', kind: 'HtmlError' }]);
    const err = await client()
      .send(new ListServiceSpecificCredentialsCommand({ UserName: 'alice' }))
      .then(
        () => assert.fail('the call succeeded'),
        (e: unknown) => e,
      );
    assert.equal(
      describeAwsError(err),
      'The endpoint answered HTTP 500 with an HTML page to ListServiceSpecificCredentials; it may not implement this operation.',
    );
    assert.equal(isUnavailableOperation(err), true);
    assert.equal(emulator.log.filter((e) => e.operation === 'ListServiceSpecificCredentials').length, 1);
    assert.deepEqual(seen, []);
  });

  it('an IAM error names its code, message, operation, HTTP status and request id', async () => {
    const err = await client()
      .send(new GetUserCommand({ UserName: 'nobody' }))
      .then(
        () => assert.fail('the call succeeded'),
        (e: unknown) => e,
      );
    const info = awsErrorInfo(err);
    assert.equal(info.operation, 'GetUser');
    assert.ok(info.requestId, 'a request id');
    assert.equal(
      describeAwsError(err),
      `NoSuchEntity: The user with name nobody cannot be found. (GetUser, HTTP 404, request id ${info.requestId})`,
    );
    assert.equal(isUnavailableOperation(err), false);
  });

  it('reports every retry with the operation and the attempt', async () => {
    emulator.setFaults([{ operation: 'ListUsers', kind: 'Throttling', count: 2 }]);
    await client(10).send(new ListUsersCommand({}));
    assert.deepEqual(seen, [
      { operation: 'ListUsers', attempt: 2, maxAttempts: 10 },
      { operation: 'ListUsers', attempt: 3, maxAttempts: 10 },
    ]);
  });

  it('a 500 IAM error left after the retries counts as an unavailable operation', async () => {
    emulator.setFaults([{ operation: 'ListUsers', kind: 'ServiceFailure' }]);
    const err = await client(2)
      .send(new ListUsersCommand({}))
      .then(
        () => assert.fail('the call succeeded'),
        (e: unknown) => e,
      );
    assert.equal(isUnavailableOperation(err), true);
    assert.match(describeAwsError(err), /^ServiceFailure: .* \(ListUsers, HTTP 500, request id \S+\)$/);
  });

  it('reads the attempt header the SDK sets', () => {
    assert.deepEqual(parseAttemptHeader('attempt=3; max=10'), [3, 10]);
    assert.equal(parseAttemptHeader(undefined), undefined);
    assert.equal(parseAttemptHeader('nonsense'), undefined);
  });
});
