/**
 * The findings' shared types. A check is a pure function of the data it names in `needs`
 * (and of `now` and the settings): no I/O, no clock, no VS Code. `runChecks` (index.ts)
 * runs every check whose data is present and says, for each one it skips, which data and
 * which permission it lacked.
 */
import type { AccountSnapshot } from '../model/snapshot';
import type { CredentialReport } from './credentialReport';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** critical 0 … low 3: lower is worse. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** The data a check reads; each comes from one IAM call (or set of calls). */
export type DataSource =
  'snapshot' | 'credentialReport' | 'passwordPolicy' | 'oidcProviders' | 'serverCertificates' | 'serviceLastAccessed';

/** The IAM permissions each data source needs, for "disabled: needs …" messages. */
export const SOURCE_PERMISSIONS: Record<DataSource, readonly string[]> = {
  snapshot: ['iam:GetAccountAuthorizationDetails', 'iam:GetPolicy', 'iam:GetPolicyVersion'],
  credentialReport: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  passwordPolicy: ['iam:GetAccountPasswordPolicy'],
  oidcProviders: ['iam:ListOpenIDConnectProviders', 'iam:GetOpenIDConnectProvider'],
  serverCertificates: ['iam:ListServerCertificates'],
  serviceLastAccessed: ['iam:GenerateServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetails'],
};

/** GetAccountPasswordPolicy's members (the SDK's names). */
export interface PasswordPolicy {
  readonly MinimumPasswordLength?: number;
  readonly RequireSymbols?: boolean;
  readonly RequireNumbers?: boolean;
  readonly RequireUppercaseCharacters?: boolean;
  readonly RequireLowercaseCharacters?: boolean;
  readonly AllowUsersToChangePassword?: boolean;
  readonly ExpirePasswords?: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
  readonly HardExpiry?: boolean;
}

export interface OidcProvider {
  readonly arn: string;
  /** Without `https://`, as IAM returns it: `token.actions.githubusercontent.com`. */
  readonly url: string;
  readonly clientIds: readonly string[];
}

export interface ServerCertificate {
  readonly name: string;
  readonly arn: string;
  readonly expiration: Date;
  readonly uploadDate?: Date;
}

/** One service in an Access Advisor report. */
export interface ServiceLastAccessed {
  readonly namespace: string;
  readonly name: string;
  /** Undefined: never used in the tracking period. */
  readonly lastAuthenticated?: Date;
}

export interface FindingsSettings {
  /** `iamExplorer.accessKeyMaxAgeDays`. */
  readonly accessKeyMaxAgeDays: number;
  /** `iamExplorer.knownAccounts`: account ids trusted without a finding. */
  readonly knownAccounts: readonly string[];
  /** Root use within this many days is a finding. */
  readonly rootRecentUseDays: number;
}

export const DEFAULT_SETTINGS: FindingsSettings = { accessKeyMaxAgeDays: 90, knownAccounts: [], rootRecentUseDays: 30 };

/**
 * Everything the checks read. A source left undefined was not loaded: the checks that need it
 * are skipped, with `unavailable[source]` (e.g. "AccessDenied: … iam:GetCredentialReport") as
 * the reason when the loader recorded one.
 */
export interface FindingsInput {
  readonly accountId: string;
  readonly now: Date;
  readonly settings: FindingsSettings;
  readonly snapshot?: AccountSnapshot;
  readonly credentialReport?: CredentialReport;
  /** `null`: the account has no password policy (NoSuchEntity). */
  readonly passwordPolicy?: PasswordPolicy | null;
  readonly oidcProviders?: readonly OidcProvider[];
  readonly serverCertificates?: readonly ServerCertificate[];
  /** By principal ARN. */
  readonly serviceLastAccessed?: ReadonlyMap<string, readonly ServiceLastAccessed[]>;
  readonly unavailable?: Partial<Record<DataSource, string>>;
}

/** Evidence values are plain JSON: strings, numbers, booleans, arrays and objects of them. */
export type Evidence = { readonly [key: string]: unknown };

export interface Finding {
  /** The check's stable id, e.g. `IAM.ROOT.ACCESS_KEYS`. */
  readonly check: string;
  readonly severity: Severity;
  /** The entity's ARN (the account's root ARN for account-wide findings). */
  readonly entity: string;
  /** What the entity is. */
  readonly entityType: EntityType;
  readonly entityName: string;
  /** One sentence: what is wrong with this entity. */
  readonly detail: string;
  readonly evidence: Evidence;
}

export type EntityType = 'user' | 'role' | 'group' | 'policy' | 'account' | 'server-certificate' | 'oidc-provider';

/** A finding before runChecks stamps the check's id and severity on it. */
export type FindingDraft = Omit<Finding, 'check' | 'severity'>;

export interface Check {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** The rule, as the README documents it. */
  readonly rule: string;
  readonly needs: readonly DataSource[];
  run(input: FindingsInput): FindingDraft[];
}

export const DAY_MS = 86_400_000;

/** Whole days from `from` to `now` (negative when `from` is later). */
export function daysSince(from: Date, now: Date): number {
  return Math.floor((now.getTime() - from.getTime()) / DAY_MS);
}

/** A value the input must have, for checks whose `needs` runChecks has already verified. */
export function need<T>(value: T | undefined, source: DataSource): T {
  if (value === undefined) throw new Error(`findings: a check ran without its ${source} data`);
  return value;
}
