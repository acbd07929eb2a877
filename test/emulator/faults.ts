// Fault and latency injection, matched by operation name.

/**
 * `HtmlError` answers HTTP 500 with an HTML page instead of an IAM error document, as an
 * IAM-compatible endpoint that lacks the operation (or a proxy in front of one) does.
 */
export type FaultKind =
  | 'Throttling'
  | 'ServiceFailure'
  | 'AccessDenied'
  | 'LimitExceeded'
  | 'ServiceUnavailable'
  | 'Drop'
  | 'Hang'
  | 'HtmlError';

export interface FaultRule {
  /** Operation name (`ListRoles`) or a pattern; every operation when absent. */
  operation?: string | RegExp;
  kind: FaultKind;
  /** Chance that a matching call fails, 0..1 (default 1). */
  probability?: number;
  /** Fail only the first N matching calls (after `after`). */
  count?: number;
  /** Let the first N matching calls through. */
  after?: number;
}

export interface LatencyRule {
  fixedMs: number;
  jitterMs?: number;
  /** Only for this operation (or pattern); every operation when absent. */
  operation?: string | RegExp;
}

/**
 * The seed for probabilistic faults and latency jitter: IAM_EXPLORER_FAULT_SEED when set (to replay
 * a failing run), else a fresh one. Tests print it in their failure messages.
 */
export function faultSeed(): number {
  const fromEnv = Number(process.env.IAM_EXPLORER_FAULT_SEED);
  return Number.isInteger(fromEnv) && process.env.IAM_EXPLORER_FAULT_SEED !== ''
    ? fromEnv >>> 0
    : Math.floor(Math.random() * 2 ** 32);
}

/** mulberry32: a small seeded generator in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const matchesOperation = (pattern: string | RegExp | undefined, operation: string): boolean =>
  pattern === undefined || (typeof pattern === 'string' ? pattern === operation : pattern.test(operation));

/** Rules plus how many calls each has seen; the first rule that fires wins. */
export class FaultInjector {
  private rules: Array<{ rule: FaultRule; seen: number }> = [];

  constructor(
    rules: FaultRule[] = [],
    private readonly random: () => number,
  ) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, seen: 0 }));
  }

  /** The fault to apply to this call, if any. Counts the call against every matching rule. */
  next(operation: string): FaultKind | undefined {
    let fired: FaultKind | undefined;
    for (const entry of this.rules) {
      if (!matchesOperation(entry.rule.operation, operation)) continue;
      const index = entry.seen++;
      if (fired) continue;
      const after = entry.rule.after ?? 0;
      if (index < after) continue;
      if (entry.rule.count !== undefined && index >= after + entry.rule.count) continue;
      if (this.random() >= (entry.rule.probability ?? 1)) continue;
      fired = entry.rule.kind;
    }
    return fired;
  }
}

export function latencyFor(rules: LatencyRule[], operation: string, random: () => number): number {
  let total = 0;
  for (const rule of rules) {
    if (!matchesOperation(rule.operation, operation)) continue;
    total += rule.fixedMs + (rule.jitterMs ? random() * rule.jitterMs : 0);
  }
  return total;
}
