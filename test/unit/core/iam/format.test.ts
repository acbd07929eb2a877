import { strict as assert } from 'node:assert';
import { accessKeyDescription, accessKeyWarning } from '../../../../src/core/iam/format';
import type { AccessKey } from '../../../../src/core/iam/model';

const now = new Date('2026-11-23T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const key = (k: Partial<AccessKey>): AccessKey => ({
  userName: 'u',
  accessKeyId: 'AKIAEXAMPLE000000001',
  status: 'Active',
  ...k,
});

describe('core/iam/format', () => {
  it('describes a key as status · age · last use', () => {
    assert.equal(
      accessKeyDescription(key({ created: daysAgo(37), lastUsed: { date: daysAgo(2), service: 's3' } }), now),
      'Active · 37 d · used 2 d ago, s3',
    );
    assert.equal(
      accessKeyDescription(key({ status: 'Inactive', created: daysAgo(400) }), now),
      'Inactive · 400 d · never used',
    );
    assert.equal(
      accessKeyDescription(key({ created: daysAgo(1), lastUsed: { date: now } }), now),
      'Active · 1 d · used today',
    );
  });

  it('warns on keys older than the limit, says when they are also unused, never on inactive ones', () => {
    assert.equal(
      accessKeyWarning(key({ created: daysAgo(91), lastUsed: { date: daysAgo(1) } }), 90, now),
      'older than 90 days (91 d): rotate it',
    );
    assert.equal(
      accessKeyWarning(key({ created: daysAgo(200), lastUsed: { date: daysAgo(120) } }), 90, now),
      'older than 90 days (200 d, unused for 120 d): rotate it',
    );
    assert.equal(
      accessKeyWarning(key({ created: daysAgo(100) }), 90, now),
      'older than 90 days (100 d, never used): rotate it',
    );
    assert.equal(accessKeyWarning(key({ created: daysAgo(90) }), 90, now), undefined);
    assert.equal(accessKeyWarning(key({ status: 'Inactive', created: daysAgo(500) }), 90, now), undefined);
  });
});
