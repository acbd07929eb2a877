/**
 * Simulate Access, Who Can and Show Effective Permissions in the real VS Code against the
 * emulator: a user in two groups with a permissions boundary, decisions with their deciding
 * statements, a statement link that opens the right policy at the right line, exactly the
 * principals allowed, and the combined summary within the boundary.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { BACK } from '../../src/commands/ui';
import type { ExtensionTestApi } from '../../src/extension';
import type { ShownReport } from '../../src/webview/host/reportPanel';
import type { Emulator, Seed } from '../emulator';
import { activateExtension, connect, disconnect, nodeAt, ScriptedUi } from './support';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

const seed: Seed = {
  users: [
    {
      name: 'alice',
      groups: ['developers', 'operators'],
      permissionsBoundary: 's3-only-boundary',
      inlinePolicies: [
        {
          name: 'no-deletes',
          document: doc({ Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }),
        },
      ],
    },
    { name: 'bob' },
    {
      name: 'carol',
      inlinePolicies: [{ name: 'put-only', document: doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }) }],
    },
  ],
  groups: [
    {
      name: 'developers',
      inlinePolicies: [
        {
          name: 'read-logs',
          document: doc({
            Sid: 'ReadLogs',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:ListBucket'],
            Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'],
          }),
        },
      ],
    },
    { name: 'operators', attachedPolicies: ['ops-tools'] },
  ],
  roles: [
    {
      name: 'app-role',
      trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      inlinePolicies: [
        { name: 'logs', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }) },
      ],
    },
  ],
  policies: [
    {
      name: 'ops-tools',
      versions: [
        doc(
          {
            Sid: 'Objects',
            Effect: 'Allow',
            Action: ['s3:PutObject', 's3:DeleteObject'],
            Resource: 'arn:aws:s3:::logs/*',
          },
          {
            Sid: 'PassToEc2',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: '*',
            Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
          },
        ),
      ],
    },
    { name: 's3-only-boundary', versions: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })] },
  ],
};

type Item = { label: string };

describe('Simulate Access, Who Can, Effective Permissions', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;
  let previousUi: ExtensionTestApi['services']['ui'];

  before(async () => {
    api = await activateExtension();
    previousUi = api.services.ui;
    emulator = await connect(api, seed);
  });

  after(async () => {
    api.services.ui = previousUi;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await disconnect(emulator);
  });

  const cell = (report: ShownReport['report'], section: string, row: number, column: number): string =>
    report.sections.find((s) => s.heading === section)?.table?.rows[row]?.[column]?.text ?? '';

  it('Simulate Access on a user in two groups with a boundary: decisions, deciding statements, and a link to the statement', async () => {
    const ui = new ScriptedUi().answer(
      (kind, _request, items) => {
        assert.equal(kind, 'quickPick');
        const list = items as Item[];
        // The principal's own actions are offered, with "Other…" to type more.
        assert.ok(list.some((i) => i.label === 's3:GetObject') && list.some((i) => i.label === 'iam:PassRole'));
        // Under a separator, as VS Code's own pickers group their entries.
        const separators = (list as vscode.QuickPickItem[]).filter(
          (i) => i.kind === vscode.QuickPickItemKind.Separator,
        );
        assert.equal(separators[0]?.label, 'Actions');
        return list.filter((i) => ['s3:GetObject', 's3:DeleteObject'].includes(i.label) || i.label.startsWith('Other'));
      },
      (kind) => (assert.equal(kind, 'inputBox'), 'iam:PassRole'),
      // Back from the resources: the actions step shows what was picked, and the typed actions are kept.
      (kind, request) => (
        assert.equal(kind, 'inputBox'),
        assert.equal((request as vscode.InputBoxOptions).value, '*'),
        BACK
      ),
      (kind, _request, items) => {
        assert.equal(kind, 'quickPick');
        assert.deepEqual([...(ui.steps.at(-1)?.selected ?? [])].sort(), [
          'Other actions or wildcards…',
          's3:DeleteObject',
          's3:GetObject',
        ]);
        const list = items as Item[];
        return list.filter((i) => ['s3:GetObject', 's3:DeleteObject'].includes(i.label) || i.label.startsWith('Other'));
      },
      (kind, request) => (
        assert.equal(kind, 'inputBox'),
        assert.equal((request as vscode.InputBoxOptions).value, 'iam:PassRole'),
        'iam:PassRole'
      ),
      (kind, request) => (
        assert.equal((request as vscode.InputBoxOptions).value, '*'),
        kind === 'inputBox' ? 'arn:aws:s3:::logs/app.log' : undefined
      ),
      (kind, _request, items) => {
        assert.equal(kind, 'quickPick');
        assert.deepEqual(
          (items as Item[]).map((i) => i.label),
          ['iam:PassedToService'],
        );
        return [];
      },
    );
    api.services.ui = ui;
    const node = await nodeAt(api, 'demo', 'Users', 'alice');
    await vscode.commands.executeCommand('iamExplorer.simulateAccess', node);
    const shown = api.services.reports.current('simulate');
    assert.ok(shown, `no report; messages: ${JSON.stringify(ui.messages)}`);
    // Steps n of 3 (the policies test a condition key), with Back from step 2 on.
    assert.deepEqual(
      ui.steps.map((x) => `${x.kind} ${x.step}/${x.totalSteps}${x.back ? ' back' : ''}`),
      [
        'quickPick 1/3',
        'inputBox 1/3',
        'inputBox 2/3 back',
        'quickPick 1/3',
        'inputBox 1/3',
        'inputBox 2/3 back',
        'quickPick 3/3 back',
      ],
    );
    const rows = shown.report.sections[0]?.table?.rows ?? [];
    const decisions = Object.fromEntries(rows.map((r) => [r[0]?.text, r[2]?.text]));
    assert.deepEqual(decisions, {
      's3:GetObject': 'Allowed',
      's3:DeleteObject': 'Denied',
      'iam:PassRole': 'Not allowed',
    });
    const links = Object.fromEntries(rows.map((r) => [r[0]?.text, (r[3]?.links ?? []).map((l) => l.text)]));
    assert.deepEqual(links['s3:GetObject'], ['inline policy read-logs of group developers, statement "ReadLogs"']);
    assert.deepEqual(links['s3:DeleteObject'], [
      'inline policy no-deletes of user alice, statement "NoDeletes" (Deny)',
    ]);
    assert.match(shown.report.summary ?? '', /^1 allowed, 1 denied explicitly, 1 not allowed/);
    // The decision's note is the engine's reason only where no statement decided: elsewhere the link names it.
    const notes = Object.fromEntries(rows.map((r) => [r[0]?.text, r[2]?.notes ?? []]));
    assert.deepEqual(notes['s3:GetObject'], []);
    assert.deepEqual(notes['s3:DeleteObject'], []);
    assert.equal(notes['iam:PassRole']?.length, 1);
    assert.doesNotMatch(notes['iam:PassRole']?.[0] ?? '', /policy \d/, 'no policy by number');

    // IAM's simulator (the emulator answers SimulatePrincipalPolicy with the same engine): asked the same questions.
    emulator?.log.splice(0);
    await shown.open('Compare with IAM’s simulator');
    const compared = api.services.reports
      .current('simulate')
      ?.report.sections.find((s) => s.heading === 'IAM’s simulator' && s.text?.startsWith('IAM’s simulator'));
    assert.equal(compared?.text, 'IAM’s simulator agrees on all 3.');
    assert.deepEqual(
      ui.progress.filter((p) => /simulator/.test(p.title)).map((p) => [p.title, p.cancellable]),
      [['Asking IAM’s policy simulator about alice', true]],
      'the comparison runs under a cancellable progress notification',
    );
    assert.deepEqual(
      emulator?.log.map((e) => e.operation),
      ['SimulatePrincipalPolicy'],
    );

    await shown.open('inline policy read-logs of group developers, statement "ReadLogs"');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the link opened an editor');
    assert.equal(editor.document.uri.scheme, 'iam');
    assert.match(editor.document.uri.path, /\/groups\/developers\/read-logs\.json$/);
    const sidLine = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('"ReadLogs"'));
    assert.ok(sidLine > 0);
    assert.ok(
      editor.selection.start.line <= sidLine && editor.selection.end.line >= sidLine,
      `selection ${editor.selection.start.line}-${editor.selection.end.line} covers line ${sidLine}`,
    );
  });

  it('Who Can lists exactly the users and roles allowed, with the roles’ trusted principals', async () => {
    // Two steps; Back on the resource returns to the action, which shows what was typed.
    const ui = new ScriptedUi().answer(
      () => 'iam:PassRole',
      () => BACK,
      () => 's3:GetObject',
      () => 'arn:aws:s3:::logs/app.log',
    );
    api.services.ui = ui;
    const root = await nodeAt(api, 'demo');
    await vscode.commands.executeCommand('iamExplorer.whoCan', root);
    assert.deepEqual(
      ui.steps.map((st) => [st.title, st.step, st.totalSteps, st.value, st.back]),
      [
        ['Who Can…?', 1, 2, undefined, false],
        ['Who can iam:PassRole?', 2, 2, '*', true],
        ['Who Can…?', 1, 2, 'iam:PassRole', false],
        ['Who can s3:GetObject?', 2, 2, '*', true],
      ],
    );
    const shown = api.services.reports.current('whoCan');
    assert.ok(shown, 'no report');
    const rows = shown.report.sections[0]?.table?.rows ?? [];
    assert.deepEqual(rows.map((r) => r[0]?.text).sort(), ['alice', 'app-role', 'emulator-admin']);
    const role = rows.find((r) => r[0]?.text === 'app-role');
    assert.equal(role?.[3]?.text, 'Service lambda.amazonaws.com');
    assert.equal(cell(shown.report, 'Allowed principals', rows.indexOf(role ?? []), 1), 'role');
  });

  it('Show Effective Permissions: the groups’ and user’s policies combined within the boundary', async () => {
    api.services.ui = new ScriptedUi();
    const node = await nodeAt(api, 'demo', 'Users', 'alice');
    await vscode.commands.executeCommand('iamExplorer.showEffectivePermissions', node);
    const shown = api.services.reports.current('effective');
    assert.ok(shown, 'no report');
    const allowed = shown.report.sections.find((s) => s.heading === 'Allowed')?.table?.rows ?? [];
    // iam:PassRole (ops-tools) is outside the s3-only boundary; S3 stays.
    assert.deepEqual(
      allowed.map((r) => r[0]?.text),
      ['Amazon S3'],
    );
    assert.match(allowed[0]?.[1]?.text ?? '', /Limited: .*(Read|Write|List)/);
    assert.match(allowed[0]?.[2]?.text ?? '', /arn:aws:s3:::logs\/\*/);
    const denied = shown.report.sections.find((s) => s.heading === 'Denied')?.table?.rows ?? [];
    assert.deepEqual(
      denied.map((r) => r[0]?.text),
      ['Amazon S3'],
    );
    const combined = shown.report.sections
      .find((s) => s.heading === 'Policies combined')
      ?.table?.rows.map((r) => r[0]?.text);
    assert.deepEqual(combined, [
      'inline policy no-deletes of user alice',
      'inline policy read-logs of group developers',
      'managed policy ops-tools (through group operators)',
      'permissions boundary s3-only-boundary',
    ]);
  });
});
