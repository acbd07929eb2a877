import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { Ui } from '../../src/commands/ui';
import type { ExplorerNode } from '../../src/tree/nodes';
import type { Emulator, Seed } from '../emulator';
import { activateExtension, children, connect, disconnect, labels, manifest, nodeAt, ScriptedUi } from './support';

const readS3 = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
};
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

const seed: Seed = {
  users: [
    {
      name: 'alice',
      groups: ['developers', 'ops'],
      attachedPolicies: ['ReadOnlyAccess', 'reports-read'],
      inlinePolicies: [{ name: 'read-reports', document: readS3 }],
      loginProfile: {},
      accessKeys: [
        { id: 'AKIAALICE00000000001', secret: 'a'.repeat(40) },
        { id: 'AKIAALICE00000000002', secret: 'b'.repeat(40) },
      ],
      tags: { team: 'platform' },
    },
    { name: 'bob', tags: { env: 'dev', team: 'data' } },
    { name: 'full', attachedPolicies: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9'] },
  ],
  groups: [
    {
      name: 'developers',
      attachedPolicies: ['reports-read'],
      inlinePolicies: [{ name: 'g-inline', document: readS3 }],
    },
    { name: 'ops' },
  ],
  roles: [
    {
      name: 'app-role',
      trustPolicy: trust,
      attachedPolicies: ['reports-read'],
      inlinePolicies: [{ name: 'logs', document: readS3 }],
      instanceProfiles: ['app-profile'],
    },
  ],
  policies: [
    {
      name: 'reports-read',
      description: 'Read the reports bucket',
      versions: [readS3, readS3, readS3],
      defaultVersion: 2,
    },
    ...Array.from({ length: 10 }, (_, i) => ({ name: `p${i}`, versions: [readS3] })),
  ],
};

/** The contract's command ids (../shared/contract.md), every one contributed and registered. */
const CONTRACT_COMMANDS = [
  'refresh',
  'selectProfiles',
  'createUser',
  'deleteUser',
  'createGroup',
  'deleteGroup',
  'addUserToGroup',
  'removeUserFromGroup',
  'createRole',
  'deleteRole',
  'createPolicy',
  'deletePolicy',
  'attachPolicy',
  'detachPolicy',
  'editPolicy',
  'createPolicyVersion',
  'setDefaultPolicyVersion',
  'deletePolicyVersion',
  'createInlinePolicy',
  'deleteInlinePolicy',
  'createAccessKey',
  'rotateAccessKey',
  'activateAccessKey',
  'deactivateAccessKey',
  'deleteAccessKey',
  'showAccessKeyLastUsed',
  'copyArn',
  'copyName',
  'goToEntity',
].map((c) => `iamExplorer.${c}`);

const OPERATIONS = [
  'createUser',
  'deleteUser',
  'createGroup',
  'deleteGroup',
  'addUserToGroup',
  'removeUserFromGroup',
  'createRole',
  'deleteRole',
  'createPolicy',
  'deletePolicy',
  'attachPolicy',
  'detachPolicy',
  'createPolicyVersion',
  'setDefaultPolicyVersion',
  'deletePolicyVersion',
  'createInlinePolicy',
  'deleteInlinePolicy',
  'tagEntity',
  'untagEntity',
].map((c) => `iamExplorer.${c}`);

type Answer = Parameters<ScriptedUi['answer']>[0];
interface Item {
  label: string;
}
interface Request {
  canPickMany?: boolean;
  validateInput?: (v: string) => unknown;
  title?: string;
}

/** Types `value`; asserts the box accepts it as typed (or shows `rejects`). */
const type =
  (value: string, rejects?: RegExp): Answer =>
  (kind, request) => {
    assert.equal(kind, 'inputBox', `expected an input box, got a ${kind}: ${JSON.stringify(request)}`);
    const verdict = (request as Request).validateInput?.(value);
    if (rejects) assert.match(String(verdict), rejects);
    else assert.equal(verdict, undefined, `the input box refused ${value}: ${String(verdict)}`);
    return value;
  };
/** Picks the items with these labels (all of them for a multi-select). */
const pick =
  (...wanted: string[]): Answer =>
  (kind, request, items) => {
    assert.equal(kind, 'quickPick', `expected a quick pick, got a ${kind}: ${JSON.stringify(request)}`);
    const list = items as Item[];
    const hits = wanted.map((w) => {
      const hit = list.find((i) => i.label === w) ?? list.find((i) => i.label.startsWith(w));
      assert.ok(hit, `no item "${w}" in ${list.map((i) => i.label).join(', ')}`);
      return hit;
    });
    return (request as Request).canPickMany ? hits : hits[0];
  };
/** Presses the modal's button `button`, checking its text. */
const press =
  (button: string, text?: RegExp): Answer =>
  (kind, message, items) => {
    assert.equal(kind, 'warning');
    if (text) assert.match(String(message), text);
    assert.ok((items as string[]).includes(button), `no button ${button}`);
    return button;
  };

describe('IAM operations against the emulator', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator;
  let original: Ui;
  let ui: ScriptedUi;

  const run = async (command: string, ...args: unknown[]) => {
    await vscode.commands.executeCommand(command, ...args);
  };
  const script = (...answers: Answer[]) => {
    ui = new ScriptedUi().answer(...answers);
    api.services.ui = ui;
    return ui;
  };
  const errors = () => ui.messages.filter((m) => m.kind === 'error').map((m) => m.text);
  const noErrors = () => assert.deepEqual(errors(), []);
  const operations = () => emulator.log.map((e) => e.operation);
  const user = (name: string) => emulator.state.users.get(name);
  const node = (...path: string[]) => nodeAt(api, 'demo', ...path);

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

  it('contributes and registers every contract command, with menus on the right items', async () => {
    const m = manifest() as ReturnType<typeof manifest> & {
      contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> };
    };
    const contributed = new Map(
      m.contributes.commands.map((c) => [c.command, c as { command: string; category?: string }]),
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of [...CONTRACT_COMMANDS, ...OPERATIONS]) {
      assert.ok(contributed.has(id), `${id} is not contributed in package.json`);
      assert.ok(registered.has(id), `${id} is not registered`);
    }
    const context = m.contributes.menus['view/item/context'] ?? [];
    for (const id of OPERATIONS) {
      assert.equal(contributed.get(id)?.category, 'IAM', `${id}: palette title "IAM: …"`);
      const entries = context.filter((e) => e.command === id);
      assert.ok(entries.length > 0, `${id} has no context menu entry`);
      for (const e of entries)
        assert.match(e.when ?? '', /^view == iamExplorer\.explorer && viewItem =~ \/.+\/$/, `${id}: ${e.when}`);
      if (/delete|detach|remove/i.test(id)) {
        assert.ok(
          entries.some((e) => e.group?.startsWith('7_destructive')),
          `${id} is not in the destructive group`,
        );
      }
    }
  });

  it('creates a user, a group and a customer managed policy from the palette', async () => {
    script(type('carol'), type('/eng/'), type('team=platform, cost center=42'));
    await run('iamExplorer.createUser');
    noErrors();
    const carol = user('carol');
    assert.ok(carol);
    assert.equal(carol.path, '/eng/');
    assert.deepEqual(carol.tags, [
      { Key: 'team', Value: 'platform' },
      { Key: 'cost center', Value: '42' },
    ]);
    assert.ok((await labels(api, await node('Users'))).includes('carol'), 'the Users folder shows the new user');

    script(type('Developers', /developers already exists/), type('qa'), type('/'));
    // The first answer shows the box refusing a case-insensitive duplicate; the scripted Ui then
    // returns it anyway, which the command refuses without calling IAM.
    await run('iamExplorer.createGroup');
    assert.match(errors()[0] ?? '', /developers already exists/);
    assert.ok(!operations().includes('CreateGroup'));
    script(type('qa'), type('/'));
    await run('iamExplorer.createGroup', await node('Groups'));
    noErrors();
    assert.ok(emulator.state.groups.get('qa'));

    script(type('audit-read'), pick('Read one S3 bucket'), type('/'), type('Read the audit bucket'), type(''));
    await run('iamExplorer.createPolicy', await node('Policies'));
    noErrors();
    const policy = [...emulator.state.policies.values()].find((p) => p.name === 'audit-read');
    assert.ok(policy);
    assert.equal(policy.description, 'Read the audit bucket');
    assert.match(policy.versions.get(policy.defaultVersionId)?.document ?? '', /example-bucket/);
  });

  // Invalid names, paths, tags and durations, refused with no API call: test/vscode/badInput.test.ts.

  it('creates a role with the wizard: service trust, path, description, duration, tags, policies', async () => {
    script(
      pick('AWS service'),
      pick('lambda.amazonaws.com'),
      type('report-fn'),
      type('/service/'),
      type('Runs the reports'),
      type('13h', /between 1 hour/),
      type('env=prod'),
      pick('reports-read', 'ReadOnlyAccess'),
    );
    // 13h is refused as typed; the command refuses it too: run again with a good value.
    await run('iamExplorer.createRole');
    assert.match(errors()[0] ?? '', /between 1 hour/);
    assert.equal(emulator.state.roles.get('report-fn'), undefined);
    script(
      pick('AWS service'),
      pick('lambda.amazonaws.com'),
      type('report-fn'),
      type('/service/'),
      type('Runs the reports'),
      type('2h'),
      type('env=prod'),
      pick('reports-read', 'ReadOnlyAccess'),
    );
    await run('iamExplorer.createRole', await node('Roles'));
    noErrors();
    const role = emulator.state.roles.get('report-fn');
    assert.ok(role);
    assert.equal(role.path, '/service/');
    assert.equal(role.description, 'Runs the reports');
    assert.equal(role.maxSessionDuration, 7200);
    assert.deepEqual(role.tags, [{ Key: 'env', Value: 'prod' }]);
    assert.deepEqual(JSON.parse(role.trustPolicy).Statement[0].Principal, { Service: 'lambda.amazonaws.com' });
    assert.deepEqual([...role.attached].map((p) => p.name).sort(), ['ReadOnlyAccess', 'reports-read']);

    script(
      pick('Another AWS account'),
      type('210987654321'),
      type('partner-7'),
      pick('Require MFA'),
      type('partner'),
      type('/'),
      type(''),
      type('1h'),
      type(''),
      pick(),
    );
    await run('iamExplorer.createRole');
    noErrors();
    const partner = emulator.state.roles.get('partner');
    assert.ok(partner);
    const statement = JSON.parse(partner.trustPolicy).Statement[0];
    assert.equal(statement.Principal.AWS, 'arn:aws:iam::210987654321:root');
    assert.deepEqual(statement.Condition, {
      StringEquals: { 'sts:ExternalId': 'partner-7' },
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    });
  });

  it('adds and removes memberships from both sides, multi-select, refreshing only the changed folders', async () => {
    const bobGroups = await node('Users', 'bob', 'Groups');
    const opsMembers = await node('Groups', 'ops', 'Members');
    assert.deepEqual(await labels(api, bobGroups), ['None']);
    assert.deepEqual(await labels(api, opsMembers), ['alice']);
    const roles = await node('Roles');
    const rolesBefore = await labels(api, roles);

    script(pick('developers', 'ops'));
    await run('iamExplorer.addUserToGroup', await node('Users', 'bob'));
    noErrors();
    assert.deepEqual([...(user('bob')?.groups ?? [])].map((g) => g.name).sort(), ['developers', 'ops']);
    assert.deepEqual(
      (await labels(api, bobGroups)).sort(),
      ['developers', 'ops'],
      'the user’s Groups folder was refetched',
    );
    assert.deepEqual(
      (await labels(api, opsMembers)).sort(),
      ['alice', 'bob'],
      'the group’s Members folder was refetched',
    );
    // An unrelated folder kept what it had: listing it again asks IAM nothing.
    const requests = emulator.log.length;
    assert.deepEqual(await labels(api, roles), rolesBefore);
    assert.deepEqual(
      emulator.log.slice(requests).map((e) => e.operation),
      [],
      'the Roles folder was not listed again',
    );

    // From a group: pick users (full is not a member yet).
    script(pick('full'));
    await run('iamExplorer.addUserToGroup', await node('Groups', 'ops'));
    noErrors();
    assert.ok([...(emulator.state.groups.get('ops')?.members ?? [])].some((u) => u.name === 'full'));

    // Remove two memberships at once, selected under the group's Members.
    const members = await children(api, opsMembers);
    const selected = members.filter((n) => n.kind === 'reference' && (n.name === 'bob' || n.name === 'full'));
    assert.equal(selected.length, 2);
    script(press('Remove', /bob from ops; full from ops/));
    await run('iamExplorer.removeUserFromGroup', selected[0], selected);
    noErrors();
    assert.deepEqual(
      [...(emulator.state.groups.get('ops')?.members ?? [])].map((u) => u.name),
      ['alice'],
    );

    // From a user, picking among its groups.
    script(pick('developers'), press('Remove'));
    await run('iamExplorer.removeUserFromGroup', await node('Users', 'bob'));
    noErrors();
    assert.equal(user('bob')?.groups.size, 0);
  });

  it('attaches customer and AWS managed policies, detaches a multi-selection, and checks the quota first', async () => {
    script((kind, request, items) => {
      const list = items as (Item & { description?: string; detail?: string })[];
      const reports = list.find((i) => i.label === 'reports-read');
      assert.equal(reports?.detail, 'Read the reports bucket', 'customer managed policies show their description');
      assert.match(reports?.description ?? '', /customer managed/);
      assert.match(list.find((i) => i.label === 'ReadOnlyAccess')?.description ?? '', /AWS managed/);
      return pick('reports-read', 'ReadOnlyAccess')(kind, request, items);
    });
    await run('iamExplorer.attachPolicy', await node('Users', 'bob'));
    noErrors();
    assert.deepEqual([...(user('bob')?.attached ?? [])].map((p) => p.name).sort(), ['ReadOnlyAccess', 'reports-read']);

    const attached = await children(api, await node('Users', 'bob', 'Attached Policies'));
    assert.equal(attached.length, 2);
    script(press('Detach', /ReadOnlyAccess from user bob/));
    await run('iamExplorer.detachPolicy', attached[0], attached);
    noErrors();
    assert.equal(user('bob')?.attached.size, 0);

    // "full" has 10 attached: the 11th is refused before any Attach call.
    emulator.log.length = 0;
    script(pick('ReadOnlyAccess'));
    await run('iamExplorer.attachPolicy', await node('Users', 'full'));
    assert.match(errors()[0] ?? '', /10 managed policies attached and IAM allows 10.*Detach one first/);
    assert.ok(!operations().includes('AttachUserPolicy'));
    assert.ok(operations().includes('GetAccountSummary'), 'the quota is read live');

    // From a policy: attach it to a role and a group; detach from an "Attached To" entry.
    script(pick('ops', 'app-role'));
    await run('iamExplorer.attachPolicy', await node('Policies', 'p3'));
    noErrors();
    const p3 = [...emulator.state.policies.values()].find((p) => p.name === 'p3');
    assert.deepEqual([...(p3?.attachedTo ?? [])].map((e) => e.name).sort(), ['app-role', 'full', 'ops']);
    const refs = await children(api, await node('Policies', 'p3', 'Attached To'));
    const opsRef = refs.find((n) => n.kind === 'reference' && n.name === 'ops');
    script(press('Detach'));
    await run('iamExplorer.detachPolicy', opsRef);
    noErrors();
    assert.deepEqual([...(p3?.attachedTo ?? [])].map((e) => e.name).sort(), ['app-role', 'full']);
  });

  it('creates, sets as default and deletes policy versions', async () => {
    const policy = [...emulator.state.policies.values()].find((p) => p.name === 'reports-read');
    assert.ok(policy);
    assert.equal(policy.versions.size, 3);
    assert.equal(policy.defaultVersionId, 'v2');
    script(pick('Copy of the default version (v2)'), pick('Keep the current default'));
    await run('iamExplorer.createPolicyVersion', await node('Policies', 'reports-read'));
    noErrors();
    assert.equal(policy.versions.size, 4);
    assert.equal(policy.defaultVersionId, 'v2');
    assert.ok(await labels(api, await node('Policies', 'reports-read', 'Versions')).then((l) => l.includes('v4')));

    const versions = await children(api, await node('Policies', 'reports-read', 'Versions'));
    const v4 = versions.find((n) => n.kind === 'policyVersion' && n.version.versionId === 'v4') as ExplorerNode;
    script(press('Set as Default'));
    await run('iamExplorer.setDefaultPolicyVersion', v4);
    noErrors();
    assert.equal(policy.defaultVersionId, 'v4');

    const refreshed = await children(api, await node('Policies', 'reports-read', 'Versions'));
    const nonDefault = refreshed.filter(
      (n) => n.kind === 'policyVersion' && !n.version.isDefault && n.version.versionId !== 'v2',
    );
    assert.equal(nonDefault.length, 2);
    script(press('Delete', /v1|v3/));
    await run('iamExplorer.deletePolicyVersion', nonDefault[0], nonDefault);
    noErrors();
    assert.deepEqual([...policy.versions.keys()].sort(), ['v2', 'v4']);

    // At 5 versions, the command offers to delete the oldest non-default one first.
    for (let i = 0; i < 3; i++) {
      script(pick('Placeholder'), pick('Keep the current default'));
      await run('iamExplorer.createPolicyVersion', await node('Policies', 'reports-read'));
    }
    assert.equal(policy.versions.size, 5);
    script(press('Delete v2 and Continue', /already has 5 versions/), pick('Placeholder'), pick('Make it the default'));
    await run('iamExplorer.createPolicyVersion', await node('Policies', 'reports-read'));
    noErrors();
    assert.equal(policy.versions.size, 5);
    assert.ok(!policy.versions.has('v2'));
    assert.equal(policy.defaultVersionId, 'v8');
  });

  it('creates and deletes inline policies, and adds and removes tags', async () => {
    script(type('read-reports', /already exists/), type('audit'), pick('Placeholder'));
    await run('iamExplorer.createInlinePolicy', await node('Users', 'alice'));
    // The duplicate is refused: IAM would silently replace it.
    assert.match(errors()[0] ?? '', /already exists/);
    assert.ok(!operations().includes('PutUserPolicy'));
    script(type('audit'), pick('Placeholder'));
    await run('iamExplorer.createInlinePolicy', await node('Roles', 'app-role'));
    noErrors();
    assert.match(emulator.state.roles.get('app-role')?.inline.get('audit')?.document ?? '', /GetCallerIdentity/);

    const inline = await children(api, await node('Roles', 'app-role', 'Inline Policies'));
    assert.deepEqual((await labels(api, await node('Roles', 'app-role', 'Inline Policies'))).sort(), ['audit', 'logs']);
    script(press('Delete', /audit of role app-role; logs of role app-role/));
    await run('iamExplorer.deleteInlinePolicy', inline[0], inline);
    noErrors();
    assert.equal(emulator.state.roles.get('app-role')?.inline.size, 0);

    script(type('owner=me, env=prod'));
    await run('iamExplorer.tagEntity', await node('Users', 'bob'));
    noErrors();
    assert.deepEqual(
      user('bob')
        ?.tags.map((t) => `${t.Key}=${t.Value}`)
        .sort(),
      ['env=prod', 'owner=me', 'team=data'],
    );
    script(pick('env', 'owner'));
    await run('iamExplorer.untagEntity', await node('Users', 'bob'));
    noErrors();
    assert.deepEqual(user('bob')?.tags, [{ Key: 'team', Value: 'data' }]);
    script(type('reviewed=yes'));
    await run('iamExplorer.tagEntity', await node('Policies', 'reports-read'));
    noErrors();
    assert.deepEqual([...emulator.state.policies.values()].find((p) => p.name === 'reports-read')?.tags, [
      { Key: 'reviewed', Value: 'yes' },
    ]);
  });

  it('deletes a user with keys, a login profile, groups and policies after one modal and the typed name', async () => {
    let modal = '';
    script((kind, message, items) => {
      modal = String(message);
      return press('Delete')(kind, message, items);
    }, type('alice'));
    await run('iamExplorer.deleteUser', await node('Users', 'alice'));
    noErrors();
    assert.match(modal, /Delete user alice\?/);
    for (const part of [
      /a console password \(login profile\)/,
      /2 access keys \(AKIAALICE00000000001, AKIAALICE00000000002\)/,
      /1 inline policy \(read-reports\)/,
      /2 attached managed policies \(ReadOnlyAccess, reports-read\)|2 attached managed policies \(reports-read, ReadOnlyAccess\)/,
      /2 group memberships \(developers, ops\)/,
    ]) {
      assert.match(modal, part);
    }
    assert.equal(user('alice'), undefined);
    assert.ok(![...(emulator.state.groups.get('developers')?.members ?? [])].some((u) => u.name === 'alice'));
    assert.equal([...emulator.state.accessKeys.keys()].filter((k) => k.startsWith('AKIAALICE')).length, 0);
    const mutations = operations().filter((o) => !/^(List|Get)/.test(o));
    assert.deepEqual(mutations, [
      'DeleteLoginProfile',
      'DeleteAccessKey',
      'DeleteAccessKey',
      'DeleteUserPolicy',
      'DetachUserPolicy',
      'DetachUserPolicy',
      'RemoveUserFromGroup',
      'RemoveUserFromGroup',
      'DeleteUser',
    ]);
    assert.ok(!(await labels(api, await node('Users'))).includes('alice'));
  });

  it('cancels a dependent delete when the typed name does not match, with nothing removed', async () => {
    script(press('Delete'), type('alic', /Type "alice" exactly/));
    await run('iamExplorer.deleteUser', await node('Users', 'alice'));
    noErrors();
    assert.ok(user('alice'));
    assert.equal(user('alice')?.accessKeys.length, 2);
    assert.deepEqual(
      operations().filter((o) => !/^(List|Get)/.test(o)),
      [],
    );
  });

  it('reports a failure halfway through a dependent delete precisely, and a second run finishes', async () => {
    emulator.setFaults([{ operation: 'DetachUserPolicy', kind: 'AccessDenied', after: 1, count: 1 }]);
    script(press('Delete'), type('alice'));
    await run('iamExplorer.deleteUser', await node('Users', 'alice'));
    const [message] = errors();
    assert.match(
      message ?? '',
      /^Deleting user alice stopped at step 6 of 9: could not detach managed policy \S+ \(AccessDenied: .*request id/,
    );
    assert.match(
      message ?? '',
      /Already done: delete the console password \(login profile\); delete access key AKIAALICE00000000001; delete access key AKIAALICE00000000002; delete inline policy read-reports; detach managed policy \S+\./,
    );
    assert.match(
      message ?? '',
      /Still to do: detach managed policy \S+; remove from group developers; remove from group ops; delete user alice\./,
    );
    assert.match(message ?? '', /run the delete again to finish/);
    // The account is as the message says.
    const alice = user('alice');
    assert.ok(alice);
    assert.equal(alice.loginProfile, undefined);
    assert.equal(alice.accessKeys.length, 0);
    assert.equal(alice.inline.size, 0);
    assert.equal(alice.attached.size, 1);
    assert.equal(alice.groups.size, 2);

    emulator.log.length = 0;
    let modal = '';
    script((kind, m, items) => {
      modal = String(m);
      return press('Delete')(kind, m, items);
    }, type('alice'));
    await run('iamExplorer.deleteUser', await node('Users', 'alice'));
    noErrors();
    assert.doesNotMatch(modal, /access key|login profile/, 'the second run plans only what remains');
    assert.equal(user('alice'), undefined);
  });

  it('deletes a group, a role and a policy with their dependents, and several users at once', async () => {
    script(
      press('Delete', /1 member \(alice\); 1 inline policy \(g-inline\); 1 attached managed policy \(reports-read\)/),
      type('developers'),
    );
    await run('iamExplorer.deleteGroup', await node('Groups', 'developers'));
    noErrors();
    assert.equal(emulator.state.groups.get('developers'), undefined);

    script(press('Delete', /1 instance profile \(app-profile\)/), type('app-role'));
    await run('iamExplorer.deleteRole', await node('Roles', 'app-role'));
    noErrors();
    assert.equal(emulator.state.roles.get('app-role'), undefined);
    assert.equal(emulator.state.instanceProfiles.get('app-profile')?.roles.size, 0);

    script(
      press('Delete', /1 attachment \(user alice\); 2 non-default versions \(v1, v3\)|2 non-default versions/),
      type('reports-read'),
    );
    await run('iamExplorer.deletePolicy', await node('Policies', 'reports-read'));
    noErrors();
    assert.ok(![...emulator.state.policies.values()].some((p) => p.name === 'reports-read'));

    const users = await children(api, await node('Users'));
    const two = users.filter((n) => n.kind === 'entity' && (n.entity.name === 'bob' || n.entity.name === 'full'));
    script(press('Delete', /Delete 2 users: bob; full \(with 10 attached managed policies/), type('delete 2'));
    await run('iamExplorer.deleteUser', two[0], two);
    noErrors();
    assert.equal(user('bob'), undefined);
    assert.equal(user('full'), undefined);

    // A user with nothing attached needs only the modal.
    script(type('erin'), type('/'), type(''));
    await run('iamExplorer.createUser');
    script(press('Delete', /^Delete user erin\? This cannot be undone\.$/));
    await run('iamExplorer.deleteUser', await node('Users', 'erin'));
    noErrors();
    assert.equal(user('erin'), undefined);
  });
});
