import {
  checkCredentialsWrite,
  checkReplaceAccessKey,
  CredentialsFileError,
  discardBackup,
  displayPath,
  readSharedFiles,
  replaceAccessKey,
  resolveTarget,
  restoreBackup,
  writeCredentialsFile,
  type AccessKeyPair,
  type EditResult,
  type SharedFilePaths,
  type WriteOptions,
} from '../credentials';
import { resolveSharedFiles } from '../credentials/profiles';
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import type { FileWrite, PlannedWrite, RotationFiles } from './ports';

/**
 * The real RotationFiles: the AWS shared credentials file, then the config file (some
 * people keep keys there), edited with core/credentials' byte-preserving editor and
 * safe writer, backups in `options.backupFolder`.
 */
export function localFiles(paths: SharedFilePaths, options: WriteOptions): RotationFiles {
  const files = [
    { path: paths.credentials, kind: 'credentials' as const },
    { path: paths.config, kind: 'config' as const },
  ];
  const restore = async (writes: readonly FileWrite[]): Promise<void> => {
    const failures: string[] = [];
    for (const w of [...writes].reverse()) {
      try {
        if (w.backupPath !== undefined) {
          const restored = await restoreBackup(w.path, w.backupPath, { ...options, expectedSha256: w.sha256 });
          // Restored: neither the backup nor the restore's own one (the undone key's secret) is needed.
          await discardBackup(w.backupPath);
          if (restored.backupPath !== undefined) await discardBackup(restored.backupPath);
        } else {
          await removeCreated(w);
        }
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (failures.length > 0) throw new CredentialsFileError('io', failures.join(' '));
  };
  return {
    async check(oldAccessKeyId: string): Promise<PlannedWrite[]> {
      // The same files, the same editor and the same writer checks as replaceKey, in the same order.
      const planned: PlannedWrite[] = [];
      for (const file of files) {
        let profiles: readonly string[] = [];
        const plan = await checkCredentialsWrite(
          file.path,
          editIn(
            file.path,
            (text) => checkReplaceAccessKey(text, oldAccessKeyId, { kind: file.kind }),
            (p) => (profiles = p),
          ),
          options,
        );
        if (plan.changed) planned.push({ path: file.path, kind: file.kind, profiles });
      }
      return planned;
    },
    async replaceKey(oldAccessKeyId: string, key: AccessKeyPair): Promise<FileWrite[]> {
      const writes: FileWrite[] = [];
      try {
        for (const file of files) {
          let profiles: readonly string[] = [];
          const result = await writeCredentialsFile(
            file.path,
            editIn(
              file.path,
              (text) => replaceAccessKey(text, oldAccessKeyId, key, { kind: file.kind }),
              (p) => (profiles = p),
            ),
            options,
          );
          if (result.changed) {
            writes.push({
              path: file.path,
              kind: file.kind,
              backupPath: result.backupPath,
              sha256: result.sha256,
              profiles,
            });
          }
        }
      } catch (error) {
        // All or nothing: put back a file already written before reporting the failure.
        await restore(writes);
        throw error;
      }
      return writes;
    },
    restore,
    async discard(writes: readonly FileWrite[]): Promise<void> {
      for (const w of writes) if (w.backupPath !== undefined) await discardBackup(w.backupPath);
    },
    async secretFor(accessKeyId: string): Promise<string | undefined> {
      const { texts } = await readSharedFiles(paths);
      const wanted = accessKeyId.toUpperCase();
      for (const profile of resolveSharedFiles(texts).profiles.values()) {
        if (profile.values.aws_access_key_id?.toUpperCase() === wanted && profile.values.aws_secret_access_key) {
          return profile.values.aws_secret_access_key;
        }
      }
      return undefined;
    },
  };
}

/**
 * A writer transform from an edit: reports the profiles edited, and names the file in an
 * editor's refusal (the editor sees only the text).
 */
function editIn(
  path: string,
  edit: (text: string) => EditResult,
  onProfiles: (profiles: readonly string[]) => void,
): (text: string) => string {
  return (text) => {
    let result: EditResult;
    try {
      result = edit(text);
    } catch (error) {
      if (error instanceof CredentialsFileError && error.path === undefined) {
        throw new CredentialsFileError(error.code, `${displayPath(path)}: ${error.message}`, path, { cause: error });
      }
      throw error;
    }
    onProfiles(result.profiles);
    return result.text;
  };
}

/**
 * Undoes a write that created the file: removes it, unless someone changed it since.
 * The file created is the one the path leads to: where `~/.aws/credentials` was a
 * dangling symbolic link, the write created its target, which goes, and the link stays.
 */
async function removeCreated(w: FileWrite): Promise<void> {
  const created = await resolveTarget(w.path);
  const bytes = await fs.readFile(created).catch(() => undefined);
  if (bytes === undefined) return;
  if (createHash('sha256').update(bytes).digest('hex') !== w.sha256) {
    throw new CredentialsFileError(
      'changed-since-write',
      `${displayPath(created)} was changed by another program after IAM Explorer created it, so it was not removed.`,
      w.path,
    );
  }
  await fs.unlink(created);
}

/** A FileWrite for a write the extension made itself (delivering a new key into a profile). */
export function fileWriteOf(
  path: string,
  kind: FileWrite['kind'],
  result: { changed: boolean; backupPath: string | undefined; sha256: string },
  profiles: readonly string[],
): FileWrite[] {
  return result.changed ? [{ path, kind, backupPath: result.backupPath, sha256: result.sha256, profiles }] : [];
}
