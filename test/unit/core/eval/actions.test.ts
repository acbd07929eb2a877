import * as assert from 'node:assert/strict';
import { actionsToOffer, evaluateActions, expandActions } from '../../../../src/core/eval/actions';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';

describe('eval: which actions (catalog expansion, only on request)', () => {
  const catalog = createIamDataCatalog();

  it("expands a service wildcard into the catalog's actions, case-insensitively", async () => {
    const actions = await expandActions(['iam:*accesskey*'], catalog);
    assert.ok(actions.includes('iam:CreateAccessKey'));
    assert.ok(actions.includes('iam:ListAccessKeys'));
    assert.ok(
      actions.every((a) => /^iam:.*AccessKey/i.test(a)),
      actions.join(', '),
    );
  });

  it('expands wildcards in the service prefix', async () => {
    const actions = await expandActions(['s3*:GetObject'], catalog);
    assert.ok(actions.includes('s3:GetObject'));
    assert.ok(
      actions.every((a) => a.startsWith('s3')),
      actions.join(', '),
    );
  });

  it('keeps an exact action the catalog does not know; drops an unmatched wildcard', async () => {
    assert.deepEqual(await expandActions(['iam:FutureAction', 'iam:Nothing*Here'], catalog), ['iam:FutureAction']);
  });

  it("offers the named services' actions first when a `*` would fill the list (AdministratorAccess + s3:Get*)", async () => {
    const offered = await actionsToOffer(['*', 's3:Get*', 'iam:PassRole'], catalog, 500);
    assert.equal(offered.length, 500);
    assert.ok(offered.includes('s3:GetObject'), 'an action of a named service is offered');
    assert.ok(offered.includes('iam:PassRole'));
    assert.deepEqual(offered, [...offered].sort());
    // An alphabetical cut of `*` alone would stop in the a… services and never reach s3.
    const cut = (await expandActions(['*'], catalog)).slice(0, 500);
    assert.ok(!cut.includes('s3:GetObject'));
    // The room left is filled from `*`.
    assert.ok(offered.some((a) => !a.startsWith('s3:') && a !== 'iam:PassRole'));
  });

  it('offers every action of narrow patterns when they fit, and a wildcard service prefix counts as broad', async () => {
    const offered = await actionsToOffer(['s3:GetObject', '*:List*'], catalog, 50);
    assert.ok(offered.includes('s3:GetObject'));
    assert.equal(offered.length, 50);
    assert.ok(
      offered.every((a) => a === 's3:GetObject' || /:List/.test(a)),
      offered.join(', '),
    );
  });

  it('decides each expanded action', async () => {
    const results = await evaluateActions(
      {
        identityPolicies: [
          {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'iam:Get*', Resource: '*' },
              { Effect: 'Deny', Action: 'iam:GetUser', Resource: '*' },
            ],
          },
        ],
        request: { principal: 'arn:aws:iam::111122223333:user/A', resource: '*' },
      },
      ['iam:GetUser', 'iam:GetRole', 'iam:ListUsers'],
      catalog,
    );
    assert.deepEqual(
      results.map((r) => [r.action, r.result.decision]),
      [
        ['iam:GetRole', 'allowed'],
        ['iam:GetUser', 'explicitDeny'],
        ['iam:ListUsers', 'implicitDeny'],
      ],
    );
  });
});
