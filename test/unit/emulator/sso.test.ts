import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  paginateListAccountRoles,
  paginateListAccounts,
  SSOClient,
} from '@aws-sdk/client-sso';
import { fromSSO } from '@aws-sdk/credential-providers';
import { start, writeSsoTokenCache, type Emulator } from '../../emulator/index.js';
import { failure, iamClient, stsClient, useEmulator } from './helpers.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';

function ssoClient(emulator: Emulator): SSOClient {
  return new SSOClient({ endpoint: emulator.endpoint, region: 'us-east-1', maxAttempts: 1 });
}

describe('emulator: several accounts in one process', () => {
  const ctx = useEmulator({
    accounts: [
      { accountId: A, name: 'prod', seed: { users: [{ name: 'alice' }] } },
      {
        accountId: B,
        name: 'dev',
        seed: {
          users: [{ name: 'bob' }, { name: 'carol' }],
          roles: [
            {
              name: 'FromProd',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' },
                ],
              },
            },
            {
              name: 'LocalOnly',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sts:AssumeRole' },
                ],
              },
            },
          ],
        },
      },
    ],
  });

  it('each account answers for the keys it issued', async () => {
    const [first, second] = ctx.emulator.accounts;
    assert.equal(ctx.emulator.accountId, A);
    assert.equal(ctx.emulator.state, first.state);
    const idA = await stsClient(ctx.emulator, { credentials: first.adminKey }).send(new GetCallerIdentityCommand({}));
    const idB = await stsClient(ctx.emulator, { credentials: second.adminKey }).send(new GetCallerIdentityCommand({}));
    assert.equal(idA.Account, A);
    assert.equal(idB.Account, B);
    assert.equal(idB.Arn, `arn:aws:iam::${B}:user/emulator-admin`);
    const usersB = await iamClient(ctx.emulator, { credentials: second.adminKey }).send(new ListUsersCommand({}));
    assert.deepEqual(usersB.Users?.map((u) => u.UserName).sort(), ['bob', 'carol', 'emulator-admin']);
    assert.ok(usersB.Users?.every((u) => u.Arn?.startsWith(`arn:aws:iam::${B}:`)));
  });

  it("AssumeRole across accounts: a role in B trusting A's root gives A's admin a session in B; one trusting only B refuses", async () => {
    const out = await stsClient(ctx.emulator).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/FromProd`, RoleSessionName: 'x-acct' }),
    );
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${B}:assumed-role/FromProd/x-acct`);
    const c = out.Credentials!;
    const identity = await stsClient(ctx.emulator, {
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
    }).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, B);
    const refused = await failure(
      stsClient(ctx.emulator).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/LocalOnly`, RoleSessionName: 'x-acct' }),
      ),
    );
    assert.deepEqual([refused.name, refused.status], ['AccessDenied', 403]);
    const nowhere = await failure(
      stsClient(ctx.emulator).send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::999999999999:role/FromProd', RoleSessionName: 'x-acct' }),
      ),
    );
    assert.equal(nowhere.name, 'AccessDenied');
  });

  it('without an SSO portal, no AWSReservedSSO_ roles are made and /assignment is not a route', async () => {
    const roles = await iamClient(ctx.emulator).send(new ListRolesCommand({}));
    assert.equal(
      roles.Roles?.some((r) => r.RoleName?.startsWith('AWSReservedSSO_')),
      false,
    );
    assert.equal(ctx.emulator.sso, undefined);
  });

  it('refuses duplicate and malformed account ids', async () => {
    await assert.rejects(start({ accounts: [{ accountId: A }, { accountId: A }] }), /given twice/);
    await assert.rejects(start({ accounts: [{ accountId: '12' }] }), /not 12 digits/);
  });
});

describe('emulator: IAM Identity Center portal', () => {
  const ctx = useEmulator({
    sso: { startUrl: 'https://d-1234567890.awsapps.com/start', region: 'eu-west-1' },
    accounts: [
      {
        accountId: A,
        name: 'prod',
        email: 'prod@example.com',
        ssoRoles: ['AdministratorAccess', 'ReadOnlyAccess', 'Billing'],
      },
      { accountId: B, name: 'dev' },
      { accountId: C, name: 'hidden', ssoRoles: [] },
      ...Array.from({ length: 4 }, (_, i) => ({
        accountId: `4000000000${String(i).padStart(2, '0')}`,
        name: `extra-${i}`,
      })),
    ],
  });

  it('ListAccounts pages with maxResults/nextToken through the SDK paginator and skips accounts without assignments', async () => {
    const token = ctx.emulator.sso!.signIn().accessToken;
    const client = ssoClient(ctx.emulator);
    const pages = [];
    for await (const page of paginateListAccounts({ client, pageSize: 2 }, { accessToken: token })) pages.push(page);
    assert.equal(pages.length, 3);
    assert.deepEqual(
      pages.map((p) => p.accountList?.length),
      [2, 2, 2],
    );
    const accounts = pages.flatMap((p) => p.accountList ?? []);
    assert.deepEqual(accounts[0], { accountId: A, accountName: 'prod', emailAddress: 'prod@example.com' });
    assert.equal(
      accounts.some((a) => a.accountId === C),
      false,
    );
    assert.equal(new Set(accounts.map((a) => a.accountId)).size, 6);
    const log = ctx.emulator.log.filter((e) => e.service === 'sso' && e.operation === 'ListAccounts');
    assert.equal(log.length, 3);
  });

  it('ListAccountRoles lists the permission sets, paged', async () => {
    const token = ctx.emulator.sso!.signIn().accessToken;
    const roles = [];
    for await (const page of paginateListAccountRoles(
      { client: ssoClient(ctx.emulator), pageSize: 1 },
      { accessToken: token, accountId: A },
    ))
      roles.push(...(page.roleList ?? []));
    assert.deepEqual(roles, [
      { roleName: 'AdministratorAccess', accountId: A },
      { roleName: 'ReadOnlyAccess', accountId: A },
      { roleName: 'Billing', accountId: A },
    ]);
  });

  it('GetRoleCredentials returns credentials that the account then accepts as the AWSReservedSSO_ role', async () => {
    const token = ctx.emulator.sso!.signIn().accessToken;
    const out = await ssoClient(ctx.emulator).send(
      new GetRoleCredentialsCommand({ accessToken: token, accountId: B, roleName: 'ReadOnlyAccess' }),
    );
    const creds = out.roleCredentials!;
    assert.match(creds.accessKeyId ?? '', /^ASIA/);
    assert.ok((creds.expiration ?? 0) > Date.now());
    const credentials = {
      accessKeyId: creds.accessKeyId!,
      secretAccessKey: creds.secretAccessKey!,
      sessionToken: creds.sessionToken!,
    };
    const identity = await stsClient(ctx.emulator, { credentials }).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, B);
    assert.match(
      identity.Arn ?? '',
      new RegExp(`^arn:aws:sts::${B}:assumed-role/AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}/`),
    );
    const roles = await iamClient(ctx.emulator, { credentials }).send(
      new ListRolesCommand({ PathPrefix: '/aws-reserved/' }),
    );
    const role = roles.Roles?.find((r) => r.RoleName?.startsWith('AWSReservedSSO_ReadOnlyAccess_'));
    assert.equal(role?.Path, '/aws-reserved/sso.amazonaws.com/');
    assert.equal(role?.Arn?.split(':')[4], B);
  });

  it('an expired or unknown token is UnauthorizedException (401); an unassigned account or role is ForbiddenException (403)', async () => {
    const client = ssoClient(ctx.emulator);
    const expired = ctx.emulator.sso!.signIn({ expiresInSeconds: -60 }).accessToken;
    const e1 = await failure(client.send(new ListAccountRolesCommand({ accessToken: expired, accountId: A })));
    assert.deepEqual(
      [e1.name, e1.status, e1.message],
      ['UnauthorizedException', 401, 'Session token not found or invalid'],
    );
    const e2 = await failure(client.send(new ListAccountRolesCommand({ accessToken: 'not-a-token', accountId: A })));
    assert.equal(e2.name, 'UnauthorizedException');
    const token = ctx.emulator.sso!.signIn().accessToken;
    const e3 = await failure(
      client.send(new GetRoleCredentialsCommand({ accessToken: token, accountId: A, roleName: 'NoSuchSet' })),
    );
    assert.deepEqual([e3.status, e3.message], [403, 'No access']);
    const e4 = await failure(client.send(new ListAccountRolesCommand({ accessToken: token, accountId: C })));
    assert.equal(e4.status, 403);
  });

  it('maxResults outside 1..100 and a foreign nextToken are InvalidRequestException (400)', async () => {
    const token = ctx.emulator.sso!.signIn().accessToken;
    const client = ssoClient(ctx.emulator);
    const e1 = await failure(
      client.send(new ListAccountRolesCommand({ accessToken: token, accountId: A, maxResults: 101 })),
    );
    assert.deepEqual([e1.name, e1.status], ['InvalidRequestException', 400]);
    const page = await client.send(new ListAccountRolesCommand({ accessToken: token, accountId: A, maxResults: 1 }));
    assert.ok(page.nextToken);
    const e2 = await failure(
      client.send(new ListAccountRolesCommand({ accessToken: token, accountId: B, nextToken: page.nextToken })),
    );
    assert.equal(e2.name, 'InvalidRequestException');
  });

  it('a sign-in limited to some accounts lists only those', async () => {
    const token = ctx.emulator.sso!.signIn({ accounts: [B] }).accessToken;
    const page = await ssoClient(ctx.emulator).send(new ListAccountsCommand({ accessToken: token }));
    assert.deepEqual(
      page.accountList?.map((a) => a.accountId),
      [B],
    );
  });

  it('an account added while running appears in ListAccounts', async () => {
    const token = ctx.emulator.sso!.signIn().accessToken;
    ctx.emulator.addAccount({ accountId: '555555555555', name: 'new-one' });
    const names = [];
    for await (const page of paginateListAccounts({ client: ssoClient(ctx.emulator) }, { accessToken: token }))
      names.push(...(page.accountList ?? []).map((a) => a.accountName));
    assert.ok(names.includes('new-one'));
  });
});

describe('emulator: the SSO token cache as the AWS CLI writes it, read by the SDK', () => {
  let emulator: Emulator;
  let home: string;
  const saved = {
    HOME: process.env.HOME,
    AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
    AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE,
  };
  before(async () => {
    emulator = await start({
      sso: { region: 'us-east-1' },
      accounts: [
        { accountId: A, name: 'prod' },
        { accountId: B, name: 'dev' },
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'sso-home-'));
    process.env.HOME = home;
    process.env.AWS_CONFIG_FILE = join(home, 'config');
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

  it('writes ~/.aws/sso/cache/<sha1 of the session name>.json with the CLI keys, mode 0600', () => {
    const expiresAt = new Date('2030-01-02T03:04:05.678Z');
    const path = writeSsoTokenCache(home, {
      sessionName: 'corp',
      startUrl: emulator.sso!.startUrl,
      region: 'us-east-1',
      accessToken: 'tok',
      expiresAt,
    });
    assert.equal(path, join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`));
    const body = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(body), ['startUrl', 'region', 'accessToken', 'expiresAt']);
    assert.equal(body.expiresAt, '2030-01-02T03:04:05Z');
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it("the SDK's fromSSO reads the cache of an sso-session profile and gets the account's credentials from the emulator", async () => {
    const { accessToken, expiresAt } = emulator.sso!.signIn();
    writeSsoTokenCache(home, {
      sessionName: 'corp',
      startUrl: emulator.sso!.startUrl,
      region: 'us-east-1',
      accessToken,
      expiresAt,
    });
    writeFileSync(
      process.env.AWS_CONFIG_FILE!,
      `[profile dev-ro]\nsso_session = corp\nsso_account_id = ${B}\nsso_role_name = ReadOnlyAccess\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = ${emulator.sso!.startUrl}\nsso_region = us-east-1\n`,
    );
    const provider = fromSSO({ profile: 'dev-ro', ignoreCache: true, clientConfig: { endpoint: emulator.endpoint } });
    const credentials = await provider();
    const identity = await stsClient(emulator, { credentials }).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, B);
    assert.ok(credentials.expiration && credentials.expiration.getTime() > Date.now());
  });

  it('a legacy profile (sso_start_url, no sso_session) reads the cache named by the start URL', async () => {
    const { accessToken, expiresAt } = emulator.sso!.signIn();
    writeSsoTokenCache(home, { startUrl: emulator.sso!.startUrl, region: 'us-east-1', accessToken, expiresAt });
    writeFileSync(
      process.env.AWS_CONFIG_FILE!,
      `[profile legacy]\nsso_start_url = ${emulator.sso!.startUrl}\nsso_region = us-east-1\nsso_account_id = ${A}\nsso_role_name = AdministratorAccess\n`,
    );
    const credentials = await fromSSO({
      profile: 'legacy',
      ignoreCache: true,
      clientConfig: { endpoint: emulator.endpoint },
    })();
    const identity = await stsClient(emulator, { credentials }).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, A);
  });

  it('an expired cached token makes fromSSO fail with the "aws sso login" hint', async () => {
    const { accessToken } = emulator.sso!.signIn();
    writeSsoTokenCache(home, {
      sessionName: 'corp',
      startUrl: emulator.sso!.startUrl,
      region: 'us-east-1',
      accessToken,
      expiresAt: new Date(Date.now() - 60_000),
    });
    writeFileSync(
      process.env.AWS_CONFIG_FILE!,
      `[profile dev-ro]\nsso_session = corp\nsso_account_id = ${B}\nsso_role_name = ReadOnlyAccess\n\n[sso-session corp]\nsso_start_url = ${emulator.sso!.startUrl}\nsso_region = us-east-1\n`,
    );
    await assert.rejects(
      fromSSO({ profile: 'dev-ro', ignoreCache: true, clientConfig: { endpoint: emulator.endpoint } })(),
      /aws sso login/,
    );
  });
});
