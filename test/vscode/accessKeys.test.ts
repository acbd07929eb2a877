// Tier 2: access keys and rotation in the real VS Code against the emulator, which
// checks SigV4 signatures, so a wrong secret in the credentials file fails.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';
import type { PolicyTarget } from '../../src/core/iam/policySave';
import { displayPath } from '../../src/core/credentials';
import type { Emulator, Seed } from '../emulator';
import { placesHolding, recordEmulatorSecrets, secretHashesFile } from './secrets';
import {
  activateExtension,
  child,
  children,
  connect,
  disconnect,
  eventually,
  label,
  manifest,
  nodeAt,
  ScriptedUi,
  sharedFiles,
  updateSettings,
} from './support';

const ALICE_KEY = {
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: 'aliceSeedSecret/0123456789abcdefghijklmnop',
};
const seed: Seed = {
  users: [
    {
      name: 'alice',
      path: '/eng/',
      accessKeys: [{ id: ALICE_KEY.accessKeyId, secret: ALICE_KEY.secretAccessKey, createDate: 'now-120d' }],
      // Open in the policy editor during every flow, so the webview's state is scanned too.
      inlinePolicies: [
        {
          name: 'reports',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
        },
      ],
    },
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

async function signsAs(
  emulator: Emulator,
  key: { accessKeyId: string; secretAccessKey: string },
): Promise<string | undefined> {
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
const BOB_ARN = 'arn:aws:iam::123456789012:user/bob';
const ALICE_POLICY: PolicyTarget = {
  kind: 'inline',
  profile: 'demo',
  owner: { type: 'user', name: 'alice' },
  policyName: 'reports',
};

/** Where tests deliver secrets on purpose (CSV files): the runner's scan leaves it out, as it does the AWS files. */
function deliveredPath(name: string): string {
  return join(process.env.IAM_EXPLORER_TEST_SCRATCH ?? dirname(sharedFiles().credentials), 'delivered', name);
}

/**
 * The credentials file's backups, oldest first: beside the file, where earlier versions
 * put them (`credentials.<UTC timestamp>.bak`), and in the extension's private folder
 * (`credential-backups/credentials-<path hash>.<UTC timestamp>.bak`).
 */
async function backups(globalStorage: string): Promise<{ beside: string[]; private: string[] }> {
  const { credentials } = sharedFiles();
  const beside = (await fs.readdir(dirname(credentials)))
    .filter((n) => /^credentials\.\d{8}T\d{9}Z\.bak$/.test(n))
    .sort()
    .map((n) => join(dirname(credentials), n));
  const folder = join(globalStorage, 'credential-backups');
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  return {
    beside,
    private: names
      .filter((n) => /^credentials-[0-9a-f]{12}\.\d{8}T\d{9}Z\.bak$/.test(n))
      .sort()
      .map((n) => join(folder, n)),
  };
}

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
  /** Keys the extension stored in SecretStorage during the suite (none expected; all are scanned). */
  const secretKeys = new Set<string>();
  /** What the scan after each flow covered. */
  let secretStorageListing = '';
  const scanned = {
    flows: 0,
    places: 0,
    settings: 0,
    settingsFiles: 0,
    secretStorageKeys: 0,
    webviewStates: 0,
    modesChecked: 0,
  };

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
    const patch = <O extends object>(
      owner: O,
      name: string,
      wrap: (original: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown,
    ) => {
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
    const { secrets: storage } = api.services.context;
    const sub = storage.onDidChange((e) => secretKeys.add(e.key));
    restore.push(() => sub.dispose());
    // The SecretStorage scan sees what is stored: a probe (not a secret) is noticed and listed.
    const probe = 'iamExplorer.test.secretScanProbe';
    await storage.store(probe, 'probe');
    await eventually(() => secretKeys.has(probe) || undefined);
    const keys = await (storage as { keys?: () => Thenable<string[]> }).keys?.();
    if (keys) assert.ok(keys.includes(probe), 'SecretStorage.keys() lists what was stored');
    secretStorageListing = keys ? 'keys() and change events' : 'change events';
    await storage.delete(probe);
    // The flows below test rotation itself; the plan dialog (on by default) has its own test.
    await updateSettings([['rotation.confirm', false, vscode.ConfigurationTarget.Global]]);
  });

  after(async () => {
    for (const r of restore.reverse()) r();
    await updateSettings([['rotation.confirm', undefined, vscode.ConfigurationTarget.Global]]);
  });

  beforeEach(async () => {
    emulator = await connect(api, seed);
    // Every secret this emulator holds or issues, before any is deleted (and its hash for the runner's scan).
    recordEmulatorSecrets(emulator, secrets);
    await fs.writeFile(sharedFiles().credentials, credentialsText(emulator), { mode: 0o600 });
    api.services.profiles.invalidate();
    await api.services.profiles.load();
    api.services.connections.invalidate();
    api.services.tree.refresh();
    previousUi = api.services.ui;
    ui = new ScriptedUi();
    api.services.ui = ui;
    // A policy editor is open during the flow: its page state is scanned afterwards.
    await (await api.services.policyEditors.open(ALICE_POLICY)).test({ do: 'query' });
  });

  afterEach(async function () {
    shown.push(...ui.messages.map((m) => m.text));
    try {
      await scanAfterFlow(this.currentTest?.title ?? '?');
    } finally {
      for (const editor of api.services.policyEditors.all()) editor.panel.dispose();
      api.services.ui = previousUi;
      delete process.env.IAM_EXPLORER_TEST_VERIFY_TIMEOUT_MS;
      await disconnect(emulator);
      emulator = undefined;
    }
  });

  /**
   * After every flow, with its emulator still up: no secret in the log, the messages, the
   * extension's global and workspace state, SecretStorage, the iamExplorer settings and the
   * settings files, or a policy editor's page state; the credentials file and every backup
   * are mode 0600 and there are at most five backups.
   */
  async function scanAfterFlow(flow: string): Promise<void> {
    const { context } = api.services;
    const sources: [string, string][] = [];
    sources.push(['the log', logged.join('\n')], ['messages', shown.join('\n')]);
    for (const [name, memento] of [
      ['globalState', context.globalState],
      ['workspaceState', context.workspaceState],
    ] as const) {
      sources.push([
        name,
        memento
          .keys()
          .map((k) => `${k}=${JSON.stringify(memento.get(k))}`)
          .join('\n'),
      ]);
    }
    // SecretStorage: every key the extension stored during the suite, and every key it has now.
    const listed = await (context.secrets as { keys?: () => Thenable<string[]> }).keys?.();
    const keys = new Set([...secretKeys, ...(listed ?? [])]);
    for (const key of keys) sources.push([`SecretStorage ${key}`, `${key}=${(await context.secrets.get(key)) ?? ''}`]);
    scanned.secretStorageKeys = Math.max(scanned.secretStorageKeys, keys.size);
    // Settings: every iamExplorer value at every level, and the settings files themselves.
    const settings = vscode.workspace.getConfiguration('iamExplorer');
    const names = Object.keys(manifest().contributes.configuration.properties);
    assert.ok(names.length >= 8, 'the contributed settings are known');
    const values = names
      .map((n) => `${n}=${JSON.stringify(settings.inspect(n.replace(/^iamExplorer\./, '')))}`)
      .join('\n');
    assert.ok(
      emulator && values.includes(emulator.endpoint),
      'the settings read are live (they hold the emulator’s endpoint)',
    );
    sources.push(['iamExplorer settings', values]);
    scanned.settings = names.length;
    const userData = join(context.globalStorageUri.fsPath, '..', '..', '..');
    const settingsFiles = [
      join(userData, 'User', 'settings.json'),
      join(userData, 'Machine', 'settings.json'),
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => join(f.uri.fsPath, '.vscode', 'settings.json')),
    ];
    let read = 0;
    for (const file of settingsFiles) {
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      read++;
      sources.push([`settings file ${file}`, text]);
    }
    assert.ok(
      sources.some(([place, text]) => place.startsWith('settings file') && text.includes('iamExplorer.endpoint')),
      `the settings file holding iamExplorer's settings was read (${settingsFiles.join(', ')})`,
    );
    scanned.settingsFiles = Math.max(scanned.settingsFiles, read);
    // Webview state: what each open policy editor's page saved with setState, and its text.
    const editors = api.services.policyEditors.all();
    assert.ok(editors.length >= 1, 'a policy editor was open during the flow');
    for (const editor of editors) {
      const page = await editor.test({ do: 'query' });
      // The page state holds only the cursor now (the text is the document's, scanned beside it).
      assert.ok(page.state !== null && page.text.includes('s3:GetObject'), 'the page state and text were read');
      sources.push([
        `policy editor page state (${page.title})`,
        JSON.stringify({ state: page.state, text: page.text, status: page.status }),
      ]);
      scanned.webviewStates++;
    }
    const places = placesHolding(secrets, sources);
    assert.deepEqual(places, [], `after “${flow}”: a secret was found in ${places.join(', ')}`);
    scanned.places += sources.length;
    scanned.flows++;

    // The credentials file: owner-only. Its backups: never beside it, and none outlives the
    // flow that made it (removed once the key is verified, the secret saved, or the file restored).
    const found = await backups(api.services.context.globalStorageUri.fsPath);
    assert.equal(
      (await fs.stat(sharedFiles().credentials)).mode & 0o777,
      0o600,
      `after “${flow}”: the credentials file is mode 0600`,
    );
    assert.deepEqual(found.beside, [], `after “${flow}”: no backup beside the credentials file`);
    assert.deepEqual(
      found.private.map((f) => basename(f)),
      [],
      `after “${flow}”: no backup left in the extension's folder`,
    );
    scanned.modesChecked += 1;
  }

  /** Alice's key node (child() asks an empty folder again, as a load a refresh aborted answers none). */
  async function aliceKeyNode(id = ALICE_KEY.accessKeyId): Promise<ExplorerNode> {
    return child(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Access Keys'), id);
  }

  function aliceKeys(): [string, string][] {
    return (emulator?.state.users.get('alice')?.accessKeys ?? []).map((k): [string, string] => [k.id, k.status]).sort();
  }

  /** The invariant after any failure: the [dev] profile's key works, and alice has an active key. */
  async function assertStillWorks(): Promise<void> {
    assert.ok(emulator);
    assert.equal(
      await signsAs(emulator, await profileKey('dev')),
      ALICE_ARN,
      'the key in [dev] works against the emulator',
    );
    assert.ok(
      aliceKeys().some(([, s]) => s === 'Active'),
      'alice keeps an active key',
    );
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
    assert.ok(
      after ===
        before.replace(ALICE_KEY.accessKeyId, dev.accessKeyId).replace(ALICE_KEY.secretAccessKey, dev.secretAccessKey),
      'byte-identical except the two values',
    );
    assert.equal((await fs.stat(sharedFiles().credentials)).mode & 0o777, 0o600);
    assert.equal(await signsAs(emulator, dev), ALICE_ARN);
    assert.deepEqual(
      aliceKeys(),
      [
        [ALICE_KEY.accessKeyId, 'Inactive'],
        [dev.accessKeyId, 'Active'],
      ].sort(),
    );
    const info = ui.messages.find((m) => m.kind === 'info')?.text ?? '';
    assert.match(
      info,
      new RegExp(`new access key ${dev.accessKeyId} .* profile dev .*old key ${ALICE_KEY.accessKeyId} is deactivated`),
    );
    const shown = await Promise.all(
      (await children(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Access Keys'))).map((k) => label(api, k)),
    );
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
    const users = await Promise.all(
      (await children(api, await nodeAt(api, 'demo', 'Users'))).map((n) => label(api, n)),
    );
    assert.ok(users.includes('alice'), 'the tree lists users with the new key');
    assert.ok(
      emulator.log.length > 0 && emulator.log.every((e) => e.accessKeyId !== admin),
      'no request signed with the old key',
    );
  });

  it('two keys, the other inactive: asks, deletes it, rotates; two active keys: stops and changes nothing', async () => {
    assert.ok(emulator);
    const alice = emulator.state.users.get('alice');
    assert.ok(alice);
    emulator.state.addAccessKey(alice, {
      id: 'AKIAALICEINACTIVE001',
      secret: 'inactiveSecret/000000000000000000000000',
      status: 'Inactive',
    });
    ui.answer((kind, message) => {
      assert.equal(kind, 'warning');
      assert.match(String(message), /delete the other, inactive key AKIAALICEINACTIVE001/);
      return 'Delete and Rotate';
    });
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode());
    assert.deepEqual(errors(), []);
    const dev = await profileKey('dev');
    assert.deepEqual(
      aliceKeys(),
      [
        [ALICE_KEY.accessKeyId, 'Inactive'],
        [dev.accessKeyId, 'Active'],
      ].sort(),
    );

    // Now both keys are active (reactivate the old one): rotation must stop before creating anything.
    emulator.state.accessKeys.get(ALICE_KEY.accessKeyId)!.status = 'Active';
    api.services.tree.refresh();
    const file = await fs.readFile(sharedFiles().credentials);
    const devNode = await aliceKeyNode(dev.accessKeyId);
    emulator.log.length = 0;
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', devNode);
    assert.match(
      errors().at(-1) ?? '',
      /already has two access keys and the other one, AKIAALICE00000000001, is active.*Nothing was changed/,
    );
    assert.ok((await fs.readFile(sharedFiles().credentials)).equals(file), 'the file is unchanged');
    assert.equal(aliceKeys().length, 2);
    assert.ok(!emulator.log.some((e) => e.operation === 'CreateAccessKey'), 'no CreateAccessKey was sent');
  });

  it('Rotate Access Key shows the plan in a modal first (iamExplorer.rotation.confirm): Cancel changes nothing, Rotate rotates', async () => {
    assert.ok(emulator);
    await updateSettings([['rotation.confirm', true, vscode.ConfigurationTarget.Global]]);
    try {
      const file = await fs.readFile(sharedFiles().credentials);
      const plans: string[] = [];
      ui.answer((kind, message) => {
        assert.equal(kind, 'warning');
        plans.push(String(message));
        return undefined;
      });
      emulator.log.length = 0;
      await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode());
      assert.deepEqual(plans[0]?.split('\n'), [
        `Rotate access key ${ALICE_KEY.accessKeyId} of user alice?`,
        '1. Create a new access key for alice.',
        `2. Write it into profile dev in ${displayPath(sharedFiles().credentials)}, after backing up the file (the backup is removed once the new key works).`,
        '3. Check that the new key works.',
        `4. Deactivate the old key ${ALICE_KEY.accessKeyId}; it can be activated again if something still uses it (setting iamExplorer.rotation.oldKey).`,
        'A failure or Cancel before step 4 undoes everything.',
      ]);
      assert.ok(
        !emulator.log.some((e) => e.operation === 'CreateAccessKey'),
        'dismissing the plan sends no CreateAccessKey',
      );
      assert.ok((await fs.readFile(sharedFiles().credentials)).equals(file), 'the file is unchanged');
      assert.deepEqual(aliceKeys(), [[ALICE_KEY.accessKeyId, 'Active']]);

      ui.answer((kind, message, items) => {
        assert.equal(kind, 'warning');
        assert.match(String(message), /^Rotate access key /);
        assert.deepEqual(items, ['Rotate']);
        return 'Rotate';
      });
      await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode());
      assert.deepEqual(errors(), []);
      const dev = await profileKey('dev');
      assert.notEqual(dev.accessKeyId, ALICE_KEY.accessKeyId, 'the profile holds the new key');
      assert.deepEqual(
        aliceKeys(),
        [
          [ALICE_KEY.accessKeyId, 'Inactive'],
          [dev.accessKeyId, 'Active'],
        ].sort(),
      );
    } finally {
      await updateSettings([['rotation.confirm', false, vscode.ConfigurationTarget.Global]]);
    }
  });

  it('fault: CreateAccessKey fails — nothing changes', async () => {
    assert.ok(emulator);
    const file = await fs.readFile(sharedFiles().credentials);
    emulator.setFaults([{ operation: 'CreateAccessKey', kind: 'AccessDenied' }]);
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode());
    assert.match(
      errors().at(-1) ?? '',
      /Could not create a new access key for alice: AccessDenied.*Nothing was changed/,
    );
    assert.ok((await fs.readFile(sharedFiles().credentials)).equals(file), 'the file is unchanged');
    assert.deepEqual(aliceKeys(), [[ALICE_KEY.accessKeyId, 'Active']]);
    await assertStillWorks();
  });

  it(
    'fault: ListAccessKeys is throttled twice, then answers — ' +
      'the rotation notification says it is retrying, and the rotation completes',
    async () => {
      assert.ok(emulator);
      const node = await aliceKeyNode();
      emulator.setFaults([{ operation: 'ListAccessKeys', kind: 'Throttling', count: 2 }]);
      await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', node);
      assert.deepEqual(errors(), []);
      const shown = ui.progress.find((p) => p.title === `Rotating ${ALICE_KEY.accessKeyId}`);
      assert.ok(shown, `a rotation notification: ${JSON.stringify(ui.progress)}`);
      assert.equal(shown.cancellable, true, 'it has a Cancel button');
      const retries = shown.messages.filter((m) => m.startsWith('Retrying ListAccessKeys'));
      assert.deepEqual(retries, [
        'Retrying ListAccessKeys, attempt 2 of 10',
        'Retrying ListAccessKeys, attempt 3 of 10',
      ]);
      assert.ok(
        shown.messages.indexOf(retries[0] ?? '') > shown.messages.indexOf('Checking the user’s keys…'),
        shown.messages.join(' | '),
      );
      const dev = await profileKey('dev');
      assert.notEqual(dev.accessKeyId, ALICE_KEY.accessKeyId, 'the profile holds the new key');
      await assertStillWorks();
    },
  );

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
      for (const f of await fs.readdir(dirname(path)))
        if (f.startsWith('credentials.') && f.endsWith('.bak')) await fs.rm(join(dirname(path), f));
    }
  });

  it('a credentials file the writer refuses (UTF-16): rotation stops before CreateAccessKey with the file, the problem and the fix, and the file keeps every byte', async () => {
    assert.ok(emulator);
    const { credentials, config } = sharedFiles();
    // The tree's profile moves to the config file (the SDK reads keys there too), so it keeps
    // working; the credentials file, [dev] holding alice's key, is saved as UTF-16 with a byte
    // order mark, as PowerShell's > writes it.
    await fs.writeFile(
      config,
      `[profile demo]\nregion = us-east-1\naws_access_key_id = ${emulator.adminKey.accessKeyId}\naws_secret_access_key = ${emulator.adminKey.secretAccessKey}\n`,
      { mode: 0o600 },
    );
    await fs.writeFile(credentials, Buffer.from(`\ufeff${credentialsText(emulator)}`, 'utf16le'), { mode: 0o600 });
    api.services.profiles.invalidate();
    await api.services.profiles.load();
    api.services.connections.invalidate();
    api.services.tree.refresh();
    const node = await aliceKeyNode();
    const file = await fs.readFile(credentials);
    const folder = (await fs.readdir(dirname(credentials))).sort();
    emulator.log.length = 0;
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', node);
    const error = errors().at(-1) ?? '';
    assert.ok(
      error.startsWith(
        `Cannot edit ${displayPath(credentials)}: it is not UTF-8 text (saved as UTF-16?). Save it as UTF-8 and try again.`,
      ),
      `the message names the file, the problem and the fix: ${error}`,
    );
    assert.match(error, /Rotation of AKIAALICE00000000001 stopped before creating a new key; nothing was changed\.$/);
    assert.equal(errors().length, 1, 'one message');
    const sent = emulator.log.map((e) => e.operation);
    assert.ok(!sent.includes('CreateAccessKey'), `no CreateAccessKey was sent (sent: ${sent.join(', ') || 'nothing'})`);
    assert.deepEqual(
      sent.filter((op) => /^(Create|Delete|Update)AccessKey$/.test(op)),
      [],
      'no key was created, deleted or changed',
    );
    assert.ok((await fs.readFile(credentials)).equals(file), 'the credentials file is byte-identical');
    assert.deepEqual((await fs.readdir(dirname(credentials))).sort(), folder, 'no backup or temp file beside it');
    assert.deepEqual(aliceKeys(), [[ALICE_KEY.accessKeyId, 'Active']]);
    assert.ok(
      logged.some((l) =>
        /rotate AKIAALICE00000000001 \(user alice\): 1\/5 preconditions: stopped before creating a key: .*\(not-utf8 in /.test(
          l,
        ),
      ),
      'the log says where it stopped',
    );
    console.log(`      requests sent by the refused rotation: ${sent.length} (${sent.join(', ') || 'none'})`);
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
    assert.match(
      warning,
      new RegExp(
        `New access key ${dev.accessKeyId} is in profile dev .* works, but the old key AKIAALICE00000000001 is still active: deactivating it failed \\(AccessDenied`,
      ),
    );
    assert.deepEqual(errors(), []);
    assert.deepEqual(
      aliceKeys(),
      [
        [ALICE_KEY.accessKeyId, 'Inactive'],
        [dev.accessKeyId, 'Active'],
      ].sort(),
    );
    assert.match(ui.messages.at(-1)?.text ?? '', /old key AKIAALICE00000000001 is now deactivated/);
    await assertStillWorks();
  });

  it('creates keys from the palette into a new profile and a CSV file, refuses a third, and deactivates, activates, shows last use and deletes', async () => {
    assert.ok(emulator);
    const pick = (wanted: RegExp) => (_kind: string, _request: unknown, items: unknown) =>
      (items as { label: string }[]).find((i) => wanted.test(i.label));
    // Palette: profile (only one, so no prompt) → user → delivery → profile name.
    ui.answer(pick(/bob/), pick(/new profile/), () => 'bob-cli');
    await vscode.commands.executeCommand('iamExplorer.createAccessKey');
    assert.deepEqual(errors(), []);
    const bobKey = await profileKey('bob-cli');
    assert.equal(await signsAs(emulator, bobKey), 'arn:aws:iam::123456789012:user/bob');
    assert.match(await fs.readFile(sharedFiles().credentials, 'utf8'), /^# team credentials — keep this comment\r\n/);

    const csv = deliveredPath('bob_accessKeys.csv');
    await fs.mkdir(dirname(csv), { recursive: true });
    ui.answer(pick(/bob/), pick(/CSV/), () => vscode.Uri.file(csv));
    await vscode.commands.executeCommand('iamExplorer.createAccessKey');
    assert.deepEqual(errors(), []);
    const [header, row] = (await fs.readFile(csv, 'utf8')).split('\n');
    assert.equal(header, 'Access key ID,Secret access key');
    const [csvId, csvSecret] = (row ?? '').split(',');
    assert.equal(
      await signsAs(emulator, { accessKeyId: csvId ?? '', secretAccessKey: csvSecret ?? '' }),
      'arn:aws:iam::123456789012:user/bob',
    );
    assert.equal((await fs.stat(csv)).mode & 0o777, 0o600);
    await fs.rm(csv);

    emulator.log.length = 0;
    ui.answer(pick(/bob/));
    await vscode.commands.executeCommand('iamExplorer.createAccessKey');
    assert.match(errors().at(-1) ?? '', /bob already has two active access keys/);
    assert.ok(
      !emulator.log.some((e) => e.operation === 'CreateAccessKey'),
      'checked first: no LimitExceeded round trip',
    );

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
    const heldNode = (await children(api, await nodeAt(api, 'demo', 'Users', 'bob', 'Access Keys'))).find(
      (n) => n.kind === 'accessKey' && n.key.accessKeyId === bobKey.accessKeyId,
    );
    ui.answer((kind, message) => {
      assert.equal(kind, 'warning');
      assert.match(
        String(message),
        /Delete access key .* cannot be undone\. Local profile bob-cli in your AWS files uses it/,
      );
      return 'Delete';
    });
    await vscode.commands.executeCommand('iamExplorer.deleteAccessKey', heldNode);
    assert.equal(emulator.state.accessKeys.get(bobKey.accessKeyId), undefined);
    assert.equal(errors().length, 1, 'the only error was the refused third key');
  });

  it('creates a key into an existing profile and onto the clipboard: each works, the rest of the file is kept', async () => {
    assert.ok(emulator);
    const pick = (wanted: RegExp) => (_kind: string, _request: unknown, items: unknown) =>
      (items as { label: string }[]).find((i) => wanted.test(i.label));
    const before = await fs.readFile(sharedFiles().credentials, 'utf8');
    // Existing profile: [unrelated] gets bob's new key in place of its own.
    ui.answer(pick(/bob/), pick(/existing profile/), pick(/^unrelated$/));
    await vscode.commands.executeCommand('iamExplorer.createAccessKey');
    assert.deepEqual(errors(), []);
    const unrelated = await profileKey('unrelated');
    assert.notEqual(unrelated.accessKeyId, 'AKIAUNRELATED0000001');
    assert.equal(await signsAs(emulator, unrelated), BOB_ARN);
    const after = await fs.readFile(sharedFiles().credentials, 'utf8');
    assert.ok(
      after ===
        before
          .replace('AKIAUNRELATED0000001', unrelated.accessKeyId)
          .replace('not-a-real-secret', unrelated.secretAccessKey),
      'only the two values of [unrelated] changed',
    );
    assert.match(
      ui.messages.at(-1)?.text ?? '',
      new RegExp(`Created access key ${unrelated.accessKeyId} for bob; the secret was saved to profile unrelated`),
    );

    // Clipboard: the key and its secret, in the credentials file's syntax.
    ui.answer(pick(/bob/), pick(/clipboard/));
    await vscode.commands.executeCommand('iamExplorer.createAccessKey');
    assert.deepEqual(errors(), []);
    const copied = ui.clipboard ?? '';
    const id = /aws_access_key_id = (\S+)/.exec(copied)?.[1] ?? '';
    const secret = /aws_secret_access_key = (\S+)/.exec(copied)?.[1] ?? '';
    assert.ok(secrets.has(secret), 'the clipboard holds the secret IAM issued');
    assert.equal(await signsAs(emulator, { accessKeyId: id, secretAccessKey: secret }), BOB_ARN);
    assert.match(
      ui.messages.at(-1)?.text ?? '',
      new RegExp(`Created access key ${id} for bob; the secret was saved to the clipboard`),
    );
    assert.match(
      ui.messages.at(-1)?.text ?? '',
      /the clipboard \(cleared after 60 s if it still holds it: paste it now\)/,
      'the user is told the clipboard will be cleared',
    );
    assert.ok(
      (await fs.readFile(sharedFiles().credentials, 'utf8')) === after,
      'the credentials file is untouched by a clipboard delivery',
    );
  });

  it('rotates a key no local profile holds: the new secret goes where the user picks (a CSV file), the old key is deactivated', async () => {
    assert.ok(emulator);
    const bob = emulator.state.users.get('bob');
    assert.ok(bob);
    const old = emulator.state.addAccessKey(bob, {
      id: 'AKIABOBNOPROFILE0001',
      secret: 'bobNoProfileSecret/0123456789abcdefghijk',
    });
    api.services.tree.refresh();
    const node = (await children(api, await nodeAt(api, 'demo', 'Users', 'bob', 'Access Keys'))).find(
      (n) => n.kind === 'accessKey' && n.key.accessKeyId === old.id,
    );
    assert.ok(node);
    const file = await fs.readFile(sharedFiles().credentials);
    const csv = deliveredPath('bob_rotated.csv');
    await fs.mkdir(dirname(csv), { recursive: true });
    ui.answer(
      (_kind, _request, items) => (items as { label: string }[]).find((i) => /CSV/.test(i.label)),
      () => vscode.Uri.file(csv),
    );
    await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', node);
    assert.deepEqual(errors(), []);
    const [, row] = (await fs.readFile(csv, 'utf8')).split('\n');
    const [newId, newSecret] = (row ?? '').split(',');
    assert.equal(await signsAs(emulator, { accessKeyId: newId ?? '', secretAccessKey: newSecret ?? '' }), BOB_ARN);
    assert.equal((await fs.stat(csv)).mode & 0o777, 0o600);
    assert.equal(emulator.state.accessKeys.get(old.id)?.status, 'Inactive');
    assert.ok(
      (await fs.readFile(sharedFiles().credentials)).equals(file),
      'no profile held the key: the credentials file is untouched',
    );
    assert.match(ui.messages.filter((m) => m.kind === 'info').at(-1)?.text ?? '', new RegExp(`${newId}`));
    await fs.rm(csv);
  });

  it("seven rotations in a row: the credentials file stays mode 0600, and no backup is left beside it or in the extension's folder", async () => {
    assert.ok(emulator);
    let current = ALICE_KEY.accessKeyId;
    const previous: string[] = [];
    for (let i = 0; i < 7; i++) {
      // From the second rotation on, alice has the retired key too: delete it and rotate.
      if (i > 0) ui.answer(() => 'Delete and Rotate');
      await vscode.commands.executeCommand('iamExplorer.rotateAccessKey', await aliceKeyNode(current));
      assert.deepEqual(errors(), [], `rotation ${i + 1}`);
      previous.push(current);
      current = (await profileKey('dev')).accessKeyId;
      assert.notEqual(current, previous.at(-1), `rotation ${i + 1} changed the key`);
    }
    assert.equal(await signsAs(emulator, await profileKey('dev')), ALICE_ARN);
    assert.equal((await fs.stat(sharedFiles().credentials)).mode & 0o777, 0o600);
    const found = await backups(api.services.context.globalStorageUri.fsPath);
    assert.deepEqual(
      [found.beside, found.private],
      [[], []],
      'each rotation removed its backup once its key was verified',
    );
    const folder = join(api.services.context.globalStorageUri.fsPath, 'credential-backups');
    assert.equal((await fs.stat(folder)).mode & 0o777, 0o700, 'the backup folder is private');
  });

  it('no secret created in this suite reached the log, the log files, extension state, SecretStorage, settings, webview state, a message or the test output', async () => {
    assert.ok(secrets.size >= 20, `the suite issued secrets to look for (${secrets.size})`);
    const context = api.services.context;
    const state = [context.globalState, context.workspaceState].flatMap((m) =>
      m.keys().map((k) => `${k}=${JSON.stringify(m.get(k))}`),
    );
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
    assert.ok(
      files.some((f) => /rotate AKIA\w+ \(user alice\): 2\/5 create: created AKIA/.test(f)),
      'the IAM Explorer log file was found and holds the rotation steps',
    );
    const sources: [string, string][] = [
      ['log', logged.join('\n')],
      ['log files', files.join('\n')],
      ['extension state', state.join('\n')],
      ['messages', shown.join('\n')],
      ['test output', printed.join('')],
    ];
    assert.ok(
      logged.some((l) => /3\/5 write: wrote AKIA\w+ into profile dev/.test(l)),
      'the log was captured',
    );
    const places = placesHolding(secrets, sources);
    assert.deepEqual(places, [], `a secret was found in ${places.join(', ')}`);
    assert.ok(
      scanned.flows >= 10 && scanned.webviewStates >= scanned.flows,
      `every flow was followed by a scan (${scanned.flows})`,
    );
    const hashes = secretHashesFile();
    if (hashes)
      assert.ok(
        (await fs.readFile(hashes, 'utf8')).trim().split('\n').length >= secrets.size,
        'every secret is recorded (as a hash) for the runner’s scan',
      );
    console.log(
      `      scanned ${secrets.size} secrets after each of ${scanned.flows} flows (${scanned.places} places: log, messages, globalState, workspaceState, ` +
        `${scanned.secretStorageKeys} SecretStorage keys (seen through ${secretStorageListing}), ${scanned.settings} settings, ${scanned.settingsFiles} settings files, ${scanned.webviewStates} policy editor page states; ` +
        `${scanned.modesChecked} credentials file/backup modes checked), then ${logged.length} log lines, ${files.length} log/state files, ${state.length} state keys ` +
        `and ${printed.length} output chunks: 0 found`,
    );
  });
});
