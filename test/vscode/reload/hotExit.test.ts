// Hot exit and the prompt on close, for the policy editor (issue 15).
// Part 1 edits and leaves the edit unsaved, then asks for a window reload
// (test/vscode/reload.ts); VS Code reloads the window with hot exit on (files.hotExit, on by
// default). Part 2, in the extension host of the reloaded window, finds the tab restored
// from VS Code's backup, dirty, the edit in the page, compared with what IAM holds, and
// saves it to IAM. Part 3 leaves another unsaved edit and asks the launcher for a page
// check (requestPageCheck): VS Code answers its own save prompt while extension tests run,
// so the launcher reloads the window without them and closes the tab through the DOM:
// VS Code's prompt, Cancel keeps the edit, Don't Save discards it, IAM unchanged
// (scripts/vscode-host/pageCheck.mjs).
//
// The emulator runs in a process of its own (the CLI, `npm run emulator`), so that it is
// there, unchanged, while the window restores: an emulator inside the extension host would
// end with it. Its lifetime is bounded (`timeout`); the last part's cleanup, or the
// launcher after its page check, stops it.
import { spawn } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetUserPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import * as vscode from 'vscode';
import type { PolicyTarget } from '../../../src/core/iam/policySave';
import type { ExtensionTestApi } from '../../../src/extension';
import type { PolicyEditorPanel } from '../../../src/webview/host/policyEditors';
import type { PageSnapshot } from '../../../src/webview/protocol';
import type { Seed } from '../../emulator';
import { pageCheckRequested, reloadNote, reloadPhase, requestPageCheck, requestReload } from '../reload';
import { recordSecret } from '../secrets';
import { activateExtension, disconnect, eventually, EXTENSION_ID, pointAt, ScriptedUi } from '../support';

/** How long the emulator process may live at most (the whole session, reload included, takes far less). */
const EMULATOR_LIFETIME_S = 600;

const doc = (statement: object) => ({ Version: '2012-10-17', Statement: [statement] });
const readReports = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' });
const seed: Seed = { users: [{ name: 'alice', inlinePolicies: [{ name: 'read-reports', document: readReports }] }] };
const target: PolicyTarget = {
  kind: 'inline',
  profile: 'demo',
  owner: { type: 'user', name: 'alice' },
  policyName: 'read-reports',
};
const kept = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::kept/*' });
const edit = `${JSON.stringify(kept, null, 2)}\n`;

interface Detached {
  endpoint: string;
  adminKey: { accessKeyId: string; secretAccessKey: string };
  pid: number;
}

/** Starts the emulator CLI in a process group of its own, which outlives this extension host. */
async function startDetachedEmulator(): Promise<Detached> {
  const scratch = process.env.IAM_EXPLORER_TEST_SCRATCH;
  if (!scratch) throw new Error('IAM_EXPLORER_TEST_SCRATCH is not set: run the tests with run-tests.mjs');
  const seedFile = join(scratch, 'hot-exit-seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
  if (!root) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const cli = ['--import', 'tsx', 'test/emulator/cli.ts', '--port', '0', '--seed', seedFile];
  const child = spawn('timeout', [String(EMULATOR_LIFETIME_S), process.execPath, ...cli], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const started = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start in 60 s: ${err}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ctrl+C to stop')) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code}: ${err}`));
    });
  });
  child.stdout.destroy();
  child.stderr.destroy();
  child.unref();
  const field = (name: string) => {
    const m = new RegExp(`^${name}=(\\S+)$`, 'm').exec(started);
    if (!m?.[1]) throw new Error(`the emulator did not print ${name}`);
    return m[1];
  };
  const endpoint = /listening on (\S+)/.exec(started)?.[1];
  if (!endpoint || child.pid === undefined) throw new Error('the emulator did not print its endpoint');
  const adminKey = { accessKeyId: field('AWS_ACCESS_KEY_ID'), secretAccessKey: field('AWS_SECRET_ACCESS_KEY') };
  recordSecret(new Set(), adminKey.secretAccessKey);
  return { endpoint, adminKey, pid: child.pid };
}

