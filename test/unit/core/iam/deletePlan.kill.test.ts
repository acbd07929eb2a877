// Issue 9: a dependent delete interrupted at each of its IAM calls leaves the account
// consistent, and running the delete again finishes it. Against the real emulator through
// the real SDK and the same service the delete commands use (SdkIamService: listDependents,
// runDeleteStep), planned and run as src/commands/deleteEntities.ts does.
//
// For every mutating call k of an uninterrupted delete:
// - fault: the emulator refuses call k (AccessDenied, ServiceFailure or a dropped
//   connection, in turn), the client does not retry;
// - kill: call k succeeds and the process dies right after (the call never returns, so no
//   code of the run goes on).
// Then the account must hold everything in IAM's order from the interruption on and nothing
// before it, with the entity still present (unless the kill came after its own delete), and
// a rerun — re-planned from what IAM holds now — must delete the entity and all of it.
import { strict as assert } from 'node:assert';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { SdkIamService } from '../../../../src/aws/iamService';
import {
  confirmationMessage,
  partialFailureMessage,
  planDelete,
  runPlan,
  type DeletableType,
  type DeleteTarget,
  type PlanOutcome,
} from '../../../../src/core/iam/deletePlan';
import type { FaultKind } from '../../../emulator/index.js';
import { POLICY, TRUST, useEmulator } from '../../emulator/helpers';
import { killableIamClient, MUTATING } from './killSwitch';

/** One thing the account holds for the entity; `rank` is its place in IAM's delete order. */
interface Fact {
  readonly key: string;
  readonly rank: number;
}

interface Case {
  readonly target: DeleteTarget;
  /** Virtual MFA devices created for the case: they outlive their assignment. */
  readonly virtualSerials: readonly string[];
}

const FAULTS: FaultKind[] = ['AccessDenied', 'ServiceFailure', 'Drop'];

