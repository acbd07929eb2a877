// Unused roles (RoleLastUsed) and unused services (Access Advisor).
import { daysSince, need, type Check, type FindingDraft } from './types';
import { counted } from '../text';

export const UNUSED_ROLE_DAYS = 90;
export const UNUSED_SERVICE_DAYS = 90;

/** Service-linked roles belong to AWS services; their use is not the account's to judge. */
const isServiceLinked = (path: string) => path.startsWith('/aws-service-role/');

export const roleChecks: Check[] = [
  {
    id: 'IAM.ROLES.UNUSED',
    severity: 'low',
    title: 'Role unused for 90 days',
    rule:
      `A role (not service-linked) created ${UNUSED_ROLE_DAYS} or more days ago whose RoleLastUsed is absent or ` +
      `${UNUSED_ROLE_DAYS} or more days ago. IAM tracks role use for the last 400 days.`,
    needs: ['snapshot'],
    run(input) {
      const out: FindingDraft[] = [];
      for (const r of need(input.snapshot, 'snapshot').roles) {
        if (isServiceLinked(r.path) || !r.created || daysSince(r.created, input.now) < UNUSED_ROLE_DAYS) continue;
        const last = r.lastUsed?.date;
        if (last && daysSince(last, input.now) < UNUSED_ROLE_DAYS) continue;
        out.push({
          entity: r.arn,
          entityType: 'role',
          entityName: r.name,
          detail: last
            ? `Role ${r.name} was last used ${daysSince(last, input.now)} days ago (` +
              `${last.toISOString().slice(0, 10)}); delete it if nothing needs it.`
            : `Role ${r.name} has not been used in IAM's tracking period; delete it if nothing needs it.`,
          evidence: {
            lastUsed: last?.toISOString() ?? null,
            lastUsedRegion: r.lastUsed?.region ?? null,
            created: r.created.toISOString(),
          },
        });
      }
      return out;
    },
  },
  {
    id: 'IAM.ACCESS_ADVISOR.UNUSED_SERVICES',
    severity: 'low',
    title: 'Services granted but not used for 90 days',
    rule:
      `Access Advisor (GetServiceLastAccessedDetails) lists services the principal's policies grant; those never ` +
      `authenticated or last authenticated ${UNUSED_SERVICE_DAYS} or more days ago should be removed from its ` +
      `policies.`,
    needs: ['snapshot', 'serviceLastAccessed'],
    run(input) {
      const data = need(input.serviceLastAccessed, 'serviceLastAccessed');
      const snapshot = need(input.snapshot, 'snapshot');
      const out: FindingDraft[] = [];
      for (const p of [...snapshot.users, ...snapshot.roles]) {
        const services = data.get(p.arn);
        if (!services) continue;
        const unused = services.filter(
          (s) => !s.lastAuthenticated || daysSince(s.lastAuthenticated, input.now) >= UNUSED_SERVICE_DAYS,
        );
        if (!unused.length) continue;
        out.push({
          entity: p.arn,
          entityType: p.kind,
          entityName: p.name,
          detail:
            `${p.name} is granted ${counted(unused.length, 'service')} it has not used in ` +
            `${UNUSED_SERVICE_DAYS} days: ${unused.map((s) => s.namespace).join(', ')}.`,
          evidence: {
            services: unused.map((s) => ({
              namespace: s.namespace,
              lastAuthenticated: s.lastAuthenticated?.toISOString() ?? null,
            })),
          },
        });
      }
      return out;
    },
  },
];
