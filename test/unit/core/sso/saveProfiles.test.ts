import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { CredentialsFileError } from '../../../../src/core/credentials';
import { addSsoProfiles, defaultProfileName, resolveSsoSource } from '../../../../src/core/sso';

const ORIGINAL = `# my config, with comments kept
[default]
region = us-east-1 ; trailing comment

[sso-session corp]
sso_start_url = https://d-1.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = https://d-2.awsapps.com/start
sso_region = us-east-2
sso_account_id = 333333333333
sso_role_name = Admin
[profile odd]   
  s3 =
    max_concurrent_requests = 4
region=eu-west-2`;

/** Reads a config text with the SDK's own loader (a real file, as the CLI and SDK read it). */
async function sdkRead(text: string): Promise<Record<string, Record<string, string | undefined>>> {
  const dir = mkdtempSync(join(tmpdir(), 'sso-save-'));
  try {
    writeFileSync(join(dir, 'config'), text);
    const { configFile } = await loadSharedConfigFiles({
      filepath: join(dir, 'credentials'),
      configFilepath: join(dir, 'config'),
      ignoreCache: true,
    });
    return configFile as Record<string, Record<string, string | undefined>>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const session = resolveSsoSource({ config: { path: 'config', text: ORIGINAL } }, { ssoSession: 'corp' });

describe('core/sso/saveProfiles: [profile …] sections for chosen accounts and roles', () => {
  it('appends the sections, the SDK reads them back, the rest of the file is unchanged byte for byte', async () => {
    const result = addSsoProfiles(ORIGINAL, session, [
      { profileName: 'prod.ReadOnly', accountId: '111111111111', roleName: 'ReadOnly', region: 'eu-west-1' },
      { profileName: 'dev.ReadOnly', accountId: '222222222222', roleName: 'ReadOnly' },
    ]);
    assert.deepEqual(result.added, ['prod.ReadOnly', 'dev.ReadOnly']);
    assert.ok(result.text.startsWith(ORIGINAL), 'the original bytes are a prefix of the result');
    const before = await sdkRead(ORIGINAL);
    const after = await sdkRead(result.text);
    assert.deepEqual(after['prod.ReadOnly'], {
      sso_session: 'corp',
      sso_account_id: '111111111111',
      sso_role_name: 'ReadOnly',
      region: 'eu-west-1',
    });
    assert.deepEqual(after['dev.ReadOnly'], {
      sso_session: 'corp',
      sso_account_id: '222222222222',
      sso_role_name: 'ReadOnly',
    });
    for (const key of Object.keys(before)) assert.deepEqual(after[key], before[key], key);
    assert.equal(Object.keys(after).length, Object.keys(before).length + 2);
  });

  it('keeps CRLF line endings and writes into an empty file', async () => {
    const crlf = ORIGINAL.replace(/\n/g, '\r\n') + '\r\n';
    const result = addSsoProfiles(crlf, session, [{ profileName: 'p', accountId: '111111111111', roleName: 'R' }]);
    assert.ok(result.text.startsWith(crlf));
    assert.doesNotMatch(result.text.slice(crlf.length), /(^|[^\r])\n/);
    const empty = addSsoProfiles(
      '',
      { sessionName: undefined, startUrl: 'https://d-2.awsapps.com/start', region: 'us-east-2' },
      [{ profileName: 'l', accountId: '333333333333', roleName: 'Admin' }],
    );
    assert.deepEqual((await sdkRead(empty.text))['l'], {
      sso_start_url: 'https://d-2.awsapps.com/start',
      sso_region: 'us-east-2',
      sso_account_id: '333333333333',
      sso_role_name: 'Admin',
    });
  });

  it('leaves a profile that already says the same; refuses one that says otherwise, naming it', () => {
    const once = addSsoProfiles(ORIGINAL, session, [
      { profileName: 'p', accountId: '111111111111', roleName: 'R' },
    ]).text;
    const again = addSsoProfiles(once, session, [{ profileName: 'p', accountId: '111111111111', roleName: 'R' }]);
    assert.equal(again.text, once);
    assert.deepEqual(again.unchanged, ['p']);
    assert.throws(
      () =>
        addSsoProfiles(once, session, [
          { profileName: 'p', accountId: '111111111111', roleName: 'Other' },
          { profileName: 'legacy', accountId: '1', roleName: 'R' },
        ]),
      (e: unknown) =>
        e instanceof CredentialsFileError && /already has profiles p, legacy with other settings/.test(e.message),
    );
  });

  it('refuses bad names, repeated names and a session gone from the file', () => {
    const refuse = (text: string, entries: Parameters<typeof addSsoProfiles>[2], pattern: RegExp) =>
      assert.throws(
        () => addSsoProfiles(text, session, entries),
        (e: unknown) => e instanceof CredentialsFileError && pattern.test(e.message),
      );
    refuse(
      ORIGINAL,
      [{ profileName: 'has space', accountId: '1', roleName: 'R' }],
      /a space cannot be in a profile name.*account 1, role R/,
    );
    refuse(
      ORIGINAL,
      [
        { profileName: 'x', accountId: '1', roleName: 'R' },
        { profileName: 'x', accountId: '2', roleName: 'R' },
      ],
      /Two profiles would be named x/,
    );
    refuse(
      '[profile other]\nregion = x\n',
      [{ profileName: 'x', accountId: '1', roleName: 'R' }],
      /no longer has \[sso-session corp\]/,
    );
  });

  it('names profiles <account>.<role> with characters a profile name can hold', () => {
    assert.equal(defaultProfileName('Prod Account (EU)', 'ReadOnly'), 'Prod-Account-EU.ReadOnly');
    assert.equal(defaultProfileName('  ', 'Admin'), 'account.Admin');
  });
});
