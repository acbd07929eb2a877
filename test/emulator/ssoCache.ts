// The SSO token cache exactly as `aws sso login` leaves it (botocore's
// SSOTokenLoader / the CLI's JSONFileCache): ~/.aws/sso/cache/<sha1>.json, where
// the hash is of the sso-session name (an `sso-session` section) or of the
// start URL (a legacy profile with sso_start_url and no sso_session); camelCase
// keys; expiresAt in UTC to the second with a `Z`; file mode 0600.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SsoCacheEntry {
  /** The sso-session name; leave out for a legacy profile (the start URL names the file). */
  sessionName?: string;
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: Date;
  /** What `aws sso login` stores for refreshing (sso-session logins only); not secrets the emulator checks. */
  refresh?: { clientId: string; clientSecret: string; refreshToken: string; registrationExpiresAt: Date };
}

/** `2026-11-28T19:00:00Z`: botocore's format, no milliseconds. */
const cliTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function ssoTokenCachePath(home: string, id: string): string {
  return join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(id).digest('hex')}.json`);
}

/** Writes the cache file under `home` and returns its path. */
export function writeSsoTokenCache(home: string, entry: SsoCacheEntry): string {
  const path = ssoTokenCachePath(home, entry.sessionName ?? entry.startUrl);
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true, mode: 0o700 });
  const body: Record<string, string> = {
    startUrl: entry.startUrl,
    region: entry.region,
    accessToken: entry.accessToken,
    expiresAt: cliTime(entry.expiresAt),
  };
  if (entry.refresh) {
    body.clientId = entry.refresh.clientId;
    body.clientSecret = entry.refresh.clientSecret;
    body.registrationExpiresAt = cliTime(entry.refresh.registrationExpiresAt);
    body.refreshToken = entry.refresh.refreshToken;
  }
  writeFileSync(path, JSON.stringify(body), { mode: 0o600 });
  return path;
}
