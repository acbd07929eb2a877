// The in-memory account. Entities reference each other by object, so a
// rename touches one map key and nothing else. Name lookups are
// case-insensitive, as in IAM (names differ by more than case).
import { noSuchEntity } from './errors.js';
import { uniqueId } from './ids.js';
import { AccountSecurityState } from './security-state.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface InlinePolicy {
  name: string;
  document: string;
}

export interface LastUsed {
  date: Date;
  service: string;
  region: string;
}

export interface AccessKeyRecord {
  id: string;
  secret: string;
  status: 'Active' | 'Inactive';
  createDate: Date;
  user: UserRecord;
  lastUsed?: LastUsed;
}

export interface MfaDeviceRecord {
  serialNumber: string;
  enableDate: Date;
}

/** A virtual MFA device: it exists in the account on its own and is assigned to at most one user. */
export interface VirtualMfaDeviceRecord {
  serialNumber: string;
  createDate: Date;
  /** The base32 seed (a secret, as in IAM: returned once by CreateVirtualMFADevice). */
  seed: string;
  user?: UserRecord;
  enableDate?: Date;
}

export interface SigningCertificateRecord {
  id: string;
  body: string;
  status: 'Active' | 'Inactive';
  uploadDate: Date;
}

export interface SshPublicKeyRecord {
  id: string;
  status: 'Active' | 'Inactive';
  uploadDate: Date;
}

export interface ServiceSpecificCredentialRecord {
  id: string;
  serviceName: string;
  serviceUserName: string;
  status: 'Active' | 'Inactive';
  createDate: Date;
}

export interface PrincipalBase {
  name: string;
  id: string;
  path: string;
  arn: string;
  createDate: Date;
  inline: Map<string, InlinePolicy>;
  attached: Set<PolicyRecord>;
}

export interface UserRecord extends PrincipalBase {
  kind: 'user';
  tags: Tag[];
  passwordLastUsed?: Date;
  groups: Set<GroupRecord>;
  accessKeys: AccessKeyRecord[];
  loginProfile?: { createDate: Date; passwordResetRequired: boolean };
  mfaDevices: MfaDeviceRecord[];
  signingCertificates: SigningCertificateRecord[];
  sshPublicKeys: SshPublicKeyRecord[];
  serviceSpecificCredentials: ServiceSpecificCredentialRecord[];
  permissionsBoundary?: PolicyRecord;
}

export interface GroupRecord extends PrincipalBase {
  kind: 'group';
  members: Set<UserRecord>;
}

export interface RoleRecord extends PrincipalBase {
  kind: 'role';
  tags: Tag[];
  trustPolicy: string;
  description?: string;
  maxSessionDuration: number;
  lastUsed?: { date: Date; region: string };
  instanceProfiles: Set<InstanceProfileRecord>;
  permissionsBoundary?: PolicyRecord;
}

export interface PolicyVersionRecord {
  id: string;
  document: string;
  createDate: Date;
}

export interface PolicyRecord {
  name: string;
  id: string;
  path: string;
  arn: string;
  description?: string;
  createDate: Date;
  updateDate: Date;
  awsManaged: boolean;
  tags: Tag[];
  versions: Map<string, PolicyVersionRecord>;
  defaultVersionId: string;
  nextVersion: number;
  attachedTo: Set<UserRecord | GroupRecord | RoleRecord>;
}

export interface InstanceProfileRecord {
  name: string;
  id: string;
  path: string;
  arn: string;
  createDate: Date;
  roles: Set<RoleRecord>;
  tags: Tag[];
}

/** Temporary credentials from STS AssumeRole. */
export interface RoleSessionRecord {
  accessKeyId: string;
  secret: string;
  sessionToken: string;
  role: RoleRecord;
  sessionName: string;
  expiration: Date;
}

/** Who signed a request. */
export type Caller =
  | { kind: 'user'; user: UserRecord; accessKeyId: string }
  | { kind: 'role'; session: RoleSessionRecord; accessKeyId: string };