describe('dependent delete against the emulator: interrupted at every call, finished by a rerun', function () {
  this.timeout(300_000);
  const env = useEmulator();
  let n = 0;
  const summary: string[] = [];

  after(() => {
    if (summary.length) console.log(`      ${summary.join('\n      ')}`);
  });

  /** The delete command's service over its own client, as a fresh process would build it. */
  function newProcess(killAfter?: number): {
    service: SdkIamService;
    killed: Promise<string>;
    calls: () => number;
    destroy: () => void;
  } {
    const { emulator } = env;
    const { iam, killed, calls } = killableIamClient(emulator, killAfter);
    const sts = new STSClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: emulator.adminKey,
      maxAttempts: 1,
    });
    return { service: new SdkIamService(iam, sts), killed, calls, destroy: () => (iam.destroy(), sts.destroy()) };
  }

  /** What the delete command does: read what stands in the way, plan in IAM's order, run the steps. */
  async function deleteOnce(
    service: SdkIamService,
    target: DeleteTarget,
  ): Promise<{ outcome: PlanOutcome; message?: string }> {
    const { dependents, unchecked } = await service.listDependents(target);
    assert.deepEqual(unchecked, [], 'everything could be listed');
    const plan = planDelete(target, dependents);
    const outcome = await runPlan(plan, (step) => service.runDeleteStep(plan.target, step));
    return { outcome, message: outcome.ok ? undefined : partialFailureMessage(plan, outcome, 'interrupted') };
  }

  // ---- the four kinds of entity, each with everything that can stand in the way ----

  const setUps: Record<DeletableType, () => Promise<Case>> = {
    async user() {
      const name = `kill-user-${++n}`;
      const iam = env.iam;
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Correct-Horse-9' }));
      await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      const user = env.emulator.state.getUser(name);
      const date = new Date();
      // The emulator lists these when present (no upload calls): one of each.
      user.signingCertificates.push({
        id: `ASCA${String(n).padStart(17, '0')}`,
        body: 'cert',
        status: 'Active',
        uploadDate: date,
      });
      user.sshPublicKeys.push({ id: `APKA${String(n).padStart(17, '0')}`, status: 'Active', uploadDate: date });
      user.serviceSpecificCredentials.push({
        id: `ACCA${String(n).padStart(17, '0')}`,
        serviceName: 'codecommit.amazonaws.com',
        serviceUserName: `${name}-at-1`,
        status: 'Active',
        createDate: date,
      });
      // A virtual MFA device named after the user (two calls to remove) and a hardware one.
      const serial =
        (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }))).VirtualMFADevice
          ?.SerialNumber ?? '';
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: name,
          SerialNumber: serial,
          AuthenticationCode1: '123456',
          AuthenticationCode2: '654321',
        }),
      );
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: name,
          SerialNumber: `GAHT${String(n).padStart(8, '0')}`,
          AuthenticationCode1: '123456',
          AuthenticationCode2: '654321',
        }),
      );
      for (const p of ['reports', 'logs'])
        await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: p, PolicyDocument: POLICY }));
      for (const p of ['ReadOnlyAccess', 'IAMUserChangePassword'])
        await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: `arn:aws:iam::aws:policy/${p}` }));
      for (const g of ['a', 'b']) {
        await iam.send(new CreateGroupCommand({ GroupName: `${name}-${g}` }));
        await iam.send(new AddUserToGroupCommand({ UserName: name, GroupName: `${name}-${g}` }));
      }
      return { target: { type: 'user', name }, virtualSerials: [serial] };
    },

    async role() {
      const name = `kill-role-${++n}`;
      const iam = env.iam;
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST() }));
      for (const p of ['a', 'b']) {
        await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `${name}-${p}` }));
        await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: `${name}-${p}`, RoleName: name }));
        await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `inline-${p}`, PolicyDocument: POLICY }));
      }
      for (const p of ['ReadOnlyAccess', 'CloudWatchReadOnlyAccess'])
        await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: `arn:aws:iam::aws:policy/${p}` }));
      return { target: { type: 'role', name }, virtualSerials: [] };
    },

    async group() {
      const name = `kill-group-${++n}`;
      const iam = env.iam;
      await iam.send(new CreateGroupCommand({ GroupName: name }));
      for (const m of ['a', 'b']) {
        await iam.send(new CreateUserCommand({ UserName: `${name}-${m}` }));
        await iam.send(new AddUserToGroupCommand({ UserName: `${name}-${m}`, GroupName: name }));
        await iam.send(
          new PutGroupPolicyCommand({ GroupName: name, PolicyName: `inline-${m}`, PolicyDocument: POLICY }),
        );
      }
      for (const p of ['ReadOnlyAccess', 'IAMReadOnlyAccess'])
        await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: `arn:aws:iam::aws:policy/${p}` }));
      return { target: { type: 'group', name }, virtualSerials: [] };
    },

    async policy() {
      const name = `kill-policy-${++n}`;
      const iam = env.iam;
      const arn =
        (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: POLICY }))).Policy?.Arn ?? '';
      // v1 stays the default; v2..v4 are the non-default versions the delete must remove.
      for (let v = 0; v < 3; v++)
        await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: POLICY, SetAsDefault: false }));
      await iam.send(new CreateUserCommand({ UserName: `${name}-user` }));
      await iam.send(new AttachUserPolicyCommand({ UserName: `${name}-user`, PolicyArn: arn }));
      await iam.send(new CreateGroupCommand({ GroupName: `${name}-group` }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: `${name}-group`, PolicyArn: arn }));
      await iam.send(new CreateRoleCommand({ RoleName: `${name}-role`, AssumeRolePolicyDocument: TRUST() }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: `${name}-role`, PolicyArn: arn }));
      return { target: { type: 'policy', name, arn }, virtualSerials: [] };
    },
  };

  /** What the account holds for the case now, read from the emulator's state. */
  function facts(c: Case): Fact[] {
    const { state } = env.emulator;
    const { target } = c;
    const out: Fact[] = [];
    const add = (rank: number, ...keys: string[]) => out.push(...keys.map((key) => ({ key, rank })));
    switch (target.type) {
      case 'user': {
        const u = state.users.get(target.name.toLowerCase());
        if (u) {
          if (u.loginProfile) add(0, 'loginProfile');
          add(1, ...u.accessKeys.map((k) => `accessKey:${k.id}`));
          add(2, ...u.signingCertificates.map((x) => `signingCertificate:${x.id}`));
          add(3, ...u.sshPublicKeys.map((x) => `sshPublicKey:${x.id}`));
          add(4, ...u.serviceSpecificCredentials.map((x) => `serviceSpecificCredential:${x.id}`));
          add(5, ...u.mfaDevices.map((d) => `mfaDevice:${d.serialNumber}`));
          add(6, ...[...u.inline.values()].map((p) => `inlinePolicy:${p.name}`));
          add(7, ...[...u.attached].map((p) => `attachedPolicy:${p.arn}`));
          add(8, ...[...u.groups].map((g) => `groupMembership:${g.name}`));
          add(9, 'user');
        }
        // A virtual device is removed with its deactivation, in the same place of the order.
        add(5, ...c.virtualSerials.filter((s) => state.virtualMfaDevices.has(s)).map((s) => `virtualMfaDevice:${s}`));
        break;
      }
      case 'group': {
        const g = state.groups.get(target.name.toLowerCase());
        if (g) {
          add(0, ...[...g.members].map((u) => `groupMember:${u.name}`));
          add(1, ...[...g.inline.values()].map((p) => `inlinePolicy:${p.name}`));
          add(2, ...[...g.attached].map((p) => `attachedPolicy:${p.arn}`));
          add(3, 'group');
        }
        break;
      }
      case 'role': {
        const r = state.roles.get(target.name.toLowerCase());
        if (r) {
          add(0, ...[...r.instanceProfiles].map((p) => `instanceProfile:${p.name}`));
          add(1, ...[...r.inline.values()].map((p) => `inlinePolicy:${p.name}`));
          add(2, ...[...r.attached].map((p) => `attachedPolicy:${p.arn}`));
          add(3, 'role');
        }
        break;
      }
      case 'policy': {
        const p = state.policies.get(target.arn ?? '');
        if (p) {
          add(0, ...[...p.attachedTo].map((e) => `policyAttachment:${e.kind}:${e.name}`));
          add(1, ...[...p.versions.keys()].filter((v) => v !== p.defaultVersionId).map((v) => `policyVersion:${v}`));
          add(2, 'policy');
        }
        break;
      }
    }
    return out;
  }

  /**
   * The account after an interruption with `done` calls completed: exactly `done` facts are
   * gone, none was added, nothing was removed while something earlier in IAM's order
   * remains, a virtual MFA device is only deleted after its deactivation, and the entity is
   * there unless its own delete was among the completed calls.
   */
  function assertConsistent(c: Case, before: Fact[], now: Fact[], done: number, total: number, what: string): void {
    const nowKeys = new Set(now.map((f) => f.key));
    const beforeKeys = new Set(before.map((f) => f.key));
    assert.deepEqual(
      now.filter((f) => !beforeKeys.has(f.key)),
      [],
      `${what}: nothing appeared`,
    );
    const removed = before.filter((f) => !nowKeys.has(f.key));
    assert.equal(
      removed.length,
      done,
      `${what}: ${done} of ${total} calls completed, so ${done} things are gone (gone: ${removed.map((f) => f.key).join(', ')})`,
    );
    for (const r of removed) {
      for (const f of now)
        assert.ok(
          r.rank <= f.rank,
          `${what}: ${r.key} was removed while ${f.key}, which IAM's order puts first, is still there`,
        );
    }
    for (const f of now) {
      if (f.key.startsWith('mfaDevice:arn:'))
        assert.ok(
          nowKeys.has(`virtualMfaDevice:${f.key.slice('mfaDevice:'.length)}`),
          `${what}: a device still assigned was deleted`,
        );
    }
    const entity = c.target.type;
    assert.equal(
      nowKeys.has(entity),
      done < total,
      `${what}: the ${entity} is ${done < total ? 'still there' : 'gone (its delete had completed)'}`,
    );
  }

  for (const type of ['user', 'role', 'group', 'policy'] as const) {
    it(`${type}: a fault at each call and a kill after each call leave the account consistent; a rerun deletes the ${type} and everything it had`, async () => {
      // An uninterrupted delete, to count its calls and check it removes everything.
      const probe = await setUps[type]();
      const initial = facts(probe);
      const clean = newProcess();
      const first = await deleteOnce(clean.service, probe.target);
      clean.destroy();
      assert.ok(first.outcome.ok, `an uninterrupted delete of the ${type} succeeds`);
      const total = clean.calls();
      assert.deepEqual(facts(probe), [], `an uninterrupted delete leaves nothing of the ${type}`);
      assert.equal(
        total,
        initial.length,
        `one call per thing removed (${initial.map((f) => f.key.replace(/:.*/, '')).join(', ')})`,
      );
      assert.ok(total >= 7, `the ${type} had plenty attached (${total} calls)`);

      let runs = 0;
      for (let k = 0; k < total; k++) {
        for (const mode of ['fault', 'kill'] as const) {
          const c = await setUps[type]();
          const before = facts(c);
          assert.equal(before.length, total, 'each case starts like the probe');
          const fault = FAULTS[k % FAULTS.length] ?? 'AccessDenied';
          const what =
            mode === 'fault'
              ? `${type}, ${fault} on call ${k + 1} of ${total}`
              : `${type}, killed after call ${k + 1} of ${total}`;
          const run = newProcess(mode === 'kill' ? k : undefined);
          if (mode === 'fault') env.emulator.setFaults([{ operation: MUTATING, kind: fault, after: k, count: 1 }]);
          let done: number;
          try {
            const ended = await Promise.race([run.killed, deleteOnce(run.service, c.target)]);
            if (mode === 'fault') {
              assert.ok(typeof ended === 'object' && !ended.outcome.ok, `${what}: the run reports the failure`);
              assert.match(
                ended.message ?? '',
                /stopped at step \d+ of \d+.*run the delete again to finish/,
                `${what}: the message says how to finish`,
              );
              done = k;
            } else {
              assert.match(String(ended), new RegExp(`^killed after call ${k} `), `${what}: the process died there`);
              done = k + 1;
            }
          } finally {
            env.emulator.setFaults([]);
            run.destroy();
          }
          assertConsistent(c, before, facts(c), done, total, what);

          // The rerun: a new process plans again from what IAM holds now.
          const rerun = newProcess();
          try {
            if (done === total) {
              // Killed after the entity's own delete: the job was done; there is nothing to delete.
              await assert.rejects(
                rerun.service.listDependents(c.target),
                (e: Error) => /NoSuchEntity/.test(e.name),
                `${what}: the ${type} is gone`,
              );
            } else {
              const again = await deleteOnce(rerun.service, c.target);
              assert.ok(again.outcome.ok, `${what}: the rerun completes`);
              assert.equal(rerun.calls(), total - done, `${what}: the rerun makes exactly the calls that were left`);
            }
          } finally {
            rerun.destroy();
          }
          assert.deepEqual(
            facts(c).map((f) => f.key),
            [],
            `${what}: after the rerun nothing of the ${type} is left (virtual MFA devices included)`,
          );
          runs++;
        }
      }
      assert.equal(runs, total * 2);
      summary.push(
        `${type}: ${total} calls, ${runs} interruptions (a fault on each call, a kill after each call), ${runs} reruns completed`,
      );
    });
  }
  it('an unassigned virtual MFA device is picked up only when named after the user, is named in the confirmation, and a missing ListVirtualMFADevices permission does not block the delete', async () => {
    const iam = env.iam;
    const name = `orphan-${++n}`;
    await iam.send(new CreateUserCommand({ UserName: name }));
    const serial = async (device: string) =>
      (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: device }))).VirtualMFADevice
        ?.SerialNumber ?? '';
    const mine = await serial(name);
    const other = await serial(`${name}-spare`);
    const run = newProcess();
    try {
      const listing = await run.service.listDependents({ type: 'user', name });
      const plan = planDelete({ type: 'user', name }, listing.dependents, listing.unchecked);
      assert.deepEqual(
        plan.steps.map((s) => (s.kind === 'target' ? 'user' : `${s.dependent.kind}:${s.dependent.id}`)),
        [`virtualMfaDevice:${mine}`, 'user'],
      );
      assert.match(confirmationMessage(plan), new RegExp(`1 unassigned virtual MFA device \\(${mine}\\)`));
      env.emulator.setFaults([{ operation: 'ListVirtualMFADevices', kind: 'AccessDenied' }]);
      try {
        const listing = await run.service.listDependents({ type: 'user', name });
        const denied = planDelete({ type: 'user', name }, listing.dependents, listing.unchecked);
        assert.deepEqual(
          denied.steps.map((s) => s.kind),
          ['target'],
          'without the permission the device is not found, and the user can still be deleted',
        );
        assert.match(confirmationMessage(denied), /Could not check: unassigned virtual MFA devices \(AccessDenied/);
      } finally {
        env.emulator.setFaults([]);
      }
      assert.ok((await runPlan(plan, (step) => run.service.runDeleteStep(plan.target, step))).ok);
    } finally {
      run.destroy();
    }
    assert.equal(env.emulator.state.users.get(name), undefined);
    assert.ok(!env.emulator.state.virtualMfaDevices.has(mine), 'the device named after the user is deleted with it');
    assert.ok(env.emulator.state.virtualMfaDevices.has(other), 'a device with another name is left alone');
  });
});
