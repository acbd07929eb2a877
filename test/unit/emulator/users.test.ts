import assert from 'node:assert/strict';
import {
  CreateUserCommand,
  DeleteUserCommand,
  GetUserCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateUserCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { failure, useEmulator } from './helpers.js';

describe('emulator: users', () => {
  const ctx = useEmulator();

  it('creates a user and returns it with IAM-shaped ids and dates', async () => {
    const { User } = await ctx.iam.send(
      new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'core' }] }),
    );
    assert.equal(User?.UserName, 'alice');
    assert.equal(User?.Path, '/eng/');
    assert.match(User?.UserId ?? '', /^AIDA[A-Z0-9]{17}$/);
    assert.equal(User?.Arn, 'arn:aws:iam::123456789012:user/eng/alice');
    assert.ok(User?.CreateDate instanceof Date && Math.abs(User.CreateDate.getTime() - Date.now()) < 5000);
    assert.deepEqual(User?.Tags, [{ Key: 'team', Value: 'core' }]);
    const got = await ctx.iam.send(new GetUserCommand({ UserName: 'ALICE' }));
    assert.equal(got.User?.UserId, User?.UserId, 'names are case-insensitive');
  });

  it('GetUser without a name returns the caller', async () => {
    const { User } = await ctx.iam.send(new GetUserCommand({}));
    assert.equal(User?.UserName, 'emulator-admin');
  });

  it('rejects a duplicate name with EntityAlreadyExists 409', async () => {
    const error = await failure(ctx.iam.send(new CreateUserCommand({ UserName: 'Alice' })));
    assert.equal(error.name, 'EntityAlreadyExistsException');
    assert.equal(error.status, 409);
    assert.equal(error.message, 'User with name Alice already exists.');
  });

  it('rejects bad names and paths with ValidationError', async () => {
    const badName = await failure(ctx.iam.send(new CreateUserCommand({ UserName: 'has space' })));
    assert.equal(badName.name, 'ValidationError');
    assert.equal(badName.status, 400);
    assert.match(badName.message, /regular expression pattern: \[\\w\+=,\.@-\]\+/);
    const tooLong = await failure(ctx.iam.send(new CreateUserCommand({ UserName: 'x'.repeat(65) })));
    assert.match(tooLong.message, /length less than or equal to 64/);
    const badPath = await failure(ctx.iam.send(new CreateUserCommand({ UserName: 'bob', Path: 'no-slashes' })));
    assert.equal(badPath.name, 'ValidationError');
    assert.match(badPath.message, /must begin and end with \//);
  });

  it('answers NoSuchEntity 404 for an unknown user', async () => {
    const error = await failure(ctx.iam.send(new GetUserCommand({ UserName: 'nobody' })));
    assert.equal(error.name, 'NoSuchEntityException');
    assert.equal(error.status, 404);
    assert.equal(error.message, 'The user with name nobody cannot be found.');
  });

  it('renames and moves a user', async () => {
    await ctx.iam.send(new CreateUserCommand({ UserName: 'carol' }));
    await ctx.iam.send(new UpdateUserCommand({ UserName: 'carol', NewUserName: 'caroline', NewPath: '/ops/' }));
    const { User } = await ctx.iam.send(new GetUserCommand({ UserName: 'caroline' }));
    assert.equal(User?.Arn, 'arn:aws:iam::123456789012:user/ops/caroline');
    assert.equal(
      (await failure(ctx.iam.send(new GetUserCommand({ UserName: 'carol' })))).name,
      'NoSuchEntityException',
    );
  });

  it('tags, lists tags and untags a user', async () => {
    await ctx.iam.send(
      new TagUserCommand({
        UserName: 'alice',
        Tags: [
          { Key: 'Team', Value: 'platform' },
          { Key: 'cost', Value: '42' },
        ],
      }),
    );
    let tags = (await ctx.iam.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags;
    assert.deepEqual(tags, [
      { Key: 'cost', Value: '42' },
      { Key: 'Team', Value: 'platform' },
    ]);
    await ctx.iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['cost'] }));
    tags = (await ctx.iam.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags;
    assert.deepEqual(tags, [{ Key: 'Team', Value: 'platform' }]);
  });

  it('deletes a user', async () => {
    await ctx.iam.send(new CreateUserCommand({ UserName: 'temp' }));
    await ctx.iam.send(new DeleteUserCommand({ UserName: 'temp' }));
    assert.equal((await failure(ctx.iam.send(new GetUserCommand({ UserName: 'temp' })))).status, 404);
  });

  it('pages ListUsers with MaxItems, Marker and IsTruncated, and the SDK paginator follows it', async () => {
    for (let i = 0; i < 25; i++)
      await ctx.iam.send(new CreateUserCommand({ UserName: `page-${String(i).padStart(2, '0')}`, Path: '/paging/' }));
    const first = await ctx.iam.send(new ListUsersCommand({ PathPrefix: '/paging/', MaxItems: 10 }));
    assert.equal(first.Users?.length, 10);
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    const names: string[] = [];
    for await (const page of paginateListUsers({ client: ctx.iam, pageSize: 7 }, { PathPrefix: '/paging/' })) {
      names.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
    }
    assert.equal(names.length, 25);
    assert.deepEqual(names, [...names].sort());
    const last = await ctx.iam.send(new ListUsersCommand({ PathPrefix: '/paging/', MaxItems: 1000 }));
    assert.equal(last.IsTruncated, false);
    assert.equal(last.Marker, undefined);
    assert.equal(last.Users?.[0].Tags, undefined, 'ListUsers leaves tags out, as IAM does');
  });

  it('default page size is 100', async () => {
    for (let i = 0; i < 105; i++) ctx.emulator.state.addUser({ name: `bulk-${i}`, path: '/bulk/' });
    const page = await ctx.iam.send(new ListUsersCommand({ PathPrefix: '/bulk/' }));
    assert.equal(page.Users?.length, 100);
    assert.equal(page.IsTruncated, true);
  });

  it('rejects MaxItems outside 1..1000 with ValidationError', async () => {
    for (const MaxItems of [0, 1001]) {
      const error = await failure(ctx.iam.send(new ListUsersCommand({ MaxItems })));
      assert.equal(error.name, 'ValidationError');
      assert.equal(error.status, 400);
    }
    const badMarker = await failure(ctx.iam.send(new ListUsersCommand({ Marker: 'garbage!' })));
    assert.equal(badMarker.name, 'ValidationError');
  });
});
