/**
 * A managed policy that the file sets as a permissions boundary grants nothing: the warnings about
 * what a statement grants are not given for it (its usual form is Allow "*" on "*" and some Denies),
 * while every other finding is, and the same statement elsewhere still warns.
 */
import * as assert from 'node:assert/strict';
import { LineIndex, lintText } from '../../../../src/core/iac/files';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';

describe('iac: permissions boundaries', () => {
  const catalog = createIamDataCatalog();
  const lines = async (name: string, text: string): Promise<string[]> => {
    const index = new LineIndex(text);
    return (await lintText(name, text, catalog)).findings.map((f) => `${index.position(f.from).line} ${f.code}`);
  };

  it('CloudFormation YAML and JSON: PermissionsBoundary !Ref / {"Ref"} to a managed policy', async () => {
    const yaml = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      PermissionsBoundary: !Ref Boundary',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]',
      '  Boundary:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - {Effect: Allow, Action: "*", Resource: "*"}',
      '          - {Effect: Allow, NotAction: "iam:*", Resource: "*"}',
      '          - {Effect: Deny, Action: "s3:GetObjekt", Resource: "*"}',
      '  Admin:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement: [{Effect: Allow, Action: "*", Resource: "*"}]',
      '',
    ].join('\n');
    assert.deepEqual(await lines('template.yaml', yaml), ['17 unknown-action', '23 star-on-star']);
    const json = JSON.stringify(
      {
        Resources: {
          User: { Type: 'AWS::IAM::User', Properties: { PermissionsBoundary: { Ref: 'Boundary' } } },
          Boundary: {
            Type: 'AWS::IAM::ManagedPolicy',
            Properties: {
              PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
            },
          },
        },
      },
      null,
      2,
    );
    assert.deepEqual(await lines('template.json', json), []);
  });

  it('Terraform: permissions_boundary = aws_iam_policy.x.arn, and the policy document it is written from', async () => {
    const tf = [
      'resource "aws_iam_role" "app" {',
      '  assume_role_policy   = data.aws_iam_policy_document.assume.json',
      '  permissions_boundary = aws_iam_policy.boundary.arn',
      '}',
      'resource "aws_iam_policy" "boundary" {',
      '  policy = data.aws_iam_policy_document.boundary.json',
      '}',
      'data "aws_iam_policy_document" "boundary" {',
      '  statement {',
      '    actions   = ["*"]',
      '    resources = ["*"]',
      '  }',
      '}',
      'resource "aws_iam_policy" "inline_boundary" {',
      '  policy = jsonencode({ Version = "2012-10-17", ' +
        'Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })',
      '}',
      'resource "aws_iam_user" "u" {',
      '  permissions_boundary = aws_iam_policy.inline_boundary.arn',
      '}',
      'resource "aws_iam_policy" "admin" {',
      '  policy = jsonencode({ Version = "2012-10-17", ' +
        'Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(await lines('main.tf', tf), ['21 star-on-star']);
  });
});
