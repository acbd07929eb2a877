import type { CommandDef } from '.';
import { whoCan as whoCanIn, type TrustEntry } from '../core/eval/account';
import { expandActions } from '../core/eval/actions';
import type { Services } from '../services';
import type { ExplorerNode } from '../tree/nodes';
import type { HostCell, HostReport } from '../webview/host/reportPanel';
import { pickProfile } from './pickers';
import { revealLink, snapshotOf, statementLink } from './reasoning';
import { Cancelled } from './runCommand';
import { BACK, type Back } from './ui';
import { crossAccountDeps, crossAccountLinks } from '../crossAccountLinks';

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** "AWS arn:aws:iam::111122223333:root; Service ec2.amazonaws.com", with the conditions as written. */
function trustCell(entries: readonly TrustEntry[]): HostCell {
  if (entries.length === 0) return { text: 'No one (no Allow statement for sts:AssumeRole)' };
  return {
    text: entries.map((e) => e.principals.map((p) => `${p.type} ${p.values.join(', ')}`).join('; ')).join(' | '),
    notes: entries.flatMap((e) =>
      e.conditions
        ? Object.entries(e.conditions).flatMap(([op, block]) =>
            Object.entries(block as Record<string, unknown>).map(
              ([key, value]) => `when ${key} ${op} ${Array.isArray(value) ? value.join(', ') : String(value)}`,
            ),
          )
        : [`${e.actions.join(', ')} without conditions`],
    ),
  };
}

/** Who Can's two steps: the action (1/2), then the resource (2/2), whose Back returns to the action. */
const STEPS = 2;

/** Step 1: the action, picked from a managed policy's own actions, or typed; `value` is an earlier answer. */
async function askAction(
  services: Services,
  node: ExplorerNode | undefined,
  profile: string,
  value: string | undefined,
): Promise<string> {
  if (node?.kind === 'entity' && node.entity.type === 'policy') {
    const { model } = await services.connections.get(profile);
    const doc = model.snapshot()?.policies.find((p) => p.arn === node.entity.arn)?.defaultDocument?.json as
      { Statement?: unknown } | undefined;
    const statements = (Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : []) as {
      Action?: unknown;
    }[];
    const patterns = statements
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
      .filter((a): a is string => typeof a === 'string');
    if (patterns.length) {
      const actions = (await expandActions(patterns, services.catalog())).slice(0, 5000);
      const picked = await services.ui.pickStep(
        actions.map((label) => ({ label })),
        {
          title: `Who Can…? (actions of ${node.entity.name})`,
          placeHolder: 'Which action?',
          step: 1,
          totalSteps: STEPS,
          selected: (item) => item.label === value,
        },
      );
      if (!picked || picked === BACK || Array.isArray(picked)) throw new Cancelled();
      return (picked as { label: string }).label;
    }
  }
  // An empty box is not an error until accepted (no red message before anything is typed): it asks again.
  for (;;) {
    const typed = await services.ui.inputStep({
      title: 'Who Can…?',
      prompt: 'One action, such as s3:DeleteObject or iam:PassRole',
      placeHolder: 's3:DeleteObject',
      value,
      step: 1,
      totalSteps: STEPS,
      validateInput: (v) =>
        v.trim() === '' || ACTION.test(v.trim())
          ? undefined
          : 'Write one action as service:Action, such as s3:DeleteObject (no wildcards).',
    });
    if (typed === undefined || typed === BACK) throw new Cancelled();
    if (typed.trim()) return typed.trim();
  }
}

/** Step 2: the resource; BACK when the user goes back to the action. */
async function askResource(services: Services, action: string): Promise<string | Back> {
  const typed = await services.ui.inputStep({
    title: `Who can ${action}?`,
    prompt: 'The resource ARN, or * for any resource',
    value: '*',
    step: 2,
    totalSteps: STEPS,
    validateInput: (v) =>
      v.trim() === '*' || v.trim().startsWith('arn:')
        ? undefined
        : 'Write an ARN (arn:aws:s3:::bucket/key) or * for any resource.',
  });
  if (typed === undefined) throw new Cancelled();
  return typed === BACK ? BACK : typed.trim();
}

/**
 * IAM: Who Can…? — every user and role of the account allowed an action on a resource, and who may assume those roles.
 */
export const whoCan: CommandDef = {
  id: 'iamExplorer.whoCan',
  async run(services, node?: unknown) {
    const n = node as ExplorerNode | undefined;
    const profile = n?.profile ?? (await pickProfile(services));
    let action: string | undefined;
    let answer: string | Back;
    do {
      action = await askAction(services, n, profile, action);
      answer = await askResource(services, action);
    } while (answer === BACK);
    const resource = answer;
    const index = await snapshotOf(services, profile);
    const known = (await services.catalog().service(action.split(':')[0] ?? ''))?.actions.some(
      (a) => a.name.toLowerCase() === action.split(':')[1]?.toLowerCase(),
    );
    const found = whoCanIn(index, action, resource.trim());
    const rows = found.map((e): HostCell[] => [
      { text: e.principal.name, links: [revealLink(services, profile, e.principal)] },
      { text: e.principal.kind },
      { text: '', links: e.deciding.map((d) => statementLink(profile, d, index)) },
      e.principal.kind === 'role' ? trustCell(e.trustedBy ?? []) : { text: '—' },
    ]);
    const users = found.filter((e) => e.principal.kind === 'user').length;
    // With accounts added from SSO: who in the other loaded accounts may assume the allowed roles.
    const crossRows: HostCell[][] = [];
    if (services.ssoRoots.treeGroups().length > 0) {
      for (const e of found) {
        if (e.principal.kind !== 'role') continue;
        const links = await crossAccountLinks(
          crossAccountDeps(services),
          profile,
          { type: 'role', name: e.principal.name, arn: e.principal.arn },
          'assumableFrom',
        );
        for (const l of links) crossRows.push([{ text: e.principal.name }, { text: l.label }, { text: l.description }]);
      }
    }
    const report: HostReport = {
      title: `Who can ${action} on ${resource.trim()}`,
      subtitle:
        (services.tree.rootName(profile) === profile
          ? `Profile ${profile}`
          : `Account ${services.tree.rootName(profile)}`) +
        ` · account ${index.snapshot.accountId} · account snapshot of ${index.snapshot.loadedAt.toLocaleString()}`,
      summary:
        `${users} user${users === 1 ? '' : 's'} and ${found.length - users} role` +
        `${found.length - users === 1 ? '' : 's'} of ${index.snapshot.users.length + index.snapshot.roles.length} ` +
        `are allowed.`,
      sections: [
        {
          heading: 'Allowed principals',
          table: { columns: ['Principal', 'Type', 'Granting statements', 'Who may assume it'], rows },
        },
        ...(services.ssoRoots.treeGroups().length > 0
          ? [
              {
                heading: 'Through roles, from other loaded accounts',
                table: { columns: ['Allowed role', 'May assume it', 'Account · type'], rows: crossRows },
              },
            ]
          : []),
      ],
      caveats: [
        'Each principal is evaluated with its identity-based policies (a user’s groups included) and its ' +
          'permissions boundary, with no context keys: conditions that need a key count as not met.',
        'Resource-based policies, service control and resource control policies are not part of the account ' +
          'snapshot and are not evaluated.',
        ...(known === false ? [`${action} is not in the IAM action catalog: check its spelling.`] : []),
      ],
    };
    return services.reports.show('whoCan', `Who can: ${action}`, report);
  },
};
