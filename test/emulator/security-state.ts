// Account-level security state: the root user's credentials, the password policy, the
// credential report, Access Advisor jobs, OpenID Connect providers and server certificates.
// Kept apart from state.ts so the entity model stays readable; IamState holds one of these.
import type { GroupRecord, RoleRecord, UserRecord } from './state.js';

/** The root user as the credential report describes it (no API manages it; seeds set it). */
export interface RootAccountRecord {
  createDate: Date;
  passwordLastUsed?: Date;
  mfaActive: boolean;
  accessKeys: Array<{ active: boolean; lastRotated: Date; lastUsed?: { date: Date; region: string; service: string } }>;
  certificates: Array<{ active: boolean; lastRotated: Date }>;
}

/** GetAccountPasswordPolicy's members, as IAM names them. */
export interface PasswordPolicyRecord {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export interface CredentialReportRecord {
  /** When generation started; the report is ready `readyAt`. */
  startedAt: Date;
  readyAt: Date;
  /** The CSV, fixed at generation time (later changes are not in it, as in IAM). */
  csv: string;
}

export interface ServiceLastAccessedJob {
  id: string;
  arn: string;
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  created: Date;
  /** GetServiceLastAccessedDetails answers IN_PROGRESS this many more times, then COMPLETED. */
  pendingPolls: number;
  completed?: Date;
  services: Array<{
    ServiceName: string;
    ServiceNamespace: string;
    LastAuthenticated?: Date;
    LastAuthenticatedRegion?: string;
    LastAuthenticatedEntity?: string;
    TotalAuthenticatedEntities: number;
  }>;
}

export interface OidcProviderRecord {
  arn: string;
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: Date;
  tags: Array<{ Key: string; Value: string }>;
}

export interface ServerCertificateRecord {
  name: string;
  id: string;
  path: string;
  arn: string;
  uploadDate: Date;
  expiration: Date;
  body: string;
}

export class AccountSecurityState {
  root: RootAccountRecord;
  passwordPolicy?: PasswordPolicyRecord;
  credentialReport?: CredentialReportRecord;
  /** How long a credential report takes to build (GetCredentialReport says ReportInProgress meanwhile). */
  credentialReportBuildMs = 0;
  /** How many polls of a new Access Advisor job answer IN_PROGRESS before COMPLETED. */
  serviceLastAccessedPolls = 1;
  readonly serviceLastAccessedJobs = new Map<string, ServiceLastAccessedJob>();
  /**
   * When each principal (by ARN) last used each service namespace, as Access Advisor would
   * report it; a namespace the principal's policies allow but that is absent here was never used.
   */
  readonly serviceLastUsed = new Map<string, Map<string, { date: Date; region: string }>>();
  readonly oidcProviders = new Map<string, OidcProviderRecord>();
  readonly serverCertificates = new Map<string, ServerCertificateRecord>();

  constructor(accountCreated: Date) {
    this.root = { createDate: accountCreated, mfaActive: true, accessKeys: [], certificates: [] };
  }
}

export type Principal = UserRecord | GroupRecord | RoleRecord;
