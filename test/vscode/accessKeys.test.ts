// Tier 2: access keys and rotation in the real VS Code against the emulator, which
// checks SigV4 signatures, so a wrong secret in the credentials file fails.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';
import type { Emulator, Seed } from '../emulator';
import { activateExtension, children, connect, disconnect, label, nodeAt, ScriptedUi, sharedFiles } from './support';

const ALICE_KEY = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'aliceSeedSecret/0123456789abcdefghijklmnop' };
const seed: Seed = {
  users: [
    { name: 'alice', path: '/eng/', accessKeys: [{ id: ALICE_KEY.accessKeyId, secret: ALICE_KEY.secretAccessKey, createDate: 'now-120d' }] },
    { name: 'bob' },
  ],
};

/** A credentials file with comments, CRLF endings and an unrelated profile, holding alice's key in [dev]. */
function credentialsText(emulator: Emulator): string {
  return [
    '# team credentials — keep this comment',
    '[demo]',
    `aws_access_key_id = ${emulator.adminKey.accessKeyId}`,
    `aws_secret_access_key = ${emulator.adminKey.secretAccessKey}`,
    '',
    '; alice, for the reports job',
    '[dev]',
    `aws_access_key_id=${ALICE_KEY.accessKeyId}`,
    `aws_secret_access_key   =   ${ALICE_KEY.secretAccessKey}`,
    'region = eu-west-1',
    '',
    '[unrelated]',
    'aws_access_key_id = AKIAUNRELATED0000001',
    'aws_secret_access_key = not-a-real-secret',
  ].join('\r\n');
}

/** The keys a profile holds in the credentials file (tests only: the secret is compared, never printed). */
async function profileKey(profile: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const text = await fs.readFile(sharedFiles().credentials, 'utf8');
  const section = text.split(/\r?\n(?=\[)/).find((s) => s.startsWith(`[${profile}]`)) ?? '';
  const value = (name: string) => new RegExp(`^${name}\\s*=\\s*(\\S+)`, 'm').exec(section)?.[1] ?? '';
  return { accessKeyId: value('aws_access_key_id'), secretAccessKey: value('aws_secret_access_key') };
}

async function signsAs(emulator: Emulator, key: { accessKeyId: string; secretAccessKey: string }): Promise<string | undefined> {
  const sts = new STSClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: key, maxAttempts: 1 });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
  } catch {
    return undefined;
  } finally {
    sts.destroy();
  }
}

const ALICE_ARN = 'arn:aws:iam::123456789012:user/eng/alice';