export class IamState {
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly roles = new Map<string, RoleRecord>();
  /** Customer managed and AWS managed policies, keyed by ARN. */
  readonly policies = new Map<string, PolicyRecord>();
  readonly instanceProfiles = new Map<string, InstanceProfileRecord>();
  readonly accessKeys = new Map<string, AccessKeyRecord>();
  /** Virtual MFA devices by serial number (an ARN); hardware devices live only on their user. */
  readonly virtualMfaDevices = new Map<string, VirtualMfaDeviceRecord>();
  readonly sessions = new Map<string, RoleSessionRecord>();
  accountAliases: string[] = [];
  /** Root user, password policy, credential report, Access Advisor jobs, OIDC providers, server certificates. */
  readonly security = new AccountSecurityState(new Date(Date.now() - 3 * 365 * 86_400_000));
  /**
   * Look entities up by any name, as an odd or compromised backend would answer for names IAM
   * refuses (the hostile-data tests store such entities directly). Creating still checks.
   */
  lenientNames = false;

  constructor(readonly accountId: string) {}

  arn(kind: 'user' | 'group' | 'role' | 'policy' | 'instance-profile' | 'mfa', path: string, name: string): string {
    return `arn:aws:iam::${this.accountId}:${kind}${path}${name}`;
  }

  callerArn(caller: Caller): string {
    return caller.kind === 'user'
      ? caller.user.arn
      : `arn:aws:sts::${this.accountId}:assumed-role/${caller.session.role.name}/${caller.session.sessionName}`;
  }

