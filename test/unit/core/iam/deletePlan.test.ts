import { strict as assert } from 'node:assert';
import {
  confirmationMessage,
  describeDependents,
  planDelete,
  runPlan,
  partialFailureMessage,
  type Dependent,
  type PlanStep,
} from '../../../../src/core/iam/deletePlan';

const user = { type: 'user' as const, name: 'alice' };
const deps: Dependent[] = [
  { kind: 'groupMembership', id: 'developers' },
  { kind: 'attachedPolicy', id: 'arn:aws:iam::aws:policy/ReadOnlyAccess', label: 'ReadOnlyAccess' },
  { kind: 'inlinePolicy', id: 'read-reports' },
  { kind: 'accessKey', id: 'AKIA1' },
  { kind: 'mfaDevice', id: 'arn:aws:iam::123456789012:mfa/alice', label: 'alice (virtual)' },
  { kind: 'loginProfile', id: 'alice' },
  { kind: 'accessKey', id: 'AKIA2' },
];
const noSuch = Object.assign(new Error('gone'), { name: 'NoSuchEntityException' });
const denied = Object.assign(new Error('User is not authorized to perform: iam:DetachUserPolicy'), {
  name: 'AccessDenied',
});

describe('core/iam/deletePlan', () => {
  it('orders a user’s dependents as IAM requires and ends with the user', () => {
    const plan = planDelete(user, deps);
    const order = plan.steps.map((s) => (s.kind === 'target' ? 'USER' : `${s.dependent.kind}:${s.dependent.id}`));
    assert.deepEqual(order, [
      'loginProfile:alice',
      'accessKey:AKIA1',
      'accessKey:AKIA2',
      'mfaDevice:arn:aws:iam::123456789012:mfa/alice',
      'inlinePolicy:read-reports',
      'attachedPolicy:arn:aws:iam::aws:policy/ReadOnlyAccess',
      'groupMembership:developers',
      'USER',
    ]);
  });

  it('orders groups, roles and policies too, and refuses a dependent the type cannot have', () => {
    const g = planDelete({ type: 'group', name: 'dev' }, [
      { kind: 'attachedPolicy', id: 'arn:p' },
      { kind: 'groupMember', id: 'bob' },
      { kind: 'inlinePolicy', id: 'x' },
    ]);
    assert.deepEqual(
      g.steps.map((s) => (s.kind === 'target' ? 'GROUP' : s.dependent.kind)),
      ['groupMember', 'inlinePolicy', 'attachedPolicy', 'GROUP'],
    );
    const r = planDelete({ type: 'role', name: 'app' }, [
      { kind: 'attachedPolicy', id: 'a' },
      { kind: 'instanceProfile', id: 'ip' },
    ]);
    assert.deepEqual(
      r.steps.map((s) => (s.kind === 'target' ? 'ROLE' : s.dependent.kind)),
      ['instanceProfile', 'attachedPolicy', 'ROLE'],
    );
    const p = planDelete({ type: 'policy', name: 'reports', arn: 'arn:p' }, [
      { kind: 'policyVersion', id: 'v1' },
      { kind: 'policyAttachment', id: 'dev', entityType: 'group' },
    ]);
    assert.deepEqual(
      p.steps.map((s) => (s.kind === 'target' ? 'POLICY' : s.dependent.kind)),
      ['policyAttachment', 'policyVersion', 'POLICY'],
    );
    assert.throws(
      () => planDelete({ type: 'group', name: 'dev' }, [{ kind: 'accessKey', id: 'AKIA' }]),
      /A group has no accessKey/,
    );
  });

  it('names everything that must go first in one confirmation', () => {
    const plan = planDelete(user, deps);
    assert.deepEqual(describeDependents(plan), [
      'a console password (login profile)',
      '2 access keys (AKIA1, AKIA2)',
      '1 MFA device (alice (virtual))',
      '1 inline policy (read-reports)',
      '1 attached managed policy (ReadOnlyAccess)',
      '1 group membership (developers)',
    ]);
    const text = confirmationMessage(plan);
    assert.match(text, /^Delete user alice\? IAM requires removing these first/);
    assert.match(text, /2 access keys \(AKIA1, AKIA2\)/);
    assert.equal(confirmationMessage(planDelete(user, [])), 'Delete user alice? This cannot be undone.');
    const many = planDelete(
      { type: 'group', name: 'g' },
      Array.from({ length: 12 }, (_, i) => ({ kind: 'groupMember' as const, id: `u${i}` })),
    );
    assert.match(describeDependents(many)[0] ?? '', /^12 members \(u0, .*u9, and 2 more\)$/);
  });

  it('runs every step in order; a thing already gone counts as done', async () => {
    const plan = planDelete(user, deps);
    const ran: PlanStep[] = [];
    const seen: number[] = [];
    const outcome = await runPlan(
      plan,
      async (step) => {
        ran.push(step);
        if (step.kind === 'dependent' && step.dependent.id === 'AKIA2') throw noSuch;
      },
      (i) => seen.push(i),
    );
    assert.equal(outcome.ok, true);
    assert.equal(outcome.done.length, plan.steps.length);
    assert.deepEqual(ran, plan.steps);
    assert.deepEqual(
      seen,
      plan.steps.map((_, i) => i),
    );
  });

  it('stops at a failure and says exactly what was removed and what remains', async () => {
    const plan = planDelete(user, deps);
    const ran: string[] = [];
    const outcome = await runPlan(plan, async (step) => {
      if (step.kind === 'dependent' && step.dependent.kind === 'attachedPolicy') throw denied;
      ran.push(step.kind);
    });
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.done.length, 5);
    assert.equal(outcome.remaining.length, 3);
    assert.equal(ran.includes('target'), false, 'the user itself is never attempted after a failure');
    const message = partialFailureMessage(plan, outcome, 'AccessDenied: not authorized');
    assert.equal(
      message,
      'Deleting user alice stopped at step 6 of 8: could not detach managed policy ReadOnlyAccess (AccessDenied: not authorized). ' +
        'Already done: delete the console password (login profile); delete access key AKIA1; delete access key AKIA2; ' +
        'deactivate MFA device alice (virtual); delete inline policy read-reports. ' +
        'Still to do: detach managed policy ReadOnlyAccess; remove from group developers; delete user alice. ' +
        'Fix the cause and run the delete again to finish.',
    );
  });

  it('says so when nothing was removed', async () => {
    const plan = planDelete({ type: 'policy', name: 'reports', arn: 'arn:p' }, [
      { kind: 'policyAttachment', id: 'bob', entityType: 'user' },
    ]);
    const outcome = await runPlan(plan, async () => {
      throw denied;
    });
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.match(
        partialFailureMessage(plan, outcome, 'x'),
        /step 1 of 2: could not detach from user bob \(x\)\. Nothing was removed\. Still to do: detach from user bob; delete managed policy reports\./,
      );
    }
  });
});
