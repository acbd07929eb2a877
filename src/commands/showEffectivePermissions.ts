import type { CommandDef } from '.';
import { gatherPolicies } from '../core/eval/account';
import { effectivePolicy } from '../core/eval/effective';
import { summarize } from '../core/policy/summary';
import type { HostReport } from '../webview/host/reportPanel';
import { describeSource, inSnapshot, principalOf, snapshotOf, summaryRows } from './reasoning';

/**
 * IAM: Show Effective Permissions — the console-style summary of a user's or role's policies combined, within its
 * boundary.
 */
export const showEffectivePermissions: CommandDef = {
  id: 'iamExplorer.showEffectivePermissions',
  async run(services, node?: unknown) {
    const { profile, entity } = await principalOf(services, node, 'Effective permissions of which user or role?');
    const index = await snapshotOf(services, profile);
    const principal = inSnapshot(index, entity);
    const policies = gatherPolicies(index, principal.arn);
    if (!policies)
      throw new Error(
        `The ${entity.type} ${entity.name} is not in the account snapshot; Refresh the profile to renew it.`,
      );
    const catalog = services.catalog();
    const effective = await effectivePolicy(
      policies.identity.map((s) => s.document.json),
      policies.boundary?.document.json ?? null,
      catalog,
    );
    const summary = await summarize(effective.text, catalog);
    const columns = ['Service', 'Access level', 'Resources', 'Conditions'];
    const report: HostReport = {
      title: `Effective permissions of ${entity.type} ${entity.name}`,
      subtitle:
        `${principal.arn} · profile ${profile} · account ` + `snapshot of ${index.snapshot.loadedAt.toLocaleString()}`,
      summary:
        `${summary.allow.length} service${summary.allow.length === 1 ? '' : 's'} allowed, ${summary.deny.length} ` +
        `with denies, from ${policies.identity.length} polic${policies.identity.length === 1 ? 'y' : 'ies'}` +
        `${policies.boundary ? ' within the permissions boundary' : ''}.`,
      sections: [
        { heading: 'Allowed', table: { columns, rows: summaryRows(summary.allow) } },
        ...(summary.deny.length ? [{ heading: 'Denied', table: { columns, rows: summaryRows(summary.deny) } }] : []),
        {
          heading: 'Policies combined',
          table: {
            columns: ['Policy', 'Kind'],
            rows: [...policies.identity, ...(policies.boundary ? [policies.boundary] : [])].map((s) => [
              { text: describeSource(s) },
              { text: s.kind === 'boundary' ? 'permissions boundary (limits the others)' : 'identity-based' },
            ]),
          },
        },
      ],
      caveats: [
        ...effective.notes,
        ...summary.notes,
        ...policies.problems,
        'Resource-based policies, service control and resource control policies are not part of the account ' +
          'snapshot and are not counted.',
      ],
    };
    return services.reports.show('effective', `Effective: ${entity.name}`, report);
  },
};
