/**
 * Issue 9, "Bad input", in the real VS Code against the emulator: every name, path, tag and
 * session duration of test/fixtures/badInput.ts typed into the commands' input boxes (the
 * box refuses it as typed; when the scripted UI submits it anyway, the command refuses it
 * with the same message), with no mutating request in the emulator's log and the account
 * unchanged; and a credentials file with a malformed section, a duplicate profile and a
 * profile without its secret, each shown on its profile root with the file, line and fix,
 * while the other profiles keep working.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Ui } from '../../src/commands/ui';
import type { ExtensionTestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';
import type { Emulator, IamState, Seed } from '../emulator';
import { DURATION_CASES, NAME_CASES, PATH_CASES, TAG_CASES, type InputCase, type NameCase } from '../fixtures/badInput';
import {
  activateExtension,
  children,
  connect,
  disconnect,
  eventually,
  label,
  nodeAt,
  ScriptedUi,
  sharedFiles,
  updateSettings,
  writeFile,
} from './support';

const seed: Seed = {
  users: [
    { name: 'alice', tags: { team: 'platform' } },
    { name: 'bob' },
    { name: 'tagged', tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, `v${i}`])) },
  ],
  groups: [{ name: 'developers' }],
  roles: [
    {
      name: 'app',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
    },
  ],
  policies: [
    {
      name: 'reports-read',
      versions: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
    },
  ],
};

type Answer = Parameters<ScriptedUi['answer']>[0];

/** The account as IAM holds it, without secrets or last-used times (reads update those). */
function snapshot(state: IamState): unknown {
  const names = (set: Iterable<{ name: string }>) => [...set].map((x) => x.name).sort();
  const base = (e: {
    name: string;
    path: string;
    id: string;
    inline: Map<string, { document: string }>;
    attached: Set<{ arn: string }>;
  }) => ({
    name: e.name,
    path: e.path,
    id: e.id,
    inline: [...e.inline].map(([n, p]) => [n, p.document]),
    attached: [...e.attached].map((p) => p.arn).sort(),
  });
  return {
    users: [...state.users.values()].map((u) => ({
      ...base(u),
      tags: u.tags,
      groups: names(u.groups),
      keys: u.accessKeys.map((k) => `${k.id} ${k.status}`),
      login: u.loginProfile !== undefined,
    })),
    groups: [...state.groups.values()].map((g) => ({ ...base(g), members: names(g.members) })),
    roles: [...state.roles.values()].map((r) => ({
      ...base(r),
      tags: r.tags,
      trust: r.trustPolicy,
      description: r.description,
      max: r.maxSessionDuration,
    })),
    policies: [...state.policies.values()]
      .filter((p) => !p.awsManaged)
      .map((p) => ({
        arn: p.arn,
        tags: p.tags,
        default: p.defaultVersionId,
        versions: [...p.versions].map(([id, v]) => [id, v.document]),
        attachedTo: names(p.attachedTo),
      })),
    accessKeys: [...state.accessKeys.keys()].sort(),
  };
}

