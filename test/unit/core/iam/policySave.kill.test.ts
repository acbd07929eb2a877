// Issue 9: the policy editor's save of a managed policy that already has five versions —
// DeletePolicyVersion (the oldest non-default), then CreatePolicyVersion with SetAsDefault —
// interrupted at each call, against the real emulator through the real SDK backend the
// editor uses (SdkPolicyBackend). The policy must keep a valid default whose document is
// either the old one or the edit, and saving again (what the editor, revived with the same
// edit and the same base after a reload, does) must end with the edit as the default.
// Then the save of a new policy (CreatePolicy, Put*Policy): killed after its one call, the
// rerun adopts what IAM holds when it is the edit, and stops on a conflict when it is not.
import { strict as assert } from 'node:assert';
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListPoliciesCommand,
  PutRolePolicyCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Connection } from '../../../../src/aws/connections';
import { SdkIamService } from '../../../../src/aws/iamService';
import { SdkPolicyBackend } from '../../../../src/aws/policyBackend';
import {
  savePolicy,
  type PolicyTarget,
  type SaveHooks,
  type SaveOutcome,
  type Snapshot,
} from '../../../../src/core/iam/policySave';
import type { PolicyVersion } from '../../../../src/core/iam/model';
import type { Emulator, FaultKind } from '../../../emulator/index.js';
import { useEmulator } from '../../emulator/helpers';
import { killableIamClient, MUTATING } from './killSwitch';

const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const EDIT = doc('s3:PutObject');

/**
 * The editor's backend over a client of its own, as a fresh process would build it; it dies after mutating call
 * `killAfter`.
 */
function editorProcess(emulator: Emulator, killAfter?: number) {
  const client = killableIamClient(emulator, killAfter);
  const sts = new STSClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.adminKey,
    maxAttempts: 1,
  });
  // SdkPolicyBackend reads the profile's service (GetPolicyVersion) and, for new policies only, the partition.
  const connection = {
    profile: 'demo',
    service: new SdkIamService(client.iam, sts),
    partition: 'aws',
    region: emulator.region,
  } as unknown as Connection;
  return {
    ...client,
    backend: new SdkPolicyBackend(connection, client.iam),
    destroy: () => (client.iam.destroy(), sts.destroy()),
  };
}

