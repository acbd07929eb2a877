/** Completion, hover and quick fixes by file position, in every format (real catalog). */
import * as assert from 'node:assert/strict';
import { completeInFile, hoverInFile, quickFixes } from '../../../../src/core/iac/editor';
import { lintText } from '../../../../src/core/iac/files';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';

const YAML = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action:
              - s3:GetObjekt
              - s3:GetO
            Resource: '*'
`;
const TF = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:GetObjekt", "s3:GetO"], Resource = "*" }]
  })
}
`;
const JSON_POLICY = `{
  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt", "s3:GetO"], "Resource": "*"}]
}
`;

function apply(text: string, edit: { from: number; to: number; text: string }): string {
  return text.slice(0, edit.from) + edit.text + text.slice(edit.to);
}

describe('iac: completion, hover and quick fixes in files', () => {
  const catalog = createIamDataCatalog();
  const cases: [string, string][] = [
    ['template.yaml', YAML],
    ['main.tf', TF],
    ['p.policy.json', JSON_POLICY],
  ];

  for (const [path, text] of cases) {
    it(`${path}: completes actions with their access level, replacing the typed string`, async () => {
      const offset = text.lastIndexOf('s3:GetO') + 's3:GetO'.length;
      const result = await completeInFile(path, text, offset, catalog);
      assert.ok(result, 'no completion');
      const item = result.items.find((i) => i.label === 's3:GetObject');
      assert.equal(item?.detail, 'Read');
      assert.match(item?.description ?? '', /retrieve objects/);
      assert.equal(text.slice(result.from, result.to), 's3:GetO');
    });

    it(`${path}: hover shows an action's description`, async () => {
      const info = await hoverInFile(path, text, text.indexOf('s3:GetObjekt') + 2, catalog);
      assert.equal(info?.kind, 'unknown');
      const real = text.replace('s3:GetObjekt', 's3:GetObject');
      const onReal = await hoverInFile(path, real, real.indexOf('s3:GetObject') + 3, catalog);
      assert.equal(onReal?.title, 's3:GetObject');
      assert.match(onReal?.description ?? '', /Grants permission to retrieve objects/);
      assert.deepEqual(onReal?.accessLevels, ['Read']);
    });

    it(`${path}: quick fixes replace the misspelt action and add the missing Version`, async () => {
      const findings = (await lintText(path, text, catalog)).findings;
      const unknown = findings.find(
        (f) => f.code === 'unknown-action' && text.slice(f.from, f.to).includes('GetObjekt'),
      );
      assert.ok(unknown, JSON.stringify(findings.map((f) => f.code)));
      const [fix] = await quickFixes(path, text, unknown, catalog);
      assert.equal(fix?.title, 'Replace with s3:GetObject');
      const fixed = apply(text, fix.edit);
      assert.ok(fixed.includes('s3:GetObject') && !fixed.includes('GetObjekt'));

      const version = findings.find((f) => f.code === 'version-missing');
      assert.ok(version);
      const [add] = await quickFixes(path, text, version, catalog);
      assert.ok(add);
      const withVersion = apply(text, add.edit);
      const after = (await lintText(path, withVersion, catalog)).findings.map((f) => f.code);
      assert.ok(!after.includes('version-missing'), `${withVersion}\n${after.join(' ')}`);
      assert.ok(!after.some((c) => c === 'json-syntax' || c === 'unknown-element'), after.join(' '));
    });
  }

  it('offers nothing outside policies or inside computed values', async () => {
    assert.equal(await completeInFile('template.yaml', YAML, 3, catalog), undefined);
    const tf =
      'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:${var.x}"], Resource = "*" }] })\n}\n';
    assert.equal(await completeInFile('main.tf', tf, tf.indexOf('var.x'), catalog), undefined);
  });
});

