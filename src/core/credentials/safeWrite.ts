import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CredentialsFileError, fileError, isErrno } from './errors';
import { displayPath } from './paths';

/** Owner read/write only: the mode of the credentials file, its backups and temp files. */
export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_KEEP_BACKUPS = 5;

export interface WriteOptions {
  /**
   * The private folder the backups go in (the extension's global storage): created mode
   * 0700, each backup 0600. Never the credentials file's own folder, which may be a
   * dotfiles repository, a workspace or a synced folder.
   */
  readonly backupFolder: string;
  /** How many times to re-read and re-apply when another writer changes the file meanwhile. Default 3. */
  readonly maxAttempts?: number;
  /** How many backups of this file to keep in `backupFolder`, newest first. Default 5. */
  readonly keepBackups?: number;
  /** The clock used to name backups. */
  readonly now?: () => Date;
  /**
   * Test seam: runs on each attempt after the new content is on disk in the temp file,
   * just before the check for a concurrent edit and the rename.
   */
  readonly beforeReplace?: (attempt: number) => Promise<void> | void;
}

export interface WriteResult {
  /** The file actually written: the target when `path` is a symbolic link. */
  readonly path: string;
  /** False when the transform returned the text unchanged: nothing was written. */
  readonly changed: boolean;
  /** The copy of the previous content, for restoreBackup; undefined when there was no previous file or no change. */
  readonly backupPath: string | undefined;
  /** SHA-256 (hex) of the bytes now in the file; pass it to restoreBackup to refuse to undo someone else's edit. */
  readonly sha256: string;
  readonly attempts: number;
}

/**
 * Safely rewrites a shared credentials/config file: reads it ('' when missing), applies
 * `transform`, keeps a timestamped 0600 backup of the previous bytes in the private
 * `backupFolder` (the last `keepBackups` per file are kept), writes a temp file in the
 * target's folder, fsyncs it and renames it over the file. The replaced file's mode and
 * owner are kept (a new file is 0600); a file with more than one hard link, or owned by
 * another user when they cannot be kept, is refused (see checkWritable). A symbolic link
 * is followed: its target is written and the link stays. If the file's bytes changed since they were read, the temp
 * file is dropped and the whole read–transform–write is retried, so another writer's edit
 * is never overwritten (a window of one stat-and-rename remains: POSIX has no atomic
 * compare-and-rename). A file that did not exist is created with link(2), which fails
 * rather than replace a file created meanwhile. Before the backup, each attempt refuses a
 * file or folder that cannot be written (see checkWritable); checkCredentialsWrite runs
 * the same checks without writing.
 */
export async function writeCredentialsFile(
  path: string,
  transform: (currentText: string) => string,
  options: WriteOptions,
): Promise<WriteResult> {
  const target = await resolveTarget(path);
  const attempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  let backupPath: string | undefined;
  try {
    return await writeAttempts(path, target, transform, options, attempts, (made) => (backupPath = made));
  } catch (error) {
    // The file is as it was: a backup made for this write would only be one more copy of its secrets.
    if (backupPath !== undefined) await discardBackup(backupPath).catch(() => undefined);
    throw error;
  }
}

async function writeAttempts(
  path: string,
  target: string,
  transform: (currentText: string) => string,
  options: WriteOptions,
  attempts: number,
  onBackup: (backupPath: string) => void,
): Promise<WriteResult> {
  let backupPath: string | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const { before, next, changed } = await readAndTransform(path, target, transform);
    if (!changed) {
      return {
        path: target,
        changed: false,
        backupPath: undefined,
        sha256: sha256(before ?? Buffer.alloc(0)),
        attempts: attempt,
      };
    }
    // Checked on every attempt, before the backup: the file may have changed since a check.
    const existing = await checkWritable(path, target, before !== undefined, options.backupFolder);
    if (before !== undefined)
      onBackup(
        (backupPath = await writeBackup(
          path,
          options.backupFolder,
          before,
          backupPath,
          options.now ?? (() => new Date()),
        )),
      );
    else await ensureFolder(dirname(target), path);
    const bytes = Buffer.from(next, 'utf8');
    if (await replaceIfUnchanged(target, path, before, bytes, existing, () => options.beforeReplace?.(attempt))) {
      await pruneBackups(path, options.backupFolder, options.keepBackups ?? DEFAULT_KEEP_BACKUPS);
      return { path: target, changed: true, backupPath, sha256: sha256(bytes), attempts: attempt };
    }
  }
  throw new CredentialsFileError(
    'concurrent-edit',
    `cannot write ${displayPath(path)}: another program kept changing it while IAM Explorer tried to update it (` +
      `${attempts} attempts). Nothing was overwritten; close other tools that edit it and try again.`,
    path,
  );
}

