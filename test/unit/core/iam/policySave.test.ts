import { strict as assert } from 'node:assert';
import type { EntityRef, PolicyVersion } from '../../../../src/core/iam/model';
import {
  detectConflict,
  isReadOnly,
  sameDocument,
  savePolicy,
  targetKey,
  versionToEvict,
  type PolicyBackend,
  type PolicyTarget,
  type SaveHooks,
  type Snapshot,
} from '../../../../src/core/iam/policySave';

const A = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
const B = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}';
const C = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}';
const ARN = 'arn:aws:iam::123456789012:policy/p';

const managed: PolicyTarget = { kind: 'managed', profile: 'demo', policyArn: ARN, policyName: 'p' };
const inline: PolicyTarget = {
  kind: 'inline',
  profile: 'demo',
  owner: { type: 'role', name: 'r' },
  policyName: 'logs',
};
const trust: PolicyTarget = { kind: 'trust', profile: 'demo', roleName: 'r' };

const day = (n: number) => new Date(Date.UTC(2024, 0, n));

/** An in-memory IAM: one managed policy, one inline policy, one trust policy, with a call log. */
class FakeBackend implements PolicyBackend {
  calls: string[] = [];
  versions = new Map<string, { text: string; created: Date }>([['v1', { text: A, created: day(1) }]]);
  defaultId = 'v1';
  inlineText: string | undefined = A;
  trustText = A;
  /** What a read of a new managed policy's name finds; nothing by default. */
  newManaged: Snapshot = { exists: false, text: '' };
  /** Runs before every read. */
  onRead: (() => void) | undefined;
  next = 2;

  async read(target: PolicyTarget): Promise<Snapshot> {
    this.calls.push(`read ${target.kind}`);
    this.onRead?.();
    switch (target.kind) {
      case 'managed':
        return {
          exists: true,
          text: this.versions.get(this.defaultId)!.text,
          versionId: this.defaultId,
          isDefault: true,
        };
      case 'inline':
      case 'newInline':
        return this.inlineText === undefined ? { exists: false, text: '' } : { exists: true, text: this.inlineText };
      case 'trust':
        return { exists: true, text: this.trustText };
      case 'newManaged':
        return this.newManaged;
    }
  }
  async listVersions(): Promise<PolicyVersion[]> {
    return [...this.versions].map(([versionId, v]) => ({
      versionId,
      isDefault: versionId === this.defaultId,
      created: v.created,
    }));
  }
  async deleteVersion(_arn: string, id: string): Promise<void> {
    this.calls.push(`delete ${id}`);
    if (id === this.defaultId) throw new Error('DeleteConflict');
    this.versions.delete(id);
  }
  async createVersion(_arn: string, text: string): Promise<string> {
    if (this.versions.size >= 5) throw Object.assign(new Error('LimitExceeded'), { name: 'LimitExceeded' });
    const n = this.next++;
    const id = `v${n}`;
    this.calls.push(`create ${id}`);
    this.versions.set(id, { text, created: day(10 + n) });
    this.defaultId = id;
    return id;
  }
  async setDefaultVersion(_arn: string, id: string): Promise<void> {
    this.defaultId = id;
  }
  async putInline(_owner: EntityRef, _name: string, text: string): Promise<void> {
    this.calls.push('put inline');
    this.inlineText = text;
  }
  async updateTrust(_role: string, text: string): Promise<void> {
    this.calls.push('update trust');
    this.trustText = text;
  }
  async createPolicy(name: string): Promise<{ arn: string; versionId: string }> {
    this.calls.push(`create policy ${name}`);
    return { arn: `arn:aws:iam::123456789012:policy/${name}`, versionId: 'v1' };
  }
}

function hooks(answers: { confirm?: boolean; evict?: boolean } = {}): SaveHooks & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    confirm: async (now) => {
      asked.push(`confirm against ${now.exists ? (now.versionId ?? 'text') : 'nothing'}`);
      return answers.confirm ?? true;
    },
    confirmEvict: async (v) => {
      asked.push(`evict ${v.versionId}`);
      return answers.evict ?? true;
    },
  };
}

