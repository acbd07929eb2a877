import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';
import { start, writeSsoTokenCache, type Emulator } from '../emulator';
import { recordEmulatorSecrets, recordSecret } from './secrets';
import {
  activateExtension,
  child,
  children,
  disconnect,
  eventually,
  findingNodes,
  label,
  labels,
  ScriptedUi,
  sharedFiles,
  treeSettled,
  updateSettings,
  writeFile,
} from './support';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const D = '444444444444';

type Item = vscode.QuickPickItem;

/** What the SDK's loader reads from a config text (written to a file of its own). */
async function loadSharedConfigFilesFromText(text: string): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sso-config-'));
  try {
    writeFileSync(join(dir, 'config'), text);
    return (
      await loadSharedConfigFiles({
        configFilepath: join(dir, 'config'),
        filepath: join(dir, 'credentials'),
        ignoreCache: true,
      })
    ).configFile;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('accounts from an SSO sign-in (issue 19)', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator;
  let previousUi: ExtensionTestApi['services']['ui'];
  const session = `iam-explorer-sso-${randomBytes(6).toString('hex')}`;
  let cachePath: string | undefined;
  const secrets = new Set<string>();

  const signIn = (expiresInSeconds?: number) => {
    const { accessToken, expiresAt } = emulator.sso!.signIn({ expiresInSeconds });
    cachePath = writeSsoTokenCache(homedir(), {
      sessionName: session,
      startUrl: emulator.sso!.startUrl,
      region: 'us-east-1',
      accessToken,
      expiresAt,
    });
  };
  const sessionNode = async (): Promise<ExplorerNode> => {
    const node = (await children(api)).find((n) => n.kind === 'ssoSession');
    if (!node) throw new Error('no SSO sign-in node at the top of the tree');
    return node;
  };

  before(async () => {
    api = await activateExtension();
    previousUi = api.services.ui;
    emulator = await start({
      sso: {},
      accounts: [
        {
          accountId: A,
          name: 'prod',
          seed: {
            users: [
              {
                name: 'alice',
                inlinePolicies: [
                  {
                    name: 'assume-dev',
                    document: {
                      Version: '2012-10-17',
                      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/*` }],
                    },
                  },
                ],
              },
              {
                name: 'mallory',
                inlinePolicies: [
                  {
                    name: 'read',
                    document: {
                      Version: '2012-10-17',
                      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
                    },
                  },
                ],
              },
            ],
          },
        },
        {
          accountId: B,
          name: 'dev',
          seed: {
            users: [{ name: 'bob' }],
            roles: [
              {
                name: 'DevDeployer',
                trustPolicy: {
                  Version: '2012-10-17',
                  Statement: [
                    { Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' },
                  ],
                },
              },
              {
                name: 'FromProd',
                trustPolicy: {
                  Version: '2012-10-17',
                  Statement: [
                    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' },
                  ],
                },
                inlinePolicies: [
                  {
                    name: 'read-logs',
                    document: {
                      Version: '2012-10-17',
                      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::dev-logs/*' }],
                    },
                  },
                ],
              },
            ],
          },
        },
        { accountId: C, name: 'sandbox', seed: { users: [{ name: 'carol' }] } },
        { accountId: D, name: 'audit', ssoRoles: ['SecurityAudit'] },
      ],
    });
    // Every secret the emulator holds or hands out (IAM keys, SSO role credentials) is looked for by the runner's scan.
    recordEmulatorSecrets(emulator, secrets);
    for (const account of emulator.accounts) recordSecret(secrets, account.adminKey.secretAccessKey);
    const portal = emulator.sso!;
    const handle = portal.handle.bind(portal);
    portal.handle = (...args) => {
      const out = handle(...args) as { roleCredentials?: { secretAccessKey?: string } };
      if (out?.roleCredentials?.secretAccessKey) recordSecret(secrets, out.roleCredentials.secretAccessKey);
      return out;
    };
    const { config, credentials } = sharedFiles();
    writeFile(
      config,
      `[profile demo]\nregion = us-east-1\n\n[sso-session ${session}]\nsso_start_url = ${emulator.sso!.startUrl}\nsso_region = us-east-1\n\n` +
        `[profile sso-dev]\nsso_session = ${session}\nsso_account_id = ${B}\nsso_role_name = ReadOnlyAccess\nregion = us-east-1\n`,
    );
    writeFile(
      credentials,
      `[demo]\naws_access_key_id = ${emulator.adminKey.accessKeyId}\naws_secret_access_key = ${emulator.adminKey.secretAccessKey}\n`,
    );
    await updateSettings([
      ['endpoint', emulator.endpoint, vscode.ConfigurationTarget.Global],
      ['profiles', ['demo'], vscode.ConfigurationTarget.Global],
      // auto: each SSO account's snapshot loads once its root connects, through the account pool.
      ['snapshot', 'auto', vscode.ConfigurationTarget.Global],
    ]);
    api.services.profiles.invalidate();
    api.services.connections.invalidate();
    api.services.tree.refresh();
  });

  after(async () => {
    api.services.ui = previousUi;
    if (cachePath) rmSync(cachePath, { force: true });
    await api.services.context.workspaceState.update('iamExplorer.ssoAccounts', undefined);
    api.services.tree.refresh();
    await updateSettings([['snapshot', undefined, vscode.ConfigurationTarget.Global]]);
    await disconnect(emulator);
  });

  it("Add Accounts lists the emulator's accounts by name, adds three with a chosen role; their roots show each account's users and roles", async () => {
    signIn();
    const offered: string[] = [];
    const ui = new ScriptedUi().answer(
      (_kind, _request, items) =>
        (items as (Item & { label: string })[]).find((i) => i.label === `sso-session ${session}`),
      (_kind, _request, items) => {
        const list = items as Item[];
        offered.push(...list.map((i) => `${i.label} ${i.description}`));
        return list.filter((i) => ['prod', 'dev', 'sandbox'].includes(i.label));
      },
      (_kind, _request, items) => (items as Item[]).find((i) => i.label === 'ReadOnlyAccess'),
    );
    api.services.ui = ui;
    await vscode.commands.executeCommand('iamExplorer.addSsoAccounts');
    assert.deepEqual(
      ui.messages.filter((m) => m.kind === 'error'),
      [],
    );
    assert.deepEqual(offered, [`prod ${A}`, `dev ${B}`, `sandbox ${C}`, `audit ${D}`]);

    const group = await sessionNode();
    assert.equal(await label(api, group), `sso-session ${session}`);
    // The sign-in reaches one more account (audit), offered after the roots.
    assert.deepEqual(await labels(api, group), ['prod', 'dev', 'sandbox', '1 more account: Add Accounts from SSO…']);
    assert.equal(
      (await api.services.tree.getTreeItem(group)).collapsibleState,
      vscode.TreeItemCollapsibleState.Collapsed,
    );

    const dev = await child(api, group, 'dev');
    const users = await child(api, dev, 'Users');
    assert.deepEqual(await labels(api, users), ['bob', 'emulator-admin']);
    const roles = await labels(api, await child(api, dev, 'Roles'));
    assert.ok(
      roles.some((r) => r.startsWith('AWSReservedSSO_ReadOnlyAccess_')),
      roles.join(', '),
    );
    assert.equal((await api.services.tree.getTreeItem(dev)).description, `${B} · ReadOnlyAccess`);
    assert.deepEqual(await labels(api, await child(api, await child(api, group, 'sandbox'), 'Users')), [
      'carol',
      'emulator-admin',
    ]);

    // The choice is kept in the workspace state: it survives a reload.
    assert.deepEqual(
      api.services.ssoRoots.choices().map((c) => c.accounts.map((a) => `${a.accountName}/${a.roleName}`)),
      [['prod/ReadOnlyAccess', 'dev/ReadOnlyAccess', 'sandbox/ReadOnlyAccess']],
    );
  });

  it("a new account in the organization appears on Refresh of the sign-in's node, with the action to add it", async () => {
    const added = emulator.addAccount({ accountId: '555555555555', name: 'new-one' });
    recordSecret(secrets, added.adminKey.secretAccessKey);
    const group = await sessionNode();
    await vscode.commands.executeCommand('iamExplorer.refresh', group);
    const kids = await children(api, group);
    assert.deepEqual(await Promise.all(kids.map((k) => label(api, k))), [
      'prod',
      'dev',
      'sandbox',
      '2 more accounts: Add Accounts from SSO…',
    ]);
    const item = await api.services.tree.getTreeItem(kids[3]);
    assert.equal(item.command?.command, 'iamExplorer.addSsoAccounts');
    assert.equal(item.command?.arguments?.[0], group);
  });

  it('Go to Entity searches every loaded account and names the account on each item; it reveals a role of the second account', async () => {
    // Every root connected (the view would have rendered them): the profile demo and the three accounts.
    for (const profile of api.services.tree.allProfiles()) await api.services.tree.identity(profile);
    // A reload landing after reveal() would clear the selection it set (the AWS files written in before(), snapshots).
    await treeSettled(api);
    let offered: Item[] = [];
    const pick = (_kind: unknown, _request: unknown, items: unknown) => {
      offered = items as Item[];
      return offered.find((i) => i.label === 'DevDeployer');
    };
    const ui = new ScriptedUi().answer(pick);
    api.services.ui = ui;
    await vscode.commands.executeCommand('iamExplorer.goToEntity');
    // A full refresh landing after reveal() (a late reload of the AWS files another suite wrote)
    // clears the view's selection: the extension reveals the entity again once it has landed.
    await treeSettled(api, 3000);
    assert.deepEqual(
      ui.messages.filter((m) => m.kind === 'error'),
      [],
    );
    assert.deepEqual(
      offered
        .filter((i) => i.label === 'emulator-admin')
        .map((i) => i.description)
        .sort(),
      ['demo · user', 'dev · user', 'prod · user', 'sandbox · user'],
    );
    assert.equal(offered.find((i) => i.label === 'DevDeployer')?.description, 'dev · role');
    // The workbench reports the selection back asynchronously.
    const selected = await eventually(() => api.services.view.selection[0], 15_000);
    assert.equal(selected?.kind, 'entity');
    assert.equal(selected.kind === 'entity' && selected.entity.arn, `arn:aws:iam::${B}:role/DevDeployer`);
    assert.equal(selected.parent?.parent?.kind, 'profile');
    assert.equal(selected.parent?.parent?.parent?.kind, 'ssoSession');
  });

  it('a role in account B trusting account A shows "Assumable from" A\'s user whose policy allows it, not the one whose policy does not; and "Can assume" from the user', async () => {
    const group = await sessionNode();
    const fromProd = await child(api, await child(api, await child(api, group, 'dev'), 'Roles'), 'FromProd');
    const assumable = await children(api, await child(api, fromProd, 'Assumable from'));
    const shown = await Promise.all(
      assumable.map(async (n) => `${await label(api, n)} (${(await api.services.tree.getTreeItem(n)).description})`),
    );
    assert.ok(shown.includes('alice (prod · user)'), shown.join(', '));
    assert.ok(!shown.some((s) => s.startsWith('mallory')), shown.join(', '));
    assert.ok(
      shown.every((s) => / \(prod · (user|role)\)$/.test(s)),
      'only principals of the other loaded accounts',
    );
    const alice = await child(api, await child(api, await child(api, group, 'prod'), 'Users'), 'alice');
    const canAssume = await children(api, await child(api, alice, 'Can assume'));
    const roles = await Promise.all(
      canAssume.map(async (n) => `${await label(api, n)} (${(await api.services.tree.getTreeItem(n)).description})`),
    );
    assert.ok(roles.includes('FromProd (dev · role)'), roles.join(', '));
    assert.ok(!roles.some((r) => r.startsWith('DevDeployer')), 'DevDeployer trusts only CodeBuild');
    const mallory = await child(api, await child(api, await child(api, group, 'prod'), 'Users'), 'mallory');
    assert.deepEqual(await labels(api, await child(api, mallory, 'Can assume')), ['None']);
  });

  it('Who Can on an account lists, for its allowed roles, who in the other loaded accounts may assume them', async () => {
    api.services.ui = new ScriptedUi().answer(
      () => 's3:GetObject',
      () => 'arn:aws:s3:::dev-logs/app.log',
    );
    const dev = await child(api, await sessionNode(), 'dev');
    await vscode.commands.executeCommand('iamExplorer.whoCan', dev);
    const shown = api.services.reports.current('whoCan');
    assert.ok(shown, 'no report');
    assert.match(shown.report.subtitle ?? '', /^Account dev · account 222222222222/);
    const through =
      shown.report.sections.find((x) => x.heading === 'Through roles, from other loaded accounts')?.table?.rows ?? [];
    const rows = through.map((r) => r.map((c) => c.text).join(' | '));
    assert.ok(rows.includes('FromProd | alice | prod · user'), rows.join('; '));
    assert.ok(!rows.some((r) => r.includes('mallory')), rows.join('; '));
  });

  it('the Findings view checks each added account under its name: its findings are of that account', async () => {
    const roots = await api.services.findings.getChildren();
    const items = await Promise.all(roots.map((r) => api.services.findings.getTreeItem(r)));
    const shown = items.map((i) => `${String(i.label)} (${String(i.description ?? '')})`);
    assert.ok(
      shown.some((s) => s.startsWith('demo (')),
      shown.join(', '),
    );
    assert.ok(
      shown.some((s) => s.startsWith(`dev (${B} · ReadOnlyAccess`)),
      shown.join(', '),
    );
    const dev = roots[items.findIndex((i) => i.label === 'dev')];
    assert.ok(dev);
    const findings = (await findingNodes(api, dev)).map(
      (n) => `${n.finding.check} ${n.finding.entityName} ${n.finding.entity}`,
    );
    // FromProd trusts prod, an account added from the same sign-in: a known account, not a finding.
    assert.ok(!findings.some((f) => f.startsWith('IAM.TRUST.UNKNOWN_ACCOUNT FromProd')), findings.join('\n'));
    assert.ok(
      !findings.some((f) => f.startsWith('IAM.TRUST.CROSS_ACCOUNT_NO_EXTERNAL_ID FromProd')),
      findings.join('\n'),
    );
    // bob, dev's only user, is in no group; nothing of the other accounts is reported under dev.
    assert.ok(findings.includes(`IAM.USERS.NO_GROUP bob arn:aws:iam::${B}:user/bob`), findings.join('\n'));
    assert.ok(
      findings.every((f) => f.includes(` arn:aws:iam::${B}:`)),
      findings.join('\n'),
    );
  });

  it('Save as Profiles writes a section per account that the SDK reads back, the rest of the config file unchanged byte for byte', async () => {
    const { config, credentials } = sharedFiles();
    const before = readFileSync(config, 'utf8');
    const ui = new ScriptedUi().answer((_kind, _request, items) => items as Item[]);
    api.services.ui = ui;
    await vscode.commands.executeCommand('iamExplorer.saveSsoProfiles', await sessionNode());
    assert.deepEqual(
      ui.messages.filter((m) => m.kind === 'error'),
      [],
    );
    const after = readFileSync(config, 'utf8');
    assert.equal(after.slice(0, before.length), before);
    const { configFile } = await loadSharedConfigFiles({
      configFilepath: config,
      filepath: credentials,
      ignoreCache: true,
    });
    const old = await loadSharedConfigFilesFromText(before);
    for (const [name, values] of Object.entries(old)) assert.deepEqual(configFile[name], values, name);
    const region = 'us-east-1';
    assert.deepEqual(configFile['prod.ReadOnlyAccess'], {
      sso_session: session,
      sso_account_id: A,
      sso_role_name: 'ReadOnlyAccess',
      region,
    });
    assert.deepEqual(configFile['dev.ReadOnlyAccess'], {
      sso_session: session,
      sso_account_id: B,
      sso_role_name: 'ReadOnlyAccess',
      region,
    });
    assert.deepEqual(configFile['sandbox.ReadOnlyAccess'], {
      sso_session: session,
      sso_account_id: C,
      sso_role_name: 'ReadOnlyAccess',
      region,
    });
    assert.equal(Object.keys(configFile).length, Object.keys(old).length + 3);
    assert.match(
      ui.messages.find((m) => m.kind === 'info')?.text ?? '',
      /^Saved 3 profiles to .*: prod\.ReadOnlyAccess, dev\.ReadOnlyAccess, sandbox\.ReadOnlyAccess\.$/,
    );
  });

  it('an expired sign-in: Add Accounts and the accounts\' roots offer "Run aws sso login" for the sso-session', async () => {
    signIn(-60);
    const ui = new ScriptedUi().answer((_kind, _request, items) =>
      (items as Item[]).find((i) => i.label === `sso-session ${session}`),
    );
    api.services.ui = ui;
    await vscode.commands.executeCommand('iamExplorer.addSsoAccounts');
    const errors = ui.messages.filter((m) => m.kind === 'error').map((m) => m.text);
    assert.equal(errors.length, 1, errors.join(' | '));
    assert.match(errors[0], new RegExp(`expired.*aws sso login --sso-session ${session}`));

    // New clients resolve the credentials again: the roots now show the login action.
    api.services.connections.invalidate();
    api.services.tree.refresh();
    await treeSettled(api, 500);
    const groupKids = await children(api, await sessionNode());
    assert.equal(
      await label(api, groupKids[0]),
      `SSO sign-in expired or missing: run aws sso login --sso-session ${session}`,
    );
    assert.deepEqual((await api.services.tree.getTreeItem(groupKids[0])).command?.arguments, [
      ['--sso-session', session],
    ]);
    const dev = await child(api, await sessionNode(), 'dev');
    const kids = await children(api, dev);
    assert.equal(kids.length, 1);
    assert.equal(kids[0].kind, 'error');
    assert.equal(
      await label(api, kids[0]),
      `SSO sign-in expired or missing: run aws sso login --sso-session ${session}`,
    );
    const item = await api.services.tree.getTreeItem(kids[0]);
    assert.equal(item.command?.command, 'iamExplorer.ssoLogin');
    assert.deepEqual(item.command?.arguments, [['--sso-session', session]]);
  });
  it('Remove: one account from its root, then the whole sign-in from its node after a confirmation; nothing else changes', async () => {
    const ui = new ScriptedUi().answer((kind, message) => {
      assert.equal(kind, 'warning');
      assert.match(
        String(message),
        new RegExp(`Remove the 2 accounts of sso-session ${session} from the IAM view\\? Nothing changes in AWS`),
      );
      return 'Remove';
    });
    api.services.ui = ui;
    const group = await sessionNode();
    const sandbox = await child(api, group, 'sandbox');
    assert.match(String((await api.services.tree.getTreeItem(sandbox)).contextValue), /^profile;sso\b/);
    await vscode.commands.executeCommand('iamExplorer.removeSsoAccounts', sandbox);
    assert.deepEqual(
      api.services.ssoRoots.choices().map((c) => c.accounts.map((a) => a.accountName)),
      [['prod', 'dev']],
    );
    assert.deepEqual(
      (await labels(api, await sessionNode())).filter((l) => !l.startsWith('SSO sign-in')),
      ['prod', 'dev'],
    );
    await vscode.commands.executeCommand('iamExplorer.removeSsoAccounts', await sessionNode());
    assert.deepEqual(
      ui.messages.filter((m) => m.kind === 'error'),
      [],
    );
    assert.deepEqual(api.services.ssoRoots.choices(), []);
    assert.equal(
      (await children(api)).some((n) => n.kind === 'ssoSession'),
      false,
    );
    assert.deepEqual(await labels(api), ['demo']);
    // The Findings view follows: only the profile is left.
    const findingsRoots = await api.services.findings.getChildren();
    assert.deepEqual(
      await Promise.all(findingsRoots.map(async (r) => String((await api.services.findings.getTreeItem(r)).label))),
      ['demo'],
    );
  });
});
