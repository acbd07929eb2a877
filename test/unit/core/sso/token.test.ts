import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSsoToken, resolveSsoSource, SsoError, ssoTokenPath } from '../../../../src/core/sso';
import { writeSsoTokenCache } from '../../../emulator/ssoCache';

const FILE = `[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\n\n[profile legacy]\nsso_start_url = https://d-2.awsapps.com/start\nsso_region = us-east-2\nsso_account_id = 1\nsso_role_name = r\n`;
const files = { config: { path: 'config', text: FILE } };

describe('core/sso/token: the cached token of aws sso login', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'sso-token-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  const env = () => ({ HOME: home });

  it('reads the file the AWS CLI writes for an sso-session and for a legacy profile', async () => {
    const session = resolveSsoSource(files, { ssoSession: 'corp' });
    const expiresAt = new Date(Date.now() + 3_600_000);
    const written = writeSsoTokenCache(home, {
      sessionName: 'corp',
      startUrl: session.startUrl,
      region: session.region,
      accessToken: 'tok-session',
      expiresAt,
    });
    assert.equal(ssoTokenPath(session, env()), written);
    const token = await readSsoToken(session, { env: env() });
    assert.equal(token.accessToken, 'tok-session');
    assert.equal(token.expiresAt.getTime(), Math.floor(expiresAt.getTime() / 1000) * 1000);

    const legacy = resolveSsoSource(files, { profile: 'legacy' });
    writeSsoTokenCache(home, {
      startUrl: legacy.startUrl,
      region: legacy.region,
      accessToken: 'tok-legacy',
      expiresAt,
    });
    assert.equal((await readSsoToken(legacy, { env: env() })).accessToken, 'tok-legacy');
  });

  it('no cache file: not signed in, with the aws sso login command', async () => {
    const session = resolveSsoSource(files, { ssoSession: 'corp' });
    await assert.rejects(readSsoToken(session, { env: env() }), (e: unknown) => {
      assert.ok(e instanceof SsoError);
      assert.equal(e.code, 'not-signed-in');
      assert.deepEqual(e.loginArgs, ['--sso-session', 'corp']);
      assert.match(
        e.message,
        /not signed in to IAM Identity Center for sso-session corp.*aws sso login --sso-session corp/,
      );
      return true;
    });
  });

  it('an expired token: expired, naming when, without the token', async () => {
    const session = resolveSsoSource(files, { ssoSession: 'corp' });
    writeSsoTokenCache(home, {
      sessionName: 'corp',
      startUrl: session.startUrl,
      region: session.region,
      accessToken: 'secret-token-value',
      expiresAt: new Date('2020-01-01T00:00:00Z'),
    });
    await assert.rejects(readSsoToken(session, { env: env() }), (e: unknown) => {
      assert.ok(e instanceof SsoError);
      assert.equal(e.code, 'expired');
      assert.match(e.message, /expired at 2020-01-01T00:00:00.000Z\. Run "aws sso login --sso-session corp"/);
      assert.doesNotMatch(e.message, /secret-token-value/);
      return true;
    });
  });

  it('a file without accessToken or expiresAt, or not JSON: not signed in', async () => {
    const session = resolveSsoSource(files, { ssoSession: 'corp' });
    const path = writeSsoTokenCache(home, {
      sessionName: 'corp',
      startUrl: session.startUrl,
      region: session.region,
      accessToken: 'x',
      expiresAt: new Date(),
    });
    for (const body of ['{"startUrl":"u"}', 'not json', '{"accessToken":"t","expiresAt":"soon"}']) {
      writeFileSync(path, body);
      await assert.rejects(
        readSsoToken(session, { env: env() }),
        (e: unknown) =>
          e instanceof SsoError && e.code === 'not-signed-in' && /not a token the AWS CLI wrote/.test(e.message),
      );
    }
  });
});
