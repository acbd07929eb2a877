import assert from 'node:assert/strict';
import {
  CreateUserCommand,
  GetPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListEntitiesForPolicyCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { HOSTILE } from '../../fixtures/hostile.js';
import { failure, useEmulator } from './helpers.js';

// The hostile-data suite (test/vscode/hostile.test.ts) stores names IAM refuses directly in the
// emulator's state and turns on lenientNames, so the extension can look them up.
describe('emulator: hostile names stored directly (lenientNames)', () => {
  const ctx = useEmulator();

  before(() => {
    for (const { text } of HOSTILE) {
      const user = ctx.emulator.state.addUser({ name: text, tags: [{ Key: text, Value: text }] });
      const document = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      });
      user.inline.set(text.toLowerCase(), { name: text, document });
      ctx.emulator.state.attach(
        user,
        ctx.emulator.state.addPolicy({ name: text, description: text, documents: [document] }),
      );
    }
  });
  afterEach(() => {
    ctx.emulator.state.lenientNames = false;
  });

  it('lists every hostile name exactly as stored, through XML and the SDK', async () => {
    const { Users } = await ctx.iam.send(new ListUsersCommand({ MaxItems: 1000 }));
    const names = new Set(Users?.map((u) => u.UserName));
    for (const { id, text } of HOSTILE) assert.ok(names.has(text), `${id} came back changed`);
  });

  it('refuses to look them up by default, as IAM does, naming the value', async () => {
    const error = await failure(ctx.iam.send(new GetUserCommand({ UserName: '<b>bold</b>' })));
    assert.equal(error.name, 'ValidationError');
    assert.match(error.message, /Value '<b>bold<\/b>' at 'userName' failed to satisfy constraint/);
  });

  it('with lenientNames looks each one up, with its tags, inline and managed policies; creating still follows IAM', async () => {
    ctx.emulator.state.lenientNames = true;
    for (const { id, text } of HOSTILE) {
      const { User } = await ctx.iam.send(new GetUserCommand({ UserName: text }));
      assert.equal(User?.UserName, text, id);
      assert.deepEqual(User?.Tags, [{ Key: text, Value: text }], id);
      const { PolicyNames } = await ctx.iam.send(new ListUserPoliciesCommand({ UserName: text }));
      assert.deepEqual(PolicyNames, [text], id);
      const policy = await ctx.iam.send(new GetUserPolicyCommand({ UserName: text, PolicyName: text }));
      assert.equal(policy.PolicyName, text, id);
      // A policy ARN holding any character (a line break, say) is looked up too.
      const arn = `arn:aws:iam::123456789012:policy/${text}`;
      const managed = await ctx.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
      assert.equal(managed.Policy?.Description, text, id);
      const { PolicyUsers } = await ctx.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
      assert.deepEqual(
        PolicyUsers?.map((u) => u.UserName),
        [text],
        id,
      );
    }
    const error = await failure(ctx.iam.send(new CreateUserCommand({ UserName: '<script>' })));
    assert.equal(error.name, 'ValidationError');
  });
});
