/**
 * describeAwsError on a request that never reached IAM: a real SDK client over HTTP to a port
 * nothing listens on, so the error is the one Node and the SDK really produce.
 */
import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { describeAwsError } from '../../../../src/core/iam/errors';

/** A local port that was free a moment ago and has nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

describe('core/iam/errors: describeAwsError', function () {
  this.timeout(30_000);

  it('says an unreachable endpoint could not be reached, with the socket error, and where to look', async () => {
    const port = await closedPort();
    const iam = new IAMClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'not-a-secret-at-all-0000000000000000000' },
      maxAttempts: 1,
    });
    try {
      const err = await iam.send(new ListUsersCommand({})).then(
        () => assert.fail('nothing listens on the port'),
        (e: unknown) => e,
      );
      const text = describeAwsError(err);
      assert.match(text, /^Could not reach the endpoint \(ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+/);
      assert.match(text, /Check the network, or the iamExplorer\.endpoint setting if it names one\.$/);
    } finally {
      iam.destroy();
    }
  });

  it('leaves an AWS error as code, message, operation, status and request id', () => {
    const err = Object.assign(new Error('The user with name x cannot be found.'), {
      name: 'NoSuchEntity',
      $operation: 'GetUser',
      $metadata: { httpStatusCode: 404, requestId: 'req-1' },
    });
    assert.equal(
      describeAwsError(err),
      'NoSuchEntity: The user with name x cannot be found. (GetUser, HTTP 404, request id req-1)',
    );
  });
});
