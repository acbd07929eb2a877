import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PolicyTarget } from '../../src/core/iam/policySave';
import type { ExtensionTestApi } from '../../src/extension';
import type { PolicyEditorPanel } from '../../src/webview/host/policyEditors';
import type { PageSnapshot } from '../../src/webview/protocol';
import type { Emulator, Seed } from '../emulator';
import {
  activateExtension,
  closeEditorsDiscardingEdits,
  connect,
  disconnect,
  eventually,
  nodeAt,
  ScriptedUi,
  updateSettings,
} from './support';

const ACCOUNT = '123456789012';
const doc = (statement: object) => ({ Version: '2012-10-17', Statement: [statement] });
const readReports = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' });
const lambdaTrust = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
const version = (n: number) =>
  doc({ Sid: `V${n}`, Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::bucket-${n}` });

// IAM (and the emulator) refuse names outside [\w+=,.@-], so markup reaches the page through policy text:
// resources, condition values and action names, which the findings, the summary and the editor show.
const HOSTILE_RESOURCE = 'arn:aws:s3:::<script>alert(1)</script>';
const HOSTILE_ACTION = '<img src=x onerror=alert(1)>:Get';
const HOSTILE_CONDITION = '[click](command:workbench.action.reloadWindow) <b>bold</b>';
const hostile = doc({
  Effect: 'Allow',
  Action: ['s3:GetObject', HOSTILE_ACTION],
  Resource: HOSTILE_RESOURCE,
  Condition: { StringEquals: { 'aws:PrincipalTag/team': HOSTILE_CONDITION } },
});

const seed: Seed = {
  users: [
    { name: 'alice', inlinePolicies: [{ name: 'read-reports', document: readReports }] },
    { name: 'mallory', inlinePolicies: [{ name: 'markup', document: readReports }] },
  ],
  roles: [{ name: 'app-role', trustPolicy: lambdaTrust }],
  policies: [
    { name: 'reports-read', description: 'Read the reports bucket', versions: [readReports, readReports] },
    { name: 'five-versions', versions: [1, 2, 3, 4, 5].map(version) },
  ],
};

const arnOf = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const pretty = (o: object) => JSON.stringify(o, null, 2);

describe('policy editor', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;
  let ui: ScriptedUi;

  before(async () => {
    api = await activateExtension();
    // Editors other suites opened (the create commands hand over to the editor) belong to their accounts.
    for (const editor of api.services.policyEditors.all()) editor.panel.dispose();
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

  async function openEditor(target: PolicyTarget): Promise<PolicyEditorPanel> {
    const editor = await api.services.policyEditors.open(target);
    await editor.test({ do: 'query' });
    return editor;
  }

  /** Waits until the page shows what `probe` wants, re-reading its DOM state. */
  async function pageUntil(
    editor: PolicyEditorPanel,
    probe: (s: PageSnapshot) => boolean,
    what: string,
  ): Promise<PageSnapshot> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const s = await editor.test({ do: 'query' });
      if (probe(s)) return s;
      if (Date.now() > deadline) throw new Error(`page never showed ${what}; it shows ${JSON.stringify(s, null, 1)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('opens a managed policy from the tree, shows a finding as you type, saves a new default version', async () => {
    const node = await nodeAt(api, 'demo', 'Policies', 'reports-read');
    await vscode.commands.executeCommand('iamExplorer.editPolicy', node);
    const target: PolicyTarget = {
      kind: 'managed',
      profile: 'demo',
      policyArn: arnOf('reports-read'),
      policyName: 'reports-read',
    };
    const editor = await eventually(() => api.services.policyEditors.find(target));
    // Opening it again focuses the same editor.
    const open = api.services.policyEditors.all().length;
    await vscode.commands.executeCommand('iamExplorer.editPolicy', node);
    assert.equal(api.services.policyEditors.all().length, open);
    assert.equal(api.services.policyEditors.find(target), editor);

    let page = await editor.test({ do: 'query' });
    assert.equal(page.title, 'reports-read');
    assert.match(page.subtitle, /default version v2/);
    // Shown as IAM holds it (decoded; indented when IAM holds one line).
    assert.deepEqual(JSON.parse(page.text), readReports);
    assert.ok(page.text.includes('\n'));
    assert.equal(page.dirty, false);
    assert.deepEqual(page.findings, ['No problems found.']);
    assert.match(page.sizeText, /^\d+ \/ 6,144 characters$/);
    assert.match(page.summaryText, /S3/);
    page = await pageUntil(editor, (s) => s.accessText !== '', 'the access panel');
    assert.match(page.accessText, /^No new access\.$/m);

    // Type a PassRole on every resource: the security warning appears in the findings list.
    const passRole = pretty(doc({ Effect: 'Allow', Action: ['s3:GetObject', 'iam:PassRole'], Resource: '*' }));
    page = await editor.test({ do: 'replace', text: passRole });
    assert.equal(page.dirty, true);
    assert.ok(
      page.findings.some((f) => /PassRole/.test(f) && /^Warning/.test(f)),
      page.findings.join('\n'),
    );
    // The side panel says what the edit grants, compared with what IAM holds.
    page = await pageUntil(editor, (s) => /^Grants new access/.test(s.accessText), 'the new access');
    assert.match(
      page.accessText,
      /^Grants new access: iam:PassRole on every resource \(\*\); s3:GetObject on every resource \(\*\)\./,
    );
    assert.match(page.accessText, /iam:PassRole on every resource \(\*\) \(new action; statement #1\)/);
    assert.match(page.accessText, /s3:GetObject on every resource \(\*\) \(resource widened; statement #1\)/);
    // The edit is in VS Code's document: its tab shows the unsaved state.
    assert.equal(editor.document.isDirty, true);
    assert.deepEqual(JSON.parse(editor.document.getText()), JSON.parse(passRole));
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.isDirty, true);

    ui.answer((kind, request) => {
      assert.equal(kind, 'warning');
      assert.match(String(request), /Save policy reports-read in IAM/);
      return 'Save';
    });
    await editor.test({ do: 'invoke', action: 'save' });
    // The status comes from the write; VS Code marks the document saved right after it.
    page = await pageUntil(editor, (s) => /Saved as version v3/.test(s.status) && !s.dirty, 'the saved status');
    const policy = emulator!.state.getPolicy(arnOf('reports-read'));
    assert.equal(policy.defaultVersionId, 'v3');
    assert.deepEqual(JSON.parse(decodeURIComponent(policy.versions.get('v3')!.document)), JSON.parse(passRole));
    await eventually(() => (editor.document.isDirty ? undefined : true));
  });

  it('edits an inline policy: an unknown action is flagged from the catalog, the fix is saved with PutUserPolicy', async () => {
    const editor = await openEditor({
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'alice' },
      policyName: 'read-reports',
    });
    let page = await editor.test({ do: 'query' });
    assert.equal(page.title, 'read-reports');
    assert.match(page.sizeText, /\/ 2,048 characters/);
    // Format and Minify, through the page's buttons.
    page = await editor.test({ do: 'invoke', action: 'minify' });
    assert.equal(page.text, JSON.stringify(readReports));
    page = await editor.test({ do: 'invoke', action: 'format' });
    assert.equal(page.text, pretty(readReports));
    // Type into the editor: misspell the action.
    const at = page.text.indexOf('GetObject') + 'GetObj'.length;
    page = await editor.test({ do: 'type', text: 'k', at });
    assert.match(page.text, /s3:GetObjkect/);
    assert.ok(
      page.findings.some((f) => /GetObjkect/.test(f)),
      page.findings.join('\n'),
    );

    // Hover on an action: description, access level, resource types (from the extension side's catalog).
    page = await editor.test({ do: 'replace', text: pretty(readReports) });
    page = await editor.test({ do: 'hover', at: page.text.indexOf('s3:GetObject') + 4 });
    assert.match(page.hoverText, /s3:GetObject/);
    assert.match(page.hoverText, /Access level: Read/);
    assert.match(page.hoverText, /object/i);

    // Completion, fed by the extension side's catalog.
    const fixed = pretty(
      doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::reports' }),
    );
    await editor.test({ do: 'replace', text: fixed.replace('"s3:ListBucket"', '"s3:List"') });
    page = await editor.test({ do: 'complete', at: fixed.indexOf('s3:ListBucket') + 's3:List'.length });
    assert.ok(page.completions.includes('s3:ListBucket'), page.completions.slice(0, 20).join(', '));
    page = await editor.test({ do: 'replace', text: fixed });
    assert.deepEqual(page.findings, ['No problems found.']);

    ui.answer(() => 'Save');
    await editor.test({ do: 'invoke', action: 'save' });
    await pageUntil(editor, (s) => s.status === 'Saved.', 'Saved.');
    const stored = emulator!.state.getUser('alice').inline.get('read-reports')!.document;
    assert.deepEqual(JSON.parse(decodeURIComponent(stored)), JSON.parse(fixed));
  });

  it('edits a trust policy: a principal open to everyone is flagged; the saved trust policy is in IAM', async () => {
    const node = await nodeAt(api, 'demo', 'Roles', 'app-role', 'Trust Policy');
    await vscode.commands.executeCommand('iamExplorer.editPolicy', node);
    const editor = await eventually(() =>
      api.services.policyEditors.find({ kind: 'trust', profile: 'demo', roleName: 'app-role' }),
    );
    let page = await editor.test({ do: 'query' });
    assert.equal(page.title, 'app-role: trust policy');
    assert.match(page.sizeText, /\/ 2,048 characters/);
    page = await editor.test({
      do: 'replace',
      text: pretty(doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' })),
    });
    assert.ok(
      page.findings.some((f) => /^Warning/.test(f) && /principal|anyone|everyone/i.test(f)),
      page.findings.join('\n'),
    );

    const ec2 = pretty(doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
    await editor.test({ do: 'replace', text: ec2 });
    ui.answer(() => 'Save');
    await editor.test({ do: 'invoke', action: 'save' });
    await pageUntil(editor, (s) => s.status === 'Saved.', 'Saved.');
    assert.deepEqual(JSON.parse(decodeURIComponent(emulator!.state.getRole('app-role').trustPolicy)), JSON.parse(ec2));
  });

  it('stops on a conflict: IAM changed since the editor opened; nothing is overwritten, the edit is kept', async () => {
    const editor = await openEditor({
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'alice' },
      policyName: 'read-reports',
    });
    // Someone else changes the policy in IAM.
    const theirs = JSON.stringify(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::theirs/*' }));
    emulator!.state.getUser('alice').inline.set('read-reports', { name: 'read-reports', document: theirs });
    const mine = pretty(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mine/*' }));
    await editor.test({ do: 'replace', text: mine });
    await editor.test({ do: 'invoke', action: 'save' });
    const page = await pageUntil(
      editor,
      (s) => /changed in IAM since the editor opened it/.test(s.status),
      'the conflict',
    );
    assert.equal(page.text, mine, 'the edit is kept');
    assert.equal(page.dirty, true);
    assert.equal(ui.messages.length, 0, 'no save prompt: the save stopped before asking');
    assert.equal(emulator!.state.getUser('alice').inline.get('read-reports')!.document, theirs, 'nothing overwritten');
    // Their change is shown in a diff editor.
    await eventually(() =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputTextDiff && /when opened ↔ IAM now/.test(t.label)),
    );

    // Saving again, knowingly, shows "IAM now ↔ your edit" and writes.
    ui.answer(() => 'Save');
    await editor.test({ do: 'invoke', action: 'save' });
    await pageUntil(editor, (s) => s.status === 'Saved.', 'Saved.');
    assert.deepEqual(
      JSON.parse(decodeURIComponent(emulator!.state.getUser('alice').inline.get('read-reports')!.document)),
      JSON.parse(mine),
    );
  });

  it('with five versions, names the oldest non-default one and deletes it first when allowed', async () => {
    const arn = arnOf('five-versions');
    const editor = await openEditor({ kind: 'managed', profile: 'demo', policyArn: arn, policyName: 'five-versions' });
    await editor.test({ do: 'replace', text: pretty(version(6)) });
    ui.answer(
      () => 'Save',
      (kind, request, items) => {
        assert.equal(kind, 'warning');
        assert.match(String(request), /already has 5 versions.*oldest non-default version, v1\b/);
        return (items as string[])[0];
      },
    );
    await editor.test({ do: 'invoke', action: 'save' });
    await pageUntil(
      editor,
      (s) => /Saved as version v6, now the default \(deleted v1\)/.test(s.status),
      'the saved status',
    );
    const policy = emulator!.state.getPolicy(arn);
    assert.deepEqual([...policy.versions.keys()].sort(), ['v2', 'v3', 'v4', 'v5', 'v6']);
    assert.equal(policy.defaultVersionId, 'v6');
  });

  it('declining to delete a version writes nothing', async () => {
    const arn = arnOf('five-versions');
    const editor = await openEditor({ kind: 'managed', profile: 'demo', policyArn: arn, policyName: 'five-versions' });
    await editor.test({ do: 'replace', text: pretty(version(7)) });
    ui.answer(
      () => 'Save',
      () => undefined,
    );
    await editor.test({ do: 'invoke', action: 'save' });
    await eventually(() => (ui.messages.length === 2 ? true : undefined));
    const page = await editor.test({ do: 'query' });
    assert.equal(page.dirty, true);
    const policy = emulator!.state.getPolicy(arn);
    assert.equal(policy.versions.size, 5);
    assert.equal(policy.defaultVersionId, 'v5');
  });

  it('opens an older version read-only and makes it the new default', async () => {
    const arn = arnOf('reports-read');
    const node = await nodeAt(api, 'demo', 'Policies', 'reports-read', 'Versions', 'v1');
    await vscode.commands.executeCommand('iamExplorer.editPolicy', node);
    const editor = await eventually(() =>
      api.services.policyEditors.find({
        kind: 'managed',
        profile: 'demo',
        policyArn: arn,
        policyName: 'reports-read',
        versionId: 'v1',
      }),
    );
    let page = await editor.test({ do: 'query' });
    assert.equal(page.readOnly, true);
    assert.equal(page.title, 'reports-read (v1, read-only)');
    ui.answer((_kind, _request, items) => (items as string[])[0]);
    await editor.test({ do: 'invoke', action: 'makeDefault' }).catch(() => undefined); // the version's editor closes
    // The editor moves to the default document, which is now v1's text.
    const moved = await eventually(
      () =>
        api.services.policyEditors.find({
          kind: 'managed',
          profile: 'demo',
          policyArn: arn,
          policyName: 'reports-read',
        }),
      15_000,
    );
    page = await pageUntil(moved, (s) => /v1 is now the default version/.test(s.status), 'the new default');
    assert.equal(page.readOnly, false);
    assert.match(page.subtitle, /default version v1/);
    assert.equal(emulator!.state.getPolicy(arn).defaultVersionId, 'v1');
  });

  it('shows an IAM error in the editor and keeps the edit', async () => {
    const editor = await openEditor({
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'alice' },
      policyName: 'read-reports',
    });
    const mine = pretty(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::denied/*' }));
    await editor.test({ do: 'replace', text: mine });
    emulator!.setFaults([{ operation: 'PutUserPolicy', kind: 'AccessDenied' }]);
    ui.answer(() => 'Save');
    await editor.test({ do: 'invoke', action: 'save' });
    const page = await pageUntil(editor, (s) => /^Not saved: AccessDenied/.test(s.status), 'the IAM error');
    assert.match(page.status, /Your edit is kept/);
    assert.equal(page.text, mine);
    assert.equal(page.dirty, true);
  });

  it('creates a new managed policy and a new inline policy from a template (CreatePolicy, PutRolePolicy)', async () => {
    const fresh: PolicyTarget = {
      kind: 'newManaged',
      profile: 'demo',
      policyName: 'fresh',
      path: '/team/',
      description: 'made in the editor',
    };
    const editor = await api.services.policyEditors.open(fresh);
    let page = await editor.test({ do: 'query' });
    assert.equal(page.title, 'fresh (new)');
    // The template's empty Action and Resource are errors until filled in: Save stops locally.
    assert.ok(
      page.findings.some((f) => /^Error/.test(f)),
      page.findings.join('\n'),
    );
    emulator!.log.length = 0;
    page = await editor.test({ do: 'invoke', action: 'save' });
    page = await pageUntil(editor, (s) => /^Not saved: fix/.test(s.status), 'the local refusal');
    assert.equal(emulator!.log.filter((e) => /Create|Put/.test(e.operation)).length, 0, 'no write was attempted');

    const body = pretty(doc({ Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: '*' }));
    await editor.test({ do: 'replace', text: body });
    ui.answer((_k, request) => {
      assert.match(String(request), /Create new policy fresh/);
      return 'Create';
    });
    await editor.test({ do: 'invoke', action: 'save' });
    page = await pageUntil(editor, (s) => /Saved as version v1/.test(s.status), 'the created policy');
    assert.equal(page.title, 'fresh');
    const created = emulator!.state.getPolicy(`arn:aws:iam::${ACCOUNT}:policy/team/fresh`);
    assert.equal(created.description, 'made in the editor');
    assert.deepEqual(JSON.parse(decodeURIComponent(created.versions.get('v1')!.document)), JSON.parse(body));

    const newInline: PolicyTarget = {
      kind: 'newInline',
      profile: 'demo',
      owner: { type: 'role', name: 'app-role' },
      policyName: 'write-logs',
    };
    const inlineEditor = await api.services.policyEditors.open(newInline, body);
    await inlineEditor.test({ do: 'query' });
    ui.answer(() => 'Create');
    await inlineEditor.test({ do: 'invoke', action: 'save' });
    await pageUntil(
      inlineEditor,
      (s) => s.status === 'Saved.' && s.title === 'write-logs',
      'the created inline policy',
    );
    assert.deepEqual(
      JSON.parse(decodeURIComponent(emulator!.state.getRole('app-role').inline.get('write-logs')!.document)),
      JSON.parse(body),
    );
  });

  it('IAM: Create Inline Policy… and Create Policy Version… hand the new document to the editor', async () => {
    const alice = await nodeAt(api, 'demo', 'Users', 'alice');
    ui.answer(
      () => 'from-command',
      (_kind, _request, items) => (items as { description?: string }[]).find((i) => i.description === 'template'),
    );
    await vscode.commands.executeCommand('iamExplorer.createInlinePolicy', alice);
    const target: PolicyTarget = {
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'alice' },
      policyName: 'from-command',
    };
    const editor = await eventually(() => api.services.policyEditors.find(target));
    const page = await editor.test({ do: 'query' });
    assert.equal(page.title, 'from-command');
    assert.deepEqual(
      JSON.parse(page.text),
      JSON.parse(decodeURIComponent(emulator!.state.getUser('alice').inline.get('from-command')!.document)),
    );

    const policy = await nodeAt(api, 'demo', 'Policies', 'reports-read');
    ui.answer(
      (_kind, _request, items) => (items as { description?: string }[]).find((i) => i.description === 'copy'),
      (_kind, _request, items) => (items as { value?: boolean }[]).find((i) => i.value === false),
    );
    await vscode.commands.executeCommand('iamExplorer.createPolicyVersion', policy);
    const arn = arnOf('reports-read');
    const version = await eventually(() =>
      api.services.policyEditors.find({
        kind: 'managed',
        profile: 'demo',
        policyArn: arn,
        policyName: 'reports-read',
        versionId: 'v3',
      }),
    );
    const versionPage = await version.test({ do: 'query' });
    assert.equal(versionPage.readOnly, true, 'a version that is not the default opens read-only');
    assert.equal(emulator!.state.getPolicy(arn).defaultVersionId, 'v2');
  });

  it('keeps the edit across a hidden tab: the page shows VS Code’s dirty document (what hot exit backs up), its state holds only the cursor', async () => {
    const target: PolicyTarget = {
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'alice' },
      policyName: 'read-reports',
    };
    const editor = await openEditor(target);
    const mine = pretty(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::kept/*' }));
    await editor.test({ do: 'replace', text: mine });
    await eventually(() => (editor.document.getText() === mine ? true : undefined));
    // Hide the tab: another editor in the same group (the webview's page is torn down).
    const other = await vscode.workspace.openTextDocument({ content: 'other', language: 'plaintext' });
    await vscode.window.showTextDocument(other, { viewColumn: editor.panel.viewColumn, preview: false });
    await eventually(() => (editor.panel.visible ? undefined : true));
    editor.panel.reveal();
    const page = await pageUntil(editor, (s) => s.text === mine, 'the kept edit');
    assert.equal(page.dirty, true);
    assert.deepEqual(
      page.state,
      { key: page.state?.key, selection: page.state?.selection },
      'the page keeps only its cursor',
    );

    // The edit is VS Code's document (what hot exit backs up and restores: test/vscode/reload/hotExit.test.ts).
    assert.equal(editor.document.isDirty, true);
    assert.equal(editor.document.getText(), mine);
    assert.equal(
      emulator!.state.getUser('alice').inline.get('read-reports')!.document.includes('kept'),
      false,
      'nothing was saved',
    );
  });

  it('auto save does not write to IAM or ask: the edit stays unsaved until the user saves', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
    try {
      const editor = await openEditor({
        kind: 'inline',
        profile: 'demo',
        owner: { type: 'user', name: 'alice' },
        policyName: 'read-reports',
      });
      const mine = pretty(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::auto/*' }));
      emulator!.log.length = 0;
      await editor.test({ do: 'replace', text: mine });
      const page = await pageUntil(editor, (s) => /auto save does not write policies to IAM/.test(s.status), 'notice');
      assert.match(page.status, /Save \(Ctrl\+S\) to review the change and write it/);
      assert.equal(editor.document.isDirty, true);
      assert.equal(ui.messages.length, 0, 'no save prompt');
      assert.deepEqual(
        emulator!.log.filter((e) => !/^(Get|List)/.test(e.operation)).map((e) => e.operation),
        [],
        'nothing written',
      );
      // The user's own save asks and writes.
      ui.answer(() => 'Save');
      await editor.test({ do: 'invoke', action: 'save' });
      await pageUntil(editor, (s) => s.status === 'Saved.', 'Saved.');
      const stored = emulator!.state.getUser('alice').inline.get('read-reports')!.document;
      assert.deepEqual(JSON.parse(decodeURIComponent(stored)), JSON.parse(mine));
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Revert File and undo are VS Code’s: the page follows the document', async () => {
    const target: PolicyTarget = { kind: 'trust', profile: 'demo', roleName: 'app-role' };
    const editor = await openEditor(target);
    const original = editor.document.getText();
    const mine = pretty(
      doc({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    );
    await editor.test({ do: 'replace', text: mine });
    await eventually(() => (editor.document.isDirty ? true : undefined));
    editor.panel.reveal();
    await vscode.commands.executeCommand('workbench.action.files.revert');
    let page = await pageUntil(editor, (s) => s.text === original, 'the reverted text');
    assert.equal(page.dirty, false);
    assert.equal(editor.document.isDirty, false);
    // An edit made to the document elsewhere (here, a WorkspaceEdit) shows in the page.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, new vscode.Position(0, 0), ' ');
    await vscode.workspace.applyEdit(edit);
    page = await pageUntil(editor, (s) => s.text === ` ${original}`, 'the outside edit');
    assert.equal(page.dirty, true);
  });

  /** Log lines at `level` while `body` runs. */
  async function logged(level: 'warn' | 'error', body: () => Promise<void>): Promise<string[]> {
    const log = api.services.log as unknown as Record<'warn' | 'error', (m: string) => void>;
    const original = log[level];
    const lines: string[] = [];
    log[level] = (m: string) => {
      lines.push(m);
      original.call(api.services.log, m);
    };
    try {
      await body();
    } finally {
      log[level] = original;
    }
    return lines;
  }

  it('security: the page sends text only: a message naming another document edits this one’s text, nothing else', async () => {
    const target: PolicyTarget = {
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'alice' },
      policyName: 'read-reports',
    };
    const editor = await openEditor(target);
    const mine = pretty(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mine/*' }));
    emulator!.log.length = 0;
    await editor.test({
      do: 'post',
      message: {
        type: 'changed',
        text: mine,
        dirty: true,
        target: { kind: 'managed', profile: 'demo', policyArn: arnOf('five-versions') },
        uri: 'iam:/demo/policies/five-versions.json',
      },
    });
    await eventually(() => (editor.document.getText() === mine ? true : undefined));
    assert.equal(editor.target.kind === 'inline' && editor.target.policyName, 'read-reports');
    assert.equal(
      api.services.policyEditors.find({
        kind: 'managed',
        profile: 'demo',
        policyArn: arnOf('five-versions'),
        policyName: 'five-versions',
      }),
      undefined,
    );
    assert.deepEqual(
      emulator!.log.filter((e) => !/^(Get|List)/.test(e.operation)).map((e) => e.operation),
      [],
      'nothing written',
    );
    // A target whose name disagrees with its ARN: the name shown and asked about is the ARN's.
    const mismatched = await openEditor({
      kind: 'managed',
      profile: 'demo',
      policyArn: arnOf('five-versions'),
      policyName: 'reports-read',
    });
    assert.equal((await mismatched.test({ do: 'query' })).title, 'five-versions');
    assert.equal(mismatched.target.kind === 'managed' && mismatched.target.policyName, 'five-versions');
  });

  it('security: messages from the page of the wrong type or shape are ignored and logged, and the editor keeps working', async () => {
    const target: PolicyTarget = {
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'alice' },
      policyName: 'read-reports',
    };
    const editor = await openEditor(target);
    emulator!.log.length = 0;
    const bad: unknown[] = [
      { type: 'save', text: 42 },
      { type: 'save' },
      { type: 'changed', text: 'x' },
      { type: 'changed', text: ['x'], dirty: true },
      { type: 'catalog', id: 1, method: 'constructor', params: {} },
      { type: 'catalog', id: 'x', method: 'service', params: { prefix: 's3' } },
      { type: 'catalog', id: 2, method: 'service', params: { prefix: 7 } },
      { type: 'testResult', id: 1 },
      { type: 'delete-everything' },
      'save',
      [],
    ];
    const errors: string[] = [];
    const warnings = await logged('warn', async () => {
      errors.push(
        ...(await logged('error', async () => {
          for (const message of bad) await editor.test({ do: 'post', message });
        })),
      );
    });
    assert.deepEqual(errors, [], 'no handler failed');
    assert.equal(
      warnings.filter((w) => /^policy editor: ignored a message from the page: /.test(w)).length,
      bad.length,
      warnings.join('\n'),
    );
    assert.ok(warnings.some((w) => w.endsWith('"save" without a text string')));
    assert.deepEqual(
      emulator!.log.filter((e) => !/^(Get|List)/.test(e.operation)).map((e) => e.operation),
      [],
      'nothing written',
    );
    const page = await editor.test({ do: 'replace', text: pretty(readReports).replace('reports', 'reports2') });
    assert.equal(page.dirty, true, 'the editor still works');
  });

  it('a new managed policy whose name another policy took: nothing overwritten, and the way out named (not a second Save)', async () => {
    const target: PolicyTarget = { kind: 'newManaged', profile: 'demo', policyName: 'taken-meanwhile', path: '/' };
    const mine = pretty(doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }));
    const editor = await api.services.policyEditors.open(target, mine);
    await editor.test({ do: 'query' });
    // Someone else creates a policy of that name, with another document, while the editor is open.
    emulator!.state.addPolicy({ name: 'taken-meanwhile', documents: [JSON.stringify(readReports)] });
    emulator!.log.length = 0;
    await editor.test({ do: 'invoke', action: 'save' });
    const page = await pageUntil(editor, (s) => /^Not saved:/.test(s.status), 'the conflict');
    assert.match(page.status, /IAM: Create Policy… under another name, or open the existing policy/);
    assert.doesNotMatch(page.status, /Save again/);
    assert.equal(page.text, mine, 'the edit is kept');
    assert.deepEqual(
      emulator!.log.filter((e) => !/^(Get|List)/.test(e.operation)).map((e) => e.operation),
      [],
      'nothing written',
    );
    const theirs = emulator!.state.getPolicy(arnOf('taken-meanwhile'));
    assert.equal(theirs.versions.size, 1);
    assert.deepEqual(
      JSON.parse(decodeURIComponent(theirs.versions.get(theirs.defaultVersionId)!.document)),
      readReports,
    );
  });

  it('a new policy whose CreatePolicy completed before the editor heard back: Save writes nothing, says so and edits the policy IAM holds', async () => {
    const target: PolicyTarget = { kind: 'newManaged', profile: 'demo', policyName: 'crashed', path: '/' };
    const body = pretty(doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }));
    const revived = await api.services.policyEditors.open(target, body);
    // The save's CreatePolicy reached IAM, and the window reloaded before the editor heard back.
    emulator!.state.addPolicy({ name: 'crashed', documents: [body] });
    const arn = arnOf('crashed');
    let page = await pageUntil(revived, (s) => s.text === body, 'the restored edit');
    assert.equal(page.title, 'crashed (new)');
    emulator!.log.length = 0;
    const asked = ui.messages.length;
    await revived.test({ do: 'invoke', action: 'save' });
    page = await pageUntil(
      revived,
      // The status comes from the write; VS Code marks the document saved right after it.
      (s) =>
        /IAM already holds this document as policy crashed \(an earlier save created it\): nothing to save/.test(
          s.status,
        ) && !s.dirty,
      'the adopted status',
    );
    assert.equal(page.title, 'crashed');
    assert.match(page.subtitle, new RegExp(`default version v1 · ${arn}`));
    assert.equal(page.dirty, false);
    assert.equal(ui.messages.length, asked, 'nothing asked');
    assert.deepEqual(
      emulator!.log.filter((e) => !/^(Get|List)/.test(e.operation)).map((e) => e.operation),
      [],
      'nothing written',
    );
    assert.equal(
      api.services.policyEditors.find({ kind: 'managed', profile: 'demo', policyArn: arn, policyName: 'crashed' }),
      revived,
      'the editor is now the policy’s',
    );
    assert.equal(api.services.policyEditors.find(target), undefined);

    // The next edit is a new default version of that policy.
    const next = pretty(doc({ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }));
    await revived.test({ do: 'replace', text: next });
    ui.answer((_kind, request) => {
      assert.match(String(request), /Save policy crashed in IAM/);
      return 'Save';
    });
    await revived.test({ do: 'invoke', action: 'save' });
    await pageUntil(revived, (s) => /Saved as version v2/.test(s.status), 'the saved version');
    const policy = emulator!.state.getPolicy(arn);
    assert.equal(policy.defaultVersionId, 'v2');
    assert.deepEqual(JSON.parse(decodeURIComponent(policy.versions.get('v2')!.document)), JSON.parse(next));
  });

  it('with Access Analyzer allowed but a non-AWS endpoint, says so once and carries on', async () => {
    await updateSettings([['policyEditor.accessAnalyzer', true, vscode.ConfigurationTarget.Global]]);
    try {
      const editor = await openEditor({
        kind: 'inline',
        profile: 'demo',
        owner: { type: 'user', name: 'alice' },
        policyName: 'read-reports',
      });
      const page = await pageUntil(editor, (s) => /Access Analyzer runs only against AWS/.test(s.status), 'the notice');
      assert.match(page.status, /carries on with its own checks/);
      assert.deepEqual(page.findings, ['No problems found.']);
      const second = await openEditor({ kind: 'trust', profile: 'demo', roleName: 'app-role' });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await second.test({ do: 'query' })).status, '', 'said once');
    } finally {
      await updateSettings([['policyEditor.accessAnalyzer', undefined, vscode.ConfigurationTarget.Global]]);
    }
  });

  it('renders policy text carrying HTML, script and command links as text', async () => {
    // Stored directly: the emulator, like IAM, would refuse the action name through the API.
    emulator!.state.getUser('mallory').inline.set('markup', { name: 'markup', document: JSON.stringify(hostile) });
    const editor = await openEditor({
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'user', name: 'mallory' },
      policyName: 'markup',
    });
    const page = await pageUntil(editor, (s) => s.summaryText.includes('S3'), 'the summary');
    assert.ok(page.text.includes(HOSTILE_RESOURCE) && page.text.includes(HOSTILE_CONDITION));
    assert.ok(page.summaryText.includes(HOSTILE_RESOURCE), page.summaryText);
    assert.ok(page.summaryText.includes(HOSTILE_CONDITION), page.summaryText);
    assert.ok(
      page.findings.some((f) => f.includes('<img src=x onerror=alert(1)>')),
      page.findings.join('\n'),
    );
    assert.equal(page.markupElements, 0, 'no element was made from the data');
  });
});
