import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { PROFILE_CHOICE_KEY } from '../../src/aws/settings';
import type { ExtensionTestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';
import type { Emulator, Seed } from '../emulator';
import {
  activateExtension,
  child,
  children,
  connect,
  disconnect,
  eventually,
  labels,
  nodeAt,
  ScriptedUi,
  sharedFiles,
  treeSettled,
  updateSettings,
  writeFile,
} from './support';

const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const readS3 = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
};

const seed: Seed = {
  users: [
    {
      name: 'alice',
      groups: ['developers'],
      attachedPolicies: ['ReadOnlyAccess'],
      inlinePolicies: [{ name: 'read-reports', document: readS3 }],
      accessKeys: [{ id: 'AKIAMODELALICE000001', secret: 'm'.repeat(40), createDate: 'now-10d' }],
    },
    { name: 'bob', accessKeys: [{ id: 'AKIAMODELBOB00000001', secret: 'n'.repeat(40), createDate: 'now-200d' }] },
  ],
  groups: [
    { name: 'developers', attachedPolicies: ['reports-read'], inlinePolicies: [{ name: 'g', document: readS3 }] },
  ],
  roles: [
    {
      name: 'app-role',
      trustPolicy: trust,
      attachedPolicies: ['reports-read'],
      inlinePolicies: [{ name: 'logs', document: readS3 }],
    },
    {
      name: 'mfa-admin',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ],
      },
    },
  ],
  policies: [{ name: 'reports-read', versions: [readS3, readS3] }],
};

/** Node kinds the view expands (the others are leaves). */
const EXPANDABLE = new Set(['profile', 'folder', 'entity', 'subfolder']);

