/** Suppressions match a finding by check, entity and key slot or statement, not by its text. */
import * as assert from 'node:assert/strict';
import { applySuppressions, findingKey, suppressionFor } from '../../../../src/core/findings/suppress';
import type { Finding } from '../../../../src/core/findings/types';

const key = (slot: number, detail = 'old'): Finding => ({ check: 'IAM.KEYS.OLD', severity: 'medium', entity: 'arn:aws:iam::123456789012:user/a', entityType: 'user', entityName: 'a', detail, evidence: { key: { slot } } });

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