describe('policy save', () => {
  describe('sameDocument', () => {
    it('ignores white space but not content or key order', () => {
      assert.ok(sameDocument(A, JSON.stringify(JSON.parse(A), null, 2)));
      assert.ok(!sameDocument(A, B));
      assert.ok(!sameDocument('{"a":1,"b":2}', '{"b":2,"a":1}'));
    });
    it('compares text that is not JSON as trimmed text', () => {
      assert.ok(sameDocument('{ broken', '{ broken  \n'));
      assert.ok(!sameDocument('{ broken', '{ broken2'));
    });
  });

  describe('detectConflict', () => {
    const base: Snapshot = { exists: true, text: A, versionId: 'v1', isDefault: true };
    it('reports nothing when IAM still holds what was opened', () => {
      assert.equal(detectConflict(managed, base, { ...base, text: JSON.stringify(JSON.parse(A), null, 4) }), undefined);
    });
    it('reports a changed default version of a managed policy', () => {
      assert.match(
        detectConflict(managed, base, { ...base, versionId: 'v3' }) ?? '',
        /default version .* changed in IAM from v1 to v3/,
      );
    });
    it('reports changed inline and trust documents', () => {
      assert.match(
        detectConflict(inline, { exists: true, text: A }, { exists: true, text: B }) ?? '',
        /Inline policy logs of role r changed in IAM/,
      );
      assert.match(
        detectConflict(trust, { exists: true, text: A }, { exists: true, text: B }) ?? '',
        /trust policy of role r changed/,
      );
    });
    it('reports a document deleted since it was opened', () => {
      assert.match(
        detectConflict(inline, { exists: true, text: A }, { exists: false, text: '' }) ?? '',
        /no longer exists/,
      );
    });
    it('reports a new policy whose name was taken meanwhile', () => {
      const t: PolicyTarget = {
        kind: 'newInline',
        profile: 'demo',
        owner: { type: 'user', name: 'u' },
        policyName: 'x',
      };
      assert.match(detectConflict(t, { exists: false, text: '' }, { exists: true, text: A }) ?? '', /already exists/);
    });
  });

  describe('versionToEvict', () => {
    it('picks the oldest non-default version by date', () => {
      const versions: PolicyVersion[] = [
        { versionId: 'v7', isDefault: false, created: day(5) },
        { versionId: 'v2', isDefault: true, created: day(1) },
        { versionId: 'v3', isDefault: false, created: day(2) },
      ];
      assert.equal(versionToEvict(versions)?.versionId, 'v3');
    });
    it('breaks ties by version number (not as text: v10 after v9)', () => {
      const versions: PolicyVersion[] = [
        { versionId: 'v10', isDefault: false },
        { versionId: 'v9', isDefault: false },
        { versionId: 'v11', isDefault: true },
      ];
      assert.equal(versionToEvict(versions)?.versionId, 'v9');
    });
    it('never offers the default version', () => {
      assert.equal(versionToEvict([{ versionId: 'v1', isDefault: true }]), undefined);
    });
  });

  describe('read-only targets', () => {
    it('an older version and AWS managed policies are read-only', () => {
      assert.ok(
        isReadOnly({ ...managed, versionId: 'v1' }, { exists: true, text: A, versionId: 'v1', isDefault: false }),
      );
      assert.ok(
        !isReadOnly({ ...managed, versionId: 'v1' }, { exists: true, text: A, versionId: 'v1', isDefault: true }),
      );
      assert.ok(isReadOnly({ ...managed, policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      assert.ok(!isReadOnly(inline));
    });
    it('saving a read-only version throws before any call', async () => {
      const backend = new FakeBackend();
      await assert.rejects(
        savePolicy(
          { ...managed, versionId: 'v1' },
          B,
          { exists: true, text: A, versionId: 'v1', isDefault: false },
          backend,
          hooks(),
        ),
        /read-only/,
      );
      assert.deepEqual(backend.calls, []);
    });
  });

  describe('savePolicy', () => {
    it('managed: reads, asks, reads again, creates a default version', async () => {
      const backend = new FakeBackend();
      const h = hooks();
      const outcome = await savePolicy(
        managed,
        B,
        { exists: true, text: A, versionId: 'v1', isDefault: true },
        backend,
        h,
      );
      assert.equal(outcome.status, 'saved');
      assert.deepEqual(backend.calls, ['read managed', 'read managed', 'create v2']);
      assert.deepEqual(h.asked, ['confirm against v1']);
      assert.equal(backend.defaultId, 'v2');
      assert.equal(outcome.status === 'saved' && outcome.snapshot.versionId, 'v2');
    });

    it('managed with five versions: names the oldest non-default, deletes it, then creates', async () => {
      const backend = new FakeBackend();
      for (let i = 2; i <= 5; i++) backend.versions.set(`v${i}`, { text: A, created: day(i) });
      backend.next = 6;
      backend.defaultId = 'v3';
      const h = hooks();
      const outcome = await savePolicy(
        managed,
        B,
        { exists: true, text: A, versionId: 'v3', isDefault: true },
        backend,
        h,
      );
      assert.equal(outcome.status, 'saved');
      assert.equal(outcome.status === 'saved' && outcome.deletedVersion, 'v1');
      assert.deepEqual(h.asked, ['confirm against v3', 'evict v1']);
      assert.deepEqual(
        backend.calls.filter((c) => !c.startsWith('read')),
        ['delete v1', 'create v6'],
      );
      assert.equal(backend.versions.size, 5);
    });

    it('declining the deletion writes nothing', async () => {
      const backend = new FakeBackend();
      for (let i = 2; i <= 5; i++) backend.versions.set(`v${i}`, { text: A, created: day(i) });
      const outcome = await savePolicy(
        managed,
        B,
        { exists: true, text: A, versionId: 'v1', isDefault: true },
        backend,
        hooks({ evict: false }),
      );
      assert.equal(outcome.status, 'cancelled');
      assert.deepEqual(
        backend.calls.filter((c) => !c.startsWith('read')),
        [],
      );
      assert.equal(backend.versions.size, 5);
    });

    it('declining the diff writes nothing', async () => {
      const backend = new FakeBackend();
      const outcome = await savePolicy(inline, B, { exists: true, text: A }, backend, hooks({ confirm: false }));
      assert.equal(outcome.status, 'cancelled');
      assert.equal(backend.inlineText, A);
    });

    it('stops on a conflict before asking, when IAM changed since the editor opened', async () => {
      const backend = new FakeBackend();
      backend.inlineText = C;
      const h = hooks();
      const outcome = await savePolicy(inline, B, { exists: true, text: A }, backend, h);
      assert.equal(outcome.status, 'conflict');
      assert.deepEqual(h.asked, []);
      assert.equal(backend.inlineText, C, 'their change is not overwritten');
      assert.ok(outcome.status === 'conflict' && outcome.now.text === C && outcome.base.text === A);
    });

    it('stops when IAM changes while the diff is open (the read right before writing)', async () => {
      const backend = new FakeBackend();
      const h: SaveHooks = {
        confirm: async () => {
          backend.trustText = C; // someone saves while the user reads the diff
          return true;
        },
        confirmEvict: async () => true,
      };
      const outcome = await savePolicy(trust, B, { exists: true, text: A }, backend, h);
      assert.equal(outcome.status, 'conflict');
      assert.equal(backend.trustText, C);
      assert.ok(!backend.calls.includes('update trust'));
    });

    it('a managed policy whose default moved is a conflict even with equal text', async () => {
      const backend = new FakeBackend();
      backend.versions.set('v2', { text: A, created: day(2) });
      backend.defaultId = 'v2';
      const outcome = await savePolicy(
        managed,
        B,
        { exists: true, text: A, versionId: 'v1', isDefault: true },
        backend,
        hooks(),
      );
      assert.equal(outcome.status, 'conflict');
    });

    it('a default that moved to exactly the edit (a save that finished before a reload) is unchanged, not a conflict', async () => {
      const backend = new FakeBackend();
      backend.versions.set('v2', { text: B, created: day(2) });
      backend.defaultId = 'v2';
      const h = hooks();
      const outcome = await savePolicy(
        managed,
        B,
        { exists: true, text: A, versionId: 'v1', isDefault: true },
        backend,
        h,
      );
      assert.ok(
        outcome.status === 'unchanged' && outcome.snapshot.versionId === 'v2',
        'the editor adopts what IAM holds',
      );
      assert.ok(outcome.status === 'unchanged' && outcome.target === managed && !outcome.adopted, 'the same policy');
      assert.deepEqual(h.asked, []);
      assert.ok(!backend.calls.some((c) => c.startsWith('create')), 'nothing written');
    });

    it('nothing to write when IAM already holds the text', async () => {
      const backend = new FakeBackend();
      const h = hooks();
      const outcome = await savePolicy(
        inline,
        JSON.stringify(JSON.parse(A), null, 2),
        { exists: true, text: A },
        backend,
        h,
      );
      assert.equal(outcome.status, 'unchanged');
      assert.deepEqual(h.asked, []);
      assert.ok(!backend.calls.includes('put inline'));
    });

    it('trust: UpdateAssumeRolePolicy; inline: Put*Policy', async () => {
      const backend = new FakeBackend();
      assert.equal((await savePolicy(trust, B, { exists: true, text: A }, backend, hooks())).status, 'saved');
      assert.equal(backend.trustText, B);
      assert.equal((await savePolicy(inline, B, { exists: true, text: A }, backend, hooks())).status, 'saved');
      assert.equal(backend.inlineText, B);
    });

    it('new policies: CreatePolicy and Put*Policy, after which the editor holds the existing document', async () => {
      const backend = new FakeBackend();
      const created = await savePolicy(
        { kind: 'newManaged', profile: 'demo', policyName: 'fresh', path: '/' },
        B,
        { exists: false, text: '' },
        backend,
        hooks(),
      );
      assert.ok(
        created.status === 'saved' &&
          created.target.kind === 'managed' &&
          created.target.policyArn.endsWith(':policy/fresh'),
      );
      backend.inlineText = undefined;
      const t: PolicyTarget = {
        kind: 'newInline',
        profile: 'demo',
        owner: { type: 'role', name: 'r' },
        policyName: 'logs',
      };
      const put = await savePolicy(t, B, { exists: false, text: '' }, backend, hooks());
      assert.ok(put.status === 'saved' && put.target.kind === 'inline');
      assert.equal(put.status === 'saved' && targetKey(put.target), targetKey(t), 'same editor key before and after');
    });

    it('a new inline policy whose name is taken meanwhile is a conflict, not a silent overwrite', async () => {
      const backend = new FakeBackend();
      const t: PolicyTarget = {
        kind: 'newInline',
        profile: 'demo',
        owner: { type: 'role', name: 'r' },
        policyName: 'logs',
      };
      const outcome = await savePolicy(t, B, { exists: false, text: '' }, backend, hooks());
      assert.equal(outcome.status, 'conflict');
      assert.equal(backend.inlineText, A);
    });

    it('a new inline policy whose name IAM already holds with exactly the edit (a Put*Policy that completed before a reload) becomes that policy: unchanged, nothing asked or written', async () => {
      const backend = new FakeBackend();
      backend.inlineText = B;
      const t: PolicyTarget = {
        kind: 'newInline',
        profile: 'demo',
        owner: { type: 'role', name: 'r' },
        policyName: 'logs',
      };
      const h = hooks();
      const outcome = await savePolicy(
        t,
        JSON.stringify(JSON.parse(B), null, 2),
        { exists: false, text: '' },
        backend,
        h,
      );
      assert.ok(outcome.status === 'unchanged' && outcome.adopted === true);
      assert.deepEqual(outcome.target, inline);
      assert.deepEqual(h.asked, []);
      assert.ok(!backend.calls.includes('put inline'));
    });

    it('a new managed policy whose name IAM already holds with exactly the edit (a CreatePolicy that completed before a reload) becomes that policy', async () => {
      const backend = new FakeBackend();
      const arn = 'arn:aws:iam::123456789012:policy/team/fresh';
      backend.newManaged = { exists: true, text: B, versionId: 'v1', isDefault: true, policyArn: arn };
      const outcome = await savePolicy(
        { kind: 'newManaged', profile: 'demo', policyName: 'fresh', path: '/team/' },
        B,
        { exists: false, text: '' },
        backend,
        hooks(),
      );
      assert.ok(outcome.status === 'unchanged' && outcome.adopted === true && outcome.snapshot.versionId === 'v1');
      assert.deepEqual(outcome.target, { kind: 'managed', profile: 'demo', policyArn: arn, policyName: 'fresh' });
      assert.ok(!backend.calls.some((c) => c.startsWith('create')));
    });

    it('a new managed policy whose name holds another document, or whose ARN the read did not return, is a conflict', async () => {
      const backend = new FakeBackend();
      const t: PolicyTarget = { kind: 'newManaged', profile: 'demo', policyName: 'fresh', path: '/' };
      backend.newManaged = {
        exists: true,
        text: C,
        versionId: 'v1',
        isDefault: true,
        policyArn: 'arn:aws:iam::123456789012:policy/fresh',
      };
      const differs = await savePolicy(t, B, { exists: false, text: '' }, backend, hooks());
      assert.ok(differs.status === 'conflict' && differs.now.text === C && !differs.base.exists);
      backend.newManaged = { exists: true, text: B, versionId: 'v1', isDefault: true };
      assert.equal((await savePolicy(t, B, { exists: false, text: '' }, backend, hooks())).status, 'conflict');
      assert.ok(!backend.calls.some((c) => c.startsWith('create')));
    });

    it('IAM errors propagate with nothing else written', async () => {
      const backend = new FakeBackend();
      backend.putInline = async () => {
        throw Object.assign(new Error('The policy failed legacy parsing'), { name: 'MalformedPolicyDocument' });
      };
      await assert.rejects(savePolicy(inline, B, { exists: true, text: A }, backend, hooks()), /legacy parsing/);
      assert.equal(backend.inlineText, A);
    });
  });
});