describe('policy save with five versions against the emulator: interrupted at every call, finished by saving again', function () {
  this.timeout(60_000);
  const env = useEmulator();
  let n = 0;

  /** A policy with five versions, v3 the default (so v1 is the oldest non-default), and the editor's base. */
  async function setUp(): Promise<{ target: PolicyTarget & { kind: 'managed' }; opened: Snapshot; arn: string }> {
    const name = `five-${++n}`;
    const arn =
      (await env.iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: doc('s3:GetObject') }))).Policy
        ?.Arn ?? '';
    for (const action of ['s3:ListBucket', 'ec2:DescribeInstances', 'sqs:SendMessage', 'sns:Publish']) {
      await env.iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(action), SetAsDefault: false }),
      );
    }
    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    return {
      arn,
      target: { kind: 'managed', profile: 'demo', policyArn: arn, policyName: name },
      opened: { exists: true, text: doc('ec2:DescribeInstances'), versionId: 'v3', isDefault: true },
    };
  }

  const newProcess = (killAfter?: number) => editorProcess(env.emulator, killAfter);

  function hooks(evicted: string[]): SaveHooks {
    return {
      confirm: async () => true,
      confirmEvict: async (version: PolicyVersion) => {
        evicted.push(version.versionId);
        return true;
      },
    };
  }

  /** The policy as IAM holds it: its versions and the default's document, read through the SDK. */
  async function held(arn: string): Promise<{ versions: string[]; defaultId: string; defaultText: string }> {
    const p = (await env.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
    const defaultId = p?.DefaultVersionId ?? '';
    const v = (await env.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultId }))).PolicyVersion;
    const record = env.emulator.state.policies.get(arn);
    return {
      versions: [...(record?.versions.keys() ?? [])].sort(),
      defaultId,
      defaultText: decodeURIComponent(v?.Document ?? ''),
    };
  }

  it('an uninterrupted save deletes the oldest non-default version and creates the edit as the default', async () => {
    const s = await setUp();
    const run = newProcess();
    const evicted: string[] = [];
    try {
      const outcome = await savePolicy(s.target, EDIT, s.opened, run.backend, hooks(evicted));
      assert.ok(outcome.status === 'saved' && outcome.deletedVersion === 'v1' && outcome.snapshot.versionId === 'v6');
      assert.equal(run.calls(), 2, 'two writes: DeletePolicyVersion, CreatePolicyVersion');
    } finally {
      run.destroy();
    }
    assert.deepEqual(evicted, ['v1']);
    assert.deepEqual(await held(s.arn), {
      versions: ['v2', 'v3', 'v4', 'v5', 'v6'],
      defaultId: 'v6',
      defaultText: EDIT,
    });
  });

  const cases: {
    what: string;
    mode: 'fault' | 'kill';
    call: 0 | 1;
    fault?: FaultKind;
    after: { versions: string[]; defaultId: string; defaultText: string };
  }[] = [
    {
      what: 'DeletePolicyVersion fails (ServiceFailure)',
      mode: 'fault',
      call: 0,
      fault: 'ServiceFailure',
      after: { versions: ['v1', 'v2', 'v3', 'v4', 'v5'], defaultId: 'v3', defaultText: doc('ec2:DescribeInstances') },
    },
    {
      what: 'killed after DeletePolicyVersion, before CreatePolicyVersion',
      mode: 'kill',
      call: 0,
      after: { versions: ['v2', 'v3', 'v4', 'v5'], defaultId: 'v3', defaultText: doc('ec2:DescribeInstances') },
    },
    {
      what: 'CreatePolicyVersion fails (AccessDenied)',
      mode: 'fault',
      call: 1,
      fault: 'AccessDenied',
      after: { versions: ['v2', 'v3', 'v4', 'v5'], defaultId: 'v3', defaultText: doc('ec2:DescribeInstances') },
    },
    {
      what: 'CreatePolicyVersion dropped (connection lost, not applied)',
      mode: 'fault',
      call: 1,
      fault: 'Drop',
      after: { versions: ['v2', 'v3', 'v4', 'v5'], defaultId: 'v3', defaultText: doc('ec2:DescribeInstances') },
    },
    {
      what: 'killed after CreatePolicyVersion (the save had finished)',
      mode: 'kill',
      call: 1,
      after: { versions: ['v2', 'v3', 'v4', 'v5', 'v6'], defaultId: 'v6', defaultText: EDIT },
    },
  ];

  for (const c of cases) {
    it(`${c.what}: a valid default and at most five versions; saving again ends with the edit as the default`, async () => {
      const s = await setUp();
      const run = newProcess(c.mode === 'kill' ? c.call : undefined);
      if (c.fault) env.emulator.setFaults([{ operation: MUTATING, kind: c.fault, after: c.call, count: 1 }]);
      const evicted: string[] = [];
      try {
        const ended = await Promise.race([
          run.killed,
          savePolicy(s.target, EDIT, s.opened, run.backend, hooks(evicted)).then(
            (o) => o,
            (e: Error) => e,
          ),
        ]);
        if (c.mode === 'kill') assert.match(String(ended), /^killed after call/);
        else assert.ok(ended instanceof Error, 'the save reports the IAM error');
      } finally {
        env.emulator.setFaults([]);
        run.destroy();
      }
      // Consistent: the default exists and reads back, the versions are what the completed calls left.
      const now = await held(s.arn);
      assert.deepEqual(now, c.after);
      assert.ok(now.versions.includes(now.defaultId), 'the default version exists');

      // The rerun: a new process, the same edit and the same base (the editor keeps both, across a reload too).
      const again = newProcess();
      const evictedAgain: string[] = [];
      let outcome: SaveOutcome;
      try {
        outcome = await savePolicy(s.target, EDIT, s.opened, again.backend, hooks(evictedAgain));
      } finally {
        again.destroy();
      }
      const final = await held(s.arn);
      assert.equal(final.defaultText, EDIT, 'the edit is the default');
      assert.ok(final.versions.length <= 5);
      if (c.after.defaultText === EDIT) {
        assert.equal(outcome.status, 'unchanged', 'IAM already holds the edit: nothing more is written');
        assert.equal(again.calls(), 0);
      } else {
        assert.equal(outcome.status, 'saved');
        // Only a save that still finds five versions asks to delete one (again the oldest non-default).
        assert.deepEqual(evictedAgain, c.after.versions.length === 5 ? ['v1'] : []);
        assert.deepEqual(final.versions, ['v2', 'v3', 'v4', 'v5', 'v6']);
      }
    });
  }
});

