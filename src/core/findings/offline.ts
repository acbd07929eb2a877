/**
 * The findings' data read from files instead of an account, for the `findings` command line's
 * `--credential-report`, `--password-policy` and `--authorization-details`: the outputs of
 * `aws iam get-credential-report`, `aws iam get-account-password-policy` and
 * `aws iam get-account-authorization-details` as the AWS CLI prints them (JSON), or the
 * credential report's CSV itself. The AWS CLI decodes policy documents into JSON objects and
 * prints dates as ISO 8601 text; both are turned back into what the SDK would have returned.
 * Every error says which file and what is wrong with it.
 */
import type { GetAccountAuthorizationDetailsResponse } from '@aws-sdk/client-iam';
import { parseAuthorizationDetails, type AccountSnapshot } from '../model/snapshot';
import { CREDENTIAL_REPORT_COLUMNS, parseCredentialReport, type CredentialReport } from './credentialReport';
import type { PasswordPolicy } from './types';

/** A file given to the command line cannot be used; the message names the file and the fix. */
export class FindingsFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'FindingsFileError';
  }
}

const looksLikeCsv = (text: string): boolean => /^\uFEFF?\s*user\s*,\s*arn\s*,/.test(text);

/**
 * A credential report file: the CSV, the JSON of `aws iam get-credential-report`
 * (`{"Content": base64, "GeneratedTime": ...}`), or the base64 Content alone.
 */
export function readCredentialReportFile(text: string, file: string): CredentialReport {
  let csv: string;
  let generated: Date | undefined;
  const trimmed = text.trim();
  if (looksLikeCsv(text)) {
    csv = text;
  } else if (trimmed.startsWith('{')) {
    const json = parseJson(text, file) as { Content?: unknown; GeneratedTime?: unknown };
    if (typeof json.Content !== 'string')
      throw new FindingsFileError(
        file,
        'has no "Content" (a base64 string): give the output of `aws iam get-credential-report`, or the CSV itself.',
      );
    csv = decodeBase64(json.Content, file);
    if (json.GeneratedTime !== undefined) generated = parseDate(json.GeneratedTime, file, 'GeneratedTime');
  } else if (/^[A-Za-z0-9+/=\s]+$/.test(trimmed) && trimmed.length > 0) {
    csv = decodeBase64(trimmed, file);
  } else {
    throw new FindingsFileError(
      file,
      'is not a credential report: expected a CSV whose header starts "user,arn," ' +
        `(${CREDENTIAL_REPORT_COLUMNS.length} documented columns), or the JSON of \`aws iam get-credential-report\`.`,
    );
  }
  if (!looksLikeCsv(csv))
    throw new FindingsFileError(file, 'the decoded report is not a CSV whose header starts "user,arn,".');
  try {
    return parseCredentialReport(csv, generated);
  } catch (err) {
    throw new FindingsFileError(file, err instanceof Error ? err.message : String(err));
  }
}

const POLICY_NUMBERS = ['MinimumPasswordLength', 'MaxPasswordAge', 'PasswordReusePrevention'] as const;
const POLICY_BOOLEANS = [
  'RequireSymbols',
  'RequireNumbers',
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'AllowUsersToChangePassword',
  'ExpirePasswords',
  'HardExpiry',
] as const;

/**
 * A password policy file: the JSON of `aws iam get-account-password-policy`
 * (`{"PasswordPolicy": {...}}`) or the policy object alone. `null` (or
 * `{"PasswordPolicy": null}`) means the account has none (IAM's NoSuchEntity).
 */
