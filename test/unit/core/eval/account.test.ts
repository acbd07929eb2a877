import * as assert from 'node:assert/strict';
import { gatherPolicies, simulate, whoCan } from '../../../../src/core/eval/account';
import { indexSnapshot } from '../../../../src/core/model/snapshot';
import { ACCOUNT, sampleSnapshot } from '../../../fixtures/eval/account';

const arn = (kind: string, name: string): string => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;

describe('eval: over an account snapshot', () => {
  const snapshot = sampleSnapshot();
  const index = indexSnapshot(snapshot);

  it("gathers a user's own policies, then each group's, and the boundary", () => {
    const p = gatherPolicies(index, arn('user', 'Alice'));
    assert.ok(p);
    assert.deepEqual(
      p.identity.map((s) => [s.kind, s.attachedTo, s.entity, s.name]),
      [
        ['inline', 'user', 'Alice', 'alice-inline'],
        ['managed', 'group', 'Dev', 'S3Read'],
        ['inline', 'group', 'Ops', 'ops-ec2'],
      ],
    );
    assert.equal(p.boundary?.name, 'Ceiling');
    assert.deepEqual(p.problems, []);
  });

  it('names what it could not use: an AWS managed policy not loaded, a missing group', () => {
    assert.match(
      gatherPolicies(index, arn('user', 'Bob'))?.problems[0] ?? '',
      /arn:aws:iam::aws:policy\/AdministratorAccess: not in the snapshot/,
    );
    assert.match(
      gatherPolicies(index, arn('user', 'Carol'))?.problems[0] ?? '',
      /group Gone of user Carol: not in the snapshot/,
    );
    assert.equal(gatherPolicies(index, arn('user', 'Nobody')), undefined);
    assert.equal(
      gatherPolicies(index, arn('role', 'Reader')),
      undefined,
      'the Reader role has the path /app/: its ARN has it too',
    );
    assert.equal(gatherPolicies(index, arn('role', 'app/Reader'))?.identity[0]?.name, 'read');
  });

  it('simulates actions × resources for a user in two groups with a boundary, naming the deciding statements', () => {
    const out = simulate(
      snapshot,
      arn('user', 'Alice'),
      ['s3:GetObject', 'ec2:StartInstances'],
      ['arn:aws:s3:::data/report.csv', 'arn:aws:s3:::data/secret/k'],
      { 'aws:username': 'Alice' },
    );
    assert.ok(out);
    const grid = out.results.map((r) => [r.action, r.resource, r.result.decision]);
    assert.deepEqual(grid, [
      ['s3:GetObject', 'arn:aws:s3:::data/report.csv', 'allowed'],
      ['s3:GetObject', 'arn:aws:s3:::data/secret/k', 'explicitDeny'],
      ['ec2:StartInstances', 'arn:aws:s3:::data/report.csv', 'allowed'],
      ['ec2:StartInstances', 'arn:aws:s3:::data/secret/k', 'allowed'],
    ]);
    const read = out.results[0];
    assert.equal(read?.deciding[0]?.source.name, 'S3Read');
    assert.equal(read?.deciding[0]?.statement.sid, 'ReadData');
    const deny = out.results[1]?.deciding[0];
    assert.equal(deny?.source.name, 'alice-inline');
    assert.equal(deny?.statement.sid, 'NoSecrets');
    // The position points at the statement in the policy's text, as the editor shows it.
    const text = deny?.source.document.text ?? '';
    assert.ok(deny?.position);
    assert.ok(
      text.slice(deny.position.offset).startsWith('{') &&
        text.slice(deny.position.offset, deny.position.offset + 60).includes('NoSecrets'),
    );
    // iam:*AccessKey* on her own user is allowed by her inline policy but not by the boundary.
    const keys = simulate(index, arn('user', 'Alice'), ['iam:CreateAccessKey'], [arn('user', 'Alice')], {
      'aws:username': 'Alice',
    })?.results[0];
    assert.equal(keys?.result.decision, 'implicitDeny');
    assert.equal(keys?.result.explain.decidingLayer, 'boundary');
  });

  it('who can: exactly the principals whose policies allow, with the granting statement and trust', () => {
    const entries = whoCan(snapshot, 's3:GetObject', 'arn:aws:s3:::data/x');
    assert.deepEqual(entries.map((e) => e.principal.name).sort(), ['Alice', 'Deployer', 'Reader']);
    const deployer = entries.find((e) => e.principal.name === 'Deployer');
    assert.equal(deployer?.deciding[0]?.source.name, 'Deploy');
    assert.deepEqual(
      deployer?.trustedBy?.map((t) => t.principals),
      [
        [{ type: 'AWS', values: [`arn:aws:iam::${ACCOUNT}:root`] }],
        [{ type: 'Service', values: ['lambda.amazonaws.com'] }],
      ],
    );
    assert.deepEqual(deployer?.trustedBy?.[0]?.conditions, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    assert.equal(entries.find((e) => e.principal.name === 'Alice')?.trustedBy, undefined);
    assert.deepEqual(
      whoCan(snapshot, 'lambda:UpdateFunctionCode').map((e) => e.principal.name),
      ['Deployer'],
    );
    assert.deepEqual(whoCan(snapshot, 'iam:CreateUser'), []);
  });
});
