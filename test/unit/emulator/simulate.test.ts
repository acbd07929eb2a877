// SimulatePrincipalPolicy / SimulateCustomPolicy in the emulator, answered by the evaluation
// engine, through the real SDK: the wiring that "Compare with IAM's simulator" needs.
import assert from 'node:assert/strict';
import { SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import type { Seed } from '../../emulator/index.js';
import { failure, useEmulator } from './helpers.js';

const ACCOUNT = '111122223333';
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const readData = doc({
  Sid: 'ReadData',
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:ListBucket'],
  Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'],
});
const aliceInline = doc(
  { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::data/secret/*' },
  {
    Sid: 'OwnKeys',
    Effect: 'Allow',
    Action: 'iam:*AccessKey*',
    Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
  },
);
const seed: Seed = {
  accountId: ACCOUNT,
  policies: [
    { name: 'S3Read', versions: [readData] },
    { name: 'Ceiling', versions: [doc({ Sid: 'Ceiling', Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*' })] },
  ],
  groups: [
    { name: 'Dev', attachedPolicies: ['S3Read'] },
    {
      name: 'Ops',
      inlinePolicies: [
        {
          name: 'ops-ec2',
          document: doc({ Sid: 'StartStop', Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*' }),
        },
      ],
    },
  ],
  users: [
    {
      name: 'Alice',
      groups: ['Dev', 'Ops'],
      inlinePolicies: [{ name: 'alice-inline', document: aliceInline }],
      permissionsBoundary: 'Ceiling',
    },
  ],
};
/** 1-based line of the statement holding `"Sid": "<sid>"` in the seed's 4-space JSON (the brace is the line before). */
const lineOf = (document: unknown, sid: string): number =>
  JSON.stringify(document, null, 4)
    .split('\n')
    .findIndex((l) => l.includes(`"Sid": "${sid}"`));

describe('emulator: SimulatePrincipalPolicy and SimulateCustomPolicy (the engine)', () => {
  const ctx = useEmulator({ seed });
  const alice = `arn:aws:iam::${ACCOUNT}:user/Alice`;

  it('decides for a user in two groups with a boundary, naming the matched statements and their lines', async () => {
    const out = await ctx.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: alice,
        ActionNames: ['s3:GetObject', 'ec2:StartInstances', 'iam:CreateAccessKey'],
        ResourceArns: ['arn:aws:s3:::data/secret/k', 'arn:aws:s3:::data/report.csv'],
        ContextEntries: [{ ContextKeyName: 'aws:username', ContextKeyType: 'string', ContextKeyValues: ['Alice'] }],
      }),
    );
    const grid = out.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]);
    assert.deepEqual(grid, [
      ['s3:GetObject', 'arn:aws:s3:::data/secret/k', 'explicitDeny'],
      ['s3:GetObject', 'arn:aws:s3:::data/report.csv', 'allowed'],
      ['ec2:StartInstances', 'arn:aws:s3:::data/secret/k', 'allowed'],
      ['ec2:StartInstances', 'arn:aws:s3:::data/report.csv', 'allowed'],
      ['iam:CreateAccessKey', 'arn:aws:s3:::data/secret/k', 'implicitDeny'],
      ['iam:CreateAccessKey', 'arn:aws:s3:::data/report.csv', 'implicitDeny'],
    ]);
    const deny = out.EvaluationResults?.[0]?.MatchedStatements?.[0];
    assert.deepEqual(deny, {
      SourcePolicyId: 'alice-inline',
      SourcePolicyType: 'user',
      StartPosition: { Line: lineOf(aliceInline, 'NoSecrets'), Column: 9 },
    });
    const grant = out.EvaluationResults?.[1]?.MatchedStatements?.[0];
    assert.deepEqual(grant, {
      SourcePolicyId: 'S3Read',
      SourcePolicyType: 'user-managed',
      StartPosition: { Line: lineOf(readData, 'ReadData'), Column: 9 },
    });
    assert.equal(out.EvaluationResults?.[1]?.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, true);
    assert.equal(out.EvaluationResults?.[4]?.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, false);
  });

  it('the boundary is what stops Alice managing her own keys', async () => {
    const out = await ctx.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: alice,
        ActionNames: ['iam:CreateAccessKey'],
        ResourceArns: [alice],
        ContextEntries: [{ ContextKeyName: 'aws:username', ContextKeyType: 'string', ContextKeyValues: ['Alice'] }],
      }),
    );
    assert.equal(out.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
    assert.equal(out.EvaluationResults?.[0]?.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, false);
  });

  it('custom policies: lists missing context keys, takes list-typed context values', async () => {
    const policy = JSON.stringify(
      doc({
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: '*',
        Condition: {
          'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] },
          StringEquals: { 'aws:PrincipalTag/team': 'red' },
        },
      }),
    );
    const missing = await ctx.iam.send(
      new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames: ['ec2:CreateTags'] }),
    );
    assert.equal(missing.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
    assert.deepEqual(missing.EvaluationResults?.[0]?.MissingContextValues, ['aws:PrincipalTag/team', 'aws:TagKeys']);
    const given = await ctx.iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [policy],
        ActionNames: ['ec2:CreateTags'],
        ContextEntries: [
          { ContextKeyName: 'aws:TagKeys', ContextKeyType: 'stringList', ContextKeyValues: ['owner', 'env'] },
          { ContextKeyName: 'aws:PrincipalTag/team', ContextKeyType: 'string', ContextKeyValues: ['red'] },
        ],
      }),
    );
    assert.equal(given.EvaluationResults?.[0]?.EvalDecision, 'allowed');
  });

  it('refuses what IAM refuses: an unknown entity, wildcard actions, an unreadable policy', async () => {
    const unknown = await failure(
      ctx.iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/Nobody`,
          ActionNames: ['s3:GetObject'],
        }),
      ),
    );
    assert.equal(unknown.name, 'NoSuchEntityException');
    const wild = await failure(
      ctx.iam.send(
        new SimulateCustomPolicyCommand({ PolicyInputList: [JSON.stringify(readData)], ActionNames: ['s3:*'] }),
      ),
    );
    assert.equal(wild.name, 'InvalidInputException');
    const bad = await failure(
      ctx.iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: ['{"Statement": [{"Effect": "Maybe", "Action": "*"}]}'],
          ActionNames: ['s3:GetObject'],
        }),
      ),
    );
    assert.equal(bad.name, 'InvalidInputException');
    assert.match(bad.message, /Effect/);
  });
});
