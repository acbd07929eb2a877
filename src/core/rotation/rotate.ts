import { Cancelled, isCancelled } from '../cancelled';
import { capitalize } from '../text';
import { awsErrorInfo, describeAwsError, isNoSuchEntity } from '../iam/errors';
import { CredentialsFileError, type AccessKeyPair } from '../credentials';
import type {
  Delivery,
  FileWrite,
  JournalEntry,
  KeyMeta,
  OldKeyAction,
  PlannedWrite,
  RotationFiles,
  RotationIam,
  RotationJournal,
  RotationStep,
  SignedIdentity,
} from './ports';

/** IAM allows two access keys per user (not adjustable). */
export const ACCESS_KEYS_PER_USER = 2;
/** How long a new key may take to be accepted (IAM is eventually consistent). */
export const DEFAULT_VERIFY_TIMEOUT_MS = 15_000;

export interface RotationRequest {
  readonly userName: string;
  /** The user's ARN: the new key must sign as exactly this principal. */
  readonly userArn: string;
  readonly userId?: string;
  readonly oldAccessKeyId: string;
  /** `iamExplorer.rotation.oldKey`. */
  readonly oldKeyAction: OldKeyAction;
}

export interface RotationDeps {
  readonly iam: RotationIam;
  readonly files: RotationFiles;
  readonly journal: RotationJournal;
  /**
   * Hands the new secret to the user when no local profile holds the old key. Throws to abort (the new key is then
   * deleted).
   */
  deliver(key: AccessKeyPair): Promise<Delivery>;
  /** Asks before deleting the user's other, inactive key to make room. */
  confirmDeleteInactive(key: KeyMeta): Promise<boolean>;
  /** One line per step, key ids only. */
  log(message: string): void;
  /** Short progress text for the UI. */
  progress?(message: string): void;
  /** Aborted by the user: honoured until the old key is retired (the point of no return). */
  readonly signal?: AbortSignal;
  readonly verifyTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
}

export interface RotationResult {
  readonly userName: string;
  readonly oldAccessKeyId: string;
  readonly newAccessKeyId: string;
  /** Profiles now holding the new key, with their files. */
  readonly writes: readonly FileWrite[];
  /** Where the secret went when no profile held the old key. */
  readonly delivered?: string;
  readonly oldKey: 'deactivated' | 'deleted' | 'still-active';
  /** Why the old key is still active (the retire step failed); the caller offers a retry. */
  readonly retireError?: unknown;
  /** True when this run finished a rotation an earlier run was interrupted in. */
  readonly resumed: boolean;
  readonly verifyAttempts: number;
}

