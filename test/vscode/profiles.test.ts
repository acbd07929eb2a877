import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';
import type { Emulator, Seed } from '../emulator';
import {
  activateExtension,
  child,
  children,
  connect,
  disconnect,
  label,
  labels,
  ScriptedUi,
  sharedFiles,
  treeSettled,
  updateSettings,
  writeFile,
} from './support';

const seed: Seed = {
  users: [{ name: 'alice' }],
  roles: [
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
    {
      name: 'ops',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
        ],
      },
    },
  ],
};

const mfaSerial = 'arn:aws:iam::123456789012:mfa/alice';
/** An assume-role profile whose role requires MFA, with demo's keys as its source. */
const ADMIN_SECTION = `[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/mfa-admin\nsource_profile = demo\nmfa_serial = ${mfaSerial}\nregion = us-east-1\n`;

/** Answers an MFA prompt with a code, recording the prompt it answered. */
function mfaAnswer(asked: string[]) {
  return (_kind: string, options: unknown): string => {
    asked.push(String((options as vscode.InputBoxOptions).prompt));
    return '123456';
  };
}

describe('profiles and credentials in the tree', function () {
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
    await disconnect(emulator);
    emulator = undefined;
  });

  it('assume-role with MFA asks for the code in an input box, then lists as the role', async () => {
    emulator = await connect(api, seed, ['demo']);
    const { config } = sharedFiles();
    writeFile(config, `${readFileSync(config, 'utf8')}\n${ADMIN_SECTION}`);
    const asked: string[] = [];
    const mfa = mfaAnswer(asked);
    // Editing the config file also reloads the clients (the file watcher), which may ask again.
    api.services.ui = new ScriptedUi().answer(mfa, mfa, mfa);
    await updateSettings([['profiles', ['admin'], vscode.ConfigurationTarget.Global]]);
    const identity = await api.services.tree.identity('admin');
    assert.match(identity.identity.arn, /^arn:aws:sts::123456789012:assumed-role\/mfa-admin\//);
    assert.ok(asked.length >= 1);
    assert.deepEqual(new Set(asked), new Set([`Enter the 6-digit code from ${mfaSerial}`]));
    const root = (await children(api))[0] as ExplorerNode;
    assert.deepEqual(await labels(api, root), ['Users', 'Groups', 'Roles', 'Policies']);
    assert.ok(emulator.log.some((e) => e.service === 'sts' && e.operation === 'AssumeRole' && e.status === 200));
  });

  it('a change to another profile in the files keeps an MFA session; a change to its own section asks for the code again', async () => {
    emulator = await connect(api, seed, ['demo']);
    const { config, credentials } = sharedFiles();
    const baseConfig = readFileSync(config, 'utf8');
    writeFile(config, `${baseConfig}\n${ADMIN_SECTION}`);
    const asked: string[] = [];
    const mfa = mfaAnswer(asked);
    // Selecting the profile reloads everything (a settings change): the code may be asked more than once here.
    api.services.ui = new ScriptedUi().answer(mfa, mfa, mfa);
    await updateSettings([['profiles', ['admin'], vscode.ConfigurationTarget.Global]]);
    assert.match((await api.services.tree.identity('admin')).identity.arn, /assumed-role\/mfa-admin\//);
    // Let the watcher's events for the writes above arrive; from here on they must not ask again.
    await treeSettled(api);
    const connected = await api.services.connections.get('admin');
    const assumed = emulator.log.filter((e) => e.operation === 'AssumeRole').length;
    assert.ok(assumed >= 1, 'the role was assumed with the MFA code');

    // 1. Another profile is added to the credentials file (as `aws configure` would): no prompt.
    api.services.ui = new ScriptedUi(); // any prompt throws, and the admin connection would fail
    writeFile(
      credentials,
      `${readFileSync(credentials, 'utf8')}\n[unrelated]\naws_access_key_id = AKIAUNRELATED0000001\naws_secret_access_key = ${'u'.repeat(40)}\n`,
    );
    await eventuallyAsync(
      async () => ((await api.services.profiles.names()).includes('unrelated') ? true : undefined),
      15_000,
    );
    await treeSettled(api);
    assert.equal(await api.services.connections.get('admin'), connected, 'the admin profile kept its clients');
    assert.match((await api.services.tree.identity('admin')).identity.arn, /assumed-role\/mfa-admin\//);
    const root = (await children(api))[0] as ExplorerNode;
    assert.deepEqual(await labels(api, root), ['Users', 'Groups', 'Roles', 'Policies']);
    assert.deepEqual(await labels(api, await child(api, root, 'Users')), ['alice', 'emulator-admin']);
    assert.equal(
      emulator.log.filter((e) => e.operation === 'AssumeRole').length,
      assumed,
      'the role was not assumed again',
    );

    // 2. The profile's own section changes (a role_session_name): its clients go, and the code is asked again.
    asked.length = 0;
    api.services.ui = new ScriptedUi().answer(mfa);
    writeFile(config, `${baseConfig}\n${ADMIN_SECTION}role_session_name = edited-session\n`);
    const renewed = await eventuallyAsync(async () => {
      const c = await api.services.connections.get('admin');
      return c !== connected ? c : undefined;
    }, 15_000);
    const identity = await renewed.service.whoAmI();
    assert.equal(identity.arn, 'arn:aws:sts::123456789012:assumed-role/mfa-admin/edited-session');
    assert.deepEqual(asked, [`Enter the 6-digit code from ${mfaSerial}`]);

    // 3. Its mfa_serial changes: asked again, for the new device.
    asked.length = 0;
    api.services.ui = new ScriptedUi().answer(mfa);
    const bobSerial = 'arn:aws:iam::123456789012:mfa/bob';
    writeFile(
      config,
      `${baseConfig}\n${ADMIN_SECTION.replace(mfaSerial, bobSerial)}role_session_name = edited-session\n`,
    );
    await eventuallyAsync(async () => {
      const c = await api.services.connections.get('admin');
      return c !== renewed ? c : undefined;
    }, 15_000);
    assert.match((await api.services.tree.identity('admin')).identity.arn, /assumed-role\/mfa-admin\/edited-session$/);
    assert.deepEqual(asked, [`Enter the 6-digit code from ${bobSerial}`]);
  });

  it('an SSO profile with no login shows the fix on its root: run aws sso login', async () => {
    emulator = await connect(api, seed, ['demo']);
    const { config } = sharedFiles();
    writeFile(
      config,
      readFileSync(config, 'utf8') +
        '\n[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n' +
        '\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    );
    await updateSettings([['profiles', ['corp'], vscode.ConfigurationTarget.Global]]);
    const root = (await children(api))[0] as ExplorerNode;
    const kids = await children(api, root);
    assert.equal(kids.length, 1);
    const error = kids[0] as ExplorerNode;
    assert.equal(error.kind, 'error');
    assert.equal(
      await label(api, error),
      'Not signed in to SSO: run aws sso login --profile corp',
      'never signed in: no cached token',
    );
    const item = await api.services.tree.getTreeItem(error);
    assert.equal(item.command?.command, 'iamExplorer.ssoLogin');
    assert.deepEqual(item.command?.arguments, ['corp']);
  });

  it('issue 21: six kinds of profile at once; each problem says in its visible label what is wrong and how to fix it, and no label or tooltip names an SDK error class', async () => {
    emulator = await connect(api, seed, ['demo']);
    const { config, credentials } = sharedFiles();
    const session = `iam-explorer-test-${randomBytes(6).toString('hex')}`;
    const cached = join(homedir(), '.aws', 'sso', 'cache', `${createHash('sha1').update(session).digest('hex')}.json`);
    const credentialsText = readFileSync(credentials, 'utf8');
    writeFile(
      config,
      readFileSync(config, 'utf8') +
        // Never signed in: no cached token for this start URL.
        '\n[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n' +
        '\n[sso-session corp]\nsso_start_url = https://corp-never.example.com/start\nsso_region = us-east-1\n' +
        // Signed in once; the cached token has expired.
        `\n[profile lapsed]\nsso_session = ${session}\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n` +
        `\n[sso-session ${session}]\nsso_start_url = https://lapsed.example.com/start\nsso_region = us-east-1\n` +
        // A helper that fails, its command line holding a token.
        '\n[profile proc]\ncredential_process = sh -c "echo helper: login required >&2; exit 3" tok-SHOULD-NOT-SHOW\nregion = us-east-1\n' +
        // A working profile, then a header without its ] that it silently takes in.
        '\n[profile above]\nregion = us-east-1\n\n[profile broken\noutput = json\n',
    );
    writeFile(
      credentials,
      `${credentialsText}\n[above]\naws_access_key_id = ${emulator.adminKey.accessKeyId}\naws_secret_access_key = ${emulator.adminKey.secretAccessKey}\n`,
    );
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(
      cached,
      JSON.stringify({
        startUrl: 'https://lapsed.example.com/start',
        region: 'us-east-1',
        accessToken: 'expired-token',
        expiresAt: '2020-01-01T00:00:00Z',
      }),
    );
    const brokenLine = readFileSync(config, 'utf8').split('\n').indexOf('[profile broken') + 1;
    try {
      await updateSettings([
        ['profiles', ['ghost', 'corp', 'lapsed', 'proc', 'above', 'broken', 'demo'], vscode.ConfigurationTarget.Global],
      ]);
      const rootOf = async (profile: string) =>
        (await children(api)).find((n) => n.kind === 'profile' && n.profile === profile) as ExplorerNode;
      const settledLabels = async (
        profile: string,
        done: (l: string[]) => boolean,
      ): Promise<{ kids: ExplorerNode[]; labels: string[] }> => {
        let last: string[] = [];
        try {
          return await eventuallyAsync(async () => {
            const kids = await children(api, await rootOf(profile));
            const labels = (last = await Promise.all(kids.map((k) => label(api, k))));
            return done(labels) ? { kids, labels } : undefined;
          }, 20_000);
        } catch (error) {
          throw new Error(`${profile}'s root shows: ${last.join(' | ')}`, { cause: error });
        }
      };
      const configShown = config.startsWith(homedir()) ? `~${config.slice(homedir().length)}` : config;
      const credentialsShown = credentials.startsWith(homedir())
        ? `~${credentials.slice(homedir().length)}`
        : credentials;

      const ghost = await settledLabels('ghost', (l) => l.length === 1);
      assert.deepEqual(ghost.labels, [
        `No profile named ghost in ${configShown} or ${credentialsShown}: add it there, or choose another with Select Profiles…`,
      ]);
      assert.equal(
        (await api.services.tree.getTreeItem(ghost.kids[0] as ExplorerNode)).command?.command,
        'iamExplorer.selectProfiles',
      );

      assert.deepEqual((await settledLabels('corp', (l) => l.length === 1)).labels, [
        'Not signed in to SSO: run aws sso login --profile corp',
      ]);
      assert.deepEqual((await settledLabels('lapsed', (l) => l.length === 1)).labels, [
        'SSO session expired: run aws sso login --profile lapsed',
      ]);

      const proc = await settledLabels('proc', (l) => l.length === 1);
      assert.deepEqual(proc.labels, [
        'credential_process of proc failed: helper: login required: fix the helper, then Refresh',
      ]);

      // The unclosed header: on the profile it was meant to open, and on the one above that takes in its lines.
      const problem = `Unclosed section header at line ${brokenLine}: add the ]`;
      const above = await settledLabels('above', (l) => l.length === 5);
      assert.deepEqual(
        above.labels,
        [problem, 'Users', 'Groups', 'Roles', 'Policies'],
        'the profile above still works, and shows the problem first',
      );
      const aboveItem = await api.services.tree.getTreeItem(above.kids[0] as ExplorerNode);
      assert.equal(aboveItem.description, `${configShown}:${brokenLine}`, 'the file and line in the description');
      assert.equal(aboveItem.command?.command, 'vscode.open');
      const broken = await settledLabels('broken', (l) => l.length === 2);
      assert.equal(broken.labels[0], problem);
      assert.match(
        broken.labels[1] ?? '',
        /^No profile named broken in .*: add it there, or choose another with Select Profiles…$/,
      );

      // No label or tooltip of any item under these roots names an SDK error class, or shows the helper's command line.
      for (const profile of ['ghost', 'corp', 'lapsed', 'proc', 'above', 'broken']) {
        const root = await rootOf(profile);
        for (const node of [root, ...(await children(api, root))]) {
          const item = await api.services.tree.getTreeItem(node);
          const tooltip = (
            item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '')
          )
            .replace(/&nbsp;/g, ' ')
            .replace(/\\(.)/g, '$1');
          const shown = `${String(typeof item.label === 'string' ? item.label : item.label?.label)} ${String(item.description ?? '')} ${tooltip}`;
          assert.doesNotMatch(
            shown,
            /CredentialsProviderError|TokenProviderError|ProviderError/,
            `${profile}: ${shown}`,
          );
          assert.ok(!shown.includes('tok-SHOULD-NOT-SHOW'), `${profile}: the credential_process command line is shown`);
        }
      }

      // Select Profiles lists the broken profile, with its problem as the description.
      let offered: vscode.QuickPickItem[] = [];
      api.services.ui = new ScriptedUi().answer((_kind, _options, items) => {
        offered = items as vscode.QuickPickItem[];
        return undefined;
      });
      await vscode.commands.executeCommand('iamExplorer.selectProfiles');
      const brokenItem = offered.find((i) => i.label === 'broken');
      assert.ok(brokenItem, `Select Profiles offers broken: ${offered.map((i) => i.label).join(', ')}`);
      assert.equal(brokenItem.description, `${problem} (${configShown})`);
      assert.equal(offered.find((i) => i.label === 'above')?.description, `${problem} (${configShown})`);
    } finally {
      rmSync(cached, { force: true });
    }
  });

  it('editing the credentials file on disk refreshes the tree with the new credentials', async () => {
    emulator = await connect(api, seed, ['demo']);
    const root = (await children(api))[0] as ExplorerNode;
    assert.equal(
      (await api.services.tree.identity('demo')).identity.arn,
      'arn:aws:iam::123456789012:user/emulator-admin',
    );
    // Give alice a key and point the demo profile at it, as a user editing the file would.
    const alice = emulator.state.users.get('alice');
    assert.ok(alice);
    const key = emulator.state.addAccessKey(alice, { id: 'AKIAALICE00000000009', secret: 'b'.repeat(40) });
    const { credentials } = sharedFiles();
    writeFile(credentials, `[demo]\naws_access_key_id = ${key.id}\naws_secret_access_key = ${key.secret}\n`);
    const identity = await eventuallyAsync(async () => {
      const i = await api.services.tree.identity('demo').catch(() => undefined);
      return i?.identity.arn.endsWith(':user/alice') ? i : undefined;
    }, 15_000);
    assert.equal(identity.identity.arn, 'arn:aws:iam::123456789012:user/alice');
    assert.ok(root);
  });
});

describe('credentials that expire mid-session', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;

  before(async () => {
    api = await activateExtension();
  });

  after(async () => {
    await disconnect(emulator);
  });

  it('an assumed role whose session expires shows the fix on the profile root, and Refresh recovers without a reload', async () => {
    emulator = await connect(api, seed, ['demo']);
    const { config } = sharedFiles();
    writeFile(
      config,
      readFileSync(config, 'utf8') +
        '\n[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = demo\nregion = us-east-1\n',
    );
    await updateSettings([['profiles', ['ops'], vscode.ConfigurationTarget.Global]]);
    assert.match((await api.services.tree.identity('ops')).identity.arn, /:assumed-role\/ops\//);
    const root = (await children(api))[0] as ExplorerNode;
    const users = (await children(api, root)).find((n) => n.kind === 'folder' && n.folder === 'users') as ExplorerNode;
    assert.deepEqual(await labels(api, users), ['alice', 'emulator-admin']);
    const assumed = emulator.log.filter((e) => e.operation === 'AssumeRole').length;

    // The session expires (or is revoked) while the tree is open; the next listing fails.
    for (const session of emulator.state.sessions.values()) session.expiration = new Date(Date.now() - 1000);
    api.services.tree.refresh(users);
    assert.deepEqual(await children(api, users), [], 'the folder defers to its profile');
    const rootKids = await eventuallyAsync(async () => {
      const kids = await children(api, root);
      return kids.length === 1 && kids[0]?.kind === 'error' ? kids : undefined;
    }, 15_000);
    const error = rootKids[0] as ExplorerNode;
    assert.match(await label(api, error), /^Credentials for ops expired \(ExpiredToken\): renew them .*then Refresh$/);
    const item = await api.services.tree.getTreeItem(error);
    assert.equal(item.command?.command, 'iamExplorer.refresh');
    assert.match(
      String(item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip),
      /ExpiredToken/,
    );
    const rootItem = await api.services.tree.getTreeItem(root);
    assert.ok(rootItem.label, 'the root still renders');

    // The fix for an assumed role is Refresh itself: new clients assume the role again.
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const recovered = await eventuallyAsync(async () => {
      const kids = await children(api, (await children(api))[0] as ExplorerNode);
      return kids.some((k) => k.kind === 'folder') ? kids : undefined;
    }, 15_000);
    const usersAgain = recovered.find((n) => n.kind === 'folder' && n.folder === 'users') as ExplorerNode;
    assert.deepEqual(await labels(api, usersAgain), ['alice', 'emulator-admin']);
    assert.ok(emulator.log.filter((e) => e.operation === 'AssumeRole').length > assumed, 'the role was assumed again');
    assert.equal(api, await activateExtension(), 'the same extension instance: no reload');
  });
});

async function eventuallyAsync<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
