/**
 * Where a profile's clients send requests: the endpoint configured for that profile, and never
 * another profile's. The SDK's own lookup of configured endpoints reads the default profile (or
 * AWS_PROFILE's) whatever the client was made for; Connections turns it off.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import type { FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types';
import { Connections, type Connection } from '../../../src/aws/connections';
import { useEmulator } from '../emulator/helpers';

describe('aws/connections: endpoints per profile', () => {
  const ctx = useEmulator();
  const saved = { ...process.env };
  let dir: string;
  let connections: Connections;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'iam-explorer-connections-'));
    const config = join(dir, 'config');
    const credentials = join(dir, 'credentials');
    const { accessKeyId, secretAccessKey } = ctx.emulator.adminKey;
    const key = `aws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`;
    // The default profile points at the emulator; "other" configures no endpoint (AWS itself).
    writeFileSync(
      config,
      `[default]\nregion = us-east-1\nendpoint_url = ${ctx.emulator.endpoint}\n\n[profile other]\nregion = us-east-1\n`,
    );
    writeFileSync(credentials, `[default]\n${key}\n[other]\n${key}`);
    process.env = { PATH: saved.PATH, HOME: dir, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
    connections = new Connections(
      () => ({ endpoint: '', region: 'us-east-1', regionIsDefault: true, requestTimeoutMs: 5_000, maxAttempts: 1 }),
      {
        mfaCode: () => {
          throw new Error('no MFA here');
        },
      },
      process.env,
    );
  });
  after(() => {
    connections.invalidate();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  /** The host a ListUsers of this connection goes to; stopped before it is sent. */
  async function hostOf(connection: Connection): Promise<string> {
    let host = '';
    const stop = new Error('stopped before sending');
    const capture: FinalizeRequestMiddleware<object, MetadataBearer> = () => async (args) => {
      host = (args.request as { hostname?: string }).hostname ?? '';
      throw stop;
    };
    connection.iam.middlewareStack.add(capture, { step: 'finalizeRequest', name: 'testCaptureHost' });
    try {
      await assert.rejects(connection.iam.send(new ListUsersCommand({})), (e) => e === stop);
    } finally {
      connection.iam.middlewareStack.remove('testCaptureHost');
    }
    return host;
  }

  it("the default profile's endpoint_url is its own: its requests reach the emulator", async () => {
    const connection = await connections.get('default');
    assert.equal(connection.iamEndpoint, ctx.emulator.endpoint);
    const users = await connection.iam.send(new ListUsersCommand({}));
    assert.ok(users.Users?.some((u) => u.UserName === 'emulator-admin'));
  });

  it("a profile without an endpoint goes to AWS's IAM, not to the default profile's endpoint_url", async () => {
    ctx.emulator.log.length = 0;
    const connection = await connections.get('other');
    assert.equal(connection.iamEndpoint, undefined);
    assert.equal(await hostOf(connection), 'iam.amazonaws.com');
    assert.deepEqual(ctx.emulator.log, [], 'nothing reached the default profile’s endpoint');
  });
});
