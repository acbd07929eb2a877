import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { accessChange } from '../core/access';
import type { IamService } from '../aws/iamService';
import { rankByNames, renderForDiff } from '../core/iac/deployed';
import { findPolicies, formatFromName } from '../core/iac/files';
import type { FoundPolicy } from '../core/iac/ir';
import type { Entity } from '../core/iam/model';
import { formatPolicy } from '../core/policy/document';
import type { Services } from '../services';
import { pickProfile } from './pickers';
import { Cancelled } from './runCommand';

/** Read-only documents for the two sides of the diff, by URI. */
const SCHEME = 'iam-compare';
const contents = new Map<string, string>();
let registered = false;

function documentFor(services: Services, path: string, text: string): vscode.Uri {
  if (!registered) {
    registered = true;
    services.context.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
        provideTextDocumentContent: (uri) => contents.get(uri.toString()) ?? '',
      }),
    );
  }
  // A new URI per comparison: VS Code caches a provider's document by URI.
  const uri = vscode.Uri.from({ scheme: SCHEME, path, query: String(Date.now() + Math.random()) });
  contents.set(uri.toString(), text);
  return uri;
}

/** The policy under the cursor of the active editor, or one picked among the file's policies. */
async function policyInEditor(services: Services): Promise<{ policy: FoundPolicy; file: string; name: string }> {
  const editor = vscode.window.activeTextEditor;
  const doc = editor?.document;
  const name = doc && (doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined);
  if (!doc || !name || !formatFromName(name))
    throw new Error(
      'Open a policy JSON, CloudFormation, Terraform or CDK file and put the cursor in a policy, then run IAM: ' +
        'Compare with Deployed Policy again.',
    );
  const text = doc.getText();
  const policies = findPolicies(name, text).policies.filter((p) => p.deployed);
  if (policies.length === 0)
    throw new Error(
      'This file has no IAM policy that is kept in IAM (a managed policy, a role trust policy or an inline ' +
        'policy of a role, user or group); resource policies such as bucket policies cannot be compared here.',
    );
  const offset = doc.offsetAt(editor.selection.active);
  const here = policies.find((p) => p.span.from <= offset && offset <= p.span.to);
  if (here) return { policy: here, file: text, name };
  if (policies.length === 1 && policies[0]) return { policy: policies[0], file: text, name };
  const picked = await services.ui.showQuickPick(
    policies.map((p) => ({ label: p.label, description: `line ${doc.positionAt(p.span.from).line + 1}`, policy: p })),
    { title: 'Compare which policy with IAM?' },
  );
  if (!picked) throw new Cancelled();
  return { policy: picked.policy, file: text, name };
}

const described = (m: 'exact' | 'partial' | undefined): string | undefined =>
  m === 'exact' ? 'matches the name in the file' : m === 'partial' ? 'similar to the name in the file' : undefined;

/** A quick pick that opens at once and fills in when the list arrives (a large account takes a while). */
async function pickEntity(
  services: Services,
  entities: Promise<Entity[]>,
  hints: string[],
  title: string,
): Promise<Entity> {
  const items = entities.then((list) => {
    if (list.length === 0) throw new Error(`${title.replace(/\?$/, '')}: there is none in this account.`);
    return rankByNames(list, (e) => e.name, hints).map(({ item, match }) => ({
      label: item.name,
      description: described(match),
      detail: item.arn,
      entity: item,
    }));
  });
  const picked = await services.ui.showQuickPick(items, {
    title,
    placeHolder: hints.length ? `The file names: ${hints.join(', ')}` : 'Type a name',
    matchOnDetail: true,
  });
  if (!picked) throw new Cancelled();
  return picked.entity;
}

/** The deployed document for the policy's place, picked with the file's names first. */
async function deployedDocument(
  services: Services,
  service: IamService,
  policy: FoundPolicy,
): Promise<{ title: string; text: string }> {
  const hint = policy.deployed;
  if (!hint) throw new Error('This policy is not kept in IAM.');
  if (hint.place === 'managed') {
    const managed = await pickEntity(
      services,
      service.listPolicies('Local'),
      hint.names,
      'Which customer managed policy?',
    );
    const versions = await service.listPolicyVersions(managed.arn);
    const current = versions.find((v) => v.isDefault);
    if (!current) throw new Error(`${managed.name} has no default version.`);
    return {
      title: `${managed.name} (${current.versionId})`,
      text: await service.getPolicyVersion(managed.arn, current.versionId),
    };
  }
  if (hint.place === 'trust') {
    const role = await pickEntity(services, service.listRoles(), hint.names, 'Trust policy of which role?');
    return { title: `${role.name} trust policy`, text: await service.getTrustPolicy(role.name) };
  }
  const owner = hint.owner ?? 'role';
  const list = owner === 'role' ? service.listRoles() : owner === 'user' ? service.listUsers() : service.listGroups();
  const entity = await pickEntity(services, list, hint.names, `Inline policy of which ${owner}?`);
  const ref = { type: owner, name: entity.name } as const;
  const names = await service.listInlinePolicyNames(ref);
  if (names.length === 0) throw new Error(`The ${owner} ${entity.name} has no inline policy.`);
  const picked = await services.ui.showQuickPick(
    rankByNames(names, (n) => n, hint.policyName ? [hint.policyName] : []).map(({ item, match }) => ({
      label: item,
      description: described(match),
    })),
    { title: `Which inline policy of ${entity.name}?` },
  );
  if (!picked) throw new Cancelled();
  return { title: `${entity.name} / ${picked.label}`, text: await service.getInlinePolicy(ref, picked.label) };
}

/**
 * IAM: Compare with Deployed Policy — a diff between what IAM holds now (left) and the
 * policy in the file under the cursor (right), the live policy guessed from the names
 * the file gives and confirmed in a quick pick.
 */
export const compareWithDeployed: CommandDef = {
  id: 'iamExplorer.compareWithDeployed',
  async run(services) {
    const { policy, file, name } = await policyInEditor(services);
    const profile = await pickProfile(services);
    const { service } = await services.connections.get(profile);
    const deployed = await deployedDocument(services, service, policy);
    const left = documentFor(services, `/${profile}/${deployed.title}.json`, formatPolicy(deployed.text) + '\n');
    const right = documentFor(services, `/code/${policy.label}.json`, renderForDiff(policy, file) + '\n');
    const base = name.split(/[\\/]/).pop() ?? name;
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      right,
      `${deployed.title} (${profile}) ↔ ${base}: ${policy.label}`,
      { preview: false },
    );
    // What the file grants that the deployed policy does not (the editor's access difference).
    const change = await accessChange(deployed.text, renderForDiff(policy, file), services.catalog());
    const message = change.ok ? `Compared with the deployed policy: ${change.headline}` : change.message;
    void services.ui
      .showInformationMessage(message, ...(change.ok && change.lines.length ? ['Details'] : []))
      .then((choice) => {
        if (choice !== 'Details' || !change.ok) return;
        services.reports.show('compare', `Compare: ${policy.label}`, {
          title: `${policy.label} in ${base} compared with ${deployed.title} (${profile})`,
          summary: change.headline,
          sections: [
            {
              heading: 'What the file grants that the deployed policy does not, and the other way',
              table: { columns: ['Difference'], rows: change.lines.map((line) => [{ text: line }]) },
            },
          ],
          caveats: [
            'Values known only at deploy time (intrinsic functions, references, ${…}) are compared as written.',
          ],
        });
      });
    return { left, right, change };
  },
};
