/**
 * The GetAccountAuthorizationDetails parser: SDK-shaped pages (as the SDK deserializes IAM's XML,
 * documents still URL-encoded, as in the example response of the API reference) become one
 * decoded, parsed snapshot, and its index answers the tree's questions without another request.
 */
import * as assert from 'node:assert/strict';
import type { GetAccountAuthorizationDetailsResponse } from '@aws-sdk/client-iam';
import { indexSnapshot, parseAuthorizationDetails, policyDocument } from '../../../../src/core/model/snapshot';

const enc = (doc: unknown): string => encodeURIComponent(JSON.stringify(doc));
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const readS3 = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }],
};

const pages: GetAccountAuthorizationDetailsResponse[] = [
  {
    IsTruncated: true,
    Marker: 'm1',
    UserDetailList: [
      {
        UserName: 'Alice',
        UserId: 'AIDA1',
        Arn: 'arn:aws:iam::123456789012:user/Alice',
        Path: '/',
        CreateDate: new Date('2013-10-14T18:32:24Z'),
        GroupList: ['Admins', 'Dev'],
        AttachedManagedPolicies: [{ PolicyName: 'ReadS3', PolicyArn: 'arn:aws:iam::123456789012:policy/ReadS3' }],
        UserPolicyList: [{ PolicyName: 'inline1', PolicyDocument: enc(readS3) }],
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
        },
        Tags: [{ Key: 'team', Value: 'blue' }],
      },
    ],
    GroupDetailList: [
      {
        GroupName: 'Admins',
        GroupId: 'AGPA1',
        Arn: 'arn:aws:iam::123456789012:group/Admins',
        Path: '/',
        GroupPolicyList: [],
        AttachedManagedPolicies: [
          { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        ],
      },
    ],
  },
  {
    IsTruncated: false,
    GroupDetailList: [
      { GroupName: 'Dev', GroupId: 'AGPA2', Arn: 'arn:aws:iam::123456789012:group/Dev', Path: '/dev/' },
    ],
    RoleDetailList: [
      {
        RoleName: 'ec2-app',
        RoleId: 'AROA1',
        Arn: 'arn:aws:iam::123456789012:role/ec2-app',
        Path: '/',
        AssumeRolePolicyDocument: enc(trust),
        InstanceProfileList: [
          {
            InstanceProfileName: 'ec2-app',
            InstanceProfileId: 'AIPA1',
            Arn: 'arn:aws:iam::123456789012:instance-profile/ec2-app',
            Path: '/',
            CreateDate: new Date(),
            Roles: [],
          },
        ],
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ReadS3', PolicyArn: 'arn:aws:iam::123456789012:policy/ReadS3' }],
        RoleLastUsed: { LastUsedDate: new Date('2026-11-01T00:00:00Z'), Region: 'eu-west-1' },
      },
    ],
    Policies: [
      {
        PolicyName: 'ReadS3',
        PolicyId: 'ANPA1',
        Arn: 'arn:aws:iam::123456789012:policy/ReadS3',
        Path: '/',
        DefaultVersionId: 'v2',
        AttachmentCount: 2,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        PolicyVersionList: [
          { VersionId: 'v2', IsDefaultVersion: true, Document: enc(readS3) },
          { VersionId: 'v1', IsDefaultVersion: false, Document: enc({ Version: '2012-10-17', Statement: [] }) },
        ],
      },
    ],
  },
];

describe('core/model/snapshot', () => {
  const snapshot = parseAuthorizationDetails(pages, '123456789012', new Date('2026-11-28T00:00:00Z'));

  it('decodes every URL-encoded document once and keeps it parsed', () => {
    const alice = snapshot.users[0];
    assert.equal(alice?.inlinePolicies[0]?.document.text, JSON.stringify(readS3));
    assert.deepEqual(alice?.inlinePolicies[0]?.document.json, readS3);
    assert.deepEqual(snapshot.roles[0]?.trustPolicy.json, trust);
    assert.deepEqual(snapshot.policies[0]?.defaultDocument?.json, readS3);
    assert.equal(snapshot.policies[0]?.versions.length, 2);
  });

  it('keeps raw JSON as is (emulators that do not encode) and marks unparsable text', () => {
    assert.deepEqual(policyDocument(JSON.stringify(trust)).json, trust);
    assert.equal(policyDocument('not json').json, undefined);
  });

  it('merges pages: users, groups from both pages, roles, policies, and what each carries', () => {
    assert.deepEqual(
      snapshot.groups.map((g) => g.name),
      ['Admins', 'Dev'],
    );
    const alice = snapshot.users[0];
    assert.deepEqual(alice?.groups, ['Admins', 'Dev']);
    assert.equal(alice?.permissionsBoundaryArn, 'arn:aws:iam::aws:policy/PowerUserAccess');
    assert.deepEqual(alice?.tags, [{ key: 'team', value: 'blue' }]);
    const r = snapshot.roles[0];
    assert.deepEqual(r?.instanceProfiles, ['ec2-app']);
    assert.equal(r?.lastUsed?.region, 'eu-west-1');
    assert.equal(snapshot.policies[0]?.awsManaged, false);
    assert.equal(snapshot.accountId, '123456789012');
  });

  it('indexes members and attachments', () => {
    const index = indexSnapshot(snapshot);
    assert.deepEqual(
      index.members('Dev').map((u) => u.name),
      ['Alice'],
    );
    const to = index.attachedTo('arn:aws:iam::123456789012:policy/ReadS3');
    assert.deepEqual(
      [to.users.map((u) => u.name), to.groups.length, to.roles.map((r) => r.name)],
      [['Alice'], 0, ['ec2-app']],
    );
    assert.equal(index.attachedTo('arn:aws:iam::aws:policy/AdministratorAccess').groups[0]?.name, 'Admins');
    assert.equal(index.policy('arn:aws:iam::123456789012:policy/ReadS3')?.defaultVersionId, 'v2');
    assert.equal(index.user('nobody'), undefined);
  });
});
