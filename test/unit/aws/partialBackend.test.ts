/**
 * Deleting against a partial backend (issue 18): an IAM-compatible endpoint that answers one
 * dependent listing with an HTML 500, a 5xx left after retries, or AccessDenied. The listing
 * becomes "could not check: …" in the confirmation, the delete goes on, and IAM's own
 * DeleteConflict refuses safely when something unlisted does exist. Real SDK over HTTP against
 * the emulator's fault rules, through the service the delete commands use.
 */
import { strict as assert } from 'node:assert';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { SdkIamService } from '../../../src/aws/iamService';
import { instrumentClient, RetryEvents } from '../../../src/aws/requestEvents';
import { IamRetryStrategy } from '../../../src/aws/retry';
import { confirmationMessage, planDelete, runPlan } from '../../../src/core/iam/deletePlan';
import { describeAwsError } from '../../../src/core/iam/errors';
import { accessKeyDescription } from '../../../src/core/iam/format';
import { POLICY, stsClient, useEmulator } from '../emulator/helpers';

describe('aws/iamMutations: dependents that cannot be listed', function () {
  this.timeout(60_000);
  const env = useEmulator();
  let n = 0;

  /** The delete commands' service over instrumented clients, as Connections builds them. */
  function service(maxAttempts = 1): { service: SdkIamService; destroy: () => void } {
    const { emulator } = env;
    const iam = new IAMClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: emulator.adminKey,
      maxAttempts,
      retryStrategy: new IamRetryStrategy({ maxAttempts, baseMs: 2, capMs: 20 }),
    });
    const sts = stsClient(env.emulator);
    instrumentClient(iam, new RetryEvents());
    return { service: new SdkIamService(iam, sts), destroy: () => (iam.destroy(), sts.destroy()) };
  }

  async function user(): Promise<string> {
    const name = `partial-${++n}`;
    await env.iam.send(new CreateUserCommand({ UserName: name }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: POLICY }));
    return name;
  }

  beforeEach(() => {
    env.emulator.log.length = 0;
  });
  afterEach(() => env.emulator.setFaults([]));

  it('an HTML 500 to ListServiceSpecificCredentials: "Could not check" names it, the rest is planned, and the delete completes', async () => {
    const name = await user();
    env.emulator.setFaults([{ operation: 'ListServiceSpecificCredentials', kind: 'HtmlError' }]);
    const s = service(3);
    try {
      const listing = await s.service.listDependents({ type: 'user', name });
      assert.deepEqual(listing.dependents, [{ kind: 'inlinePolicy', id: 'inline' }], 'the listings that work are used');
      assert.deepEqual(listing.unchecked, [
        {
          kind: 'serviceSpecificCredential',
          reason:
            'The endpoint answered HTTP 500 with an HTML page to ListServiceSpecificCredentials; it may not implement this operation.',
        },
      ]);
      const plan = planDelete({ type: 'user', name }, listing.dependents, listing.unchecked);
      const text = confirmationMessage(plan);
      assert.match(text, /they will be removed: 1 inline policy \(inline\)\./);
      assert.match(
        text,
        /Could not check: service-specific credentials \(The endpoint answered HTTP 500 with an HTML page to ListServiceSpecificCredentials; it may not implement this operation\)\./,
      );
      assert.match(text, /If any exist, IAM refuses to delete the user \(DeleteConflict\) and it stays\./);
      assert.equal(
        env.emulator.log.filter((e) => e.operation === 'ListServiceSpecificCredentials').length,
        1,
        'an HTML page is not retried',
      );
      const outcome = await runPlan(plan, (step) => s.service.runDeleteStep(plan.target, step));
      assert.ok(outcome.ok, 'the delete goes on');
      assert.equal(env.emulator.state.users.get(name), undefined, 'the user is gone');
    } finally {
      s.destroy();
    }
  });

  it('when the unlisted thing exists, IAM refuses the delete with DeleteConflict and the user stays', async () => {
    const name = await user();
    // The emulator has no CreateServiceSpecificCredential; the account holds one as a seed would.
    const record = env.emulator.state.users.get(name);
    assert.ok(record);
    record.serviceSpecificCredentials.push({
      id: 'ACCAPARTIAL1',
      serviceName: 'codecommit.amazonaws.com',
      serviceUserName: `${name}-at-1`,
      status: 'Active',
      createDate: new Date(),
    });
    env.emulator.setFaults([{ operation: 'ListServiceSpecificCredentials', kind: 'HtmlError' }]);
    const s = service();
    try {
      const listing = await s.service.listDependents({ type: 'user', name });
      const plan = planDelete({ type: 'user', name }, listing.dependents, listing.unchecked);
      const outcome = await runPlan(plan, (step) => s.service.runDeleteStep(plan.target, step));
      assert.ok(!outcome.ok, 'the delete is refused');
      assert.equal(outcome.failed.kind, 'target');
      assert.match(describeAwsError(outcome.error), /^DeleteConflict: .*\(DeleteUser, HTTP 409, request id /);
      assert.ok(env.emulator.state.users.get(name), 'the user is still there');
    } finally {
      s.destroy();
    }
  });

  it('a 5xx left after the retries and AccessDenied become "could not check" too; NoSuchEntity still fails the listing', async () => {
    const name = await user();
    env.emulator.setFaults([
      { operation: 'ListGroupsForUser', kind: 'ServiceFailure' },
      { operation: 'ListSSHPublicKeys', kind: 'AccessDenied' },
    ]);
    const s = service(2);
    try {
      const listing = await s.service.listDependents({ type: 'user', name });
      assert.deepEqual(listing.unchecked.map((u) => u.kind).sort(), ['groupMembership', 'sshPublicKey']);
      const reasons = Object.fromEntries(listing.unchecked.map((u) => [u.kind, u.reason]));
      assert.match(reasons.groupMembership ?? '', /\(ListGroupsForUser, HTTP 500, request id /);
      assert.match(reasons.sshPublicKey ?? '', /^AccessDenied: .*\(ListSSHPublicKeys, HTTP 403, request id /);
      assert.equal(
        env.emulator.log.filter((e) => e.operation === 'ListGroupsForUser').length,
        2,
        'the 500 was retried first',
      );
      await assert.rejects(
        s.service.listDependents({ type: 'user', name: 'nobody-here' }),
        (e: Error) => e.name === 'NoSuchEntityException' || e.name === 'NoSuchEntity',
      );
    } finally {
      s.destroy();
    }
  });

  it('GetAccessKeyLastUsed not allowed, not implemented or failing after retries: the keys are still listed, "last use unknown", not "never used"', async () => {
    const name = await user();
    const created = await env.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const id = created.AccessKey?.AccessKeyId ?? '';
    for (const kind of ['AccessDenied', 'HtmlError', 'ServiceFailure'] as const) {
      env.emulator.setFaults([{ operation: 'GetAccessKeyLastUsed', kind }]);
      const s = service(2);
      try {
        const keys = await s.service.listAccessKeys(name);
        assert.deepEqual(
          keys.map((k) => k.accessKeyId),
          [id],
          kind,
        );
        const [key] = keys;
        assert.ok(key?.lastUsedUnknown, `${kind}: the reason is kept`);
        assert.match(
          key.lastUsedUnknown,
          {
            AccessDenied: /^AccessDenied: /,
            HtmlError: /HTML page to GetAccessKeyLastUsed/,
            ServiceFailure: /HTTP 500/,
          }[kind],
        );
        assert.equal(key.lastUsed, undefined);
        assert.match(accessKeyDescription(key, new Date()), /^Active · 0 d · last use unknown$/);
      } finally {
        s.destroy();
      }
    }
  });
});
