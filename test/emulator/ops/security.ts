// Account security data: the credential report, the password policy, Access Advisor
// (service last accessed) jobs, OpenID Connect providers and server certificates.
import { randomUUID, X509Certificate } from 'node:crypto';
import { alreadyExists, IamError, noSuchEntity, validation } from '../errors.js';
import { uniqueId } from '../ids.js';
import type { OperationContext, OperationTable } from '../operation.js';
import { paginate } from '../paging.js';
import type { PasswordPolicyRecord, ServerCertificateRecord } from '../security-state.js';
import type { GroupRecord, IamState, PolicyRecord, RoleRecord, UserRecord } from '../state.js';
import { checkName, checkPath } from '../validation.js';

/** IAM reuses a credential report younger than this. */
export const CREDENTIAL_REPORT_REUSE_MS = 4 * 3_600_000;

/** The credential report's columns, in AWS's order (IAM User Guide, "Getting credential reports"). */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** The report writes dates as `2024-01-31T12:00:00+00:00`. */
const reportDate = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
const bool = (b: boolean): string => (b ? 'true' : 'false');

type KeyColumns = [active: string, rotated: string, usedDate: string, usedRegion: string, usedService: string];

function keyColumns(
  key: { active: boolean; lastRotated: Date; lastUsed?: { date: Date; region: string; service: string } } | undefined,
): KeyColumns {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = key.lastUsed;
  return [
    bool(key.active),
    reportDate(key.lastRotated),
    used ? reportDate(used.date) : 'N/A',
    used?.region ?? 'N/A',
    used?.service ?? 'N/A',
  ];
}

function certColumns(cert: { active: boolean; lastRotated: Date } | undefined): [string, string] {
  return cert ? [bool(cert.active), reportDate(cert.lastRotated)] : ['false', 'N/A'];
}

function passwordNextRotation(user: UserRecord, policy: PasswordPolicyRecord | undefined): string {
  if (!user.loginProfile || !policy?.ExpirePasswords || !policy.MaxPasswordAge) return 'N/A';
  return reportDate(new Date(user.loginProfile.createDate.getTime() + policy.MaxPasswordAge * 86_400_000));
}

/** The CSV IAM would build now: `<root_account>` first, then every user. */
export function credentialReportCsv(state: IamState): string {
  const { root, passwordPolicy } = state.security;
  const rows: string[][] = [[...CREDENTIAL_REPORT_COLUMNS]];
  rows.push([
    '<root_account>',
    `arn:aws:iam::${state.accountId}:root`,
    reportDate(root.createDate),
    'not_supported',
    root.passwordLastUsed ? reportDate(root.passwordLastUsed) : 'no_information',
    'not_supported',
    'not_supported',
    bool(root.mfaActive),
    ...keyColumns(root.accessKeys[0]),
    ...keyColumns(root.accessKeys[1]),
    ...certColumns(root.certificates[0]),
    ...certColumns(root.certificates[1]),
  ]);
  const users = [...state.users.values()].sort((a, b) => a.createDate.getTime() - b.createDate.getTime());
  for (const user of users) {
    const keys = [...user.accessKeys].sort((a, b) => a.createDate.getTime() - b.createDate.getTime());
    const key = (i: number) => {
      const k = keys[i];
      return k && { active: k.status === 'Active', lastRotated: k.createDate, lastUsed: k.lastUsed };
    };
    const cert = (i: number) => {
      const c = user.signingCertificates[i];
      return c && { active: c.status === 'Active', lastRotated: c.uploadDate };
    };
    const login = user.loginProfile;
    rows.push([
      user.name,
      user.arn,
      reportDate(user.createDate),
      bool(login !== undefined),
      !login ? 'N/A' : user.passwordLastUsed ? reportDate(user.passwordLastUsed) : 'no_information',
      login ? reportDate(login.createDate) : 'N/A',
      passwordNextRotation(user, passwordPolicy),
      bool(user.mfaDevices.length > 0),
      ...keyColumns(key(0)),
      ...keyColumns(key(1)),
      ...certColumns(cert(0)),
      ...certColumns(cert(1)),
    ]);
  }
  // IAM's report quotes nothing; a user name cannot contain a comma or a quote.
  return rows.map((r) => r.join(',')).join('\n');
}