/** What writeCredentialsFile would do, as found by checkCredentialsWrite. */
export interface WritePlan {
  /** The file that would be written: the target when `path` is a symbolic link. */
  readonly path: string;
  /** False when the transform leaves the text as it is: nothing would be written. */
  readonly changed: boolean;
}

/**
 * The read-only half of writeCredentialsFile, for a check before a step that cannot be
 * taken back (rotation checks before it creates a key): resolves `path`, reads and decodes
 * the file, applies `transform` and, when the text would change, checks that the file,
 * its backup and the temp file can be written. It runs the writer's own functions, so it
 * throws what writeCredentialsFile would throw for these, with the same message; it
 * writes nothing (no backup, no temp file, no folder). The file can still change (or
 * a write still fail: a full disk) before the write, which checks again.
 */
export async function checkCredentialsWrite(
  path: string,
  transform: (currentText: string) => string,
  options: Pick<WriteOptions, 'backupFolder'>,
): Promise<WritePlan> {
  const target = await resolveTarget(path);
  const { before, changed } = await readAndTransform(path, target, transform);
  if (changed) await checkWritable(path, target, before !== undefined, options.backupFolder);
  return { path: target, changed };
}

/**
 * Reads and decodes the file ('' when missing) and applies `transform`; `changed` says whether there is anything to
 * write.
 */
async function readAndTransform(
  path: string,
  target: string,
  transform: (currentText: string) => string,
): Promise<{ before: Buffer | undefined; next: string; changed: boolean }> {
  const before = await readBytes(target, path);
  const text = before === undefined ? '' : decode(before, path);
  const next = transform(text);
  return { before, next, changed: !(next === text && (before !== undefined || next === '')) };
}