describe('policy save of a new policy against the emulator: killed after its one call, finished (or stopped) by saving again', function () {
  this.timeout(60_000);
  const env = useEmulator();
  const THEIRS = doc('iam:PassRole');
  const NOTHING: Snapshot = { exists: false, text: '' };
  const ask = (): SaveHooks & { asked: number } => {
    const h = { asked: 0, confirm: async () => (h.asked++, true), confirmEvict: async () => (h.asked++, true) };
    return h;
  };
  let n = 0;

  /** Runs the editor's save in a process that dies right after its first IAM write; returns how it ended. */
  async function saveAndDie(target: PolicyTarget, text: string): Promise<string> {
    const run = editorProcess(env.emulator, 0);
    try {
      return String(
        await Promise.race([
          run.killed,
          savePolicy(target, text, NOTHING, run.backend, ask()).then(
            (o) => `ended ${o.status}`,
            (e: Error) => `threw ${e.message}`,
          ),
        ]),
      );
    } finally {
      run.destroy();
    }
  }

  /**
   * The rerun: a new process with the revived editor's target, edit and base (`opened` still says "not created yet").
   */
  async function saveAgain(
    target: PolicyTarget,
    text: string,
    opened = NOTHING,
  ): Promise<{ outcome: SaveOutcome; writes: number; asked: number }> {
    const again = editorProcess(env.emulator);
    const h = ask();
    try {
      const outcome = await savePolicy(target, text, opened, again.backend, h);
      return { outcome, writes: again.calls(), asked: h.asked };
    } finally {
      again.destroy();
    }
  }

  async function managedPolicies(name: string): Promise<{ arn: string; defaultId: string; text: string }[]> {
    const list = (await env.iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? [];
    const out = [];
    for (const p of list.filter((x) => x.PolicyName === name)) {
      const v = (await env.iam.send(new GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: p.DefaultVersionId })))
        .PolicyVersion;
      out.push({ arn: p.Arn ?? '', defaultId: p.DefaultVersionId ?? '', text: decodeURIComponent(v?.Document ?? '') });
    }
    return out;
  }

  async function rolePolicy(role: string, name: string): Promise<string> {
    const r = await env.iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: name }));
    return decodeURIComponent(r.PolicyDocument ?? '');
  }

  async function newRole(): Promise<string> {
    const role = `app-${++n}`;
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    await env.iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust }));
    return role;
  }

  it('killed after CreatePolicy: the rerun adopts the created policy (nothing to save, nothing written) and edits it from then on', async () => {
    const name = `fresh-${++n}`;
    const target: PolicyTarget = { kind: 'newManaged', profile: 'demo', policyName: name, path: '/' };
    assert.match(await saveAndDie(target, EDIT), /^killed after call 0 \(CreatePolicy\)/);
    const created = await managedPolicies(name);
    assert.equal(created.length, 1, 'CreatePolicy completed');
    assert.deepEqual(created[0] && { defaultId: created[0].defaultId, text: created[0].text }, {
      defaultId: 'v1',
      text: EDIT,
    });

    // Formatted differently from what was sent: the same document all the same.
    const { outcome, writes, asked } = await saveAgain(target, JSON.stringify(JSON.parse(EDIT), null, 2));
    assert.equal(outcome.status, 'unchanged', 'not "already exists"');
    assert.ok(outcome.status === 'unchanged' && outcome.adopted === true);
    assert.deepEqual(outcome.target, {
      kind: 'managed',
      profile: 'demo',
      policyArn: created[0]?.arn,
      policyName: name,
    });
    assert.ok(
      outcome.status === 'unchanged' && outcome.snapshot.versionId === 'v1' && outcome.snapshot.isDefault === true,
    );
    assert.equal(writes, 0, 'nothing written');
    assert.equal(asked, 0, 'nothing asked');
    assert.equal((await managedPolicies(name)).length, 1, 'still one policy of that name');

    // The editor now holds the existing policy: the next edit is a new default version of it, not a second
    // CreatePolicy.
    const next = await saveAgain(outcome.target, doc('s3:DeleteObject'), outcome.snapshot);
    assert.ok(next.outcome.status === 'saved' && next.outcome.snapshot.versionId === 'v2');
    assert.deepEqual(await managedPolicies(name), [
      { arn: created[0]?.arn, defaultId: 'v2', text: doc('s3:DeleteObject') },
    ]);
  });

  it('CreatePolicy fails (ServiceFailure): nothing is created, and the rerun creates it', async () => {
    const name = `fresh-${++n}`;
    const target: PolicyTarget = { kind: 'newManaged', profile: 'demo', policyName: name, path: '/' };
    env.emulator.setFaults([{ operation: MUTATING, kind: 'ServiceFailure', after: 0, count: 1 }]);
    try {
      assert.match(await saveAndDie(target, EDIT), /^threw /);
    } finally {
      env.emulator.setFaults([]);
    }
    assert.deepEqual(await managedPolicies(name), []);
    const { outcome, writes } = await saveAgain(target, EDIT);
    assert.ok(outcome.status === 'saved' && outcome.target.kind === 'managed');
    assert.equal(writes, 1);
    assert.deepEqual(
      (await managedPolicies(name)).map((p) => p.text),
      [EDIT],
    );
  });

  it('killed after PutRolePolicy of a new inline policy: the rerun adopts it (nothing to save, nothing written) and edits it from then on', async () => {
    const role = await newRole();
    const target: PolicyTarget = {
      kind: 'newInline',
      profile: 'demo',
      owner: { type: 'role', name: role },
      policyName: 'logs',
    };
    assert.match(await saveAndDie(target, EDIT), /^killed after call 0 \(PutRolePolicy\)/);
    assert.equal(await rolePolicy(role, 'logs'), EDIT, 'PutRolePolicy completed');

    const { outcome, writes, asked } = await saveAgain(target, EDIT);
    assert.ok(
      outcome.status === 'unchanged' && outcome.adopted === true,
      `unchanged and adopted, not ${outcome.status}`,
    );
    assert.deepEqual(outcome.target, {
      kind: 'inline',
      profile: 'demo',
      owner: { type: 'role', name: role },
      policyName: 'logs',
    });
    assert.equal(writes, 0, 'nothing written');
    assert.equal(asked, 0, 'nothing asked');

    const next = await saveAgain(outcome.target, doc('logs:PutLogEvents'), outcome.snapshot);
    assert.equal(next.outcome.status, 'saved');
    assert.equal(await rolePolicy(role, 'logs'), doc('logs:PutLogEvents'));
  });

  it('a new managed policy whose name now holds a different document (someone else created it) stays a conflict that shows both; nothing is written', async () => {
    const name = `taken-${++n}`;
    const target: PolicyTarget = { kind: 'newManaged', profile: 'demo', policyName: name, path: '/' };
    assert.match(await saveAndDie(target, EDIT), /^killed after call 0 \(CreatePolicy\)/);
    // Between the crash and the rerun, someone else changes the policy the save had created.
    const arn = (await managedPolicies(name))[0]?.arn ?? '';
    await env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: THEIRS, SetAsDefault: true }));

    const { outcome, writes, asked } = await saveAgain(target, EDIT);
    assert.equal(outcome.status, 'conflict');
    assert.ok(
      outcome.status === 'conflict' && /already exists in IAM/.test(outcome.reason),
      outcome.status === 'conflict' ? outcome.reason : '',
    );
    assert.ok(
      outcome.status === 'conflict' && outcome.base.exists === false && outcome.now.text === THEIRS,
      'the conflict shows what the editor opened (nothing) and what IAM holds (theirs)',
    );
    assert.equal(writes, 0);
    assert.equal(asked, 0);
    assert.deepEqual(
      await managedPolicies(name),
      [{ arn, defaultId: 'v2', text: THEIRS }],
      'their document is still the default',
    );
  });

  it('a new inline policy whose name now holds a different document stays a conflict; their document is kept', async () => {
    const role = await newRole();
    const target: PolicyTarget = {
      kind: 'newInline',
      profile: 'demo',
      owner: { type: 'role', name: role },
      policyName: 'logs',
    };
    assert.match(await saveAndDie(target, EDIT), /^killed after call 0 \(PutRolePolicy\)/);
    await env.iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'logs', PolicyDocument: THEIRS }));

    const { outcome, writes, asked } = await saveAgain(target, EDIT);
    assert.ok(
      outcome.status === 'conflict' && /already exists in IAM/.test(outcome.reason) && outcome.now.text === THEIRS,
      `a conflict showing theirs, not ${outcome.status}`,
    );
    assert.equal(writes, 0);
    assert.equal(asked, 0);
    assert.equal(await rolePolicy(role, 'logs'), THEIRS);
  });
});
