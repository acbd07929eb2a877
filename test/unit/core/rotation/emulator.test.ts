// Rotation against the real emulator (SigV4-checked, so a wrong secret in a file fails),
// through the same SDK port the extension uses, with real files and a file journal.
// Includes issue 9's "kill it at each step, then rerun": every port call, before and
// after it runs.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SdkAccessKeyService } from '../../../../src/aws/accessKeys';
import {
  fileJournal,
  localFiles,
  rotateAccessKey,
  type RotationDeps,
  type RotationRequest,
} from '../../../../src/core/rotation';
import type { AccessKeyPair } from '../../../../src/core/credentials';
import { readSharedFiles } from '../../../../src/core/credentials';
import { resolveSharedFiles } from '../../../../src/core/credentials/profiles';
import type { Emulator } from '../../../emulator/index.js';
import { useEmulator } from '../../emulator/helpers';
import { killable } from './fakes';
import { REFUSAL_CASES, snapshot } from './refusals';

const FILE = (key: AccessKeyPair) =>
  `; team file\n[default]\nregion = us-east-1\n\n[dev]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n\n[dev-copy]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`;

describe('rotation (core) against the emulator', function () {
  this.timeout(120_000);
  const env = useEmulator();
  let dir: string;
  let n = 0;

  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'iam-explorer-rotation-emu-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  function service(emulator: Emulator, iam: IAMClient): SdkAccessKeyService {
    return new SdkAccessKeyService(
      iam,
      (key) =>
        new STSClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: key, maxAttempts: 1 }),
    );
  }

  async function signsAs(emulator: Emulator, key: AccessKeyPair): Promise<string | undefined> {
    const sts = new STSClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: key,
      maxAttempts: 1,
    });
    try {
      return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
    } catch {
      return undefined;
    } finally {
      sts.destroy();
    }
  }

  /** A fresh user with one key, and a credentials file with two profiles holding it. */
  async function setUp(): Promise<{
    user: string;
    arn: string;
    old: AccessKeyPair;
    credentials: string;
    config: string;
    journalDir: string;
  }> {
    const user = `rot-${++n}`;
    const created = await env.iam.send(new CreateUserCommand({ UserName: user }));
    const k = (await env.iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey;
    const old = { accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' };
    const credentials = join(dir, `credentials-${user}`);
    const config = join(dir, `config-${user}`);
    await fs.writeFile(credentials, FILE(old), { mode: 0o600 });
    return { user, arn: created.User?.Arn ?? '', old, credentials, config, journalDir: join(dir, `journal-${user}`) };
  }

  /** The key a profile of the file holds (the secret too: tests only). */
  async function fileKey(credentials: string, config: string, profile: string): Promise<AccessKeyPair> {
    const { texts } = await readSharedFiles({ credentials, config });
    const v = resolveSharedFiles(texts).profiles.get(profile)?.values ?? {};
    return { accessKeyId: v.aws_access_key_id ?? '', secretAccessKey: v.aws_secret_access_key ?? '' };
  }

  function depsFor(
    s: Awaited<ReturnType<typeof setUp>>,
    logs: string[] = [],
  ): {
    iam: SdkAccessKeyService;
    files: ReturnType<typeof localFiles>;
    journal: ReturnType<typeof fileJournal>;
    rest: Omit<RotationDeps, 'iam' | 'files' | 'journal'>;
  } {
    return {
      iam: service(env.emulator, env.iam),
      files: localFiles(
        { credentials: s.credentials, config: s.config },
        { backupFolder: join(s.journalDir, '..', 'backups') },
      ),
      journal: fileJournal(s.journalDir, env.emulator.accountId, s.user),
      rest: {
        deliver: async () => Promise.reject(new Error('unexpected delivery')),
        confirmDeleteInactive: async () => false,
        log: (m) => logs.push(m),
      },
    };
  }

  const requestFor = (s: Awaited<ReturnType<typeof setUp>>): RotationRequest => ({
    userName: s.user,
    userArn: s.arn,
    oldAccessKeyId: s.old.accessKeyId,
    oldKeyAction: 'deactivate',
  });

  it('rotates: both profiles get a key the emulator accepts, the rest of the file is untouched, the old key is inactive', async () => {
    const s = await setUp();
    const before = await fs.readFile(s.credentials, 'utf8');
    const d = depsFor(s);
    const started = performance.now();
    const result = await rotateAccessKey(requestFor(s), { iam: d.iam, files: d.files, journal: d.journal, ...d.rest });
    const ms = performance.now() - started;
    const dev = await fileKey(s.credentials, s.config, 'dev');
    assert.equal(dev.accessKeyId, result.newAccessKeyId);
    assert.equal(await signsAs(env.emulator, dev), s.arn);
    assert.equal(await signsAs(env.emulator, s.old), undefined, 'the old key is refused');
    const newRecord = env.emulator.state.accessKeys.get(result.newAccessKeyId);
    // assert.ok, not equal: a failing diff would print secrets into the test output.
    assert.ok(
      (await fs.readFile(s.credentials, 'utf8')) ===
        before
          .replaceAll(s.old.accessKeyId, result.newAccessKeyId)
          .replaceAll(s.old.secretAccessKey, newRecord?.secret ?? '?'),
      'byte-identical except the keys',
    );
    assert.equal(env.emulator.state.accessKeys.get(s.old.accessKeyId)?.status, 'Inactive');
    assert.equal(await d.journal.load(), undefined);
    console.log(`      rotation against the emulator took ${ms.toFixed(0)} ms`);
  });

  it('killed at every step (before and after each call), a rerun finishes: a working key in the file, the old key retired, no stray key', async () => {
    // Count the calls of an uninterrupted run first.
    const probe = await setUp();
    const p = depsFor(probe);
    const counted = killable({ iam: p.iam, files: p.files, journal: p.journal }, -1, 'before');
    await rotateAccessKey(requestFor(probe), { ...counted.ports, ...p.rest });
    const total = counted.calls();
    assert.ok(total >= 9, `a run makes ${total} port calls`);

    const outcomes: string[] = [];
    for (let at = 0; at < total; at++) {
      for (const when of ['before', 'after'] as const) {
        const s = await setUp();
        const d = depsFor(s);
        const k = killable({ iam: d.iam, files: d.files, journal: d.journal }, at, when);
        const killedAt = await Promise.race([
          k.killed,
          rotateAccessKey(requestFor(s), { ...k.ports, ...d.rest }).then(() => 'completed'),
        ]);
        // Consistent and recoverable right after the kill: the profile's key works.
        const afterKill = await fileKey(s.credentials, s.config, 'dev');
        assert.equal(
          await signsAs(env.emulator, afterKill),
          s.arn,
          `after a kill ${killedAt}: the file's key must work`,
        );

        // The rerun (a fresh process: new ports, same files and journal on disk). Killed
        // after the very last call (clearing the journal), the rotation had finished.
        const again = depsFor(s);
        const finished = at === total - 1 && when === 'after';
        const result = finished
          ? { newAccessKeyId: (await fileKey(s.credentials, s.config, 'dev')).accessKeyId, resumed: false }
          : await rotateAccessKey(requestFor(s), {
              iam: again.iam,
              files: again.files,
              journal: again.journal,
              ...again.rest,
            });
        const dev = await fileKey(s.credentials, s.config, 'dev');
        const copy = await fileKey(s.credentials, s.config, 'dev-copy');
        assert.ok(
          copy.accessKeyId === dev.accessKeyId && copy.secretAccessKey === dev.secretAccessKey,
          `${killedAt}: both profiles hold the same key`,
        );
        assert.equal(dev.accessKeyId, result.newAccessKeyId, `${killedAt}: the file holds the rotated key`);
        assert.equal(await signsAs(env.emulator, dev), s.arn, `${killedAt}: the rotated key works`);
        const keys = env.emulator.state.users.get(s.user)?.accessKeys.map((x) => [x.id, x.status]) ?? [];
        assert.deepEqual(
          keys.sort(),
          [
            [s.old.accessKeyId, 'Inactive'],
            [dev.accessKeyId, 'Active'],
          ].sort(),
          `${killedAt}: old inactive, new active, nothing else`,
        );
        assert.equal(await again.journal.load(), undefined, `${killedAt}: the journal is cleared`);
        outcomes.push(`${killedAt}${result.resumed ? ' (resumed)' : ''}`);
      }
    }
    assert.equal(outcomes.length, total * 2);
    console.log(`      ${outcomes.length} kill points survived: ${outcomes.join('; ')}`);
  });

  it('a file the writer would refuse: the emulator gets no request at all, the key stays active, nothing in the folder changes', async () => {
    for (const c of REFUSAL_CASES) {
      const s = await setUp();
      const folder = join(dir, `refusal-${s.user}`);
      await fs.mkdir(folder);
      const paths = { credentials: join(folder, 'credentials'), config: join(folder, 'config') };
      await c.setUp(paths, s.old);
      const before = await snapshot(folder);
      const d = depsFor({ ...s, ...paths, journalDir: join(folder, 'journal') });
      env.emulator.log.length = 0;
      const message = await rotateAccessKey(requestFor(s), {
        iam: d.iam,
        files: d.files,
        journal: d.journal,
        ...d.rest,
      }).then(
        () => 'rotated',
        (e: Error) => e.message,
      );
      assert.ok(message.includes(paths[c.file]), `${c.title}: the message names the file`);
      assert.match(message, c.problem, c.title);
      assert.match(message, c.fix, c.title);
      assert.match(message, /stopped before creating a new key; nothing was changed\.$/, c.title);
      assert.deepEqual(
        env.emulator.log.map((e) => e.operation),
        [],
        `${c.title}: no request reached IAM`,
      );
      assert.deepEqual(
        env.emulator.state.users.get(s.user)?.accessKeys.map((k) => [k.id, k.status]),
        [[s.old.accessKeyId, 'Active']],
        c.title,
      );
      assert.deepEqual(await snapshot(folder), before, `${c.title}: every file and folder is as it was`);
    }
  });

  it('a fault at each IAM step leaves the file working and at least one active key', async () => {
    const cases: { op: string; step: string }[] = [
      { op: 'CreateAccessKey', step: 'create' },
      { op: 'GetCallerIdentity', step: 'verify' },
      { op: 'UpdateAccessKey', step: 'retire' },
    ];
    for (const c of cases) {
      const s = await setUp();
      const d = depsFor(s);
      env.emulator.setFaults([{ operation: c.op, kind: 'AccessDenied' }]);
      try {
        const outcome = await rotateAccessKey(requestFor(s), {
          iam: d.iam,
          files: d.files,
          journal: d.journal,
          ...d.rest,
          verifyTimeoutMs: 1_000,
        }).then(
          (r) => r.oldKey,
          (e: Error) => e.message,
        );
        if (c.step === 'retire') assert.equal(outcome, 'still-active');
        else assert.match(outcome, c.step === 'create' ? /Could not create/ : /did not verify/);
      } finally {
        env.emulator.setFaults([]);
      }
      const dev = await fileKey(s.credentials, s.config, 'dev');
      assert.equal(await signsAs(env.emulator, dev), s.arn, `${c.op} fault: the file's key works`);
      const active = env.emulator.state.users.get(s.user)?.accessKeys.filter((x) => x.status === 'Active') ?? [];
      assert.ok(active.length >= 1);
      if (c.step !== 'retire') assert.equal(dev.accessKeyId, s.old.accessKeyId, 'undone: the old key is back');
    }
  });
});
