import { paginateSimulatePrincipalPolicy, type ContextEntry } from '@aws-sdk/client-iam';
import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { gatherPolicies, simulate, type PolicySource } from '../core/eval/account';
import { actionsToOffer, expandActions } from '../core/eval/actions';
import type { ContextValue } from '../core/eval/types';
import { hasWildcard } from '../core/policy/wildcard';
import type { Services } from '../services';
import type { HostCell, HostReport } from '../webview/host/reportPanel';
import { describeSource, inSnapshot, principalOf, snapshotOf, splitList, statementLink } from './reasoning';
import { Cancelled } from './runCommand';
import { BACK, type Back } from './ui';

/** More rows than this are not shown (wildcards over `*` can expand to thousands of actions). */
const MAX_ROWS = 2000;
const OTHER = 'Other actions or wildcards…';
const ACTION_PATTERN = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+|[a-z0-9-*?]+:[A-Za-z0-9*?]+)$/;

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The action patterns and condition keys the principal's own policies use. */
function vocabulary(sources: readonly PolicySource[]): { actions: string[]; keys: Map<string, string> } {
  const actions = new Set<string>();
  const keys = new Map<string, string>();
  for (const source of sources) {
    for (const s of asList((source.document.json as { Statement?: unknown } | undefined)?.Statement) as Record<
      string,
      unknown
    >[]) {
      for (const a of asList(s?.Action)) if (typeof a === 'string') actions.add(a);
      const condition = s?.Condition;
      if (condition && typeof condition === 'object') {
        for (const block of Object.values(condition as Record<string, unknown>)) {
          if (block && typeof block === 'object')
            for (const key of Object.keys(block))
              if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), `${key} (${describeSource(source)})`);
        }
      }
    }
  }
  return { actions: [...actions], keys };
}

/** Simulate Access's steps: the actions (1), the resources (2), the context (3, when the policies test keys). */
interface Answers {
  actions?: string[];
  typed?: string;
  resources?: string;
  context?: Record<string, ContextValue>;
}

/** Step 1: actions picked from the principal's own, with "Other…" to type any; `earlier` is a previous answer. */
async function askActions(
  services: Services,
  title: string,
  offered: string[],
  totalSteps: number,
  earlier: Answers,
): Promise<string[]> {
  const catalog = services.catalog();
  const items = (async () => {
    const expanded = await actionsToOffer(offered, catalog, 5000);
    const levels = new Map<string, string>();
    for (const prefix of new Set(expanded.map((a) => a.split(':')[0] ?? ''))) {
      for (const a of (await catalog.service(prefix))?.actions ?? [])
        levels.set(`${prefix}:${a.name}`.toLowerCase(), a.accessLevels.join(', '));
    }
    // The policies' own wildcards, to simulate every action one covers (`*` alone would be thousands).
    const wildcards = [...new Set(offered)].filter((p) => p !== '*' && hasWildcard(p)).sort();
    const separator = (label: string) => ({ label, kind: vscode.QuickPickItemKind.Separator });
    return [
      { label: OTHER, alwaysShow: true, description: 'type actions, such as s3:GetObject or iam:Pass*' },
      separator('Actions'),
      ...expanded.map((a) => ({ label: a, description: levels.get(a.toLowerCase()) ?? '' })),
      ...(wildcards.length ? [separator('Wildcards in the policies')] : []),
      ...wildcards.map((p) => ({ label: p, description: 'every action it matches' })),
    ];
  })();
  const before = new Set([...(earlier.actions ?? []), ...(earlier.typed !== undefined ? [OTHER] : [])]);
  for (;;) {
    const picked = await services.ui.pickStep(items, {
      canPickMany: true,
      title: `${title}: actions`,
      placeHolder: 'Actions this principal’s policies name; “Other…” to type any',
      matchOnDescription: true,
      step: 1,
      totalSteps,
      selected: (item) => before.has(item.label),
    });
    if (!picked || picked === BACK || !Array.isArray(picked) || picked.length === 0) throw new Cancelled();
    const list = picked as readonly vscode.QuickPickItem[];
    const actions = list.filter((p) => p.label !== OTHER).map((p) => p.label);
    earlier.actions = actions;
    if (!list.some((p) => p.label === OTHER)) {
      earlier.typed = undefined;
      return actions;
    }
    const typed = await services.ui.inputStep({
      title: `${title}: actions`,
      prompt: 'Actions separated by spaces or commas; wildcards (s3:Get*) are expanded against the IAM action catalog',
      placeHolder: 's3:GetObject iam:PassRole ec2:Describe*',
      value: earlier.typed,
      step: 1,
      totalSteps,
      validateInput: (v) => {
        const list = splitList(v);
        if (list.length === 0) return 'Type at least one action, such as s3:GetObject.';
        const bad = list.find((a) => !ACTION_PATTERN.test(a));
        return bad
          ? `"${bad}" is not an action: write service:Action, such as s3:GetObject (wildcards * and ? allowed).`
          : undefined;
      },
    });
    if (typed === undefined) throw new Cancelled();
    if (typed === BACK) continue;
    earlier.typed = typed;
    return [...actions, ...splitList(typed)];
  }
}

