// Builders for the findings tables: snapshot entities, credential report rows (as CSV text
// through the real parser) and the input around them.
import {
  CREDENTIAL_REPORT_COLUMNS,
  parseCredentialReport,
  type CredentialReport,
} from '../../../../src/core/findings/credentialReport';
import {
  ALL_CHECKS,
  DEFAULT_SETTINGS,
  runChecks,
  type Finding,
  type FindingsInput,
} from '../../../../src/core/findings/index';
import {
  policyDocument,
  type AccountSnapshot,
  type GroupDetails,
  type ManagedPolicyDetails,
  type RoleDetails,
  type UserDetails,
} from '../../../../src/core/model/snapshot';

export const ACCOUNT = '123456789012';
export const NOW = new Date('2026-06-01T12:00:00Z');
export const daysAgo = (n: number): Date => new Date(NOW.getTime() - n * 86_400_000);

export const doc = (...Statement: unknown[]) => policyDocument(JSON.stringify({ Version: '2012-10-17', Statement }));

export function user(name: string, init: Partial<Omit<UserDetails, 'kind' | 'name'>> = {}): UserDetails {
  return {
    kind: 'user',
    name,
    id: `AIDA${name}`,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    path: '/',
    inlinePolicies: [],
    attachedPolicies: [],
    groups: ['staff'],
    tags: [],
    created: daysAgo(300),
    ...init,
  };
}

export function group(name: string, init: Partial<Omit<GroupDetails, 'kind' | 'name'>> = {}): GroupDetails {
  return {
    kind: 'group',
    name,
    id: `AGPA${name}`,
    arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
    path: '/',
    inlinePolicies: [],
    attachedPolicies: [],
    ...init,
  };
}

export function role(
  name: string,
  trust: unknown[] = [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
  ],
  init: Partial<Omit<RoleDetails, 'kind' | 'name'>> = {},
): RoleDetails {
  return {
    kind: 'role',
    name,
    id: `AROA${name}`,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    path: '/',
    inlinePolicies: [],
    attachedPolicies: [],
    trustPolicy: doc(...trust),
    instanceProfiles: [],
    tags: [],
    created: daysAgo(10),
    lastUsed: { date: daysAgo(1), region: 'us-east-1' },
    ...init,
  };
}

export function managed(
  name: string,
  statements: unknown[],
  init: Partial<ManagedPolicyDetails> = {},
): ManagedPolicyDetails {
  const awsManaged = init.awsManaged ?? false;
  const document = doc(...statements);
  return {
    kind: 'policy',
    name,
    id: `ANPA${name}`,
    arn: awsManaged ? `arn:aws:iam::aws:policy/${name}` : `arn:aws:iam::${ACCOUNT}:policy/${name}`,
    path: '/',
    awsManaged,
    defaultVersionId: 'v1',
    attachmentCount: 1,
    permissionsBoundaryUsageCount: 0,
    isAttachable: true,
    versions: [{ versionId: 'v1', isDefault: true, document }],
    defaultDocument: document,
    ...init,
  };
}

export const attach = (p: ManagedPolicyDetails) => ({ name: p.name, arn: p.arn });

export function snapshot(init: Partial<AccountSnapshot>): AccountSnapshot {
  return { accountId: ACCOUNT, users: [], groups: [group('staff')], roles: [], policies: [], loadedAt: NOW, ...init };
}

type Cell = string | Date | boolean;
export interface RowInit {
  user: string;
  created?: Date;
  passwordEnabled?: boolean | 'not_supported';
  passwordLastUsed?: Cell;
  passwordLastChanged?: Cell;
  mfa?: boolean;
  keys?: Array<{ active: boolean; rotated: Date; used?: Date }>;
}

const cell = (v: Cell | undefined, fallback = 'N/A'): string =>
  v === undefined ? fallback : v instanceof Date ? v.toISOString().replace(/\.\d{3}Z$/, '+00:00') : String(v);

/** A credential report in AWS's CSV, parsed by the real parser. */
export function report(rows: RowInit[]): CredentialReport {
  const lines = [CREDENTIAL_REPORT_COLUMNS.join(',')];
  for (const r of rows) {
    const root = r.user === '<root_account>';
    const arn = root ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${r.user}`;
    const keys = [0, 1].map((i) => {
      const k = r.keys?.[i];
      return k
        ? [String(k.active), cell(k.rotated), cell(k.used), k.used ? 'us-east-1' : 'N/A', k.used ? 's3' : 'N/A']
        : ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
    });
    const pw = root ? 'not_supported' : String(r.passwordEnabled ?? false);
    lines.push(
      [
        r.user,
        arn,
        cell(r.created ?? daysAgo(500)),
        pw,
        cell(r.passwordLastUsed, r.passwordEnabled ? 'no_information' : 'N/A'),
        root ? 'not_supported' : cell(r.passwordLastChanged, r.passwordEnabled ? cell(daysAgo(400)) : 'N/A'),
        root ? 'not_supported' : 'N/A',
        String(r.mfa ?? false),
        ...keys.flat(),
        'false',
        'N/A',
        'false',
        'N/A',
      ].join(','),
    );
  }
  return parseCredentialReport(lines.join('\n'));
}

export function input(init: Partial<FindingsInput>): FindingsInput {
  return { accountId: ACCOUNT, now: NOW, settings: DEFAULT_SETTINGS, ...init };
}

/** The findings of one check over the input (the check must have run). */
export function findingsOf(checkId: string, data: FindingsInput): Finding[] {
  const check = ALL_CHECKS.find((c) => c.id === checkId);
  if (!check) throw new Error(`no check ${checkId}`);
  const result = runChecks(data, [check]);
  if (result.checksRun !== 1) throw new Error(`${checkId} did not run: ${result.skipped[0]?.reason}`);
  return [...result.findings];
}

/** Entity names flagged by a check. */
export const flagged = (checkId: string, data: FindingsInput): string[] =>
  findingsOf(checkId, data)
    .map((f) => f.entityName)
    .sort();
