/** Suppressions match a finding by check, entity and key slot or statement, not by its text. */
import * as assert from 'node:assert/strict';
import { applySuppressions, findingKey, suppressionFor } from '../../../../src/core/findings/suppress';
import type { Finding } from '../../../../src/core/findings/types';

const key = (slot: number, detail = 'old'): Finding => ({
  check: 'IAM.KEYS.OLD',
  severity: 'medium',
  entity: 'arn:aws:iam::123456789012:user/a',
  entityType: 'user',
  entityName: 'a',
  detail,
  evidence: { key: { slot } },
});

describe('core/findings: suppressions', () => {
  it('suppress key 1 of a user: key 1 is suppressed (even with another detail text), key 2 stays shown', () => {
    const s = suppressionFor(key(1), '  rotated by the vendor next week ', new Date('2026-01-01T00:00:00Z'));
    assert.equal(s.reason, 'rotated by the vendor next week');
    assert.equal(s.key, 'IAM.KEYS.OLD|arn:aws:iam::123456789012:user/a|1');
    const { shown, suppressed } = applySuppressions([key(1, 'now 200 days old'), key(2)], [s]);
    assert.deepEqual(shown.map(findingKey), [findingKey(key(2))]);
    assert.equal(suppressed[0]?.suppression.reason, 'rotated by the vendor next week');
  });

  it('a suppression needs a reason', () => {
    assert.throws(() => suppressionFor(key(1), '   ', new Date()), /needs a reason/);
  });
});

describe('core/findings: key fixes', () => {
  // Imported here to keep the suppression and fix tables of the key findings together.
  it('maps key findings to deactivate or delete, finds the key by slot and creation date, and refuses a changed key', async () => {
    const { fixOf, keyOfFinding, matchReportKey } = await import('../../../../src/core/findings/fixes');
    const old: Finding = { ...key(2), evidence: { key: { slot: 2, lastRotated: '2026-01-02T00:00:00.000Z' } } };
    assert.equal(fixOf(old), 'deactivateKey');
    assert.equal(fixOf({ ...old, check: 'IAM.KEYS.INACTIVE_STALE' }), 'deleteKey');
    assert.equal(fixOf({ ...old, check: 'IAM.USERS.NO_GROUP' }), undefined);
    const target = keyOfFinding(old);
    assert.deepEqual(target, { slot: 2, created: new Date('2026-01-02T00:00:00Z') });
    const keys = [
      { id: 'B', created: new Date('2026-01-02T00:00:00Z') },
      { id: 'A', created: new Date('2025-06-01T00:00:00Z') },
    ];
    assert.equal(matchReportKey(keys, target as NonNullable<typeof target>)?.id, 'B');
    assert.equal(
      matchReportKey(
        [
          { id: 'A', created: new Date('2025-06-01T00:00:00Z') },
          { id: 'C', created: new Date('2026-03-01T00:00:00Z') },
        ],
        target as NonNullable<typeof target>,
      ),
      undefined,
    );
    const two: Finding = {
      ...old,
      check: 'IAM.KEYS.TWO_ACTIVE',
      evidence: {
        keys: [
          { slot: 1, lastRotated: '2026-02-01T00:00:00.000Z' },
          { slot: 2, lastRotated: '2026-01-01T00:00:00.000Z' },
        ],
      },
    };
    assert.deepEqual(keyOfFinding(two), { slot: 2, created: new Date('2026-01-01T00:00:00Z') }, 'the older key');
  });

  it("a policy statement finding opens its managed or inline policy; a trust finding its role's trust policy; others nothing", async () => {
    const { policyOfFinding } = await import('../../../../src/core/findings/fixes');
    const base = { severity: 'medium' as const, detail: 'd' };
    assert.deepEqual(
      policyOfFinding(
        {
          ...base,
          check: 'IAM.POLICIES.PASSROLE_ALL',
          entity: 'arn:aws:iam::123456789012:policy/team/PassAll',
          entityType: 'policy',
          entityName: 'PassAll',
          evidence: { policy: 'PassAll', kind: 'managed', statementIndex: 0 },
        },
        'p',
      ),
      {
        kind: 'managed',
        profile: 'p',
        policyArn: 'arn:aws:iam::123456789012:policy/team/PassAll',
        policyName: 'PassAll',
      },
    );
    assert.deepEqual(
      policyOfFinding(
        {
          ...base,
          check: 'IAM.POLICIES.ALLOW_NOT_ACTION',
          entity: 'arn:aws:iam::123456789012:group/ops/admins',
          entityType: 'group',
          entityName: 'admins (inline x)',
          evidence: { policy: 'x', kind: 'inline', statementIndex: 1 },
        },
        'p',
      ),
      { kind: 'inline', profile: 'p', owner: { type: 'group', name: 'admins' }, policyName: 'x' },
    );
    assert.deepEqual(
      policyOfFinding(
        {
          ...base,
          check: 'IAM.TRUST.OIDC_NO_SUB',
          entity: 'arn:aws:iam::123456789012:role/ci/deploy',
          entityType: 'role',
          entityName: 'deploy',
          evidence: {},
        },
        'p',
      ),
      { kind: 'trust', profile: 'p', roleName: 'deploy' },
    );
    assert.equal(
      policyOfFinding(
        {
          ...base,
          check: 'IAM.USERS.NO_GROUP',
          entity: 'arn:aws:iam::123456789012:user/a',
          entityType: 'user',
          entityName: 'a',
          evidence: {},
        },
        'p',
      ),
      undefined,
    );
  });
});
