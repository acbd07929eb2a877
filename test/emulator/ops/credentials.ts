// A user's credentials: access keys, login profile, MFA devices (and the
// account's virtual MFA devices), and the rarer kinds (signing certificates,
// SSH keys, service-specific credentials) that are listed, block DeleteUser
// and can be deleted, when seeded.
import { alreadyExists, deleteConflict, IamError, limitExceeded, noSuchEntity, validation } from '../errors.js';
import { accessKeyId, ACCESS_KEY_ID_PATTERN, mfaSeed, secretAccessKey } from '../ids.js';
import type { OperationContext, OperationTable } from '../operation.js';
import { paginate } from '../paging.js';
import { pageXml, userXml } from '../shapes.js';
import type { AccessKeyRecord, UserRecord } from '../state.js';
import { checkName, checkPath, LIMITS } from '../validation.js';
import { namedUser, userOrCaller } from './users.js';

function keyOf(ctx: OperationContext): AccessKeyRecord {
  const id = ctx.params.required('AccessKeyId');
  if (!ACCESS_KEY_ID_PATTERN.test(id)) {
    throw validation(
      `1 validation error detected: Value '${id}' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+`,
    );
  }
  const user = userOrCaller(ctx);
  const key = user.accessKeys.find((k) => k.id === id);
  if (!key) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return key;
}

