/**
 * Issue 18, through the real commands inside VS Code: a delete against a partial backend says
 * what it could not check and goes on; a bulk delete can be cancelled between IAM calls and
 * says what was done; retries show in the progress notification.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import { BACK, inertUi, windowUi, type Ui } from '../../src/commands/ui';
import type { Emulator, Seed } from '../emulator';
import {
  activateExtension,
  children,
  connect,
  disconnect,
  manifest,
  nodeAt,
  ScriptedUi,
  sharedFiles,
  treeSettled,
  writeFile,
} from './support';

const seed: Seed = {
  users: [
    {
      name: 'half',
      inlinePolicies: [
        {
          name: 'notes',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
        },
      ],
    },
    ...['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4'].map((name) => ({ name })),
  ],
};

describe('issue 18: partial backends, cancel and retries in the real commands', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator;
  let original: Ui;

  before(async () => {
    api = await activateExtension();
    original = api.services.ui;
  });
  beforeEach(async () => {
    emulator = await connect(api, seed);
  });
  afterEach(async () => {
    api.services.ui = original;
    await disconnect(emulator);
  });

  it('Delete User against an endpoint answering HTML 500 to ListServiceSpecificCredentials: "Could not check" in the confirmation, and the delete goes on', async () => {
    emulator.setFaults([{ operation: 'ListServiceSpecificCredentials', kind: 'HtmlError' }]);
    const half = await nodeAt(api, 'demo', 'Users', 'half');
    let confirmation = '';
    const ui = new ScriptedUi().answer(
      (kind, message) => {
        assert.equal(kind, 'warning');
        confirmation = String(message);
        return 'Delete';
      },
      () => 'half',
    );
    api.services.ui = ui;
    await vscode.commands.executeCommand('iamExplorer.deleteUser', half);
    assert.match(confirmation, /they will be removed: 1 inline policy \(notes\)/);
    assert.match(
      confirmation,
      /Could not check: service-specific credentials \(The endpoint answered HTTP 500 with an HTML page to ListServiceSpecificCredentials; it may not implement this operation\)/,
    );
    assert.deepEqual(
      ui.messages.filter((m) => m.kind === 'error'),
      [],
    );
    assert.equal(emulator.state.users.get('half'), undefined, 'the user is deleted');
    assert.equal(
      emulator.log.filter((e) => e.operation === 'ListServiceSpecificCredentials').length,
      1,
      'the HTML page is not retried',
    );
  });

  it('cancelling a bulk delete of four users stops between IAM calls, says what was done, and a throttled call shows "Retrying" in the notification', async () => {
    // DeleteUser of the first user is throttled twice: the notification says it is retrying.
    emulator.setFaults([{ operation: 'DeleteUser', kind: 'Throttling', count: 2 }]);
    const users = await Promise.all(
      ['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4'].map((n) => nodeAt(api, 'demo', 'Users', n)),
    );
    const ui = new ScriptedUi().answer(() => 'Delete');
    // Cancel when the second user's delete is announced: it is not started.
    ui.cancelProgressWhen = (message) => message.startsWith('2/4');
    api.services.ui = ui;
    await vscode.commands.executeCommand('iamExplorer.deleteUser', users[0], users);

    // The notification (the tree's own progress in the view, if a folder loaded meanwhile, is not it).
    const [shown] = ui.progress.filter((p) => p.view === undefined);
    assert.ok(shown, 'a progress notification was shown');
    assert.equal(shown.cancellable, true, 'it has a Cancel button');
    assert.equal(shown.title, 'Deleting 4 users');
    // Other retries of the profile's clients meanwhile (a root's identity still loading) may show too.
    const ofThisWork = shown.messages.filter((m) => !m.startsWith('Retrying ') || m.startsWith('Retrying DeleteUser'));
    assert.deepEqual(ofThisWork, [
      '1/4: delete user bulk-1',
      'Retrying DeleteUser, attempt 2 of 10',
      'Retrying DeleteUser, attempt 3 of 10',
      '2/4: delete user bulk-2',
    ]);
    assert.equal(emulator.state.users.get('bulk-1'), undefined, 'the call in flight completed');
    for (const n of ['bulk-2', 'bulk-3', 'bulk-4']) assert.ok(emulator.state.users.get(n), `${n} is untouched`);
    assert.deepEqual(
      emulator.log.filter((e) => e.operation === 'DeleteUser').length,
      3,
      'DeleteUser was called for bulk-1 only (three attempts), none after the cancel',
    );
    const info = ui.messages.filter((m) => m.kind === 'info').map((m) => m.text);
    assert.deepEqual(info, [
      'Deleting user bulk-2 was cancelled before its first step; nothing was removed. Not started: bulk-3, bulk-4. Deleted: bulk-1.',
    ]);
    assert.deepEqual(
      ui.messages.filter((m) => m.kind === 'error'),
      [],
    );
  });

  it('the welcome view shows with empty AWS files (Select Profiles, the guide, the demo), and again when no selected profile exists', async () => {
    const { config, credentials } = sharedFiles();
    writeFile(config, '');
    writeFile(credentials, '');
    api.services.profiles.invalidate();
    api.services.tree.refresh();
    await treeSettled(api, 500);
    assert.deepEqual(await children(api), [], 'no roots: the view shows its welcome content');
    assert.equal(api.services.tree.welcomeShown, 'noProfiles');
    assert.deepEqual(
      await api.services.findings.getChildren(),
      [],
      'no profile in the Findings view either (it listed the selected one, which could not connect)',
    );

    const welcome = (
      manifest() as unknown as { contributes: { viewsWelcome: { view: string; contents: string; when?: string }[] } }
    ).contributes.viewsWelcome;
    const shown = welcome.find((w) => w.when === 'iamExplorer.welcome == noProfiles');
    assert.ok(shown, 'welcome content for empty AWS files');
    assert.equal(shown.view, 'iamExplorer.explorer');
    const links = [...shown.contents.matchAll(/\[([^\]]+)\]\(command:([^?)]+)(?:\?([^)]*))?\)/g)].map((m) => ({
      label: m[1],
      command: m[2],
      args: m[3] && JSON.parse(decodeURIComponent(m[3])),
    }));
    assert.deepEqual(
      links.map((l) => [l.label, l.command]),
      [
        ['Select Profiles', 'iamExplorer.selectProfiles'],
        ['Read the Getting Started Guide', 'workbench.action.openWalkthrough'],
        ['Try the Demo Account', 'workbench.action.openWalkthrough'],
      ],
    );
    const walkthrough = (
      manifest() as unknown as { contributes: { walkthroughs: { id: string; steps: { id: string }[] }[] } }
    ).contributes.walkthroughs[0];
    assert.equal(
      links[1]?.args,
      `iam-explorer.iam-explorer#${walkthrough?.id}`,
      'the guide link names the walkthrough',
    );
    assert.ok(
      walkthrough?.steps.some((st) => links[2]?.args?.step === `iam-explorer.iam-explorer#${walkthrough.id}#${st.id}`),
      'the demo link names a walkthrough step',
    );

    // Files with a profile, but not the selected one: nothing can connect, the other welcome shows.
    writeFile(config, '[profile elsewhere]\nregion = us-east-1\n');
    api.services.profiles.invalidate();
    api.services.tree.refresh();
    assert.deepEqual(await children(api), []);
    assert.equal(api.services.tree.welcomeShown, 'noSelectedProfile');
    assert.deepEqual(await api.services.findings.getChildren(), []);
    const findingsWelcome = welcome.find((w) => w.view === 'iamExplorer.findings');
    assert.ok(findingsWelcome, 'welcome content for the Findings view');
    assert.ok(findingsWelcome.contents.includes('[Select Profiles](command:iamExplorer.selectProfiles)'));
    assert.equal(findingsWelcome.when, 'iamExplorer.welcome == noProfiles || iamExplorer.welcome == noSelectedProfile');
    assert.ok(
      welcome.some(
        (w) =>
          w.when === 'iamExplorer.welcome == noSelectedProfile' &&
          w.contents.includes('(command:iamExplorer.selectProfiles)'),
      ),
    );

    // The selected profile back in the files: its root, expanded since it is the only one.
    writeFile(config, '[profile demo]\nregion = us-east-1\n');
    writeFile(
      credentials,
      `[demo]\naws_access_key_id = ${emulator.adminKey.accessKeyId}\naws_secret_access_key = ${emulator.adminKey.secretAccessKey}\n`,
    );
    api.services.profiles.invalidate();
    api.services.tree.refresh();
    const roots = await children(api);
    assert.deepEqual(
      roots.map((r) => r.kind === 'profile' && r.profile),
      ['demo'],
    );
    assert.equal(api.services.tree.welcomeShown, undefined);
    const root = roots[0];
    assert.ok(root);
    assert.equal(
      api.services.tree.getTreeItem(root).collapsibleState,
      vscode.TreeItemCollapsibleState.Expanded,
      'one profile shown: its root starts expanded',
    );
  });

  it('the role wizard is one flow with step n of m and a Back button that keeps what was entered', async () => {
    type Request = { value?: string; validateInput?: (v: string) => unknown };
    const type = (value: string) => (kind: string, request: unknown) => {
      assert.equal(kind, 'inputBox');
      assert.equal((request as Request).validateInput?.(value) ?? undefined, undefined, `the box accepts ${value}`);
      return value;
    };
    const pick =
      (...labels: string[]) =>
      (kind: string, request: unknown, items: unknown) => {
        assert.equal(kind, 'quickPick');
        const hits = labels.map((l) => (items as { label: string }[]).find((i) => i.label === l));
        return (request as { canPickMany?: boolean }).canPickMany ? hits : hits[0];
      };
    /** Presses Back, after checking the step shows what was entered before. */
    const back = () => BACK;
    /** Accepts what the step shows (kept from before Back). */
    const keep = (kind: string, request: unknown) => {
      assert.equal(kind, 'inputBox');
      return (request as Request).value;
    };
    const ui = new ScriptedUi().answer(
      pick('AWS service'),
      pick('lambda.amazonaws.com'),
      type('back-fn'),
      type('/team/'),
      back, // at the description: back to the path
      back, // at the path: back to the name
      back, // at the name: back to the services
      pick('lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'),
      keep, // the name, as entered
      keep, // the path, as entered
      type('Goes back'),
      type('2h'),
      type(''),
      pick(),
    );
    api.services.ui = ui;
    await vscode.commands.executeCommand('iamExplorer.createRole');
    assert.deepEqual(
      ui.messages.filter((m) => m.kind === 'error'),
      [],
    );
    const role = emulator.state.roles.get('back-fn');
    assert.ok(role, 'the role was created');
    assert.equal(role.path, '/team/');
    assert.equal(role.description, 'Goes back');
    assert.deepEqual(JSON.parse(role.trustPolicy).Statement[0].Principal, {
      Service: ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'],
    });

    const at = (i: number) => {
      const s = ui.steps[i];
      assert.ok(s, `step ${i} shown`);
      return s;
    };
    assert.deepEqual(
      ui.steps.map((s) => `${s.step}/${s.totalSteps}`),
      ['1/8', '2/8', '3/8', '4/8', '5/8', '4/8', '3/8', '2/8', '3/8', '4/8', '5/8', '6/8', '7/8', '8/8'],
    );
    assert.equal(at(0).back, false, 'the first step has no Back button');
    assert.ok(
      ui.steps.slice(1).every((s) => s.back),
      'every later step has one',
    );
    assert.equal(at(5).value, '/team/', 'Back to the path shows the path entered');
    assert.equal(at(6).value, 'back-fn', 'Back to the name shows the name entered');
    assert.deepEqual(at(7).selected, ['lambda.amazonaws.com'], 'Back to the services shows the services picked');
    assert.equal(at(8).value, 'back-fn', 'forward again: the name is still there');
  });

  it("Run aws sso login starts aws itself as the terminal's process, with the profile as one argument (no shell text to quote)", async () => {
    const profile = "o'brien & co";
    const opened = new Promise<vscode.Terminal>((resolve) => {
      const sub = vscode.window.onDidOpenTerminal((t) => {
        if (t.name === `aws sso login (${profile})`) {
          sub.dispose();
          resolve(t);
        }
      });
    });
    await vscode.commands.executeCommand('iamExplorer.ssoLogin', profile);
    const terminal = await opened;
    try {
      const options = terminal.creationOptions as vscode.TerminalOptions;
      assert.equal(options.shellPath, 'aws');
      assert.deepEqual(options.shellArgs, ['sso', 'login', '--profile', profile]);
    } finally {
      terminal.dispose();
    }
  });

  it('the real wizard steps: createInputBox with step n of m, a Back button that answers BACK, and the kept value accepted', async () => {
    const ui = inertUi(windowUi);
    /** Runs a quick input command until the step answers (the input shows asynchronously). */
    const press = async <T>(command: string, step: Promise<T>): Promise<T> => {
      let answered = false;
      void step.finally(() => (answered = true));
      for (let i = 0; i < 100 && !answered; i++) {
        await vscode.commands.executeCommand(command);
        await new Promise((r) => setTimeout(r, 100));
      }
      return step;
    };
    const name = {
      title: 'Create IAM role',
      step: 2,
      totalSteps: 8,
      prompt: 'Role name',
      value: 'kept-name',
      validateInput: () => undefined,
    };
    assert.equal(await press('workbench.action.quickInputBack', ui.inputStep(name)), BACK, 'Back answers BACK');
    assert.equal(
      await press('workbench.action.acceptSelectedQuickOpenItem', ui.inputStep(name)),
      'kept-name',
      'Enter accepts the value shown',
    );
    const picked = ui.pickStep([{ label: 'AWS service' }, { label: 'This account' }], {
      title: 'Create IAM role',
      step: 1,
      totalSteps: 8,
      selected: (i) => i.label === 'This account',
    });
    assert.deepEqual(
      await press('workbench.action.acceptSelectedQuickOpenItem', picked),
      { label: 'This account' },
      'the earlier answer is the active item',
    );
  });
});