describe('account model and snapshot in the tree', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;
  let previousUi: ExtensionTestApi['services']['ui'];

  before(async () => {
    api = await activateExtension();
    previousUi = api.services.ui;
  });

  afterEach(async () => {
    api.services.ui = previousUi;
    await updateSettings([['accessKeyMaxAgeDays', undefined, vscode.ConfigurationTarget.Global]]);
    await disconnect(emulator);
    emulator = undefined;
  });

  /** Every node below `node` the view could show, expanded depth first. */
  async function expandAll(node: ExplorerNode): Promise<ExplorerNode[]> {
    const out: ExplorerNode[] = [];
    for (const c of await children(api, node)) {
      out.push(c);
      if (EXPANDABLE.has(c.kind)) out.push(...(await expandAll(c)));
    }
    return out;
  }

  async function snapshotLoaded(profile = 'demo'): Promise<void> {
    await children(api);
    await children(api, await nodeAt(api, profile));
    const { model } = await api.services.connections.get(profile);
    await eventually(() => model.snapshotLoadedAt(), 30_000);
  }

  it('after the snapshot, expanding users, groups, roles and policies sends only ListAccessKeys and GetAccessKeyLastUsed', async () => {
    emulator = await connect(api, seed, ['demo'], { snapshot: 'auto' });
    await snapshotLoaded();
    assert.equal(emulator.log.filter((e) => e.operation === 'GetAccountAuthorizationDetails').length, 1);
    emulator.log.length = 0;
    const root = await nodeAt(api, 'demo');
    const all = await expandAll(root);
    const ops = emulator.log.map((e) => e.operation);
    assert.deepEqual([...new Set(ops)].sort(), ['GetAccessKeyLastUsed', 'ListAccessKeys'], ops.join(', '));
    // Three users (emulator-admin too): one ListAccessKeys each.
    assert.equal(ops.filter((o) => o === 'ListAccessKeys').length, 3);
    // What the tree shows came from the snapshot: memberships both ways, attachments, inline names, versions,
    // attached-to.
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Groups')), ['developers']);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Groups', 'developers', 'Members')), ['alice']);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Roles', 'app-role', 'Inline Policies')), ['logs']);
    assert.deepEqual((await labels(api, await nodeAt(api, 'demo', 'Policies', 'reports-read', 'Attached To'))).sort(), [
      'app-role',
      'developers',
    ]);
    assert.equal((await labels(api, await nodeAt(api, 'demo', 'Policies', 'reports-read', 'Versions'))).length, 2);
    assert.ok(all.some((n) => n.kind === 'trustPolicy'));
    const item = await api.services.tree.getTreeItem(root);
    assert.match((item.tooltip as vscode.MarkdownString).value, /Snapshot/);
    assert.ok(api.services.snapshots.note('demo')?.includes('entities, loaded'));
  });

  it(
    'IAM: Load Account Snapshot with GetAccountAuthorizationDetails failing twice (HTTP 500): ' +
      'the notification says it is retrying, and the snapshot loads',
    async () => {
      emulator = await connect(api, seed, ['demo'], { snapshot: 'onDemand' });
      await children(api, await nodeAt(api, 'demo'));
      emulator.setFaults([{ operation: 'GetAccountAuthorizationDetails', kind: 'ServiceFailure', count: 2 }]);
      const ui = new ScriptedUi();
      api.services.ui = ui;
      await vscode.commands.executeCommand('iamExplorer.loadSnapshot', await nodeAt(api, 'demo'));
      assert.deepEqual(ui.messages, []);
      const shown = ui.progress.find((p) => p.title === 'Loading the account snapshot of demo');
      assert.ok(shown, `a snapshot notification: ${JSON.stringify(ui.progress)}`);
      assert.equal(shown.cancellable, true, 'it has a Cancel button');
      assert.deepEqual(
        // Other retries of the profile's clients meanwhile (a request of an earlier test's clients) may show too.
        shown.messages.filter((m) => m.startsWith('Retrying GetAccountAuthorizationDetails')),
        [
          'Retrying GetAccountAuthorizationDetails, attempt 2 of 10',
          'Retrying GetAccountAuthorizationDetails, attempt 3 of 10',
        ],
      );
      assert.equal(
        emulator.log.filter((e) => e.operation === 'GetAccountAuthorizationDetails' && e.status === 500).length,
        2,
      );
      const { model } = await api.services.connections.get('demo');
      assert.ok(model.snapshotLoadedAt(), 'the snapshot loaded after the retries');
    },
  );

  it('create, membership, attachment and inline changes re-render exactly the affected nodes, with no listing', async () => {
    emulator = await connect(api, seed, ['demo'], { snapshot: 'auto' });
    await snapshotLoaded();
    const root = await nodeAt(api, 'demo');
    await expandAll(root);
    emulator.log.length = 0;
    const fired: string[] = [];
    const sub = api.services.tree.onDidChangeTreeData((n) => fired.push(n ? n.id : '(everything)'));
    const ops = () => emulator!.log.map((e) => e.operation);
    const id = (...path: string[]) => nodeAt(api, 'demo', ...path).then((n) => n.id);
    try {
      // Membership: the user's Groups and the group's Members.
      const membership = await nodeAt(api, 'demo', 'Users', 'alice', 'Groups', 'developers');
      api.services.ui = new ScriptedUi().answer(() => 'Remove');
      await vscode.commands.executeCommand('iamExplorer.removeUserFromGroup', membership);
      assert.deepEqual(
        fired.sort(),
        [await id('Users', 'alice', 'Groups'), await id('Groups', 'developers', 'Members')].sort(),
      );
      assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Groups')), ['None']);
      assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Groups', 'developers', 'Members')), ['No members']);
      assert.deepEqual(ops(), ['RemoveUserFromGroup']);

      // Detach: the user's Attached Policies (the AWS managed policy's folders are not loaded).
      fired.length = 0;
      emulator.log.length = 0;
      const attached = await nodeAt(api, 'demo', 'Users', 'alice', 'Attached Policies', 'ReadOnlyAccess');
      api.services.ui = new ScriptedUi().answer(() => 'Detach');
      await vscode.commands.executeCommand('iamExplorer.detachPolicy', attached);
      assert.deepEqual(fired, [await id('Users', 'alice', 'Attached Policies')]);
      assert.deepEqual(ops(), ['DetachUserPolicy']);

      // Inline: the role's Inline Policies.
      fired.length = 0;
      emulator.log.length = 0;
      const inline = await nodeAt(api, 'demo', 'Roles', 'app-role', 'Inline Policies', 'logs');
      api.services.ui = new ScriptedUi().answer(() => 'Delete');
      await vscode.commands.executeCommand('iamExplorer.deleteInlinePolicy', inline);
      assert.deepEqual(fired, [await id('Roles', 'app-role', 'Inline Policies')]);
      assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Roles', 'app-role', 'Inline Policies')), ['None']);
      assert.deepEqual(ops(), ['DeleteRolePolicy']);

      // Create: the Users folder only; the users already expanded keep what is loaded below them.
      fired.length = 0;
      emulator.log.length = 0;
      const usersFolder = await nodeAt(api, 'demo', 'Users');
      const aliceBefore = await child(api, usersFolder, 'alice');
      api.services.ui = new ScriptedUi().answer(
        () => 'carol',
        () => '/',
        () => '',
      );
      await vscode.commands.executeCommand('iamExplorer.createUser', usersFolder);
      assert.deepEqual(fired, [usersFolder.id]);
      assert.deepEqual(await labels(api, usersFolder), ['alice', 'bob', 'carol', 'emulator-admin']);
      assert.equal(await child(api, usersFolder, 'alice'), aliceBefore, 'the unchanged user node is the same object');
      await expandAll(await child(api, usersFolder, 'alice'));
      assert.deepEqual(ops(), ['CreateUser']);

      // The model the analyses read has every change.
      const snapshot = (await api.services.connections.get('demo')).model.snapshot();
      const alice = snapshot?.users.find((u) => u.name === 'alice');
      assert.deepEqual([alice?.groups, alice?.attachedPolicies], [[], []]);
      assert.ok(snapshot?.users.some((u) => u.name === 'carol'));
      assert.deepEqual(snapshot?.roles.find((r) => r.name === 'app-role')?.inlinePolicies, []);
    } finally {
      sub.dispose();
    }
  });

  it('attach, a policy editor save and a delete re-render exactly the affected nodes, with no listing after them', async () => {
    emulator = await connect(api, seed, ['demo'], { snapshot: 'auto' });
    await snapshotLoaded();
    await expandAll(await nodeAt(api, 'demo'));
    const fired: string[] = [];
    const sub = api.services.tree.onDidChangeTreeData((n) => fired.push(n ? n.id : '(everything)'));
    const id = (...path: string[]) => nodeAt(api, 'demo', ...path).then((n) => n.id);
    const writes = () => emulator!.log.map((e) => e.operation).filter((o) => !/^(List|Get)/.test(o));
    try {
      // Attach an AWS managed policy to the role: its Attached Policies only (the AWS managed folder is not shown).
      emulator.log.length = 0;
      const role = await nodeAt(api, 'demo', 'Roles', 'app-role');
      api.services.ui = new ScriptedUi().answer((_kind, _options, items) =>
        (items as vscode.QuickPickItem[]).filter((i) => i.label === 'ReadOnlyAccess'),
      );
      await vscode.commands.executeCommand('iamExplorer.attachPolicy', role);
      assert.deepEqual(fired, [await id('Roles', 'app-role', 'Attached Policies')]);
      assert.deepEqual(writes(), ['AttachRolePolicy']);
      const seen = emulator.log.length;
      assert.deepEqual(
        await labels(api, await nodeAt(api, 'demo', 'Roles', 'app-role', 'Attached Policies')),
        ['reports-read', 'ReadOnlyAccess'],
        "in IAM's order, by ARN",
      );
      assert.equal(emulator.log.length, seen, 'shown from the model, not listed again');

      // A policy editor save: a new default version, shown under the policy's Versions.
      fired.length = 0;
      const editor = await api.services.policyEditors.open({
        kind: 'managed',
        profile: 'demo',
        policyArn: `arn:aws:iam::123456789012:policy/reports-read`,
        policyName: 'reports-read',
      });
      await editor.test({ do: 'query' });
      const edited = { ...readS3, Statement: [{ ...readS3.Statement[0], Action: ['s3:GetObject', 's3:ListBucket'] }] };
      await editor.test({ do: 'replace', text: JSON.stringify(edited, null, 2) });
      api.services.ui = new ScriptedUi().answer(() => 'Save');
      await editor.test({ do: 'invoke', action: 'save' });
      await eventually(() => (fired.length ? true : undefined), 15_000);
      assert.deepEqual(fired, [await id('Policies', 'reports-read', 'Versions')]);
      const before = emulator.log.length;
      assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Policies', 'reports-read', 'Versions')), [
        'v3',
        'v2',
        'v1',
      ]);
      assert.equal(emulator.log.length, before, 'the new version is shown from the model');
      const policy = (await api.services.connections.get('demo')).model
        .snapshot()
        ?.policies.find((p) => p.name === 'reports-read');
      assert.deepEqual(policy?.defaultDocument?.json, edited, 'the snapshot has the saved document as the default');
      editor.panel.dispose();

      // Delete a user (with its access key): the Users folder only.
      fired.length = 0;
      emulator.log.length = 0;
      const bob = await nodeAt(api, 'demo', 'Users', 'bob');
      api.services.ui = new ScriptedUi().answer(
        () => 'Delete',
        () => 'bob',
      );
      await vscode.commands.executeCommand('iamExplorer.deleteUser', bob);
      assert.deepEqual(fired, [await id('Users')]);
      assert.deepEqual(writes(), ['DeleteAccessKey', 'DeleteUser']);
      const after = emulator.log.length;
      assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users')), ['alice', 'emulator-admin']);
      assert.equal(emulator.log.length, after);
    } finally {
      sub.dispose();
    }
  });

  it('AccessDenied on GetAccountAuthorizationDetails falls back to lazy listing with one notice naming the permission', async () => {
    const ui = new ScriptedUi().answer(
      () => undefined,
      () => undefined,
    );
    api.services.ui = ui;
    emulator = await connect(api, seed, ['demo'], {
      snapshot: 'auto',
      faults: [{ operation: 'GetAccountAuthorizationDetails', kind: 'AccessDenied' }],
    });
    await children(api);
    const root = await nodeAt(api, 'demo');
    await eventually(() => (ui.messages.length ? true : undefined), 30_000);
    assert.match(ui.messages[0]?.text ?? '', /iam:GetAccountAuthorizationDetails/);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users')), ['alice', 'bob', 'emulator-admin']);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Groups')), ['developers']);
    assert.ok(
      emulator.log.some((e) => e.operation === 'ListGroupsForUser'),
      'listed lazily',
    );
    // Refresh on the root tries again, and says nothing more.
    await vscode.commands.executeCommand('iamExplorer.refresh', root);
    await children(api, root);
    await eventually(
      () =>
        emulator!.log.filter((e) => e.operation === 'GetAccountAuthorizationDetails').length >= 2 ? true : undefined,
      30_000,
    );
    await treeSettled(api, 500);
    assert.equal(ui.messages.length, 1, ui.messages.map((m) => m.text).join(' | '));
    assert.match(api.services.snapshots.note('demo') ?? '', /missing permission iam:GetAccountAuthorizationDetails/);
  });

  it('changing iamExplorer.accessKeyMaxAgeDays keeps an MFA session: no second code, same clients', async () => {
    emulator = await connect(api, seed, ['demo']);
    const { config } = sharedFiles();
    const serial = 'arn:aws:iam::123456789012:mfa/alice';
    writeFile(
      config,
      `${readFileSync(config, 'utf8')}\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/mfa-admin\nsource_profile = demo\nmfa_serial = ${serial}\nregion = us-east-1\n`,
    );
    const asked: string[] = [];
    const mfa = (_kind: string, options: unknown) => {
      asked.push(String((options as vscode.InputBoxOptions).prompt));
      return '123456';
    };
    api.services.ui = new ScriptedUi().answer(mfa, mfa, mfa);
    await updateSettings([['profiles', ['admin'], vscode.ConfigurationTarget.Global]]);
    assert.match((await api.services.tree.identity('admin')).identity.arn, /assumed-role\/mfa-admin\//);
    await treeSettled(api);
    const connected = await api.services.connections.get('admin');
    const assumed = emulator.log.filter((e) => e.operation === 'AssumeRole').length;
    const key = await nodeAt(api, 'admin', 'Users', 'bob', 'Access Keys', 'AKIAMODELBOB00000001');
    const warned = (await api.services.tree.getTreeItem(key)).iconPath as vscode.ThemeIcon;
    assert.equal(warned.id, 'warning', 'a 200-day-old key is flagged at 90 days');

    api.services.ui = new ScriptedUi(); // any prompt now fails the test
    await updateSettings([['accessKeyMaxAgeDays', 365, vscode.ConfigurationTarget.Global]]);
    await treeSettled(api, 500);
    assert.equal(await api.services.connections.get('admin'), connected, 'the clients (and the MFA session) were kept');
    assert.equal(emulator.log.filter((e) => e.operation === 'AssumeRole').length, assumed, 'no second AssumeRole');
    const again = await nodeAt(api, 'admin', 'Users', 'bob', 'Access Keys', 'AKIAMODELBOB00000001');
    assert.equal(
      ((await api.services.tree.getTreeItem(again)).iconPath as vscode.ThemeIcon).id,
      'key',
      're-rendered with the new age',
    );
    assert.equal(new Set(asked).size, 1);
  });

  it('IAM: Select Profiles… keeps the choice in the workspace state and writes nothing into .vscode/settings.json', async () => {
    emulator = await connect(api, seed, ['demo', 'second']);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tier-2 session opens a folder');
    const file = join(folder.uri.fsPath, '.vscode', 'settings.json');
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    api.services.ui = new ScriptedUi().answer((_kind, _options, items) =>
      (items as vscode.QuickPickItem[]).filter((i) => i.label === 'second'),
    );
    try {
      await vscode.commands.executeCommand('iamExplorer.selectProfiles');
      assert.deepEqual(await labels(api), ['second']);
      assert.equal(
        existsSync(file) ? readFileSync(file, 'utf8') : undefined,
        before,
        '.vscode/settings.json is untouched',
      );
      assert.deepEqual(api.services.context.workspaceState.get(PROFILE_CHOICE_KEY), ['second']);
      assert.deepEqual(vscode.workspace.getConfiguration('iamExplorer').inspect('profiles')?.workspaceValue, undefined);
    } finally {
      await api.services.profileChoice.settingChanged();
    }
  });
});
