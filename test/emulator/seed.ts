// Seeds: a JSON description of an account, and a generator for large ones.
import { readFileSync } from 'node:fs';
import { accessKeyId, mfaSeed as randomSeed, secretAccessKey, uniqueId } from './ids.js';
import type { IamState, PolicyRecord, Tag } from './state.js';
import { checkPolicyDocument, checkTrustPolicyDocument } from './validation.js';

/** ISO 8601, or relative to load time: `now`, `now-120d`, `now-3h`, `now-20m`. */
export type SeedDate = string;
/** A policy document as JSON text or as an object. */
export type SeedDocument = string | Record<string, unknown>;

export interface SeedInlinePolicy {
  name: string;
  document: SeedDocument;
}

export interface SeedAccessKey {
  id: string;
  secret: string;
  status?: 'Active' | 'Inactive';
  createDate?: SeedDate;
  lastUsed?: { date: SeedDate; service: string; region: string };
}

export interface SeedUser {
  name: string;
  path?: string;
  id?: string;
  createDate?: SeedDate;
  passwordLastUsed?: SeedDate;
  tags?: Record<string, string>;
  groups?: string[];
  /** ARNs, names of customer managed policies in the seed, or AWS managed policy names. */
  attachedPolicies?: string[];
  inlinePolicies?: SeedInlinePolicy[];
  loginProfile?: { createDate?: SeedDate; passwordResetRequired?: boolean };
  mfaDevices?: Array<{ serialNumber?: string; enableDate?: SeedDate }>;
  accessKeys?: SeedAccessKey[];
  signingCertificates?: number;
  sshPublicKeys?: number;
  serviceSpecificCredentials?: Array<{ serviceName: string }>;
  permissionsBoundary?: string;
}

export interface SeedGroup {
  name: string;
  path?: string;
  createDate?: SeedDate;
  attachedPolicies?: string[];
  inlinePolicies?: SeedInlinePolicy[];
}

export interface SeedRole {
  name: string;
  path?: string;
  createDate?: SeedDate;
  description?: string;
  maxSessionDuration?: number;
  trustPolicy: SeedDocument;
  attachedPolicies?: string[];
  inlinePolicies?: SeedInlinePolicy[];
  tags?: Record<string, string>;
  lastUsed?: { date: SeedDate; region: string };
  instanceProfiles?: string[];
}

export interface SeedPolicy {
  name: string;
  path?: string;
  description?: string;
  createDate?: SeedDate;
  /** Oldest first; the last is the default unless `defaultVersion` (1-based) says otherwise. */
  versions: SeedDocument[];
  defaultVersion?: number;
  tags?: Record<string, string>;
}

/** The root user's credentials as the credential report shows them. */
export interface SeedRoot {
  createDate?: SeedDate;
  passwordLastUsed?: SeedDate;
  /** Default true. */
  mfaActive?: boolean;
  accessKeys?: Array<{
    active?: boolean;
    lastRotated?: SeedDate;
    lastUsed?: { date: SeedDate; region: string; service: string };
  }>;
}

/** GetAccountPasswordPolicy's members; omitted booleans are false, MinimumPasswordLength 8. */
export interface SeedPasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export interface SeedOidcProvider {
  url: string;
  clientIds?: string[];
  thumbprints?: string[];
}

export interface SeedServerCertificate {
  name: string;
  path?: string;
  uploadDate?: SeedDate;
  expiration: SeedDate;
}

export interface Seed {
  accountId?: string;
  root?: SeedRoot;
  passwordPolicy?: SeedPasswordPolicy;
  oidcProviders?: SeedOidcProvider[];
  serverCertificates?: SeedServerCertificate[];
  /** Access Advisor data: principal name (`user/NAME`, `role/NAME`) → service namespace → last use. */
  serviceLastUsed?: Record<string, Record<string, { date: SeedDate; region?: string }>>;
  accountAlias?: string;
  /** The user the admin key belongs to (created if absent). Default `emulator-admin`. */
  adminUserName?: string;
  users?: SeedUser[];
  groups?: SeedGroup[];
  roles?: SeedRole[];
  policies?: SeedPolicy[];
}

