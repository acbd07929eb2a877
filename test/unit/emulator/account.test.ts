import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  CreateAccountAliasCommand,
  DeleteAccountAliasCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListPolicyVersionsCommand,
  ListUsersCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListRoles,
  paginateListUsers,
  type SummaryKeyType,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { generateAccount, start, type Seed } from '../../emulator/index.js';
import { failure, iamClient, stsClient, useEmulator } from './helpers.js';

const sample = JSON.parse(readFileSync(new URL('../../fixtures/sample-account.json', import.meta.url), 'utf8')) as Seed;

describe('emulator: sample account seed', () => {
  const ctx = useEmulator({ seed: sample });

  it('loads the account: alias, users, groups, roles, versions', async () => {
    assert.equal(ctx.emulator.accountId, '111122223333');
    assert.deepEqual((await ctx.iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['acme-production']);
    const users = await ctx.iam.send(new ListUsersCommand({ MaxItems: 1000 }));
    assert.equal(users.Users?.length, sample.users?.length, 'the admin key belongs to the seeded admin user');
    const { User } = await ctx.iam.send(new GetUserCommand({}));
    assert.equal(User?.Arn, 'arn:aws:iam::111122223333:user/admin');
    const versions = await ctx.iam.send(
      new ListPolicyVersionsCommand({ PolicyArn: 'arn:aws:iam::111122223333:policy/ci/LambdaDeploy' }),
    );
    assert.deepEqual(
      versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [
        ['v4', false],
        ['v3', true],
        ['v2', false],
        ['v1', false],
      ],
    );
  });

  it('has keys of every age and state, and seeded secrets sign requests', async () => {
    const keys = [...ctx.emulator.state.accessKeys.values()].filter((k) => k.user.name !== 'admin');
    const dayMs = 86_400_000;
    assert.ok(keys.some((k) => k.status === 'Inactive'));
    assert.ok(keys.some((k) => k.status === 'Active' && Date.now() - k.createDate.getTime() > 90 * dayMs));
    assert.ok(keys.some((k) => !k.lastUsed));
    assert.ok(keys.some((k) => k.lastUsed && Date.now() - k.lastUsed.date.getTime() < dayMs));
    const seeded = sample.users?.find((u) => u.name === 'ci-deployer')?.accessKeys?.[0];
    assert.ok(seeded);
    const identity = await stsClient(ctx.emulator, {
      credentials: { accessKeyId: seeded.id, secretAccessKey: seeded.secret },
    }).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:iam::111122223333:user/ci/ci-deployer');
    const listed = await ctx.iam.send(new ListAccessKeysCommand({ UserName: 'backup-agent' }));
    assert.deepEqual(listed.AccessKeyMetadata?.map((k) => k.Status).sort(), ['Active', 'Inactive']);
  });

  it('GetAccountSummary reports counts and the quotas', async () => {
    const { SummaryMap } = await ctx.iam.send(new GetAccountSummaryCommand({}));
    assert.equal(SummaryMap?.Users, sample.users?.length);
    assert.equal(SummaryMap?.Groups, sample.groups?.length);
    assert.equal(SummaryMap?.Roles, sample.roles?.length);
    assert.equal(SummaryMap?.Policies, sample.policies?.length);
    const quotas = {
      AccessKeysPerUserQuota: 2,
      PolicySizeQuota: 6144,
      UserPolicySizeQuota: 2048,
      GroupPolicySizeQuota: 5120,
      RolePolicySizeQuota: 10240,
      AssumeRolePolicySizeQuota: 2048,
      VersionsPerPolicyQuota: 5,
      AttachedPoliciesPerUserQuota: 10,
      AttachedPoliciesPerGroupQuota: 10,
      AttachedPoliciesPerRoleQuota: 10,
    };
    for (const [key, value] of Object.entries(quotas)) assert.equal(SummaryMap?.[key as SummaryKeyType], value, key);
  });

  it('GetAccountAuthorizationDetails pages through everything with URL-encoded documents', async () => {
    let users = 0;
    let roles = 0;
    let pages = 0;
    let orders: string | undefined;
    for await (const page of paginateGetAccountAuthorizationDetails(
      { client: ctx.iam, pageSize: 10 },
      { Filter: ['User', 'Role'] },
    )) {
      pages++;
      users += page.UserDetailList?.length ?? 0;
      roles += page.RoleDetailList?.length ?? 0;
      assert.deepEqual(page.Policies, []);
      const role = page.RoleDetailList?.find((r) => r.RoleName === 'orders-api-lambda');
      if (role) orders = role.RolePolicyList?.[0].PolicyDocument;
    }
    assert.equal(users, sample.users?.length);
    assert.equal(roles, sample.roles?.length);
    assert.ok(pages >= 4);
    assert.ok(orders?.startsWith('%7B'), 'URL-encoded');
    assert.equal(
      JSON.parse(decodeURIComponent(orders ?? '')).Statement[0].Resource,
      'arn:aws:dynamodb:eu-west-1:111122223333:table/orders',
    );
    const policies = await ctx.iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'], MaxItems: 1000 }),
    );
    assert.equal(policies.Policies?.length, sample.policies?.length);
    const deploy = policies.Policies?.find((p) => p.PolicyName === 'DeployArtifacts');
    assert.equal(deploy?.PolicyVersionList?.length, 3);
  });

  it('creates and deletes the account alias', async () => {
    await ctx.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-staging' }));
    assert.deepEqual((await ctx.iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['acme-staging']);
    assert.equal(
      (await failure(ctx.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'Bad_Alias' })))).name,
      'ValidationError',
    );
    await ctx.iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'acme-staging' }));
    assert.deepEqual((await ctx.iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
  });

  it('seeded last use is reported by GetAccessKeyLastUsed', async () => {
    const key = sample.users?.find((u) => u.name === 'backup-agent')?.accessKeys?.[0];
    const used = await ctx.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key?.id }));
    assert.equal(used.UserName, 'backup-agent');
    assert.equal(used.AccessKeyLastUsed?.ServiceName, 's3');
    assert.equal(used.AccessKeyLastUsed?.Region, 'eu-central-1');
    const day = 86_400_000;
    assert.ok(
      Math.abs((used.AccessKeyLastUsed?.LastUsedDate?.getTime() ?? 0) - (Date.now() - day)) < 60_000,
      'now-1d is relative to load time',
    );
  });
});

