import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  AttachGroupPolicyCommand,
  paginateListPolicies,
} from '@aws-sdk/client-iam';
import { failure, iamClient, POLICY, TRUST, useEmulator } from './helpers.js';

const ARN = 'arn:aws:iam::123456789012:policy/app/app-read';
const doc = (action: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*', ...extra }] });

describe('emulator: managed policies', () => {
  const ctx = useEmulator();

  it('creates a customer managed policy and returns the document URL-encoded', async () => {
    const { Policy } = await ctx.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'app-read',
        Path: '/app/',
        PolicyDocument: POLICY,
        Description: 'read app bucket',
        Tags: [{ Key: 'a', Value: 'b' }],
      }),
    );
    assert.equal(Policy?.Arn, ARN);
    assert.match(Policy?.PolicyId ?? '', /^ANPA[A-Z0-9]{17}$/);
    assert.equal(Policy?.DefaultVersionId, 'v1');
    assert.equal(Policy?.AttachmentCount, 0);
    const got = await ctx.iam.send(new GetPolicyCommand({ PolicyArn: ARN }));
    assert.equal(got.Policy?.Description, 'read app bucket');
    const version = await ctx.iam.send(new GetPolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v1' }));
    assert.equal(version.PolicyVersion?.Document, encodeURIComponent(POLICY));
    assert.equal(version.PolicyVersion?.IsDefaultVersion, true);
    const dup = await failure(
      ctx.iam.send(new CreatePolicyCommand({ PolicyName: 'APP-READ', PolicyDocument: POLICY })),
    );
    assert.equal(dup.name, 'EntityAlreadyExistsException');
  });

  it('keeps at most 5 versions, ids keep counting after deletions, default cannot be deleted', async () => {
    for (let i = 2; i <= 5; i++)
      await ctx.iam.send(new CreatePolicyVersionCommand({ PolicyArn: ARN, PolicyDocument: doc(`s3:Get${i}`) }));
    const sixth = await failure(
      ctx.iam.send(new CreatePolicyVersionCommand({ PolicyArn: ARN, PolicyDocument: POLICY })),
    );
    assert.equal(sixth.name, 'LimitExceededException');
    assert.equal(sixth.status, 409);
    const deleteDefault = await failure(
      ctx.iam.send(new DeletePolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v1' })),
    );
    assert.equal(deleteDefault.name, 'DeleteConflictException');
    assert.equal(deleteDefault.message, 'Cannot delete the default version of a policy.');
    await ctx.iam.send(new DeletePolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v3' }));
    const created = await ctx.iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: ARN, PolicyDocument: doc('s3:Get6'), SetAsDefault: true }),
    );
    assert.equal(created.PolicyVersion?.VersionId, 'v6');
    assert.equal(created.PolicyVersion?.IsDefaultVersion, true);
    const versions = await ctx.iam.send(new ListPolicyVersionsCommand({ PolicyArn: ARN }));
    assert.deepEqual(
      versions.Versions?.map((v) => v.VersionId),
      ['v6', 'v5', 'v4', 'v2', 'v1'],
    );
    await ctx.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v2' }));
    assert.equal((await ctx.iam.send(new GetPolicyCommand({ PolicyArn: ARN }))).Policy?.DefaultVersionId, 'v2');
    assert.equal(
      (await failure(ctx.iam.send(new GetPolicyVersionCommand({ PolicyArn: ARN, VersionId: 'v3' })))).status,
      404,
    );
  });

  it('refuses DeletePolicy while attached or with extra versions', async () => {
    await ctx.iam.send(new CreateUserCommand({ UserName: 'u1' }));
    await ctx.iam.send(new AttachUserPolicyCommand({ UserName: 'u1', PolicyArn: ARN }));
    const attached = await failure(ctx.iam.send(new DeletePolicyCommand({ PolicyArn: ARN })));
    assert.equal(attached.message, 'Cannot delete a policy attached to entities.');
    await ctx.iam.send(new DetachUserPolicyCommand({ UserName: 'u1', PolicyArn: ARN }));
    const versions = await failure(ctx.iam.send(new DeletePolicyCommand({ PolicyArn: ARN })));
    assert.equal(versions.name, 'DeleteConflictException');
    assert.match(versions.message, /must delete the policy's versions/);
    for (const v of ['v1', 'v4', 'v5', 'v6'])
      await ctx.iam.send(new DeletePolicyVersionCommand({ PolicyArn: ARN, VersionId: v }));
    await ctx.iam.send(new DeletePolicyCommand({ PolicyArn: ARN }));
    assert.equal((await failure(ctx.iam.send(new GetPolicyCommand({ PolicyArn: ARN })))).name, 'NoSuchEntityException');
  });

  it('rejects malformed documents with MalformedPolicyDocument and IAM messages', async () => {
    const cases: Array<[string, string]> = [
      ['{not json', 'Syntax errors in policy.'],
      [
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: 's3:*', Resource: '*' }] }),
        'Missing required field Effect',
      ],
      [
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }),
        'Policy statement must contain actions.',
      ],
      [
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*' }] }),
        'Policy statement must contain resources.',
      ],
      [doc('s3:*', { Principal: '*' }), 'Policy document should not specify a principal.'],
      [
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: 's3:*', Resource: '*' }] }),
        'Invalid effect: Maybe',
      ],
      [
        JSON.stringify({ Version: '2020-01-01', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
        'The policy failed legacy parsing',
      ],
      [doc('GetObject'), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ];
    for (const [document, message] of cases) {
      const error = await failure(
        ctx.iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: document })),
      );
      assert.equal(error.name, 'MalformedPolicyDocumentException', document);
      assert.equal(error.status, 400);
      assert.equal(error.message, message);
    }
    const notAction = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::x' }],
    });
    await ctx.iam.send(new CreatePolicyCommand({ PolicyName: 'not-action', PolicyDocument: notAction }));
  });

  it('enforces 6,144 non-whitespace characters for managed policies', async () => {
    const resources = (n: number) =>
      Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}`);
    const fits = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: resources(190) }] },
      null,
      8,
    );
    assert.ok(fits.length > 6144, 'white space pushes it past the limit, but does not count');
    await ctx.iam.send(new CreatePolicyCommand({ PolicyName: 'fits', PolicyDocument: fits }));
    const tooBig = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: resources(240) }],
    });
    const error = await failure(
      ctx.iam.send(new CreatePolicyCommand({ PolicyName: 'too-big', PolicyDocument: tooBig })),
    );
    assert.equal(error.name, 'LimitExceededException');
    assert.equal(error.message, 'Cannot exceed quota for PolicySize: 6144');
  });

  it('tags customer managed policies', async () => {
    const arn = 'arn:aws:iam::123456789012:policy/fits';
    await ctx.iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'owner', Value: 'me' }] }));
    assert.deepEqual((await ctx.iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [
      { Key: 'owner', Value: 'me' },
    ]);
    await ctx.iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['owner'] }));
    assert.deepEqual((await ctx.iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, []);
  });

  it('has real AWS managed policies that cannot be changed', async () => {
    const { Policy } = await ctx.iam.send(
      new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }),
    );
    assert.equal(Policy?.PolicyName, 'AWSLambdaBasicExecutionRole');
    assert.equal(Policy?.Path, '/service-role/');
    const admin = await ctx.iam.send(
      new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' }),
    );
    assert.deepEqual(JSON.parse(decodeURIComponent(admin.PolicyVersion?.Document ?? '')).Statement, [
      { Effect: 'Allow', Action: '*', Resource: '*' },
    ]);
    const denied = await failure(
      ctx.iam.send(new DeletePolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.status, 403);
  });

  it('ListPolicies filters by Scope, OnlyAttached and PathPrefix and pages', async () => {
    const all: string[] = [];
    for await (const page of paginateListPolicies({ client: ctx.iam, pageSize: 6 }, { Scope: 'AWS' }))
      all.push(...(page.Policies ?? []).map((p) => p.Arn ?? ''));
    assert.ok(all.length >= 20);
    assert.ok(all.every((arn) => arn.startsWith('arn:aws:iam::aws:policy/')));
    const local = await ctx.iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    assert.deepEqual(
      local.Policies?.map((p) => p.PolicyName),
      ['fits', 'not-action'],
    );
    const attached = await ctx.iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    assert.deepEqual(
      attached.Policies?.map((p) => p.PolicyName),
      ['AdministratorAccess'],
      'the admin user has it',
    );
    const jobFunctions = await ctx.iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/' }));
    assert.ok(jobFunctions.Policies?.some((p) => p.Arn === 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'));
    const bad = await failure(ctx.iam.send(new ListPoliciesCommand({ Scope: 'Everything' as 'All' })));
    assert.equal(bad.name, 'ValidationError');
  });
});

describe('emulator: attachments and inline policies', () => {
  const ctx = useEmulator();
  const awsPolicies = [
    'AdministratorAccess',
    'ReadOnlyAccess',
    'PowerUserAccess',
    'IAMFullAccess',
    'IAMReadOnlyAccess',
    'AmazonS3FullAccess',
    'AmazonS3ReadOnlyAccess',
    'AmazonEC2FullAccess',
    'AmazonEC2ReadOnlyAccess',
    'AmazonDynamoDBFullAccess',
    'AmazonSQSFullAccess',
  ].map((n) => `arn:aws:iam::aws:policy/${n}`);

  before(async () => {
    await ctx.iam.send(new CreateUserCommand({ UserName: 'dana' }));
    await ctx.iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await ctx.iam.send(new CreateRoleCommand({ RoleName: 'worker', AssumeRolePolicyDocument: TRUST() }));
  });

  it('attaches up to 10 managed policies per entity, then LimitExceeded', async () => {
    for (const arn of awsPolicies.slice(0, 10))
      await ctx.iam.send(new AttachUserPolicyCommand({ UserName: 'dana', PolicyArn: arn }));
    const error = await failure(
      iamClient(ctx.emulator, { maxAttempts: 1 }).send(
        new AttachUserPolicyCommand({ UserName: 'dana', PolicyArn: awsPolicies[10] }),
      ),
    );
    assert.equal(error.name, 'LimitExceededException');
    assert.equal(error.message, 'Cannot exceed quota for PoliciesPerUser: 10');
    const page = await ctx.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'dana', MaxItems: 4 }));
    assert.equal(page.AttachedPolicies?.length, 4);
    assert.equal(page.IsTruncated, true);
    const unknown = await failure(
      ctx.iam.send(
        new AttachUserPolicyCommand({ UserName: 'dana', PolicyArn: 'arn:aws:iam::123456789012:policy/nope' }),
      ),
    );
    assert.equal(unknown.status, 404);
  });

  it('attaches to groups and roles and lists the entities for a policy', async () => {
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    await ctx.iam.send(new AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: arn }));
    await ctx.iam.send(new AttachRolePolicyCommand({ RoleName: 'worker', PolicyArn: arn }));
    assert.deepEqual(
      (await ctx.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'ops' }))).AttachedPolicies,
      [{ PolicyName: 'ReadOnlyAccess', PolicyArn: arn }],
    );
    assert.deepEqual(
      (await ctx.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'worker' }))).AttachedPolicies,
      [{ PolicyName: 'ReadOnlyAccess', PolicyArn: arn }],
    );
    const entities = await ctx.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    assert.deepEqual(
      entities.PolicyGroups?.map((g) => g.GroupName),
      ['ops'],
    );
    assert.deepEqual(
      entities.PolicyUsers?.map((u) => u.UserName),
      ['dana'],
    );
    assert.deepEqual(
      entities.PolicyRoles?.map((r) => r.RoleName),
      ['worker'],
    );
    const rolesOnly = await ctx.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
    assert.deepEqual([rolesOnly.PolicyUsers, rolesOnly.PolicyGroups, rolesOnly.PolicyRoles?.length], [[], [], 1]);
    assert.equal((await ctx.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 3);
  });

  it('puts, gets, lists and deletes inline policies for users, groups and roles', async () => {
    await ctx.iam.send(new PutUserPolicyCommand({ UserName: 'dana', PolicyName: 'inline-u', PolicyDocument: POLICY }));
    await ctx.iam.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'inline-g', PolicyDocument: POLICY }));
    await ctx.iam.send(
      new PutRolePolicyCommand({ RoleName: 'worker', PolicyName: 'inline-r', PolicyDocument: POLICY }),
    );
    const u = await ctx.iam.send(new GetUserPolicyCommand({ UserName: 'dana', PolicyName: 'inline-u' }));
    assert.deepEqual([u.UserName, u.PolicyName, u.PolicyDocument], ['dana', 'inline-u', encodeURIComponent(POLICY)]);
    assert.equal(
      (await ctx.iam.send(new GetGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'inline-g' }))).PolicyDocument,
      encodeURIComponent(POLICY),
    );
    assert.equal(
      (await ctx.iam.send(new GetRolePolicyCommand({ RoleName: 'worker', PolicyName: 'inline-r' }))).PolicyDocument,
      encodeURIComponent(POLICY),
    );
    assert.deepEqual((await ctx.iam.send(new ListUserPoliciesCommand({ UserName: 'dana' }))).PolicyNames, ['inline-u']);
    assert.deepEqual((await ctx.iam.send(new ListGroupPoliciesCommand({ GroupName: 'ops' }))).PolicyNames, [
      'inline-g',
    ]);
    assert.deepEqual((await ctx.iam.send(new ListRolePoliciesCommand({ RoleName: 'worker' }))).PolicyNames, [
      'inline-r',
    ]);
    const conflict = await failure(ctx.iam.send(new DeleteUserCommand({ UserName: 'dana' })));
    assert.equal(conflict.message, 'Cannot delete entity, must delete policies first.');
    await ctx.iam.send(new DeleteUserPolicyCommand({ UserName: 'dana', PolicyName: 'inline-u' }));
    await ctx.iam.send(new DeleteGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'inline-g' }));
    await ctx.iam.send(new DeleteRolePolicyCommand({ RoleName: 'worker', PolicyName: 'inline-r' }));
    const gone = await failure(ctx.iam.send(new GetUserPolicyCommand({ UserName: 'dana', PolicyName: 'inline-u' })));
    assert.equal(gone.message, 'The user policy with name inline-u cannot be found.');
  });

  it('limits inline policy totals: user 2,048, group 5,120, role 10,240', async () => {
    const sized = (n: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: Array.from({ length: n }, (_, i) => `arn:aws:s3:::b${String(i).padStart(5, '0')}`),
          },
        ],
      });
    await ctx.iam.send(new PutUserPolicyCommand({ UserName: 'dana', PolicyName: 'a', PolicyDocument: sized(50) }));
    const user = await failure(
      ctx.iam.send(new PutUserPolicyCommand({ UserName: 'dana', PolicyName: 'b', PolicyDocument: sized(50) })),
    );
    assert.equal(user.name, 'LimitExceededException');
    assert.equal(user.message, 'Maximum policy size of 2048 bytes exceeded for user dana');
    await ctx.iam.send(new PutUserPolicyCommand({ UserName: 'dana', PolicyName: 'a', PolicyDocument: sized(60) }));
    await ctx.iam.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'a', PolicyDocument: sized(200) }));
    assert.equal(
      (
        await failure(
          ctx.iam.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'a', PolicyDocument: sized(260) })),
        )
      ).status,
      409,
    );
    await ctx.iam.send(new PutRolePolicyCommand({ RoleName: 'worker', PolicyName: 'a', PolicyDocument: sized(400) }));
    assert.equal(
      (
        await failure(
          ctx.iam.send(new PutRolePolicyCommand({ RoleName: 'worker', PolicyName: 'b', PolicyDocument: sized(200) })),
        )
      ).name,
      'LimitExceededException',
    );
  });
});

describe('emulator: raw policy documents', () => {
  const ctx = useEmulator({ policyDocumentEncoding: 'raw' });

  it('returns plain JSON documents when started with policyDocumentEncoding raw', async () => {
    await ctx.iam.send(new CreatePolicyCommand({ PolicyName: 'raw', PolicyDocument: POLICY }));
    const version = await ctx.iam.send(
      new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::123456789012:policy/raw', VersionId: 'v1' }),
    );
    assert.equal(version.PolicyVersion?.Document, POLICY);
    const trust = TRUST();
    const { Role } = await ctx.iam.send(new CreateRoleCommand({ RoleName: 'raw', AssumeRolePolicyDocument: trust }));
    assert.equal(Role?.AssumeRolePolicyDocument, trust);
  });
});
