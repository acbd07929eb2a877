// Fakes for the rotation ports: an in-memory IAM with failure injection, and helpers
// that wrap any set of ports so a run can be "killed" at a chosen call.
import type { AccessKeyPair } from '../../../../src/core/credentials';
import type { KeyMeta, RotationIam, SignedIdentity } from '../../../../src/core/rotation';

interface FakeKey extends KeyMeta {
  secret: string;
  user: string;
}

export type FakeMethod = keyof RotationIam;

/** An IAM with users and keys in memory. `fail[method]` makes the next calls throw (a number: only that many). */
export class FakeIam implements RotationIam {
  readonly keys: FakeKey[] = [];
  readonly calls: string[] = [];
  readonly fail: Partial<Record<FakeMethod, { code: string; times?: number }>> = {};
  /** GetCallerIdentity refuses a key this many times after it is created (IAM propagation). */
  propagationRefusals = 0;
  private refusalsLeft = new Map<string, number>();
  private next = 1;

  constructor(readonly account = '123456789012') {}

  arnOf(user: string): string {
    return `arn:aws:iam::${this.account}:user/${user}`;
  }

  addKey(user: string, status: 'Active' | 'Inactive' = 'Active'): AccessKeyPair {
    const key = this.mint();
    this.keys.push({ accessKeyId: key.accessKeyId, secret: key.secretAccessKey, status, user, created: new Date() });
    return key;
  }

  keysOf(user: string): FakeKey[] {
    return this.keys.filter((k) => k.user === user);
  }

  private mint(): AccessKeyPair {
    const n = String(this.next++).padStart(4, '0');
    return { accessKeyId: `AKIAFAKE${n}00000000`.slice(0, 20), secretAccessKey: `fakeSecret/${n}/${'x'.repeat(26)}` };
  }

  private gate(method: FakeMethod): void {
    this.calls.push(method);
    const f = this.fail[method];
    if (f && (f.times === undefined || f.times > 0)) {
      if (f.times !== undefined) f.times--;
      throw Object.assign(new Error(`injected ${f.code}`), { name: f.code, $metadata: { requestId: 'req-fake' } });
    }
  }

  async listAccessKeys(user: string): Promise<KeyMeta[]> {
    this.gate('listAccessKeys');
    return this.keysOf(user).map((k) => ({ accessKeyId: k.accessKeyId, status: k.status, created: k.created }));
  }

  async createAccessKey(user: string): Promise<AccessKeyPair> {
    this.gate('createAccessKey');
    if (this.keysOf(user).length >= 2)
      throw Object.assign(new Error('Cannot exceed quota for AccessKeysPerUser: 2'), { name: 'LimitExceeded' });
    const key = this.addKey(user);
    this.refusalsLeft.set(key.accessKeyId, this.propagationRefusals);
    return key;
  }

  async setAccessKeyStatus(user: string, id: string, status: 'Active' | 'Inactive'): Promise<void> {
    this.gate('setAccessKeyStatus');
    const k = this.keysOf(user).find((x) => x.accessKeyId === id);
    if (!k) throw Object.assign(new Error(`The Access Key with id ${id} cannot be found.`), { name: 'NoSuchEntity' });
    (k as { status: string }).status = status;
  }

  async deleteAccessKey(user: string, id: string): Promise<void> {
    this.gate('deleteAccessKey');
    const i = this.keys.findIndex((x) => x.user === user && x.accessKeyId === id);
    if (i < 0)
      throw Object.assign(new Error(`The Access Key with id ${id} cannot be found.`), { name: 'NoSuchEntity' });
    this.keys.splice(i, 1);
  }

  async callerIdentityWith(key: AccessKeyPair): Promise<SignedIdentity> {
    this.gate('callerIdentityWith');
    const k = this.keys.find((x) => x.accessKeyId === key.accessKeyId);
    const left = this.refusalsLeft.get(key.accessKeyId) ?? 0;
    if (left > 0) this.refusalsLeft.set(key.accessKeyId, left - 1);
    if (!k || k.status !== 'Active' || k.secret !== key.secretAccessKey || left > 0) {
      throw Object.assign(new Error('The security token included in the request is invalid.'), {
        name: 'InvalidClientTokenId',
      });
    }
    return { arn: this.arnOf(k.user), userId: `AIDA${k.user.toUpperCase()}`, account: this.account };
  }
}

/**
 * Wraps every method of each port so that call number `at` (counted across all ports,
 * from 0) never returns: before it runs ('before') or after it has run ('after'). That is
 * what a killed process looks like from outside: the work up to there is done, nothing
 * after it (no undo either) ever runs. `calls` counts the calls seen.
 */
export function killable<T extends Record<string, object>>(
  ports: T,
  at: number,
  when: 'before' | 'after',
): { ports: T; killed: Promise<string>; calls: () => number } {
  let n = 0;
  let signal!: (what: string) => void;
  const killed = new Promise<string>((resolve) => (signal = resolve));
  const never = new Promise<never>(() => undefined);
  const wrap = <O extends object>(name: string, target: O): O =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const index = n++;
          const what = `${name}.${String(prop)}`;
          if (index === at && when === 'before') {
            signal(`before ${what}`);
            return never;
          }
          const result = await (value as (...a: unknown[]) => unknown).apply(obj, args);
          if (index === at && when === 'after') {
            signal(`after ${what}`);
            return never;
          }
          return result;
        };
      },
    });
  const wrapped = Object.fromEntries(
    Object.entries(ports).map(([k, v]) => [k, typeof v === 'function' ? wrapFn(k, v) : wrap(k, v)]),
  ) as T;
  function wrapFn(name: string, fn: object): object {
    return wrap(name, { call: fn as (...a: unknown[]) => unknown }).call as object;
  }
  return { ports: wrapped, killed, calls: () => n };
}
