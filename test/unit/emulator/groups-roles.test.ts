import assert from 'node:assert/strict';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachGroupPolicyCommand,
  GetGroupCommand,
  GetRoleCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  RemoveUserFromGroupCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { failure, TRUST, useEmulator } from './helpers.js';

describe('emulator: groups', () => {
  const ctx = useEmulator();

  it('creates groups, adds members and pages GetGroup members', async () => {
    const { Group } = await ctx.iam.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/eng/' }));
    assert.match(Group?.GroupId ?? '', /^AGPA[A-Z0-9]{17}$/);
    assert.equal(Group?.Arn, 'arn:aws:iam::123456789012:group/eng/devs');
    for (let i = 0; i < 5; i++) {
      await ctx.iam.send(new CreateUserCommand({ UserName: `dev${i}` }));
      await ctx.iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: `dev${i}` }));
    }
    const first = await ctx.iam.send(new GetGroupCommand({ GroupName: 'devs', MaxItems: 3 }));
    assert.equal(first.Group?.GroupName, 'devs');
    assert.deepEqual(
      first.Users?.map((u) => u.UserName),
      ['dev0', 'dev1', 'dev2'],
    );
    assert.equal(first.IsTruncated, true);
    const second = await ctx.iam.send(new GetGroupCommand({ GroupName: 'devs', MaxItems: 3, Marker: first.Marker }));
    assert.deepEqual(
      second.Users?.map((u) => u.UserName),
      ['dev3', 'dev4'],
    );
    assert.equal(second.IsTruncated, false);
    const groups = await ctx.iam.send(new ListGroupsForUserCommand({ UserName: 'dev1' }));
    assert.deepEqual(
      groups.Groups?.map((g) => g.GroupName),
      ['devs'],
    );
    const listed = await ctx.iam.send(new ListGroupsCommand({ PathPrefix: '/eng/' }));
    assert.deepEqual(
      listed.Groups?.map((g) => g.GroupName),
      ['devs'],
    );
  });

  it('refuses to delete a group with members or policies (DeleteConflict 409)', async () => {
    const withMembers = await failure(ctx.iam.send(new DeleteGroupCommand({ GroupName: 'devs' })));
    assert.equal(withMembers.name, 'DeleteConflictException');
    assert.equal(withMembers.status, 409);
    assert.equal(withMembers.message, 'Cannot delete entity, must remove users from group first.');
    for (let i = 0; i < 5; i++)
      await ctx.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: `dev${i}` }));
    await ctx.iam.send(
      new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    const withPolicy = await failure(ctx.iam.send(new DeleteGroupCommand({ GroupName: 'devs' })));
    assert.equal(withPolicy.message, 'Cannot delete entity, must detach all policies first.');
    await ctx.iam.send(
      new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    await ctx.iam.send(new DeleteGroupCommand({ GroupName: 'devs' }));
    assert.equal((await failure(ctx.iam.send(new GetGroupCommand({ GroupName: 'devs' })))).status, 404);
  });

  it('RemoveUserFromGroup for a non-member is NoSuchEntity', async () => {
    await ctx.iam.send(new CreateGroupCommand({ GroupName: 'empty' }));
    assert.equal(
      (await failure(ctx.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'empty', UserName: 'dev0' })))).status,
      404,
    );
  });
});

