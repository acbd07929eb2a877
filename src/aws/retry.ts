import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { awsErrorInfo } from '../core/iam/errors';

/**
 * Errors the SDK would retry but IAM means: LimitExceeded is a quota (a third access key,
 * a sixth policy version), not throttling, so retrying only delays the answer.
 */
const NEVER_RETRIED = new Set(['LimitExceeded', 'LimitExceededException']);

export interface RetryOptions {
  readonly maxAttempts: number;
  /** First backoff ceiling; it doubles per attempt up to `capMs` (full jitter). */
  readonly baseMs?: number;
  readonly capMs?: number;
  readonly random?: () => number;
}

/**
 * The extension's retry policy for IAM and STS. Like the SDK's standard mode it retries
 * throttling, transient and server errors with exponential backoff and full jitter, but
 * (besides not retrying an endpoint's HTML error page for an operation it lacks):
 * there is no shared retry quota (IAM throttles per account and a tree walk is many small
 * calls, so a quota runs dry under sustained throttling and fails items that one more
 * try would load); LimitExceeded fails at once; and a request that timed out is not
 * retried, so a hung endpoint costs one timeout, not maxAttempts of them.
 */
export class IamRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly random: () => number;

  constructor(private readonly options: RetryOptions) {
    this.baseMs = options.baseMs ?? 100;
    this.capMs = options.capMs ?? 5_000;
    this.random = options.random ?? Math.random;
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const attempt = previous.getRetryCount() + 1;
    if (attempt >= this.options.maxAttempts || !isRetryable(info)) {
      throw info.error ?? new Error('Not retried.');
    }
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** attempt);
    const hinted = info.retryAfterHint ? info.retryAfterHint.getTime() - Date.now() : 0;
    return token(attempt, Math.max(Math.floor(this.random() * ceiling), hinted));
  }

  recordSuccess(): void {}
}

function isRetryable(info: RetryErrorInfo): boolean {
  const name = info.error?.name ?? '';
  if (NEVER_RETRIED.has(name) || name === 'TimeoutError') return false;
  // HTTP 500/501 with an HTML page (or any body that is not an IAM error document): an
  // IAM-compatible endpoint without the operation answers the same way every time, so retrying
  // only adds seconds of silence. A gateway's 502/503/504 page is transient and is retried.
  const { foreignBody, status } = awsErrorInfo(info.error);
  if (foreignBody && (status === 500 || status === 501)) return false;
  return info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT' || info.errorType === 'SERVER_ERROR';
}

function token(retryCount: number, delay: number): RetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => delay };
}