export function readPasswordPolicyFile(text: string, file: string): PasswordPolicy | null {
  const json = parseJson(text, file);
  const policy =
    json !== null && typeof json === 'object' && !Array.isArray(json) && 'PasswordPolicy' in json
      ? (json as { PasswordPolicy: unknown }).PasswordPolicy
      : json;
  if (policy === null) return null;
  if (typeof policy !== 'object' || Array.isArray(policy))
    throw new FindingsFileError(
      file,
      'must hold {"PasswordPolicy": {...}} as `aws iam get-account-password-policy` prints it, or null for none.',
    );
  const p = policy as Record<string, unknown>;
  const out: Record<string, number | boolean> = {};
  for (const k of POLICY_NUMBERS) {
    if (p[k] === undefined) continue;
    if (typeof p[k] !== 'number' || !Number.isInteger(p[k]) || p[k] < 0)
      throw new FindingsFileError(file, `${k} must be a whole number, not ${JSON.stringify(p[k])}.`);
    out[k] = p[k];
  }
  for (const k of POLICY_BOOLEANS) {
    if (p[k] === undefined) continue;
    if (typeof p[k] !== 'boolean')
      throw new FindingsFileError(file, `${k} must be true or false, not ${JSON.stringify(p[k])}.`);
    out[k] = p[k];
  }
  return out as PasswordPolicy;
}

const DATE_FIELDS = new Set(['CreateDate', 'UpdateDate', 'LastUsedDate']);
const DOCUMENT_FIELDS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Document']);

/**
 * An authorization details file: the JSON of `aws iam get-account-authorization-details` (one
 * object; the AWS CLI joins the pages), or a list of such pages. `accountId` is the one given
 * on the command line, else the account of the first user, group, role or customer managed
 * policy ARN in the file.
 */
export function readAuthorizationDetailsFile(
  text: string,
  file: string,
  accountId?: string,
  loadedAt = new Date(),
): AccountSnapshot {
  const json = parseJson(text, file);
  const pages = Array.isArray(json) ? json : [json];
  pages.forEach((page, i) => {
    const where = Array.isArray(json) ? ` (page ${i})` : '';
    if (page === null || typeof page !== 'object' || Array.isArray(page))
      throw new FindingsFileError(
        file,
        `${where.trim() || 'the file'} must be an object as \`aws iam get-account-authorization-details\` prints it.`,
      );
    const lists = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];
    if (!lists.some((l) => l in page))
      throw new FindingsFileError(
        file,
        `has none of ${lists.join(', ')}${where}: give the output of \`aws iam get-account-authorization-details\`.`,
      );
    for (const l of lists) {
      const v = (page as Record<string, unknown>)[l];
      if (v !== undefined && !Array.isArray(v)) throw new FindingsFileError(file, `${l}${where} must be a list.`);
    }
  });
  const revived = pages.map((p) => revive(p, file, '')) as GetAccountAuthorizationDetailsResponse[];
  const account = accountId ?? accountOf(revived);
  if (!account)
    throw new FindingsFileError(
      file,
      'names no user, group, role or customer managed policy to take the account id from; give --account-id.',
    );
  return parseAuthorizationDetails(revived, account, loadedAt);
}

/** Dates back to Date, policy documents back to the (JSON) text the SDK returns. */
function revive(value: unknown, file: string, path: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => revive(v, file, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${k}` : k;
    if (DATE_FIELDS.has(k) && v !== undefined && v !== null) out[k] = parseDate(v, file, here);
    else if (DOCUMENT_FIELDS.has(k) && v !== null && typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = revive(v, file, here);
  }
  return out;
}

function accountOf(pages: readonly GetAccountAuthorizationDetailsResponse[]): string | undefined {
  for (const page of pages) {
    const arns = [
      ...(page.UserDetailList ?? []).map((u) => u.Arn),
      ...(page.GroupDetailList ?? []).map((g) => g.Arn),
      ...(page.RoleDetailList ?? []).map((r) => r.Arn),
      ...(page.Policies ?? []).map((p) => p.Arn),
    ];
    for (const arn of arns) {
      const m = /^arn:[^:]+:iam::(\d{12}):/.exec(arn ?? '');
      if (m?.[1]) return m[1];
    }
  }
  return undefined;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FindingsFileError(file, `is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
}

function parseDate(value: unknown, file: string, field: string): Date {
  const d = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime()))
    throw new FindingsFileError(
      file,
      `${field}: ${JSON.stringify(value)} is not a date (write ISO 8601, 2026-01-31T12:00:00Z).`,
    );
  return d;
}

function decodeBase64(text: string, file: string): string {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new FindingsFileError(file, 'Content is not base64.');
  return Buffer.from(compact, 'base64').toString('utf8');
}