function passwordPolicyXml(p: PasswordPolicyRecord) {
  return {
    MinimumPasswordLength: p.MinimumPasswordLength,
    RequireSymbols: p.RequireSymbols,
    RequireNumbers: p.RequireNumbers,
    RequireUppercaseCharacters: p.RequireUppercaseCharacters,
    RequireLowercaseCharacters: p.RequireLowercaseCharacters,
    AllowUsersToChangePassword: p.AllowUsersToChangePassword,
    ExpirePasswords: p.ExpirePasswords,
    MaxPasswordAge: p.MaxPasswordAge,
    PasswordReusePrevention: p.PasswordReusePrevention,
    HardExpiry: p.HardExpiry,
  };
}

function intInRange(ctx: OperationContext, member: string, min: number, max: number): number | undefined {
  const value = ctx.params.optionalInt(member);
  if (value !== undefined && (value < min || value > max)) {
    const bound = value < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`;
    throw validation(
      `1 validation error detected: Value '${value}' at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must have value ${bound}`,
    );
  }
  return value;
}

/** The principal an Access Advisor job is about, by ARN. */
function principalByArn(state: IamState, arn: string): UserRecord | GroupRecord | RoleRecord {
  const m = /^arn:[\w-]+:iam::(\d{12}):(user|group|role)(\/.*\/|\/)?([^/]+)$/.exec(arn);
  if (!m || m[1] !== state.accountId) throw invalidInputArn(arn);
  const name = m[4] as string;
  const found =
    m[2] === 'user'
      ? state.users.get(name.toLowerCase())
      : m[2] === 'group'
        ? state.groups.get(name.toLowerCase())
        : state.roles.get(name.toLowerCase());
  if (!found || found.arn !== arn) throw noSuchEntity(`The entity with ARN ${arn} cannot be found.`);
  return found;
}

const invalidInputArn = (arn: string) => new IamError('InvalidInput', `ARN ${arn} is not valid.`);

/** The service namespaces the principal's policies name in Allow statements' Action elements. */
function grantedNamespaces(state: IamState, principal: UserRecord | GroupRecord | RoleRecord): Set<string> {
  const documents: string[] = [];
  const collect = (p: { inline: Map<string, { document: string }>; attached: Set<PolicyRecord> }) => {
    for (const i of p.inline.values()) documents.push(i.document);
    for (const a of p.attached) documents.push(state.defaultVersion(a).document);
  };
  collect(principal);
  if (principal.kind === 'user') for (const g of principal.groups) collect(g);
  const namespaces = new Set<string>();
  for (const text of documents) {
    let doc: { Statement?: unknown };
    try {
      doc = JSON.parse(text) as { Statement?: unknown };
    } catch {
      continue;
    }
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    for (const s of statements as Array<{ Effect?: string; Action?: string | string[] }>) {
      if (!s || s.Effect !== 'Allow' || s.Action === undefined) continue;
      for (const action of Array.isArray(s.Action) ? s.Action : [s.Action]) {
        const i = action.indexOf(':');
        if (i > 0 && !action.slice(0, i).includes('*')) namespaces.add(action.slice(0, i).toLowerCase());
      }
    }
  }
  return namespaces;
}

const SERVICE_NAMES: Record<string, string> = {
  s3: 'Amazon S3',
  ec2: 'Amazon EC2',
  iam: 'AWS Identity and Access Management',
  lambda: 'AWS Lambda',
  sts: 'AWS Security Token Service',
  dynamodb: 'Amazon DynamoDB',
  sqs: 'Amazon SQS',
  sns: 'Amazon SNS',
  logs: 'Amazon CloudWatch Logs',
  cloudformation: 'AWS CloudFormation',
};

function serverCertificateXml(c: ServerCertificateRecord) {
  return {
    Path: c.path,
    ServerCertificateName: c.name,
    ServerCertificateId: c.id,
    Arn: c.arn,
    UploadDate: c.uploadDate,
    Expiration: c.expiration,
  };
}

export const securityOperations: OperationTable = {
  GenerateCredentialReport: (ctx) => {
    const sec = ctx.state.security;
    const now = ctx.now();
    const report = sec.credentialReport;
    if (report && report.readyAt > now)
      return { State: 'INPROGRESS', Description: 'A credential report is being generated.' };
    if (report && now.getTime() - report.startedAt.getTime() < CREDENTIAL_REPORT_REUSE_MS) return { State: 'COMPLETE' };
    sec.credentialReport = {
      startedAt: now,
      readyAt: new Date(now.getTime() + sec.credentialReportBuildMs),
      csv: credentialReportCsv(ctx.state),
    };
    return {
      State: sec.credentialReportBuildMs > 0 ? 'STARTED' : 'COMPLETE',
      Description: report
        ? 'The last report is older than four hours. Starting a new report generation task'
        : 'No report exists. Starting a new report generation task',
    };
  },

  GetCredentialReport: (ctx) => {
    const report = ctx.state.security.credentialReport;
    if (!report)
      throw new IamError(
        'ReportNotPresent',
        'Credential report not present. Use GenerateCredentialReport to generate a report.',
      );
    if (report.readyAt > ctx.now()) throw new IamError('ReportInProgress', 'Credential report is being generated.');
    return {
      Content: Buffer.from(report.csv, 'utf8').toString('base64'),
      ReportFormat: 'text/csv',
      GeneratedTime: report.startedAt,
    };
  },

  GetAccountPasswordPolicy: (ctx) => {
    const policy = ctx.state.security.passwordPolicy;
    if (!policy) throw noSuchEntity(`The Password Policy with domain name ${ctx.state.accountId} cannot be found.`);
    return { PasswordPolicy: passwordPolicyXml(policy) };
  },

  UpdateAccountPasswordPolicy: (ctx) => {
    const maxAge = intInRange(ctx, 'MaxPasswordAge', 1, 1095);
    const reuse = intInRange(ctx, 'PasswordReusePrevention', 1, 24);
    ctx.state.security.passwordPolicy = {
      MinimumPasswordLength: intInRange(ctx, 'MinimumPasswordLength', 6, 128) ?? 6,
      RequireSymbols: ctx.params.optionalBool('RequireSymbols') ?? false,
      RequireNumbers: ctx.params.optionalBool('RequireNumbers') ?? false,
      RequireUppercaseCharacters: ctx.params.optionalBool('RequireUppercaseCharacters') ?? false,
      RequireLowercaseCharacters: ctx.params.optionalBool('RequireLowercaseCharacters') ?? false,
      AllowUsersToChangePassword: ctx.params.optionalBool('AllowUsersToChangePassword') ?? false,
      ExpirePasswords: maxAge !== undefined,
      MaxPasswordAge: maxAge,
      PasswordReusePrevention: reuse,
      HardExpiry: ctx.params.optionalBool('HardExpiry'),
    };
    return undefined;
  },

  DeleteAccountPasswordPolicy: (ctx) => {
    if (!ctx.state.security.passwordPolicy)
      throw noSuchEntity(`The account policy with name PasswordPolicy cannot be found.`);
    ctx.state.security.passwordPolicy = undefined;
    return undefined;
  },

  GenerateServiceLastAccessedDetails: (ctx) => {
    const arn = ctx.params.required('Arn');
    const granularity = ctx.params.optional('Granularity') ?? 'SERVICE_LEVEL';
    if (granularity !== 'SERVICE_LEVEL' && granularity !== 'ACTION_LEVEL') {
      throw validation(
        `1 validation error detected: Value '${granularity}' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [SERVICE_LEVEL, ACTION_LEVEL]`,
      );
    }
    const principal = principalByArn(ctx.state, arn);
    const sec = ctx.state.security;
    const used = sec.serviceLastUsed.get(principal.arn);
    const services = [...grantedNamespaces(ctx.state, principal)].sort().map((ns) => {
      const last = used?.get(ns);
      return {
        ServiceName: SERVICE_NAMES[ns] ?? ns,
        ServiceNamespace: ns,
        LastAuthenticated: last?.date,
        LastAuthenticatedRegion: last?.region,
        LastAuthenticatedEntity: last ? principal.arn : undefined,
        TotalAuthenticatedEntities: last ? 1 : 0,
      };
    });
    const id = randomUUID();
    sec.serviceLastAccessedJobs.set(id, {
      id,
      arn: principal.arn,
      granularity,
      created: ctx.now(),
      pendingPolls: sec.serviceLastAccessedPolls,
      services,
    });
    return { JobId: id };
  },

  GetServiceLastAccessedDetails: (ctx) => {
    const id = ctx.params.required('JobId');
    const job = ctx.state.security.serviceLastAccessedJobs.get(id);
    if (!job) throw noSuchEntity(`The job with ID ${id} cannot be found.`);
    if (job.pendingPolls > 0) {
      job.pendingPolls--;
      return {
        JobStatus: 'IN_PROGRESS',
        JobType: job.granularity,
        JobCreationDate: job.created,
        ServicesLastAccessed: [],
        IsTruncated: false,
      };
    }
    job.completed ??= ctx.now();
    const page = paginate(job.services, (s) => s.ServiceNamespace, ctx.params);
    return {
      JobStatus: 'COMPLETED',
      JobType: job.granularity,
      JobCreationDate: job.created,
      JobCompletionDate: job.completed,
      ServicesLastAccessed: page.items,
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },

  CreateOpenIDConnectProvider: (ctx) => {
    const url = ctx.params.required('Url');
    if (!/^https:\/\/[^\s/]+/.test(url)) throw validation(`Invalid Openid Connect Provider URL: ${url}`);
    const host = url.replace(/^https:\/\//, '').replace(/\/$/, '');
    const arn = `arn:aws:iam::${ctx.state.accountId}:oidc-provider/${host}`;
    if (ctx.state.security.oidcProviders.has(arn)) throw alreadyExists(`Provider with url ${url} already exists.`);
    const thumbprints = ctx.params.list('ThumbprintList');
    for (const t of thumbprints)
      if (!/^[0-9a-fA-F]{40}$/.test(t))
        throw validation(
          `1 validation error detected: Value '${t}' at 'thumbprintList' failed to satisfy constraint: Member must have length 40`,
        );
    ctx.state.security.oidcProviders.set(arn, {
      arn,
      url: host,
      clientIds: ctx.params.list('ClientIDList'),
      thumbprints,
      createDate: ctx.now(),
      tags: ctx.params.tags(),
    });
    const tags = ctx.params.tags();
    return {
      OpenIDConnectProviderArn: arn,
      Tags: tags.length ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined,
    };
  },

  ListOpenIDConnectProviders: (ctx) => ({
    OpenIDConnectProviderList: [...ctx.state.security.oidcProviders.values()].map((p) => ({ Arn: p.arn })),
  }),

  GetOpenIDConnectProvider: (ctx) => {
    const arn = ctx.params.required('OpenIDConnectProviderArn');
    const p = ctx.state.security.oidcProviders.get(arn);
    if (!p) throw noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
    return {
      Url: p.url,
      ClientIDList: p.clientIds,
      ThumbprintList: p.thumbprints,
      CreateDate: p.createDate,
      Tags: p.tags.length ? p.tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined,
    };
  },

  UploadServerCertificate: (ctx) => {
    const name = ctx.params.required('ServerCertificateName');
    checkName('serverCertificateName', name, 128);
    const path = checkPath(ctx.params.optional('Path'));
    const body = ctx.params.required('CertificateBody');
    ctx.params.required('PrivateKey');
    let expiration: Date;
    try {
      expiration = new Date(new X509Certificate(body).validTo);
    } catch {
      throw new IamError(
        'MalformedCertificate',
        'Unable to parse certificate. Please ensure the certificate is in PEM format.',
      );
    }
    const certs = ctx.state.security.serverCertificates;
    if (certs.has(name.toLowerCase())) throw alreadyExists(`The Server Certificate with name ${name} already exists.`);
    const record: ServerCertificateRecord = {
      name,
      id: uniqueId('ASCA'),
      path,
      arn: `arn:aws:iam::${ctx.state.accountId}:server-certificate${path}${name}`,
      uploadDate: ctx.now(),
      expiration,
      body,
    };
    certs.set(name.toLowerCase(), record);
    return { ServerCertificateMetadata: serverCertificateXml(record) };
  },

  ListServerCertificates: (ctx) => {
    const prefix = ctx.params.optional('PathPrefix') ?? '/';
    const list = [...ctx.state.security.serverCertificates.values()].filter((c) => c.path.startsWith(prefix));
    const page = paginate(list, (c) => c.name.toLowerCase(), ctx.params);
    return {
      ServerCertificateMetadataList: page.items.map(serverCertificateXml),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },
};
