import { strict as assert } from 'node:assert';
import { profilesUsingKey, summarizeProfiles, type SharedFilesText } from '../../../../src/core/credentials';
import { OLD_KEY } from './helpers';

const files: SharedFilesText = {
  credentials: {
    path: '/h/.aws/credentials',
    text: [
      '[default]',
      `aws_access_key_id = ${OLD_KEY.accessKeyId}`,
      `aws_secret_access_key = ${OLD_KEY.secretAccessKey}`,
      '[temp]',
      'aws_access_key_id = ASIAFAKETEMP00000001',
      'aws_secret_access_key = fake-temp-secret',
      'aws_session_token = fake-token',
      '[profile misplaced]',
      'region = us-east-1',
      '',
    ].join('\n'),
  },
  config: {
    path: '/h/.aws/config',
    text: [
      '[default]',
      'region = eu-west-1',
      'services = local',
      '[services local]',
      'iam =',
      '  endpoint_url = http://localhost:4566',
      '[profile admin]',
      'role_arn = arn:aws:iam::111122223333:role/Admin',
      'source_profile = default',
      'mfa_serial = arn:aws:iam::111122223333:mfa/ana',
      '[profile ec2]',
      'role_arn = arn:aws:iam::111122223333:role/App',
      'credential_source = Ec2InstanceMetadata',
      '[profile corp]',
      'sso_session = corp',
      'sso_account_id = 111122223333',
      'sso_role_name = ReadOnly',
      '[sso-session corp]',
      'sso_start_url = https://example.awsapps.com/start',
      '[profile tool]',
      'credential_process = /usr/bin/fake-tool',
      'endpoint_url = http://localhost:4566',
      '[profile web]',
      'role_arn = arn:aws:iam::111122223333:role/Web',
      'web_identity_token_file = /tmp/token',
      '[profile empty]',
      'output = json',
    ].join('\n'),
  },
};

describe('credentials/profiles', () => {
  const profiles = summarizeProfiles(files);
  const byName = new Map(profiles.map((p) => [p.name, p]));

  it('lists every profile the SDK sees, sorted, and nothing else', () => {
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['admin', 'corp', 'default', 'ec2', 'empty', 'temp', 'tool', 'web'],
    );
  });

  it('classifies each profile as the SDK would use it', () => {
    const kinds = Object.fromEntries(profiles.map((p) => [p.name, p.kind]));
    assert.deepEqual(kinds, {
      admin: 'assume-role',
      corp: 'sso',
      default: 'static',
      ec2: 'assume-role',
      empty: 'unknown',
      temp: 'static',
      tool: 'credential-process',
      web: 'web-identity',
    });
  });

  it('merges config and credentials and records both files', () => {
    const summary = byName.get('default');
    assert.deepEqual(summary?.files, ['config', 'credentials']);
    assert.equal(summary?.region, 'eu-west-1');
    assert.equal(summary?.servicesSection, 'local');
    assert.equal(summary?.accessKeyId, OLD_KEY.accessKeyId);
    assert.equal(summary?.hasSessionToken, false);
    assert.equal(byName.get('temp')?.hasSessionToken, true);
  });

  it('keeps the assume-role, sso and endpoint details', () => {
    const admin = byName.get('admin');
    assert.equal(admin?.roleArn, 'arn:aws:iam::111122223333:role/Admin');
    assert.equal(admin?.sourceProfile, 'default');
    assert.equal(admin?.mfaSerial, 'arn:aws:iam::111122223333:mfa/ana');
    assert.equal(byName.get('ec2')?.credentialSource, 'Ec2InstanceMetadata');
    assert.equal(byName.get('corp')?.ssoSession, 'corp');
    assert.equal(byName.get('corp')?.ssoRoleName, 'ReadOnly');
    assert.equal(byName.get('tool')?.endpointUrl, 'http://localhost:4566');
  });

  it('never copies a secret or session token into a summary', () => {
    const serialised = JSON.stringify(profiles);
    assert.ok(!serialised.includes(OLD_KEY.secretAccessKey), 'a summary holds a secret');
    assert.ok(
      !serialised.includes('fake-temp-secret') && !serialised.includes('fake-token'),
      'a summary holds a secret',
    );
  });

  it('finds the profiles that hold a key id, ignoring case', () => {
    assert.deepEqual(profilesUsingKey(profiles, OLD_KEY.accessKeyId.toLowerCase()), ['default']);
    assert.deepEqual(profilesUsingKey(profiles, 'AKIANOTUSED000000000'), []);
  });
});
