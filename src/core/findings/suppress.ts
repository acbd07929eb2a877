/**
 * Suppressions: a finding the user has accepted, with a reason, per account. A finding is
 * known by its key (account, check, entity and what tells two findings of one check on one
 * entity apart), so a suppression survives reloads and follows the finding, not its text.
 */
import type { Finding } from './types';

/** What distinguishes findings of one check on one entity: a key slot, a statement, a provider. */
export function findingDiscriminator(f: Finding): string {
  const e = f.evidence as { key?: { slot?: number }; statementIndex?: number; policy?: string; provider?: string };
  return [e.key?.slot, e.policy, e.statementIndex, e.provider].filter((v) => v !== undefined).join('|');
}

/** Stable across reloads: `check|entity|discriminator`. */
export function findingKey(f: Finding): string {
  return `${f.check}|${f.entity}|${findingDiscriminator(f)}`;
}

export interface Suppression {
  readonly key: string;
  readonly check: string;
  readonly entity: string;
  readonly reason: string;
  /** ISO date. */
  readonly suppressedAt: string;
}

export function suppressionFor(f: Finding, reason: string, now: Date): Suppression {
  const trimmed = reason.trim();
  if (!trimmed) throw new Error('A suppression needs a reason (why this finding is accepted).');
  return { key: findingKey(f), check: f.check, entity: f.entity, reason: trimmed, suppressedAt: now.toISOString() };
}

/** Splits findings into those shown and those suppressed (each with its suppression). */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
): { shown: Finding[]; suppressed: Array<{ finding: Finding; suppression: Suppression }> } {
  const byKey = new Map(suppressions.map((s) => [s.key, s]));
  const shown: Finding[] = [];
  const suppressed: Array<{ finding: Finding; suppression: Suppression }> = [];
  for (const f of findings) {
    const s = byKey.get(findingKey(f));
    if (s) suppressed.push({ finding: f, suppression: s });
    else shown.push(f);
  }
  return { shown, suppressed };
}