/** A rotation that stopped before the point of no return, with what was undone and what is left. */
export class RotationError extends Error {
  override readonly name = 'RotationError';
  constructor(
    readonly step: RotationStep,
    message: string,
    /** What the undo did, in order ("restored ~/.aws/credentials from its backup"). */
    readonly undone: readonly string[],
    /** What the undo could not do and the user must look at; empty when the undo was complete. */
    readonly left: readonly string[],
    readonly cancelled: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const STEP_NUMBER: Record<RotationStep, number> = { preconditions: 1, create: 2, write: 3, verify: 4, retire: 5 };

/**
 * Rotates one access key, in the order of issue 6: (1) preconditions (the local files
 * first, read-only: see checkFiles; then the user's keys), (2) create the new
 * key, (3) write it into every local profile holding the old key (or deliver it), (4)
 * verify that the new key signs as the same user, retrying for IAM's propagation delay,
 * (5) deactivate or delete the old key. A failure or cancel before (5) undoes the steps
 * before it: files are restored from their backups and the new key is deleted, so the
 * old key stays active and in use. A failure of (5) keeps the new key (it works and is in
 * place) and reports the old key as still active. A journal makes a killed run
 * recoverable: the next run finishes it (the secret is in the file) or undoes it.
 */
export async function rotateAccessKey(request: RotationRequest, deps: RotationDeps): Promise<RotationResult> {
  const { iam, journal } = deps;
  const { userName, oldAccessKeyId } = request;
  const tag = `rotate ${oldAccessKeyId} (user ${userName})`;
  const log = (step: RotationStep | 'undo' | 'resume' | 'done', message: string) =>
    deps.log(`${tag}: ${step in STEP_NUMBER ? `${STEP_NUMBER[step as RotationStep]}/5 ${step}` : step}: ${message}`);

  // 1. Preconditions (and finish or undo a rotation an earlier run left half-way). The
  // local files come first: one the new key could not be written into stops the rotation
  // before any IAM call. A rotation to finish goes before them (it may need no write).
  const pending = await journal.load();
  const resuming = pending !== undefined && pending.userName === userName;
  if (!resuming) await checkFiles(request, deps, log);
  deps.progress?.('Checking the user’s keys…');
  let keys = await iam.listAccessKeys(userName);
  if (resuming) {
    const resumed = await resume(pending, request, keys, deps);
    if (resumed) return resumed;
    await checkFiles(request, deps, log);
    keys = await iam.listAccessKeys(userName);
  }
  const old = keys.find((k) => sameId(k.accessKeyId, oldAccessKeyId));
  if (!old) {
    throw new RotationError(
      'preconditions',
      `Access key ${oldAccessKeyId} does not belong to user ${userName} (or no longer exists); nothing was changed.`,
      [],
      [],
      false,
    );
  }
  const others = keys.filter((k) => k !== old);
  if (keys.length >= ACCESS_KEYS_PER_USER) {
    const other = others.find((k) => k.status === 'Inactive');
    if (!other) {
      log('preconditions', `stopped: the other key ${others.map((k) => k.accessKeyId).join(', ')} is active`);
      throw new RotationError(
        'preconditions',
        `User ${userName} already has two access keys and the other one, ${others[0]?.accessKeyId}, is active. ` +
          `IAM allows two keys per user, so there is no room for a new key. Deactivate or delete ` +
          `${others[0]?.accessKeyId} first (check nothing uses it: see Show Last Used), then rotate again. Nothing ` +
          `was changed.`,
        [],
        [],
        false,
      );
    }
    if (!(await deps.confirmDeleteInactive(other))) {
      throw new RotationError('preconditions', 'Rotation cancelled; nothing was changed.', [], [], true);
    }
    await iam.deleteAccessKey(userName, other.accessKeyId);
    log('preconditions', `deleted the other, inactive key ${other.accessKeyId} to make room`);
    keys = keys.filter((k) => k !== other);
  } else {
    log('preconditions', `ok (${keys.length} key${keys.length === 1 ? '' : 's'}, old key ${old.status})`);
  }
  checkAbort(deps.signal);

  // 2. Create.
  const startedAt = (deps.now?.() ?? new Date()).toISOString();
  let entry: JournalEntry = {
    userName,
    oldAccessKeyId: old.accessKeyId,
    knownKeyIds: keys.map((k) => k.accessKeyId),
    startedAt,
    step: 'create',
    oldKeyAction: request.oldKeyAction,
  };
  await journal.save(entry);
  deps.progress?.('Creating the new key…');
  let newKey: AccessKeyPair;
  try {
    newKey = await iam.createAccessKey(userName);
  } catch (error) {
    log('create', `failed: ${awsErrorInfo(error).code ?? 'error'}`);
    // The request may have succeeded with the answer lost: a key that appeared is ours,
    // and its secret is gone, so it goes. If that check fails, the journal keeps the
    // known ids and the next run does it.
    const left: string[] = [];
    try {
      const orphans = (await iam.listAccessKeys(userName)).filter(
        (k) => !entry.knownKeyIds.some((id) => sameId(id, k.accessKeyId)),
      );
      for (const k of orphans) {
        await iam.deleteAccessKey(userName, k.accessKeyId);
        log('undo', `deleted ${k.accessKeyId}, created by the failed request`);
      }
      await journal.clear();
    } catch {
      left.push(
        'IAM could not be asked whether the failed request created a key anyway; the next rotation of this user ' +
          'checks again.',
      );
    }
    throw new RotationError(
      'create',
      `Could not create a new access key for ${userName}: ${describeAwsError(error)}. Nothing was changed; ` +
        `${old.accessKeyId} is still ${old.status.toLowerCase()}.${left.length ? ` ${left[0]}` : ''}`,
      [],
      left,
      false,
      { cause: error },
    );
  }
  log('create', `created ${newKey.accessKeyId}`);
  entry = { ...entry, step: 'write', newAccessKeyId: newKey.accessKeyId };
  await journal.save(entry);

  // 3. Write into the profiles holding the old key, or deliver. 4. Verify.
  let writes: FileWrite[] = [];
  let delivered: Delivery | undefined;
  let step: RotationStep = 'write';
  let verifyAttempts = 0;
  try {
    checkAbort(deps.signal);
    deps.progress?.('Writing the new key into the credentials file…');
    writes = await deps.files.replaceKey(old.accessKeyId, newKey);
    if (writes.length > 0) {
      for (const w of writes)
        log(
          'write',
          `wrote ${newKey.accessKeyId} into profile${w.profiles.length === 1 ? '' : 's'} ` +
            `${w.profiles.join(', ')} of ${w.path} (backup ${w.backupPath})`,
        );
    } else {
      log('write', `no local profile holds ${old.accessKeyId}: asking where to deliver ${newKey.accessKeyId}`);
      delivered = await deps.deliver(newKey);
      writes = [...delivered.writes];
      log('write', `delivered ${newKey.accessKeyId} to ${delivered.description}`);
    }
    entry = {
      ...entry,
      step: 'verify',
      writes,
      deliveredElsewhere: delivered !== undefined && delivered.writes.length === 0,
    };
    await journal.save(entry);
    checkAbort(deps.signal);
    step = 'verify';
    deps.progress?.('Verifying the new key (IAM may take a few seconds)…');
    verifyAttempts = await verify(request, newKey, deps, (m) => log('verify', m));
    log('verify', `${newKey.accessKeyId} signs as ${request.userArn} (attempt ${verifyAttempts})`);
    checkAbort(deps.signal);
  } catch (error) {
    throw await undo({
      step,
      error,
      newAccessKeyId: newKey.accessKeyId,
      old,
      writes,
      request,
      deps,
      log: (m) => log('undo', m),
    });
  }
  entry = { ...entry, step: 'retire' };
  await journal.save(entry);
  // Verified, and past the last cancel: no undo can need the backups any more.
  await discardBackups(writes, deps, (m) => log('verify', m));

  // 5. Retire the old key: the point of no return.
  deps.progress?.(`${request.oldKeyAction === 'delete' ? 'Deleting' : 'Deactivating'} the old key…`);
  const retired = await retireOldKey(iam, userName, old.accessKeyId, request.oldKeyAction, (m) => log('retire', m));
  await journal.clear();
  log('done', `new key ${newKey.accessKeyId}; old key ${old.accessKeyId} ${retired.oldKey}`);
  return {
    userName,
    oldAccessKeyId: old.accessKeyId,
    newAccessKeyId: newKey.accessKeyId,
    writes,
    delivered: delivered?.description,
    ...retired,
    resumed: false,
    verifyAttempts,
  };
}

/**
 * Part of step 1, before any key is created or deleted: the writer's own checks, read-only,
 * on every file and profile step 3 would rewrite (RotationFiles.check). A file it would
 * refuse (not UTF-8, a folder, not writable, ignored by the SDK, a profile the editor
 * refuses) stops the rotation here with the writer's message (the file, the problem,
 * the fix), and nothing has changed: no key, no backup, no temp file, no journal. Step
 * 3 checks again: the files can change in between.
 */
async function checkFiles(
  request: RotationRequest,
  deps: RotationDeps,
  log: (step: RotationStep, message: string) => void,
): Promise<PlannedWrite[]> {
  deps.progress?.('Checking the credentials files…');
  let planned: PlannedWrite[];
  try {
    planned = await deps.files.check(request.oldAccessKeyId);
  } catch (error) {
    const where =
      error instanceof CredentialsFileError ? `${error.code}${error.path ? ` in ${error.path}` : ''}` : 'error';
    log('preconditions', `stopped before creating a key: a file the new key must go into cannot be written (${where})`);
    // The writer's problem without its own outcome: the rotation says what it left in its words.
    const problem =
      error instanceof CredentialsFileError ? error.problem : error instanceof Error ? error.message : String(error);
    throw new RotationError(
      'preconditions',
      `${capitalize(problem)}${problem.endsWith('.') ? '' : '.'} Rotation of ${request.oldAccessKeyId} stopped ` +
        `before creating a new key; nothing was changed.`,
      [],
      [],
      false,
      { cause: error },
    );
  }
  log(
    'preconditions',
    planned.length > 0
      ? `files ok: ` +
          planned
            .map((p) => `profile${p.profiles.length === 1 ? '' : 's'} ${p.profiles.join(', ')} of ${p.path}`)
            .join(' and ') +
          ` can take the new key`
      : `files ok: no local profile holds ${request.oldAccessKeyId}`,
  );
  return planned;
}

/**
 * Step 5 alone (also the "Retry" of a failed deactivation): deactivates or deletes the
 * old key. Never throws: a failure comes back as `still-active` with the error.
 */
export async function retireOldKey(
  iam: RotationIam,
  userName: string,
  oldAccessKeyId: string,
  action: OldKeyAction,
  log: (message: string) => void,
): Promise<{ oldKey: RotationResult['oldKey']; retireError?: unknown }> {
  try {
    if (action === 'delete') await iam.deleteAccessKey(userName, oldAccessKeyId);
    else await iam.setAccessKeyStatus(userName, oldAccessKeyId, 'Inactive');
    log(`${action === 'delete' ? 'deleted' : 'deactivated'} ${oldAccessKeyId}`);
    return { oldKey: action === 'delete' ? 'deleted' : 'deactivated' };
  } catch (error) {
    if (action === 'delete' && isNoSuchEntity(error)) {
      log(`${oldAccessKeyId} was already deleted`);
      return { oldKey: 'deleted' };
    }
    log(`failed: ${awsErrorInfo(error).code ?? 'error'}; ${oldAccessKeyId} is still active`);
    return { oldKey: 'still-active', retireError: error };
  }
}

/** GetCallerIdentity signed with the new key, retried with backoff until it answers as the user or time runs out. */
async function verify(
  request: RotationRequest,
  key: AccessKeyPair,
  deps: RotationDeps,
  log: (m: string) => void,
): Promise<number> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeout = deps.verifyTimeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
  const started = Date.now();
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    let identity: SignedIdentity;
    try {
      identity = await deps.iam.callerIdentityWith(key);
    } catch (error) {
      const waited = Date.now() - started;
      if (waited + delay > timeout) {
        throw new VerifyError(
          `the new key ${key.accessKeyId} was still refused after ${attempt} attempts over ` +
            `${Math.round(waited / 1000)} s (${describeAwsError(error)})`,
          { cause: error },
        );
      }
      log(`attempt ${attempt} refused (${awsErrorInfo(error).code ?? 'error'}); retrying in ${delay} ms`);
      await sleep(delay);
      checkAbort(deps.signal);
      delay = Math.min(delay * 2, 2_000);
      continue;
    }
    const sameUser =
      identity.arn === request.userArn &&
      (request.userId === undefined || identity.userId === undefined || identity.userId === request.userId);
    if (!sameUser) {
      throw new VerifyError(`the new key ${key.accessKeyId} signs as ${identity.arn}, not as ${request.userArn}`);
    }
    return attempt;
  }
}

