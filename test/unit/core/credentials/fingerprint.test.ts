import { strict as assert } from 'node:assert';
import {
  changedProfiles,
  profileFingerprints,
  readProfiles,
  type SharedFilesText,
} from '../../../../src/core/credentials';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { NEW_KEY, OLD_KEY, OTHER_KEY, tempFolder } from './helpers';

const CREDENTIALS = [
  '# keys',
  '[default]',
  `aws_access_key_id = ${OLD_KEY.accessKeyId}`,
  `aws_secret_access_key = ${OLD_KEY.secretAccessKey}`,
  '[other]',
  `aws_access_key_id = ${OTHER_KEY.accessKeyId}`,
  `aws_secret_access_key = ${OTHER_KEY.secretAccessKey}`,
  '',
].join('\n');

const CONFIG = [
  '[default]',
  'region = eu-west-1',
  '[profile admin]',
  'role_arn = arn:aws:iam::111122223333:role/Admin',
  'source_profile = default',
  'mfa_serial = arn:aws:iam::111122223333:mfa/ana',
  'region = us-east-1',
  '[profile local]',
  'aws_access_key_id = AKIALOCALFAKE0000001',
  'aws_secret_access_key = fake-local-secret',
  'services = emulator',
  '[services emulator]',
  'iam =',
  '  endpoint_url = http://localhost:4566',
  '[profile corp]',
  'sso_session = corp',
  'sso_account_id = 111122223333',
  'sso_role_name = ReadOnly',
  '[sso-session corp]',
  'sso_start_url = https://corp.awsapps.com/start',
  'sso_region = us-east-1',
  '[profile loop]',
  'role_arn = arn:aws:iam::111122223333:role/Loop',
  'source_profile = loop',
  '',
].join('\n');

function files(credentials = CREDENTIALS, config = CONFIG): SharedFilesText {
  return {
    credentials: { path: '/h/.aws/credentials', text: credentials },
    config: { path: '/h/.aws/config', text: config },
  };
}

/** The profiles whose fingerprint differs after the edit. */
function changedBy(edit: { credentials?: (t: string) => string; config?: (t: string) => string }): string[] {
  const before = profileFingerprints(files());
  const after = profileFingerprints(
    files(edit.credentials?.(CREDENTIALS) ?? CREDENTIALS, edit.config?.(CONFIG) ?? CONFIG),
  );
  return changedProfiles(before, after);
}

describe('core/credentials/fingerprint', () => {
  it('gives every profile of both files a SHA-256 and holds no value from the files', () => {
    const prints = profileFingerprints(files());
    assert.deepEqual([...prints.keys()].sort(), ['admin', 'corp', 'default', 'local', 'loop', 'other']);
    for (const hash of prints.values()) assert.match(hash, /^[0-9a-f]{64}$/);
    const dump = JSON.stringify([...prints]);
    for (const secret of [OLD_KEY.secretAccessKey, OTHER_KEY.secretAccessKey, 'fake-local-secret']) {
      assert.ok(!dump.includes(secret), 'a fingerprint map holds a secret access key');
    }
    assert.ok(!dump.includes(OLD_KEY.accessKeyId), 'a fingerprint map holds an access key id');
  });

  it('is the same when read twice from the same files', () => {
    assert.deepEqual(profileFingerprints(files()), profileFingerprints(files()));
  });

  it('is unchanged when another profile, a comment, blank lines or whitespace change', () => {
    assert.deepEqual(
      changedBy({
        credentials: (t) =>
          `${t}[added]\naws_access_key_id = ${NEW_KEY.accessKeyId}\naws_secret_access_key = ${NEW_KEY.secretAccessKey}\n`,
      }),
      ['added'],
    );
    assert.deepEqual(
      changedBy({ credentials: (t) => t.replace('# keys', '# keys, rotated monthly\n\n; more notes') }),
      [],
    );
    assert.deepEqual(
      changedBy({ config: (t) => t.replace('region = eu-west-1', 'region   =   eu-west-1   # Ireland') }),
      [],
    );
    assert.deepEqual(changedBy({ credentials: (t) => t.replace(OTHER_KEY.secretAccessKey, NEW_KEY.secretAccessKey) }), [
      'other',
    ]);
  });

  it("changes with the profile's own key, region, role_arn or mfa_serial", () => {
    assert.deepEqual(
      changedBy({
        config: (t) => t.replace('region = us-east-1\n[profile local]', 'region = us-west-2\n[profile local]'),
      }),
      ['admin'],
    );
    assert.deepEqual(changedBy({ config: (t) => t.replace('role/Admin', 'role/Admin2') }), ['admin']);
    assert.deepEqual(changedBy({ config: (t) => t.replace('mfa/ana', 'mfa/bob') }), ['admin']);
    assert.deepEqual(changedBy({ config: (t) => t.replace('fake-local-secret', 'fake-local-secret-2') }), ['local']);
  });

  it('changes for every profile that uses a source profile whose key changed', () => {
    assert.deepEqual(changedBy({ credentials: (t) => t.replace(OLD_KEY.secretAccessKey, NEW_KEY.secretAccessKey) }), [
      'admin',
      'default',
    ]);
    // The source profile's region is read from config: still part of the chain.
    assert.deepEqual(changedBy({ config: (t) => t.replace('region = eu-west-1', 'region = eu-north-1') }), [
      'admin',
      'default',
    ]);
  });

  it('changes when a value moves between the files, even if the merged value stays', () => {
    const moved = changedBy({
      credentials: (t) => t.replace('[other]', 'region = eu-west-1\n[other]'),
      config: (t) => t.replace('region = eu-west-1\n', ''),
    });
    assert.deepEqual(moved, ['admin', 'default']);
  });

  it('changes with the sso-session section or the services section the profile names', () => {
    assert.deepEqual(
      changedBy({ config: (t) => t.replace('https://corp.awsapps.com/start', 'https://corp2.awsapps.com/start') }),
      ['corp'],
    );
    assert.deepEqual(changedBy({ config: (t) => t.replace('http://localhost:4566', 'http://localhost:4567') }), [
      'local',
    ]);
    assert.deepEqual(changedBy({ config: (t) => t.replace('[sso-session corp]', '[sso-session elsewhere]') }), [
      'corp',
    ]);
  });

  it('reports added and removed profiles, and survives a source_profile cycle', () => {
    assert.deepEqual(changedBy({ credentials: (t) => t.replace(/\[other\][^]*$/, '') }), ['other']);
    assert.deepEqual(changedBy({ config: (t) => t.replace('role/Loop', 'role/Loop2') }), ['loop']);
  });

  it('treats a file the SDK rejects as removing its profiles', () => {
    assert.deepEqual(changedBy({ credentials: (t) => `${t}[__proto__]\nx = y\n` }), ['admin', 'default', 'other']);
  });

  it('readProfiles reports the fingerprints of the files on disk', async () => {
    const { dir, cleanup } = await tempFolder();
    try {
      const paths = { credentials: join(dir, 'credentials'), config: join(dir, 'config') };
      await fs.writeFile(paths.credentials, CREDENTIALS);
      await fs.writeFile(paths.config, CONFIG);
      const report = await readProfiles(paths);
      assert.deepEqual(report.fingerprints, profileFingerprints(files()));
    } finally {
      await cleanup();
    }
  });
});