describe('emulator: generated accounts', () => {
  it('generates and serves 5,000 users, roles, policies and groups quickly', async () => {
    const started = Date.now();
    const emulator = await start({ seed: generateAccount({ users: 5000, roles: 5000, policies: 5000, groups: 5000 }) });
    const loadMs = Date.now() - started;
    const iam = iamClient(emulator);
    try {
      assert.ok(loadMs < 5000, `loaded in ${loadMs} ms`);
      let users = 0;
      for await (const page of paginateListUsers({ client: iam, pageSize: 1000 }, {})) users += page.Users?.length ?? 0;
      assert.equal(users, 5001, '5,000 generated plus the admin user');
      let roles = 0;
      for await (const page of paginateListRoles({ client: iam, pageSize: 1000 }, {})) roles += page.Roles?.length ?? 0;
      assert.equal(roles, 5000);
      const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
      assert.equal(SummaryMap?.Policies, 5000);
      assert.equal(SummaryMap?.Groups, 5000);
    } finally {
      iam.destroy();
      await emulator.stop();
    }
  });
});

describe('emulator: command line', () => {
  it('prints the endpoint and the admin key, serves requests, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/emulator/cli.ts', '--port', '0', '--seed', 'test/fixtures/sample-account.json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (/AWS_SECRET_ACCESS_KEY=\S+\n/.test(output)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const endpoint = /^IAM emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      const accessKeyId = /^AWS_ACCESS_KEY_ID=(AKIA[A-Z0-9]{16})$/m.exec(output)?.[1];
      const secretAccessKey = /^AWS_SECRET_ACCESS_KEY=(\S{40})$/m.exec(output)?.[1];
      assert.ok(endpoint && accessKeyId && secretAccessKey, 'endpoint and key lines printed');
      const sts = stsClient({ endpoint, region: 'us-east-1' } as Parameters<typeof stsClient>[0], {
        credentials: { accessKeyId, secretAccessKey },
      });
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, '111122223333');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
