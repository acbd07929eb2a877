import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { gatherPolicies } from '../core/eval/account';
import { evaluate } from '../core/eval/engine';
import type { EvalInput, MatchedStatement } from '../core/eval/types';
import { parseDocumentAddress } from '../core/iam/documentAddress';
import type { PolicyTarget } from '../core/iam/policySave';
import type { Services } from '../services';
import type { HostCell, HostLink } from '../webview/host/reportPanel';
import { activeDocument } from './formatPolicyDocument';
import { showStatement, statementName } from './reasoning';
import { Cancelled } from './runCommand';

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** A concrete action the document names, to start the prompt with. */
function firstAction(text: string): string | undefined {
  try {
    const doc = JSON.parse(text) as { Statement?: unknown };
    const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as { Action?: unknown }[];
    for (const s of statements)
      for (const a of [s?.Action].flat()) if (typeof a === 'string' && ACTION.test(a)) return a;
  } catch {
    // not JSON yet: no suggestion
  }
  return undefined;
}

async function ask(
  services: Services,
  title: string,
  prompt: string,
  value: string,
  check: (v: string) => string | undefined,
): Promise<string> {
  const answer = await services.ui.showInputBox({ title, prompt, value, validateInput: (v) => check(v.trim()) });
  if (answer === undefined) throw new Cancelled();
  return answer.trim();
}

/** Selects a statement of the document in VS Code's text editor beside the policy editor. */
function statementLink(document: vscode.TextDocument, m: MatchedStatement, label: string): HostLink {
  return {
    text: `${label}, ${statementName(m)}`,
    title: 'Show the statement in the document',
    open: () => showStatement(document, m.statement, { viewColumn: vscode.ViewColumn.Beside, preview: true }),
  };
}

/**
 * IAM: Test Policy… (the policy editor's title bar) — evaluates the document being edited, as it
 * is now, for a typed request: alone, or with the other policies of the user or role it belongs
 * to (from the account snapshot); a trust policy for a principal assuming the role. Shows the
 * decision and selects the deciding statement in the document.
 */
export const testPolicy: CommandDef = {
  id: 'iamExplorer.policyEditor.test',
  async run(services) {
    const document = activeDocument(services);
    const target = parseDocumentAddress(document.uri.query);
    if (typeof target === 'string') throw new Error(`Cannot test this document: ${target}.`);
    const text = document.getText();
    const { model } = await services.connections.get(target.profile);
    const account = (await model.identity()).identity.account;
    const title = `Test ${document.uri.path.split('/').pop() ?? 'policy'}`;
    const input =
      target.kind === 'trust'
        ? await trustInput(services, title, text, account, target.roleName)
        : await identityInput(services, title, text, account, target);
    const result = evaluate(input.input);
    const tone: HostCell['tone'] =
      result.decision === 'allowed' ? 'allow' : result.decision === 'explicitDeny' ? 'deny' : 'warning';
    const decision = { allowed: 'Allowed', explicitDeny: 'Denied', implicitDeny: 'Not allowed' }[result.decision];
    const inDocument = (m: MatchedStatement) => (m.layer === 'identity' && m.policy === 0) || m.layer === 'resource';
    const links = result.explain.deciding.filter(inDocument).map((m) => statementLink(document, m, 'this document'));
    const elsewhere = result.explain.deciding
      .filter((m) => !inDocument(m))
      .map((m) => `${input.otherLabel(m)}, ${statementName(m)}`);
    const { request } = input.input;
    return services.reports.show('test', `Test: ${document.uri.path.split('/').pop() ?? ''}`, {
      title: `${decision}: ${request.action} on ${request.resource}`,
      subtitle:
        `${input.scope} · principal ${request.principal} · the document as it is in the editor` +
        `${document.isDirty ? ' (unsaved)' : ''}`,
      summary: result.explain.reason,
      sections: [
        {
          heading: 'Decision',
          table: {
            columns: ['Decision', 'Deciding statements', 'Missing context keys'],
            rows: [
              [
                { text: decision, tone },
                { text: links.length || elsewhere.length ? '' : '—', links, notes: elsewhere },
                { text: result.explain.missingContextKeys.join(', ') || '—' },
              ],
            ],
          },
        },
      ],
      caveats: input.caveats,
    });
  },
};

