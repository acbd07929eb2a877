import { strict as assert } from 'node:assert';
import {
  credentialsFailed,
  lintSharedFiles,
  noSuchProfile,
  problemLabel,
  problemsOfProfile,
  processFailed,
  ssoSignInNeeded,
} from '../../../../src/core/credentials';
import { describeAwsError, isCredentialsError, isSsoLoginNeeded } from '../../../../src/core/iam/errors';

const paths = { config: '/home/u/.aws/config', credentials: '/home/u/.aws/credentials' };
const SDK_CLASSES = /CredentialsProviderError|TokenProviderError|ProviderError|Error:/;

describe('credentials/failure: what a failed profile says, in its label', () => {
  it('a profile in neither file: the reason and the fix, no class name', () => {
    const f = noSuchProfile('ghost', paths);
    assert.equal(
      f.label,
      'No profile named ghost in /home/u/.aws/config or /home/u/.aws/credentials: add it there, or choose another with Select Profiles…',
    );
    assert.doesNotMatch(`${f.label} ${describeAwsError(f)}`, SDK_CLASSES);
    assert.ok(isCredentialsError(f));
  });

  it('SSO: "not signed in" without a cached token, "expired" with an expired one; both offer aws sso login', () => {
    assert.equal(ssoSignInNeeded('corp', 'none').label, 'Not signed in to SSO: run aws sso login --profile corp');
    assert.equal(ssoSignInNeeded('corp', 'expired').label, 'SSO session expired: run aws sso login --profile corp');
    assert.ok(isSsoLoginNeeded(ssoSignInNeeded('corp', 'none')));
  });

  it('credential_process: the first line the helper printed, without the command line (which may hold tokens)', () => {
    const command = '/opt/helper --token s3cr3t-T0KEN --user alice';
    const sdkMessage = `Command failed: ${command}\nhelper: login required (token s3cr3t-T0KEN expired)\n    at main (/opt/helper.js:3)\nstack line 2`;
    const f = processFailed('proc', sdkMessage, command);
    assert.equal(
      f.label,
      'credential_process of proc failed: helper: login required (token s3cr3t-T0KEN expired): fix the helper, then Refresh',
    );
    for (const text of [f.label, f.message, describeAwsError(f)]) {
      assert.ok(!text.includes('--token'), 'the command line is not shown');
      assert.ok(!text.includes('stack line'), 'only the first line');
    }
    assert.match(
      processFailed('proc', `Command failed: ${command}\n`, command).label,
      /failed: it exited with an error and printed nothing: fix the helper/,
    );
    assert.match(
      processFailed('proc', `Error ${command} crashed`, command).label,
      /failed: Error <credential_process> crashed:/,
    );
    assert.match(
      processFailed('proc', 'Profile proc credential_process returned invalid JSON.', command).label,
      /failed: Profile proc credential_process returned invalid JSON\.: fix the helper/,
    );
  });

  it("any other failure: the SDK's first line, without the class name, then the fix", () => {
    const f = credentialsFailed('x', 'Could not load credentials from any providers\nmore', paths);
    assert.equal(
      f.label,
      'Credentials for x failed: Could not load credentials from any providers: check the profile in /home/u/.aws/config or /home/u/.aws/credentials, or choose another with Select Profiles…',
    );
    assert.equal(describeAwsError(f), f.message, 'the tooltip does not run a class name into the message');
  });
});

describe('credentials/lint: an unclosed header shows on every profile it affects, leading with the problem', () => {
  const text = ['[above]', 'region = us-east-1', '', '[broken', 'aws_access_key_id = AKIAEXAMPLE000000001', ''].join(
    '\n',
  );
  const problems = lintSharedFiles({ credentials: { path: paths.credentials, text } });
  const unclosed = problems.find((p) => p.code === 'unclosed-header');

  it('is found on the profile it was meant to open and on the profile above, which takes in its lines', () => {
    assert.ok(unclosed);
    assert.equal(unclosed.profile, 'broken');
    assert.deepEqual(unclosed.affects, ['above']);
    assert.ok(problemsOfProfile(problems, 'broken').includes(unclosed));
    assert.ok(problemsOfProfile(problems, 'above').includes(unclosed));
  });

  it('its label leads with the problem and the line, and ends with the fix', () => {
    assert.ok(unclosed);
    assert.equal(problemLabel(unclosed), 'Unclosed section header at line 4: add the ]');
    const missing = lintSharedFiles({
      credentials: { path: paths.credentials, text: '[a]\naws_access_key_id = AKIAEXAMPLE000000001\n' },
    }).find((p) => p.code === 'missing-secret');
    assert.ok(missing);
    assert.equal(
      problemLabel(missing),
      'Access key id without its secret at line 2: add the secret, or remove the key id',
    );
  });
});
