/**
 * The IAM credential report (GetCredentialReport's Content, a CSV) read against the columns
 * AWS documents in the IAM User Guide, "Getting credential reports": one row per user plus
 * `<root_account>`. Values besides dates and booleans are the documented markers `N/A` (no
 * such credential, or never used), `no_information` (never used since IAM began tracking)
 * and `not_supported` (the root user's password columns). Dates are ISO 8601.
 *
 * The parser checks the header (every documented column must be there; unknown ones are
 * ignored, so a column AWS adds later does not break it) and each cell, and names the line
 * and column of the first value it cannot read.
 */

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

export type ReportMarker = 'N/A' | 'no_information' | 'not_supported';
/** A date cell: a date, or one of the documented markers. */
export type ReportDate = Date | ReportMarker;

export interface ReportAccessKey {
  readonly slot: 1 | 2;
  readonly active: boolean;
  /** When the key was created or last changed; `N/A` when the slot holds no key. */
  readonly lastRotated: ReportDate;
  /** `N/A` when the key was never used (or there is none). */
  readonly lastUsedDate: ReportDate;
  readonly lastUsedRegion?: string;
  readonly lastUsedService?: string;
}

export interface ReportCertificate {
  readonly slot: 1 | 2;
  readonly active: boolean;
  readonly lastRotated: ReportDate;
}

export interface CredentialReportRow {
  readonly user: string;
  readonly arn: string;
  readonly isRoot: boolean;
  readonly userCreationTime: Date;
  /** `not_supported` for the root user. */
  readonly passwordEnabled: boolean | 'not_supported';
  readonly passwordLastUsed: ReportDate;
  readonly passwordLastChanged: ReportDate;
  readonly passwordNextRotation: ReportDate;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly [ReportAccessKey, ReportAccessKey];
  readonly certificates: readonly [ReportCertificate, ReportCertificate];
}

export interface CredentialReport {
  readonly generatedTime?: Date;
  readonly rows: readonly CredentialReportRow[];
}

export const ROOT_USER = '<root_account>';

export class CredentialReportFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `credential report: ${message}` : `credential report, line ${line}: ${message}`);
    this.name = 'CredentialReportFormatError';
  }
}

/** RFC 4180 fields (IAM quotes nothing, but a tool that re-saved the file may have). */
function splitCsvLine(line: string, lineNo: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new CredentialReportFormatError('a quoted field is not closed', lineNo);
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      if (i < line.length && line[i] !== ',')
        throw new CredentialReportFormatError('text after a closing quote', lineNo);
      out.push(value);
      i++;
    } else {
      const end = line.indexOf(',', i);
      const stop = end < 0 ? line.length : end;
      out.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return out;
}

const MARKERS: ReadonlySet<string> = new Set(['N/A', 'no_information', 'not_supported']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses GetCredentialReport's CSV text. */
export function parseCredentialReport(csv: string, generatedTime?: Date): CredentialReport {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new CredentialReportFormatError('the report is empty (expected a header line)');
  const header = splitCsvLine(lines[0] as string, 1);
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((c) => !index.has(c));
  if (missing.length)
    throw new CredentialReportFormatError(
      `the header lacks the column(s) ${missing.join(', ')}; is this an IAM credential report?`,
      1,
    );
  const rows: CredentialReportRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const lineNo = n + 1;
    const cells = splitCsvLine(lines[n] as string, lineNo);
    if (cells.length < header.length)
      throw new CredentialReportFormatError(`${cells.length} values, the header has ${header.length}`, lineNo);
    const cell = (c: (typeof CREDENTIAL_REPORT_COLUMNS)[number]): string => cells[index.get(c) as number] as string;
    const bad = (c: string, v: string, expected: string) =>
      new CredentialReportFormatError(`column ${c}: '${v}' is not ${expected}`, lineNo);
    const date = (c: (typeof CREDENTIAL_REPORT_COLUMNS)[number]): ReportDate => {
      const v = cell(c);
      if (MARKERS.has(v)) return v as ReportMarker;
      if (!ISO_DATE.test(v)) throw bad(c, v, 'an ISO 8601 date, N/A, no_information or not_supported');
      return new Date(v);
    };
    const strictDate = (c: (typeof CREDENTIAL_REPORT_COLUMNS)[number]): Date => {
      const d = date(c);
      if (!(d instanceof Date)) throw bad(c, cell(c), 'a date');
      return d;
    };
    const bool = (c: (typeof CREDENTIAL_REPORT_COLUMNS)[number]): boolean => {
      const v = cell(c).toLowerCase();
      if (v === 'true') return true;
      if (v === 'false') return false;
      throw bad(c, cell(c), 'true or false');
    };
    const text = (c: (typeof CREDENTIAL_REPORT_COLUMNS)[number]): string | undefined => {
      const v = cell(c);
      return v === '' || MARKERS.has(v) ? undefined : v;
    };
    const key = (slot: 1 | 2): ReportAccessKey => ({
      slot,
      active: bool(`access_key_${slot}_active`),
      lastRotated: date(`access_key_${slot}_last_rotated`),
      lastUsedDate: date(`access_key_${slot}_last_used_date`),
      lastUsedRegion: text(`access_key_${slot}_last_used_region`),
      lastUsedService: text(`access_key_${slot}_last_used_service`),
    });
    const cert = (slot: 1 | 2): ReportCertificate => ({
      slot,
      active: bool(`cert_${slot}_active`),
      lastRotated: date(`cert_${slot}_last_rotated`),
    });
    const user = cell('user');
    const passwordEnabled = cell('password_enabled') === 'not_supported' ? 'not_supported' : bool('password_enabled');
    rows.push({
      user,
      arn: cell('arn'),
      isRoot: user === ROOT_USER,
      userCreationTime: strictDate('user_creation_time'),
      passwordEnabled,
      passwordLastUsed: date('password_last_used'),
      passwordLastChanged: date('password_last_changed'),
      passwordNextRotation: date('password_next_rotation'),
      mfaActive: bool('mfa_active'),
      accessKeys: [key(1), key(2)],
      certificates: [cert(1), cert(2)],
    });
  }
  return { generatedTime, rows };
}

/** The date of a cell, or undefined for a marker. */
export const reportDate = (value: ReportDate): Date | undefined => (value instanceof Date ? value : undefined);

/** A report value for evidence: ISO date or the marker. */
export const reportText = (value: ReportDate): string => (value instanceof Date ? value.toISOString() : value);