/** Step 2: the resources; BACK returns to the actions. */
async function askResources(
  services: Services,
  title: string,
  totalSteps: number,
  earlier: Answers,
): Promise<string[] | Back> {
  const typed = await services.ui.inputStep({
    title: `${title}: resources`,
    prompt: 'Resource ARNs separated by spaces or commas; * for any resource',
    value: earlier.resources ?? '*',
    step: 2,
    totalSteps,
    validateInput: (v) => {
      const list = splitList(v);
      if (list.length === 0) return 'Type * or at least one ARN.';
      const bad = list.find((r) => r !== '*' && !r.startsWith('arn:'));
      return bad
        ? `"${bad}" is not an ARN: ARNs start with arn: (arn:aws:s3:::bucket/key), or use * for any resource.`
        : undefined;
    },
  });
  if (typed === undefined) throw new Cancelled();
  if (typed === BACK) return BACK;
  earlier.resources = typed;
  return splitList(typed);
}

/** Step 3: values for the condition keys the policies test (the others are missing); BACK returns to the resources. */
async function askContext(
  services: Services,
  title: string,
  keys: Map<string, string>,
  totalSteps: number,
  earlier: Answers,
): Promise<Record<string, ContextValue> | Back> {
  for (;;) {
    const picked = await services.ui.pickStep(
      [...keys.entries()].map(([, label]) => ({
        label: label.slice(0, label.indexOf(' (')),
        description: label.slice(label.indexOf(' (') + 2, -1),
      })),
      {
        canPickMany: true,
        title: `${title}: context (optional)`,
        placeHolder: 'Keys to give a value (the others are missing from the request)',
        step: 3,
        totalSteps,
        selected: (item) => earlier.context !== undefined && Object.hasOwn(earlier.context, item.label),
      },
    );
    if (picked === undefined) throw new Cancelled();
    if (picked === BACK) return BACK;
    const chosen = (Array.isArray(picked) ? picked : [picked]) as readonly vscode.QuickPickItem[];
    const context: Record<string, ContextValue> = {};
    let back = false;
    for (const { label } of chosen) {
      const before = earlier.context?.[label];
      const value = await services.ui.inputStep({
        title: `${title}: ${label}`,
        prompt: `Value of ${label}; several values (a multivalued key) separated by commas`,
        value: before === undefined ? undefined : Array.isArray(before) ? before.join(', ') : String(before),
        step: 3,
        totalSteps,
      });
      if (value === undefined) throw new Cancelled();
      if (value === BACK) {
        back = true;
        break;
      }
      const values = value.split(',').map((v) => v.trim());
      context[label] = values.length === 1 ? (values[0] ?? '') : values;
    }
    earlier.context = context;
    if (!back) return context;
  }
}

/** IAM's simulator takes at most this many actions and resources per request. */
const SIMULATOR_BATCH = 100;

/**
 * Asks IAM's own simulator (SimulatePrincipalPolicy) the same questions and returns the pairs
 * where it decides differently. It reads the principal's policies itself and, as AWS documents,
 * takes no wildcards, evaluates no resource-based policy for a role and no session policy.
 */
