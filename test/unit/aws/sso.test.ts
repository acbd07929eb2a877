import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { openSsoSession, saveSsoProfiles, SdkSsoPortal, ssoClientConfig } from '../../../src/aws/sso';
import { listSsoAccounts, SsoError, type SsoPortalPort } from '../../../src/core/sso';
import { start, writeSsoTokenCache, type Emulator } from '../../emulator/index.js';
import { iamClient, stsClient } from '../emulator/helpers.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';

describe('aws/sso: accounts, roles and credentials of an IAM Identity Center sign-in, against the emulator', () => {
  let emulator: Emulator;
  let home: string;
  let configPath: string;
  const paths = () => ({ config: configPath, credentials: join(home, 'credentials') });
  const saved = {
    HOME: process.env.HOME,
    AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
    AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE,
  };
  const CONFIG = () => `[sso-session corp]
sso_start_url = ${emulator.sso!.startUrl}
sso_region = us-east-1

[profile admin-a]
sso_session = corp
sso_account_id = ${A}
sso_role_name = AdministratorAccess
region = eu-west-1

[sso-session other]
sso_start_url = ${emulator.sso!.startUrl}
sso_region = us-east-1

[profile other-p]
sso_session = other
sso_account_id = ${B}
sso_role_name = ReadOnlyAccess

[sso-session lonely]
sso_start_url = ${emulator.sso!.startUrl}
sso_region = us-east-1

[profile legacy]
sso_start_url = ${emulator.sso!.startUrl}
sso_region = us-east-1
sso_account_id = ${A}
sso_role_name = AdministratorAccess
`;
  const signIn = (cacheId: { sessionName?: string }, expiresInSeconds?: number) => {
    const { accessToken, expiresAt } = emulator.sso!.signIn({ expiresInSeconds });
    writeSsoTokenCache(home, {
      ...cacheId,
      startUrl: emulator.sso!.startUrl,
      region: 'us-east-1',
      accessToken,
      expiresAt,
    });
  };

  before(async () => {
    emulator = await start({
      sso: {},
      accounts: [
        { accountId: A, name: 'prod', seed: { users: [{ name: 'alice' }] } },
        { accountId: B, name: 'dev', seed: { users: [{ name: 'bob' }] }, ssoRoles: ['ReadOnlyAccess'] },
        { accountId: C, name: 'sandbox', ssoRoles: ['AdministratorAccess', 'ReadOnlyAccess', 'Billing'] },
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'aws-sso-'));
    process.env.HOME = home; // the SDK's SSO provider finds the token cache under HOME
    configPath = join(home, 'config');
    writeFileSync(configPath, CONFIG());
    // fromIni hands an SSO profile to fromSSO without its configFilepath: the SDK then reads AWS_CONFIG_FILE.
    process.env.AWS_CONFIG_FILE = configPath;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(home, { recursive: true, force: true });
    await emulator.stop();
  });

  it('lists every account by name with its roles, from a profile of the session', async () => {
    signIn({ sessionName: 'corp' });
    const session = await openSsoSession(
      { profile: 'admin-a' },
      { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint },
    );
    try {
      const accounts = await session.listAccounts();
      assert.deepEqual(
        accounts.map((a) => [a.accountName, a.accountId, [...a.roles]]),
        [
          ['prod', A, ['AdministratorAccess', 'ReadOnlyAccess']],
          ['dev', B, ['ReadOnlyAccess']],
          ['sandbox', C, ['AdministratorAccess', 'ReadOnlyAccess', 'Billing']],
        ],
      );
      assert.equal(accounts[0].emailAddress, `aws+${A}@example.com`);
    } finally {
      session.destroy();
    }
  });

  it("credentials per account and role through the SDK's SSO provider: the account's IAM answers", async () => {
    signIn({ sessionName: 'corp' });
    const session = await openSsoSession(
      { ssoSession: 'corp' },
      { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint },
    );
    try {
      assert.equal(session.source.profile, 'admin-a');
      const credentials = session.credentials(B, 'ReadOnlyAccess');
      const users = await iamClient(emulator, { credentials: await credentials() }).send(new ListUsersCommand({}));
      assert.deepEqual(users.Users?.map((u) => u.UserName).sort(), ['bob', 'emulator-admin']);
      const identity = await stsClient(emulator, { credentials: await session.credentials(C, 'Billing')() }).send(
        new GetCallerIdentityCommand({}),
      );
      assert.equal(identity.Account, C);
      assert.match(identity.Arn ?? '', /assumed-role\/AWSReservedSSO_Billing_/);
    } finally {
      session.destroy();
    }
  });

  it('an sso-session no profile names: listing and credentials still work', async () => {
    signIn({ sessionName: 'lonely' });
    const session = await openSsoSession(
      { ssoSession: 'lonely' },
      { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint },
    );
    try {
      assert.equal(session.source.profile, undefined);
      assert.equal((await session.listAccounts()).length, 3);
      const identity = await stsClient(emulator, {
        credentials: await session.credentials(A, 'ReadOnlyAccess')(),
      }).send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Account, A);
    } finally {
      session.destroy();
    }
  });

  it('a legacy profile: the token cached under its start URL', async () => {
    signIn({});
    const session = await openSsoSession(
      { profile: 'legacy' },
      { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint },
    );
    try {
      const identity = await stsClient(emulator, {
        credentials: await session.credentials(B, 'ReadOnlyAccess')(),
      }).send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Account, B);
    } finally {
      session.destroy();
    }
  });

  it('expired and missing tokens are SsoErrors with the aws sso login arguments; a token the portal no longer knows too', async () => {
    const open = (ref: Parameters<typeof openSsoSession>[0]) =>
      openSsoSession(ref, { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint });
    signIn({ sessionName: 'corp' }, -10);
    const expired = await open({ profile: 'admin-a' });
    await assert.rejects(
      expired.listAccounts(),
      (e: unknown) => e instanceof SsoError && e.code === 'expired' && e.loginArgs?.join(' ') === '--profile admin-a',
    );
    expired.destroy();
    rmSync(join(home, '.aws', 'sso'), { recursive: true, force: true });
    const missing = await open({ ssoSession: 'corp' });
    await assert.rejects(
      missing.listAccounts(),
      (e: unknown) =>
        e instanceof SsoError && e.code === 'not-signed-in' && /aws sso login --sso-session corp/.test(e.message),
    );
    missing.destroy();
    // A cached token that has not expired, but the portal signed out: UnauthorizedException → expired.
    writeSsoTokenCache(home, {
      sessionName: 'corp',
      startUrl: emulator.sso!.startUrl,
      region: 'us-east-1',
      accessToken: 'revoked',
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const revoked = await open({ ssoSession: 'corp' });
    await assert.rejects(
      revoked.listAccounts(),
      (e: unknown) => e instanceof SsoError && e.code === 'expired' && /UnauthorizedException/.test(e.message),
    );
    revoked.destroy();
  });

  it("an expired access token with a valid refresh token is renewed by the SDK's token provider (SSO-OIDC CreateToken), as the CLI does", async () => {
    const signedIn = emulator.sso!.signIn({ expiresInSeconds: -60 });
    const refresh = {
      clientId: signedIn.clientId,
      clientSecret: signedIn.clientSecret,
      refreshToken: signedIn.refreshToken,
      registrationExpiresAt: new Date(Date.now() + 86_400_000),
    };
    const cache = writeSsoTokenCache(home, {
      sessionName: 'corp',
      startUrl: emulator.sso!.startUrl,
      region: 'us-east-1',
      accessToken: signedIn.accessToken,
      expiresAt: signedIn.expiresAt,
      refresh,
    });
    const session = await openSsoSession(
      { profile: 'admin-a' },
      { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint },
    );
    try {
      emulator.log.length = 0;
      assert.equal((await session.listAccounts()).length, 3);
      assert.equal(emulator.log.filter((e) => e.operation === 'CreateToken' && e.status === 200).length, 1);
      const rewritten = JSON.parse(readFileSync(cache, 'utf8')) as {
        accessToken: string;
        expiresAt: string;
        refreshToken: string;
      };
      assert.notEqual(rewritten.accessToken, signedIn.accessToken);
      assert.ok(new Date(rewritten.expiresAt).getTime() > Date.now());
      assert.notEqual(rewritten.refreshToken, signedIn.refreshToken);
    } finally {
      session.destroy();
    }
  });

  it('an expired token whose refresh token the portal refuses is "expired", with the login action', async () => {
    const signedIn = emulator.sso!.signIn({ expiresInSeconds: -60 });
    const refresh = {
      clientId: signedIn.clientId,
      clientSecret: signedIn.clientSecret,
      refreshToken: 'aor-revoked',
      registrationExpiresAt: new Date(Date.now() + 86_400_000),
    };
    writeSsoTokenCache(home, {
      sessionName: 'other',
      startUrl: emulator.sso!.startUrl,
      region: 'us-east-1',
      accessToken: signedIn.accessToken,
      expiresAt: signedIn.expiresAt,
      refresh,
    });
    // The SDK tries a refresh at most once per 30 s per session: another session than the test above's.
    const session = await openSsoSession(
      { profile: 'other-p' },
      { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint },
    );
    try {
      emulator.log.length = 0;
      await assert.rejects(
        session.listAccounts(),
        (e: unknown) => e instanceof SsoError && e.code === 'expired' && e.loginArgs?.join(' ') === '--profile other-p',
      );
      assert.deepEqual(
        emulator.log.map((e) => [e.operation, e.status, e.errorCode]),
        [['CreateToken', 400, 'InvalidGrantException']],
      );
    } finally {
      session.destroy();
    }
  });

  it('keeps at most maxConcurrent accounts listing at once, and lists each exactly once', async () => {
    const many = await start({
      sso: {},
      latency: { fixedMs: 15 },
      accounts: Array.from({ length: 12 }, (_, i) => ({ accountId: String(500000000000 + i), name: `acct-${i}` })),
    });
    const session = await openSsoSession(
      { ssoSession: 'corp' },
      { paths: paths(), env: { HOME: home }, endpoint: many.endpoint },
    );
    try {
      const token = many.sso!.signIn().accessToken;
      const real = new SdkSsoPortal(session.client);
      let active = 0;
      let peak = 0;
      const counted: SsoPortalPort = {
        listAccounts: (t, n) => real.listAccounts(t, n),
        listAccountRoles: async (t, id, n) => {
          peak = Math.max(peak, ++active);
          try {
            return await real.listAccountRoles(t, id, n);
          } finally {
            active--;
          }
        },
      };
      const progress: number[] = [];
      const accounts = await listSsoAccounts(counted, token, session.source, {
        maxConcurrent: 3,
        onProgress: (done) => progress.push(done),
      });
      assert.equal(accounts.length, 12);
      assert.equal(peak, 3);
      assert.deepEqual(progress, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      const roleCalls = many.log.filter((e) => e.operation === 'ListAccountRoles');
      assert.deepEqual(roleCalls.length, 12);
      await assert.rejects(listSsoAccounts(counted, token, session.source, { maxConcurrent: 0 }), /at least 1/);
    } finally {
      session.destroy();
      await many.stop();
    }
  });

  it("rides through the portal's throttling (TooManyRequestsException, retried by the SDK) and lists every account", async () => {
    signIn({ sessionName: 'corp' });
    const session = await openSsoSession(
      { profile: 'admin-a' },
      { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint },
    );
    try {
      emulator.log.length = 0;
      emulator.setFaults([{ kind: 'Throttling', operation: 'ListAccountRoles', count: 2 }]);
      const accounts = await session.listAccounts();
      assert.deepEqual(
        accounts.map((a) => [a.accountId, a.error === undefined]),
        [
          [A, true],
          [B, true],
          [C, true],
        ],
      );
      assert.equal(emulator.log.filter((e) => e.errorCode === 'TooManyRequestsException').length, 2);
    } finally {
      emulator.setFaults([]);
      session.destroy();
    }
  });

  it('cancelling stops a listing whose request hangs, at once', async () => {
    signIn({ sessionName: 'corp' });
    const session = await openSsoSession(
      { profile: 'admin-a' },
      { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint },
    );
    try {
      emulator.setFaults([{ kind: 'Hang', operation: 'ListAccountRoles' }]);
      const controller = new AbortController();
      const listing = session.listAccounts({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(listing, { name: 'AbortError' });
    } finally {
      emulator.setFaults([]);
      session.destroy();
    }
  });

  it('Save as Profiles: sections the SDK resolves to the chosen account and role, the rest of the file unchanged, a backup kept', async () => {
    signIn({ sessionName: 'corp' });
    const before = readFileSync(configPath, 'utf8');
    const session = await openSsoSession(
      { ssoSession: 'corp' },
      { paths: paths(), env: { HOME: home }, endpoint: emulator.endpoint },
    );
    try {
      const saved = await saveSsoProfiles(
        session,
        [
          { profileName: 'dev.ReadOnlyAccess', accountId: B, roleName: 'ReadOnlyAccess', region: 'us-east-1' },
          { profileName: 'sandbox.Billing', accountId: C, roleName: 'Billing' },
        ],
        { backupFolder: join(home, 'backups') },
      );
      assert.deepEqual(saved.added, ['dev.ReadOnlyAccess', 'sandbox.Billing']);
      const after = readFileSync(configPath, 'utf8');
      assert.equal(after.slice(0, before.length), before);
      assert.ok(
        saved.backupPath &&
          readdirSync(join(home, 'backups')).some((f) => join(home, 'backups', f) === saved.backupPath),
      );
      assert.equal(readFileSync(saved.backupPath!, 'utf8'), before);
      // The SDK's own profile chain, as the AWS CLI would use the saved profile.
      const credentials = await fromIni({
        profile: 'dev.ReadOnlyAccess',
        filepath: paths().credentials,
        configFilepath: configPath,
        ignoreCache: true,
        clientConfig: { endpoint: emulator.endpoint },
      })();
      const identity = await stsClient(emulator, { credentials }).send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Account, B);
    } finally {
      session.destroy();
    }
  });
});

describe('aws/sso: where the portal is', () => {
  const source = {
    label: 'profile p',
    sessionName: 'corp',
    startUrl: 'https://d-1.awsapps.com/start',
    region: 'eu-west-1',
    profile: 'p',
    cacheId: 'corp',
    loginArgs: ['--profile', 'p'],
  };
  const config = { p: { services: 'local' }, 'services.local': { 'sso.endpoint_url': 'http://sso-from-services:1' } };

  it("the portal's region, and the endpoint as the AWS CLI picks it for service sso", () => {
    // The SDK's own lookup is off: it would read the endpoint of AWS_PROFILE's profile, not this one's.
    assert.deepEqual(ssoClientConfig(source, {}, { env: {} }), {
      region: 'eu-west-1',
      ignoreConfiguredEndpointUrls: true,
    });
    assert.deepEqual(ssoClientConfig(source, config, { env: {} }), {
      region: 'eu-west-1',
      ignoreConfiguredEndpointUrls: true,
      endpoint: 'http://sso-from-services:1',
    });
    assert.equal(
      ssoClientConfig(source, config, { env: { AWS_ENDPOINT_URL_SSO: 'http://env-sso:2' } }).endpoint,
      'http://env-sso:2',
    );
    assert.equal(
      ssoClientConfig(source, config, {
        env: { AWS_ENDPOINT_URL_SSO: 'http://env-sso:2' },
        endpoint: 'http://setting:3',
      }).endpoint,
      'http://setting:3',
    );
    assert.equal(ssoClientConfig({ ...source, profile: undefined }, config, { env: {} }).endpoint, undefined);
  });
});
