/**
 * Values computed at deploy time are unknowns, never errors: every CloudFormation
 * short and long form, Terraform references and interpolations, CDK variables.
 * And positions map back exactly, inside strings too.
 */
import * as assert from 'node:assert/strict';
import { LineIndex, findPolicies, lintText } from '../../../../src/core/iac/files';
import { mapSpan, synthesize } from '../../../../src/core/iac/analyze';
import { readYaml } from '../../../../src/core/iac/readYaml';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';

const SHORT_FORMS = [
  '!Sub',
  '!Ref',
  '!GetAtt',
  '!Join',
  '!If',
  '!Select',
  '!Split',
  '!FindInMap',
  '!ImportValue',
  '!Base64',
  '!Cidr',
  '!GetAZs',
  '!Equals',
  '!Not',
  '!And',
  '!Or',
  '!Condition',
  '!Transform',
  '!Length',
  '!ToJsonString',
];

describe('iac: deploy-time values are unknowns', () => {
  const catalog = createIamDataCatalog();

  for (const tag of SHORT_FORMS) {
    it(`YAML ${tag} parses, as a scalar and as a list, and is never reported`, async () => {
      const text = [
        'Resources:',
        '  P:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        `        Version: ${tag} v`,
        '        Statement:',
        `          - Sid: ${tag} s`,
        `            Effect: ${tag} [a, b]`,
        `            Action: ${tag} x`,
        `            Resource: ${tag} [a, b, c]`,
        `            Condition: ${tag} c`,
        `          - ${tag} [x]`,
        '',
      ].join('\n');
      assert.equal(readYaml(text).broken, false);
      const result = await lintText('t.yaml', text, catalog);
      assert.equal(result.policies, 1);
      assert.deepEqual(result.findings, []);
    });
  }

  it('long forms in JSON templates: Ref, Fn::Sub, Fn::If statements, Fn::Join resources, Fn::ImportValue', async () => {
    const text = JSON.stringify(
      {
        Resources: {
          R: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
              Policies: [
                {
                  PolicyName: 'p',
                  PolicyDocument: {
                    Version: { Ref: 'V' },
                    Statement: [
                      { 'Fn::If': ['C', { Effect: 'Allow' }, { Ref: 'AWS::NoValue' }] },
                      {
                        Effect: 'Allow',
                        Action: { 'Fn::Split': [',', 'a,b'] },
                        Resource: { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'B' }]] },
                        Condition: { StringEquals: { 'aws:PrincipalTag/x': { 'Fn::ImportValue': 'x' } } },
                      },
                    ],
                  },
                },
              ],
            },
          },
        },
      },
      null,
      2,
    );
    const result = await lintText('t.json', text, catalog);
    assert.equal(result.policies, 2);
    assert.deepEqual(result.findings, []);
  });

  it('Terraform: references, ${} in values and keys, for expressions, dynamic blocks, heredocs with interpolation', async () => {
    const text = `
resource "aws_iam_role_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = var.effect, Action = local.actions, Resource = aws_s3_bucket.b.arn },
      { Effect = "Allow", Action = [for a in var.a : "s3:\${a}"], Resource = "\${aws_s3_bucket.b.arn}/*",
        Condition = { StringEquals = { "\${local.issuer}:sub" = var.sub } } },
      var.extra_statement,
    ]
  })
}
data "aws_iam_policy_document" "d" {
  statement {
    sid       = var.sid
    effect    = var.effect
    actions   = var.actions
    resources = [aws_s3_bucket.b.arn, "\${aws_s3_bucket.b.arn}/*"]
    dynamic "condition" {
      for_each = var.conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy    = <<POLICY
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "\${var.account}"}, "Action": "sqs:SendMessage", "Resource": "\${aws_sqs_queue.q.arn}"}]}
POLICY
}
`;
    const result = await lintText('main.tf', text, catalog);
    assert.equal(result.policies, 3);
    assert.deepEqual(result.findings, []);
  });

  it('Terraform: tokens the file swaps out with replace() are unknowns; a real problem beside them stays', async () => {
    const text = [
      'locals {',
      '  policy = var.attach ? replace(',
      '    replace(data.aws_iam_policy_document.logs.json, "_S3_BUCKET_ID_", aws_s3_bucket.this.id),',
      '    "_S3_BUCKET_ARN_", aws_s3_bucket.this.arn',
      '  ) : ""',
      '  host = replace(var.url, "https://", "")',
      '}',
      'data "aws_iam_policy_document" "logs" {',
      '  statement {',
      '    principals {',
      '      type        = "Service"',
      '      identifiers = ["logging.s3.amazonaws.com"]',
      '    }',
      '    actions   = ["s3:PutObject", "s3:PutObjekt"]',
      '    resources = ["_S3_BUCKET_ARN_/*", "_S3_BUCKET_ID_", "https://not-an-arn"]',
      '  }',
      '}',
    ].join('\n');
    const result = await lintText('main.tf', text, catalog);
    const index = new LineIndex(text);
    const at = (f: { from: number; to: number }): string =>
      `${index.position(f.from).line} ${text.slice(f.from, f.to)}`;
    assert.deepEqual(
      result.findings.map((f) => `${f.code} ${at(f)}`),
      ['unknown-action 14 "s3:PutObjekt"', 'resource-format 15 "https://not-an-arn"'],
    );
  });

  it("CloudFormation dynamic references ('{{resolve:...}}') are unknowns; the template is still checked", async () => {
    const text = [
      'Resources:',
      '  Db:',
      '    Type: AWS::RDS::DBInstance',
      "    Properties: {MasterUserPassword: !Sub '{{resolve:secretsmanager:${Secret}:SecretString:password}}'}",
      '  Policy:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: [s3:GetObjekt, s3:PutObject]',
      "            Resource: '{{resolve:ssm:/app/bucket-arn}}/*'",
      '',
    ].join('\n');
    const result = await lintText('template.yaml', text, catalog);
    assert.equal(result.policies, 1);
    assert.deepEqual(
      result.findings.map((f) => `${f.code} ${text.slice(f.from, f.to)}`),
      ['unknown-action s3:GetObjekt'],
    );
    // A Jinja template of a template is still left alone.
    assert.equal(
      (await lintText('t.yaml', text.replace("'{{resolve:ssm:/app/bucket-arn}}/*'", '{{ arn }}'), catalog)).policies,
      0,
    );
    assert.equal((await lintText('t.yaml', `{% if admin %}\n${text}{% endif %}\n`, catalog)).policies, 0);
    // Braces inside text are not Jinja: a Go template in UserData; a quoted '{{ name }}' is a computed value.
    const userData = text.replace(
      "    Properties: {MasterUserPassword: !Sub '{{resolve:secretsmanager:${Secret}:SecretString:password}}'}",
      "    Properties:\n      UserData: |\n        docker inspect --format '{{.State.Running}}' app",
    );
    assert.ok(userData.includes('docker inspect'));
    const quoted = userData.replace('[s3:GetObjekt, s3:PutObject]', '[s3:GetObjekt, "{{ action }}"]');
    assert.ok(quoted.includes('{{ action }}'));
    for (const t of [userData, quoted])
      assert.deepEqual(
        (await lintText('t.yaml', t, catalog)).findings.map((f) => f.code),
        ['unknown-action'],
      );
  });

  it('Fn::ForEach loops: their resources are checked, the identifier is computed', async () => {
    const text = [
      'Transform: AWS::LanguageExtensions',
      'Resources:',
      '  Fn::ForEach::Queues:',
      '    - Name',
      '    - [orders, invoices]',
      '    - Policy${Name}:',
      '        Type: AWS::IAM::ManagedPolicy',
      '        Properties:',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: [sqs:SendMesage, "sqs:${Name}"]',
      '                Resource: arn:aws:sqs:*:*:${Name}',
      '',
    ].join('\n');
    const result = await lintText('template.yaml', text, catalog);
    assert.equal(result.policies, 1);
    assert.deepEqual(
      result.findings.map((f) => `${f.code} ${text.slice(f.from, f.to)}`),
      ['unknown-action sqs:SendMesage'],
    );
  });

  it('CDK: variables, spreads and templates in action lists are not judged', async () => {
    const text =
      "const s = new iam.PolicyStatement({ actions: [verb, ...more, `s3:${x}`, cond ? 'a' : 'b'] });\ns.addActions(...list);\n";
    const result = await lintText('stack.ts', text, catalog);
    assert.equal(result.policies, 2);
    assert.deepEqual(result.findings, []);
  });

  it('maps a finding inside a string to the exact characters (unknown-service spans the prefix)', async () => {
    const text =
      'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: ["s4:GetObject"]\n            Resource: "*"\n';
    const result = await lintText('t.yaml', text, catalog);
    const f = result.findings.find((x) => x.code === 'unknown-service');
    assert.ok(f);
    assert.equal(text.slice(f.from, f.to), '"s4:');
    assert.deepEqual(new LineIndex(text).position(f.from), { line: 9, column: 22 });
  });

  it('synthesize writes compact JSON and maps each value and key back; unknowns map to nothing', () => {
    const value = {
      type: 'object' as const,
      from: 0,
      to: 50,
      entries: [
        {
          key: 'Action',
          keyFrom: 2,
          keyTo: 8,
          keyContentFrom: 2,
          value: { type: 'string' as const, value: 's3:Get', from: 10, to: 16, contentFrom: 10 },
        },
        { key: 'Resource', keyFrom: 20, keyTo: 28, value: { type: 'unknown' as const, why: 'test', from: 30, to: 40 } },
      ],
    };
    const syn = synthesize(value);
    assert.equal(syn.text, '{"Action":"s3:Get","Resource":"?"}');
    const at = syn.text.indexOf('"s3:Get"');
    assert.deepEqual(mapSpan(syn, value, at, at + 8), { from: 10, to: 16 });
    assert.deepEqual(mapSpan(syn, value, at + 1, at + 3), { from: 10, to: 12 });
    const key = syn.text.indexOf('"Action"');
    assert.deepEqual(mapSpan(syn, value, key, key + 8), { from: 2, to: 8 });
    const unknown = syn.text.indexOf('"?"');
    assert.equal(mapSpan(syn, value, unknown, unknown + 3), undefined);
    assert.deepEqual(mapSpan(syn, value, 0, 1), { from: 0, to: 1 });
  });

  it('files that hold no policy are not parsed past a cheap test', () => {
    assert.equal(findPolicies('k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\n').format, undefined);
    assert.equal(findPolicies('broken.yaml', 'Resources:\n  a: [\n  Type: AWS::X::Y\n').format, undefined);
    assert.equal(findPolicies('tsconfig.json', '{ // comment\n "compilerOptions": {} }').format, undefined);
    assert.equal(findPolicies('README.md', '"Statement"').format, undefined);
    assert.equal(findPolicies('types.d.ts', 'new PolicyStatement({ actions: ["x"] })').format, undefined);
  });

  it("other tools' placeholders are not judged: templatefile JSON, Jinja YAML, ${...} outside Fn::Sub", async () => {
    const tpl =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${actions}, "Resource": "arn:aws:s3:::${bucket}/*"}]}';
    assert.equal((await lintText('policy.json', tpl, catalog)).policies, 0);
    const jinja =
      'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {{ policy }}\n';
    assert.equal((await lintText('t.yaml', jinja, catalog)).policies, 0);
    const sls = [
      'Resources:',
      '  B:',
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { AWS: "${self:custom.account}" }',
      '            Action: s3:GetObject',
      '            Resource: arn:aws:s3:::b/${aws:username}/*',
      '',
    ].join('\n');
    const result = await lintText('t.yaml', sls, catalog);
    assert.equal(result.policies, 1);
    assert.deepEqual(result.findings, []);
  });

  it('a file without a policy never asks the catalog (opening it costs no service data)', async () => {
    const asked: string[] = [];
    const refuse = (what: string) => () => {
      asked.push(what);
      return Promise.reject(new Error('the catalog was asked'));
    };
    const spy = {
      services: refuse('services'),
      service: refuse('service'),
      conditionKey: refuse('conditionKey'),
      globalConditionKeys: refuse('globalConditionKeys'),
    };
    const files: [string, string][] = [
      ['package.json', '{"name": "x", "version": "1.0.0"}'],
      ['k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n'],
      ['template.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n'],
      ['variables.tf', 'variable "x" {\n  type = string\n}\n'],
      ['app.ts', 'export const x = 1;\n'],
    ];
    for (const [name, text] of files) assert.deepEqual((await lintText(name, text, spy)).findings, [], name);
    assert.deepEqual(asked, []);
  });
});
