// Issue 9: the policy editor's save of a managed policy that already has five versions —
// DeletePolicyVersion (the oldest non-default), then CreatePolicyVersion with SetAsDefault —
// interrupted at each call, against the real emulator through the real SDK backend the
// editor uses (SdkPolicyBackend). The policy must keep a valid default whose document is
// either the old one or the edit, and saving again (what the editor, revived with the same
// edit and the same base after a reload, does) must end with the edit as the default.
import { strict as assert } from 'node:assert';
import { CreatePolicyCommand, CreatePolicyVersionCommand, GetPolicyCommand, GetPolicyVersionCommand, SetDefaultPolicyVersionCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Connection } from '../../../../src/aws/connections';
import { SdkIamService } from '../../../../src/aws/iamService';
import { SdkPolicyBackend } from '../../../../src/aws/policyBackend';
import { savePolicy, type PolicyTarget, type SaveHooks, type SaveOutcome, type Snapshot } from '../../../../src/core/iam/policySave';
import type { PolicyVersion } from '../../../../src/core/iam/model';
import type { FaultKind } from '../../../emulator/index.js';
import { useEmulator } from '../../emulator/helpers';
import { killableIamClient, MUTATING } from './killSwitch';

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const EDIT = doc('s3:PutObject');

describe('policy save with five versions against the emulator: interrupted at every call, finished by saving again', function () {
  this.timeout(60_000);
  const env = useEmulator();
  let n = 0;

  /** A policy with five versions, v3 the default (so v1 is the oldest non-default), and the editor's base. */
  async function setUp(): Promise<{ target: PolicyTarget & { kind: 'managed' }; opened: Snapshot; arn: string }> {
    const name = `five-${++n}`;
    const arn = (await env.iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: doc('s3:GetObject') }))).Policy?.Arn ?? '';
    for (const action of ['s3:ListBucket', 'ec2:DescribeInstances', 'sqs:SendMessage', 'sns:Publish']) {
      await env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(action), SetAsDefault: false }));
    }
    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    return {
      arn,
      target: { kind: 'managed', profile: 'demo', policyArn: arn, policyName: name },
      opened: { exists: true, text: doc('ec2:DescribeInstances'), versionId: 'v3', isDefault: true },
    };
  }

  /** The editor's backend over a client of its own, as a fresh process would build it. */
  function newProcess(killAfter?: number) {
    const { emulator } = env;
    const client = killableIamClient(emulator, killAfter);
    const sts = new STSClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.adminKey, maxAttempts: 1 });
    // SdkPolicyBackend reads the profile's service (GetPolicyVersion) and, for new policies only, the partition.
    const connection = { profile: 'demo', service: new SdkIamService(client.iam, sts), partition: 'aws', region: emulator.region } as unknown as Connection;
    return { ...client, backend: new SdkPolicyBackend(connection, client.iam), destroy: () => (client.iam.destroy(), sts.destroy()) };
  }

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
    return { versions: [...(record?.versions.keys() ?? [])].sort(), defaultId, defaultText: decodeURIComponent(v?.Document ?? '') };
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
    assert.deepEqual(await held(s.arn), { versions: ['v2', 'v3', 'v4', 'v5', 'v6'], defaultId: 'v6', defaultText: EDIT });
  });

  const cases: { what: string; mode: 'fault' | 'kill'; call: 0 | 1; fault?: FaultKind; after: { versions: string[]; defaultId: string; defaultText: string } }[] = [
    { what: 'DeletePolicyVersion fails (ServiceFailure)', mode: 'fault', call: 0, fault: 'ServiceFailure', after: { versions: ['v1', 'v2', 'v3', 'v4', 'v5'], defaultId: 'v3', defaultText: doc('ec2:DescribeInstances') } },
    { what: 'killed after DeletePolicyVersion, before CreatePolicyVersion', mode: 'kill', call: 0, after: { versions: ['v2', 'v3', 'v4', 'v5'], defaultId: 'v3', defaultText: doc('ec2:DescribeInstances') } },
    { what: 'CreatePolicyVersion fails (AccessDenied)', mode: 'fault', call: 1, fault: 'AccessDenied', after: { versions: ['v2', 'v3', 'v4', 'v5'], defaultId: 'v3', defaultText: doc('ec2:DescribeInstances') } },
    { what: 'CreatePolicyVersion dropped (connection lost, not applied)', mode: 'fault', call: 1, fault: 'Drop', after: { versions: ['v2', 'v3', 'v4', 'v5'], defaultId: 'v3', defaultText: doc('ec2:DescribeInstances') } },
    { what: 'killed after CreatePolicyVersion (the save had finished)', mode: 'kill', call: 1, after: { versions: ['v2', 'v3', 'v4', 'v5', 'v6'], defaultId: 'v6', defaultText: EDIT } },
  ];

  for (const c of cases) {
    it(`${c.what}: a valid default and at most five versions; saving again ends with the edit as the default`, async () => {
      const s = await setUp();
      const run = newProcess(c.mode === 'kill' ? c.call : undefined);
      if (c.fault) env.emulator.setFaults([{ operation: MUTATING, kind: c.fault, after: c.call, count: 1 }]);
      const evicted: string[] = [];
      try {
        const ended = await Promise.race([run.killed, savePolicy(s.target, EDIT, s.opened, run.backend, hooks(evicted)).then((o) => o, (e: Error) => e)]);
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
