import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListVirtualMFADevicesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { failure, iamClient, stsClient, useEmulator } from './helpers.js';

describe('emulator: access keys, login profiles, MFA', () => {
  const ctx = useEmulator({
    seed: {
      users: [
        {
          name: 'seeded',
          mfaDevices: [{ serialNumber: 'arn:aws:iam::123456789012:mfa/seeded' }],
          signingCertificates: 1,
          sshPublicKeys: 1,
          serviceSpecificCredentials: [{ serviceName: 'codecommit.amazonaws.com' }],
        },
      ],
    },
  });

  it('creates keys shaped like AWS (AKIA + 16, 40-character secret) and stops at two', async () => {
    await ctx.iam.send(new CreateUserCommand({ UserName: 'erin' }));
    const first = await ctx.iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }));
    assert.match(first.AccessKey?.AccessKeyId ?? '', /^AKIA[A-Z0-9]{16}$/);
    assert.equal(first.AccessKey?.SecretAccessKey?.length, 40);
    assert.equal(first.AccessKey?.Status, 'Active');
    await ctx.iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }));
    const third = await failure(
      iamClient(ctx.emulator, { maxAttempts: 1 }).send(new CreateAccessKeyCommand({ UserName: 'erin' })),
    );
    assert.equal(third.name, 'LimitExceededException');
    assert.equal(third.status, 409);
    assert.equal(third.message, 'Cannot exceed quota for AccessKeysPerUser: 2');
    const listed = await ctx.iam.send(new ListAccessKeysCommand({ UserName: 'erin' }));
    assert.equal(listed.AccessKeyMetadata?.length, 2);
    assert.ok(listed.AccessKeyMetadata?.every((k) => k.UserName === 'erin' && k.Status === 'Active'));
  });

  it('CreateAccessKey and ListAccessKeys without UserName act on the caller', async () => {
    const { AccessKeyMetadata } = await ctx.iam.send(new ListAccessKeysCommand({}));
    assert.deepEqual(
      AccessKeyMetadata?.map((k) => k.AccessKeyId),
      [ctx.emulator.adminKey.accessKeyId],
    );
    const created = await ctx.iam.send(new CreateAccessKeyCommand({}));
    assert.equal(created.AccessKey?.UserName, 'emulator-admin');
    await ctx.iam.send(new DeleteAccessKeyCommand({ AccessKeyId: created.AccessKey?.AccessKeyId }));
  });

  it('a new key works at once, records last use, and fails once inactive or deleted', async () => {
    const { AccessKey } = await ctx.iam.send(new CreateAccessKeyCommand({ UserName: 'seeded' }));
    const credentials = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };
    const never = await ctx.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: credentials.accessKeyId }));
    assert.deepEqual(never.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
    const identity = await stsClient(ctx.emulator, { credentials, region: 'eu-west-1' }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(identity.Arn, 'arn:aws:iam::123456789012:user/seeded');
    const used = await ctx.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: credentials.accessKeyId }));
    assert.equal(used.UserName, 'seeded');
    assert.equal(used.AccessKeyLastUsed?.ServiceName, 'sts');
    assert.equal(used.AccessKeyLastUsed?.Region, 'eu-west-1');
    assert.ok(Math.abs((used.AccessKeyLastUsed?.LastUsedDate?.getTime() ?? 0) - Date.now()) < 5000);

    await ctx.iam.send(
      new UpdateAccessKeyCommand({ UserName: 'seeded', AccessKeyId: credentials.accessKeyId, Status: 'Inactive' }),
    );
    const inactive = await failure(iamClient(ctx.emulator, { credentials }).send(new ListAccessKeysCommand({})));
    assert.equal(inactive.name, 'InvalidClientTokenId');
    assert.equal(inactive.status, 403);
    await ctx.iam.send(
      new UpdateAccessKeyCommand({ UserName: 'seeded', AccessKeyId: credentials.accessKeyId, Status: 'Active' }),
    );
    await iamClient(ctx.emulator, { credentials }).send(new ListAccessKeysCommand({}));
    await ctx.iam.send(new DeleteAccessKeyCommand({ UserName: 'seeded', AccessKeyId: credentials.accessKeyId }));
    const deleted = await failure(iamClient(ctx.emulator, { credentials }).send(new ListAccessKeysCommand({})));
    assert.equal(deleted.name, 'InvalidClientTokenId');
    const missing = await failure(
      ctx.iam.send(new DeleteAccessKeyCommand({ UserName: 'seeded', AccessKeyId: credentials.accessKeyId })),
    );
    assert.equal(missing.status, 404);
  });

  it('creates, reads and deletes a login profile', async () => {
    const { LoginProfile } = await ctx.iam.send(
      new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Correct-Horse-9', PasswordResetRequired: true }),
    );
    assert.equal(LoginProfile?.PasswordResetRequired, true);
    assert.equal((await ctx.iam.send(new GetLoginProfileCommand({ UserName: 'erin' }))).LoginProfile?.UserName, 'erin');
    assert.equal(
      (await failure(ctx.iam.send(new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Correct-Horse-9' }))))
        .status,
      409,
    );
    const weak = await failure(ctx.iam.send(new CreateLoginProfileCommand({ UserName: 'seeded', Password: 'short' })));
    assert.equal(weak.name, 'PasswordPolicyViolationException');
    await ctx.iam.send(new DeleteLoginProfileCommand({ UserName: 'erin' }));
    const gone = await failure(ctx.iam.send(new GetLoginProfileCommand({ UserName: 'erin' })));
    assert.equal(gone.message, 'Login Profile for User erin cannot be found.');
  });

  it('lists seeded MFA devices, signing certificates, SSH keys and service-specific credentials', async () => {
    const mfa = await ctx.iam.send(new ListMFADevicesCommand({ UserName: 'seeded' }));
    assert.deepEqual(
      mfa.MFADevices?.map((d) => d.SerialNumber),
      ['arn:aws:iam::123456789012:mfa/seeded'],
    );
    const virtual = await ctx.iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    assert.deepEqual(
      virtual.VirtualMFADevices?.map((d) => [d.SerialNumber, d.User?.UserName]),
      [['arn:aws:iam::123456789012:mfa/seeded', 'seeded']],
      'an ARN serial is a virtual device',
    );
    assert.equal(
      (await ctx.iam.send(new ListSigningCertificatesCommand({ UserName: 'seeded' }))).Certificates?.length,
      1,
    );
    assert.equal((await ctx.iam.send(new ListSSHPublicKeysCommand({ UserName: 'seeded' }))).SSHPublicKeys?.length, 1);
    const ssc = await ctx.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'seeded' }));
    assert.equal(ssc.ServiceSpecificCredentials?.[0].ServiceName, 'codecommit.amazonaws.com');
    assert.deepEqual((await ctx.iam.send(new ListSigningCertificatesCommand({ UserName: 'erin' }))).Certificates, []);
  });

  it('enables and deactivates an MFA device', async () => {
    const SerialNumber = 'arn:aws:iam::123456789012:mfa/erin';
    await ctx.iam.send(
      new EnableMFADeviceCommand({
        UserName: 'erin',
        SerialNumber,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    assert.deepEqual(
      (await ctx.iam.send(new ListMFADevicesCommand({ UserName: 'erin' }))).MFADevices?.map((d) => d.SerialNumber),
      [SerialNumber],
    );
    await ctx.iam.send(new DeactivateMFADeviceCommand({ UserName: 'erin', SerialNumber }));
    assert.deepEqual((await ctx.iam.send(new ListMFADevicesCommand({ UserName: 'erin' }))).MFADevices, []);
  });

  it('DeleteUser reports each remaining credential as DeleteConflict', async () => {
    const expectConflict = async (message: string) => {
      const error = await failure(ctx.iam.send(new DeleteUserCommand({ UserName: 'seeded' })));
      assert.equal(error.name, 'DeleteConflictException');
      assert.equal(error.message, message);
    };
    const user = ctx.emulator.state.getUser('seeded');
    await ctx.iam.send(new CreateLoginProfileCommand({ UserName: 'seeded', Password: 'Correct-Horse-9' }));
    await expectConflict('Cannot delete entity, must delete login profile first.');
    await ctx.iam.send(new DeleteLoginProfileCommand({ UserName: 'seeded' }));
    await expectConflict('Cannot delete entity, must delete signing certificates first.');
    user.signingCertificates = [];
    await expectConflict('Cannot delete entity, must delete SSH public keys first.');
    user.sshPublicKeys = [];
    await expectConflict('Cannot delete entity, must delete service specific credentials first.');
    user.serviceSpecificCredentials = [];
    await expectConflict('Cannot delete entity, must delete MFA device first.');
    await ctx.iam.send(
      new DeactivateMFADeviceCommand({ UserName: 'seeded', SerialNumber: 'arn:aws:iam::123456789012:mfa/seeded' }),
    );
    await ctx.iam.send(new DeleteUserCommand({ UserName: 'seeded' }));
  });

  it('DeleteUser with access keys is DeleteConflict', async () => {
    const error = await failure(ctx.iam.send(new DeleteUserCommand({ UserName: 'erin' })));
    assert.equal(error.message, 'Cannot delete entity, must delete access keys first.');
  });
  it('virtual MFA devices: created unassigned, enabled for a user, still in the account after deactivation until deleted', async () => {
    await ctx.iam.send(new CreateUserCommand({ UserName: 'mfa-owner' }));
    const created = await ctx.iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-owner', Path: '/team/' }),
    );
    const SerialNumber = created.VirtualMFADevice?.SerialNumber ?? '';
    assert.equal(SerialNumber, 'arn:aws:iam::123456789012:mfa/team/mfa-owner');
    assert.ok((created.VirtualMFADevice?.Base32StringSeed?.length ?? 0) > 0, 'the seed is returned once');
    assert.equal(
      (
        await failure(
          ctx.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-owner', Path: '/team/' })),
        )
      ).name,
      'EntityAlreadyExistsException',
    );
    const listed = async (AssignmentStatus: 'Assigned' | 'Unassigned' | 'Any') =>
      ((await ctx.iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus }))).VirtualMFADevices ?? [])
        .map((d) => `${d.SerialNumber}:${d.User?.UserName ?? '-'}`)
        .sort();
    assert.ok((await listed('Unassigned')).includes(`${SerialNumber}:-`));
    await ctx.iam.send(
      new EnableMFADeviceCommand({
        UserName: 'mfa-owner',
        SerialNumber,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    assert.ok((await listed('Assigned')).includes(`${SerialNumber}:mfa-owner`));
    const conflict = await failure(ctx.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber })));
    assert.equal(conflict.name, 'DeleteConflictException');
    await ctx.iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-owner', SerialNumber }));
    assert.ok((await listed('Unassigned')).includes(`${SerialNumber}:-`), 'deactivated: unassigned, not gone');
    await ctx.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber }));
    assert.ok(!(await listed('Any')).some((d) => d.startsWith(`${SerialNumber}:`)));
    assert.equal(
      (await failure(ctx.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber })))).name,
      'NoSuchEntityException',
    );
  });

  it('deletes signing certificates, SSH public keys and service-specific credentials', async () => {
    await ctx.iam.send(new CreateUserCommand({ UserName: 'cert-owner' }));
    const user = ctx.emulator.state.getUser('cert-owner');
    const date = new Date();
    user.signingCertificates.push({ id: 'ASCACERTOWNER000000001', body: 'x', status: 'Active', uploadDate: date });
    user.sshPublicKeys.push({ id: 'APKACERTOWNER000000001', status: 'Active', uploadDate: date });
    user.serviceSpecificCredentials.push({
      id: 'ACCACERTOWNER000000001',
      serviceName: 'codecommit.amazonaws.com',
      serviceUserName: 'x',
      status: 'Active',
      createDate: date,
    });
    await ctx.iam.send(
      new DeleteSigningCertificateCommand({ UserName: 'cert-owner', CertificateId: 'ASCACERTOWNER000000001' }),
    );
    await ctx.iam.send(
      new DeleteSSHPublicKeyCommand({ UserName: 'cert-owner', SSHPublicKeyId: 'APKACERTOWNER000000001' }),
    );
    await ctx.iam.send(
      new DeleteServiceSpecificCredentialCommand({
        UserName: 'cert-owner',
        ServiceSpecificCredentialId: 'ACCACERTOWNER000000001',
      }),
    );
    assert.deepEqual([user.signingCertificates, user.sshPublicKeys, user.serviceSpecificCredentials], [[], [], []]);
    for (const call of [
      new DeleteSigningCertificateCommand({ UserName: 'cert-owner', CertificateId: 'ASCACERTOWNER000000001' }),
      new DeleteSSHPublicKeyCommand({ UserName: 'cert-owner', SSHPublicKeyId: 'APKACERTOWNER000000001' }),
      new DeleteServiceSpecificCredentialCommand({
        UserName: 'cert-owner',
        ServiceSpecificCredentialId: 'ACCACERTOWNER000000001',
      }),
    ]) {
      assert.equal((await failure(ctx.iam.send(call as never))).name, 'NoSuchEntityException');
    }
    await ctx.iam.send(new DeleteUserCommand({ UserName: 'cert-owner' }));
  });
});
