import { strict as assert } from 'node:assert';
import { CreatePolicyVersionCommand } from '@aws-sdk/client-iam';
import * as vscode from 'vscode';
import type { PolicyTarget } from '../../src/core/iam/policySave';
import { policyUri } from '../../src/documents/policyFileSystem';
import type { ExtensionTestApi } from '../../src/extension';
import type { Emulator, Seed } from '../emulator';
import {
  activateExtension,
  closeEditorsDiscardingEdits,
  connect,
  disconnect,
  eventually,
  nodeAt,
  ScriptedUi,
} from './support';

const ACCOUNT = '123456789012';
const doc = (statement: object) => ({ Version: '2012-10-17', Statement: [statement] });
const readReports = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' });
const deleteReports = doc({
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:DeleteObject'],
  Resource: 'arn:aws:s3:::reports/*',
});
const lambdaTrust = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });

const seed: Seed = {
  users: [{ name: 'alice', inlinePolicies: [{ name: 'read-reports', document: readReports }] }],
  roles: [{ name: 'app-role', trustPolicy: lambdaTrust }],
  policies: [{ name: 'reports-read', versions: [readReports, readReports] }],
};
const arn = `arn:aws:iam::${ACCOUNT}:policy/reports-read`;
const managed: PolicyTarget = { kind: 'managed', profile: 'demo', policyArn: arn, policyName: 'reports-read' };
const pretty = (o: object) => `${JSON.stringify(o, null, 2)}\n`;

async function replaceAll(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    document.uri,
    new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)),
    text,
  );
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('iam: policy documents (file system)', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;
  let ui: ScriptedUi;

  before(async () => {
    api = await activateExtension();
  });

  beforeEach(async () => {
    emulator = await connect(api, seed);
    ui = new ScriptedUi();
    api.services.ui = ui;
  });

  afterEach(async () => {
    await closeEditorsDiscardingEdits();
    await disconnect(emulator);
    emulator = undefined;
  });

  it('the tree opens a trust policy as an iam: file with a readable path; the same address as the editor uses', async () => {
    const node = await nodeAt(api, 'demo', 'Roles', 'app-role', 'Trust Policy');
    const item = await api.services.tree.getTreeItem(node);
    const uri = item.command?.arguments?.[0] as vscode.Uri;
    assert.equal(uri.path, '/demo/roles/app-role/Trust Policy.json');
    assert.equal(uri.toString(), policyUri({ kind: 'trust', profile: 'demo', roleName: 'app-role' }).toString());
    const document = await vscode.workspace.openTextDocument(uri);
    assert.deepEqual(JSON.parse(document.getText()), lambdaTrust);
  });

  it('edit, VS Code’s dirty state, save: the confirmation asks, a new default version is created, Revert File restores what IAM holds', async () => {
    const document = await vscode.workspace.openTextDocument(policyUri(managed));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(document.getText(), pretty(readReports));
    await replaceAll(document, pretty(deleteReports));
    assert.equal(document.isDirty, true);
    let asked = '';
    ui.answer((_kind, request) => {
      asked = String(request);
      return 'Save';
    });
    assert.equal(await document.save(), true);
    assert.match(asked, /Save policy reports-read in IAM \(profile demo\)/);
    // The confirmation leads with what the change grants, above the note on the text diff.
    const detail = ui.messages.find((m) => m.text === asked)?.detail ?? '';
    assert.match(detail, /^Grants new access: s3:DeleteObject on arn:aws:s3:::reports\/\*\./, detail);
    assert.match(
      detail,
      /Allowed now — s3, Write:\n {2}s3:DeleteObject on arn:aws:s3:::reports\/\* \(new action; statement #1\)/,
    );
    assert.match(detail, /The diff editor shows what IAM holds now \(left\)/);
    assert.equal(document.isDirty, false);
    const policy = emulator!.state.getPolicy(arn);
    assert.equal(policy.defaultVersionId, 'v3');
    assert.deepEqual(JSON.parse(decodeURIComponent(policy.versions.get('v3')!.document)), deleteReports);

    // Type again, then Revert File: the text IAM holds (v3) comes back, nothing is written.
    await replaceAll(document, pretty(readReports));
    assert.equal(document.isDirty, true);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(document.isDirty, false);
    assert.deepEqual(JSON.parse(document.getText()), deleteReports);
    assert.equal(emulator!.state.getPolicy(arn).versions.size, 3);
  });

  it('a conflict (IAM changed meanwhile) fails the save with the reason, shows the diff, overwrites nothing', async () => {
    const document = await vscode.workspace.openTextDocument(policyUri(managed));
    await vscode.window.showTextDocument(document);
    // Read it from this test's emulator (VS Code may keep the document of an earlier test).
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.deepEqual(JSON.parse(document.getText()), readReports);
    // Someone else makes a new default version after the document was read.
    const { iam } = await api.services.connections.get('demo');
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: arn,
        PolicyDocument: JSON.stringify(doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' })),
        SetAsDefault: true,
      }),
    );
    await replaceAll(document, pretty(deleteReports));
    assert.equal(await document.save(), false, 'the save fails');
    assert.equal(document.isDirty, true, 'the edit is kept');
    const policy = emulator!.state.getPolicy(arn);
    assert.equal(policy.defaultVersionId, 'v3', 'the other change stays the default');
    assert.equal(policy.versions.size, 3, 'nothing written');
    const diff = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputTextDiff);
    assert.ok(diff, 'the diff of what changed in IAM is shown');
    assert.match(diff.label, /when opened ↔ IAM now/);
  });

  it('an older version is a read-only file: VS Code knows, and a write is refused', async () => {
    const older = policyUri({ ...managed, versionId: 'v1' });
    assert.equal(
      ((await vscode.workspace.fs.stat(older)).permissions ?? 0) & vscode.FilePermission.Readonly,
      vscode.FilePermission.Readonly,
    );
    await assert.rejects(
      () => Promise.resolve(vscode.workspace.fs.writeFile(older, new TextEncoder().encode(pretty(deleteReports)))),
      /read-only: it is not the default version/,
    );
    assert.equal(emulator!.state.getPolicy(arn).versions.size, 2);
  });

  it('a document with errors is not sent to IAM: the save fails naming the error', async () => {
    const uri = policyUri({
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'alice' },
      policyName: 'read-reports',
    });
    const before = emulator!.log.length;
    await assert.rejects(
      () =>
        Promise.resolve(
          vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{"Version": "2012-10-17", "Statement": [')),
        ),
      /Not saved: fix the 2 errors first\. Statement is an empty list/,
    );
    assert.equal(emulator!.log.slice(before).filter((e) => e.operation === 'PutUserPolicy').length, 0);
  });

  it('Reopen With → Text Editor: the same document, its problems in the Problems panel, action completion and the quick fix', async () => {
    const target: PolicyTarget = {
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'alice' },
      policyName: 'read-reports',
    };
    const editor = await api.services.policyEditors.open(target);
    const misspelt = pretty(doc({ Effect: 'Allow', Action: 's3:GetObjkect', Resource: 'arn:aws:s3:::reports/*' }));
    await editor.replace(misspelt);
    // VS Code's own text editor on the same document (what Reopen Editor With… → Text Editor does).
    await vscode.commands.executeCommand('vscode.openWith', editor.document.uri, 'default');
    const textEditor = await eventually(() =>
      vscode.window.activeTextEditor?.document.uri.toString() === editor.document.uri.toString()
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.equal(textEditor.document, editor.document, 'one document, two views');
    assert.equal(textEditor.document.getText(), misspelt, 'the unsaved edit is there');
    const problems = await eventually(() => {
      const d = vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.code === 'unknown-action');
      return d.length ? d : undefined;
    }, 15_000);
    assert.match(problems[0]!.message, /no action "GetObjkect"\. Did you mean "s3:GetObject"\?/);
    assert.equal(problems[0]!.source, 'IAM policy');

    // Completion of actions inside the Action string.
    const at = textEditor.document.positionAt(misspelt.indexOf('s3:Get') + 's3:Get'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      at,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(
      labels.some((l) => /GetObject$/.test(l)),
      labels.slice(0, 20).join(', '),
    );

    // The quick fix replaces the action with the closest real one.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      problems[0]!.range,
    );
    const fix = actions.find((a) => a.title === 'Replace with s3:GetObject');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    await vscode.workspace.applyEdit(fix.edit);
    assert.equal(JSON.parse(editor.document.getText()).Statement[0].Action, 's3:GetObject');
    await eventually(
      () =>
        vscode.languages.getDiagnostics(editor.document.uri).some((x) => x.code === 'unknown-action')
          ? undefined
          : true,
      15_000,
    );
  });
});

