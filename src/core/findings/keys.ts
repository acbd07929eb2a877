// IAM users' access keys, from the credential report (slots 1 and 2 of each user's row).
import { reportDate, reportText, type CredentialReportRow, type ReportAccessKey } from './credentialReport';
import { daysSince, need, type Check, type FindingDraft, type FindingsInput } from './types';

/** A key unused this long is a finding (AWS Security Hub IAM.22 uses 45 days). */
export const UNUSED_KEY_DAYS = 45;
/** An inactive key this long is a delete candidate. */
export const INACTIVE_KEY_DAYS = 90;
/** A key whose creation is this close to the user's is "created with the user" (CIS 1.11). */
export const CREATED_WITH_USER_MS = 10 * 60_000;

const userRows = (input: FindingsInput): CredentialReportRow[] =>
  need(input.credentialReport, 'credentialReport').rows.filter((r) => !r.isRoot);

const present = (k: ReportAccessKey): k is ReportAccessKey & { lastRotated: Date } => k.lastRotated instanceof Date;

const keyEvidence = (k: ReportAccessKey) => ({
  slot: k.slot,
  active: k.active,
  lastRotated: reportText(k.lastRotated),
  lastUsedDate: reportText(k.lastUsedDate),
  lastUsedService: k.lastUsedService ?? null,
  lastUsedRegion: k.lastUsedRegion ?? null,
});

const userDraft = (row: CredentialReportRow, detail: string, evidence: Record<string, unknown>): FindingDraft => ({
  entity: row.arn,
  entityType: 'user',
  entityName: row.user,
  detail,
  evidence,
});

/** One finding per key of each user that `test` picks. */
function perKey(
  input: FindingsInput,
  test: (k: ReportAccessKey & { lastRotated: Date }, row: CredentialReportRow) => string | undefined,
): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const row of userRows(input)) {
    for (const k of row.accessKeys) {
      if (!present(k)) continue;
      const detail = test(k, row);
      if (detail) out.push(userDraft(row, detail, { key: keyEvidence(k) }));
    }
  }
  return out;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export const keyChecks: Check[] = [
  {
    id: 'IAM.KEYS.OLD',
    severity: 'medium',
    title: 'Active access key older than the maximum age',
    rule:
      'An active access key (access_key_N_active) whose access_key_N_last_rotated is accessKeyMaxAgeDays ' +
      '(iamExplorer.accessKeyMaxAgeDays, default 90) or more days ago.',
    needs: ['credentialReport'],
    run(input) {
      const max = input.settings.accessKeyMaxAgeDays;
      return perKey(input, (k, row) => {
        const age = daysSince(k.lastRotated, input.now);
        return k.active && age >= max
          ? `Access key ${k.slot} of ${row.user} is ${age} days old (created ${day(k.lastRotated)}; the limit is ` +
              `${max}); rotate it.`
          : undefined;
      });
    },
  },
  {
    id: 'IAM.KEYS.UNUSED',
    severity: 'medium',
    title: 'Active access key unused for 45 days or never used',
    rule:
      `An active access key last used ${UNUSED_KEY_DAYS} or more days ago, or never used ` +
      `(access_key_N_last_used_date N/A) and created ${UNUSED_KEY_DAYS} or more days ago (a key made today is not ` +
      `yet unused).`,
    needs: ['credentialReport'],
    run(input) {
      return perKey(input, (k, row) => {
        if (!k.active) return undefined;
        const used = reportDate(k.lastUsedDate);
        if (used) {
          const idle = daysSince(used, input.now);
          return idle >= UNUSED_KEY_DAYS
            ? `Access key ${k.slot} of ${row.user} has not been used for ${idle} days (last ${day(used)}); ` +
                `deactivate it.`
            : undefined;
        }
        const age = daysSince(k.lastRotated, input.now);
        return age >= UNUSED_KEY_DAYS
          ? `Access key ${k.slot} of ${row.user} has never been used in the ${age} days since it was created; ` +
              `deactivate it.`
          : undefined;
      });
    },
  },
  {
    id: 'IAM.KEYS.CREATED_WITH_USER',
    severity: 'low',
    title: 'Access key created with the user and never used',
    rule:
      'An access key created within 10 minutes of its user (access_key_N_last_rotated vs user_creation_time) and ' +
      'never used: keys handed out at user set-up that nobody needed (CIS 1.11).',
    needs: ['credentialReport'],
    run(input) {
      return perKey(input, (k, row) =>
        !reportDate(k.lastUsedDate) &&
        Math.abs(k.lastRotated.getTime() - row.userCreationTime.getTime()) <= CREATED_WITH_USER_MS
          ? `Access key ${k.slot} of ${row.user} was created with the user (${day(k.lastRotated)}) and never ` +
            `used; delete it.`
          : undefined,
      );
    },
  },
  {
    id: 'IAM.KEYS.TWO_ACTIVE',
    severity: 'medium',
    title: 'User with two active access keys',
    rule: 'access_key_1_active and access_key_2_active are both true: outside a rotation, one of them is spare.',
    needs: ['credentialReport'],
    run(input) {
      return userRows(input)
        .filter((row) => row.accessKeys[0].active && row.accessKeys[1].active)
        .map((row) =>
          userDraft(row, `${row.user} has two active access keys; finish the rotation and deactivate the older one.`, {
            keys: row.accessKeys.map(keyEvidence),
          }),
        );
    },
  },
  {
    id: 'IAM.KEYS.INACTIVE_STALE',
    severity: 'low',
    title: 'Inactive access key kept for 90 days or more',
    rule:
      `An inactive access key whose last use (or, if never used, creation) is ${INACTIVE_KEY_DAYS} or more days ` +
      `ago: a delete candidate. The report has no deactivation date, so the last activity stands for it.`,
    needs: ['credentialReport'],
    run(input) {
      return perKey(input, (k, row) => {
        if (k.active) return undefined;
        const last = reportDate(k.lastUsedDate) ?? k.lastRotated;
        const idle = daysSince(last, input.now);
        return idle >= INACTIVE_KEY_DAYS
          ? `Access key ${k.slot} of ${row.user} is inactive and idle for ${idle} days; delete it.`
          : undefined;
      });
    },
  },
];
