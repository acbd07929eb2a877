import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';
import { generateAccount, type Emulator, type Seed } from '../emulator';
import {
  activateExtension,
  children,
  connect,
  disconnect,
  eventually,
  label,
  labels,
  nodeAt,
  ScriptedUi,
  treeSettled,
  updateSettings,
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
  accountAlias: 'demo-corp',
  users: [
    {
      name: 'alice',
      path: '/eng/',
      groups: ['developers'],
      attachedPolicies: ['ReadOnlyAccess'],
      inlinePolicies: [{ name: 'read-reports', document: readS3 }],
      tags: { team: 'platform' },
      accessKeys: [
        {
          id: 'AKIAALICE00000000001',
          secret: 'a'.repeat(40),
          createDate: 'now-120d',
          lastUsed: { date: 'now-2d', service: 's3', region: 'eu-west-1' },
        },
      ],
    },
    { name: 'bob' },
  ],
  groups: [{ name: 'developers', attachedPolicies: ['reports-read'] }],
  roles: [{ name: 'app-role', trustPolicy: trust, inlinePolicies: [{ name: 'logs', document: readS3 }] }],
  policies: [{ name: 'reports-read', description: 'Read the reports bucket', versions: [readS3, readS3] }],
};

describe('explorer tree against the emulator', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;

  before(async () => {
    api = await activateExtension();
  });

  afterEach(async () => {
    await disconnect(emulator);
    emulator = undefined;
  });

  // Runs first in this suite: after the other tests the workbench has once stopped
  // reporting the selection that reveal() sets. It also waits for the tree to settle: the
  // file watcher's reload after connect() wrote the AWS files can arrive seconds later on a
  // loaded machine, and a full refresh after reveal() clears the selection.
  it('IAM: Go to Entity… reveals the picked item in the tree', async () => {
    emulator = await connect(api, seed);
    await vscode.commands.executeCommand('iamExplorer.explorer.focus');
    await children(api);
    const late = await treeSettled(api);
    console.log(`      (${late} tree change(s) after connect before the tree settled)`);
    const ui = new ScriptedUi().answer((_kind, _options, items) =>
      (items as { detail: string }[]).find((i) => i.detail.endsWith(':role/app-role')),
    );
    const previous = api.services.ui;
    api.services.ui = ui;
    try {
      await vscode.commands.executeCommand('iamExplorer.goToEntity');
    } finally {
      api.services.ui = previous;
    }
    assert.deepEqual(ui.messages, []);
    // The workbench reports the new selection back asynchronously.
    const selected = await eventually(
      () => (api.services.view.selection.length ? api.services.view.selection : undefined),
      15_000,
    );
    assert.equal(selected.length, 1);
    assert.equal(await label(api, selected[0] as ExplorerNode), 'app-role');

    // A full refresh (as a reload of the AWS files makes) replaces every node and clears the
    // selection: the extension reveals app-role again, its new node, once the refresh has landed.
    const before = selected[0] as ExplorerNode;
    api.services.tree.refresh();
    const reselected = await eventually(() => {
      const now = api.services.view.selection[0];
      return now && now !== before ? now : undefined;
    }, 15_000);
    assert.equal(reselected.id, before.id);
    assert.equal(await label(api, reselected), 'app-role');
    const [roles] = await Promise.all([nodeAt(api, 'demo', 'Roles')]);
    assert.ok((await children(api, roles)).includes(reselected), 'the node the tree holds now, not the old one');
  });

  it('shows the profile with its account alias, the folders, and each entity’s children', async () => {
    emulator = await connect(api, seed);
    const [root] = await children(api);
    assert.ok(root);
    // The root renders at once and fills in its account when STS and IAM answer.
    await api.services.tree.identity('demo');
    const rootItem = await api.services.tree.getTreeItem(root);
    assert.equal(rootItem.label, 'demo');
    assert.equal(rootItem.description, 'demo-corp');
    assert.deepEqual(await labels(api, root), ['Users', 'Groups', 'Roles', 'Policies']);

    const users = await labels(api, await nodeAt(api, 'demo', 'Users'));
    assert.deepEqual(users.sort(), ['alice', 'bob', 'emulator-admin']);
    const alice = await nodeAt(api, 'demo', 'Users', 'alice');
    const aliceItem = await api.services.tree.getTreeItem(alice);
    assert.equal(aliceItem.description, '/eng/');
    assert.equal(aliceItem.contextValue, 'user');
    assert.equal(aliceItem.id, `profile:demo/users/arn:aws:iam::123456789012:user/eng/alice`);
    // Tags are not in ListUsers: the tooltip is resolved on hover (GetUser).
    assert.equal(aliceItem.tooltip, undefined);
    const resolved = await api.services.tree.resolveTreeItem(aliceItem, alice);
    const tooltip = (resolved.tooltip as vscode.MarkdownString).value;
    assert.equal((resolved.tooltip as vscode.MarkdownString).isTrusted, false);
    assert.match(tooltip, /arn:aws:iam::123456789012:user\/eng\/alice/);
    assert.match(tooltip, /team(&nbsp;| )=(&nbsp;| )platform/);
    assert.deepEqual(await labels(api, alice), ['Access Keys', 'Groups', 'Attached Policies', 'Inline Policies']);

    const key = (await children(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Access Keys')))[0] as ExplorerNode;
    const keyItem = await api.services.tree.getTreeItem(key);
    assert.equal(keyItem.label, 'AKIAALICE00000000001');
    assert.match(String(keyItem.description), /^Active · 120 d · used 2 d ago, s3$/);
    assert.equal((keyItem.iconPath as vscode.ThemeIcon).id, 'warning', 'a 120-day-old key is flagged');

    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Groups')), ['developers']);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Attached Policies')), [
      'ReadOnlyAccess',
    ]);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Inline Policies')), [
      'read-reports',
    ]);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Users', 'bob', 'Access Keys')), ['No access keys']);

    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Groups', 'developers', 'Members')), ['alice']);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Roles', 'app-role')), [
      'Trust Policy',
      'Attached Policies',
      'Inline Policies',
    ]);
    const versions = await children(api, await nodeAt(api, 'demo', 'Policies', 'reports-read', 'Versions'));
    const versionItems = await Promise.all(versions.map((v) => api.services.tree.getTreeItem(v)));
    assert.deepEqual(versionItems.map((v) => v.label).sort(), ['v1', 'v2']);
    assert.ok(versionItems.some((v) => v.label === 'v2' && String(v.description).startsWith('default')));
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Policies', 'reports-read', 'Attached To')), [
      'developers',
    ]);
  });

  it('copies the ARNs and names of the selected items, one per line', async () => {
    emulator = await connect(api, seed);
    const alice = await nodeAt(api, 'demo', 'Users', 'alice');
    const bob = await nodeAt(api, 'demo', 'Users', 'bob');
    await vscode.commands.executeCommand('iamExplorer.copyArn', alice, [alice, bob]);
    assert.equal(
      await vscode.env.clipboard.readText(),
      'arn:aws:iam::123456789012:user/eng/alice\narn:aws:iam::123456789012:user/bob',
    );
    await vscode.commands.executeCommand('iamExplorer.copyName', alice);
    assert.equal(await vscode.env.clipboard.readText(), 'alice');
  });

  it('opens a trust policy as a pretty-printed, URL-decoded JSON document', async () => {
    emulator = await connect(api, seed);
    const node = await nodeAt(api, 'demo', 'Roles', 'app-role', 'Trust Policy');
    const item = await api.services.tree.getTreeItem(node);
    const uri = item.command?.arguments?.[0] as vscode.Uri;
    assert.equal(uri.scheme, 'iam');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.deepEqual(JSON.parse(doc.getText()), trust);
    assert.match(doc.getText(), /^\{\n {2}"Version"/, 'pretty-printed with two spaces');
  });

  it('lists 1,200 roles with exactly 2 ListRoles requests, and no request per item', async () => {
    emulator = await connect(api, generateAccount({ roles: 1200, users: 0, groups: 0, policies: 0 }));
    const roles = await children(api, await nodeAt(api, 'demo', 'Roles'));
    assert.equal(roles.filter((r) => r.kind === 'entity').length, 1200);
    const listRoles = emulator.log.filter((e) => e.operation === 'ListRoles');
    assert.equal(listRoles.length, 2);
    assert.equal(emulator.log.filter((e) => e.operation === 'GetRole').length, 0);
  });

  it('an AccessDenied on ListRoles errors only the Roles folder, naming the permission', async () => {
    emulator = await connect(api, seed);
    emulator.setFaults([{ operation: 'ListRoles', kind: 'AccessDenied' }]);
    const roles = await children(api, await nodeAt(api, 'demo', 'Roles'));
    assert.equal(roles.length, 1);
    assert.equal(roles[0]?.kind, 'error');
    assert.match(await label(api, roles[0] as ExplorerNode), /missing permission iam:ListRoles/);
    assert.deepEqual((await labels(api, await nodeAt(api, 'demo', 'Users'))).sort(), [
      'alice',
      'bob',
      'emulator-admin',
    ]);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Groups')), ['developers']);
    // The permission comes back: Refresh on the error item reloads the folder.
    emulator.setFaults([]);
    api.services.tree.refresh(roles[0]);
    assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Roles')), ['app-role']);
  });

  it('a request that never answers times out into an error item; nothing else hangs, and Refresh recovers', async () => {
    emulator = await connect(api, seed);
    await updateSettings([['requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global]]);
    try {
      emulator.setFaults([{ operation: 'ListGroups', kind: 'Hang', count: 1 }]);
      const t0 = Date.now();
      const [groups, users] = await Promise.all([
        children(api, await nodeAt(api, 'demo', 'Groups')),
        children(api, await nodeAt(api, 'demo', 'Users')),
      ]);
      assert.ok(Date.now() - t0 < 10_000);
      assert.equal(groups.length, 1);
      assert.equal(groups[0]?.kind, 'error');
      assert.match(await label(api, groups[0] as ExplorerNode), /^Timed out: IAM did not answer/);
      assert.equal(users.length, 3);
      assert.equal(emulator.log.filter((e) => e.operation === 'ListGroups').length, 1, 'a timeout is not retried');
      await vscode.commands.executeCommand('iamExplorer.refresh', groups[0]);
      assert.deepEqual(await labels(api, await nodeAt(api, 'demo', 'Groups')), ['developers']);
    } finally {
      await updateSettings([['requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global]]);
    }
  });

  it(
    'collapsing a folder still listing stops its IAM listing between pages; ' +
      'the view shows progress meanwhile; expanding lists it again',
    async () => {
      // 4,500 users: five pages of ListUsers, each slowed down.
      emulator = await connect(api, generateAccount({ users: 4500, roles: 0, groups: 0, policies: 0 }));
      // The view reloads what it kept expanded from earlier tests (Users, perhaps) right after connecting.
      await vscode.commands.executeCommand('iamExplorer.explorer.focus');
      await treeSettled(api, 3000);
      const pageMs = 1200;
      emulator.setLatency({ operation: 'ListUsers', fixedMs: pageMs });
      // The workbench reports the collapse to the extension: seen here, so a slow report fails clearly.
      const tree = api.services.tree;
      const collapsed: string[] = [];
      const collapse = tree.collapsed.bind(tree);
      tree.collapsed = (node) => {
        collapsed.push(node.id);
        collapse(node);
      };
      const ui = new ScriptedUi();
      const previous = api.services.ui;
      api.services.ui = ui;
      const listUsers = () => emulator?.log.filter((e) => e.operation === 'ListUsers').length ?? 0;
      try {
        let before = 0;
        for (let attempt = 1; ; attempt++) {
          const users = await nodeAt(api, 'demo', 'Users');
          // Whatever is loaded is dropped; the view expands the folder itself, as a click would (or
          // lists it again at once when it still shows it expanded).
          api.services.tree.refresh(users);
          before = listUsers();
          void api.services.view.reveal(users, { expand: true, select: false, focus: false });
          const paged = await eventually(() => (listUsers() >= before + 1 ? true : undefined), 8_000).catch(
            () => false,
          );
          if (paged && api.services.tree.loading > 0) break;
          // The workbench may not act on a reveal made while it re-renders (a late reload of the AWS files
          // connect() wrote), and that reload's full refresh aborts a load too: expand again.
          assert.ok(attempt < 4, 'the Users folder is still loading after its first page');
          console.log(
            `      (the folder did not start listing, or its load was dropped; expanding again, ` +
              `attempt ${attempt + 1})`,
          );
        }
        const pagesAtCollapse = listUsers() - before;
        await vscode.commands.executeCommand('workbench.actions.treeView.iamExplorer.explorer.collapseAll');
        await eventually(() => (collapsed.includes('profile:demo/users') ? true : undefined), 5_000);
        await eventually(() => (api.services.tree.loading === 0 ? true : undefined), 5_000);
        assert.ok(pagesAtCollapse < 4, `the collapse came late, after ${pagesAtCollapse} pages`);
        const atCollapse = listUsers();
        // Longer than the remaining pages would take: no further page was asked for.
        await new Promise((r) => setTimeout(r, pageMs * 3));
        assert.ok(listUsers() <= atCollapse + 1, `pages after the collapse: ${listUsers() - atCollapse}`);
        assert.ok(listUsers() < before + 5, `the listing went on to ${listUsers() - before} pages`);
        assert.ok(
          ui.progress.some((p) => p.view === 'iamExplorer.explorer'),
          `progress shown in the view: ${JSON.stringify(ui.progress)}`,
        );
        // Expanded again, the folder lists from the start, to the end.
        emulator.setLatency(undefined);
        const listed = await children(api, await nodeAt(api, 'demo', 'Users'));
        assert.equal(listed.filter((n) => n.kind === 'entity').length, 4501);
      } finally {
        api.services.ui = previous;
        delete (tree as Partial<typeof tree>).collapsed; // the class's own method again
      }
    },
  );

  it('Refresh on a folder still listing aborts that listing: only the new one runs to the end', async () => {
    emulator = await connect(api, generateAccount({ users: 2500, roles: 0, groups: 0, policies: 0 }));
    await treeSettled(api, 3000);
    const pageMs = 600;
    emulator.setLatency({ operation: 'ListUsers', fixedMs: pageMs });
    const listUsers = () => emulator?.log.filter((e) => e.operation === 'ListUsers').length ?? 0;
    const users = await nodeAt(api, 'demo', 'Users');
    api.services.tree.refresh(users); // whatever the view loaded after connecting is dropped
    const first = listUsers();
    const superseded = children(api, users);
    await eventually(() => (listUsers() >= first + 1 ? true : undefined), 15_000);
    await vscode.commands.executeCommand('iamExplorer.refresh', users);
    assert.deepEqual(await superseded, [], 'the superseded load returns nothing');
    const atRefresh = listUsers();
    const listed = await children(api, await nodeAt(api, 'demo', 'Users'));
    assert.equal(listed.filter((n) => n.kind === 'entity').length, 2501);
    // The new listing's three pages, and of the old one at most the page that was in flight.
    await new Promise((r) => setTimeout(r, pageMs * 2));
    assert.ok(listUsers() <= atRefresh + 1 + 3, `ListUsers requests: ${listUsers()} (${atRefresh} at the refresh)`);
    assert.ok(listUsers() - first < 6, `the superseded listing went on: ${listUsers() - first} requests`);
  });

  it('Refresh on a folder refetches that folder only', async () => {
    emulator = await connect(api, seed);
    await children(api, await nodeAt(api, 'demo', 'Users'));
    await children(api, await nodeAt(api, 'demo', 'Roles'));
    emulator.state.addUser({ name: 'carol' });
    emulator.log.length = 0;
    await vscode.commands.executeCommand('iamExplorer.refresh', await nodeAt(api, 'demo', 'Users'));
    assert.ok((await labels(api, await nodeAt(api, 'demo', 'Users'))).includes('carol'));
    await children(api, await nodeAt(api, 'demo', 'Roles'));
    assert.deepEqual(
      emulator.log.map((e) => e.operation),
      ['ListUsers'],
    );
  });

  it('switches profiles through IAM: Select Profiles…', async () => {
    emulator = await connect(api, seed, ['demo', 'second']);
    await updateSettings([['profiles', ['demo'], vscode.ConfigurationTarget.Global]]);
    const ui = new ScriptedUi().answer((_kind, _options, items) =>
      (items as { label: string }[]).filter((i) => i.label === 'second'),
    );
    const previous = api.services.ui;
    api.services.ui = ui;
    try {
      await vscode.commands.executeCommand('iamExplorer.selectProfiles');
    } finally {
      api.services.ui = previous;
    }
    // The choice is kept in the workspace's state (issue 13), not in a settings file.
    assert.deepEqual(api.services.shownProfiles(), ['second']);
    assert.deepEqual(await labels(api), ['second']);
    assert.deepEqual(ui.messages, []);
    await api.services.profileChoice.settingChanged();
  });
});
