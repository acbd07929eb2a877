import { checkProfileName } from '../credentials/editor';
import { CredentialsFileError } from '../credentials/errors';
import { parseIniText, profileNameOf, sdkSections } from '../credentials/ini';
import type { SsoSource } from './source';

/** One profile to write: an account and role of the sign-in. */
export interface SsoProfileEntry {
  readonly profileName: string;
  readonly accountId: string;
  readonly roleName: string;
  /** The profile's `region`; none is written when absent. */
  readonly region?: string;
}

export interface SaveProfilesResult {
  readonly text: string;
  /** Profiles appended, in order. */
  readonly added: readonly string[];
  /** Profiles already in the file with exactly these values: left as they are. */
  readonly unchanged: readonly string[];
}

/**
 * A profile name for an account and role, as aws-sso-util and granted name them
 * (`<account name>.<role>`): characters a profile name cannot hold become `-`.
 */
export function defaultProfileName(accountName: string, roleName: string): string {
  const clean = (s: string) =>
    s
      .trim()
      .replace(/[^\w\-@+.%:/]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `${clean(accountName) || 'account'}.${clean(roleName) || 'role'}`;
}

/** The values a saved profile holds, as the SDK will read them. */
export function ssoProfileValues(
  source: Pick<SsoSource, 'sessionName' | 'startUrl' | 'region'>,
  entry: SsoProfileEntry,
): Record<string, string> {
  const values: Record<string, string> = source.sessionName
    ? { sso_session: source.sessionName }
    : { sso_start_url: source.startUrl, sso_region: source.region };
  values.sso_account_id = entry.accountId;
  values.sso_role_name = entry.roleName;
  if (entry.region) values.region = entry.region;
  return values;
}

/**
 * Appends a `[profile name]` section per entry to the config file's text; every byte already
 * there stays as it was (the text is a prefix of the result, but for a final line ending
 * added when the file had none). Refuses, naming them, invalid or repeated names, names of
 * profiles the file already defines differently, a value the file format cannot hold, and an
 * sso-session no longer in the file. Re-reads the result as the SDK would and throws rather
 * than return text that reads back differently.
 */
export function addSsoProfiles(
  text: string,
  source: Pick<SsoSource, 'sessionName' | 'startUrl' | 'region'>,
  entries: readonly SsoProfileEntry[],
): SaveProfilesResult {
  const parsed = parseIniText(text);
  if (parsed.rejectedAtLine !== undefined) {
    throw new CredentialsFileError(
      'invalid-input',
      `The section at line ${parsed.rejectedAtLine} is named __proto__, which makes the AWS SDK ignore this ` +
        `whole file. Rename that section, then save again; nothing was written.`,
    );
  }
  const sections = sdkSections(parsed);
  const keys = new Set(sections.keys());
  if (source.sessionName && !sections.has(`sso-session.${source.sessionName}`)) {
    throw new CredentialsFileError(
      'invalid-input',
      `The config file no longer has [sso-session ${source.sessionName}]; the profiles would not sign in. ` +
        `Nothing was written.`,
    );
  }
  const existing = new Map<string, Record<string, string>>();
  for (const [key, values] of sections) {
    const name = profileNameOf(key, 'config', keys);
    if (name !== undefined) existing.set(name, values);
  }
  const seen = new Set<string>();
  const added: SsoProfileEntry[] = [];
  const unchanged: string[] = [];
  const conflicts: string[] = [];
  for (const entry of entries) {
    const problem = checkProfileName(entry.profileName);
    if (problem)
      throw new CredentialsFileError(
        'invalid-input',
        `${problem} (profile for account ${entry.accountId}, role ${entry.roleName})`,
      );
    if (seen.has(entry.profileName))
      throw new CredentialsFileError(
        'invalid-input',
        `Two profiles would be named ${entry.profileName}; give each account and role its own name. Nothing was ` +
          `written.`,
      );
    seen.add(entry.profileName);
    const values = ssoProfileValues(source, entry);
    for (const [key, value] of Object.entries(values)) {
      if (!/^[\x21-\x7e]+$/.test(value) || /^[#;]/.test(value))
        throw new CredentialsFileError(
          'invalid-input',
          `The ${key} "${value}" cannot be written to the config file (spaces, control characters or a leading ` +
            `# or ;). Nothing was written.`,
        );
    }
    const current = existing.get(entry.profileName);
    if (current === undefined) added.push(entry);
    else if (sameValues(current, values)) unchanged.push(entry.profileName);
    else conflicts.push(entry.profileName);
  }
  if (conflicts.length) {
    throw new CredentialsFileError(
      'invalid-input',
      `The config file already has ${conflicts.length === 1 ? 'a profile' : 'profiles'} ${conflicts.join(', ')} ` +
        `with other settings. Choose other names; nothing was written.`,
    );
  }
  const eol = /\r?\n/.exec(text)?.[0] ?? '\n';
  const blocks = added.map((entry) =>
    [
      `[profile ${entry.profileName}]`,
      ...Object.entries(ssoProfileValues(source, entry)).map(([k, v]) => `${k} = ${v}`),
    ].join(eol),
  );
  let result = text;
  if (blocks.length) {
    const lead = text === '' ? '' : /\r?\n$/.test(text) ? (/(\r?\n){2}$/.test(text) ? '' : eol) : eol + eol;
    result = text + lead + blocks.join(eol + eol) + eol;
  }
  verify(text, result, source, added);
  return { text: result, added: added.map((e) => e.profileName), unchanged };
}

function sameValues(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The old sections read back unchanged and each new profile reads back with exactly its values. */
function verify(
  before: string,
  after: string,
  source: Pick<SsoSource, 'sessionName' | 'startUrl' | 'region'>,
  added: readonly SsoProfileEntry[],
): void {
  const old = sdkSections(parseIniText(before));
  const now = sdkSections(parseIniText(after));
  for (const [key, values] of old) {
    const back = now.get(key);
    if (!back || !sameValues(values, back))
      throw new CredentialsFileError(
        'io',
        `internal error: saving the profiles changed section ${key}; nothing was written.`,
      );
  }
  for (const entry of added) {
    const back = now.get(`profile.${entry.profileName}`);
    if (!back || !sameValues(back, ssoProfileValues(source, entry)))
      throw new CredentialsFileError(
        'io',
        `internal error: profile ${entry.profileName} does not read back as written; nothing was written.`,
      );
  }
  if (now.size !== old.size + added.length)
    throw new CredentialsFileError(
      'io',
      'internal error: saving the profiles added an unexpected section; nothing was written.',
    );
}
