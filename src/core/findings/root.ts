// The root user, from the credential report's <root_account> row.
import { reportDate, reportText, type CredentialReportRow } from './credentialReport';
import { daysSince, need, type Check, type FindingDraft, type FindingsInput } from './types';
import { counted } from '../text';

function rootRow(input: FindingsInput): CredentialReportRow | undefined {
  return need(input.credentialReport, 'credentialReport').rows.find((r) => r.isRoot);
}

const rootDraft = (row: CredentialReportRow, detail: string, evidence: Record<string, unknown>): FindingDraft => ({
  entity: row.arn,
  entityType: 'account',
  entityName: 'root user',
  detail,
  evidence,
});

export const rootChecks: Check[] = [
  {
    id: 'IAM.ROOT.ACCESS_KEYS',
    severity: 'critical',
    title: 'Root user has access keys',
    rule:
      'The <root_account> row of the credential report shows an access key in slot 1 or 2 ' +
      '(access_key_N_last_rotated is a date), active or not.',
    needs: ['credentialReport'],
    run(input) {
      const row = rootRow(input);
      if (!row) return [];
      const keys = row.accessKeys.filter((k) => k.lastRotated instanceof Date);
      if (!keys.length) return [];
      return [
        rootDraft(
          row,
          `The root user has ${counted(keys.length, 'access key')} (` +
            `${keys.map((k) => `key ${k.slot} ${k.active ? 'active' : 'inactive'}`).join(', ')}); delete them and ` +
            `use IAM roles instead.`,
          {
            keys: keys.map((k) => ({
              slot: k.slot,
              active: k.active,
              lastRotated: reportText(k.lastRotated),
              lastUsed: reportText(k.lastUsedDate),
            })),
          },
        ),
      ];
    },
  },
  {
    id: 'IAM.ROOT.NO_MFA',
    severity: 'critical',
    title: 'Root user without MFA',
    rule: 'The <root_account> row of the credential report has mfa_active false.',
    needs: ['credentialReport'],
    run(input) {
      const row = rootRow(input);
      if (!row || row.mfaActive) return [];
      return [
        rootDraft(row, 'The root user has no MFA device; enable one (a hardware key or a virtual authenticator).', {
          mfa_active: false,
        }),
      ];
    },
  },
  {
    id: 'IAM.ROOT.RECENT_USE',
    severity: 'high',
    title: 'Root user used recently',
    rule:
      'The root user signed in (password_last_used) or one of its access keys was used ' +
      '(access_key_N_last_used_date) within the last rootRecentUseDays days (default 30).',
    needs: ['credentialReport'],
    run(input) {
      const row = rootRow(input);
      if (!row) return [];
      const limit = input.settings.rootRecentUseDays;
      const uses: Array<{ how: string; date: Date }> = [];
      const pw = reportDate(row.passwordLastUsed);
      if (pw) uses.push({ how: 'password', date: pw });
      for (const k of row.accessKeys) {
        const d = reportDate(k.lastUsedDate);
        if (d) uses.push({ how: `access key ${k.slot}`, date: d });
      }
      const recent = uses.filter((u) => daysSince(u.date, input.now) < limit);
      if (!recent.length) return [];
      return [
        rootDraft(
          row,
          `The root user was used in the last ${limit} days (` +
            `${recent.map((u) => `${u.how} on ${u.date.toISOString().slice(0, 10)}`).join(', ')}); use it only for ` +
            `the tasks that need it.`,
          {
            uses: recent.map((u) => ({ how: u.how, date: u.date.toISOString() })),
            days: limit,
          },
        ),
      ];
    },
  },
];
