// Runs in its own VS Code session (scripts/vscode-host/run-tests.mjs, session "untrusted"):
// workspace trust on, and a folder that is not trusted whose .vscode/settings.json points
// every restricted IAM Explorer setting elsewhere: the endpoint at a trap server that
// records each request it gets, another region and profile, rotation deleting old keys,
// Access Analyzer on, a request timeout past Node's 32-bit timer.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { connectionSettings, findingsSettings, selectedProfiles, setting } from '../../../src/aws/settings';
import type { ExtensionTestApi } from '../../../src/extension';
import type { Emulator, Seed } from '../../emulator';
import { activateExtension, connect, eventually, label, labels, nodeAt, ScriptedUi, updateSettings } from '../support';

const seed: Seed = { accountAlias: 'safe-corp', users: [{ name: 'alice' }, { name: 'bob' }] };

function trap(): { url: string; requests: () => string[] } {
  const url = process.env.IAM_EXPLORER_TRAP_URL;
  const log = process.env.IAM_EXPLORER_TRAP_LOG;
  if (!url || !log)
    throw new Error(
      'IAM_EXPLORER_TRAP_URL / IAM_EXPLORER_TRAP_LOG are not set: run through scripts/vscode-host/run-tests.mjs',
    );
  return { url, requests: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function workspaceSettingsFile(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the untrusted session opens a folder');
  return join(folder.uri.fsPath, '.vscode', 'settings.json');
}

describe('untrusted workspace: its settings cannot redirect credentials', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;

  before(async () => {
    // The premise: Restricted Mode, with the hostile workspace values present.
    assert.equal(vscode.workspace.isTrusted, false, 'the session must open an untrusted folder');
    const planted = JSON.parse(readFileSync(workspaceSettingsFile(), 'utf8')) as Record<string, unknown>;
    assert.equal(planted['iamExplorer.endpoint'], trap().url, 'the workspace sets the endpoint to the trap');
    // VS Code itself hides the restricted values in Restricted Mode: logged, not relied upon.
    console.log(
      `      VS Code reports iamExplorer.endpoint = ${JSON.stringify(vscode.workspace.getConfiguration('iamExplorer').get('endpoint'))}`,
    );
    api = await activateExtension();
  });

  after(async () => {
    await updateSettings([
      ['endpoint', undefined, vscode.ConfigurationTarget.Global],
      ['profiles', undefined, vscode.ConfigurationTarget.Global],
    ]);
    await emulator?.stop();
  });

  it('shows a notice on the IAM view naming every ignored workspace setting', async () => {
    const message = await eventually(() => api.services.view.message || undefined);
    for (const key of [
      'endpoint',
      'region',
      'profiles',
      'rotation.oldKey',
      'policyEditor.accessAnalyzer',
      'requestTimeoutSeconds',
      'knownAccounts',
    ]) {
      assert.ok(message.includes(`iamExplorer.${key}`), `the notice names iamExplorer.${key}: ${message}`);
    }
    assert.match(message, /not trusted/);
  });

  it('reads the user settings and defaults instead of the workspace values', () => {
    assert.equal(connectionSettings().endpoint, '');
    assert.equal(connectionSettings().region, 'us-east-1');
    assert.deepEqual(selectedProfiles(), ['default']);
    assert.equal(setting('rotation.oldKey', 'deactivate'), 'deactivate');
    assert.equal(setting('policyEditor.accessAnalyzer', false), false);
    assert.deepEqual(findingsSettings().knownAccounts, [], 'a repository cannot declare its attacker account known');
    assert.equal(connectionSettings().requestTimeoutMs, 30_000, "the workspace's 1e7 s timeout is ignored");
  });

  it('the trap records what reaches it (so an empty record means something)', async () => {
    const before = trap().requests().length;
    await fetch(`${trap().url}/probe`, { method: 'POST' }).catch(() => undefined);
    assert.equal(trap().requests().length, before + 1);
    assert.match(trap().requests().at(-1) ?? '', /POST \/probe/);
  });

  it('with the user’s endpoint set, the whole tree loads from it and no request goes to the workspace’s endpoint', async () => {
    const probes = trap().requests().length;
    emulator = await connect(api, seed);
    const root = await nodeAt(api, 'demo');
    assert.equal(await label(api, root), 'demo');
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users')), ['alice', 'bob', 'emulator-admin']);
    const item = await api.services.tree.getTreeItem(root);
    assert.equal(item.description, 'safe-corp');
    assert.ok(
      emulator.log.some((e) => e.operation === 'ListUsers'),
      'the requests went to the user’s endpoint',
    );
    // Signed for the user's region, not the workspace's cn-north-1 (which would also change the partition).
    assert.equal(emulator.state.accessKeys.get(emulator.adminKey.accessKeyId)?.lastUsed?.region, 'us-east-1');
    assert.equal(
      trap().requests().length,
      probes,
      `requests reached the workspace's endpoint: ${trap().requests().join('; ')}`,
    );
  });

  it('a change to the ignored workspace settings is announced again as a warning with a way to manage trust', async () => {
    const dismiss = (kind: string) => {
      assert.equal(kind, 'warning');
      return undefined;
    };
    // Two announcements: one for the edit, one when the file is put back.
    const ui = new ScriptedUi().answer(dismiss, dismiss);
    const previous = api.services.ui;
    api.services.ui = ui;
    const file = workspaceSettingsFile();
    const original = readFileSync(file, 'utf8');
    try {
      const settings = JSON.parse(original) as Record<string, unknown>;
      delete settings['iamExplorer.policyEditor.accessAnalyzer'];
      writeFileSync(file, JSON.stringify(settings, null, 2));
      const warning = await eventually(() => ui.messages.find((m) => m.kind === 'warning'), 15_000);
      assert.match(warning.text, /iamExplorer\.endpoint/);
      assert.doesNotMatch(warning.text, /accessAnalyzer/);
      assert.match(warning.text, /not trusted/);
      assert.ok(!api.services.view.message?.includes('accessAnalyzer'), 'the view notice follows the settings');
      assert.equal(
        trap()
          .requests()
          .filter((r) => !r.includes('/probe')).length,
        0,
      );
    } finally {
      writeFileSync(file, original);
      await eventually(() => (api.services.view.message?.includes('accessAnalyzer') ? true : undefined), 15_000);
      await eventually(() => (ui.messages.filter((m) => m.kind === 'warning').length === 2 ? true : undefined), 15_000);
      api.services.ui = previous;
    }
  });

  it('IAM: Select Profiles… keeps the choice in the workspace state, where it counts, not in the ignored workspace settings', async () => {
    const file = workspaceSettingsFile();
    const before = readFileSync(file, 'utf8');
    const ui = new ScriptedUi().answer((_kind, _options, items) =>
      (items as vscode.QuickPickItem[]).filter((i) => i.label === 'demo'),
    );
    const previous = api.services.ui;
    api.services.ui = ui;
    try {
      await updateSettings([['profiles', undefined, vscode.ConfigurationTarget.Global]]);
      await vscode.commands.executeCommand('iamExplorer.selectProfiles');
    } finally {
      api.services.ui = previous;
    }
    assert.deepEqual(ui.messages, [], 'the command ran without a message');
    // Issue 13: the choice lives in the workspace state (extension storage a repository cannot plant), never in a
    // settings file.
    assert.deepEqual(api.services.shownProfiles(), ['demo']);
    assert.equal(readFileSync(file, 'utf8'), before, 'the workspace settings file is untouched');
    assert.deepEqual(selectedProfiles(api.services.context.workspaceState), ['demo']);
    await api.services.profileChoice.settingChanged();
  });
});