async function pageUntil(editor: PolicyEditorPanel, probe: (s: PageSnapshot) => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const s = await editor.test({ do: 'query' });
    if (probe(s)) return s;
    if (Date.now() > deadline) throw new Error(`page never showed ${what}; it shows ${JSON.stringify(s, null, 1)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('hot exit', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;

  before(async () => {
    api = await activateExtension();
  });

  if (reloadPhase() === 'before') {
    it('policy editor: an unsaved edit is left open for a window reload (part 1 of 3)', async () => {
      // Auto save (the browser's default: after a delay) would save the edit rather than
      // leave it to hot exit; off, as on the desktop. No earlier suite's scripted answers.
      await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      api.services.ui = new ScriptedUi();
      const emulator = await startDetachedEmulator();
      try {
        await pointAt(api, emulator);
        const editor = await api.services.policyEditors.open(target);
        await editor.test({ do: 'query' });
        await editor.test({ do: 'replace', text: edit });
        await eventually(() => (editor.document.isDirty && editor.document.getText() === edit ? true : undefined));
        assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.isDirty, true);
        // VS Code backs a dirty document up a second after its last change; a reload before
        // that loses it. Wait past it.
        await new Promise((r) => setTimeout(r, 4000));
        assert.equal(editor.document.isDirty, true, 'still unsaved when the window reloads');
      } catch (e) {
        process.kill(-emulator.pid, 'SIGTERM');
        throw e;
      }
      requestReload({ endpoint: emulator.endpoint, pid: String(emulator.pid) });
    });
  } else {
    const note = reloadNote();
    const iam = new IAMClient({ endpoint: note.endpoint, region: 'us-east-1', profile: 'demo', maxAttempts: 1 });
    const held = async () =>
      JSON.parse(
        decodeURIComponent(
          (await iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'read-reports' })))
            .PolicyDocument ?? '',
        ),
      ) as unknown;

    after(async () => {
      // Part 3 leaves the edit, the window and the emulator to the launcher's page check.
      if (pageCheckRequested()) return;
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await disconnect(undefined);
      if (note.pid) process.kill(-Number(note.pid), 'SIGTERM');
    });

    const title = 'policy editor: after the window reload, the unsaved edit is back, dirty, and saves to IAM';
    it(`${title} (part 2 of 3)`, async () => {
      // VS Code restored the tab, and the document from its backup, while the window started.
      const editor = await eventually(() => api.services.policyEditors.find(target), 60_000);
      const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      const state = () =>
        `dirty=${editor.document.isDirty} text=${JSON.stringify(editor.document.getText())} ` +
        `tabs=${JSON.stringify(tabs().map((t) => [t.label, t.isDirty]))}`;
      assert.equal(editor.document.isDirty, true, `the restored document is unsaved: ${state()}`);
      assert.deepEqual(JSON.parse(editor.document.getText()), kept);
      const tab = tabs().find(
        (t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === editor.document.uri.toString(),
      );
      assert.ok(tab, `the policy editor tab is restored: ${state()}`);
      assert.equal(tab.isDirty, true);
      // The page shows the edit as unsaved, and what it grants compared with what IAM holds.
      let page = await pageUntil(editor, (s) => s.text === editor.document.getText(), 'the restored edit');
      assert.equal(page.dirty, true, 'the page knows the edit is unsaved');
      page = await pageUntil(editor, (s) => s.accessText !== '', 'the access panel');
      assert.match(page.accessText, /^Grants new access: s3:GetObject on arn:aws:s3:::kept\/\*\./m);

      assert.deepEqual(await held(), readReports, 'nothing was written before the save');

      const ui = new ScriptedUi();
      api.services.ui = ui;
      ui.answer((kind, request) => {
        assert.equal(kind, 'warning');
        assert.match(String(request), /Save inline policy read-reports/);
        return 'Save';
      });
      await editor.test({ do: 'invoke', action: 'save' });
      await eventually(() => (editor.document.isDirty ? undefined : true), 15_000);
      assert.deepEqual(await held(), kept);
    });

    const prompt = 'policy editor: closing with unsaved changes gets VS Code’s prompt';
    it(`${prompt} (part 3 of 3, answered in the page)`, async () => {
      // Auto save stays off (part 1), so that closing meets the unsaved edit.
      await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      const editor = await api.services.policyEditors.open(target);
      await editor.test({ do: 'query' });
      const before = await held();
      const unsaved = doc({ Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::kept/*' });
      await editor.test({ do: 'replace', text: `${JSON.stringify(unsaved, null, 2)}\n` });
      await eventually(() => (editor.document.isDirty ? true : undefined));
      // Backed up, so the window the launcher reloads without the tests restores it.
      await new Promise((r) => setTimeout(r, 4000));
      assert.equal(editor.document.isDirty, true);
      assert.deepEqual(await held(), before, 'nothing written');
      const tabLabel = () => {
        const uri = editor.document.uri.toString();
        const tab = vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri);
        if (!tab) throw new Error('the policy editor has no tab');
        return tab.label;
      };
      requestPageCheck({
        check: 'closePrompt',
        tab: tabLabel(),
        endpoint: note.endpoint,
        pid: note.pid,
        userName: 'alice',
        policyName: 'read-reports',
        held: JSON.stringify(before),
      });
    });
  }
});
