/** The console-style summary. */
import * as assert from 'node:assert/strict';
import { summarize } from '../../../../src/core/policy/summary';
import { fakeCatalog } from './helpers';

const policy = (...statements: string[]): string =>
  `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;

describe('policy summary', () => {
  it('shows limited and full access levels per service, as the console words them', async () => {
    const s = await summarize(
      policy('{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}'),
      fakeCatalog(),
    );
    assert.equal(s.allow.length, 1);
    const row = s.allow[0];
    assert.equal(row?.name, 'Amazon S3');
    assert.equal(row?.access, 'Full: List, Read');
    assert.deepEqual(row?.levels, [
      { level: 'List', granted: 2, total: 2 },
      { level: 'Read', granted: 2, total: 2 },
    ]);
    assert.deepEqual(row?.resources, ['All resources']);
    assert.deepEqual(row?.conditions, []);
  });

  it('says Full access for service:* and counts composite levels under the specific one', async () => {
    const s = await summarize(policy('{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}'), fakeCatalog());
    assert.equal(s.allow[0]?.access, 'Full access');
    assert.deepEqual(
      s.allow[0]?.levels.map((l) => l.level),
      ['List', 'Read', 'Write', 'Permissions management', 'Tagging'],
    );
  });

  it('mixes full and limited levels', async () => {
    const s = await summarize(
      policy(
        '{"Effect": "Allow", "Action": ["iam:ListRoles", "iam:PassRole"], "Resource": "*"}',
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}',
      ),
      fakeCatalog(),
    );
    assert.deepEqual(
      s.allow.map((r) => [r.service, r.access]),
      [
        ['s3', 'Limited: Read'],
        ['iam', 'Full: List, Write'],
      ],
    );
  });

  it('separates Deny, with the service’s resources and the conditions', async () => {
    const s = await summarize(
      policy(
        '{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": ["arn:aws:s3:::prod", "arn:aws:iam::123456789012:role/x"], "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}',
      ),
      fakeCatalog(),
    );
    assert.deepEqual(s.allow, []);
    assert.equal(s.deny[0]?.access, 'Limited: Write');
    assert.deepEqual(s.deny[0]?.resources, ['arn:aws:s3:::prod']);
    assert.deepEqual(s.deny[0]?.conditions, ['aws:MultiFactorAuthPresent Bool false']);
  });

  it('merges statements of the same service and effect', async () => {
    const s = await summarize(
      policy(
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}',
        '{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}',
      ),
      fakeCatalog(),
    );
    assert.equal(s.allow.length, 1);
    assert.equal(s.allow[0]?.access, 'Limited: Read, Write');
    assert.deepEqual(s.allow[0]?.resources, ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*']);
  });

  it('shows "*" as All services, first', async () => {
    const s = await summarize(
      policy(
        '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}',
        '{"Effect": "Allow", "Action": "*", "Resource": "*"}',
      ),
      fakeCatalog(),
    );
    assert.deepEqual(
      s.allow.map((r) => [r.name, r.access]),
      [
        ['All services', 'Full access'],
        ['Amazon S3', 'Limited: Read'],
      ],
    );
  });

  it('lists unrecognized actions and services, and notes NotAction and NotResource', async () => {
    const s = await summarize(
      policy(
        '{"Effect": "Allow", "Action": ["s3:Nope", "nosuch:Get"], "Resource": "*"}',
        '{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}',
        '{"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::public/*"}',
      ),
      fakeCatalog(),
    );
    assert.deepEqual(
      s.allow.map((r) => [r.service, r.unrecognized]),
      [
        ['s3', ['s3:Nope']],
        ['nosuch', ['nosuch:Get']],
      ],
    );
    assert.match(s.notes[0] ?? '', /Statement 2 allows every action except iam:\*/);
    assert.deepEqual(s.deny[0]?.resources, ['All resources except arn:aws:s3:::public/*']);
  });

  it('gives an empty summary with a note for broken JSON', async () => {
    const s = await summarize('[', fakeCatalog());
    assert.deepEqual([s.allow, s.deny], [[], []]);
    assert.match(s.notes[0] ?? '', /not valid JSON/);
  });
});