describe('bad input: refused as typed, with nothing sent to IAM', function () {
  this.timeout(300_000);
  let api: ExtensionTestApi;
  let emulator: Emulator;
  let original: Ui;
  let ui: ScriptedUi;

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

  /** The item labelled `wanted` (its first word for a service principal) of a quick pick. */
  const choose =
    (wanted: string): Answer =>
    (kind, request, items) => {
      assert.equal(kind, 'quickPick', `expected a quick pick, got a ${kind}`);
      const hit = (items as { label: string }[]).find((i) => i.label === wanted);
      assert.ok(hit, `no "${wanted}" in the quick pick`);
      return (request as { canPickMany?: boolean }).canPickMany ? [hit] : hit;
    };
  /** Types a good value into an input box. */
  const enter =
    (value: string): Answer =>
    (kind, request) => {
      assert.equal(kind, 'inputBox', `expected an input box for ${JSON.stringify(value)}, got a ${kind}`);
      assert.equal(
        (request as vscode.InputBoxOptions).validateInput?.(value) ?? undefined,
        undefined,
        `the box refused ${JSON.stringify(value)}`,
      );
      return value;
    };

  /**
   * Runs `command` answering `before` and then the bad row, and checks: the input box showed
   * the row's message as it was typed, the command refused with it, no request but reads
   * reached IAM, and the account is as it was.
   */
  async function refuses(c: InputCase, command: string, args: unknown[], before: Answer[]): Promise<void> {
    let asTyped: unknown;
    const bad: Answer = (kind, request) => {
      assert.equal(kind, 'inputBox', `${c.title}: expected an input box, got a ${kind}`);
      asTyped = (request as vscode.InputBoxOptions).validateInput?.(c.input);
      return c.input; // submitted anyway, as if the box had let it through
    };
    const account = snapshot(emulator.state);
    emulator.log.length = 0;
    ui = new ScriptedUi().answer(...before, bad);
    api.services.ui = ui;
    await vscode.commands.executeCommand(command, ...args);
    const clear = (message: unknown, where: string) => {
      assert.equal(typeof message, 'string', `${c.title}: ${where} showed no message`);
      assert.match(message as string, c.problem, `${c.title}: ${where} says what is wrong`);
      assert.match(message as string, c.fix, `${c.title}: ${where} says how to fix it`);
    };
    clear(asTyped, 'the input box');
    const errors = ui.messages.filter((m) => m.kind === 'error').map((m) => m.text);
    assert.equal(errors.length, 1, `${c.title}: one error message, got ${errors.length}`);
    clear(errors[0], 'the command');
    const writes = emulator.log.filter((e) => !/^(List|Get)/.test(e.operation)).map((e) => e.operation);
    assert.deepEqual(writes, [], `${c.title}: nothing but reads reached IAM`);
    assert.deepEqual(snapshot(emulator.state), account, `${c.title}: the account is unchanged`);
  }

  const WIZARD_TRUST = [choose('AWS service'), choose('lambda.amazonaws.com')];

  it(`entity names (${NAME_CASES.length}): create user, group, role, managed and inline policy`, async () => {
    const alice = await nodeAt(api, 'demo', 'Users', 'alice');
    const route: Record<NameCase['kind'], [string, unknown[], Answer[]]> = {
      user: ['iamExplorer.createUser', [], []],
      group: ['iamExplorer.createGroup', [], []],
      role: ['iamExplorer.createRole', [], WIZARD_TRUST],
      policy: ['iamExplorer.createPolicy', [], []],
      inlinePolicy: ['iamExplorer.createInlinePolicy', [alice], []],
    };
    for (const c of NAME_CASES) {
      const [command, args, before] = route[c.kind];
      for (const name of c.existing ?? []) {
        assert.ok(
          c.kind === 'user' ? emulator.state.users.get(name) : emulator.state.groups.get(name),
          `${name} is in the seed`,
        );
      }
      await refuses(c, command, args, before);
    }
  });

  it(`paths (${PATH_CASES.length}): create user`, async () => {
    for (const c of PATH_CASES) await refuses(c, 'iamExplorer.createUser', [], [enter('dave')]);
    assert.equal(emulator.state.users.get('dave'), undefined);
  });

  it(`tags (${TAG_CASES.length}): create user, and add tags to a user that has 49`, async () => {
    const tagged = await nodeAt(api, 'demo', 'Users', 'tagged');
    for (const c of TAG_CASES) {
      if (c.existingTags !== undefined) {
        assert.equal(emulator.state.users.get('tagged')?.tags.length, c.existingTags);
        await refuses(c, 'iamExplorer.tagEntity', [tagged], []);
      } else {
        await refuses(c, 'iamExplorer.createUser', [], [enter('dave'), enter('/')]);
      }
    }
  });

  it(`role session durations (${DURATION_CASES.length}): the role wizard`, async () => {
    for (const c of DURATION_CASES) {
      await refuses(c, 'iamExplorer.createRole', [], [...WIZARD_TRUST, enter('report-fn'), enter('/'), enter('')]);
    }
    assert.equal(emulator.state.roles.get('report-fn'), undefined);
  });

  it('credentials file: a malformed section, a duplicate profile and a missing secret show on their roots with file, line and fix; the other profiles work', async () => {
    const { credentials } = sharedFiles();
    const { accessKeyId: id, secretAccessKey: secret } = emulator.adminKey;
    const NO_SECRET_ID = 'AKIANOSECRET00000001';
    const lines = [
      '[broken', // 1: no closing bracket
      `aws_access_key_id = ${id}`,
      `aws_secret_access_key = ${secret}`,
      '',
      '[demo]', // 5
      `aws_access_key_id = ${id}`,
      `aws_secret_access_key = ${secret}`,
      '',
      '[dup]', // 9
      `aws_access_key_id = ${id}`,
      '',
      '[nosecret]', // 12
      `aws_access_key_id = ${NO_SECRET_ID}`, // 13
      '',
      '[dup]', // 15: the same profile again
      `aws_secret_access_key = ${secret}`,
      '',
    ];
    writeFile(credentials, lines.join('\n'));
    const bytes = readFileSync(credentials);
    const account = snapshot(emulator.state);
    emulator.log.length = 0;
    await updateSettings([['profiles', ['demo', 'broken', 'dup', 'nosecret'], vscode.ConfigurationTarget.Global]]);

    const labelsOf = async (profile: string) => {
      const root = (await children(api)).find((n) => n.kind === 'profile' && n.profile === profile);
      assert.ok(root, `no root for ${profile}`);
      const kids = await children(api, root);
      return { kids, labels: await Promise.all(kids.map((k) => label(api, k))) };
    };
    // The file watcher may reload once more after the settings change: wait for a settled tree.
    const settled = async (profile: string, done: (labels: string[]) => boolean) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const r = await labelsOf(profile);
        if (done(r.labels)) return r;
        if (Date.now() > deadline) throw new Error(`${profile}'s root shows: ${r.labels.join(' | ')}`);
        await new Promise((res) => setTimeout(res, 200));
      }
    };
    const FOLDERS = ['Users', 'Groups', 'Roles', 'Policies'];

    const demo = await settled('demo', (l) => l.length === 4);
    assert.deepEqual(demo.labels, FOLDERS, 'a profile without problems works and shows none');

    // Each problem item leads with the problem and its line and ends with the fix; the file and line are its
    // description.
    const describedAs = async (node: ExplorerNode | undefined) =>
      (await api.services.tree.getTreeItem(node as ExplorerNode)).description;
    const broken = await settled('broken', (l) => l.length === 2);
    assert.equal(broken.labels[0], 'Unclosed section header at line 1: add the ]');
    assert.match(String(await describedAs(broken.kids[0])), /credentials:1$/);
    assert.equal(broken.kids[1]?.kind, 'error', 'then why it cannot connect: the SDK does not see the profile');
    assert.match(
      broken.labels[1] ?? '',
      /^No profile named broken in .*: add it there, or choose another with Select Profiles…$/,
    );

    const dup = await settled('dup', (l) => l.length === 5);
    assert.equal(dup.labels[0], 'Section defined twice at line 15: merge them into one section');
    assert.match(String(await describedAs(dup.kids[0])), /credentials:15$/);
    assert.deepEqual(dup.labels.slice(1), FOLDERS, 'a duplicate profile still works (the SDK merges it)');
    const warning = await api.services.tree.getTreeItem(dup.kids[0] as ExplorerNode);
    assert.equal((warning.iconPath as vscode.ThemeIcon).id, 'warning');

    const nosecret = await settled('nosecret', (l) => l.length === 2);
    assert.equal(
      nosecret.labels[0],
      'Access key id without its secret at line 13: add the secret, or remove the key id',
    );
    const item = await api.services.tree.getTreeItem(nosecret.kids[0] as ExplorerNode);
    // Markdown-escaped (the text is untrusted): read it back as text.
    const tooltip = (item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip))
      .replace(/&nbsp;/g, ' ')
      .replace(/\\(.)/g, '$1');
    assert.match(
      tooltip,
      /credentials:13: error: Profile nosecret has .* Add the secret, or remove the key id\./,
      'the tooltip names the file, the line and the whole message',
    );
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');

    // The listings of the working profiles are real: a user of the seed is there.
    assert.ok(
      (await children(api, await nodeAt(api, 'dup', 'Users'))).some(
        (n) => n.kind === 'entity' && n.entity.name === 'alice',
      ),
    );

    // Clicking a problem opens the file at its line.
    assert.equal(item.command?.command, 'vscode.open');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = await eventually(() =>
      vscode.window.activeTextEditor?.document.uri.fsPath === credentials ? vscode.window.activeTextEditor : undefined,
    );
    assert.equal(editor.selection.active.line, 12, 'the cursor is on line 13');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    assert.ok(
      !emulator.log.some((e) => e.accessKeyId === NO_SECRET_ID),
      'no request was signed with the key that has no secret',
    );
    assert.deepEqual(
      emulator.log.filter((e) => !/^(List|Get)/.test(e.operation)).map((e) => e.operation),
      [],
      'nothing but reads reached IAM',
    );
    assert.deepEqual(snapshot(emulator.state), account, 'the account is unchanged');
    assert.ok(readFileSync(credentials).equals(bytes), 'the credentials file kept every byte');
  });
});