describe('emulator: roles and instance profiles', () => {
  const ctx = useEmulator();

  it('creates a role and returns its trust policy URL-encoded, as IAM does', async () => {
    const trust = TRUST();
    const { Role } = await ctx.iam.send(
      new CreateRoleCommand({
        RoleName: 'lambda-exec',
        Path: '/service-role/',
        AssumeRolePolicyDocument: trust,
        Description: 'runs lambdas',
        MaxSessionDuration: 7200,
      }),
    );
    assert.match(Role?.RoleId ?? '', /^AROA[A-Z0-9]{17}$/);
    assert.equal(Role?.Arn, 'arn:aws:iam::123456789012:role/service-role/lambda-exec');
    assert.equal(Role?.AssumeRolePolicyDocument, encodeURIComponent(trust));
    const got = await ctx.iam.send(new GetRoleCommand({ RoleName: 'lambda-exec' }));
    assert.equal(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''), trust);
    assert.equal(got.Role?.MaxSessionDuration, 7200);
    assert.equal(got.Role?.Description, 'runs lambdas');
    assert.deepEqual(got.Role?.RoleLastUsed, {}, 'never used');
  });

  it('updates description, max session duration and the trust policy', async () => {
    await ctx.iam.send(
      new UpdateRoleCommand({ RoleName: 'lambda-exec', Description: 'new', MaxSessionDuration: 3600 }),
    );
    const trust = TRUST({ AWS: 'arn:aws:iam::123456789012:root' });
    await ctx.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'lambda-exec', PolicyDocument: trust }));
    const { Role } = await ctx.iam.send(new GetRoleCommand({ RoleName: 'lambda-exec' }));
    assert.equal(Role?.Description, 'new');
    assert.equal(Role?.MaxSessionDuration, 3600);
    assert.equal(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''), trust);
    const bad = await failure(ctx.iam.send(new UpdateRoleCommand({ RoleName: 'lambda-exec', MaxSessionDuration: 60 })));
    assert.equal(bad.name, 'ValidationError');
  });

  it('validates trust policies: Principal required, Resource forbidden, size 2,048', async () => {
    const noPrincipal = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }],
    });
    const e1 = await failure(
      ctx.iam.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: noPrincipal })),
    );
    assert.equal(e1.name, 'MalformedPolicyDocumentException');
    assert.equal(e1.status, 400);
    assert.equal(e1.message, 'Missing required field Principal');
    const withResource = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' },
      ],
    });
    assert.equal(
      (await failure(ctx.iam.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: withResource }))))
        .message,
      'Has prohibited field Resource',
    );
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            AWS: Array.from({ length: 60 }, (_, i) => `arn:aws:iam::1234567890${String(i).padStart(2, '0')}:root`),
          },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    const tooBig = await failure(
      ctx.iam.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: big })),
    );
    assert.equal(tooBig.name, 'LimitExceededException');
    assert.equal(tooBig.status, 409);
  });

  it('lists roles with paging and a path prefix', async () => {
    for (let i = 0; i < 12; i++)
      await ctx.iam.send(
        new CreateRoleCommand({ RoleName: `app-${i}`, Path: '/apps/', AssumeRolePolicyDocument: TRUST() }),
      );
    const page = await ctx.iam.send(new ListRolesCommand({ PathPrefix: '/apps/', MaxItems: 5 }));
    assert.equal(page.Roles?.length, 5);
    assert.equal(page.IsTruncated, true);
    assert.equal(page.Roles?.[0].Tags, undefined);
  });

  it('tags roles', async () => {
    await ctx.iam.send(new TagRoleCommand({ RoleName: 'app-0', Tags: [{ Key: 'env', Value: 'prod' }] }));
    assert.deepEqual((await ctx.iam.send(new ListRoleTagsCommand({ RoleName: 'app-0' }))).Tags, [
      { Key: 'env', Value: 'prod' },
    ]);
    await ctx.iam.send(new UntagRoleCommand({ RoleName: 'app-0', TagKeys: ['env'] }));
    assert.deepEqual((await ctx.iam.send(new ListRoleTagsCommand({ RoleName: 'app-0' }))).Tags, []);
  });

  it('instance profiles block DeleteRole until the role is removed', async () => {
    const { InstanceProfile } = await ctx.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
    assert.match(InstanceProfile?.InstanceProfileId ?? '', /^AIPA[A-Z0-9]{17}$/);
    await ctx.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'app-1' }));
    const listed = await ctx.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'app-1' }));
    assert.deepEqual(
      listed.InstanceProfiles?.map((p) => p.InstanceProfileName),
      ['web'],
    );
    assert.deepEqual(
      listed.InstanceProfiles?.[0].Roles?.map((r) => r.RoleName),
      ['app-1'],
    );
    const conflict = await failure(ctx.iam.send(new DeleteRoleCommand({ RoleName: 'app-1' })));
    assert.equal(conflict.name, 'DeleteConflictException');
    assert.equal(conflict.message, 'Cannot delete entity, must remove roles from instance profile first.');
    assert.equal(
      (await failure(ctx.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })))).status,
      409,
    );
    await ctx.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'app-1' }));
    await ctx.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await ctx.iam.send(new DeleteRoleCommand({ RoleName: 'app-1' }));
    assert.equal((await failure(ctx.iam.send(new GetRoleCommand({ RoleName: 'app-1' })))).status, 404);
  });
});
