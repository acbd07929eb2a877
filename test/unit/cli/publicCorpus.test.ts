/**
 * lint-policies over the public corpus (test/fixtures/iac/public: CloudFormation, SAM,
 * Terraform, CDK and policy files written after public templates and AWS documentation;
 * sources and licences in its README). It must report exactly these problems, each at the
 * offending text, and nothing else: a new false positive on a correct public template, or a
 * real problem no longer found, fails here.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { runLintPolicies } from '../../../src/cli/lintPolicies';
import { lintText } from '../../../src/core/iac/files';

const ROOT = join(__dirname, '..', '..', 'fixtures', 'iac', 'public');

/**
 * `file:line:column severity code` and the text that starts at that position. Each entry was
 * checked against AWS documentation: see the README's "What lint-policies reports" section.
 */
const EXPECTED: readonly (readonly [string, string])[] = [
  // The default topic policy SNS writes still uses the 2008 language (no policy variables).
  ['aws-docs/sns-default-topic-policy.json:2:16 warning version-old', '"2008-10-17"'],
  // Typos: Lambda's action is InvokeFunction, CloudFormation's DescribeStacks.
  ['observed-mistakes/cdk-typos-stack.ts:8:17 error unknown-action', "'lambda:InvokeFunctions'"],
  ['observed-mistakes/cdk-typos-stack.ts:12:50 error unknown-action', "'cloudformation:DescribeStack'"],
  // S3 API operation names that are not IAM actions (s3:ListBucket authorises ListObjects and HeadBucket).
  ['observed-mistakes/cdk_list_objects_stack.py:8:18 error unknown-action', '"s3:ListObjectsV2"'],
  // Object actions on the bucket's ARN grant nothing: they need arn:aws:s3:::bucket/*.
  [
    'observed-mistakes/object-action-on-bucket.json:14:27 warning resource-type-mismatch',
    '"arn:aws:s3:::example-reports"',
  ],
  ['observed-mistakes/passrole-and-star.json:9:17 warning passrole-star', '"iam:PassRole"'],
  ['observed-mistakes/passrole-and-star.json:17:23 warning star-on-star', '"*"'],
  ['observed-mistakes/s3-list-objects.tf:9:7 error unknown-action', '"s3:HeadBucket"'],
  ['observed-mistakes/s3-list-objects.tf:10:7 error unknown-action', '"s3:ListObjects"'],
  ['observed-mistakes/s3-list-objects.tf:19:7 error unknown-action', '"s3:ListObjectsV2"'],
  // PutLogEvents is a CloudWatch Logs action (logs:), not a CloudWatch one.
  ['observed-mistakes/wrong-service-prefix.yaml:22:21 error unknown-action', 'cloudwatch:PutLogEvents'],
  ['observed-mistakes/wrong-service-prefix.yaml:24:21 error unknown-action', 'dynamodb:GetItems'],
  // StringEquals has no wildcards: "s3.*.amazonaws.com" never matches.
  ['observed-mistakes/wrong-service-prefix.yaml:33:37 warning condition-value', 's3.*.amazonaws.com'],
  // Queue and topic policies, and SAM's inline "- Statement:" documents, written without Version.
  ['serverless-patterns/sam-eventbridge-sns-sqs.yaml:22:9 warning version-missing', 'Statement:'],
  ['serverless-patterns/sam-eventbridge-sns-sqs.yaml:37:9 warning version-missing', 'Statement:'],
  ['serverless-patterns/sam-eventbridge-sns-sqs.yaml:55:11 warning version-missing', 'Statement:'],
  ['serverless-patterns/sam-policy-templates.yaml:25:11 warning version-missing', 'Statement:'],
  ['serverless-patterns/sam-private-api-custom-statements.yaml:41:11 warning version-missing', 'Statement:'],
  // SNS:Receive, in old default topic policies and Terraform's example, is no SNS action.
  ['terraform-aws-modules/log-and-topic-resource-policies.tf:32:7 error unknown-action', '"SNS:Receive"'],
];

/** Files in the corpus that hold no policy the linter can read (every value is computed, or none is written). */
const WITHOUT_POLICIES = [
  'aws-cdk-examples/api-sqs-lambda-stack.py',
  'terraform-aws-modules/sqs-legacy-interpolation.tf',
];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (name !== 'README.md') out.push(relative(ROOT, full).split(sep).join('/'));
  }
  return out;
}

/** The text of `file` from 1-based line and column. */
function textAt(file: string, line: number, column: number): string {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  return (lines[line - 1] ?? '').slice(column - 1);
}

describe('cli: lint-policies over the public corpus', () => {
  const files = filesUnder(ROOT);

  it('has at least 40 files, in every format the linter reads', async () => {
    assert.ok(files.length >= 40, `only ${files.length} files`);
    const formats = new Set<string>();
    for (const file of files) {
      const result = await lintText(file, readFileSync(join(ROOT, file), 'utf8'), undefined);
      if (result.format) formats.add(result.format);
    }
    assert.deepEqual([...formats].sort(), ['cdk', 'cloudformation', 'policy-json', 'terraform']);
  });

  it('reports exactly the expected problems, at the offending text, and exits 1', async () => {
    const run = await runLintPolicies([ROOT]);
    assert.equal(run.stderr, '');
    assert.equal(run.exitCode, 1);
    const lines = run.stdout.trimEnd().split('\n');
    const summary = lines.pop();
    const prefix = ROOT + sep;
    const actual = lines.map((l) => {
      assert.ok(l.startsWith(prefix), l);
      const [where = '', severity, code] = l.slice(prefix.length).split(' ');
      return `${where.split(sep).join('/')} ${severity} ${code}`;
    });
    assert.deepEqual(
      actual,
      EXPECTED.map(([finding]) => finding),
    );
    const errors = EXPECTED.filter(([f]) => f.includes(' error ')).length;
    const warnings = EXPECTED.length - errors;
    assert.equal(
      summary,
      `${errors} errors, ${warnings} warnings, 0 notes in ${files.length} files checked ` +
        `(${files.length - WITHOUT_POLICIES.length} with policies).`,
    );
    for (const [finding, text] of EXPECTED) {
      const [where = ''] = finding.split(' ');
      const [file = '', line = '0', column = '0'] = where.split(':');
      assert.ok(textAt(file, Number(line), Number(column)).startsWith(text), `${where} points at ${text}`);
    }
  });

  it('reads every file but the ones without a policy as holding policies', async () => {
    const without: string[] = [];
    for (const file of files) {
      const result = await lintText(file, readFileSync(join(ROOT, file), 'utf8'), undefined);
      if (result.policies === 0) without.push(file);
      assert.equal(result.unreadable, undefined, `${file} could not be read`);
    }
    assert.deepEqual(without, WITHOUT_POLICIES);
  });

  it('lists every file with its source and a permissive licence in the README, and nothing else', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| ([^ |]+\.[a-z]+) \| (.+) \| (.+) \|$/gm)];
    assert.deepEqual(rows.map((r) => r[1]).sort(), [...files].sort());
    for (const r of rows) assert.match(r[3] ?? '', /^(MIT-0|MIT|Apache-2\.0)\b/, `${r[1]} licence`);
  });
});