describe('iac: where a policy lives once deployed', () => {
  it('CloudFormation: managed policy, trust and inline policies with their names', async () => {
    const { findPolicies } = await import('../../../../src/core/iac/files');
    const text = [
      'Resources:',
      '  AppRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: app-role',
      '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
      '      Policies:',
      '        - PolicyName: read',
      '          PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}',
      '  Managed:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}',
      '',
    ].join('\n');
    const hints = findPolicies('t.yaml', text).policies.map((p) => p.deployed);
    assert.deepEqual(hints, [
      { place: 'trust', names: ['app-role', 'AppRole'] },
      { place: 'inline', owner: 'role', names: ['app-role', 'AppRole'], policyName: 'read' },
      { place: 'managed', names: ['Managed'] },
    ]);
  });

  it('Terraform: aws_iam_policy, assume_role_policy, inline_policy and aws_iam_role_policy', async () => {
    const { findPolicies } = await import('../../../../src/core/iac/files');
    const doc = 'jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })';
    const text = `resource "aws_iam_policy" "p" {\n  name = "reports-read"\n  policy = ${doc}\n}\nresource "aws_iam_role" "r" {\n  name = "app-role"\n  assume_role_policy = ${doc}\n  inline_policy {\n    name = "inline"\n    policy = ${doc}\n  }\n}\nresource "aws_iam_role_policy" "rp" {\n  name = "extra"\n  role = aws_iam_role.r.id\n  policy = ${doc}\n}\n`;
    const hints = findPolicies('main.tf', text).policies.map((p) => p.deployed);
    assert.deepEqual(hints, [
      { place: 'managed', names: ['reports-read', 'p'] },
      { place: 'trust', names: ['app-role', 'r'] },
      { place: 'inline', owner: 'role', names: ['app-role', 'r'], policyName: 'inline' },
      { place: 'inline', owner: 'role', names: ['r'], policyName: 'extra' },
    ]);
  });

  it('renders computed values visibly and ranks live names by the hints', async () => {
    const { findPolicies } = await import('../../../../src/core/iac/files');
    const { rankByNames, renderForDiff } = await import('../../../../src/core/iac/deployed');
    const text =
      'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = aws_s3_bucket.b.arn }] })\n}\n';
    const [policy] = findPolicies('main.tf', text).policies;
    assert.ok(policy);
    assert.deepEqual(JSON.parse(renderForDiff(policy, text)), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '<computed: aws_s3_bucket.b.arn>' }],
    });
    const ranked = rankByNames(['other', 'app-reports-read', 'reports-read'], (s) => s, ['reports-read', 'p']);
    assert.deepEqual(
      ranked.map((r) => [r.item, r.match]),
      [
        ['reports-read', 'exact'],
        ['app-reports-read', 'partial'],
        ['other', undefined],
      ],
    );
  });
});

describe('iac: a bare policy file once deployed', () => {
  it('is compared with a managed policy, or a role trust policy, named like the file', async () => {
    const { findPolicies } = await import('../../../../src/core/iac/files');
    const identity =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
    assert.deepEqual(findPolicies('/x/reports-read.policy.json', identity).policies[0]?.deployed, {
      place: 'managed',
      names: ['reports-read'],
    });
    const trust =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
    assert.deepEqual(findPolicies('C:\\p\\app-role.json', trust).policies[0]?.deployed, {
      place: 'trust',
      names: ['app-role'],
    });
  });
});

describe('iac: hover on a wildcard in a file', () => {
  it('says how many actions it expands to, in YAML and in a CDK action list', async () => {
    const catalog = createIamDataCatalog();
    const yaml =
      'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:Get*\n            Resource: "*"\n';
    const info = await hoverInFile('t.yaml', yaml, yaml.indexOf('s3:Get*') + 3, catalog);
    assert.equal(info?.kind, 'actionPattern');
    assert.ok((info?.matches?.length ?? 0) > 10);
    assert.match(info?.description ?? '', /^\d+ of \d+ Amazon S3 actions$/);
    const ts = "const s = new iam.PolicyStatement({ actions: ['sqs:Send*'] });\n";
    const cdk = await hoverInFile('stack.ts', ts, ts.indexOf('sqs:Send*') + 2, catalog);
    assert.deepEqual(cdk?.matches?.map((m) => m.name).sort(), ['sqs:SendMessage']);
  });
});

describe('iac: inline policies share their entity quota', () => {
  it("a role's inline policies are checked against what the others leave of 10,240 characters", async () => {
    const { lintText } = await import('../../../../src/core/iac/files');
    const actions = (n: number) =>
      Array.from({ length: n }, (_, i) => `"ec2:DescribeThing${i}Zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"`).join(
        ', ',
      );
    const policy = (name: string, n: number) =>
      `{"PolicyName": "${name}", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [${actions(n)}]}]}}`;
    const template = (n: number) =>
      `{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}, "Policies": [${policy('a', n)}, ${policy('b', n)}]}}}}`;
    // Each about 5,500 characters: alone within 10,240, together over it.
    const over = (await lintText('t.json', template(90), undefined)).findings.filter((f) => f.code === 'size-limit');
    assert.equal(over.length, 2);
    assert.match(over[0]?.message ?? '', /the limit here is [\d,]+/);
    assert.deepEqual(
      (await lintText('t.json', template(40), undefined)).findings.filter((f) => f.code === 'size-limit'),
      [],
    );
  });
});
