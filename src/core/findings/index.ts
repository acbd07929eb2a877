/**
 * Security findings: every check, and runChecks, which runs those whose data is present.
 * One file per check family; each check is a pure function of FindingsInput.
 */
import { accountChecks } from './account';
import { consoleChecks } from './console';
import { keyChecks } from './keys';
import { passwordPolicyChecks } from './passwordPolicy';
import { permissionChecks } from './permissions';
import { policyChecks } from './policies';
import { roleChecks } from './roles';
import { rootChecks } from './root';
import { trustChecks } from './trust';
import {
  SOURCE_PERMISSIONS,
  severityRank,
  type Check,
  type DataSource,
  type Finding,
  type FindingsInput,
} from './types';
import { userChecks } from './users';

export * from './types';
export {
  parseCredentialReport,
  CredentialReportFormatError,
  CREDENTIAL_REPORT_COLUMNS,
  type CredentialReport,
  type CredentialReportRow,
} from './credentialReport';

export const ALL_CHECKS: readonly Check[] = [
  ...rootChecks,
  ...keyChecks,
  ...consoleChecks,
  ...passwordPolicyChecks,
  ...userChecks,
  ...roleChecks,
  ...permissionChecks,
  ...policyChecks,
  ...trustChecks,
  ...accountChecks,
];

export interface SkippedCheck {
  readonly check: string;
  readonly missing: readonly DataSource[];
  /** "needs iam:GetCredentialReport (AccessDenied: …)" */
  readonly reason: string;
}

export interface FindingsResult {
  readonly findings: readonly Finding[];
  readonly skipped: readonly SkippedCheck[];
  readonly checksRun: number;
}

const present = (input: FindingsInput, source: DataSource): boolean => input[source] !== undefined;

/** Runs every check (or those in `only`), worst severity first, then by check and entity. */
export function runChecks(input: FindingsInput, checks: readonly Check[] = ALL_CHECKS): FindingsResult {
  const findings: Finding[] = [];
  const skipped: SkippedCheck[] = [];
  let checksRun = 0;
  for (const check of checks) {
    const missing = check.needs.filter((s) => !present(input, s));
    if (missing.length) {
      const reason = missing
        .map((s) => {
          const why = input.unavailable?.[s];
          return `needs ${SOURCE_PERMISSIONS[s].join(' and ')}${why ? ` (${why})` : ' (not loaded)'}`;
        })
        .join('; ');
      skipped.push({ check: check.id, missing, reason });
      continue;
    }
    checksRun++;
    for (const draft of check.run(input)) findings.push({ check: check.id, severity: check.severity, ...draft });
  }
  findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.check.localeCompare(b.check) ||
      a.entity.localeCompare(b.entity),
  );
  return { findings, skipped, checksRun };
}

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
