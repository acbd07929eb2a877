/** The lint-policies command line: output format, summary, exit codes, folder walking. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLintPolicies } from '../../../src/cli/lintPolicies';

const BAD =
  '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Alow", "Action": "s3:GetObjekt", "Resource": "*"}]\n}\n';
const WARN_ONLY =
  '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]\n}\n';
const CLEAN =
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n';

describe('cli: lint-policies', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lint-policies-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints path:line:column severity code message per problem, a summary, and exits 1 on an error', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, BAD);
    const run = await runLintPolicies([file]);
    assert.equal(run.exitCode, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(
      lines[0],
      `${file}:3:28 error effect-invalid Effect must be "Allow" or "Deny" (case-sensitive), not "Alow".`,
    );
    assert.match(
      lines[1] ?? '',
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:46 error unknown-action Amazon S3 has no action "GetObjekt"\\. Did you mean "s3:GetObject"\\?$`,
      ),
    );
    assert.equal(lines[2], '2 errors, 0 warnings, 0 notes in 1 file checked (1 with policies).');
    assert.equal(run.stderr, '');
  });

  it('exits 0 when there are only warnings, or nothing', async () => {
    writeFileSync(join(dir, 'warn.json'), WARN_ONLY);
    writeFileSync(join(dir, 'clean.policy.json'), CLEAN);
    const run = await runLintPolicies([dir]);
    assert.equal(run.exitCode, 0);
    assert.match(run.stdout, /0 errors, 1 warning, 0 notes in 2 files checked \(2 with policies\)\.\n$/);
  });

  it('walks folders in name order and skips node_modules, .git, .terraform and Python environments', async () => {
    for (const skipped of [
      'node_modules',
      '.git',
      '.terraform',
      '.venv',
      'venv',
      'site-packages',
      '__pycache__',
      '.tox',
    ]) {
      mkdirSync(join(dir, skipped, 'deep'), { recursive: true });
      writeFileSync(join(dir, skipped, 'deep', 'bad.json'), BAD);
    }
    mkdirSync(join(dir, 'infra', 'modules'), { recursive: true });
    writeFileSync(join(dir, 'infra', 'modules', 'b.json'), BAD);
    writeFileSync(join(dir, 'infra', 'a.json'), BAD);
    writeFileSync(join(dir, 'infra', 'notes.txt'), BAD);
    const run = await runLintPolicies([dir]);
    assert.equal(run.exitCode, 1);
    const files = [
      ...new Set(
        run.stdout
          .split('\n')
          .filter((l) => l.includes(' error '))
          .map((l) => l.split(':')[0]),
      ),
    ];
    assert.deepEqual(files, [join(dir, 'infra', 'a.json'), join(dir, 'infra', 'modules', 'b.json')]);
    assert.match(run.stdout, /in 2 files checked/);
  });

  it('keeps each report on one line: control characters in a message are escaped', async () => {
    const file = join(dir, 'odd.json');
    writeFileSync(
      file,
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ' +
        '"Action": "s3:Get\\nObject\\u2028", "Resource": "*"}]}\n',
    );
    const run = await runLintPolicies([file]);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, run.stdout);
    assert.ok(lines.slice(0, 2).every((l) => l.startsWith(`${file}:1:71 error `)));
    assert.match(lines[1] ?? '', /has no action "Get\\nObject\\u2028"/);
  });

  it('names a file nested too deeply to check, and checks the others', async () => {
    const depth = 20000;
    writeFileSync(
      join(dir, 'a-deep.json'),
      '{"Resources": {"R": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": ' +
        `{"Statement": ${'['.repeat(depth)}${']'.repeat(depth)}}}}}}`,
    );
    writeFileSync(join(dir, 'b.json'), BAD);
    const run = await runLintPolicies([dir]);
    assert.equal(run.exitCode, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(
      lines[0] ?? '',
      /a-deep\.json:1:1 info unreadable-source This file could not be checked \(its values are nested too deeply\)/,
    );
    assert.ok(lines.some((l) => l.includes('b.json:3:28 error effect-invalid')));
    assert.match(run.stdout, /2 errors, 0 warnings, 1 note in 2 files checked \(1 with policies\)\.\n$/);
  });

  it('exits 2 with a clear message on bad usage', async () => {
    const none = await runLintPolicies([]);
    assert.equal(none.exitCode, 2);
    assert.match(none.stderr, /no path given: name at least one file or folder/);
    assert.match(none.stderr, /^Usage: npm run --silent lint-policies -- PATH\.\.\./m);
    const missing = await runLintPolicies([join(dir, 'nope.tf')]);
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /nope\.tf" does not exist: check the path/);
    const option = await runLintPolicies(['--fix', dir]);
    assert.equal(option.exitCode, 2);
    assert.match(option.stderr, /unknown option "--fix"/);
  });

  it('notes a Terraform file it cannot read, without failing the run', async () => {
    writeFileSync(join(dir, 'broken.tf'), 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [\n');
    const run = await runLintPolicies([dir]);
    assert.equal(run.exitCode, 0);
    assert.match(run.stdout, /broken\.tf:\d+:\d+ info unreadable-source This Terraform file could not be read/);
  });

  it('runs as `npm run --silent lint-policies` in a real process', function () {
    this.timeout(60_000);
    writeFileSync(join(dir, 'bad.json'), BAD);
    const run = spawnSync('npm', ['run', '--silent', 'lint-policies', '--', dir], {
      cwd: join(__dirname, '..', '..', '..'),
      encoding: 'utf8',
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /bad\.json:3:28 error effect-invalid/);
    const usage = spawnSync('npm', ['run', '--silent', 'lint-policies'], {
      cwd: join(__dirname, '..', '..', '..'),
      encoding: 'utf8',
    });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /no path given/);
  });

  it('reads a file named on the command line by its content when its extension says nothing', async () => {
    const file = join(dir, 'template.cfn');
    writeFileSync(
      file,
      'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Alow\n            Action: s3:GetObject\n            Resource: "*"\n',
    );
    const run = await runLintPolicies([file]);
    assert.equal(run.exitCode, 1);
    assert.match(run.stdout, /template\.cfn:8:21 error effect-invalid/);
  });
});
