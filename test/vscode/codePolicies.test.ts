import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { Emulator, Seed } from '../emulator';
import { activateExtension, connect, disconnect, eventually, ScriptedUi } from './support';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: !Sub 'states.\${AWS::Region}.amazonaws.com'
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Alow
                Action:
                  - s3:GetObjekt
                  - s3:GetObject
                Resource: !Sub '\${Bucket.Arn}/*'
`;

const TERRAFORM = `resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItems"]
      Resource = aws_dynamodb_table.t.arn
    }]
  })
}
`;

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
     "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "one-hour"}}}
  ]
}
`;

/** `line code` of the extension's diagnostics for a document, once they arrive (1-based lines). */
async function problems(uri: vscode.Uri, count: number): Promise<string[]> {
  return eventually(() => {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'IAM Explorer');
    return found.length >= count ? found.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort() : undefined;
  }, 20_000);
}

describe('policies in code (issue 17): diagnostics, completion, hover, quick fix', () => {
  let dir: string;
  before(async () => {
    await activateExtension();
    dir = mkdtempSync(join(tmpdir(), 'iac-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function open(name: string, text: string): Promise<vscode.TextDocument> {
    const file = join(dir, name);
    writeFileSync(file, text);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  it('shows the problems of a CloudFormation YAML, a Terraform file and a policy JSON at their lines', async () => {
    const template = await open('template.yaml', TEMPLATE);
    assert.deepEqual(await problems(template.uri, 2), ['20 effect-invalid', '22 unknown-action']);
    const tf = await open('main.tf', TERRAFORM);
    assert.deepEqual(await problems(tf.uri, 1), ['7 unknown-action']);
    const policy = await open('policy.json', POLICY);
    assert.deepEqual(await problems(policy.uri, 1), ['5 condition-value']);
    // Intrinsics (!Sub, references) are never reported: nothing on lines 13 and 24 of the template.
    const lines = vscode.languages.getDiagnostics(template.uri).map((d) => d.range.start.line + 1);
    assert.ok(!lines.includes(13) && !lines.includes(24));
  });

  it('shows the problems of a CDK stack in Python at their lines', async () => {
    const stack = await open(
      'stack.py',
      [
        'from aws_cdk import aws_iam as iam',
        '',
        'read = iam.PolicyStatement(',
        '    actions=["s3:GetObject", "s3:ListObjectsV2"],  # "s3:Nope" in a comment',
        '    resources=["*"],',
        ')',
        '',
      ].join('\n'),
    );
    assert.deepEqual(await problems(stack.uri, 1), ['4 unknown-action']);
  });

  it('completes s3:GetObject with its access level inside an Action list', async () => {
    const doc = await open(
      'complete.yaml',
      TEMPLATE.replace('                  - s3:GetObject\n', '                  - s3:GetOb\n'),
    );
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.endsWith('- s3:GetOb'));
    const position = new vscode.Position(line, doc.lineAt(line).text.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      position,
    );
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 's3:GetObject');
    assert.ok(item, 'no s3:GetObject in the completion list');
    assert.equal(item.detail, 'Read');
    const label = item.label as vscode.CompletionItemLabel;
    assert.equal(label.description, 'Read');
  });

  it("hover shows an action's description", async () => {
    const doc = await open('hover.yaml', TEMPLATE);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.endsWith('- s3:GetObject'));
    const position = new vscode.Position(line, doc.lineAt(line).text.indexOf('GetObject') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      position,
    );
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
      .join('\n');
    // appendText escapes: spaces become &nbsp;, Markdown characters get a backslash.
    const shown = text.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(shown, /s3:GetObject/);
    assert.match(shown, /Grants permission to retrieve objects from Amazon S3/);
    assert.match(shown, /Access level: Read/);
  });

  it('a quick fix replaces a misspelt action', async () => {
    const doc = await open('fix.tf', TERRAFORM);
    const [diagnostic] = await eventually(() => {
      const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'unknown-action');
      return found.length ? found : undefined;
    }, 20_000);
    assert.ok(diagnostic);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Replace with dynamodb:GetItem');
    assert.ok(fix?.edit, `no fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.lineAt(6).text, /Action {3}= \["dynamodb:GetItem"\]/);
    await eventually(
      () => (vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'unknown-action') ? undefined : true),
      20_000,
    );
  });

  it('Compare with Deployed Policy opens the diff against the policy IAM holds, guessed from the name in the file', async function () {
    this.timeout(120_000);
    const api: ExtensionTestApi = await activateExtension();
    const deployed = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::reports/*' }],
    };
    const seed: Seed = {
      policies: [
        { name: 'other-policy', versions: [deployed] },
        { name: 'reports-read', versions: [deployed] },
      ],
    };
    let emulator: Emulator | undefined;
    const before = api.services.ui;
    try {
      emulator = await connect(api, seed);
      const ui = new ScriptedUi();
      api.services.ui = ui;
      const doc = await open(
        'compare.tf',
        'resource "aws_iam_policy" "reports" {\n  name   = "reports-read"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "${aws_s3_bucket.r.arn}/*" }]\n  })\n}\n',
      );
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(new vscode.Position(4, 10), new vscode.Position(4, 10));
      let offered: string[] = [];
      ui.answer(
        (kind, _request, items) => {
          assert.equal(kind, 'quickPick');
          const list = items as { label: string; description?: string }[];
          offered = list.map((i) => `${i.label}${i.description ? ` (${i.description})` : ''}`);
          return list[0];
        },
        (kind) => (assert.equal(kind, 'info'), undefined),
      );
      await vscode.commands.executeCommand('iamExplorer.compareWithDeployed');
      // What the file grants that the deployed policy does not.
      const said = await eventually(() => ui.messages.find((m) => m.kind === 'info'), 20_000);
      assert.match(said.text, /^Compared with the deployed policy: Grants new access: .*s3:PutObject/);
      assert.deepEqual(offered, ['reports-read (matches the name in the file)', 'other-policy']);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'no diff editor opened');
      const left = await vscode.workspace.openTextDocument(tab.input.original);
      const right = await vscode.workspace.openTextDocument(tab.input.modified);
      assert.deepEqual(JSON.parse(left.getText()), deployed);
      const code = JSON.parse(right.getText()) as { Statement: { Action: string[]; Resource: string }[] };
      assert.deepEqual(code.Statement[0]?.Action, ['s3:GetObject', 's3:PutObject']);
      assert.equal(code.Statement[0]?.Resource, '<computed: "${aws_s3_bucket.r.arn}/*">');
      assert.match(tab.label, /reports-read .*compare\.tf/);
    } finally {
      api.services.ui = before;
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await disconnect(emulator);
    }
  });
});
