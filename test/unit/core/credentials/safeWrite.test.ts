import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  checkCredentialsWrite,
  CredentialsFileError,
  listBackups,
  replaceAccessKey,
  restoreBackup,
  setProfileKeys,
  writeCredentialsFile,
} from '../../../../src/core/credentials';
import { isRoot, modeOf, NEW_KEY, OLD_KEY, OTHER_KEY, tempFolder, writeInChildProcess } from './helpers';

const ORIGINAL = `# keys\r\n[default]\r\naws_access_key_id = ${OLD_KEY.accessKeyId}\r\naws_secret_access_key = ${OLD_KEY.secretAccessKey}`;
const ROTATED = `# keys\r\n[default]\r\naws_access_key_id = ${NEW_KEY.accessKeyId}\r\naws_secret_access_key = ${NEW_KEY.secretAccessKey}`;
const rotate = (text: string): string => replaceAccessKey(text, OLD_KEY.accessKeyId, NEW_KEY).text;

async function assertFileHolds(path: string, expected: string): Promise<void> {
  const actual = await fs.readFile(path, 'utf8');
  assert.ok(actual === expected, `${path} does not hold the expected bytes`);
}

describe('credentials/safeWrite', () => {
  let dir = '';
  let file = '';
  let backupFolder = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let cleanupStore: () => Promise<void> = async () => undefined;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    let store = '';
    ({ dir: store, cleanup: cleanupStore } = await tempFolder());
    backupFolder = join(store, 'globalStorage', 'credential-backups');
    file = join(dir, 'credentials');
    await fs.writeFile(file, ORIGINAL, { mode: 0o644 });
  });
  afterEach(async () => {
    await cleanup();
    await cleanupStore();
  });

  it("writes the transformed bytes, keeps the file's mode, and puts a 0600 backup in the private 0700 folder, not beside the file", async () => {
    const result = await writeCredentialsFile(file, rotate, { backupFolder });
    await assertFileHolds(file, ROTATED);
    assert.equal(await modeOf(file), 0o644, "the file's own mode is kept");
    assert.ok(result.backupPath);
    assert.equal(dirname(result.backupPath), backupFolder);
    await assertFileHolds(result.backupPath, ORIGINAL);
    assert.equal(await modeOf(result.backupPath), 0o600);
    assert.equal(await modeOf(backupFolder), 0o700);
    assert.deepEqual(await fs.readdir(dir), ['credentials'], 'nothing beside the credentials file');
    assert.equal(result.changed, true);
    assert.equal(result.attempts, 1);
    assert.deepEqual(
      (await fs.readdir(dir)).filter((n) => n.endsWith('.tmp')),
      [],
      'a temp file was left behind',
    );
  });

  it('writes nothing, and makes no backup, when the transform changes nothing', async () => {
    const result = await writeCredentialsFile(file, (text) => text, { backupFolder });
    assert.equal(result.changed, false);
    assert.equal(result.backupPath, undefined);
    assert.deepEqual(await fs.readdir(dir), ['credentials']);
    assert.equal(await modeOf(file), 0o644);
  });

  it('keeps only the last 5 backups, newest first', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = (): Date => new Date((clock += 1000));
    for (let i = 0; i < 7; i++) {
      await writeCredentialsFile(file, (text) => `${text}\n# edit ${i}`, { backupFolder, now });
    }
    const backups = await listBackups(file, backupFolder);
    assert.equal(backups.length, 5);
    assert.match(backups[0] ?? '', /credentials-[0-9a-f]{12}\.20260101T000007000Z\.bak$/);
    await assertFileHolds(backups[0] ?? '', `${ORIGINAL}\n# edit 0\n# edit 1\n# edit 2\n# edit 3\n# edit 4\n# edit 5`);
    for (const backup of backups) assert.equal(await modeOf(backup), 0o600);
  });

  it("keeps a 0640 file 0640 and, as root, another user's file that user's", async function () {
    if (process.platform === 'win32') this.skip();
    await fs.chmod(file, 0o640);
    if (isRoot) await fs.chown(file, 65534, 65534);
    await writeCredentialsFile(file, rotate, { backupFolder });
    await assertFileHolds(file, ROTATED);
    assert.equal(await modeOf(file), 0o640);
    if (isRoot) {
      const stat = await fs.stat(file);
      assert.deepEqual([stat.uid, stat.gid], [65534, 65534], 'the owner was kept');
    }
  });

  it('refuses a file with a second hard link, naming the problem, and changes nothing', async () => {
    await fs.link(file, join(dir, 'other-name'));
    await assert.rejects(
      writeCredentialsFile(file, rotate, { backupFolder }),
      (e: unknown) =>
        e instanceof CredentialsFileError &&
        /it has 2 hard links, and replacing it would leave the other names with the old content\. Make it a single file/.test(
          e.message,
        ),
    );
    await assertFileHolds(file, ORIGINAL);
    await assertFileHolds(join(dir, 'other-name'), ORIGINAL);
    assert.deepEqual(await listBackups(file, backupFolder), []);
  });

  it("refuses, when not root, a file that belongs to another user, rather than make it the writer's", async function () {
    if (process.platform === 'win32' || !isRoot) this.skip();
    // The file is root's and writable by all; the writer runs as uid 65534 (see writeInChildProcess).
    await fs.chmod(dir, 0o777);
    await fs.chmod(file, 0o666);
    try {
      const e = writeInChildProcess(file);
      assert.equal(e.code, 'permission-denied');
      assert.match(
        e.message ?? '',
        /^cannot write .*credentials: it belongs to another user \(uid 0\), and replacing it would make it yours\./,
      );
    } finally {
      await fs.chmod(file, 0o644);
      await fs.chmod(dir, 0o700);
    }
    await assertFileHolds(file, ORIGINAL);
    assert.equal((await fs.stat(file)).uid, 0);
  });

  it('creates a new file where the file system has no hard links (link fails with EPERM), still 0600', async () => {
    const fresh = join(dir, 'fat', 'credentials');
    const realLink = fs.link;
    fs.link = () => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' }));
    try {
      await writeCredentialsFile(fresh, (text) => setProfileKeys(text, 'default', NEW_KEY).text, { backupFolder });
    } finally {
      fs.link = realLink;
    }
    assert.match(await fs.readFile(fresh, 'utf8'), /\[default\]/);
    assert.equal(await modeOf(fresh), 0o600);
    assert.deepEqual(await fs.readdir(join(dir, 'fat')), ['credentials'], 'no temp file left');
  });

  it('removes its backup when the write fails after making it: the file is unchanged, so the copy is not needed', async () => {
    await assert.rejects(
      writeCredentialsFile(file, rotate, { backupFolder, beforeReplace: () => Promise.reject(new Error('disk gone')) }),
      /disk gone/,
    );
    await assertFileHolds(file, ORIGINAL);
    assert.deepEqual(await fs.readdir(backupFolder), []);
  });

  it('gives two backups made in the same millisecond different names', async () => {
    const now = (): Date => new Date(Date.UTC(2026, 0, 1));
    await writeCredentialsFile(file, (text) => `${text}\n# a`, { backupFolder, now });
    await writeCredentialsFile(file, (text) => `${text}\n# b`, { backupFolder, now });
    assert.equal((await listBackups(file, backupFolder)).length, 2);
  });

  it('restores a backup atomically', async () => {
    const write = await writeCredentialsFile(file, rotate, { backupFolder });
    assert.ok(write.backupPath);
    await restoreBackup(file, write.backupPath, { backupFolder, expectedSha256: write.sha256 });
    await assertFileHolds(file, ORIGINAL);
    assert.equal(await modeOf(file), 0o644);
  });

  it('refuses to restore over an edit made after its own write', async () => {
    const write = await writeCredentialsFile(file, rotate, { backupFolder });
    assert.ok(write.backupPath);
    const otherEdit = `${ROTATED}\r\n[someone-else]\r\nregion = x\r\n`;
    await fs.writeFile(file, otherEdit);
    await assert.rejects(
      restoreBackup(file, write.backupPath, { backupFolder, expectedSha256: write.sha256 }),
      (e: unknown) => e instanceof CredentialsFileError && e.code === 'changed-since-write',
    );
    await assertFileHolds(file, otherEdit);
  });

  it('follows a symlinked credentials file: writes the target and keeps the link', async () => {
    const real = join(dir, 'dotfiles-credentials');
    await fs.rename(file, real);
    await fs.symlink(real, file);
    const result = await writeCredentialsFile(file, rotate, { backupFolder });
    assert.ok((await fs.lstat(file)).isSymbolicLink(), 'the link was replaced by a file');
    await assertFileHolds(real, ROTATED);
    assert.equal(result.path, await fs.realpath(real));
    assert.equal(await modeOf(real), 0o644);
  });

  it('re-reads and re-applies when another writer changes the file before the rename', async () => {
    const theirs = `${ORIGINAL}\r\n[added-by-cli]\r\naws_access_key_id = ${OTHER_KEY.accessKeyId}\r\naws_secret_access_key = ${OTHER_KEY.secretAccessKey}\r\n`;
    const result = await writeCredentialsFile(file, rotate, {
      backupFolder,
      beforeReplace: async (attempt) => {
        if (attempt === 1) await fs.writeFile(file, theirs);
      },
    });
    assert.equal(result.attempts, 2);
    const expected = `${ROTATED}\r\n[added-by-cli]\r\naws_access_key_id = ${OTHER_KEY.accessKeyId}\r\naws_secret_access_key = ${OTHER_KEY.secretAccessKey}\r\n`;
    await assertFileHolds(file, expected);
    assert.ok(result.backupPath);
    await assertFileHolds(result.backupPath, theirs);
  });

  it('gives up without overwriting when the file keeps changing', async () => {
    let n = 0;
    await assert.rejects(
      writeCredentialsFile(file, rotate, {
        backupFolder,
        maxAttempts: 3,
        beforeReplace: async () => fs.writeFile(file, `${ORIGINAL}\n# other writer ${++n}`),
      }),
      (e: unknown) =>
        e instanceof CredentialsFileError &&
        e.code === 'concurrent-edit' &&
        /another program kept changing it/.test(e.message),
    );
    await assertFileHolds(file, `${ORIGINAL}\n# other writer 3`);
    assert.deepEqual(
      (await fs.readdir(dir)).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('creates a missing file and its folder, 0600, and never replaces one created meanwhile', async () => {
    const fresh = join(dir, 'new', '.aws', 'credentials');
    const created = await writeCredentialsFile(fresh, (text) => setProfileKeys(text, 'default', NEW_KEY).text, {
      backupFolder,
    });
    assert.equal(created.backupPath, undefined);
    assert.equal(await modeOf(fresh), 0o600);

    const racing = join(dir, 'racing');
    const result = await writeCredentialsFile(racing, (text) => setProfileKeys(text, 'mine', NEW_KEY).text, {
      backupFolder,
      beforeReplace: async (attempt) => {
        if (attempt === 1) await fs.writeFile(racing, '[theirs]\nregion = x\n');
      },
    });
    assert.equal(result.attempts, 2);
    await assertFileHolds(
      racing,
      `[theirs]\nregion = x\n\n[mine]\naws_access_key_id = ${NEW_KEY.accessKeyId}\naws_secret_access_key = ${NEW_KEY.secretAccessKey}\n`,
    );
  });

  it('says "permission denied" with a fix when the folder is not writable', async function () {
    if (process.platform === 'win32') this.skip();
    // Readable by the unprivileged writer (see writeInChildProcess), not writable.
    await fs.chmod(dir, 0o555);
    await fs.chmod(file, 0o644);
    try {
      const e = writeInChildProcess(file);
      assert.equal(e.code, 'permission-denied');
      assert.match(e.message ?? '', /^cannot (write|back up) .*credentials: permission denied — check/);
    } finally {
      await fs.chmod(dir, 0o700);
      await fs.chmod(file, 0o600);
    }
    await assertFileHolds(file, ORIGINAL);
  });

  it('says "permission denied" when the file cannot be read', async function () {
    if (process.platform === 'win32') this.skip();
    await fs.chmod(dir, 0o755);
    await fs.chmod(file, 0o000);
    try {
      const e = writeInChildProcess(file);
      assert.equal(e.code, 'permission-denied');
      assert.match(e.message ?? '', /^cannot read .*credentials: permission denied/);
    } finally {
      await fs.chmod(file, 0o600);
      await fs.chmod(dir, 0o700);
    }
    await assertFileHolds(file, ORIGINAL);
  });

  it("passes a transform's error through and writes nothing", async () => {
    await assert.rejects(
      writeCredentialsFile(
        file,
        () => {
          throw new Error('no');
        },
        { backupFolder },
      ),
      /no/,
    );
    await assertFileHolds(file, ORIGINAL);
    assert.deepEqual(await listBackups(file, backupFolder), []);
  });

  it('refuses a file the user may not write, before any backup, even where its folder would let a rename replace it', async function () {
    if (process.platform === 'win32') this.skip();
    // The folder is writable by the unprivileged writer; the file (owned by this user, or by root) is 444.
    await fs.chmod(dir, 0o777);
    await fs.chmod(file, 0o444);
    try {
      const e = writeInChildProcess(file);
      assert.equal(e.code, 'permission-denied');
      assert.match(
        e.message ?? '',
        /^cannot write .*credentials: permission denied — check that you own the file and its folder \(ls -l\) and that the file is mode 600\.$/,
      );
      assert.deepEqual(await fs.readdir(dir), ['credentials'], 'no backup and no temp file');
      assert.equal(await modeOf(file), 0o444);
    } finally {
      await fs.chmod(file, 0o600);
      await fs.chmod(dir, 0o700);
    }
    await assertFileHolds(file, ORIGINAL);
  });
});

describe('credentials/safeWrite: checkCredentialsWrite', () => {
  let dir = '';
  let backupFolder = '';
  let file = '';
  let cleanup: () => Promise<void> = async () => undefined;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    file = join(dir, 'credentials');
    backupFolder = join(dir, 'globalStorage', 'credential-backups');
  });
  afterEach(() => cleanup());

  it('reports what the write would do and writes nothing: no backup, no temp file, no folder', async () => {
    await fs.writeFile(file, ORIGINAL, { mode: 0o600 });
    assert.deepEqual(await checkCredentialsWrite(file, rotate, { backupFolder }), { path: file, changed: true });
    assert.deepEqual(await checkCredentialsWrite(file, (t) => t, { backupFolder }), { path: file, changed: false });
    const fresh = join(dir, 'new', 'folder', 'credentials');
    assert.deepEqual(
      await checkCredentialsWrite(fresh, (t) => setProfileKeys(t, 'dev', NEW_KEY).text, { backupFolder }),
      { path: fresh, changed: true },
    );
    assert.deepEqual(await fs.readdir(dir), ['credentials']);
    await assertFileHolds(file, ORIGINAL);
  });

  it('follows a symbolic link as the writer does', async () => {
    const target = join(dir, 'real');
    await fs.writeFile(target, ORIGINAL, { mode: 0o600 });
    await fs.symlink(target, file);
    assert.deepEqual(await checkCredentialsWrite(file, rotate, { backupFolder }), { path: target, changed: true });
  });

  // Each refusal: the check and the writer throw the same code and message, and nothing changes.
  const refusals: {
    title: string;
    setUp: () => Promise<void>;
    transform: (t: string) => string;
    code: string;
    message: RegExp;
  }[] = [
    {
      title: 'a UTF-16 file',
      setUp: () => fs.writeFile(file, Buffer.from(`\ufeff${ORIGINAL}`, 'utf16le')),
      transform: rotate,
      code: 'not-utf8',
      message: /^cannot edit .*credentials: it is not UTF-8 text/,
    },
    {
      title: 'a folder at the path',
      setUp: () => fs.mkdir(file),
      transform: rotate,
      code: 'not-a-file',
      message: /^cannot read .*credentials: it is a folder/,
    },
    {
      title: 'a part of the path that is a file',
      setUp: async () => {
        await fs.writeFile(join(dir, 'f'), '');
        file = join(dir, 'f', 'credentials');
      },
      transform: (t) => setProfileKeys(t, 'dev', NEW_KEY).text,
      code: 'not-found',
      message: /a part of the path is not a folder/,
    },
    {
      title: 'an editor refusal',
      setUp: () => fs.writeFile(file, `${ORIGINAL}\r\n[__proto__]\r\n`),
      transform: rotate,
      code: 'invalid-input',
      message: /line 5 is named __proto__/,
    },
  ];
  for (const c of refusals) {
    it(`refuses as the writer does: ${c.title}`, async () => {
      await c.setUp();
      const listing = await fs.readdir(dir);
      const checked = await checkCredentialsWrite(file, c.transform, { backupFolder }).then(
        () => undefined,
        (e: unknown) => e,
      );
      const written = await writeCredentialsFile(file, c.transform, { backupFolder }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(checked instanceof CredentialsFileError && written instanceof CredentialsFileError, 'both refuse');
      assert.equal(checked.code, c.code);
      assert.match(checked.message, c.message);
      assert.deepEqual([checked.code, checked.message], [written.code, written.message], 'the same refusal');
      assert.deepEqual(await fs.readdir(dir), listing, 'nothing was created');
    });
  }
});
