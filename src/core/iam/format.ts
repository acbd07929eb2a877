import type { AccessKey } from './model';

const DAY_MS = 86_400_000;

/** Whole days from `date` to `now`. */
export function daysSince(date: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - date.getTime()) / DAY_MS));
}

/** "today", "1 d ago", "37 d ago". */
export function ago(date: Date, now: Date): string {
  const d = daysSince(date, now);
  return d === 0 ? 'today' : `${d} d ago`;
}

/**
 * Why a key deserves a warning: it is older than maxAgeDays (a key unused for that long is
 * necessarily that old, so the message says so too). Inactive keys are not flagged.
 */
export function accessKeyWarning(key: AccessKey, maxAgeDays: number, now: Date): string | undefined {
  if (key.status !== 'Active' || !key.created) return undefined;
  const age = daysSince(key.created, now);
  if (age <= maxAgeDays) return undefined;
  const used = key.lastUsed?.date;
  const idle = used ? daysSince(used, now) : age;
  const usage =
    key.lastUsedUnknown !== undefined
      ? ''
      : idle > maxAgeDays
        ? used
          ? `, unused for ${idle} d`
          : ', never used'
        : '';
  return `older than ${maxAgeDays} days (${age} d${usage}): rotate it`;
}

/** "Active · 37 d · used 2 d ago, s3" / "Inactive · 400 d · never used". */
export function accessKeyDescription(key: AccessKey, now: Date): string {
  const parts: string[] = [key.status];
  if (key.created) parts.push(`${daysSince(key.created, now)} d`);
  const used = key.lastUsed?.date;
  if (key.lastUsedUnknown !== undefined) parts.push('last use unknown');
  else
    parts.push(
      used ? `used ${ago(used, now)}${key.lastUsed?.service ? `, ${key.lastUsed.service}` : ''}` : 'never used',
    );
  return parts.join(' · ');
}
