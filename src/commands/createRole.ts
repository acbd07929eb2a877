import type * as vscode from 'vscode';
import type { CommandDef } from '.';
import { checkAccountId, checkAttachQuota, checkDescription, checkExternalId, checkServicePrincipal, parseSessionDuration } from '../core/iam/rules';
import { COMMON_SERVICE_PRINCIPALS, trustPolicyDocument, type TrustedEntity } from '../core/iam/trust';
import { pickManagedPolicies } from './attachPolicy';
import { askName, askPath, askTags, connectionOf, existingNames, profileOf, report, withProgress, type Mutation } from './ops';
import { Cancelled } from './runCommand';

const OTHER_SERVICE = 'Another service…';

/**
 * IAM: Create Role… — a wizard: who may assume it (an AWS service, another account, this
 * account), name, path, description, max session duration, tags, and managed policies to
 * attach. The trust policy is generated.
 */
export const createRole: CommandDef = {
  id: 'iamExplorer.createRole',
  async run(services, node?: unknown) {
    const profile = await profileOf(services, node);
    const title = (step: number) => `Create IAM role (${step}/8)`;
    const conn = await connectionOf(services, profile);
    const ask = async (options: vscode.InputBoxOptions, check: (v: string) => string | undefined) => {
      const v = await services.ui.showInputBox({ ...options, validateInput: check, ignoreFocusOut: true });
      if (v === undefined) throw new Cancelled();
      const problem = check(v);
      if (problem) throw new Error(problem);
      return v.trim();
    };

    const kind = await services.ui.showQuickPick(
      [
        { label: 'AWS service', description: 'Lambda, EC2, ECS tasks…', value: 'service' as const },
        { label: 'Another AWS account', description: 'principals of an account you name', value: 'account' as const },
        { label: 'This account', description: 'principals of this account that are allowed to assume it', value: 'same' as const },
      ],
      { title: `${title(1)}: trusted entity`, placeHolder: 'Who may assume the role?' },
    );
    if (!kind) throw new Cancelled();
    let trusted: TrustedEntity;
    if (kind.value === 'service') {
      const picked = await services.ui.showQuickPick(
        [
          ...COMMON_SERVICE_PRINCIPALS.map((s) => ({ label: s.principal, description: s.description })),
          { label: OTHER_SERVICE, description: 'type a service principal' },
        ],
        { title: `${title(1)}: AWS services`, placeHolder: 'Services that may assume the role', canPickMany: true, matchOnDescription: true },
      );
      if (!picked || picked.length === 0) throw new Cancelled();
      const services_ = picked.filter((p) => p.label !== OTHER_SERVICE).map((p) => p.label);
      if (picked.some((p) => p.label === OTHER_SERVICE)) {
        services_.push(await ask({ title: `${title(1)}: service principal`, prompt: 'Service principal, such as glue.amazonaws.com' }, checkServicePrincipal));
      }
      trusted = { kind: 'service', services: services_ };
    } else {
      const accountId =
        kind.value === 'same'
          ? (await conn.model.identity()).identity.account
          : await ask({ title: `${title(1)}: account`, prompt: 'The 12-digit id of the account whose principals may assume the role' }, checkAccountId);
      const externalId =
        kind.value === 'account'
          ? await ask({ title: `${title(1)}: external id`, prompt: 'External id the other account must pass (optional; recommended for third parties)' }, checkExternalId)
          : '';
      const mfa = await services.ui.showQuickPick(
        [
          { label: 'Require MFA', value: true },
          { label: 'Do not require MFA', value: false },
        ],
        { title: `${title(1)}: MFA`, placeHolder: 'Require the caller to have signed in with MFA?' },
      );
      if (!mfa) throw new Cancelled();
      trusted = { kind: 'account', accountId, externalId: externalId || undefined, requireMfa: mfa.value };
    }
    const trustPolicy = trustPolicyDocument(trusted, conn.partition);

    const name = await askName(services, 'role', title(2), await existingNames(services, profile, 'role'));
    const path = await askPath(services, title(3));
    const description = await ask({ title: title(4), prompt: 'Description (optional)' }, checkDescription);
    const duration = await ask({ title: title(5), prompt: 'Maximum session duration: 1h to 12h, or seconds', value: '1h' }, (v) => {
      const r = parseSessionDuration(v);
      return r.ok ? undefined : r.message;
    });
    const maxSessionDuration = (parseSessionDuration(duration) as { seconds: number }).seconds;
    const tags = await askTags(services, title(6));
    const policies = await pickManagedPolicies(services, conn, [], `${title(7)}: managed policies to attach (optional)`, true);
    const summary = await conn.service.accountSummary().catch(() => ({}) as Record<string, number>);
    const quota = summary.AttachedPoliciesPerRoleQuota ?? 10;
    const tooMany = checkAttachQuota({ type: 'role', name }, 0, policies.length, quota);
    if (tooMany) throw new Error(tooMany);

    const changes: Mutation[] = [];
    const arn = await withProgress(`Creating role ${name}`, async (progress) => {
      progress('creating the role');
      const created = await conn.service.createRole({ name, path, trustPolicy, description, maxSessionDuration, tags });
      changes.push({ kind: 'created', entity: created, trustPolicy });
      const attached: string[] = [];
      for (const p of policies) {
        progress(`attaching ${p.name}`);
        try {
          await conn.service.attachPolicy({ type: 'role', name }, p.arn);
        } catch (err) {
          report(conn, changes);
          const left = policies.filter((x) => !attached.includes(x.name) && x !== p).map((x) => x.name);
          throw Object.assign(err instanceof Error ? err : new Error(String(err)), {
            message: `Role ${name} was created${attached.length ? ` and ${attached.join(', ')} attached` : ''}, but attaching ${p.name} failed: ${
              err instanceof Error ? err.message : String(err)
            }.${left.length ? ` Not attached: ${left.join(', ')}.` : ''} Attach the rest with "IAM: Attach Policy…".`,
          });
        }
        attached.push(p.name);
        changes.push({ kind: 'attachment', entity: { type: 'role', name }, policyArn: p.arn, attached: true });
      }
      return created.arn;
    });
    services.log.info(`created role ${arn}`);
    report(conn, changes);
    void services.ui.showInformationMessage(`Created IAM role ${name}${policies.length ? ` with ${policies.map((p) => p.name).join(', ')}` : ''}.`);
    return arn;
  },
};
