/**
 * The `findings` command line against the emulator, with the seeded account that plants each
 * check's finding once next to a clean twin (test/fixtures/findings-account.json): profile
 * resolution through AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, real SDK over HTTP.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  IAMClient,
  type GetAccountAuthorizationDetailsResponse,
} from '@aws-sdk/client-iam';
import { runFindingsCli } from '../../../src/cli/findings';
import { start, type Emulator, type Seed } from '../../emulator/index.js';
import { HIGH_OR_WORSE, PLANTED } from '../../fixtures/findingsPlanted';
import { CREDENTIAL_REPORT_COLUMNS } from '../../../src/core/findings/credentialReport';

const seed = JSON.parse(readFileSync(new URL('../../fixtures/findings-account.json', import.meta.url), 'utf8')) as Seed;
const arn = (kind: string, name: string) => `arn:aws:iam::123456789012:${kind}/${name}`;

interface Finding {
  check: string;
  severity: string;
  entity: string;
  detail: string;
}
const parseLines = (stdout: string): Finding[] =>
  stdout
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding);
const pairs = (findings: Finding[]) => findings.map((f) => `${f.check} ${f.entity}`).sort();

describe('cli: findings against the emulator', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_PROFILE: '',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
  });

  before(async () => {
    emulator = await start({ seed });
    dir = mkdtempSync(join(tmpdir(), 'findings-cli-'));
    writeFileSync(join(dir, 'config'), '[default]\nregion = us-east-1\n\n[profile audit]\nregion = us-east-1\n');
    const key = `aws_access_key_id = ${emulator.adminKey.accessKeyId}\naws_secret_access_key = ${emulator.adminKey.secretAccessKey}\n`;
    writeFileSync(join(dir, 'credentials'), `[default]\n${key}\n[audit]\n${key}`);
    // In-process runs: the SDK's shared-file loader reads these from process.env.
    for (const name of [
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
      'AWS_PROFILE',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ])
      saved[name] = process.env[name];
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runFindingsCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: env() });
    return { code, stdout, stderr };
  }

  it('`npm run --silent findings -- --fail-on high` exits 1 and prints exactly the planted findings, the high ones among them', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'npm',
        [
          'run',
          '--silent',
          'findings',
          '--',
          '--profile',
          'audit',
          '--endpoint',
          emulator.endpoint,
          '--known-account',
          '444455556666',
          '--fail-on',
          'high',
        ],
        { cwd: join(import.meta.dirname, '../../..'), env: env(), timeout: 50_000 },
        (error, out, err) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout: out, stderr: err }),
      );
    });
    assert.equal(code, 1, stderr);
    const findings = parseLines(stdout);
    assert.deepEqual(pairs(findings), PLANTED.map(([c, e]) => `${c} ${e}`).sort());
    assert.deepEqual(
      new Set(findings.filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => f.check)),
      HIGH_OR_WORSE,
    );
    for (const f of findings) assert.ok(f.detail.length > 10, `${f.check} has a detail`);
    assert.match(stderr, /skipped IAM\.ACCESS_ADVISOR\.UNUSED_SERVICES: needs iam:GenerateServiceLastAccessedDetails/);
    assert.match(
      stderr,
      /account 123456789012: 32 finding\(s\) \(4 critical, 7 high, 10 medium, 11 low\) from 33 check\(s\), 1 skipped/,
    );
    assert.ok(
      !stdout.includes(emulator.adminKey.secretAccessKey) && !stderr.includes(emulator.adminKey.secretAccessKey),
      'no secret in the output',
    );
  });

  it('--format sarif: one result per finding with rule ids and the entity ARNs', async () => {
    const { code, stdout } = await run([
      '--endpoint',
      emulator.endpoint,
      '--known-account',
      '444455556666',
      '--format',
      'sarif',
    ]);
    assert.equal(code, 0, 'no --fail-on: report only');
    const log = JSON.parse(stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string }> } };
        results: Array<{
          ruleId: string;
          locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }>;
        }>;
      }>;
    };
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.ok(run0);
    assert.deepEqual(
      run0.results.map((r) => `${r.ruleId} ${r.locations[0]?.logicalLocations[0]?.fullyQualifiedName}`).sort(),
      PLANTED.map(([c, e]) => `${c} ${e}`).sort(),
    );
    assert.deepEqual(new Set(run0.tool.driver.rules.map((r) => r.id)), new Set(PLANTED.map(([c]) => c)));
  });

  it('--format csv: a header and one row per finding', async () => {
    const { stdout } = await run([
      '--endpoint',
      emulator.endpoint,
      '--known-account',
      '444455556666',
      '--format',
      'csv',
    ]);
    const lines = stdout.trimEnd().split('\r\n');
    assert.equal(lines[0], 'check,severity,entity,entity_type,entity_name,detail,evidence');
    assert.equal(lines.length, 1 + PLANTED.length);
  });

  it('without --known-account the known partner becomes a finding too (the twin is clean only because it is known)', async () => {
    const { stdout } = await run(['--endpoint', emulator.endpoint]);
    const partner = parseLines(stdout)
      .filter((f) => f.entity === arn('role', 'known-partner-role'))
      .map((f) => f.check)
      .sort();
    assert.deepEqual(partner, ['IAM.TRUST.CROSS_ACCOUNT_NO_EXTERNAL_ID', 'IAM.TRUST.UNKNOWN_ACCOUNT']);
  });

  it('no password policy: IAM.PASSWORD_POLICY.ABSENT, and the length and reuse checks say nothing', async () => {
    const saved = emulator.state.security.passwordPolicy;
    emulator.state.security.passwordPolicy = undefined;
    try {
      const checks = parseLines((await run(['--endpoint', emulator.endpoint])).stdout).map((f) => f.check);
      assert.ok(checks.includes('IAM.PASSWORD_POLICY.ABSENT'));
      assert.ok(
        !checks.includes('IAM.PASSWORD_POLICY.SHORT') && !checks.includes('IAM.PASSWORD_POLICY.NO_REUSE_PREVENTION'),
      );
    } finally {
      emulator.state.security.passwordPolicy = saved;
    }
  });

  it('AccessDenied on the credential report disables only the checks that need it and names the permission', async () => {
    emulator.setFaults([{ kind: 'AccessDenied', operation: 'GenerateCredentialReport' }]);
    try {
      const { code, stdout, stderr } = await run([
        '--endpoint',
        emulator.endpoint,
        '--known-account',
        '444455556666',
        '--fail-on',
        'critical',
      ]);
      assert.equal(code, 1, 'the trust criticals remain');
      const checks = new Set(parseLines(stdout).map((f) => f.check));
      assert.ok(!checks.has('IAM.ROOT.NO_MFA') && !checks.has('IAM.KEYS.OLD') && !checks.has('IAM.CONSOLE.NO_MFA'));
      assert.ok(checks.has('IAM.TRUST.ANY_PRINCIPAL') && checks.has('IAM.PASSWORD_POLICY.SHORT'));
      assert.match(
        stderr,
        /skipped IAM\.ROOT\.NO_MFA: needs iam:GenerateCredentialReport and iam:GetCredentialReport \(AccessDenied: User: arn:aws:iam::123456789012:user\/admin is not authorized to perform: iam:GenerateCredentialReport.*request id/,
      );
    } finally {
      emulator.setFaults([]);
    }
  });

  it('--fail-on: exit 0 when nothing is at or above the level', async () => {
    const clean = await start({
      seed: { root: { mfaActive: true }, passwordPolicy: { MinimumPasswordLength: 14, PasswordReusePrevention: 24 } },
    });
    const credentials = join(dir, 'credentials');
    const before = readFileSync(credentials, 'utf8');
    writeFileSync(
      credentials,
      `${before}\n[clean]\naws_access_key_id = ${clean.adminKey.accessKeyId}\naws_secret_access_key = ${clean.adminKey.secretAccessKey}\n`,
    );
    try {
      const critical = await run(['--profile', 'clean', '--endpoint', clean.endpoint, '--fail-on', 'critical']);
      assert.equal(critical.code, 0, critical.stderr);
      assert.ok(parseLines(critical.stdout).every((f) => f.severity !== 'critical'));
      // The emulator's admin user has AdministratorAccess attached directly: high and low findings.
      const high = await run(['--profile', 'clean', '--endpoint', clean.endpoint, '--fail-on', 'high']);
      assert.equal(high.code, 1);
    } finally {
      writeFileSync(credentials, before);
      await clean.stop();
    }
  });

  it('--access-advisor runs a job per user and role and reports the services they were granted but did not use', async () => {
    const small = await start({
      seed: {
        root: { mfaActive: true },
        policies: [
          {
            name: 'S3Ec2',
            versions: [
              {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'ec2:DescribeInstances'], Resource: '*' }],
              },
            ],
          },
        ],
        groups: [{ name: 'staff', attachedPolicies: ['S3Ec2'] }],
        users: [
          { name: 'uses-both', groups: ['staff'] },
          { name: 'uses-s3', groups: ['staff'] },
        ],
        serviceLastUsed: {
          'user/uses-both': { s3: { date: 'now-1d' }, ec2: { date: 'now-2d' } },
          'user/uses-s3': { s3: { date: 'now-1d' }, ec2: { date: 'now-100d' } },
        },
      },
    });
    const credentials = join(dir, 'credentials');
    const before = readFileSync(credentials, 'utf8');
    writeFileSync(
      credentials,
      `${before}\n[small]\naws_access_key_id = ${small.adminKey.accessKeyId}\naws_secret_access_key = ${small.adminKey.secretAccessKey}\n`,
    );
    try {
      const { code, stdout, stderr } = await run([
        '--profile',
        'small',
        '--endpoint',
        small.endpoint,
        '--access-advisor',
      ]);
      assert.equal(code, 0, stderr);
      const advisor = parseLines(stdout).filter((f) => f.check === 'IAM.ACCESS_ADVISOR.UNUSED_SERVICES');
      assert.deepEqual(
        advisor.map((f) => f.entity),
        [`arn:aws:iam::${small.accountId}:user/uses-s3`],
      );
      assert.match(advisor[0]?.detail ?? '', /not used in 90 days: ec2/);
      assert.doesNotMatch(stderr, /skipped IAM\.ACCESS_ADVISOR/);
      assert.ok(
        small.log.filter((e) => e.operation === 'GetServiceLastAccessedDetails').length >= 2 * small.state.users.size,
        'each job was polled while IN_PROGRESS, then read COMPLETED',
      );
    } finally {
      writeFileSync(credentials, before);
      await small.stop();
    }
  });

  const usage: Array<[string[], RegExp]> = [
    [['--format', 'xml'], /--format: 'xml' is not one of json, sarif, csv, markdown/],
    [['--fail-on', 'severe'], /--fail-on: 'severe' is not a severity; use one of critical, high, medium, low/],
    [['--max-key-age', 'ninety'], /--max-key-age: 'ninety' is not a whole number of days/],
    [['--known-account', '1234'], /--known-account: '1234' is not a 12-digit AWS account id/],
    [['--endpoint', 'localhost:4599'], /--endpoint: 'localhost:4599' must start with http:\/\/ or https:\/\//],
    [['--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [args, message] of usage) {
    it(`bad input ${args.join(' ')}: exit 2 with a message saying what to write`, async () => {
      const { code, stderr, stdout } = await run(args);
      assert.equal(code, 2);
      assert.match(stderr, message);
      assert.match(stderr, /usage: npm run --silent findings/);
      assert.equal(stdout, '');
    });
  }

  it('from files: the saved AWS CLI outputs give the findings of the account, for the checks they feed', async () => {
    const now = new Date().toISOString();
    const online = await run(['--endpoint', emulator.endpoint, '--known-account', '444455556666', '--now', now]);
    assert.equal(online.code, 0, online.stderr);
    // Save what `aws iam get-credential-report`, `get-account-password-policy` and
    // `get-account-authorization-details` would print: JSON, documents decoded, dates as text.
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: emulator.endpoint,
      credentials: emulator.adminKey,
    });
    try {
      const report = await iam.send(new GetCredentialReportCommand({}));
      writeFileSync(
        join(dir, 'report.json'),
        JSON.stringify({
          Content: Buffer.from(report.Content ?? new Uint8Array()).toString('base64'),
          ReportFormat: report.ReportFormat,
          GeneratedTime: report.GeneratedTime,
        }),
      );
      let policy: unknown = null;
      try {
        policy = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy ?? null;
      } catch (err) {
        assert.equal((err as { name?: string }).name, 'NoSuchEntityException', String(err));
      }
      writeFileSync(join(dir, 'password-policy.json'), JSON.stringify({ PasswordPolicy: policy }));
      const pages: GetAccountAuthorizationDetailsResponse[] = [];
      let marker: string | undefined;
      do {
        const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Marker: marker }));
        pages.push(page);
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
      const decoded = JSON.stringify(pages, (key, value: unknown) =>
        ['PolicyDocument', 'AssumeRolePolicyDocument', 'Document'].includes(key) && typeof value === 'string'
          ? (JSON.parse(decodeURIComponent(value)) as unknown)
          : value,
      );
      writeFileSync(join(dir, 'details.json'), decoded);
    } finally {
      iam.destroy();
    }
    const offline = await run([
      '--credential-report',
      join(dir, 'report.json'),
      '--password-policy',
      join(dir, 'password-policy.json'),
      '--authorization-details',
      join(dir, 'details.json'),
      '--known-account',
      '444455556666',
      '--now',
      now,
    ]);
    assert.equal(offline.code, 0, offline.stderr);
    // Only the OIDC-provider and server-certificate checks lack their data in files.
    const fromFiles = (f: Finding) =>
      f.check !== 'IAM.ACCOUNT.UNUSED_OIDC_PROVIDER' && f.check !== 'IAM.ACCOUNT.EXPIRED_SERVER_CERTIFICATE';
    const expected = pairs(parseLines(online.stdout).filter(fromFiles));
    assert.ok(expected.length > 20, `${expected.length} findings to compare`);
    assert.deepEqual(pairs(parseLines(offline.stdout)), expected);
    assert.match(
      offline.stderr,
      /skipped IAM\.ACCOUNT\.EXPIRED_SERVER_CERTIFICATE: needs iam:ListServerCertificates \(not read/,
    );
    assert.match(offline.stderr, /account 123456789012: \d+ finding\(s\)/);
  });

  it('a profile that does not exist: exit 2 naming it', async () => {
    const { code, stderr } = await run(['--profile', 'nope', '--endpoint', emulator.endpoint]);
    assert.equal(code, 2);
    assert.match(stderr, /nope/);
  });
});

describe('cli: findings from files (no account)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'findings-files-'));
    const header = CREDENTIAL_REPORT_COLUMNS.join(',');
    const root =
      '<root_account>,arn:aws:iam::111122223333:root,2015-01-01T00:00:00+00:00,not_supported,' +
      '2026-01-20T10:00:00+00:00,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,' +
      'false,N/A,false,N/A';
    // Key 1 made with the user and never used; key 2 used yesterday; no MFA on a console user.
    const alice =
      'alice,arn:aws:iam::111122223333:user/alice,2025-01-01T00:00:00+00:00,true,2026-01-30T00:00:00+00:00,' +
      '2025-01-01T00:00:00+00:00,N/A,false,true,2025-01-01T00:02:00+00:00,N/A,N/A,N/A,' +
      'true,2025-12-20T00:00:00+00:00,2026-01-31T00:00:00+00:00,us-east-1,s3,false,N/A,false,N/A';
    writeFileSync(join(dir, 'report.csv'), [header, root, alice].join('\n') + '\n');
    writeFileSync(join(dir, 'bad.csv'), [header, root.replace('2015-01-01T00:00:00+00:00', 'then')].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runFindingsCli(args, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { ...process.env, INIT_CWD: dir },
    });
    return { code, stdout, stderr };
  }

  it('a credential report alone: its checks run from --now; the rest are skipped, naming the option', async () => {
    const { code, stdout, stderr } = await run([
      '--credential-report',
      'report.csv',
      '--password-policy',
      'none',
      '--now',
      '2026-02-01T00:00:00Z',
      '--fail-on',
      'critical',
    ]);
    assert.equal(code, 1, 'the root user has no MFA: critical');
    assert.deepEqual(pairs(parseLines(stdout)), [
      'IAM.CONSOLE.NO_MFA arn:aws:iam::111122223333:user/alice',
      'IAM.KEYS.CREATED_WITH_USER arn:aws:iam::111122223333:user/alice',
      'IAM.KEYS.OLD arn:aws:iam::111122223333:user/alice',
      'IAM.KEYS.TWO_ACTIVE arn:aws:iam::111122223333:user/alice',
      'IAM.KEYS.UNUSED arn:aws:iam::111122223333:user/alice',
      'IAM.PASSWORD_POLICY.ABSENT arn:aws:iam::111122223333:root',
      'IAM.ROOT.NO_MFA arn:aws:iam::111122223333:root',
      'IAM.ROOT.RECENT_USE arn:aws:iam::111122223333:root',
    ]);
    assert.match(stderr, /skipped IAM\.USERS\.NO_GROUP: .*\(not given: add --authorization-details FILE\)/);
    assert.match(stderr, /account 111122223333: 8 finding\(s\) \(1 critical, 2 high, 4 medium, 1 low\) from 13 check/);
  });

  it('--now moves the clock: a year earlier, no key is old or unused yet', async () => {
    const { stdout } = await run(['--credential-report', 'report.csv', '--now', '2025-02-01T00:00:00Z']);
    const checks = parseLines(stdout).map((f) => f.check);
    assert.ok(!checks.includes('IAM.KEYS.UNUSED') && !checks.includes('IAM.KEYS.OLD'), checks.join(', '));
    assert.ok(checks.includes('IAM.KEYS.CREATED_WITH_USER'));
  });

  const bad: Array<[string[], RegExp]> = [
    [['--credential-report', 'missing.csv'], /findings: missing\.csv: cannot be read \(ENOENT/],
    [['--credential-report', 'bad.csv'], /bad\.csv: credential report, line 2: column user_creation_time: 'then'/],
    [['--credential-report', 'report.csv', '--profile', 'x'], /--profile reads an account, but --credential-report/],
    [['--credential-report', 'report.csv', '--access-advisor'], /--access-advisor reads an account/],
    [['--credential-report', 'report.csv', '--now', 'soon'], /--now: 'soon' is not an ISO 8601 date/],
    [['--credential-report', 'report.csv', '--account-id', '12'], /--account-id: '12' is not a 12-digit/],
    [['--account-id', '111122223333'], /--account-id goes with the file options/],
    [['--password-policy', 'none'], /the account id is not in the files given .*add --account-id ID/],
  ];
  for (const [args, message] of bad) {
    it(`bad input ${args.join(' ')}: exit 2 saying what to fix`, async () => {
      const { code, stdout, stderr } = await run(args);
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
      assert.equal(stdout, '');
    });
  }
});