  getUser(name: string): UserRecord {
    const user = this.users.get(name.toLowerCase());
    if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`);
    return user;
  }

  getGroup(name: string): GroupRecord {
    const group = this.groups.get(name.toLowerCase());
    if (!group) throw noSuchEntity(`The group with name ${name} cannot be found.`);
    return group;
  }

  getRole(name: string): RoleRecord {
    const role = this.roles.get(name.toLowerCase());
    if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
    return role;
  }

  getPolicy(arn: string): PolicyRecord {
    const policy = this.policies.get(arn);
    if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
    return policy;
  }

  getInstanceProfile(name: string): InstanceProfileRecord {
    const profile = this.instanceProfiles.get(name.toLowerCase());
    if (!profile) throw noSuchEntity(`Instance Profile ${name} cannot be found.`);
    return profile;
  }

  addUser(init: { name: string; path?: string; id?: string; createDate?: Date; tags?: Tag[] }): UserRecord {
    const path = init.path ?? '/';
    const user: UserRecord = {
      kind: 'user',
      name: init.name,
      id: init.id ?? uniqueId('AIDA'),
      path,
      arn: this.arn('user', path, init.name),
      createDate: init.createDate ?? new Date(),
      inline: new Map(),
      attached: new Set(),
      tags: init.tags ?? [],
      groups: new Set(),
      accessKeys: [],
      mfaDevices: [],
      signingCertificates: [],
      sshPublicKeys: [],
      serviceSpecificCredentials: [],
    };
    this.users.set(init.name.toLowerCase(), user);
    return user;
  }

  addGroup(init: { name: string; path?: string; id?: string; createDate?: Date }): GroupRecord {
    const path = init.path ?? '/';
    const group: GroupRecord = {
      kind: 'group',
      name: init.name,
      id: init.id ?? uniqueId('AGPA'),
      path,
      arn: this.arn('group', path, init.name),
      createDate: init.createDate ?? new Date(),
      inline: new Map(),
      attached: new Set(),
      members: new Set(),
    };
    this.groups.set(init.name.toLowerCase(), group);
    return group;
  }

  addRole(init: {
    name: string;
    path?: string;
    id?: string;
    createDate?: Date;
    trustPolicy: string;
    description?: string;
    maxSessionDuration?: number;
    tags?: Tag[];
  }): RoleRecord {
    const path = init.path ?? '/';
    const role: RoleRecord = {
      kind: 'role',
      name: init.name,
      id: init.id ?? uniqueId('AROA'),
      path,
      arn: this.arn('role', path, init.name),
      createDate: init.createDate ?? new Date(),
      inline: new Map(),
      attached: new Set(),
      tags: init.tags ?? [],
      trustPolicy: init.trustPolicy,
      description: init.description,
      maxSessionDuration: init.maxSessionDuration ?? 3600,
      instanceProfiles: new Set(),
    };
    this.roles.set(init.name.toLowerCase(), role);
    return role;
  }

  addPolicy(init: {
    name: string;
    path?: string;
    id?: string;
    arn?: string;
    description?: string;
    createDate?: Date;
    updateDate?: Date;
    documents: string[];
    defaultVersionIndex?: number;
    /** Version id of a single-version policy (AWS managed policies are at v3, v90, ...). */
    versionId?: string;
    awsManaged?: boolean;
    tags?: Tag[];
  }): PolicyRecord {
    const path = init.path ?? '/';
    const createDate = init.createDate ?? new Date();
    const versions = new Map<string, PolicyVersionRecord>();
    init.documents.forEach((document, i) => {
      const id = init.versionId ?? `v${i + 1}`;
      versions.set(id, { id, document, createDate });
    });
    const policy: PolicyRecord = {
      name: init.name,
      id: init.id ?? uniqueId('ANPA'),
      path,
      arn: init.arn ?? this.arn('policy', path, init.name),
      description: init.description,
      createDate,
      updateDate: init.updateDate ?? createDate,
      awsManaged: init.awsManaged ?? false,
      tags: init.tags ?? [],
      versions,
      defaultVersionId: init.versionId ?? `v${(init.defaultVersionIndex ?? init.documents.length - 1) + 1}`,
      nextVersion: init.documents.length + 1,
      attachedTo: new Set(),
    };
    this.policies.set(policy.arn, policy);
    return policy;
  }

  addInstanceProfile(init: { name: string; path?: string; createDate?: Date; tags?: Tag[] }): InstanceProfileRecord {
    const path = init.path ?? '/';
    const profile: InstanceProfileRecord = {
      name: init.name,
      id: uniqueId('AIPA'),
      path,
      arn: this.arn('instance-profile', path, init.name),
      createDate: init.createDate ?? new Date(),
      roles: new Set(),
      tags: init.tags ?? [],
    };
    this.instanceProfiles.set(init.name.toLowerCase(), profile);
    return profile;
  }

  addAccessKey(
    user: UserRecord,
    init: { id: string; secret: string; status?: 'Active' | 'Inactive'; createDate?: Date; lastUsed?: LastUsed },
  ): AccessKeyRecord {
    const key: AccessKeyRecord = {
      id: init.id,
      secret: init.secret,
      status: init.status ?? 'Active',
      createDate: init.createDate ?? new Date(),
      user,
      lastUsed: init.lastUsed,
    };
    user.accessKeys.push(key);
    this.accessKeys.set(key.id, key);
    return key;
  }

  attach(entity: UserRecord | GroupRecord | RoleRecord, policy: PolicyRecord): void {
    entity.attached.add(policy);
    policy.attachedTo.add(entity);
  }

  detach(entity: UserRecord | GroupRecord | RoleRecord, policy: PolicyRecord): void {
    entity.attached.delete(policy);
    policy.attachedTo.delete(entity);
  }

  addToGroup(user: UserRecord, group: GroupRecord): void {
    user.groups.add(group);
    group.members.add(user);
  }

  removeFromGroup(user: UserRecord, group: GroupRecord): void {
    user.groups.delete(group);
    group.members.delete(user);
  }

  /** The policy version that is the default, which always exists. */
  defaultVersion(policy: PolicyRecord): PolicyVersionRecord {
    const version = policy.versions.get(policy.defaultVersionId);
    if (!version) throw new Error(`policy ${policy.arn} lost its default version`);
    return version;
  }
}
