import { describeAwsError } from '../core/iam/errors';
import type * as vscode from 'vscode';
import type { CommandDef } from '.';
import {
  checkAccountId,
  checkAttachQuota,
  checkDescription,
  checkExternalId,
  checkName,
  checkPath,
  checkServicePrincipal,
  parseSessionDuration,
  parseTags,
} from '../core/iam/rules';
import { COMMON_SERVICE_PRINCIPALS, trustPolicyDocument, type TrustedEntity } from '../core/iam/trust';
import { managedPolicyItems, type PickedPolicy, type PolicyItem } from './attachPolicy';
import { connectionOf, existingNames, profileOf, report, withProgress, type Mutation } from './ops';
import { BACK, type Back, type StepOptions } from './ui';
import { Cancelled } from '../core/cancelled';

const OTHER_SERVICE = 'Another service…';

type TrustKind = 'service' | 'account' | 'same';
interface KindItem extends vscode.QuickPickItem {
  readonly value: TrustKind;
}
interface MfaItem extends vscode.QuickPickItem {
  readonly value: boolean;
}

/** What the wizard has been told so far; a step going Back keeps it, and shows it again. */
interface Answers {
  kind?: TrustKind;
  services?: string[];
  otherService?: string;
  accountId?: string;
  externalId?: string;
  requireMfa?: boolean;
  name?: string;
  path?: string;
  description?: string;
  duration?: string;
  tags?: string;
  policies?: PickedPolicy[];
}

/**
 * One step: whether it applies to the answers so far, and how to ask it (BACK to go back, undefined when dismissed).
 */
interface Step {
  readonly applies: (a: Answers) => boolean;
  readonly ask: (a: Answers, at: StepOptions & { title: string }) => Promise<Back | undefined | 'next'>;
}

/**
 * IAM: Create Role… — one multi-step flow (step n of m, with a Back button that keeps what was
 * entered): who may assume the role (an AWS service, another account, this account), name,
 * path, description, max session duration, tags, and managed policies to attach. The trust
 * policy is generated.
 */
