import { createHash } from 'node:crypto';
import { parseIniText, prefixOf, profileNameOf, sdkSections, type SharedFileKind } from './ini';
import type { SharedFilesText } from './profiles';

/**
 * One SHA-256 per profile over everything the SDK reads to build that profile's
 * credentials and endpoint: the profile's values in each file (so both the merged values
 * and which file a value came from), then the same for each profile of its
 * `source_profile` chain, and the `[sso-session]` and `[services]` sections they name.
 * The inputs include secrets: only the hash leaves this function, never a value.
 *
 * Two fingerprints are equal exactly when a file change left the profile's effective
 * definition alone (another profile, a comment, blank lines or the order of sections
 * changed), so its clients and cached credentials (an MFA session) can be kept.
 */
export function profileFingerprints(files: SharedFilesText): Map<string, string> {
  const perFile: Record<SharedFileKind, Map<string, Record<string, string>>> = {
    config: new Map(),
    credentials: new Map(),
  };
  const ssoSessions = new Map<string, Record<string, string>>();
  const services = new Map<string, Record<string, string>>();
  for (const kind of ['config', 'credentials'] as const) {
    const text = files[kind]?.text;
    if (text === undefined) continue;
    const sections = sdkSections(parseIniText(text));
    const keys = new Set(sections.keys());
    for (const [sectionKey, values] of sections) {
      const prefix = prefixOf(sectionKey);
      if (kind === 'config' && prefix === 'sso-session') ssoSessions.set(sectionKey.slice(prefix.length + 1), values);
      if (kind === 'config' && prefix === 'services') services.set(sectionKey.slice(prefix.length + 1), values);
      const name = profileNameOf(sectionKey, kind, keys);
      if (name !== undefined) perFile[kind].set(name, values);
    }
  }
  const names = new Set([...perFile.config.keys(), ...perFile.credentials.keys()]);
  const fingerprints = new Map<string, string>();
  for (const name of names) {
    const chain: unknown[] = [];
    const seen = new Set<string>();
    let next: string | undefined = name;
    // The SDK follows source_profile until a profile with its own credentials; a cycle ends here.
    while (next !== undefined && !seen.has(next)) {
      seen.add(next);
      const config = perFile.config.get(next);
      const credentials = perFile.credentials.get(next);
      const merged = { ...config, ...credentials };
      chain.push({
        name: next,
        config: sorted(config),
        credentials: sorted(credentials),
        ssoSession: merged.sso_session === undefined ? null : sorted(ssoSessions.get(merged.sso_session)),
        services: merged.services === undefined ? null : sorted(services.get(merged.services)),
      });
      next = merged.source_profile;
    }
    fingerprints.set(name, createHash('sha256').update(JSON.stringify(chain)).digest('hex'));
  }
  return fingerprints;
}

/** Profiles added, removed, or whose fingerprint differs between two readings, sorted. */
export function changedProfiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

function sorted(values: Record<string, string> | undefined): [string, string][] | null {
  return values === undefined ? null : Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