class VerifyError extends Error {}

/** What an undo needs: where the rotation stopped and why, the keys, and what was written. */
interface UndoInput {
  readonly step: RotationStep;
  readonly error: unknown;
  readonly newAccessKeyId: string;
  readonly old: KeyMeta;
  readonly writes: readonly FileWrite[];
  readonly request: RotationRequest;
  readonly deps: RotationDeps;
  readonly log: (m: string) => void;
}

/**
 * Undoes steps 2–4 after `error` at `step`: restore the files, then delete the new key (only if no file still holds
 * it).
 */
async function undo({
  step,
  error,
  newAccessKeyId,
  old,
  writes,
  request,
  deps,
  log,
}: UndoInput): Promise<RotationError> {
  const cancelled = isCancelled(error);
  log(
    (cancelled
      ? 'cancelled'
      : `failed: ${error instanceof VerifyError ? error.message : (awsErrorInfo(error).code ?? 'error')}`) +
      ` at ${step}; undoing`,
  );
  const undone: string[] = [];
  const left: string[] = [];
  let restored = true;
  if (writes.length > 0) {
    try {
      await deps.files.restore(writes);
      for (const w of writes) undone.push(`restored ${w.path} from its backup`);
      log(`restored ${writes.map((w) => w.path).join(', ')} from backup`);
    } catch (restoreError) {
      restored = false;
      const why = restoreError instanceof Error ? restoreError.message : String(restoreError);
      left.push(
        `The credentials file was not restored (${why}); it holds the new key ${newAccessKeyId}, so that key was kept.`,
      );
      log(`restore failed; keeping ${newAccessKeyId} because a file holds it`);
    }
  }
  if (restored) {
    try {
      await deps.iam.deleteAccessKey(request.userName, newAccessKeyId);
      undone.push(`deleted the new key ${newAccessKeyId}`);
      log(`deleted ${newAccessKeyId}`);
      await deps.journal.clear();
    } catch (deleteError) {
      left.push(
        `The new key ${newAccessKeyId} could not be deleted (${describeAwsError(deleteError)}); delete it in ` +
          `the IAM tree. Its secret is not stored anywhere.`,
      );
      log(`deleting ${newAccessKeyId} failed: ${awsErrorInfo(deleteError).code ?? 'error'}`);
    }
  }
  const what = cancelled
    ? 'Rotation cancelled'
    : step === 'write'
      ? `Could not put the new key in place: ${error instanceof Error ? error.message : String(error)}`
      : `The new key did not verify: ${error instanceof Error ? error.message : String(error)}`;
  const status =
    `${old.accessKeyId} is still ${old.status.toLowerCase()}` + `${old.status === 'Active' ? ' and in use' : ''}.`;
  const message =
    `${what.replace(/[.]+$/, '')}. ${undone.length ? `Undone: ${undone.join('; ')}.` : 'Nothing needed undoing.'} ` +
    `${status}${left.length ? ` ${left.join(' ')}` : ''}`;
  return new RotationError(step, message, undone, left, cancelled, { cause: error });
}