export const createRole: CommandDef = {
  id: 'iamExplorer.createRole',
  async run(services, node?: unknown) {
    const profile = await profileOf(services, node);
    const conn = await connectionOf(services, profile);
    const existing = await existingNames(services, profile, 'role');
    const { ui } = services;

    /**
     * An input step whose value is checked as typed and again once entered (a value from elsewhere is refused with the
     * same message).
     */
    const input = (
      key: keyof Answers,
      options: { prompt: string; placeHolder?: string; initial?: string },
      check: (v: string) => string | undefined,
      applies: (a: Answers) => boolean = () => true,
    ): Step => ({
      applies,
      async ask(a, at) {
        const previous = a[key];
        const v = await ui.inputStep({
          ...at,
          prompt: options.prompt,
          placeHolder: options.placeHolder,
          value: typeof previous === 'string' ? previous : options.initial,
          validateInput: check,
          ignoreFocusOut: true,
        });
        if (v === BACK || v === undefined) return v;
        const problem = check(v);
        if (problem) throw new Error(problem);
        (a as Record<string, unknown>)[key] = v.trim();
        return 'next';
      },
    });

    const steps: Step[] = [
      {
        applies: () => true,
        async ask(a, at) {
          const items: KindItem[] = [
            { label: 'AWS service', description: 'Lambda, EC2, ECS tasks…', value: 'service' },
            { label: 'Another AWS account', description: 'principals of an account you name', value: 'account' },
            {
              label: 'This account',
              description: 'principals of this account that are allowed to assume it',
              value: 'same',
            },
          ];
          const picked = await ui.pickStep(items, {
            ...at,
            title: `${at.title}: trusted entity`,
            placeHolder: 'Who may assume the role?',
            selected: (i) => i.value === a.kind,
          });
          if (picked === BACK || picked === undefined) return picked;
          a.kind = (picked as KindItem).value;
          return 'next';
        },
      },
      {
        // Before the first answer, counted as the default (a service), so the first step says "1 of 8".
        applies: (a) => a.kind === undefined || a.kind === 'service',
        async ask(a, at) {
          const items = [
            ...COMMON_SERVICE_PRINCIPALS.map((s) => ({ label: s.principal, description: s.description })),
            { label: OTHER_SERVICE, description: 'type a service principal' },
          ];
          const chosen = [...(a.services ?? []), ...(a.otherService !== undefined ? [OTHER_SERVICE] : [])];
          const picked = await ui.pickStep(items, {
            ...at,
            title: `${at.title}: AWS services`,
            placeHolder: 'Services that may assume the role',
            canPickMany: true,
            matchOnDescription: true,
            selected: (i) => chosen.includes(i.label),
          });
          if (picked === BACK || picked === undefined) return picked;
          const list = picked as readonly vscode.QuickPickItem[];
          if (list.length === 0) return undefined;
          a.services = list.filter((p) => p.label !== OTHER_SERVICE).map((p) => p.label);
          if (!list.some((p) => p.label === OTHER_SERVICE)) a.otherService = undefined;
          else a.otherService ??= '';
          return 'next';
        },
      },
      input(
        'otherService',
        { prompt: 'Service principal, such as glue.amazonaws.com' },
        checkServicePrincipal,
        (a) => a.kind === 'service' && a.otherService !== undefined,
      ),
      input(
        'accountId',
        { prompt: 'The 12-digit id of the account whose principals may assume the role' },
        checkAccountId,
        (a) => a.kind === 'account',
      ),
      input(
        'externalId',
        { prompt: 'External id the other account must pass (optional; recommended for third parties)' },
        checkExternalId,
        (a) => a.kind === 'account',
      ),
      {
        applies: (a) => a.kind === 'account' || a.kind === 'same',
        async ask(a, at) {
          const items: MfaItem[] = [
            { label: 'Require MFA', value: true },
            { label: 'Do not require MFA', value: false },
          ];
          const picked = await ui.pickStep(items, {
            ...at,
            title: `${at.title}: MFA`,
            placeHolder: 'Require the caller to have signed in with MFA?',
            selected: (i) => i.value === a.requireMfa,
          });
          if (picked === BACK || picked === undefined) return picked;
          a.requireMfa = (picked as MfaItem).value;
          return 'next';
        },
      },
      input('name', { prompt: 'Role name: letters, digits and + = , . @ _ -' }, (v) => checkName('role', v, existing)),
      input(
        'path',
        { prompt: 'Path, to organise entities ("/" for none; "/division/team/" to nest)', initial: '/' },
        checkPath,
      ),
      input('description', { prompt: 'Description (optional)' }, checkDescription),
      input('duration', { prompt: 'Maximum session duration: 1h to 12h, or seconds', initial: '1h' }, (v) => {
        const r = parseSessionDuration(v);
        return r.ok ? undefined : r.message;
      }),
      input(
        'tags',
        {
          prompt: 'Tags as key=value, separated by commas (leave empty for none). A repeated key replaces its value.',
          placeHolder: 'team=platform, cost-center=42',
        },
        (v) => {
          const r = parseTags(v);
          return r.ok ? undefined : r.message;
        },
      ),
      {
        applies: () => true,
        async ask(a, at) {
          const chosen = new Set((a.policies ?? []).map((p) => p.arn));
          const picked = await ui.pickStep(managedPolicyItems(conn, []), {
            ...at,
            title: `${at.title}: managed policies to attach (optional)`,
            placeHolder: 'Type to search names, paths and descriptions; select one or more',
            canPickMany: true,
            matchOnDescription: true,
            matchOnDetail: true,
            selected: (i) => chosen.has(i.arn),
          });
          if (picked === BACK || picked === undefined) return picked;
          a.policies = (picked as readonly PolicyItem[]).map((p) => ({ name: p.name, arn: p.arn }));
          return 'next';
        },
      },
    ];

    const a: Answers = {};
    for (let i = 0; i < steps.length;) {
      const step = steps[i];
      if (!step) break;
      if (!step.applies(a)) {
        i++;
        continue;
      }
      const applicable = steps.filter((s) => s.applies(a));
      const at = { step: applicable.indexOf(step) + 1, totalSteps: applicable.length, title: 'Create IAM role' };
      const outcome = await step.ask(a, at);
      if (outcome === undefined) throw new Cancelled();
      if (outcome === 'next') {
        i++;
        continue;
      }
      // Back: to the previous step that applies to the answers as they are.
      let j = i - 1;
      while (j >= 0 && !steps[j]?.applies(a)) j--;
      i = Math.max(j, 0);
    }

    const trusted: TrustedEntity =
      a.kind === 'service'
        ? { kind: 'service', services: [...(a.services ?? []), ...(a.otherService ? [a.otherService] : [])] }
        : {
            kind: 'account',
            accountId: a.kind === 'same' ? (await conn.model.identity()).identity.account : (a.accountId ?? ''),
            externalId: a.externalId || undefined,
            requireMfa: a.requireMfa,
          };
    const trustPolicy = trustPolicyDocument(trusted, conn.partition);
    const name = a.name ?? '';
    const path = a.path ?? '/';
    const description = a.description ?? '';
    const maxSessionDuration = (parseSessionDuration(a.duration ?? '1h') as { seconds: number }).seconds;
    const parsedTags = parseTags(a.tags ?? '');
    const tags = parsedTags.ok ? parsedTags.tags : [];
    const policies = a.policies ?? [];
    const summary = await conn.service.accountSummary().catch(() => ({}) as Record<string, number>);
    const quota = summary.AttachedPoliciesPerRoleQuota ?? 10;
    const tooMany = checkAttachQuota({ type: 'role', name }, 0, policies.length, quota);
    if (tooMany) throw new Error(tooMany);

    const changes: Mutation[] = [];
    const attached: string[] = [];
    let failure: string | undefined;
    let cancelled = false;
    const arn = await withProgress(
      services,
      `Creating role ${name}`,
      async (progress, signal) => {
        progress('Creating the role');
        const created = await conn.service.createRole({
          name,
          path,
          trustPolicy,
          description,
          maxSessionDuration,
          tags,
        });
        changes.push({ kind: 'created', entity: created, trustPolicy });
        for (const p of policies) {
          if (signal.aborted) {
            cancelled = true;
            break;
          }
          progress(`Attaching ${p.name}`);
          try {
            await conn.service.attachPolicy({ type: 'role', name }, p.arn);
          } catch (err) {
            // The SDK's error stays as it is (logged with its code and request id); the user reads what was done.
            services.log.error(`attaching ${p.arn} to role ${name}: ${describeAwsError(err)}`);
            failure = `attaching ${p.name} failed: ${describeAwsError(err)}`;
            break;
          }
          attached.push(p.name);
          changes.push({ kind: 'attachment', entity: { type: 'role', name }, policyArn: p.arn, attached: true });
        }
        return created.arn;
      },
      conn.profile,
    );
    services.log.info(`created role ${arn}`);
    report(conn, changes);
    const left = policies.map((p) => p.name).filter((n) => !attached.includes(n));
    const done = `Role ${name} was created${attached.length ? ` and ${attached.join(', ')} attached` : ''}`;
    if (failure || cancelled) {
      const message =
        `${done}, but ${failure ?? 'attaching was cancelled'}. Not attached: ${left.join(', ')}. Attach them with ` +
        `"IAM: Attach Policy…".`;
      if (failure) void services.ui.showErrorMessage(message);
      else void services.ui.showInformationMessage(message);
      return arn;
    }
    void services.ui.showInformationMessage(
      `Created IAM role ${name}${policies.length ? ` with ${policies.map((p) => p.name).join(', ')}` : ''}.`,
    );
    return arn;
  },
};
