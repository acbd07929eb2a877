/**
 * Effective permissions: identity policies combined and limited by the boundary, then
 * summarized as the console does. Against the real action catalog.
 */
import * as assert from 'node:assert/strict';
import { effectivePolicy } from '../../../../src/core/eval/effective';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import { summarize } from '../../../../src/core/policy/summary';

const catalog = createIamDataCatalog();
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

describe('core/eval/effective', function () {
  this.timeout(30_000);

  it('without a boundary or denies, statements are kept as written', async () => {
    const s3 = doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::logs/*' });
    const r = await effectivePolicy([s3], null, catalog);
    assert.deepEqual(JSON.parse(r.text), s3);
    assert.deepEqual(r.notes, []);
  });

  it('a boundary keeps only the actions it allows: AdministratorAccess within a read-only S3 boundary is S3 reads', async () => {
    const admin = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
    const boundary = doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' });
    const r = await effectivePolicy([admin], boundary, catalog);
    const actions = JSON.parse(r.text).Statement[0].Action as string[];
    assert.ok(actions.includes('s3:GetObject') && actions.includes('s3:ListBucket'));
    assert.ok(
      actions.every((a) => /^s3:(Get|List)/.test(a)),
      'nothing but S3 Get*/List*',
    );
    const summary = await summarize(r.text, catalog);
    assert.deepEqual(
      summary.allow.map((s) => s.service),
      ['s3'],
    );
    assert.match(summary.allow[0]?.access ?? '', /List/);
    assert.doesNotMatch(summary.allow[0]?.access ?? '', /Write/);
  });

  it('a blanket Deny removes its actions; a conditional Deny stays a Deny statement', async () => {
    const allow = doc(
      { Effect: 'Allow', Action: 'iam:*User*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 'iam:CreateUser',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    );
    const r = await effectivePolicy([allow], null, catalog);
    const statements = JSON.parse(r.text).Statement as { Effect: string; Action: string[] | string }[];
    const allowed = statements.find((s) => s.Effect === 'Allow')?.Action as string[];
    assert.ok(!allowed.includes('iam:DeleteUser'));
    assert.ok(allowed.includes('iam:CreateUser'), 'a conditional Deny does not remove the action outright');
    assert.equal(statements.filter((s) => s.Effect === 'Deny').length, 2);
  });

  it('NotAction is expanded, and a statement the boundary empties is named', async () => {
    const notIam = doc(
      { Sid: 'AllButIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      { Sid: 'Iam', Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' },
    );
    const boundary = doc({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '*' });
    const r = await effectivePolicy([notIam], boundary, catalog);
    const statements = JSON.parse(r.text).Statement as { Sid?: string; Action: string[] }[];
    assert.deepEqual(
      statements.map((s) => [s.Sid, s.Action]),
      [['AllButIam', ['sqs:SendMessage']]],
    );
    assert.deepEqual(r.notes, ['Statement 2 (Iam) grants nothing within the permissions boundary.']);
  });

  it('says the boundary is applied by action only when it limits resources', async () => {
    const r = await effectivePolicy(
      [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
      doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' }),
      catalog,
    );
    assert.equal(r.notes.length, 1);
    assert.match(r.notes[0] ?? '', /by action only/);
  });
});
