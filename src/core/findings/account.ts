// Account-wide: support access, server certificates, OIDC providers.
import { trustStatements } from './trust';
import { need, type Check, type FindingsInput } from './types';

const accountArn = (input: FindingsInput) => `arn:aws:iam::${input.accountId}:root`;
const SUPPORT_POLICY = /^arn:[\w-]+:iam::aws:policy\/AWSSupportAccess$/;

export const accountChecks: Check[] = [
  {
    id: 'IAM.ACCOUNT.NO_SUPPORT_ROLE',
    severity: 'low',
    title: 'No role for AWS Support',
    rule:
      'No role has the AWS managed policy AWSSupportAccess attached, so incidents cannot be handled with AWS ' +
      'Support by a role (CIS 1.17).',
    needs: ['snapshot'],
    run(input) {
      const roles = need(input.snapshot, 'snapshot').roles;
      if (roles.some((r) => r.attachedPolicies.some((p) => SUPPORT_POLICY.test(p.arn)))) return [];
      return [
        {
          entity: accountArn(input),
          entityType: 'account',
          entityName: `account ${input.accountId}`,
          detail: 'No role has AWSSupportAccess; create one for the people who open AWS Support cases.',
          evidence: { roles: roles.length },
        },
      ];
    },
  },
  {
    id: 'IAM.ACCOUNT.EXPIRED_SERVER_CERTIFICATE',
    severity: 'high',
    title: 'Expired server certificate',
    rule:
      'A server certificate (ListServerCertificates) whose Expiration is in the past: a load balancer or ' +
      'CloudFront distribution may still serve it.',
    needs: ['serverCertificates'],
    run(input) {
      return need(input.serverCertificates, 'serverCertificates')
        .filter((c) => c.expiration.getTime() <= input.now.getTime())
        .map((c) => ({
          entity: c.arn,
          entityType: 'server-certificate' as const,
          entityName: c.name,
          detail:
            `Server certificate ${c.name} expired on ${c.expiration.toISOString().slice(0, 10)}; replace it where ` +
            `it is used and delete it.`,
          evidence: { expiration: c.expiration.toISOString() },
        }));
    },
  },
  {
    id: 'IAM.ACCOUNT.UNUSED_OIDC_PROVIDER',
    severity: 'low',
    title: 'OIDC provider no role trusts',
    rule:
      "An OpenID Connect provider (ListOpenIDConnectProviders) that no role's trust policy names as Federated " +
      'principal: a way in kept open for nothing.',
    needs: ['snapshot', 'oidcProviders'],
    run(input) {
      const used = new Set<string>();
      for (const r of need(input.snapshot, 'snapshot').roles)
        for (const s of trustStatements(r.trustPolicy.json)) for (const f of s.federated) used.add(f);
      return need(input.oidcProviders, 'oidcProviders')
        .filter((p) => !used.has(p.arn))
        .map((p) => ({
          entity: p.arn,
          entityType: 'oidc-provider' as const,
          entityName: p.url,
          detail: `OIDC provider ${p.url} is trusted by no role; delete it if nothing will use it.`,
          evidence: { provider: p.arn, clientIds: [...p.clientIds] },
        }));
    },
  },
];
