import { Cancelled } from '../../../../src/core/cancelled';
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fileJournal,
  fileWriteOf,
  localFiles,
  memoryJournal,
  retireOldKey,
  rotateAccessKey,
  RotationError,
  type Delivery,
  type RotationDeps,
  type RotationFiles,
  type RotationRequest,
} from '../../../../src/core/rotation';
import { setProfileKeys, writeCredentialsFile, type AccessKeyPair } from '../../../../src/core/credentials';
import { FakeIam } from './fakes';
import { REFUSAL_CASES, snapshot } from './refusals';
import { childOldKey, giveToChild, rotateInChild } from './unprivileged';

const CRLF_FILE = (key: AccessKeyPair) =>
  `# my keys\r\n[default]\r\naws_access_key_id = AKIAUNRELATED0000001\r\naws_secret_access_key = unrelated/secret\r\n\r\n[dev] ; alice\r\naws_access_key_id=${key.accessKeyId}\r\n  aws_secret_access_key   =   ${key.secretAccessKey}\r\naws_session_token = stale\r\nregion = eu-west-1`;

describe('rotation (core, with a fake IAM and real files)', () => {
  let dir: string;
  let iam: FakeIam;
  let old: AccessKeyPair;
  let credentials: string;
  let config: string;
  let logs: string[];
  let sleeps: number[];

  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'iam-explorer-rotation-'));
    credentials = join(dir, 'credentials');
    config = join(dir, 'config');
    iam = new FakeIam();
    old = iam.addKey('alice');
    logs = [];
    sleeps = [];
    await fs.writeFile(credentials, CRLF_FILE(old), { mode: 0o600 });
    await fs.writeFile(config, '[profile dev]\nregion = eu-west-1\n', { mode: 0o600 });
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const request = (over: Partial<RotationRequest> = {}): RotationRequest => ({
    userName: 'alice',
    userArn: iam.arnOf('alice'),
    oldAccessKeyId: old.accessKeyId,
    oldKeyAction: 'deactivate',
    ...over,
  });

  const deps = (over: Partial<RotationDeps> = {}): RotationDeps => ({
    iam,
    files: localFiles({ credentials, config }, { backupFolder: join(dir, 'backups') }),
    journal: memoryJournal(),
    deliver: async () => {
      throw new Error('unexpected delivery');
    },
    confirmDeleteInactive: async () => {
      throw new Error('unexpected confirmation');
    },
    log: (m) => logs.push(m),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  });

  /** Every secret the fake IAM ever issued must be absent from the log and from `texts`. */
  function assertNoSecrets(...texts: string[]): void {
    const haystack = [...logs, ...texts].join('\n');
    for (const k of [old, ...iam.keys.map((x) => ({ secretAccessKey: x.secret }))]) {
      assert.ok(!haystack.includes(k.secretAccessKey), 'a secret reached the log or a message');
    }
    assert.ok(!haystack.includes('fakeSecret/'), 'a secret reached the log or a message');
  }

  it('writes the new key into the profile, byte for byte otherwise, verifies it and deactivates the old key', async () => {
    const before = await fs.readFile(credentials, 'utf8');
    const result = await rotateAccessKey(request(), deps());
    const newKey = iam.keysOf('alice').find((k) => k.accessKeyId === result.newAccessKeyId);
    assert.ok(newKey);
    const after = await fs.readFile(credentials, 'utf8');
    const expected = before
      .replace(`aws_access_key_id=${old.accessKeyId}`, `aws_access_key_id=${newKey.accessKeyId}`)
      .replace(`=   ${old.secretAccessKey}`, `=   ${newKey.secret}`)
      .replace('aws_session_token = stale\r\n', '');
    assert.ok(after === expected, 'byte-identical except the two values (not printed: they hold secrets)');
    assert.equal((await fs.stat(credentials)).mode & 0o777, 0o600);
    assert.equal(iam.keysOf('alice').find((k) => k.accessKeyId === old.accessKeyId)?.status, 'Inactive');
    assert.equal(result.oldKey, 'deactivated');
    assert.deepEqual(
      result.writes.map((w) => w.profiles),
      [['dev']],
    );
    assert.equal(result.verifyAttempts, 1);
    // The IAM calls in the order of the steps: read the keys, create, verify (as the new key), retire the old one.
    assert.deepEqual(iam.calls, ['listAccessKeys', 'createAccessKey', 'callerIdentityWith', 'setAccessKeyStatus']);
    // The log names what it did, with key ids and the file, never a secret (assertNoSecrets below).
    const log = logs.join('\n');
    for (const fact of [
      `created ${newKey.accessKeyId}`,
      `wrote ${newKey.accessKeyId} into profile dev of ${credentials}`,
      `${newKey.accessKeyId} signs as`,
      `deactivated ${old.accessKeyId}`,
    ]) {
      assert.ok(log.includes(fact), `the log says: ${fact}`);
    }
    assert.ok(
      log.indexOf(`created ${newKey.accessKeyId}`) < log.indexOf(`deactivated ${old.accessKeyId}`),
      'the log tells the steps in the order they ran',
    );
    assert.equal(await fs.readFile(config, 'utf8'), '[profile dev]\nregion = eu-west-1\n', 'config untouched');
    assertNoSecrets(JSON.stringify(result));
  });

  it('keeps its backup in the private folder, never beside the file, until the new key is verified, then removes it', async () => {
    const backups = join(dir, 'backups');
    const during: string[][] = [];
    const result = await rotateAccessKey(
      request(),
      deps({
        progress: (message) => {
          if (message.startsWith('Verifying')) during.push(readdirSync(backups));
        },
      }),
    );
    assert.equal(result.oldKey, 'deactivated');
    assert.equal(during.length, 1);
    assert.equal(during[0]?.length, 1, "the undo's backup exists while the key is verified");
    assert.match(during[0]?.[0] ?? '', /^credentials-[0-9a-f]{12}\.\d{8}T\d{9}Z\.bak$/);
    assert.deepEqual(await fs.readdir(backups), [], 'the backup is removed once the key is verified');
    assert.deepEqual(
      (await fs.readdir(dir)).sort(),
      ['backups', 'config', 'credentials'],
      'nothing beside the credentials file',
    );
    assert.ok(
      logs.some((l) => /removed the backup \(no longer needed for an undo\)/.test(l)),
      'the log says the backup was removed',
    );
  });

  it("the audit's reproduction: ~/.aws symlinked into a dotfiles repository ignoring aws/credentials; after a rotation `git status` is clean", async function () {
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, ...args], {
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir },
      });
    const repo = join(dir, 'dotfiles');
    try {
      execFileSync('git', ['init', '-q', repo]);
    } catch {
      this.skip();
    }
    await fs.mkdir(join(repo, 'aws'));
    await fs.writeFile(join(repo, '.gitignore'), 'aws/credentials\n');
    await fs.rename(credentials, join(repo, 'aws', 'credentials'));
    await fs.rename(config, join(repo, 'aws', 'config'));
    const aws = join(dir, 'home-aws');
    await fs.symlink(join(repo, 'aws'), aws);
    git('add', '.gitignore', 'aws/config');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'dotfiles');
    const files = localFiles(
      { credentials: join(aws, 'credentials'), config: join(aws, 'config') },
      { backupFolder: join(dir, 'backups') },
    );
    const result = await rotateAccessKey(request(), deps({ files }));
    assert.equal(result.oldKey, 'deactivated');
    assert.match(await fs.readFile(join(repo, 'aws', 'credentials'), 'utf8'), new RegExp(result.newAccessKeyId));
    assert.equal(
      git('status', '--porcelain', '--untracked-files=all'),
      '',
      'nothing new in the repository (before: ?? aws/credentials.<time>.bak)',
    );
  });

  it('undo of a write that created the file through a dangling symbolic link removes the file created and keeps the link', async () => {
    const target = join(dir, 'dotfiles', 'aws-credentials');
    await fs.mkdir(join(dir, 'dotfiles'));
    const link = join(dir, 'linked-credentials');
    await fs.symlink(target, link);
    const files = localFiles({ credentials: link, config }, { backupFolder: join(dir, 'backups') });
    const written = await writeCredentialsFile(
      link,
      (t) => setProfileKeys(t, 'new', { accessKeyId: 'AKIANEWFAKEKEY000009', secretAccessKey: 'fake/new' }).text,
      { backupFolder: join(dir, 'backups') },
    );
    assert.equal(written.backupPath, undefined, 'the write created the file');
    await files.restore(fileWriteOf(link, 'credentials', written, ['new']));
    assert.ok((await fs.lstat(link)).isSymbolicLink(), "the user's link is still there");
    assert.equal(await fs.readlink(link), target);
    await assert.rejects(fs.stat(target), /ENOENT/, 'the file the write created (holding the new secret) is gone');
  });

  it('deletes the old key when the setting says delete', async () => {
    const result = await rotateAccessKey(request({ oldKeyAction: 'delete' }), deps());
    assert.equal(result.oldKey, 'deleted');
    assert.deepEqual(
      iam.keysOf('alice').map((k) => k.accessKeyId),
      [result.newAccessKeyId],
    );
  });

  it('also rotates a profile that keeps its key in the config file', async () => {
    await fs.writeFile(
      config,
      `[profile ci]\r\naws_access_key_id = ${old.accessKeyId}\r\naws_secret_access_key = ${old.secretAccessKey}\r\n`,
    );
    const result = await rotateAccessKey(request(), deps());
    assert.deepEqual(
      result.writes.map((w) => [w.kind, w.profiles]),
      [
        ['credentials', ['dev']],
        ['config', ['ci']],
      ],
    );
    assert.match(
      await fs.readFile(config, 'utf8'),
      new RegExp(`^\\[profile ci\\]\\r\\naws_access_key_id = ${result.newAccessKeyId}\\r\\n`),
    );
  });

  it('retries verification with backoff while IAM has not propagated the new key', async () => {
    iam.propagationRefusals = 3;
    const result = await rotateAccessKey(request(), deps());
    assert.equal(result.verifyAttempts, 4);
    assert.deepEqual(sleeps, [250, 500, 1000]);
    assert.equal(result.oldKey, 'deactivated');
  });

  it('two keys, the other inactive: deletes it after asking, then rotates', async () => {
    const other = iam.addKey('alice', 'Inactive');
    let asked = '';
    const result = await rotateAccessKey(
      request(),
      deps({ confirmDeleteInactive: async (k) => ((asked = k.accessKeyId), true) }),
    );
    assert.equal(asked, other.accessKeyId);
    assert.deepEqual(
      iam
        .keysOf('alice')
        .map((k) => [k.accessKeyId, k.status])
        .sort(),
      [
        [old.accessKeyId, 'Inactive'],
        [result.newAccessKeyId, 'Active'],
      ].sort(),
    );
  });

  it('two keys, the other inactive, and the user declines: nothing changes', async () => {
    iam.addKey('alice', 'Inactive');
    const before = await fs.readFile(credentials);
    await assert.rejects(
      rotateAccessKey(request(), deps({ confirmDeleteInactive: async () => false })),
      (e: unknown) => e instanceof RotationError && e.cancelled,
    );
    assert.equal(iam.keysOf('alice').length, 2);
    assert.ok(!iam.calls.includes('createAccessKey') && !iam.calls.includes('deleteAccessKey'));
    assert.ok((await fs.readFile(credentials)).equals(before), 'the file is unchanged');
  });

  it('two active keys: stops before creating anything and explains', async () => {
    const other = iam.addKey('alice');
    await assert.rejects(rotateAccessKey(request(), deps()), (e: unknown) => {
      assert.ok(e instanceof RotationError);
      assert.equal(e.step, 'preconditions');
      assert.match(e.message, new RegExp(`two access keys.*${other.accessKeyId}, is active.*Nothing was changed`));
      return true;
    });
    assert.ok(!iam.calls.includes('createAccessKey'));
  });

  it('a key that is not the user’s: stops, nothing changed', async () => {
    await assert.rejects(
      rotateAccessKey(request({ oldAccessKeyId: 'AKIANOTALICES0000000' }), deps()),
      /does not belong to user alice/,
    );
    assert.ok(!iam.calls.includes('createAccessKey'));
  });

  it('create fails: nothing changed, the old key still active', async () => {
    iam.fail.createAccessKey = { code: 'AccessDenied' };
    const before = await fs.readFile(credentials);
    await assert.rejects(
      rotateAccessKey(request(), deps()),
      (e: unknown) =>
        e instanceof RotationError && e.step === 'create' && /AccessDenied.*request id req-fake/.test(e.message),
    );
    assert.deepEqual(
      iam.keysOf('alice').map((k) => [k.accessKeyId, k.status]),
      [[old.accessKeyId, 'Active']],
    );
    assert.ok((await fs.readFile(credentials)).equals(before), 'the file is unchanged');
  });

  describe('a file the writer would refuse stops the rotation before any IAM call, with nothing changed', () => {
    for (const c of REFUSAL_CASES) {
      it(c.title, async () => {
        await fs.rm(credentials, { recursive: true, force: true });
        await fs.rm(config, { force: true });
        await c.setUp({ credentials, config }, old);
        const journalDir = join(dir, 'journal');
        const before = await snapshot(dir);
        await assert.rejects(
          rotateAccessKey(request(), deps({ journal: fileJournal(journalDir, iam.account, 'alice') })),
          (e: unknown) => {
            assert.ok(e instanceof RotationError);
            assert.equal(e.step, 'preconditions');
            const path = c.file === 'credentials' ? credentials : config;
            assert.ok(e.message.includes(path), `the message names ${path}: ${e.message}`);
            assert.match(e.message, c.problem);
            assert.match(e.message, c.fix);
            assert.match(
              e.message,
              new RegExp(`Rotation of ${old.accessKeyId} stopped before creating a new key; nothing was changed\\.$`),
            );
            assert.deepEqual([e.undone, e.left, e.cancelled], [[], [], false]);
            assertNoSecrets(e.message);
            return true;
          },
        );
        assert.deepEqual(iam.calls, [], 'no IAM call at all');
        assert.deepEqual(
          iam.keysOf('alice').map((k) => [k.accessKeyId, k.status]),
          [[old.accessKeyId, 'Active']],
        );
        assert.deepEqual(
          await snapshot(dir),
          before,
          'every file and folder is as it was: no backup, no temp file, no journal',
        );
        assert.match(
          logs.join('\n'),
          /stopped before creating a key: a file the new key must go into cannot be written \((not-utf8|invalid-input|not-a-file) in /,
        );
      });
    }

    it('a credentials file that is not writable (mode 444), in a child process as an unprivileged user', async () => {
      const childKey = childOldKey();
      await fs.writeFile(credentials, CRLF_FILE(childKey), { mode: 0o600 });
      await giveToChild(dir);
      await fs.chmod(dir, 0o755);
      await fs.chmod(credentials, 0o444);
      const before = await snapshot(dir);
      const r = rotateInChild({ credentials, config }, join(dir, 'journal'));
      assert.equal(r.outcome, 'refused');
      assert.equal(r.step, 'preconditions');
      assert.match(
        r.message ?? '',
        new RegExp(
          `^Cannot write ${credentials}: permission denied — check that you own the file and its folder \\(ls -l\\) and that the file is mode 600\\. Rotation of ${childKey.accessKeyId} stopped before creating a new key; nothing was changed\\.$`,
        ),
      );
      assert.deepEqual(r.calls, [], 'no IAM call at all');
      assert.deepEqual(r.keys, [[childKey.accessKeyId, 'Active']]);
      assert.deepEqual(
        await snapshot(dir),
        before,
        'every file and folder is as it was: no backup, no temp file, no journal',
      );
    });

    it('a file that passes the check but is made unwritable before the write: the write re-checks, the new key is deleted, nothing else changed', async () => {
      const childKey = childOldKey();
      await fs.writeFile(credentials, CRLF_FILE(childKey), { mode: 0o600 });
      await giveToChild(dir);
      await fs.chmod(dir, 0o755);
      const bytes = await fs.readFile(credentials);
      const r = rotateInChild({ credentials, config }, join(dir, 'journal'), { unwritableAfterCheck: true });
      assert.equal(r.outcome, 'refused');
      assert.equal(r.step, 'write');
      assert.match(
        r.message ?? '',
        new RegExp(
          `^Could not put the new key in place: cannot write ${credentials}: permission denied — check .*Undone: deleted the new key AKIA\\w+\\. ${childKey.accessKeyId} is still active and in use\\.$`,
        ),
      );
      assert.deepEqual(r.left, []);
      assert.deepEqual(r.calls, ['listAccessKeys', 'createAccessKey', 'deleteAccessKey'], 'created, then undone');
      assert.deepEqual(r.keys, [[childKey.accessKeyId, 'Active']]);
      assert.ok((await fs.readFile(credentials)).equals(bytes), 'the file is unchanged');
      assert.equal((await fs.stat(credentials)).mode & 0o777, 0o444);
      assert.deepEqual((await fs.readdir(dir)).sort(), ['config', 'credentials', 'journal'], 'no backup or temp file');
      assert.deepEqual(await fs.readdir(join(dir, 'journal')), [], 'the journal is cleared');
    });
  });

  it('a second file failing after the first was written: the first is restored', async () => {
    await fs.writeFile(
      config,
      `[profile ci]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n`,
    );
    const before = await fs.readFile(credentials);
    const real = localFiles({ credentials, config }, { backupFolder: join(dir, 'backups') });
    // Both files pass the check; then the config file (written second) gets a byte that is not UTF-8.
    const files: RotationFiles = {
      ...real,
      async check(id) {
        const planned = await real.check(id);
        assert.deepEqual(
          planned.map((p) => [p.kind, p.profiles]),
          [
            ['credentials', ['dev']],
            ['config', ['ci']],
          ],
        );
        await fs.appendFile(config, Buffer.from([0xff]));
        return planned;
      },
    };
    await assert.rejects(
      rotateAccessKey(request(), deps({ files })),
      (e: unknown) => e instanceof RotationError && e.step === 'write' && /not UTF-8/.test(e.message),
    );
    assert.ok((await fs.readFile(credentials)).equals(before), 'the credentials file is restored');
    assert.deepEqual(
      iam.keysOf('alice').map((k) => k.accessKeyId),
      [old.accessKeyId],
    );
    assert.ok(iam.calls.includes('createAccessKey') && iam.calls.includes('deleteAccessKey'), 'created, then undone');
  });

  it('verification fails: the file is restored from the backup and the new key deleted', async () => {
    iam.fail.callerIdentityWith = { code: 'InvalidClientTokenId' };
    const before = await fs.readFile(credentials);
    let now = 0;
    const realNow = Date.now;
    Date.now = () => now;
    try {
      await assert.rejects(
        rotateAccessKey(request(), deps({ sleep: async (ms) => void (sleeps.push(ms), (now += ms)) })),
        (e: unknown) => {
          assert.ok(e instanceof RotationError);
          assert.equal(e.step, 'verify');
          assert.match(e.message, /still refused after \d+ attempts/);
          assert.match(e.message, /restored .*credentials from its backup; deleted the new key/);
          assert.deepEqual(e.left, []);
          assertNoSecrets(e.message);
          return true;
        },
      );
    } finally {
      Date.now = realNow;
    }
    assert.ok(
      sleeps.reduce((a, b) => a + b, 0) <= 15_000 && sleeps.length >= 8,
      `backoff within 15 s: ${sleeps.join(',')}`,
    );
    assert.ok((await fs.readFile(credentials)).equals(before), 'the file is unchanged');
    assert.deepEqual(
      iam.keysOf('alice').map((k) => [k.accessKeyId, k.status]),
      [[old.accessKeyId, 'Active']],
    );
    assert.deepEqual(
      await fs.readdir(join(dir, 'backups')),
      [],
      "once restored, no backup is left (neither the old secret nor the deleted key's)",
    );
  });

  it('a new key that signs as someone else fails at once, without retrying', async () => {
    await assert.rejects(
      rotateAccessKey(request({ userArn: 'arn:aws:iam::123456789012:user/mallory' }), deps()),
      /signs as arn:aws:iam::123456789012:user\/alice, not as .*mallory/,
    );
    assert.equal(iam.calls.filter((c) => c === 'callerIdentityWith').length, 1);
    assert.equal(iam.keysOf('alice').length, 1);
  });

  it('the file changed by someone else after the write: not restored over their edit, and the new key kept', async () => {
    iam.fail.callerIdentityWith = { code: 'InvalidClientTokenId' };
    await assert.rejects(
      rotateAccessKey(
        request(),
        deps({
          verifyTimeoutMs: 0,
          sleep: async () => undefined,
          iam: Object.assign(Object.create(iam) as FakeIam, {
            callerIdentityWith: async (k: AccessKeyPair) => {
              await fs.appendFile(credentials, '\r\n[other-tool]\r\nregion = us-east-1\r\n');
              return iam.callerIdentityWith(k);
            },
          }),
        }),
      ),
      (e: unknown) => {
        assert.ok(e instanceof RotationError);
        assert.match(e.left.join(' '), /was not restored .*changed by another program.*kept/);
        return true;
      },
    );
    assert.equal(iam.keysOf('alice').length, 2, 'the new key a file still holds is not deleted');
    assert.match(await fs.readFile(credentials, 'utf8'), /\[other-tool\]/);
  });

  it('deactivation fails: the new key stays in place and the old key is reported still active; retry works', async () => {
    iam.fail.setAccessKeyStatus = { code: 'ServiceFailure', times: 1 };
    const journal = memoryJournal();
    const result = await rotateAccessKey(request(), deps({ journal }));
    assert.equal(result.oldKey, 'still-active');
    assert.ok(result.retireError);
    assert.equal(journal.entry, undefined, 'nothing left to resume: only the retry');
    assert.match(await fs.readFile(credentials, 'utf8'), new RegExp(result.newAccessKeyId));
    assert.equal(iam.keysOf('alice').find((k) => k.accessKeyId === old.accessKeyId)?.status, 'Active');
    const retry = await retireOldKey(iam, 'alice', old.accessKeyId, 'deactivate', (m) => logs.push(m));
    assert.equal(retry.oldKey, 'deactivated');
    assert.equal(iam.keysOf('alice').find((k) => k.accessKeyId === old.accessKeyId)?.status, 'Inactive');
  });

  it('no profile holds the old key: the secret is delivered, then verified', async () => {
    await fs.writeFile(credentials, '[default]\naws_access_key_id = AKIAUNRELATED0000001\naws_secret_access_key = x\n');
    let got: AccessKeyPair | undefined;
    const result = await rotateAccessKey(
      request(),
      deps({ deliver: async (k): Promise<Delivery> => ((got = k), { description: 'the clipboard', writes: [] }) }),
    );
    assert.equal(got?.accessKeyId, result.newAccessKeyId);
    assert.equal(result.delivered, 'the clipboard');
    assert.equal(result.oldKey, 'deactivated');
    assertNoSecrets();
  });

  it('the delivery is cancelled: the new key is deleted (its secret would be lost)', async () => {
    await fs.writeFile(credentials, '');
    // The delivery quick pick dismissed: the extension's Cancelled, recognised by type.
    const cancel = new Cancelled();
    await assert.rejects(
      rotateAccessKey(request(), deps({ deliver: async () => Promise.reject(cancel) })),
      (e: unknown) => e instanceof RotationError && e.cancelled && /Rotation cancelled/.test(e.message),
    );
    assert.deepEqual(
      iam.keysOf('alice').map((k) => k.accessKeyId),
      [old.accessKeyId],
    );
  });

  it('cancelled during verification (before the point of no return): everything is undone', async () => {
    iam.propagationRefusals = 5;
    const abort = new AbortController();
    const before = await fs.readFile(credentials);
    await assert.rejects(
      rotateAccessKey(request(), deps({ signal: abort.signal, sleep: async () => abort.abort() })),
      (e: unknown) => e instanceof RotationError && e.cancelled && e.step === 'verify',
    );
    assert.ok((await fs.readFile(credentials)).equals(before), 'the file is unchanged');
    assert.deepEqual(
      iam.keysOf('alice').map((k) => [k.accessKeyId, k.status]),
      [[old.accessKeyId, 'Active']],
    );
  });
});