export function readSeedFile(file: string): Seed {
  return JSON.parse(readFileSync(file, 'utf8')) as Seed;
}

export function parseSeedDate(value: SeedDate | undefined, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  if (value === 'now') return new Date(now);
  const relative = /^now-(\d+)([dhm])$/.exec(value);
  if (relative) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
    return new Date(now.getTime() - Number(relative[1]) * unit);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`seed: invalid date ${value}`);
  return date;
}

const documentText = (doc: SeedDocument): string => (typeof doc === 'string' ? doc : JSON.stringify(doc, null, 4));
const tagList = (tags: Record<string, string> | undefined): Tag[] =>
  Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

/** Loads a seed into a state that already holds the AWS managed policies. */
export function applySeed(state: IamState, seed: Seed, now = new Date()): void {
  const date = (value: SeedDate | undefined) => parseSeedDate(value, now);
  const awsByName = new Map<string, PolicyRecord>();
  const customerByName = new Map<string, PolicyRecord>();
  for (const policy of state.policies.values())
    (policy.awsManaged ? awsByName : customerByName).set(policy.name, policy);

  for (const p of seed.policies ?? []) {
    const documents = p.versions.map(documentText);
    documents.forEach((d) => checkPolicyDocument(d, 'identity'));
    const created = date(p.createDate);
    const policy = state.addPolicy({
      name: p.name,
      path: p.path,
      description: p.description,
      createDate: created,
      documents,
      defaultVersionIndex: p.defaultVersion === undefined ? undefined : p.defaultVersion - 1,
      tags: tagList(p.tags),
    });
    customerByName.set(policy.name, policy);
  }
  const resolvePolicy = (ref: string): PolicyRecord => {
    const policy = state.policies.get(ref) ?? customerByName.get(ref) ?? awsByName.get(ref);
    if (!policy) throw new Error(`seed: unknown policy ${ref}`);
    return policy;
  };
  const inline = (list: SeedInlinePolicy[] | undefined) =>
    new Map(
      (list ?? []).map((p) => {
        const document = documentText(p.document);
        checkPolicyDocument(document, 'identity');
        return [p.name.toLowerCase(), { name: p.name, document }];
      }),
    );

  for (const g of seed.groups ?? []) {
    const group = state.addGroup({ name: g.name, path: g.path, createDate: date(g.createDate) });
    group.inline = inline(g.inlinePolicies);
    for (const ref of g.attachedPolicies ?? []) state.attach(group, resolvePolicy(ref));
  }

  for (const u of seed.users ?? []) {
    const user = state.addUser({
      name: u.name,
      path: u.path,
      id: u.id,
      createDate: date(u.createDate),
      tags: tagList(u.tags),
    });
    user.passwordLastUsed = date(u.passwordLastUsed);
    user.inline = inline(u.inlinePolicies);
    for (const ref of u.attachedPolicies ?? []) state.attach(user, resolvePolicy(ref));
    for (const name of u.groups ?? []) state.addToGroup(user, state.getGroup(name));
    if (u.permissionsBoundary) user.permissionsBoundary = resolvePolicy(u.permissionsBoundary);
    if (u.loginProfile) {
      user.loginProfile = {
        createDate: date(u.loginProfile.createDate) ?? user.createDate,
        passwordResetRequired: u.loginProfile.passwordResetRequired ?? false,
      };
    }
    user.mfaDevices = (u.mfaDevices ?? []).map((d) => ({
      serialNumber: d.serialNumber ?? `arn:aws:iam::${state.accountId}:mfa/${u.name}`,
      enableDate: date(d.enableDate) ?? user.createDate,
    }));
    // An ARN serial is a virtual device: it exists in the account, assigned to this user.
    for (const d of user.mfaDevices) {
      if (/^arn:[\w-]+:iam::\d{12}:mfa\//.test(d.serialNumber)) {
        state.virtualMfaDevices.set(d.serialNumber, {
          serialNumber: d.serialNumber,
          createDate: d.enableDate,
          seed: randomSeed(),
          user,
          enableDate: d.enableDate,
        });
      }
    }
    for (const k of u.accessKeys ?? []) {
      const lastUsed = k.lastUsed
        ? { date: date(k.lastUsed.date) ?? now, service: k.lastUsed.service, region: k.lastUsed.region }
        : undefined;
      state.addAccessKey(user, {
        id: k.id,
        secret: k.secret,
        status: k.status,
        createDate: date(k.createDate) ?? user.createDate,
        lastUsed,
      });
    }
    for (let i = 0; i < (u.signingCertificates ?? 0); i++) {
      user.signingCertificates.push({
        id: uniqueId('ASCA'),
        body: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        status: 'Active',
        uploadDate: user.createDate,
      });
    }
    for (let i = 0; i < (u.sshPublicKeys ?? 0); i++) {
      user.sshPublicKeys.push({ id: uniqueId('APKA'), status: 'Active', uploadDate: user.createDate });
    }
    user.serviceSpecificCredentials = (u.serviceSpecificCredentials ?? []).map((c) => ({
      id: uniqueId('ACCA'),
      serviceName: c.serviceName,
      serviceUserName: `${u.name}-at-${state.accountId}`,
      status: 'Active',
      createDate: user.createDate,
    }));
  }

  for (const r of seed.roles ?? []) {
    const trustPolicy = documentText(r.trustPolicy);
    checkTrustPolicyDocument(trustPolicy);
    const role = state.addRole({
      name: r.name,
      path: r.path,
      createDate: date(r.createDate),
      trustPolicy,
      description: r.description,
      maxSessionDuration: r.maxSessionDuration,
      tags: tagList(r.tags),
    });
    role.inline = inline(r.inlinePolicies);
    for (const ref of r.attachedPolicies ?? []) state.attach(role, resolvePolicy(ref));
    if (r.lastUsed) role.lastUsed = { date: date(r.lastUsed.date) ?? now, region: r.lastUsed.region };
    for (const name of r.instanceProfiles ?? []) {
      const profile =
        state.instanceProfiles.get(name.toLowerCase()) ??
        state.addInstanceProfile({ name, createDate: role.createDate });
      profile.roles.add(role);
      role.instanceProfiles.add(profile);
    }
  }

  if (seed.accountAlias) state.accountAliases = [seed.accountAlias];
  applySecuritySeed(state, seed, date);
}

