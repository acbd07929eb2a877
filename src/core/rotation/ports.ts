import type { AccessKeyPair } from '../credentials';

/** An access key as ListAccessKeys reports it. */
export interface KeyMeta {
  readonly accessKeyId: string;
  readonly status: 'Active' | 'Inactive';
  readonly created?: Date;
}

/** Who STS says signed a request. */
export interface SignedIdentity {
  readonly arn: string;
  readonly userId?: string;
  readonly account?: string;
}

/** What rotation asks of IAM and STS. `SdkIamService` implements it; tests use fakes or the emulator. */
export interface RotationIam {
  listAccessKeys(userName: string): Promise<readonly KeyMeta[]>;
  /** CreateAccessKey. The secret is returned once: the caller must not log it. */
  createAccessKey(userName: string): Promise<AccessKeyPair>;
  setAccessKeyStatus(userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void>;
  deleteAccessKey(userName: string, accessKeyId: string): Promise<void>;
  /** STS GetCallerIdentity signed with `key` itself, without SDK retries (rotation retries). */
  callerIdentityWith(key: AccessKeyPair): Promise<SignedIdentity>;
}

/** One file rotation changed, with what is needed to put it back. Never holds a secret. */
export interface FileWrite {
  /** The path as configured (a symbolic link stays a link). */
  readonly path: string;
  readonly kind: 'credentials' | 'config';
  /** The copy of the previous bytes; undefined when the write created the file (restoring removes it). */
  readonly backupPath: string | undefined;
  /** SHA-256 of the bytes written: a restore refuses when the file has changed since. */
  readonly sha256: string;
  /** Profiles that now hold the new key. */
  readonly profiles: readonly string[];
}

/** A file rotation will rewrite, as the check before CreateAccessKey found it. Never holds a secret. */
export interface PlannedWrite {
  readonly path: string;
  readonly kind: 'credentials' | 'config';
  /** Profiles that hold the old key and will get the new one. */
  readonly profiles: readonly string[];
}

/** The local shared files. `localFiles()` is the real one (core/credentials underneath). */
export interface RotationFiles {
  /**
   * Read-only: checks, with the writer's own checks, that replaceKey(oldAccessKeyId, …)
   * can rewrite every file it would touch, before any key exists. Throws the error
   * replaceKey would throw (a CredentialsFileError naming the file, the problem and the
   * fix); returns the files and profiles it would rewrite ([] when none holds the key).
   * Writes nothing: no backup, no temp file, no folder.
   */
  check(oldAccessKeyId: string): Promise<PlannedWrite[]>;
  /**
   * Writes `key` into every profile whose key id is `oldAccessKeyId`, in each shared file,
   * safely (backup, atomic rename, 0600). Returns the files changed ([] when no profile
   * holds the old key). On failure nothing is left changed: a file already written is
   * restored before the error is thrown.
   */
  replaceKey(oldAccessKeyId: string, key: AccessKeyPair): Promise<FileWrite[]>;
  /** Puts back the previous bytes of each write (newest first); throws if any could not be restored. */
  restore(writes: readonly FileWrite[]): Promise<void>;
  /**
   * Removes the backups of these writes: called once the new key is verified and the
   * rotation can no longer be undone, so no copy of the old secret (and of every other
   * profile's) outlives the rotation that needed it.
   */
  discard(writes: readonly FileWrite[]): Promise<void>;
  /** The secret a local profile holds for this key id (to resume an interrupted rotation). */
  secretFor(accessKeyId: string): Promise<string | undefined>;
}

/** Where the new secret went when no profile held the old key (quick pick in the extension). */
export interface Delivery {
  /** For the log and the result: "profile dev in ~/.aws/credentials", "the clipboard". No secret. */
  readonly description: string;
  /** Files the delivery wrote (a new or existing profile), to restore on failure. */
  readonly writes: readonly FileWrite[];
}

export type RotationStep = 'preconditions' | 'create' | 'write' | 'verify' | 'retire';

/**
 * A record of a rotation in progress (key ids and file paths, never a secret), saved
 * before and after each step so that a rotation killed half-way (VS Code closed, crash)
 * is finished or cleanly undone by the next run.
 */
export interface JournalEntry {
  readonly userName: string;
  readonly oldAccessKeyId: string;
  /** The user's key ids before CreateAccessKey, to recognise our key if the process died right after creating it. */
  readonly knownKeyIds: readonly string[];
  /** ISO time the create step started. */
  readonly startedAt: string;
  /** The step about to run or running. */
  readonly step: 'create' | 'write' | 'verify' | 'retire';
  readonly newAccessKeyId?: string;
  readonly writes?: readonly FileWrite[];
  /** True when the secret went somewhere other than the shared files (clipboard, CSV). */
  readonly deliveredElsewhere?: boolean;
  readonly oldKeyAction: OldKeyAction;
}

/** Persists one user's in-progress rotation. `fileJournal()` is the real one. */
export interface RotationJournal {
  load(): Promise<JournalEntry | undefined>;
  save(entry: JournalEntry): Promise<void>;
  clear(): Promise<void>;
}

export type OldKeyAction = 'deactivate' | 'delete';
