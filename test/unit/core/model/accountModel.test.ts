/**
 * The account model over the real SDK service against the emulator: lazy reads cost one
 * listing each and are kept; after a snapshot the relations cost nothing; each mutation, made
 * in IAM and reported once, emits exactly its events and leaves the model answering what IAM
 * now answers (checked against a fresh model reading IAM), with and without a snapshot.
 */
import { strict as assert } from 'node:assert';
import { SdkIamService } from '../../../../src/aws/iamService';
import { loadAccountSnapshot } from '../../../../src/aws/snapshotLoader';
import { AccountModel, type ModelEvent } from '../../../../src/core/model/accountModel';
import type { Seed } from '../../../emulator/index.js';
import { stsClient, useEmulator } from '../../emulator/helpers';

const doc = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

const seed: Seed = {
  policies: [
    { name: 'p1', versions: [doc('s3:GetObject')] },
    { name: 'p2', versions: [doc('s3:PutObject'), doc('s3:DeleteObject')] },
  ],
  groups: [{ name: 'dev', attachedPolicies: ['p1'] }, { name: 'ops' }],
  users: [
    {
      name: 'alice',
      groups: ['dev'],
      attachedPolicies: ['p1'],
      inlinePolicies: [{ name: 'i1', document: doc('sqs:SendMessage') }],
    },
    { name: 'bob' },
  ],
  roles: [
    {
      name: 'r1',
      trustPolicy: trust,
      attachedPolicies: ['p1'],
      inlinePolicies: [{ name: 'ri', document: doc('sns:Publish') }],
    },
  ],
};

