/**
 * Bounds on numeric settings a user (or, in a trusted workspace, a repository) sets.
 * Node's timers hold 32-bit milliseconds: a timeout above 2^31-1 ms (about 24.8 days)
 * fires after 1 ms, so an unbounded `requestTimeoutSeconds` of 1e7 failed every request.
 */

export const REQUEST_TIMEOUT_SECONDS = { min: 1, max: 300, default: 30 } as const;

/**
 * `iamExplorer.requestTimeoutSeconds` in milliseconds: a number between 1 and 300
 * seconds (clamped), the default 30 for anything that is not a finite number.
 */
export function requestTimeoutMs(value: unknown): number {
  const { min, max } = REQUEST_TIMEOUT_SECONDS;
  const seconds =
    typeof value === 'number' && Number.isFinite(value)
      ? Math.min(max, Math.max(min, value))
      : REQUEST_TIMEOUT_SECONDS.default;
  return Math.round(seconds * 1000);
}
