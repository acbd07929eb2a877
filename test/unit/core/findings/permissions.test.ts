/**
 * Admin-equivalent principals and privilege escalation, read statement by statement through
 * principalGrant: group policies count for users, boundaries and unconditional Denies take
 * grants away, conditional Allows do not grant.
 */
import * as assert from 'node:assert/strict';
import { ESCALATION_PATHS } from '../../../../src/core/findings/permissions';
import { attach, doc, findingsOf, flagged, group, input, managed, role, snapshot, user } from './helpers';

const admin = managed('AdministratorAccess', [{ Effect: 'Allow', Action: '*', Resource: '*' }], { awsManaged: true });
const s3 = managed('S3Only', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
const denyAll = managed('DenyEverything', [{ Effect: 'Deny', Action: '*', Resource: '*' }]);
const denyMaybe = managed('DenyWithoutMfa', [
  {
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  },
]);
const adminWithMfa = managed('AdminWithMfa', [
  { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
]);

describe('findings: IAM.PRINCIPALS.ADMIN', () => {
  const policies = [admin, s3, denyAll, denyMaybe, adminWithMfa];
  const cases: Array<[string, ReturnType<typeof user> | ReturnType<typeof role>, boolean]> = [
    ['a user with AdministratorAccess attached', user('direct-admin', { attachedPolicies: [attach(admin)] }), true],
    ['a user in a group with AdministratorAccess', user('group-admin', { groups: ['admins'] }), true],
    [
      'a role with an inline `*:*` on `*`',
      role('inline-admin', undefined, {
        inlinePolicies: [{ name: 'all', document: doc({ Effect: 'Allow', Action: '*:*', Resource: '*' }) }],
      }),
      true,
    ],
    [
      'a user with a conditional Deny of everything (may not apply)',
      user('maybe-denied', { attachedPolicies: [attach(admin), attach(denyMaybe)] }),
      true,
    ],
    ['twin: a user with S3 only', user('s3-user', { attachedPolicies: [attach(s3)] }), false],
    [
      'twin: AdministratorAccess and an unconditional Deny of everything',
      user('denied', { attachedPolicies: [attach(admin), attach(denyAll)] }),
      false,
    ],
    [
      'twin: AdministratorAccess inside an S3-only boundary',
      user('bounded', { attachedPolicies: [attach(admin)], permissionsBoundaryArn: s3.arn }),
      false,
    ],
    [
      'twin: admin only with MFA (a conditional Allow)',
      role('mfa-admin', undefined, { attachedPolicies: [attach(adminWithMfa)] }),
      false,
    ],
    [
      'twin: NotAction iam:* on * (not everything)',
      role('not-action', undefined, {
        inlinePolicies: [{ name: 'na', document: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }],
      }),
      false,
    ],
  ];
  for (const [title, principal, expected] of cases) {
    it(`${expected ? 'flags' : 'does not flag'} ${title}`, () => {
      const snap = snapshot({
        users: principal.kind === 'user' ? [principal] : [],
        roles: principal.kind === 'role' ? [principal] : [],
        groups: [group('staff'), group('admins', { attachedPolicies: [attach(admin)] })],
        policies,
      });
      assert.deepEqual(flagged('IAM.PRINCIPALS.ADMIN', input({ snapshot: snap })), expected ? [principal.name] : []);
    });
  }

  it('names the granting policy and statement in the evidence', () => {
    const snap = snapshot({
      users: [user('group-admin', { groups: ['admins'] })],
      groups: [group('admins', { attachedPolicies: [attach(admin)] })],
      policies: [admin],
    });
    const [finding] = findingsOf('IAM.PRINCIPALS.ADMIN', input({ snapshot: snap }));
    const grant = finding?.evidence.grant as { policy: string; policyArn: string; statementIndex: number };
    assert.equal(grant.policy, 'AdministratorAccess');
    assert.equal(grant.policyArn, admin.arn);
    assert.equal(grant.statementIndex, 0);
  });
});

describe('findings: IAM.PRINCIPALS.PRIVILEGE_ESCALATION', () => {
  const probe = (action: string, resource = '*') => ({ Effect: 'Allow', Action: action, Resource: resource });
  // Each documented path planted alone on a user, next to a twin allowed the same actions on one named entity only.
  for (const path of ESCALATION_PATHS) {
    it(`${path.id}: flags the user allowed it on any entity, not the twin limited to one named entity`, () => {
      const planted = user('planted', {
        inlinePolicies: [{ name: 'p', document: doc(...path.needs.map(([a]) => probe(a))) }],
      });
      const twin = user('twin', {
        inlinePolicies: [
          { name: 'p', document: doc(...path.needs.map(([a]) => probe(a, `arn:aws:iam::123456789012:role/specific`))) },
        ],
      });
      const found = findingsOf(
        'IAM.PRINCIPALS.PRIVILEGE_ESCALATION',
        input({ snapshot: snapshot({ users: [planted, twin] }) }),
      );
      assert.deepEqual(
        found.map((f) => f.entityName),
        ['planted'],
      );
      assert.ok((found[0]?.evidence.paths as Array<{ path: string }>).some((p) => p.path === path.id));
    });
  }

  it('PassRole alone, or the compute call alone, is not a path', () => {
    const passOnly = user('pass-only', { inlinePolicies: [{ name: 'p', document: doc(probe('iam:PassRole')) }] });
    const runOnly = user('run-only', { inlinePolicies: [{ name: 'p', document: doc(probe('ec2:RunInstances')) }] });
    assert.deepEqual(
      flagged('IAM.PRINCIPALS.PRIVILEGE_ESCALATION', input({ snapshot: snapshot({ users: [passOnly, runOnly] }) })),
      [],
    );
  });

  it('wildcards count (iam:Attach*), ${aws:username} resources do not, admins are reported as admins only', () => {
    const wildcard = role('wildcard', undefined, {
      inlinePolicies: [{ name: 'p', document: doc(probe('iam:Attach*')) }],
    });
    const self = user('self', {
      inlinePolicies: [
        { name: 'p', document: doc(probe('iam:CreateAccessKey', 'arn:aws:iam::123456789012:user/${aws:username}')) },
      ],
    });
    const boss = user('boss', { attachedPolicies: [attach(admin)] });
    const found = findingsOf(
      'IAM.PRINCIPALS.PRIVILEGE_ESCALATION',
      input({ snapshot: snapshot({ users: [self, boss], roles: [wildcard], policies: [admin] }) }),
    );
    assert.deepEqual(
      found.map((f) => f.entityName),
      ['wildcard'],
    );
    assert.deepEqual(
      (found[0]?.evidence.paths as Array<{ path: string }>).map((p) => p.path),
      ['AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy'],
    );
  });
});
