/** IAM's largest page. Users, roles and policies are capped at 5,000 each, so a folder is at most a few requests. */
export const MAX_ITEMS = 1000;

/** One page of an IAM List* call, in the SDK's shape. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly isTruncated?: boolean;
  readonly marker?: string;
}

/**
 * Fetches every page in sequence, following Marker while IsTruncated is true (a page may be
 * shorter than MaxItems and still be truncated). Stops early when `signal` aborts.
 */
export async function collectPages<T>(
  fetchPage: (marker: string | undefined) => Promise<Page<T>>,
  signal?: AbortSignal,
): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const page = await fetchPage(marker);
    all.push(...page.items);
    if (!page.isTruncated) return all;
    if (!page.marker) throw new Error('IAM returned IsTruncated without a Marker; the listing is incomplete.');
    marker = page.marker;
  }
}

/**
 * A counting semaphore: `run` waits for a free slot. Shared by all expansions of one
 * profile, so expanding 200 users at once keeps at most `limit` IAM requests in flight.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