function applySecuritySeed(state: IamState, seed: Seed, date: (value: SeedDate | undefined) => Date | undefined): void {
  const sec = state.security;
  if (seed.root) {
    const r = seed.root;
    sec.root = {
      createDate: date(r.createDate) ?? sec.root.createDate,
      passwordLastUsed: date(r.passwordLastUsed),
      mfaActive: r.mfaActive ?? true,
      accessKeys: (r.accessKeys ?? []).map((k) => ({
        active: k.active ?? true,
        lastRotated: date(k.lastRotated) ?? sec.root.createDate,
        lastUsed: k.lastUsed && {
          date: date(k.lastUsed.date) ?? sec.root.createDate,
          region: k.lastUsed.region,
          service: k.lastUsed.service,
        },
      })),
      certificates: [],
    };
  }
  if (seed.passwordPolicy) {
    const p = seed.passwordPolicy;
    sec.passwordPolicy = {
      MinimumPasswordLength: p.MinimumPasswordLength ?? 8,
      RequireSymbols: p.RequireSymbols ?? false,
      RequireNumbers: p.RequireNumbers ?? false,
      RequireUppercaseCharacters: p.RequireUppercaseCharacters ?? false,
      RequireLowercaseCharacters: p.RequireLowercaseCharacters ?? false,
      AllowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
      ExpirePasswords: p.MaxPasswordAge !== undefined,
      MaxPasswordAge: p.MaxPasswordAge,
      PasswordReusePrevention: p.PasswordReusePrevention,
      HardExpiry: p.HardExpiry,
    };
  }
  for (const o of seed.oidcProviders ?? []) {
    const host = o.url.replace(/^https:\/\//, '').replace(/\/$/, '');
    const arn = `arn:aws:iam::${state.accountId}:oidc-provider/${host}`;
    sec.oidcProviders.set(arn, {
      arn,
      url: host,
      clientIds: o.clientIds ?? ['sts.amazonaws.com'],
      thumbprints: o.thumbprints ?? [],
      createDate: sec.root.createDate,
      tags: [],
    });
  }
  for (const c of seed.serverCertificates ?? []) {
    const path = c.path ?? '/';
    const expiration = date(c.expiration);
    if (!expiration) throw new Error(`seed: server certificate ${c.name} needs an expiration`);
    sec.serverCertificates.set(c.name.toLowerCase(), {
      name: c.name,
      id: uniqueId('ASCA'),
      path,
      arn: `arn:aws:iam::${state.accountId}:server-certificate${path}${c.name}`,
      uploadDate: date(c.uploadDate) ?? new Date(expiration.getTime() - 365 * 86_400_000),
      expiration,
      body: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    });
  }
  for (const [ref, services] of Object.entries(seed.serviceLastUsed ?? {})) {
    const m = /^(user|role|group)\/(.+)$/.exec(ref);
    if (!m) throw new Error(`seed: serviceLastUsed key ${ref} must be user/NAME, role/NAME or group/NAME`);
    const principal =
      m[1] === 'user'
        ? state.getUser(m[2] as string)
        : m[1] === 'role'
          ? state.getRole(m[2] as string)
          : state.getGroup(m[2] as string);
    const map = new Map<string, { date: Date; region: string }>();
    for (const [ns, used] of Object.entries(services))
      map.set(ns, { date: date(used.date) ?? new Date(), region: used.region ?? 'us-east-1' });
    sec.serviceLastUsed.set(principal.arn, map);
  }
}

export interface GenerateOptions {
  users?: number;
  groups?: number;
  roles?: number;
  policies?: number;
  accountId?: string;
  /** Access keys per generated user (0..2, default 1). */
  keysPerUser?: number;
}

const pad = (n: number): string => String(n).padStart(5, '0');
const DEPARTMENTS = ['engineering', 'finance', 'ops', 'data', 'support'];

/**
 * A large, regular account: users in groups, roles and customer managed
 * policies, with attachments spread over them. 5,000 of each loads in well
 * under a second.
 */
export function generateAccount(options: GenerateOptions): Seed {
  const { users = 0, groups = 0, roles = 0, policies = 0, keysPerUser = 1 } = options;
  const accountId = options.accountId ?? '123456789012';
  const policyNames = Array.from({ length: policies }, (_, i) => `policy-${pad(i + 1)}`);
  const groupNames = Array.from({ length: groups }, (_, i) => `group-${pad(i + 1)}`);
  const pick = <T>(list: T[], i: number): T[] => (list.length ? [list[i % list.length]] : []);
  return {
    accountId,
    policies: policyNames.map((name, i) => ({
      name,
      path: `/${DEPARTMENTS[i % DEPARTMENTS.length]}/`,
      description: `Generated policy ${i + 1}`,
      createDate: `now-${(i % 700) + 1}d`,
      versions: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: [`arn:aws:s3:::bucket-${pad(i + 1)}`, `arn:aws:s3:::bucket-${pad(i + 1)}/*`],
            },
          ],
        },
      ],
    })),
    groups: groupNames.map((name, i) => ({
      name,
      path: `/${DEPARTMENTS[i % DEPARTMENTS.length]}/`,
      attachedPolicies: pick(policyNames, i),
    })),
    users: Array.from({ length: users }, (_, i) => ({
      name: `user-${pad(i + 1)}`,
      path: `/${DEPARTMENTS[i % DEPARTMENTS.length]}/`,
      createDate: `now-${(i % 900) + 1}d`,
      groups: pick(groupNames, i),
      attachedPolicies: pick(policyNames, i + 1),
      accessKeys: Array.from({ length: keysPerUser }, (_, k) => ({
        id: accessKeyId(),
        secret: secretAccessKey(),
        status: k === 0 ? ('Active' as const) : ('Inactive' as const),
        createDate: `now-${(i % 400) + 1}d`,
      })),
    })),
    roles: Array.from({ length: roles }, (_, i) => ({
      name: `role-${pad(i + 1)}`,
      path: i % 3 === 0 ? '/service-role/' : '/',
      createDate: `now-${(i % 800) + 1}d`,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          i % 2 === 0
            ? { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }
            : { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' },
        ],
      },
      attachedPolicies: pick(policyNames, i + 2),
    })),
  };
}