/**
 * Finishes or undoes a rotation an earlier run was interrupted in (the journal says how
 * far it got). Returns a result when it finished that rotation; undefined when it undid
 * what was left and the caller should start afresh.
 */
async function resume(
  entry: JournalEntry,
  request: RotationRequest,
  keys: readonly KeyMeta[],
  deps: RotationDeps,
): Promise<RotationResult | undefined> {
  const { iam, journal } = deps;
  const log = (m: string) => deps.log(`rotate ${entry.oldAccessKeyId} (user ${entry.userName}): resume: ${m}`);
  log(`an earlier rotation stopped at step ${entry.step}`);
  let newId = entry.newAccessKeyId;
  if (newId === undefined) {
    // Killed between CreateAccessKey and saving its id: a key created since is ours.
    const since = Date.parse(entry.startedAt) - 60_000;
    const orphans = keys.filter(
      (k) => !entry.knownKeyIds.some((id) => sameId(id, k.accessKeyId)) && (!k.created || k.created.getTime() >= since),
    );
    if (orphans.length === 1) newId = orphans[0]?.accessKeyId;
  }
  const newKey = newId === undefined ? undefined : keys.find((k) => sameId(k.accessKeyId, newId));
  if (!newId || !newKey) {
    log('no new key was left behind; starting afresh');
    await journal.clear();
    return undefined;
  }
  const oldStillThere = keys.find((k) => sameId(k.accessKeyId, entry.oldAccessKeyId));
  const finish = async (verifyAttempts: number): Promise<RotationResult> => {
    await journal.save({ ...entry, step: 'retire', newAccessKeyId: newId });
    await discardBackups(entry.writes ?? [], deps, log);
    const needed =
      oldStillThere !== undefined && (entry.oldKeyAction === 'delete' || oldStillThere.status === 'Active');
    const retired: { oldKey: RotationResult['oldKey']; retireError?: unknown } = needed
      ? await retireOldKey(iam, entry.userName, entry.oldAccessKeyId, entry.oldKeyAction, (m) => log(`retire: ${m}`))
      : { oldKey: oldStillThere ? 'deactivated' : 'deleted' };
    await journal.clear();
    log(`finished: new key ${newId}; old key ${entry.oldAccessKeyId} ${retired.oldKey}`);
    return {
      userName: entry.userName,
      oldAccessKeyId: entry.oldAccessKeyId,
      newAccessKeyId: newId,
      writes: entry.writes ?? [],
      ...retired,
      resumed: true,
      verifyAttempts,
    };
  };
  // Verified and delivered before the interruption: only the old key is left to retire.
  if (entry.step === 'retire') return finish(0);
  const secret = await deps.files.secretFor(newId);
  if (secret === undefined) {
    // Its secret was only in the killed process (or went to the clipboard/CSV and was
    // never verified): the key cannot be checked, so it is removed.
    await iam.deleteAccessKey(entry.userName, newId);
    log(`deleted ${newId}: its secret is in no local profile, so it cannot be verified`);
    await journal.clear();
    return undefined;
  }
  const key = { accessKeyId: newKey.accessKeyId, secretAccessKey: secret };
  try {
    const attempts = await verify(
      { ...request, userName: entry.userName, oldAccessKeyId: entry.oldAccessKeyId },
      key,
      deps,
      (m) => log(`verify: ${m}`),
    );
    log(`verify: ${newId} signs as ${request.userArn}`);
    return await finish(attempts);
  } catch (error) {
    if (error instanceof RotationError) throw error;
    const old: KeyMeta = oldStillThere ?? { accessKeyId: entry.oldAccessKeyId, status: 'Inactive' };
    throw await undo({
      step: 'verify',
      error,
      newAccessKeyId: newId,
      old,
      writes: entry.writes ?? [],
      request,
      deps,
      log: (m) => log(`undo: ${m}`),
    });
  }
}

/**
 * Removes the backups a rotation made (each holds the old secret and every other
 * profile's), once the new key is verified. A backup that cannot be removed is logged
 * by path and left: it is in the extension's private folder, and the writer's cap
 * prunes it later.
 */
async function discardBackups(
  writes: readonly FileWrite[],
  deps: RotationDeps,
  log: (m: string) => void,
): Promise<void> {
  if (!writes.some((w) => w.backupPath !== undefined)) return;
  try {
    await deps.files.discard(writes);
    log(`removed the backup${writes.length === 1 ? '' : 's'} (no longer needed for an undo)`);
  } catch (error) {
    log(`could not remove a backup: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Cancelled();
}

function sameId(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}
