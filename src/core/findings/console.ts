// Console users (users with a password), from the credential report.
import { reportDate, reportText, type CredentialReportRow } from './credentialReport';
import { daysSince, need, type Check, type FindingDraft } from './types';

export const UNUSED_PASSWORD_DAYS = 45;

const draft = (row: CredentialReportRow, detail: string, evidence: Record<string, unknown>): FindingDraft => ({
  entity: row.arn,
  entityType: 'user',
  entityName: row.user,
  detail,
  evidence,
});

export const consoleChecks: Check[] = [
  {
    id: 'IAM.CONSOLE.NO_MFA',
    severity: 'high',
    title: 'Console user without MFA',
    rule: 'A user row with password_enabled true and mfa_active false.',
    needs: ['credentialReport'],
    run(input) {
      return need(input.credentialReport, 'credentialReport')
        .rows.filter((r) => !r.isRoot && r.passwordEnabled === true && !r.mfaActive)
        .map((r) =>
          draft(r, `${r.user} signs in to the console with a password and no MFA device; assign one.`, {
            password_enabled: true,
            mfa_active: false,
            password_last_used: reportText(r.passwordLastUsed),
          }),
        );
    },
  },
  {
    id: 'IAM.CONSOLE.PASSWORD_UNUSED',
    severity: 'medium',
    title: 'Console password unused for 45 days',
    rule:
      `A user with password_enabled true whose password_last_used is ${UNUSED_PASSWORD_DAYS} or more days ago, or ` +
      `who never signed in (no_information or N/A) with a password set (password_last_changed) ` +
      `${UNUSED_PASSWORD_DAYS} or more days ago.`,
    needs: ['credentialReport'],
    run(input) {
      const out: FindingDraft[] = [];
      for (const r of need(input.credentialReport, 'credentialReport').rows) {
        if (r.isRoot || r.passwordEnabled !== true) continue;
        const used = reportDate(r.passwordLastUsed);
        const evidence = {
          password_last_used: reportText(r.passwordLastUsed),
          password_last_changed: reportText(r.passwordLastChanged),
        };
        if (used) {
          const idle = daysSince(used, input.now);
          if (idle >= UNUSED_PASSWORD_DAYS)
            out.push(draft(r, `${r.user} has not signed in for ${idle} days; remove the console password.`, evidence));
        } else {
          const set = reportDate(r.passwordLastChanged) ?? r.userCreationTime;
          const age = daysSince(set, input.now);
          if (age >= UNUSED_PASSWORD_DAYS)
            out.push(
              draft(r, `${r.user} has never signed in with the password set ${age} days ago; remove it.`, evidence),
            );
        }
      }
      return out;
    },
  },
];
