import assert from 'node:assert/strict';
import { listSsoSources, resolveSsoSource, SsoError } from '../../../../src/core/sso';

const config = (text: string) => ({ config: { path: '/home/u/.aws/config', text } });

const FILE = `[sso-session corp]
sso_start_url = https://d-1.awsapps.com/start
sso_region = eu-west-1

[profile b-dev]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = ReadOnly
region = eu-central-1

[profile a-prod]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[profile legacy]
sso_start_url = https://d-2.awsapps.com/start
sso_region = us-east-2
sso_account_id = 333333333333
sso_role_name = Admin

[profile keys]
aws_access_key_id = AKIAFAKEFAKEFAKE0001
aws_secret_access_key = fake

[sso-session lonely]
sso_start_url = https://d-3.awsapps.com/start
sso_region = us-west-2

[sso-session broken]
sso_region = us-west-2

[profile conflicting]
sso_session = corp
sso_region = us-east-1
`;

describe('core/sso/source: which IAM Identity Center sign-in a profile or sso-session is', () => {
  it('an sso-session: its start URL and region, the first profile (by name) that names it, the session name for the cache', () => {
    const s = resolveSsoSource(config(FILE), { ssoSession: 'corp' });
    assert.deepEqual(
      { ...s },
      {
        label: 'sso-session corp',
        sessionName: 'corp',
        startUrl: 'https://d-1.awsapps.com/start',
        region: 'eu-west-1',
        profile: 'a-prod',
        profileRegion: undefined,
        cacheId: 'corp',
        loginArgs: ['--sso-session', 'corp'],
      },
    );
  });

  it('a profile with sso_session: the session, the profile itself and its region', () => {
    const s = resolveSsoSource(config(FILE), { profile: 'b-dev' });
    assert.equal(s.sessionName, 'corp');
    assert.equal(s.profile, 'b-dev');
    assert.equal(s.profileRegion, 'eu-central-1');
    assert.deepEqual(s.loginArgs, ['--profile', 'b-dev']);
  });

  it('a legacy profile: no session, the cache is named by the start URL', () => {
    const s = resolveSsoSource(config(FILE), { profile: 'legacy' });
    assert.equal(s.sessionName, undefined);
    assert.equal(s.cacheId, 'https://d-2.awsapps.com/start');
    assert.equal(s.region, 'us-east-2');
  });

  it('an sso-session no profile names has no profile', () => {
    assert.equal(resolveSsoSource(config(FILE), { ssoSession: 'lonely' }).profile, undefined);
  });

  it('refuses, saying what to fix: a non-SSO profile, an unknown profile, a missing session or key, a conflicting region', () => {
    const refusal = (ref: Parameters<typeof resolveSsoSource>[1], pattern: RegExp) =>
      assert.throws(
        () => resolveSsoSource(config(FILE), ref),
        (e: unknown) => e instanceof SsoError && e.code === 'invalid-config' && pattern.test(e.message),
      );
    refusal(
      { profile: 'keys' },
      /Profile keys does not sign in through IAM Identity Center \(it uses static credentials\)/,
    );
    refusal({ profile: 'nope' }, /There is no profile nope/);
    refusal({ ssoSession: 'missing' }, /has no \[sso-session missing\] section/);
    refusal({ ssoSession: 'broken' }, /\[sso-session broken\] in \/home\/u\/.aws\/config has no sso_start_url/);
    refusal({ profile: 'conflicting' }, /sets sso_region us-east-1, but its sso-session corp says eu-west-1/);
  });

  it('lists the sign-ins: sso-sessions, then legacy SSO profiles', () => {
    assert.deepEqual(listSsoSources(config(FILE)), [
      { ssoSession: 'broken' },
      { ssoSession: 'corp' },
      { ssoSession: 'lonely' },
      { profile: 'legacy' },
    ]);
  });
});