describe('access key commands and rotation against the emulator', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;
  let ui: ScriptedUi;
  let previousUi: ExtensionTestApi['services']['ui'];
  /** Every secret any emulator of this suite issued (deleted keys included). */
  const secrets = new Set<string>();
  /** What reached the log through the Log object, and everything the test host printed. */
  const logged: string[] = [];
  const printed: string[] = [];
  /** Every message any command showed in this suite. */
  const shown: string[] = [];
  const restore: (() => void)[] = [];

  before(async () => {
    api = await activateExtension();
    const log = api.services.log as unknown as Record<'info' | 'warn' | 'error', (m: string) => void>;
    for (const level of ['info', 'warn', 'error'] as const) {
      const original = log[level];
      log[level] = (m: string) => {
        logged.push(m);
        original.call(api.services.log, m);
      };
      restore.push(() => (log[level] = original));
    }
    // The test output: whatever this host process prints, through streams or console
    // (VS Code may install its own console methods, so they are replaced by definition).
    const patch = <O extends object>(owner: O, name: string, wrap: (original: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown) => {
      const original = Reflect.get(owner, name) as (...a: unknown[]) => unknown;
      try {
        Object.defineProperty(owner, name, { value: wrap(original), configurable: true, writable: true });
        restore.push(() => Object.defineProperty(owner, name, { value: original, configurable: true, writable: true }));
      } catch {
        // The extension host locks process.stdout/stderr.write; what is printed goes through console.
      }
    };
    for (const stream of [process.stdout, process.stderr]) {
      patch(stream, 'write', (original) => (chunk, ...rest) => {
        printed.push(String(chunk));
        return original.call(stream, chunk, ...rest);
      });
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
      patch(console, method, (original) => (...args) => {
        printed.push(args.map(String).join(' '));
        return original.apply(console, args);
      });
    }
    console.log('      (capturing this suite’s output)');
    assert.ok(printed.length > 0, 'the output capture works');
  });

  after(() => {
    for (const r of restore.reverse()) r();
  });

  beforeEach(async () => {
    emulator = await connect(api, seed);
    // Record every secret this emulator issues, before any is deleted.
    const state = emulator.state;
    const add = state.addAccessKey.bind(state);
    state.addAccessKey = (user, init) => {
      secrets.add(init.secret);
      return add(user, init);
    };
    secrets.add(emulator.adminKey.secretAccessKey);
    secrets.add(ALICE_KEY.secretAccessKey);
    await fs.writeFile(sharedFiles().credentials, credentialsText(emulator), { mode: 0o600 });
    api.services.profiles.invalidate();
    await api.services.profiles.load();
    api.services.connections.invalidate();
    api.services.tree.refresh();
    previousUi = api.services.ui;
    ui = new ScriptedUi();
    api.services.ui = ui;
  });

  afterEach(async () => {
    shown.push(...ui.messages.map((m) => m.text));
    api.services.ui = previousUi;
    delete process.env.IAM_EXPLORER_TEST_VERIFY_TIMEOUT_MS;
    await disconnect(emulator);
    emulator = undefined;
  });

  async function aliceKeyNode(id = ALICE_KEY.accessKeyId): Promise<ExplorerNode> {
    const keys = await children(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Access Keys'));
    for (const k of keys) if ((await label(api, k)) === id) return k;
    throw new Error(`no key ${id}`);
  }

  function aliceKeys(): [string, string][] {
    return (emulator?.state.users.get('alice')?.accessKeys ?? []).map((k): [string, string] => [k.id, k.status]).sort();
  }

  /** The invariant after any failure: the [dev] profile's key works, and alice has an active key. */
  async function assertStillWorks(): Promise<void> {
    assert.ok(emulator);
    assert.equal(await signsAs(emulator, await profileKey('dev')), ALICE_ARN, 'the key in [dev] works against the emulator');
    assert.ok(aliceKeys().some(([, s]) => s === 'Active'), 'alice keeps an active key');
  }

  const errors = () => ui.messages.filter((m) => m.kind === 'error').map((m) => m.text);

  it('rotates from the key’s context menu: the file changes in exactly the two values, the old key is inactive, the tree shows both', async () => {
    assert.ok(emulator);
    const before = await fs.readFile(sharedFiles().credentials, 'utf8');
    const started = performance.now();
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode());
    const ms = performance.now() - started;
    assert.deepEqual(errors(), []);
    const dev = await profileKey('dev');
    assert.notEqual(dev.accessKeyId, ALICE_KEY.accessKeyId);
    const after = await fs.readFile(sharedFiles().credentials, 'utf8');
    // assert.ok, not equal: a failing diff would print the secrets into the test output.
    assert.ok(after === before.replace(ALICE_KEY.accessKeyId, dev.accessKeyId).replace(ALICE_KEY.secretAccessKey, dev.secretAccessKey), 'byte-identical except the two values');
    assert.equal((await fs.stat(sharedFiles().credentials)).mode & 0o777, 0o600);
    assert.equal(await signsAs(emulator, dev), ALICE_ARN);
    assert.deepEqual(aliceKeys(), [[ALICE_KEY.accessKeyId, 'Inactive'], [dev.accessKeyId, 'Active']].sort());
    const info = ui.messages.find((m) => m.kind === 'info')?.text ?? '';
    assert.match(info, new RegExp(`new access key ${dev.accessKeyId} .* profile dev .*old key ${ALICE_KEY.accessKeyId} is deactivated`));
    const shown = await Promise.all((await children(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Access Keys'))).map((k) => label(api, k)));
    assert.deepEqual(shown.sort(), [ALICE_KEY.accessKeyId, dev.accessKeyId].sort());
    const item = await api.services.tree.getTreeItem(await aliceKeyNode(dev.accessKeyId));
    assert.equal(item.contextValue, 'accessKey;active;local', 'the new key is recognised as held by a local profile');
    console.log(`      rotation through the command took ${ms.toFixed(0)} ms`);
  });

  it('rotates the key that signs the session itself, and the tree keeps working on the new key', async () => {
    assert.ok(emulator);
    const admin = emulator.adminKey.accessKeyId;
    const keys = await children(api, await nodeAt(api, 'demo', 'Users', 'emulator-admin', 'Access Keys'));
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', keys[0]);
    assert.deepEqual(errors(), []);
    const demo = await profileKey('demo');
    assert.notEqual(demo.accessKeyId, admin);
    assert.equal(emulator.state.accessKeys.get(admin)?.status, 'Inactive');
    emulator.log.length = 0;
    api.services.tree.refresh();
    const users = await Promise.all((await children(api, await nodeAt(api, 'demo', 'Users'))).map((n) => label(api, n)));
    assert.ok(users.includes('alice'), 'the tree lists users with the new key');
    assert.ok(emulator.log.length > 0 && emulator.log.every((e) => e.accessKeyId !== admin), 'no request signed with the old key');
  });

  it('two keys, the other inactive: asks, deletes it, rotates; two active keys: stops and changes nothing', async () => {
    assert.ok(emulator);
    const alice = emulator.state.users.get('alice');
    assert.ok(alice);
    emulator.state.addAccessKey(alice, { id: 'AKIAALICEINACTIVE001', secret: 'inactiveSecret/000000000000000000000000', status: 'Inactive' });
    ui.answer((kind, message) => {
      assert.equal(kind, 'warning');
      assert.match(String(message), /delete the other, inactive key AKIAALICEINACTIVE001/);
      return 'Delete and Rotate';
    });
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode());
    assert.deepEqual(errors(), []);
    const dev = await profileKey('dev');
    assert.deepEqual(aliceKeys(), [[ALICE_KEY.accessKeyId, 'Inactive'], [dev.accessKeyId, 'Active']].sort());

    // Now both keys are active (reactivate the old one): rotation must stop before creating anything.
    emulator.state.accessKeys.get(ALICE_KEY.accessKeyId)!.status = 'Active';
    api.services.tree.refresh();
    const file = await fs.readFile(sharedFiles().credentials);
    const devNode = await aliceKeyNode(dev.accessKeyId);
    emulator.log.length = 0;
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', devNode);
    assert.match(errors().at(-1) ?? '', /already has two access keys and the other one, AKIAALICE00000000001, is active.*Nothing was changed/);
    assert.ok((await fs.readFile(sharedFiles().credentials)).equals(file), 'the file is unchanged');
    assert.equal(aliceKeys().length, 2);
    assert.ok(!emulator.log.some((e) => e.operation === 'CreateAccessKey'), 'no CreateAccessKey was sent');
  });

  it('fault: CreateAccessKey fails — nothing changes', async () => {
    assert.ok(emulator);
    const file = await fs.readFile(sharedFiles().credentials);
    emulator.setFaults([{ operation: 'CreateAccessKey', kind: 'AccessDenied' }]);
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode());
    assert.match(errors().at(-1) ?? '', /Could not create a new access key for alice: AccessDenied.*Nothing was changed/);
    assert.ok((await fs.readFile(sharedFiles().credentials)).equals(file), 'the file is unchanged');
    assert.deepEqual(aliceKeys(), [[ALICE_KEY.accessKeyId, 'Active']]);
    await assertStillWorks();
  });

  it('fault: the credentials file cannot be written — the new key is deleted, the file and old key untouched', async () => {
    assert.ok(emulator);
    // Root ignores file modes, so make the write fail for real: the credentials path is a
    // link to a file whose name is so long that the temp file beside it cannot be named.
    const path = sharedFiles().credentials;
    const target = join(dirname(path), 'c'.repeat(245));
    await fs.rename(path, target);
    await fs.symlink(target, path);
    try {
      const file = await fs.readFile(target);
      await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode());
      const error = errors().at(-1) ?? '';
      assert.match(error, /Could not put the new key in place: cannot write .*name too long/i);
      assert.match(error, /deleted the new key AKIA\w+.*AKIAALICE00000000001 is still active and in use/);
      assert.ok((await fs.readFile(target)).equals(file), 'the file is unchanged');
      assert.deepEqual(aliceKeys(), [[ALICE_KEY.accessKeyId, 'Active']]);
      await assertStillWorks();
    } finally {
      await fs.rm(path);
      await fs.rename(target, path);
      for (const f of await fs.readdir(dirname(path))) if (f.startsWith('credentials.') && f.endsWith('.bak')) await fs.rm(join(dirname(path), f));
    }
  });

  it('fault: verification fails — the file is restored from its backup and the new key deleted', async () => {
    assert.ok(emulator);
    process.env.IAM_EXPLORER_TEST_VERIFY_TIMEOUT_MS = '1500';
    const file = await fs.readFile(sharedFiles().credentials);
    const node = await aliceKeyNode();
    emulator.setFaults([{ operation: 'GetCallerIdentity', kind: 'AccessDenied' }]);
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', node);
    emulator.setFaults([]);
    const error = errors().at(-1) ?? '';
    assert.match(error, /The new key did not verify: the new key AKIA\w+ was still refused after \d+ attempts/);
    assert.match(error, /restored .*credentials from its backup; deleted the new key/);
    assert.ok((await fs.readFile(sharedFiles().credentials)).equals(file), 'byte-identical after the restore');
    assert.deepEqual(aliceKeys(), [[ALICE_KEY.accessKeyId, 'Active']]);
    assert.ok(emulator.log.filter((e) => e.operation === 'GetCallerIdentity').length >= 3, 'verification was retried');
    await assertStillWorks();
  });

  it('fault: deactivation fails — the new key stays, the old key is reported still active, Retry finishes', async () => {
    assert.ok(emulator);
    emulator.setFaults([{ operation: 'UpdateAccessKey', kind: 'AccessDenied', count: 1 }]);
    let warning = '';
    ui.answer((kind, message) => {
      assert.equal(kind, 'warning');
      warning = String(message);
      return 'Retry';
    });
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode());
    const dev = await profileKey('dev');
    assert.match(warning, new RegExp(`New access key ${dev.accessKeyId} is in profile dev .* works, but the old key AKIAALICE00000000001 is still active: deactivating it failed \\(AccessDenied`));
    assert.deepEqual(errors(), []);
    assert.deepEqual(aliceKeys(), [[ALICE_KEY.accessKeyId, 'Inactive'], [dev.accessKeyId, 'Active']].sort());
    assert.match(ui.messages.at(-1)?.text ?? '', /old key AKIAALICE00000000001 is now deactivated/);
    await assertStillWorks();
  });

  it('creates keys from the palette into a new profile and a CSV file, refuses a third, and deactivates, activates, shows last use and deletes', async () => {
    assert.ok(emulator);
    const pick = (wanted: RegExp) => (_kind: string, _request: unknown, items: unknown) => (items as { label: string }[]).find((i) => wanted.test(i.label));
    // Palette: profile (only one, so no prompt) → user → delivery → profile name.
    ui.answer(pick(/bob/), pick(/new profile/), () => 'bob-cli');
    await vscode.commands.executeCommand('iamExplorer.createAccessKey');
    assert.deepEqual(errors(), []);
    const bobKey = await profileKey('bob-cli');
    assert.equal(await signsAs(emulator, bobKey), 'arn:aws:iam::123456789012:user/bob');
    assert.match(await fs.readFile(sharedFiles().credentials, 'utf8'), /^# team credentials — keep this comment\r\n/);

    const csv = join(process.env.IAM_EXPLORER_TEST_SCRATCH ?? dirname(sharedFiles().credentials), 'bob_accessKeys.csv');
    ui.answer(pick(/bob/), pick(/CSV/), () => vscode.Uri.file(csv));
    await vscode.commands.executeCommand('iamExplorer.createAccessKey');
    assert.deepEqual(errors(), []);
    const [header, row] = (await fs.readFile(csv, 'utf8')).split('\n');
    assert.equal(header, 'Access key ID,Secret access key');
    const [csvId, csvSecret] = (row ?? '').split(',');
    assert.equal(await signsAs(emulator, { accessKeyId: csvId ?? '', secretAccessKey: csvSecret ?? '' }), 'arn:aws:iam::123456789012:user/bob');
    assert.equal((await fs.stat(csv)).mode & 0o777, 0o600);
    await fs.rm(csv);

    emulator.log.length = 0;
    ui.answer(pick(/bob/));
    await vscode.commands.executeCommand('iamExplorer.createAccessKey');
    assert.match(errors().at(-1) ?? '', /bob already has two active access keys/);
    assert.ok(!emulator.log.some((e) => e.operation === 'CreateAccessKey'), 'checked first: no LimitExceeded round trip');

    const bobKeys = await children(api, await nodeAt(api, 'demo', 'Users', 'bob', 'Access Keys'));
    const csvNode = bobKeys.find((n) => n.kind === 'accessKey' && n.key.accessKeyId === csvId);
    assert.ok(csvNode);
    await vscode.commands.executeCommand('iamExplorer.deactivateAccessKey', csvNode);
    assert.equal(emulator.state.accessKeys.get(csvId ?? '')?.status, 'Inactive');
    await vscode.commands.executeCommand('iamExplorer.activateAccessKey', csvNode);
    assert.equal(emulator.state.accessKeys.get(csvId ?? '')?.status, 'Active');
    await vscode.commands.executeCommand('iamExplorer.showAccessKeyLastUsed', csvNode);
    assert.match(ui.messages.at(-1)?.text ?? '', new RegExp(`${csvId} \\(bob\\) (has never been used|was last used)`));

    // Deleting the key a local profile holds: the modal says so.
    const heldNode = (await children(api, await nodeAt(api, 'demo', 'Users', 'bob', 'Access Keys'))).find((n) => n.kind === 'accessKey' && n.key.accessKeyId === bobKey.accessKeyId);
    ui.answer((kind, message) => {
      assert.equal(kind, 'warning');
      assert.match(String(message), /Delete access key .* cannot be undone\. Local profile bob-cli in your AWS files uses it/);
      return 'Delete';
    });
    await vscode.commands.executeCommand('iamExplorer.deleteAccessKey', heldNode);
    assert.equal(emulator.state.accessKeys.get(bobKey.accessKeyId), undefined);
    assert.equal(errors().length, 1, 'the only error was the refused third key');
  });

  it('no secret created in this suite reached the log, the log files, extension state, a message or the test output', async () => {
    assert.ok(secrets.size >= 10, `the suite issued secrets to look for (${secrets.size})`);
    const context = api.services.context;
    const state = [context.globalState, context.workspaceState].flatMap((m) => m.keys().map((k) => `${k}=${JSON.stringify(m.get(k))}`));
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const p = join(dir, entry.name);
        if (entry.isDirectory()) await walk(p);
        else files.push(await fs.readFile(p, 'utf8').catch(() => ''));
      }
    };
    // The extension host's log folder (the "IAM Explorer" log is written there) and the rotation journals.
    await new Promise((r) => setTimeout(r, 1500)); // let the log file flush
    await walk(dirname(context.logUri.fsPath));
    await walk(context.globalStorageUri.fsPath);
    assert.ok(files.some((f) => /rotate AKIA\w+ \(user alice\): 2\/5 create: created AKIA/.test(f)), 'the IAM Explorer log file was found and holds the rotation steps');
    const sources: [string, string][] = [
      ['log', logged.join('\n')],
      ['log files', files.join('\n')],
      ['extension state', state.join('\n')],
      ['messages', shown.join('\n')],
      ['test output', printed.join('')],
    ];
    assert.ok(logged.some((l) => /3\/5 write: wrote AKIA\w+ into profile dev/.test(l)), 'the log was captured');
    let found = 0;
    for (const [name, text] of sources) {
      for (const secret of secrets) {
        if (text.includes(secret)) {
          found++;
          // Name the place, never the secret.
          assert.fail(`a secret (length ${secret.length}) was found in the ${name}`);
        }
      }
    }
    console.log(`      scanned ${secrets.size} secrets across ${logged.length} log lines, ${files.length} log/state files, ${state.length} state keys and ${printed.length} output chunks: ${found} found`);
  });
});
