// The account's password policy (GetAccountPasswordPolicy; NoSuchEntity means none).
import { type Check, type FindingDraft, type FindingsInput } from './types';

export const MIN_PASSWORD_LENGTH = 14;

const accountDraft = (input: FindingsInput, detail: string, evidence: Record<string, unknown>): FindingDraft => ({
  entity: `arn:aws:iam::${input.accountId}:root`,
  entityType: 'account',
  entityName: `account ${input.accountId}`,
  detail,
  evidence,
});

export const passwordPolicyChecks: Check[] = [
  {
    id: 'IAM.PASSWORD_POLICY.ABSENT',
    severity: 'medium',
    title: 'No account password policy',
    rule: "GetAccountPasswordPolicy answers NoSuchEntity: console passwords follow only IAM's default rules.",
    needs: ['passwordPolicy'],
    run(input) {
      return input.passwordPolicy === null
        ? [
            accountDraft(input, 'The account has no password policy; set one (minimum length 14, reuse prevention).', {
              passwordPolicy: null,
            }),
          ]
        : [];
    },
  },
  {
    id: 'IAM.PASSWORD_POLICY.SHORT',
    severity: 'medium',
    title: 'Password policy allows passwords shorter than 14',
    rule: `The password policy's MinimumPasswordLength is below ${MIN_PASSWORD_LENGTH} (CIS 1.8).`,
    needs: ['passwordPolicy'],
    run(input) {
      const p = input.passwordPolicy;
      const length = p?.MinimumPasswordLength ?? 6;
      return p && length < MIN_PASSWORD_LENGTH
        ? [
            accountDraft(
              input,
              `The password policy allows passwords of ${length} characters; require at least ${MIN_PASSWORD_LENGTH}.`,
              { MinimumPasswordLength: length },
            ),
          ]
        : [];
    },
  },
  {
    id: 'IAM.PASSWORD_POLICY.NO_REUSE_PREVENTION',
    severity: 'low',
    title: 'Password policy does not prevent reuse',
    rule: 'The password policy has no PasswordReusePrevention (users may set a previous password again; CIS 1.9).',
    needs: ['passwordPolicy'],
    run(input) {
      const p = input.passwordPolicy;
      return p && !p.PasswordReusePrevention
        ? [
            accountDraft(
              input,
              'The password policy lets users reuse previous passwords; set PasswordReusePrevention (24 ' +
                'remembers the most).',
              { PasswordReusePrevention: null },
            ),
          ]
        : [];
    },
  },
];