async function compareWithIam(
  services: Services,
  profile: string,
  principalArn: string,
  ours: readonly { action: string; resource: string; decision: string }[],
  context: Record<string, ContextValue>,
  token: vscode.CancellationToken,
): Promise<{ action: string; resource: string; ours: string; iam: string }[]> {
  const { iam } = await services.connections.get(profile);
  const ContextEntries: ContextEntry[] = Object.entries(context).map(([key, value]) => ({
    ContextKeyName: key,
    ContextKeyValues: Array.isArray(value) ? value : [value],
    ContextKeyType: Array.isArray(value) ? 'stringList' : 'string',
  }));
  const actions = [...new Set(ours.map((o) => o.action))];
  const resources = [...new Set(ours.map((o) => o.resource))];
  const theirs = new Map<string, string>();
  for (let i = 0; i < actions.length; i += SIMULATOR_BATCH) {
    const pages = paginateSimulatePrincipalPolicy(
      { client: iam },
      {
        PolicySourceArn: principalArn,
        ActionNames: actions.slice(i, i + SIMULATOR_BATCH),
        ResourceArns: resources,
        ContextEntries,
      },
    );
    for await (const page of pages) {
      if (token.isCancellationRequested) throw new Cancelled();
      for (const r of page.EvaluationResults ?? []) {
        const perResource = r.ResourceSpecificResults ?? [];
        if (perResource.length)
          for (const x of perResource)
            theirs.set(`${r.EvalActionName} ${x.EvalResourceName}`, x.EvalResourceDecision ?? '');
        else theirs.set(`${r.EvalActionName} ${r.EvalResourceName}`, r.EvalDecision ?? '');
      }
    }
  }
  return ours.flatMap((o) => {
    const iamDecision = theirs.get(`${o.action} ${o.resource}`) ?? 'no answer';
    return iamDecision === o.decision
      ? []
      : [{ action: o.action, resource: o.resource, ours: o.decision, iam: iamDecision }];
  });
}

const DECISION: Record<string, { text: string; tone: HostCell['tone'] }> = {
  allowed: { text: 'Allowed', tone: 'allow' },
  explicitDeny: { text: 'Denied', tone: 'deny' },
  implicitDeny: { text: 'Not allowed', tone: 'warning' },
};