describe('core/model/accountModel', () => {
  const ctx = useEmulator({ seed });
  let service: SdkIamService;
  const arn = (kind: string, name: string) => `arn:aws:iam::${ctx.emulator.accountId}:${kind}/${name}`;
  before(() => {
    service = new SdkIamService(ctx.iam, stsClient(ctx.emulator));
  });

  /** A model with a snapshot (or with its relations listed lazily), and the events it emits. */
  async function model(mode: 'snapshot' | 'lazy') {
    const m = new AccountModel(service);
    const events: ModelEvent[] = [];
    if (mode === 'snapshot') {
      m.setSnapshot((await loadAccountSnapshot(ctx.iam, { accountId: ctx.emulator.accountId })).snapshot);
    } else {
      await Promise.all([m.list('users'), m.list('groups'), m.list('roles'), m.list('policies')]);
    }
    m.onDidChange((e) => events.push(e));
    return { m, events };
  }
  const fresh = () => new AccountModel(service);
  const sorted = (l: readonly string[]) => [...l].sort();
  const names = async (p: Promise<{ name: string }[]>) => sorted((await p).map((x) => x.name));

  it('lazily: one listing per folder and per relation, kept for the next read', async () => {
    const m = fresh();
    ctx.emulator.log.length = 0;
    assert.deepEqual(await names(m.list('users')), ['alice', 'bob', 'emulator-admin']);
    await m.list('users');
    assert.deepEqual(await names(m.groupsOfUser('alice')), ['dev']);
    await m.groupsOfUser('alice');
    assert.deepEqual(
      ctx.emulator.log.map((e) => e.operation),
      ['ListUsers', 'ListGroupsForUser'],
    );
  });

  it('after a snapshot: folders, groups, members, attached, inline, versions and attached-to cost no request', async () => {
    const { m } = await model('snapshot');
    ctx.emulator.log.length = 0;
    assert.deepEqual(await names(m.list('users')), ['alice', 'bob', 'emulator-admin']);
    assert.deepEqual(await names(m.list('policies')), ['p1', 'p2']);
    assert.deepEqual(await names(m.groupsOfUser('alice')), ['dev']);
    assert.deepEqual(await names(m.membersOf('dev')), ['alice']);
    assert.deepEqual(await names(m.attached({ type: 'role', name: 'r1' })), ['p1']);
    assert.deepEqual(await m.inlineNames({ type: 'user', name: 'alice' }), ['i1']);
    assert.equal((await m.versions(arn('policy', 'p2'))).length, 2);
    const to = await m.attachedTo(arn('policy', 'p1'));
    assert.deepEqual([to.users, to.groups, to.roles], [['alice'], ['dev'], ['r1']]);
    assert.deepEqual(m.trustPolicy('r1')?.json, trust);
    assert.deepEqual(ctx.emulator.log, []);
    assert.equal(m.snapshot()?.users.length, 3);
  });

  it('Refresh on an entity after the snapshot lists its relations from IAM again (an external change shows)', async () => {
    const { m } = await model('snapshot');
    ctx.emulator.state.addToGroup(ctx.emulator.state.users.get('bob')!, ctx.emulator.state.groups.get('ops')!);
    try {
      assert.deepEqual(await names(m.groupsOfUser('bob')), [], 'the snapshot does not know yet');
      ctx.emulator.log.length = 0;
      m.forgetEntity({ type: 'user', name: 'bob', arn: arn('user', 'bob') });
      assert.deepEqual(await names(m.groupsOfUser('bob')), ['ops']);
      assert.deepEqual(
        ctx.emulator.log.map((e) => e.operation),
        ['ListGroupsForUser'],
      );
      assert.deepEqual(await names(m.groupsOfUser('alice')), ['dev'], 'other entities still come from the snapshot');
      assert.equal(ctx.emulator.log.length, 1);
    } finally {
      ctx.emulator.state.removeFromGroup(ctx.emulator.state.users.get('bob')!, ctx.emulator.state.groups.get('ops')!);
    }
  });

  for (const mode of ['snapshot', 'lazy'] as const) {
    describe(`mutations (${mode})`, () => {
      it('created and deleted user', async () => {
        const { m, events } = await model(mode);
        const created = await service.createUser('carol', '/', []);
        m.apply({ kind: 'created', entity: created });
        assert.deepEqual(events, [{ type: 'created', entity: { type: 'user', name: 'carol', arn: created.arn } }]);
        assert.deepEqual(await names(m.list('users')), await names(fresh().list('users')));
        await service.runDeleteStep(
          { type: 'user', name: 'carol' },
          { kind: 'target', target: { type: 'user', name: 'carol' } },
        );
        m.apply({ kind: 'deleted', entity: { type: 'user', name: 'carol', arn: created.arn } });
        assert.deepEqual(events.slice(1), [
          { type: 'deleted', entity: { type: 'user', name: 'carol', arn: created.arn } },
        ]);
        assert.deepEqual(await names(m.list('users')), await names(fresh().list('users')));
        if (mode === 'snapshot') assert.ok(!m.snapshot()?.users.some((u) => u.name === 'carol'));
      });

      it('membership added and removed', async () => {
        const { m, events } = await model(mode);
        await Promise.all([m.groupsOfUser('bob'), m.membersOf('ops')]);
        await service.addUserToGroup('bob', 'ops');
        m.apply({ kind: 'membership', user: 'bob', group: 'ops', member: true });
        assert.deepEqual(events, [
          { type: 'changed', entity: { type: 'user', name: 'bob', arn: arn('user', 'bob') }, what: 'groups' },
          { type: 'changed', entity: { type: 'group', name: 'ops', arn: arn('group', 'ops') }, what: 'members' },
        ]);
        ctx.emulator.log.length = 0;
        assert.deepEqual(await names(m.groupsOfUser('bob')), ['ops']);
        assert.deepEqual(await names(m.membersOf('ops')), ['bob']);
        assert.deepEqual(ctx.emulator.log, [], 'answered in place, no new listing');
        await service.removeUserFromGroup('bob', 'ops');
        m.apply({ kind: 'membership', user: 'bob', group: 'ops', member: false });
        assert.equal(events.length, 4);
        assert.deepEqual(await names(m.membersOf('ops')), await names(fresh().membersOf('ops')));
        if (mode === 'snapshot') assert.deepEqual(m.snapshot()?.users.find((u) => u.name === 'bob')?.groups, []);
      });

      it('attachment and detachment', async () => {
        const { m, events } = await model(mode);
        const p2 = arn('policy', 'p2');
        await Promise.all([m.attached({ type: 'user', name: 'bob' }), m.attachedTo(p2)]);
        await service.attachPolicy({ type: 'user', name: 'bob' }, p2);
        m.apply({ kind: 'attachment', entity: { type: 'user', name: 'bob' }, policyArn: p2, attached: true });
        const policy = { type: 'policy', name: 'p2', arn: p2 };
        assert.deepEqual(events, [
          { type: 'changed', entity: { type: 'user', name: 'bob', arn: arn('user', 'bob') }, what: 'attached' },
          { type: 'changed', entity: policy, what: 'attachedTo' },
          { type: 'changed', entity: policy, what: 'attachmentCount' },
        ]);
        ctx.emulator.log.length = 0;
        assert.deepEqual(await names(m.attached({ type: 'user', name: 'bob' })), ['p2']);
        assert.deepEqual((await m.attachedTo(p2)).users, ['bob']);
        assert.equal((await m.list('policies')).find((p) => p.arn === p2)?.attachmentCount, 1);
        assert.deepEqual(ctx.emulator.log, []);
        await service.detachPolicy({ type: 'user', name: 'bob' }, p2);
        m.apply({ kind: 'attachment', entity: { type: 'user', name: 'bob' }, policyArn: p2, attached: false });
        assert.deepEqual(await m.attachedTo(p2), await fresh().attachedTo(p2));
        assert.equal((await m.list('policies')).find((p) => p.arn === p2)?.attachmentCount, 0);
      });

      it('inline policy put and deleted', async () => {
        const { m, events } = await model(mode);
        const role = { type: 'role', name: 'r1' } as const;
        await m.inlineNames(role);
        const text = JSON.stringify(doc('kms:Decrypt'));
        await service.putInlinePolicy(role, 'extra', text);
        m.apply({ kind: 'inline', entity: role, policyName: 'extra', document: text });
        assert.deepEqual(events, [{ type: 'changed', entity: { ...role, arn: arn('role', 'r1') }, what: 'inline' }]);
        assert.deepEqual(sorted(await m.inlineNames(role)), sorted(await fresh().inlineNames(role)));
        if (mode === 'snapshot') assert.deepEqual(m.inlineDocument(role, 'extra')?.json, doc('kms:Decrypt'));
        await service.deleteInlinePolicy(role, 'extra');
        m.apply({ kind: 'inline', entity: role, policyName: 'extra' });
        assert.deepEqual(await m.inlineNames(role), ['ri']);
      });

      it('policy versions: created as default, default set back, deleted', async () => {
        const { m, events } = await model(mode);
        const p1 = arn('policy', 'p1');
        await m.versions(p1);
        const text = JSON.stringify(doc('ec2:DescribeInstances'));
        const id = await service.createPolicyVersion(p1, text, true);
        m.apply({ kind: 'versionCreated', policyArn: p1, versionId: id, document: text, setAsDefault: true });
        const view = async (x: AccountModel) =>
          (await x.versions(p1)).map((v) => `${v.versionId}${v.isDefault ? '*' : ''}`).sort();
        assert.deepEqual(await view(m), await view(fresh()));
        await service.setDefaultPolicyVersion(p1, 'v1');
        m.apply({ kind: 'defaultVersion', policyArn: p1, versionId: 'v1' });
        await service.deletePolicyVersion(p1, id);
        m.apply({ kind: 'versionDeleted', policyArn: p1, versionId: id });
        assert.deepEqual(await view(m), ['v1*']);
        assert.deepEqual(
          events.map((e) => e.type === 'changed' && e.what),
          ['versions', 'versions', 'versions'],
        );
        if (mode === 'snapshot')
          assert.deepEqual(
            m.snapshot()?.policies.find((p) => p.arn === p1)?.defaultDocument?.json,
            doc('s3:GetObject'),
          );
      });

      it('trust policy and tags', async () => {
        const { m, events } = await model(mode);
        const next = {
          ...trust,
          Statement: [{ ...trust.Statement[0], Principal: { Service: 'lambda.amazonaws.com' } }],
        };
        m.apply({ kind: 'trust', role: 'r1', document: JSON.stringify(next) });
        const user = { type: 'user', name: 'alice', arn: arn('user', 'alice') } as const;
        m.apply({ kind: 'tags', entity: user, tags: [{ key: 'team', value: 'blue' }] });
        assert.deepEqual(events, [
          { type: 'changed', entity: { type: 'role', name: 'r1', arn: arn('role', 'r1') }, what: 'trust' },
          { type: 'changed', entity: user, what: 'tags' },
        ]);
        assert.deepEqual((await m.list('users')).find((u) => u.name === 'alice')?.tags, [
          { key: 'team', value: 'blue' },
        ]);
        if (mode === 'snapshot') assert.deepEqual(m.trustPolicy('r1')?.json, next);
      });

      it('a deleted group leaves its members\u2019 groups', async () => {
        const { m, events } = await model(mode);
        const created = await service.createGroup('tmp', '/');
        m.apply({ kind: 'created', entity: created });
        await service.addUserToGroup('bob', 'tmp');
        m.apply({ kind: 'membership', user: 'bob', group: 'tmp', member: true });
        await m.groupsOfUser('bob');
        await service.removeUserFromGroup('bob', 'tmp');
        await service.runDeleteStep(
          { type: 'group', name: 'tmp' },
          { kind: 'target', target: { type: 'group', name: 'tmp' } },
        );
        m.apply({ kind: 'deleted', entity: { type: 'group', name: 'tmp', arn: created.arn } });
        assert.deepEqual(await names(m.groupsOfUser('bob')), []);
        assert.deepEqual(await names(m.list('groups')), ['dev', 'ops']);
        assert.equal(events.at(-1)?.type, 'deleted');
      });
    });
  }
});
