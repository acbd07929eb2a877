import assert from 'node:assert/strict';
import { CreateRoleCommand, GetUserCommand, ListUsersCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Emulator } from '../../emulator/index.js';
import { NodeSha256 } from '../../emulator/sigv4.js';
import { failure, iamClient, stsClient, TRUST, useEmulator } from './helpers.js';

/** A hand-made signed Query request, for what the SDK will not send. */
async function rawCall(
  emulator: Emulator,
  signedBody: string,
  sentBody = signedBody,
): Promise<{ status: number; text: string }> {
  const url = new URL(emulator.endpoint);
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: signedBody,
  });
  const signer = new SignatureV4({
    credentials: emulator.adminKey,
    region: 'us-east-1',
    service: 'iam',
    sha256: NodeSha256,
  });
  const signed = await signer.sign(request);
  const response = await fetch(emulator.endpoint, { method: 'POST', headers: signed.headers, body: sentBody });
  return { status: response.status, text: await response.text() };
}

describe('emulator: authentication and STS', () => {
  const ctx = useEmulator();

  it('GetCallerIdentity names the admin user', async () => {
    const identity = await stsClient(ctx.emulator).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, '123456789012');
    assert.equal(identity.Arn, 'arn:aws:iam::123456789012:user/emulator-admin');
    assert.match(identity.UserId ?? '', /^AIDA/);
  });

  it('a request signed with the wrong secret fails with SignatureDoesNotMatch 403', async () => {
    const wrong = { accessKeyId: ctx.emulator.adminKey.accessKeyId, secretAccessKey: 'x'.repeat(40) };
    const error = await failure(iamClient(ctx.emulator, { credentials: wrong }).send(new ListUsersCommand({})));
    assert.equal(error.name, 'SignatureDoesNotMatch');
    assert.equal(error.status, 403);
  });

  it('an unknown key fails with InvalidClientTokenId 403', async () => {
    const unknown = { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40) };
    const error = await failure(iamClient(ctx.emulator, { credentials: unknown }).send(new ListUsersCommand({})));
    assert.equal(error.name, 'InvalidClientTokenId');
    assert.equal(error.status, 403);
    assert.equal(error.message, 'The security token included in the request is invalid.');
  });

  it('a body changed after signing fails, an unsigned request fails, an unknown action is InvalidAction', async () => {
    const ok = await rawCall(ctx.emulator, 'Action=ListUsers&Version=2010-05-08');
    assert.equal(ok.status, 200);
    assert.match(
      ok.text,
      /^<ListUsersResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><ListUsersResult>/,
    );
    const tampered = await rawCall(
      ctx.emulator,
      'Action=ListUsers&Version=2010-05-08',
      'Action=ListRoles&Version=2010-05-08',
    );
    assert.equal(tampered.status, 403);
    assert.match(tampered.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    const unsigned = await fetch(ctx.emulator.endpoint, {
      method: 'POST',
      body: 'Action=ListUsers&Version=2010-05-08',
    });
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Code>MissingAuthenticationToken<\/Code>/);
    const unknown = await rawCall(ctx.emulator, 'Action=ListUnicorns&Version=2010-05-08');
    assert.equal(unknown.status, 400);
    assert.match(
      unknown.text,
      /<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>Could not find operation ListUnicorns/,
    );
  });

  it('escapes everything it writes into XML', async () => {
    ctx.emulator.state.addUser({ name: 'x', tags: [{ Key: 'note', Value: '<b>&"quoted"</b>' }] });
    const { User } = await ctx.iam.send(new GetUserCommand({ UserName: 'x' }));
    assert.deepEqual(User?.Tags, [{ Key: 'note', Value: '<b>&"quoted"</b>' }]);
  });

  it('AssumeRole returns temporary credentials the emulator accepts with their session token', async () => {
    await ctx.iam.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        AssumeRolePolicyDocument: TRUST({ AWS: 'arn:aws:iam::123456789012:root' }),
        MaxSessionDuration: 7200,
      }),
    );
    const assumed = await stsClient(ctx.emulator).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/deployer',
        RoleSessionName: 'ci',
        DurationSeconds: 1800,
      }),
    );
    const c = assumed.Credentials;
    assert.match(c?.AccessKeyId ?? '', /^ASIA[A-Z0-9]{16}$/);
    assert.equal(c?.SecretAccessKey?.length, 40);
    assert.ok((c?.SessionToken?.length ?? 0) > 100);
    assert.ok(Math.abs((c?.Expiration?.getTime() ?? 0) - (Date.now() + 1800_000)) < 10_000);
    assert.equal(assumed.AssumedRoleUser?.Arn, 'arn:aws:sts::123456789012:assumed-role/deployer/ci');
    const credentials = {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    };
    const identity = await stsClient(ctx.emulator, { credentials }).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:sts::123456789012:assumed-role/deployer/ci');
    assert.match(identity.UserId ?? '', /^AROA[A-Z0-9]{17}:ci$/);
    const roleCaller = iamClient(ctx.emulator, { credentials });
    const noName = await failure(roleCaller.send(new GetUserCommand({})));
    assert.equal(noName.name, 'ValidationError');
    assert.equal(noName.message, 'Must specify userName when calling with non-User credentials');
    const withoutToken = await failure(
      iamClient(ctx.emulator, { credentials: { ...credentials, sessionToken: undefined } }).send(
        new ListUsersCommand({}),
      ),
    );
    assert.equal(withoutToken.name, 'InvalidClientTokenId');
    const { Role } = await ctx.iam.send(new GetRoleCommand({ RoleName: 'deployer' }));
    assert.equal(Role?.RoleLastUsed?.Region, 'us-east-1');
  });

  it('AssumeRole is denied when the trust policy does not name the caller, or wants MFA that is absent', async () => {
    await ctx.iam.send(new CreateRoleCommand({ RoleName: 'lambda-only', AssumeRolePolicyDocument: TRUST() }));
    const sts = stsClient(ctx.emulator);
    const denied = await failure(
      sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/lambda-only', RoleSessionName: 'x1' })),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.status, 403);
    assert.equal(
      denied.message,
      'User: arn:aws:iam::123456789012:user/emulator-admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/lambda-only because no identity-based policy allows the sts:AssumeRole action',
    );
    const mfaTrust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    });
    await ctx.iam.send(new CreateRoleCommand({ RoleName: 'needs-mfa', AssumeRolePolicyDocument: mfaTrust }));
    const RoleArn = 'arn:aws:iam::123456789012:role/needs-mfa';
    assert.equal(
      (await failure(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'x2' })))).name,
      'AccessDenied',
    );
    const ok = await sts.send(
      new AssumeRoleCommand({
        RoleArn,
        RoleSessionName: 'x2',
        SerialNumber: 'arn:aws:iam::123456789012:mfa/me',
        TokenCode: '123456',
      }),
    );
    assert.ok(ok.Credentials?.AccessKeyId);
    const tooLong = await failure(
      sts.send(
        new AssumeRoleCommand({
          RoleArn,
          RoleSessionName: 'x3',
          DurationSeconds: 7200,
          SerialNumber: 'a',
          TokenCode: '123456',
        }),
      ),
    );
    assert.equal(tooLong.name, 'ValidationError');
  });
});