/** What checkWritable found about an existing file: what the replacement keeps. */
interface Existing {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/**
 * Refuses, before anything is written, a write that cannot or must not happen: an
 * existing file its owner may not write (mode 444, someone else's file, marked
 * immutable, a read-only disk; renaming over it would work in a writable folder, but
 * it would override that choice, and the AWS CLI refuses such a file too), a folder
 * where the backup or the temp file cannot be created (or, for a new file, the folder
 * cannot be made), a file with more than one hard link (a rename would split it from
 * its other names) and a file owned by another user when the writer could not give the
 * replacement that owner (only root can). Asks the system with access(2) and stat(2),
 * so it never writes. A write can still fail later (a full disk, a name too long), and
 * then says so. Returns the existing file's mode and owner, which the replacement keeps.
 */
async function checkWritable(
  path: string,
  target: string,
  exists: boolean,
  backupFolder: string,
): Promise<Existing | undefined> {
  const folder = fsConstants.W_OK | fsConstants.X_OK;
  const check = async (file: string, mode: number, verb: string): Promise<void> => {
    await fs.access(file, mode).catch((error: unknown) => {
      throw fileError(verb, path, error);
    });
  };
  if (exists) {
    await check(target, fsConstants.W_OK, 'write');
    await check(dirname(target), folder, 'write');
    await check(await nearestExisting(backupFolder, path), folder, 'back up');
    const stat = await fs.stat(target).catch((error: unknown) => {
      throw fileError('write', path, error);
    });
    if (stat.nlink > 1) {
      throw new CredentialsFileError(
        'not-a-file',
        `cannot write ${displayPath(path)}: it has ${stat.nlink} hard links, and replacing it would leave the ` +
          `other names with the old content. Make it a single file (or a symbolic link) and try again`,
        path,
        { outcome: 'nothing was changed' },
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && uid !== 0 && stat.uid !== uid) {
      throw new CredentialsFileError(
        'permission-denied',
        `cannot write ${displayPath(path)}: it belongs to another user (uid ${stat.uid}), and replacing it ` +
          `would make it yours. Edit it as its owner, or take it over (chown) if it is meant to be yours`,
        path,
        { outcome: 'nothing was changed' },
      );
    }
    return { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
  }
  // A new file: the nearest folder that exists must let ensureFolder and the link in.
  await check(await nearestExisting(dirname(target), path), folder, 'write');
  return undefined;
}

/** `folder`, or its nearest ancestor that exists. */
async function nearestExisting(folder: string, shownAs: string): Promise<string> {
  let existing = resolve(folder);
  for (;;) {
    const found = await fs.stat(existing).then(
      () => true,
      (error: unknown) => {
        if (isErrno(error, 'ENOENT')) return false;
        throw fileError('write', shownAs, error);
      },
    );
    if (found || dirname(existing) === existing) return existing;
    existing = dirname(existing);
  }
}

/**
 * Atomically puts a backup's content back (after backing up the current content). With
 * `expectedSha256` (a WriteResult's sha256) it refuses when the file has changed since
 * that write, rather than undo someone else's edit.
 */
export async function restoreBackup(
  path: string,
  backupPath: string,
  options: WriteOptions & { readonly expectedSha256?: string },
): Promise<WriteResult> {
  const saved = await readBytes(backupPath, backupPath);
  if (saved === undefined) {
    throw new CredentialsFileError(
      'not-found',
      `cannot restore ${displayPath(path)}: the backup ${displayPath(backupPath)} does not exist.`,
      backupPath,
    );
  }
  const content = decode(saved, backupPath);
  return writeCredentialsFile(
    path,
    (current) => {
      if (options.expectedSha256 !== undefined && sha256(Buffer.from(current, 'utf8')) !== options.expectedSha256) {
        throw new CredentialsFileError(
          'changed-since-write',
          `${displayPath(path)} was changed by another program after IAM Explorer wrote it, so it was not ` +
            `restored (that would undo the other change). The earlier version is in ${displayPath(backupPath)}.`,
          path,
        );
      }
      return content;
    },
    options,
  );
}

/** This file's backups in `backupFolder`, newest first. */
export async function listBackups(path: string, backupFolder: string): Promise<string[]> {
  const folder = resolve(backupFolder);
  const pattern = new RegExp(`^${escapeRegExp(backupPrefix(path))}\\.\\d{8}T\\d{9}Z\\.bak$`);
  const names = await fs.readdir(folder).catch((error: unknown) => {
    if (isErrno(error, 'ENOENT')) return [];
    throw fileError('list backups of', path, error);
  });
  return names
    .filter((name) => pattern.test(name))
    .sort()
    .reverse()
    .map((name) => join(folder, name));
}

/**
 * Removes one backup (a rotation's, once its new key is verified and no undo can need
 * it). A backup already gone is not an error.
 */
export async function discardBackup(backupPath: string): Promise<void> {
  await fs.unlink(backupPath).catch((error: unknown) => {
    if (!isErrno(error, 'ENOENT')) throw fileError('remove the backup', backupPath, error);
  });
}

/**
 * The start of a file's backup names: its name and a hash of its full path, so that two
 * files of the same name (a credentials file per AWS_SHARED_CREDENTIALS_FILE) never
 * share backups, and the folder's listing does not show where the files are.
 */
function backupPrefix(path: string): string {
  return `${basename(path)}-${sha256(Buffer.from(resolve(path), 'utf8')).slice(0, 12)}`;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Follows symbolic links (even dangling ones) to the file that should be written. */
export async function resolveTarget(path: string, depth = 0): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw fileError('open', path, error);
  }
  const link = await fs.lstat(path).catch(() => undefined);
  if (!link?.isSymbolicLink()) return resolve(path);
  if (depth > 8)
    throw new CredentialsFileError('io', `cannot open ${displayPath(path)}: too many symbolic links.`, path);
  return resolveTarget(resolve(dirname(path), await fs.readlink(path)), depth + 1);
}

async function readBytes(file: string, shownAs: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw fileError('read', shownAs, error);
  }
}

/**
 * The text of the bytes, refusing anything that would not survive a UTF-8 round trip, and
 * NUL bytes: UTF-16 text without a byte order mark is valid UTF-8 byte for byte, and
 * appending UTF-8 to it would leave a file in two encodings.
 */
function decode(bytes: Buffer, shownAs: string): string {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes) || text.includes('\u0000')) {
    throw new CredentialsFileError(
      'not-utf8',
      `cannot edit ${displayPath(shownAs)}: it is not UTF-8 text (saved as UTF-16?). Save it as UTF-8 and try again`,
      shownAs,
      { outcome: 'nothing was changed' },
    );
  }
  return text;
}

async function ensureFolder(folder: string, shownAs: string): Promise<void> {
  await fs.mkdir(folder, { recursive: true, mode: PRIVATE_DIR_MODE }).catch((error: unknown) => {
    throw fileError('create the folder for', shownAs, error);
  });
}

/**
 * Writes `bytes` to a temp file beside `target` and moves it into place only if the file
 * still holds `before` (or still does not exist). Returns false when it changed.
 */