/** IAM: Simulate Access… — decisions of the evaluation engine for a user or role, actions × resources. */
export const simulateAccess: CommandDef = {
  id: 'iamExplorer.simulateAccess',
  async run(services, node?: unknown) {
    const { profile, entity } = await principalOf(services, node, 'Simulate access for which user or role?');
    const index = await snapshotOf(services, profile);
    const principal = inSnapshot(index, entity);
    const title = `Simulate Access for ${entity.type} ${entity.name}`;
    const policies = gatherPolicies(index, principal.arn);
    if (!policies)
      throw new Error(
        `The ${entity.type} ${entity.name} is not in the account snapshot; Refresh the profile to renew it.`,
      );
    const { actions: named, keys } = vocabulary([
      ...policies.identity,
      ...(policies.boundary ? [policies.boundary] : []),
    ]);
    // Steps with Back, as VS Code's multi-step inputs: what was entered is kept when going back.
    const totalSteps = keys.size ? 3 : 2;
    const earlier: Answers = {};
    let patterns: string[] = [];
    let resources: string[] = [];
    let context: Record<string, ContextValue> = {};
    for (let step = 1; step <= totalSteps;) {
      if (step === 1) {
        patterns = await askActions(services, title, named, totalSteps, earlier);
        step = 2;
      } else if (step === 2) {
        const r = await askResources(services, title, totalSteps, earlier);
        if (r === BACK) step = 1;
        else [resources, step] = [r, 3];
      } else {
        const c = await askContext(services, title, keys, totalSteps, earlier);
        if (c === BACK) step = 2;
        else [context, step] = [c, 4];
      }
    }
    const expandedEach = await Promise.all(
      patterns.filter(hasWildcard).map(async (p) => [p, await expandActions([p], services.catalog())] as const),
    );
    const unmatched = expandedEach.filter(([, list]) => list.length === 0).map(([p]) => p);
    const expanded = expandedEach.flatMap(([, list]) => list);
    const actions = [...new Set([...patterns.filter((p) => !hasWildcard(p)), ...expanded])];
    const outcome = simulate(
      index,
      principal.arn,
      actions.slice(0, Math.ceil(MAX_ROWS / resources.length)),
      resources,
      context,
    );
    if (!outcome)
      throw new Error(
        `The ${entity.type} ${entity.name} is not in the account snapshot; Refresh the profile to renew it.`,
      );
    const counts = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
    const rows = outcome.results.map((r): HostCell[] => {
      counts[r.result.decision]++;
      const decision = DECISION[r.result.decision] ?? { text: r.result.decision, tone: 'neutral' };
      const missing = r.result.explain.missingContextKeys;
      return [
        { text: r.action },
        { text: r.resource },
        // The engine's reason numbers the policies ("identity-based policy 4"); the next column names the
        // deciding statements, so the reason is shown only when no statement decided (nothing allows it).
        { text: decision.text, tone: decision.tone, notes: r.deciding.length ? [] : [r.result.explain.reason] },
        { text: r.deciding.length ? '' : '—', links: r.deciding.map((d) => statementLink(profile, d, index)) },
        { text: missing.length ? missing.join(', ') : '—' },
      ];
    });
    const report: HostReport = {
      title,
      subtitle:
        `${principal.arn} · profile ${profile} · account ` + `snapshot of ${index.snapshot.loadedAt.toLocaleString()}`,
      summary:
        `${counts.allowed} allowed, ${counts.explicitDeny} denied explicitly, ${counts.implicitDeny} not allowed ` +
        `(of ${outcome.results.length}).`,
      sections: [
        {
          heading: 'Decisions',
          text: Object.keys(context).length
            ? `Context: ${Object.entries(context)
                .map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(', ') : v}`)
                .join('; ')}.`
            : 'No context keys given: conditions that need one count as not met.',
          table: { columns: ['Action', 'Resource', 'Decision', 'Deciding statements', 'Missing context keys'], rows },
        },
        {
          heading: 'Policies evaluated',
          table: {
            columns: ['Policy', 'Kind'],
            rows: [...policies.identity, ...(policies.boundary ? [policies.boundary] : [])].map((s) => [
              { text: describeSource(s) },
              { text: s.kind === 'boundary' ? 'permissions boundary' : 'identity-based' },
            ]),
          },
        },
      ],
      caveats: [
        'Resource-based policies (bucket, key, queue policies), service control and resource control policies ' +
          'and session policies are not part of the account snapshot and are not evaluated here; the evaluate ' +
          'command line takes them.',
        ...(actions.length * resources.length > MAX_ROWS
          ? [`Only the first ${MAX_ROWS} action × resource pairs are shown.`]
          : []),
        ...unmatched.map((p) => `${p} matched no action in the catalog.`),
        ...policies.problems,
      ],
    };
    const compared: HostReport['sections'][number] = {
      heading: 'IAM’s simulator',
      text:
        'Ask IAM’s own policy simulator (SimulatePrincipalPolicy, which needs iam:SimulatePrincipalPolicy) the ' +
        'same questions and list where it decides differently.',
      table: {
        columns: ['Compare'],
        rows: [
          [
            {
              text: '',
              links: [
                {
                  text: 'Compare with IAM’s simulator',
                  title: 'Calls SimulatePrincipalPolicy with these actions, resources and context',
                  open: async () => {
                    const ours = outcome.results.map((r) => ({
                      action: r.action,
                      resource: r.resource,
                      decision: r.result.decision,
                    }));
                    // One request per 100 actions, and pages of each: with progress, and Cancel between them.
                    const differences = await services.ui.withProgress(
                      {
                        location: vscode.ProgressLocation.Notification,
                        title: `Asking IAM’s policy simulator about ${entity.name}`,
                        cancellable: true,
                      },
                      (_progress, token) => compareWithIam(services, profile, principal.arn, ours, context, token),
                    );
                    services.reports.show('simulate', `Simulate: ${entity.name}`, {
                      ...report,
                      sections: [
                        ...report.sections,
                        {
                          heading: 'IAM’s simulator',
                          text: differences.length
                            ? `IAM’s simulator decides ${differences.length} of ${ours.length} differently. It ` +
                              `does not evaluate resource-based policies for roles or session policies, and may ` +
                              `know policies or condition keys the snapshot predates.`
                            : `IAM’s simulator agrees on all ${ours.length}.`,
                          table: {
                            columns: ['Action', 'Resource', 'This engine', 'IAM’s simulator'],
                            rows: differences.map((d) => [
                              { text: d.action },
                              { text: d.resource },
                              { text: d.ours },
                              { text: d.iam, tone: 'warning' },
                            ]),
                          },
                        },
                      ],
                    });
                  },
                },
              ],
            },
          ],
        ],
      },
    };
    return services.reports.show('simulate', `Simulate: ${entity.name}`, {
      ...report,
      sections: [...report.sections, compared],
    });
  },
};
