// Issue 17: policies in the user's code. Diagnostics for a 2,000-line CloudFormation template
// with 40 policies (warm), and a 500-file Terraform tree through `lint-policies` (a real process).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintText } from '../../src/core/iac/files';
import { createIamDataCatalog } from '../../src/core/policy/iamDataCatalog';
import { timeMedian, type Figure } from './stats';

const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'ssm:GetParameter',
  'secretsmanager:GetSecretValue',
  'xray:PutTraceSegments',
];

/** A template of 20 roles, each with a trust policy and an inline policy: 40 policies. */
export function cloudFormationTemplate(targetLines: number): { text: string; policies: number } {
  const roles: string[] = [];
  const perRole = Math.floor((targetLines - 4) / 20);
  for (let i = 0; i < 20; i++) {
    const lines = [
      `  Role${i}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      RoleName: !Sub '\${AWS::StackName}-role-${i}'`,
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Service: lambda.amazonaws.com',
      '            Action: sts:AssumeRole',
      '      Policies:',
      `        - PolicyName: role-${i}`,
      '          PolicyDocument:',
      "            Version: '2012-10-17'",
      '            Statement:',
    ];
    let s = 0;
    while (lines.length + 8 <= perRole) {
      lines.push(
        `              - Sid: Statement${s}`,
        '                Effect: Allow',
        '                Action:',
        `                  - ${ACTIONS[(s + i) % ACTIONS.length]}`,
        `                  - ${ACTIONS[(s + i + 1) % ACTIONS.length]}`,
        '                Resource:',
        `                  - !Sub 'arn:\${AWS::Partition}:s3:::bucket-${i}-${s}/*'`,
        `                  - !GetAtt Table${s}.Arn`,
      );
      s++;
    }
    roles.push(lines.join('\n'));
  }
  const text = `AWSTemplateFormatVersion: '2010-09-09'\nDescription: benchmark\nResources:\n${roles.join('\n')}\n`;
  return { text, policies: 40 };
}

function terraformFile(i: number): string {
  return `resource "aws_iam_role" "r${i}" {
  name = "role-\${var.env}-${i}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

data "aws_iam_policy_document" "p${i}" {
  statement {
    actions   = ["${ACTIONS[i % ACTIONS.length]}", "${ACTIONS[(i + 3) % ACTIONS.length]}"]
    resources = ["arn:aws:s3:::bucket-${i}/*", aws_dynamodb_table.t${i}.arn]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["team-${i % 7}"]
    }
  }
}

resource "aws_iam_role_policy" "p${i}" {
  role   = aws_iam_role.r${i}.id
  policy = data.aws_iam_policy_document.p${i}.json
}
`;
}

export async function iacBenchmarks(): Promise<Figure[]> {
  const catalog = createIamDataCatalog();
  const { text } = cloudFormationTemplate(2000);
  const lines = text.split('\n').length - 1;
  const first = await lintText('template.yaml', text, catalog);
  const warm = await timeMedian(() => lintText('template.yaml', text, catalog), 20);

  const dir = mkdtempSync(join(tmpdir(), 'iac-bench-'));
  try {
    for (let i = 0; i < 500; i++) {
      const sub = join(dir, `module-${Math.floor(i / 25)}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `main-${i}.tf`), terraformFile(i));
    }
    const t0 = performance.now();
    const run = spawnSync('npm', ['run', '--silent', 'lint-policies', '--', dir], { encoding: 'utf8' });
    const wall = performance.now() - t0;
    const summary = run.stdout.trim().split('\n').pop() ?? '';
    const checked = /in 500 files checked \(500 with policies\)/.test(summary) && run.status === 0;
    return [
      {
        what:
          `diagnostics for a ${lines}-line CloudFormation template with ${first.policies} policies (warm, catalog ` +
          `included)`,
        value: `${warm.toFixed(2)} ms`,
        budget: '≤ 30 ms',
        ok: warm <= 30 && first.policies === 40 && first.findings.every((f) => f.severity !== 'error'),
      },
      {
        what: 'lint-policies over a 500-file Terraform tree (1,000 policies; process start included)',
        value: `${(wall / 1000).toFixed(2)} s${checked ? '' : ` (unexpected result: ${summary || run.stderr})`}`,
        budget: '≤ 5 s',
        ok: wall <= 5000 && checked,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void iacBenchmarks().then((figures) => {
    for (const f of figures)
      process.stdout.write(`${f.ok ? 'ok  ' : 'OVER'} ${f.what}: ${f.value} (budget ${f.budget})\n`);
  });
}
