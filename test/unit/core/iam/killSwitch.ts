// A real SDK client to the emulator that can "die" right after its k-th mutating call:
// the call reaches IAM and succeeds, then the process is gone — its promise never settles,
// so no code of the interrupted run goes on (no catch, no finally, no next step).
import { IAMClient } from '@aws-sdk/client-iam';
import type { Emulator } from '../../../emulator/index.js';

/** The IAM calls that change something: everything but List* and Get*. */
export const MUTATING = /^(?!List|Get)[A-Z]/;

export interface KillableClient {
  readonly iam: IAMClient;
  /** Resolves with a description when the process "died". */
  readonly killed: Promise<string>;
  /** Mutating calls sent so far. */
  calls(): number;
}

/** `killAfter`: the 0-based mutating call after whose success the process dies; none when undefined. No retries. */
export function killableIamClient(emulator: Emulator, killAfter?: number): KillableClient {
  const iam = new IAMClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: emulator.adminKey,
    maxAttempts: 1,
  });
  let calls = 0;
  let signal!: (what: string) => void;
  const killed = new Promise<string>((resolve) => (signal = resolve));
  iam.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? '').replace(/Command$/, '');
      if (!MUTATING.test(name)) return next(args);
      const index = calls++;
      const result = await next(args);
      if (index === killAfter) {
        signal(`killed after call ${index} (${name})`);
        return new Promise<never>(() => undefined);
      }
      return result;
    },
    { step: 'initialize', name: 'killSwitch' },
  );
  return { iam, killed, calls: () => calls };
}