function status(ctx: OperationContext): 'Active' | 'Inactive' {
  const value = ctx.params.required('Status');
  if (value !== 'Active' && value !== 'Inactive') {
    throw validation(
      `1 validation error detected: Value '${value}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
    );
  }
  return value;
}

function checkPassword(password: string): void {
  if (password.length < 8) throw new IamError('PasswordPolicyViolation', 'Password should have a minimum length of 8');
  if (password.length > 128)
    throw validation(
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
}

function loginProfileOf(user: UserRecord) {
  if (!user.loginProfile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
  return user.loginProfile;
}

export const credentialOperations: OperationTable = {
  CreateAccessKey: (ctx) => {
    const user = userOrCaller(ctx);
    if (user.accessKeys.length >= LIMITS.accessKeysPerUser) {
      throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${LIMITS.accessKeysPerUser}`);
    }
    const key = ctx.state.addAccessKey(user, { id: accessKeyId(), secret: secretAccessKey(), createDate: ctx.now() });
    return {
      AccessKey: {
        UserName: user.name,
        AccessKeyId: key.id,
        Status: key.status,
        SecretAccessKey: key.secret,
        CreateDate: key.createDate,
      },
    };
  },

  ListAccessKeys: (ctx) => {
    const user = userOrCaller(ctx);
    const page = paginate(user.accessKeys, (k) => k.id, ctx.params);
    return pageXml('AccessKeyMetadata', page, (k) => ({
      UserName: user.name,
      AccessKeyId: k.id,
      Status: k.status,
      CreateDate: k.createDate,
    }));
  },

  UpdateAccessKey: (ctx) => {
    const key = keyOf(ctx);
    key.status = status(ctx);
    return undefined;
  },

  DeleteAccessKey: (ctx) => {
    const key = keyOf(ctx);
    key.user.accessKeys = key.user.accessKeys.filter((k) => k !== key);
    ctx.state.accessKeys.delete(key.id);
    return undefined;
  },

  GetAccessKeyLastUsed: (ctx) => {
    const id = ctx.params.required('AccessKeyId');
    const key = ctx.state.accessKeys.get(id);
    if (!key) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
    const used = key.lastUsed;
    return {
      UserName: key.user.name,
      AccessKeyLastUsed: used
        ? { LastUsedDate: used.date, ServiceName: used.service, Region: used.region }
        : { ServiceName: 'N/A', Region: 'N/A' },
    };
  },

  CreateLoginProfile: (ctx) => {
    const user = userOrCaller(ctx);
    checkPassword(ctx.params.required('Password'));
    if (user.loginProfile) throw alreadyExists(`Login Profile for user ${user.name} already exists.`);
    user.loginProfile = {
      createDate: ctx.now(),
      passwordResetRequired: ctx.params.optionalBool('PasswordResetRequired') ?? false,
    };
    return {
      LoginProfile: {
        UserName: user.name,
        CreateDate: user.loginProfile.createDate,
        PasswordResetRequired: user.loginProfile.passwordResetRequired,
      },
    };
  },

  GetLoginProfile: (ctx) => {
    const user = userOrCaller(ctx);
    const profile = loginProfileOf(user);
    return {
      LoginProfile: {
        UserName: user.name,
        CreateDate: profile.createDate,
        PasswordResetRequired: profile.passwordResetRequired,
      },
    };
  },

  UpdateLoginProfile: (ctx) => {
    const user = userOrCaller(ctx);
    const profile = loginProfileOf(user);
    const password = ctx.params.optional('Password');
    if (password !== undefined) checkPassword(password);
    const reset = ctx.params.optionalBool('PasswordResetRequired');
    if (reset !== undefined) profile.passwordResetRequired = reset;
    return undefined;
  },

  DeleteLoginProfile: (ctx) => {
    const user = userOrCaller(ctx);
    loginProfileOf(user);
    user.loginProfile = undefined;
    return undefined;
  },

  ListMFADevices: (ctx) => {
    const user = userOrCaller(ctx);
    const page = paginate(user.mfaDevices, (d) => d.serialNumber, ctx.params);
    return pageXml('MFADevices', page, (d) => ({
      UserName: user.name,
      SerialNumber: d.serialNumber,
      EnableDate: d.enableDate,
    }));
  },

  EnableMFADevice: (ctx) => {
    const user = namedUser(ctx);
    const serialNumber = ctx.params.required('SerialNumber');
    const codes = [ctx.params.required('AuthenticationCode1'), ctx.params.required('AuthenticationCode2')];
    if (codes.some((c) => !/^\d{6}$/.test(c)))
      throw new IamError('InvalidAuthenticationCode', 'Authentication code for device is not valid.');
    const inUse = [...ctx.state.users.values()].some((u) => u.mfaDevices.some((d) => d.serialNumber === serialNumber));
    if (inUse) throw alreadyExists('MFA Device is already in use.');
    if (user.mfaDevices.length >= LIMITS.mfaDevicesPerUser)
      throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${LIMITS.mfaDevicesPerUser}`);
    const enableDate = ctx.now();
    user.mfaDevices.push({ serialNumber, enableDate });
    const virtual = ctx.state.virtualMfaDevices.get(serialNumber);
    if (virtual) Object.assign(virtual, { user, enableDate });
    return undefined;
  },

  DeactivateMFADevice: (ctx) => {
    const user = userOrCaller(ctx);
    const serialNumber = ctx.params.required('SerialNumber');
    if (!user.mfaDevices.some((d) => d.serialNumber === serialNumber)) {
      throw noSuchEntity(`MFA Device with serial number ${serialNumber} does not exist.`);
    }
    user.mfaDevices = user.mfaDevices.filter((d) => d.serialNumber !== serialNumber);
    // A virtual device stays in the account, unassigned, until DeleteVirtualMFADevice.
    const virtual = ctx.state.virtualMfaDevices.get(serialNumber);
    if (virtual) Object.assign(virtual, { user: undefined, enableDate: undefined });
    return undefined;
  },

  CreateVirtualMFADevice: (ctx) => {
    const name = ctx.params.required('VirtualMFADeviceName');
    checkName('VirtualMFADeviceName', name, 226);
    const path = checkPath(ctx.params.optional('Path'));
    const serialNumber = ctx.state.arn('mfa', path, name);
    if (ctx.state.virtualMfaDevices.has(serialNumber))
      throw alreadyExists('MFADevice entity at the same path and name already exists.');
    const device = { serialNumber, createDate: ctx.now(), seed: mfaSeed() };
    ctx.state.virtualMfaDevices.set(serialNumber, device);
    return {
      VirtualMFADevice: { SerialNumber: serialNumber, Base32StringSeed: Buffer.from(device.seed).toString('base64') },
    };
  },

  ListVirtualMFADevices: (ctx) => {
    const status = ctx.params.optional('AssignmentStatus') ?? 'Any';
    if (!['Assigned', 'Unassigned', 'Any'].includes(status)) {
      throw validation(
        `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]`,
      );
    }
    const devices = [...ctx.state.virtualMfaDevices.values()].filter(
      (d) => status === 'Any' || (status === 'Assigned') === (d.user !== undefined),
    );
    const page = paginate(devices, (d) => d.serialNumber, ctx.params);
    return pageXml('VirtualMFADevices', page, (d) => ({
      SerialNumber: d.serialNumber,
      User: d.user ? userXml(d.user, false) : undefined,
      EnableDate: d.enableDate,
    }));
  },

  DeleteVirtualMFADevice: (ctx) => {
    const serialNumber = ctx.params.required('SerialNumber');
    const device = ctx.state.virtualMfaDevices.get(serialNumber);
    if (!device) throw noSuchEntity(`VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);
    if (device.user) throw deleteConflict('MFA Device is still in use');
    ctx.state.virtualMfaDevices.delete(serialNumber);
    return undefined;
  },

  ListSigningCertificates: (ctx) => {
    const user = userOrCaller(ctx);
    const page = paginate(user.signingCertificates, (c) => c.id, ctx.params);
    return pageXml('Certificates', page, (c) => ({
      UserName: user.name,
      CertificateId: c.id,
      CertificateBody: c.body,
      Status: c.status,
      UploadDate: c.uploadDate,
    }));
  },

  DeleteSigningCertificate: (ctx) => {
    const user = userOrCaller(ctx);
    const id = ctx.params.required('CertificateId');
    if (!user.signingCertificates.some((c) => c.id === id))
      throw noSuchEntity(`The Certificate with id ${id} cannot be found.`);
    user.signingCertificates = user.signingCertificates.filter((c) => c.id !== id);
    return undefined;
  },

  ListSSHPublicKeys: (ctx) => {
    const user = userOrCaller(ctx);
    const page = paginate(user.sshPublicKeys, (k) => k.id, ctx.params);
    return pageXml('SSHPublicKeys', page, (k) => ({
      UserName: user.name,
      SSHPublicKeyId: k.id,
      Status: k.status,
      UploadDate: k.uploadDate,
    }));
  },

  DeleteSSHPublicKey: (ctx) => {
    const user = namedUser(ctx);
    const id = ctx.params.required('SSHPublicKeyId');
    if (!user.sshPublicKeys.some((k) => k.id === id))
      throw noSuchEntity(`The Public Key with id ${id} cannot be found.`);
    user.sshPublicKeys = user.sshPublicKeys.filter((k) => k.id !== id);
    return undefined;
  },

  DeleteServiceSpecificCredential: (ctx) => {
    const user = userOrCaller(ctx);
    const id = ctx.params.required('ServiceSpecificCredentialId');
    if (!user.serviceSpecificCredentials.some((c) => c.id === id))
      throw noSuchEntity(`No such credential ${id} exists.`);
    user.serviceSpecificCredentials = user.serviceSpecificCredentials.filter((c) => c.id !== id);
    return undefined;
  },

  ListServiceSpecificCredentials: (ctx) => {
    const user = userOrCaller(ctx);
    const serviceName = ctx.params.optional('ServiceName');
    const credentials = user.serviceSpecificCredentials.filter(
      (c) => serviceName === undefined || c.serviceName === serviceName,
    );
    const page = paginate(credentials, (c) => c.id, ctx.params);
    return pageXml('ServiceSpecificCredentials', page, (c) => ({
      UserName: user.name,
      Status: c.status,
      ServiceUserName: c.serviceUserName,
      CreateDate: c.createDate,
      ServiceSpecificCredentialId: c.id,
      ServiceName: c.serviceName,
    }));
  },
};
