/** Users, roles, Access Advisor and policy statements: each check on its own table. */
import * as assert from 'node:assert/strict';
import { attach, daysAgo, doc, findingsOf, flagged, input, managed, role, snapshot, user } from './helpers';

const s3Read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' };

describe('findings: user checks', () => {
  const read = managed('ReadReports', [s3Read]);

  it('IAM.USERS.DIRECT_POLICIES flags the user with an attached policy, not its twin in a group', () => {
    const snap = snapshot({
      users: [user('direct', { attachedPolicies: [attach(read)] }), user('via-group')],
      policies: [read],
    });
    assert.deepEqual(flagged('IAM.USERS.DIRECT_POLICIES', input({ snapshot: snap })), ['direct']);
  });

  it('IAM.USERS.NO_GROUP flags the user in no group', () => {
    const snap = snapshot({ users: [user('alone', { groups: [] }), user('member')] });
    assert.deepEqual(flagged('IAM.USERS.NO_GROUP', input({ snapshot: snap })), ['alone']);
  });

  it('IAM.USERS.INLINE_POLICIES flags the user with an inline policy', () => {
    const snap = snapshot({
      users: [user('inline', { inlinePolicies: [{ name: 'extra', document: doc(s3Read) }] }), user('plain')],
    });
    const found = findingsOf('IAM.USERS.INLINE_POLICIES', input({ snapshot: snap }));
    assert.deepEqual(
      found.map((f) => f.entityName),
      ['inline'],
    );
    assert.deepEqual(found[0]?.evidence.inlinePolicies, ['extra']);
  });
});

describe('findings: role and Access Advisor checks', () => {
  it('IAM.ROLES.UNUSED flags old roles unused for 90 days or never, not recent, used or service-linked ones', () => {
    const snap = snapshot({
      roles: [
        role('stale', undefined, { created: daysAgo(400), lastUsed: { date: daysAgo(90), region: 'us-east-1' } }),
        role('never', undefined, { created: daysAgo(100), lastUsed: undefined }),
        role('used', undefined, { created: daysAgo(400), lastUsed: { date: daysAgo(89), region: 'us-east-1' } }),
        role('new', undefined, { created: daysAgo(89), lastUsed: undefined }),
        role('AWSServiceRoleForSupport', undefined, {
          path: '/aws-service-role/support.amazonaws.com/',
          created: daysAgo(400),
          lastUsed: undefined,
        }),
      ],
    });
    assert.deepEqual(flagged('IAM.ROLES.UNUSED', input({ snapshot: snap })), ['never', 'stale']);
  });

  it('IAM.ACCESS_ADVISOR.UNUSED_SERVICES names the services unused for 90 days', () => {
    const a = user('a');
    const b = user('b');
    const data = new Map([
      [
        a.arn,
        [
          { namespace: 's3', name: 'Amazon S3', lastAuthenticated: daysAgo(2) },
          { namespace: 'ec2', name: 'Amazon EC2', lastAuthenticated: daysAgo(90) },
          { namespace: 'iam', name: 'IAM' },
        ],
      ],
      [b.arn, [{ namespace: 's3', name: 'Amazon S3', lastAuthenticated: daysAgo(89) }]],
    ]);
    const found = findingsOf(
      'IAM.ACCESS_ADVISOR.UNUSED_SERVICES',
      input({ snapshot: snapshot({ users: [a, b] }), serviceLastAccessed: data }),
    );
    assert.deepEqual(
      found.map((f) => f.entityName),
      ['a'],
    );
    assert.deepEqual(
      (found[0]?.evidence.services as Array<{ namespace: string }>).map((s) => s.namespace),
      ['ec2', 'iam'],
    );
  });
});

describe('findings: customer managed and inline policy statements', () => {
  interface Case {
    check: string;
    planted: unknown;
    twin: unknown;
  }
  const cases: Case[] = [
    {
      check: 'IAM.POLICIES.FULL_ADMIN',
      planted: { Effect: 'Allow', Action: '*', Resource: '*' },
      twin: {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    },
    {
      check: 'IAM.POLICIES.FULL_ADMIN',
      planted: { Effect: 'Allow', Action: ['*:*'], Resource: ['*'] },
      twin: { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
    },
    {
      check: 'IAM.POLICIES.PASSROLE_ALL',
      planted: { Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' },
      twin: { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app' },
    },
    {
      check: 'IAM.POLICIES.PASSROLE_ALL',
      planted: { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      twin: { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
    },
    {
      check: 'IAM.POLICIES.ASSUME_ROLE_ALL',
      planted: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
      twin: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/deploy' },
    },
    {
      check: 'IAM.POLICIES.ALLOW_NOT_ACTION',
      planted: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      twin: { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
    },
    {
      check: 'IAM.POLICIES.ALLOW_NOT_RESOURCE',
      planted: { Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secrets/*' },
      twin: { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::public/*' },
    },
  ];
  cases.forEach((c, i) => {
    it(`${c.check} (table row ${i + 1}): the planted statement, in a managed and an inline policy, not its twin`, () => {
      const planted = managed('Planted', [c.planted]);
      const twin = managed('Twin', [c.twin]);
      const holder = user('holder', {
        inlinePolicies: [
          { name: 'inline-planted', document: doc(c.planted) },
          { name: 'inline-twin', document: doc(c.twin) },
        ],
      });
      const found = findingsOf(c.check, input({ snapshot: snapshot({ users: [holder], policies: [planted, twin] }) }));
      const names = found.map((f) => f.entityName).sort();
      if (c.check === 'IAM.POLICIES.FULL_ADMIN')
        assert.deepEqual(names, ['Planted'], 'full admin is about customer managed policies');
      else assert.deepEqual(names, ['Planted', 'holder (inline inline-planted)']);
      assert.equal(found[0]?.evidence.statementIndex, 0);
    });
  });

  it('AWS managed policies are not judged statement by statement', () => {
    const awsAdmin = managed('AdministratorAccess', [{ Effect: 'Allow', Action: '*', Resource: '*' }], {
      awsManaged: true,
    });
    const passAll = managed('SomeAwsPolicy', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }], {
      awsManaged: true,
    });
    const data = input({ snapshot: snapshot({ policies: [awsAdmin, passAll] }) });
    assert.deepEqual(flagged('IAM.POLICIES.FULL_ADMIN', data), []);
    assert.deepEqual(flagged('IAM.POLICIES.PASSROLE_ALL', data), []);
  });

  it('IAM.POLICIES.UNATTACHED flags a customer managed policy attached to nothing and not a boundary', () => {
    const snap = snapshot({
      policies: [
        managed('Orphan', [s3Read], { attachmentCount: 0 }),
        managed('Attached', [s3Read], { attachmentCount: 2 }),
        managed('Boundary', [s3Read], { attachmentCount: 0, permissionsBoundaryUsageCount: 1 }),
        managed('AwsUnattached', [s3Read], { attachmentCount: 0, awsManaged: true }),
      ],
    });
    assert.deepEqual(flagged('IAM.POLICIES.UNATTACHED', input({ snapshot: snap })), ['Orphan']);
  });
});