describe('IAM: Test Policy… in the policy editor (issue 14)', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;

  before(async () => {
    api = await activateExtension();
    emulator = await connect(api, seed);
  });

  after(async () => {
    await closeEditorsDiscardingEdits();
    await disconnect(emulator);
  });

  it('evaluates the unsaved edit in the policy editor and selects the deciding statement', async () => {
    const editor = await api.services.policyEditors.open(managed);
    const denyDelete = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Read',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:DeleteObject'],
          Resource: 'arn:aws:s3:::reports/*',
        },
        { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
      ],
    };
    await replaceAll(editor.document, pretty(denyDelete));
    api.services.ui = new ScriptedUi().answer(
      (kind, request) => (
        assert.equal((request as vscode.InputBoxOptions).value, 's3:GetObject'),
        kind === 'inputBox' ? 's3:DeleteObject' : undefined
      ),
      () => 'arn:aws:s3:::reports/2026.csv',
    );
    await vscode.commands.executeCommand('iamExplorer.policyEditor.test');
    const shown = api.services.reports.current('test');
    assert.ok(shown, 'no report');
    assert.equal(shown.report.title, 'Denied: s3:DeleteObject on arn:aws:s3:::reports/2026.csv');
    assert.match(shown.report.subtitle ?? '', /\(unsaved\)/);
    const links = shown.report.sections[0]?.table?.rows[0]?.[1]?.links?.map((l) => l.text);
    assert.deepEqual(links, ['this document, statement "NoDelete" (Deny)']);
    await shown.open('this document, statement "NoDelete" (Deny)');
    const text = vscode.window.activeTextEditor;
    assert.equal(text?.document.uri.toString(), editor.document.uri.toString());
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('"NoDelete"'));
    assert.ok(
      text && text.selection.start.line <= line && text.selection.end.line >= line,
      'the Deny statement is selected',
    );

    // Show Policy Summary on the same edit: S3 allowed (Read, Write), and the Deny.
    await vscode.commands.executeCommand('iamExplorer.policyEditor.summary');
    const summary = api.services.reports.current('summary');
    assert.ok(summary, 'no summary report');
    const allowed = summary.report.sections.find((x) => x.heading === 'Allowed')?.table?.rows ?? [];
    assert.deepEqual(
      allowed.map((r) => r[0]?.text),
      ['Amazon S3'],
    );
    assert.match(allowed[0]?.[1]?.text ?? '', /Limited: .*Read/);
    const denied = summary.report.sections.find((x) => x.heading === 'Denied')?.table?.rows ?? [];
    assert.deepEqual(
      denied.map((r) => r[0]?.text),
      ['Amazon S3'],
    );
  });
});