interface TestInput {
  input: EvalInput;
  scope: string;
  otherLabel(m: MatchedStatement): string;
  caveats: string[];
}

async function identityInput(
  services: Services,
  title: string,
  text: string,
  account: string,
  target: PolicyTarget,
): Promise<TestInput> {
  const owner = target.kind === 'inline' && target.owner.type !== 'group' ? target.owner : undefined;
  const principalArn = owner ? `arn:aws:iam::${account}:${owner.type}/${owner.name}` : undefined;
  const snapshot = (await services.connections.get(target.profile)).model.snapshot();
  let others: ReturnType<typeof gatherPolicies>;
  if (principalArn && snapshot) {
    const picked = await services.ui.showQuickPick(
      [
        { label: 'This document alone', with: false },
        {
          label: `With the other policies of ${owner?.type} ${owner?.name}`,
          description: 'its groups, attached policies and boundary, from the account snapshot',
          with: true,
        },
      ],
      { title: `${title}: which policies?` },
    );
    if (!picked) throw new Cancelled();
    if (picked.with) others = gatherPolicies(snapshot, principalArn);
  }
  const action = await ask(
    services,
    `${title}: action`,
    'One action, such as s3:GetObject',
    firstAction(text) ?? '',
    (v) => (ACTION.test(v) ? undefined : 'Write one action as service:Action, such as s3:GetObject.'),
  );
  const resource = await ask(services, `${title}: resource`, 'The resource ARN, or * for any resource', '*', (v) =>
    v === '*' || v.startsWith('arn:') ? undefined : 'Write an ARN or *.',
  );
  const ownPolicy =
    others?.identity.filter(
      (s) =>
        !(
          s.kind === 'inline' &&
          target.kind === 'inline' &&
          s.name === target.policyName &&
          s.attachedTo === target.owner.type &&
          s.entity === target.owner.name
        ),
    ) ?? [];
  const identityPolicies = [text, ...ownPolicy.map((s) => s.document.text)];
  return {
    input: {
      identityPolicies,
      permissionsBoundary: others?.boundary?.document.text ?? null,
      request: { principal: principalArn ?? `arn:aws:iam::${account}:user/policy-test`, action, resource },
    },
    scope: others
      ? `with the other policies of ${owner?.type} ${owner?.name}`
      : 'this document alone, as an identity policy',
    otherLabel: (m) =>
      m.layer === 'boundary' ? 'the permissions boundary' : (ownPolicy[m.policy - 1]?.name ?? 'another policy'),
    caveats: [
      'No context keys are given: conditions that need one count as not met.',
      ...(others ? others.problems : []),
      'Resource-based policies, SCPs and RCPs are not part of this test; the evaluate command line takes them.',
    ],
  };
}

async function trustInput(
  services: Services,
  title: string,
  text: string,
  account: string,
  roleName: string,
): Promise<TestInput> {
  const principal = await ask(
    services,
    `${title}: who assumes the role?`,
    'A principal ARN (arn:aws:iam::111122223333:role/ci), an account root, or a service (ec2.amazonaws.com)',
    `arn:aws:iam::${account}:root`,
    (v) =>
      v.startsWith('arn:') || /\.amazonaws\.com(\.cn)?$/.test(v)
        ? undefined
        : 'Write an ARN or a service principal such as ec2.amazonaws.com.',
  );
  const action = await ask(
    services,
    `${title}: action`,
    'sts:AssumeRole, sts:AssumeRoleWithWebIdentity, sts:TagSession…',
    'sts:AssumeRole',
    (v) => (ACTION.test(v) ? undefined : 'Write one action, such as sts:AssumeRole.'),
  );
  return {
    input: {
      // The caller's own side is assumed to allow the call: this tests what the trust policy admits.
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
      resourcePolicy: text,
      request: { principal, action, resource: `arn:aws:iam::${account}:role/${roleName}`, resourceAccount: account },
    },
    scope: `the trust policy of role ${roleName}`,
    otherLabel: () => 'the caller’s own policies (assumed to allow)',
    caveats: [
      'The caller’s own policies are assumed to allow the call: this tests what the trust policy admits.',
      'No context keys are given: conditions such as sts:ExternalId or aws:MultiFactorAuthPresent count as not met.',
    ],
  };
}
