import { displayPath } from './paths';

/** Why a credentials-file operation failed, for callers that branch on it. */
export type CredentialsErrorCode =
  | 'permission-denied'
  | 'not-found'
  | 'not-a-file'
  | 'read-only'
  | 'no-space'
  | 'not-utf8'
  | 'concurrent-edit'
  | 'changed-since-write'
  | 'invalid-input'
  | 'io';

/** What a refused write left: said after the problem ("…; nothing was written."). */
export type WriteOutcome = 'nothing was written' | 'nothing was changed';

/**
 * An error whose message says what failed, on which file, and what to do. Messages
 * never contain a secret: only paths, profile names and access key ids. `problem` is the
 * message without the outcome, for callers that say the outcome in their own words (rotation).
 */
export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';
  readonly outcome: WriteOutcome | undefined;
  constructor(
    readonly code: CredentialsErrorCode,
    readonly problem: string,
    readonly path?: string,
    options?: { cause?: unknown; outcome?: WriteOutcome },
  ) {
    super(options?.outcome ? `${problem}; ${options.outcome}.` : problem, options);
    this.outcome = options?.outcome;
  }
}

const ERRNO_ADVICE: Record<string, { code: CredentialsErrorCode; what: string; fix: string }> = {
  EACCES: {
    code: 'permission-denied',
    what: 'permission denied',
    fix: 'check that you own the file and its folder (ls -l) and that the file is mode 600',
  },
  EPERM: {
    code: 'permission-denied',
    what: 'operation not permitted',
    fix: 'check the file is not locked or marked immutable and that you own it',
  },
  ENOENT: {
    code: 'not-found',
    what: 'no such file or folder',
    fix: 'check the path, AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE',
  },
  ENOTDIR: {
    code: 'not-found',
    what: 'a part of the path is not a folder',
    fix: 'check the path, AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE',
  },
  EISDIR: {
    code: 'not-a-file',
    what: 'it is a folder',
    fix: 'point AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE at a file',
  },
  EROFS: {
    code: 'read-only',
    what: 'the file system is read-only',
    fix: 'move the file to a writable disk and point AWS_SHARED_CREDENTIALS_FILE at it',
  },
  ENOSPC: {
    code: 'no-space',
    what: 'the disk is full',
    fix: 'free some space and try again; the file was not changed',
  },
  EDQUOT: {
    code: 'no-space',
    what: 'the disk quota is exceeded',
    fix: 'free some space and try again; the file was not changed',
  },
};

/** Turns a Node fs error into `cannot write ~/.aws/credentials: permission denied — …`. */
export function fileError(verb: string, path: string, cause: unknown): CredentialsFileError {
  if (cause instanceof CredentialsFileError) return cause;
  const errno = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const advice = ERRNO_ADVICE[errno];
  const shown = displayPath(path);
  if (advice)
    return new CredentialsFileError(advice.code, `cannot ${verb} ${shown}: ${advice.what} — ${advice.fix}.`, path, {
      cause,
    });
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new CredentialsFileError('io', `cannot ${verb} ${shown}: ${detail}`, path, { cause });
}

/** True when an unknown error is a Node fs error with this errno code. */
export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