async function replaceIfUnchanged(
  target: string,
  shownAs: string,
  before: Buffer | undefined,
  bytes: Buffer,
  existing: Existing | undefined,
  hook: () => Promise<void> | void,
): Promise<boolean> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeDurably(temp, bytes, 'wx', existing).catch((error: unknown) => {
      throw fileError('write', shownAs, error);
    });
    await hook();
    const current = await readBytes(target, shownAs);
    if (before === undefined) return await createExclusively(temp, target, shownAs, current);
    if (current === undefined || !current.equals(before)) return false;
    await fs.rename(temp, target).catch((error: unknown) => {
      throw fileError('write', shownAs, error);
    });
    await syncFolder(dirname(target));
    return true;
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
}

/** Errors of link(2) on a file system without hard links (FAT, exFAT, some SMB and FUSE mounts). */
const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'];

/**
 * Creates a file that did not exist, failing (false) rather than replace one that
 * appeared: link(2) of the finished temp file. Where the file system has no hard links,
 * an exclusive copy (COPYFILE_EXCL: also fails rather than replace) does the same, the
 * file's content appearing as it is copied rather than at once.
 */
async function createExclusively(
  temp: string,
  target: string,
  shownAs: string,
  current: Buffer | undefined,
): Promise<boolean> {
  if (current !== undefined) return false;
  try {
    await fs.link(temp, target);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    if (!NO_HARD_LINKS.some((code) => isErrno(error, code))) throw fileError('write', shownAs, error);
    try {
      await fs.copyFile(temp, target, fsConstants.COPYFILE_EXCL);
      await fs.chmod(target, PRIVATE_FILE_MODE);
    } catch (copyError) {
      if (isErrno(copyError, 'EEXIST')) return false;
      throw fileError('create', shownAs, copyError);
    }
  }
  await syncFolder(dirname(target));
  return true;
}

/**
 * Writes mode 0600 whatever the umask, and fsyncs before closing. With `keep` (the file
 * it will replace), then gives it that file's owner (only root can give it another
 * user's; checkWritable refuses that case for others) and mode, so a 0640 file stays 0640.
 */
async function writeDurably(file: string, bytes: Uint8Array, flags: 'wx' | 'w', keep?: Existing): Promise<void> {
  const handle = await fs.open(file, flags, PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(bytes);
    if (keep) {
      const now = await handle.stat();
      // Another owner or group: chown may refuse the group (not one of the writer's); the owner was checked.
      if (now.uid !== keep.uid || now.gid !== keep.gid)
        await handle.chown(keep.uid, keep.gid).catch(() => handle.chown(keep.uid, now.gid));
      await handle.chmod(keep.mode);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `bytes`, mode 0600 from the first byte: a temp file beside it, written
 * and fsynced, renamed into place, the folder fsynced. Nothing is left behind on failure. For
 * files the extension owns (a CSV the user asked for, the rotation journal); the shared AWS
 * files go through writeCredentialsFile, which also keeps a backup and checks for edits.
 */
export async function writePrivateFile(path: string, bytes: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeDurably(temp, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, 'wx');
    await fs.rename(temp, path);
    await syncFolder(dirname(path));
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
}

/** Makes a rename durable; not supported (and not needed) on every platform. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

/**
 * Saves `bytes` as `<name>-<path hash>.<UTC timestamp>.bak` in `backupFolder` (made mode
 * 0700), mode 0600. On a retry the same backup is overwritten, so it always holds
 * exactly the bytes that were replaced.
 */
async function writeBackup(
  path: string,
  backupFolder: string,
  bytes: Buffer,
  existing: string | undefined,
  now: () => Date,
): Promise<string> {
  if (existing !== undefined) {
    await writeDurably(existing, bytes, 'w').catch((error: unknown) => {
      throw fileError('back up', path, error);
    });
    return existing;
  }
  await privateFolder(backupFolder, path);
  let time = now().getTime();
  for (;;) {
    const candidate = join(resolve(backupFolder), `${backupPrefix(path)}.${timestamp(new Date(time))}.bak`);
    try {
      await writeDurably(candidate, bytes, 'wx');
      return candidate;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw fileError('back up', path, error);
      time += 1;
    }
  }
}

/** `20260102T030405678Z`: sortable, and valid in Windows file names. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/** Makes `folder` (and its parents) if needed, and sets it to 0700 even when it existed. */
async function privateFolder(folder: string, shownAs: string): Promise<void> {
  try {
    await fs.mkdir(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
    await fs.chmod(folder, PRIVATE_DIR_MODE);
  } catch (error) {
    throw fileError('create the backup folder for', shownAs, error);
  }
}

async function pruneBackups(path: string, backupFolder: string, keep: number): Promise<void> {
  const backups = await listBackups(path, backupFolder).catch(() => []);
  for (const old of backups.slice(Math.max(keep, 0))) await fs.unlink(old).catch(() => undefined);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
