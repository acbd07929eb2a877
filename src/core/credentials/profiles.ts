import { parseIniText, prefixOf, profileNameOf, sdkSections, type ParsedIni, type SharedFileKind } from './ini';

/** The text of one shared file and where it came from. */
export interface SharedFileText {
  readonly path: string;
  readonly text: string;
}

/** The shared files' texts; a missing file is simply absent. */
export interface SharedFilesText {
  readonly credentials?: SharedFileText;
  readonly config?: SharedFileText;
}

/**
 * How the SDK would get credentials for a profile, in the SDK's own order of precedence
 * (assume-role first, then static keys, web identity, credential_process, SSO, login).
 */
export type ProfileKind =
  'assume-role' | 'static' | 'web-identity' | 'credential-process' | 'sso' | 'login' | 'unknown';

/** What the extension needs to know about a profile. Never holds a secret. */
export interface ProfileSummary {
  readonly name: string;
  /** The files that define the profile; values in credentials win over config. */
  readonly files: readonly SharedFileKind[];
  readonly kind: ProfileKind;
  readonly region?: string;
  readonly endpointUrl?: string;
  /** The `services` setting: the name of a `[services x]` section in config. */
  readonly servicesSection?: string;
  /** For static keys: the access key id (the secret is never copied). */
  readonly accessKeyId?: string;
  /** True when static keys come with an aws_session_token (temporary credentials). */
  readonly hasSessionToken?: boolean;
  readonly roleArn?: string;
  readonly sourceProfile?: string;
  readonly credentialSource?: string;
  readonly mfaSerial?: string;
  readonly ssoSession?: string;
  readonly ssoStartUrl?: string;
  readonly ssoAccountId?: string;
  readonly ssoRoleName?: string;
}

/** A profile's merged values, as the SDK sees them. Internal: it holds secrets. */
export interface ResolvedProfile {
  readonly name: string;
  readonly files: SharedFileKind[];
  readonly values: Record<string, string>;
}

/** Both files resolved: profiles, plus the names of `[sso-session]` and `[services]` sections. */
export interface ResolvedFiles {
  readonly profiles: Map<string, ResolvedProfile>;
  readonly ssoSessions: Set<string>;
  readonly services: Set<string>;
}

/**
 * Merges the two files as the SDK does (config first, then credentials on top, key by key)
 * and returns the profiles, sso-sessions and services sections it would see.
 */
export function resolveSharedFiles(files: SharedFilesText): ResolvedFiles {
  const resolved: ResolvedFiles = { profiles: new Map(), ssoSessions: new Set(), services: new Set() };
  for (const kind of ['config', 'credentials'] as const) {
    const file = files[kind];
    if (file) mergeFile(resolved, parseIniText(file.text), kind);
  }
  return resolved;
}

function mergeFile(resolved: ResolvedFiles, parsed: ParsedIni, kind: SharedFileKind): void {
  const sections = sdkSections(parsed);
  const keys = new Set(sections.keys());
  for (const [sectionKey, values] of sections) {
    const prefix = prefixOf(sectionKey);
    if (kind === 'config' && prefix === 'sso-session') resolved.ssoSessions.add(sectionKey.slice(prefix.length + 1));
    if (kind === 'config' && prefix === 'services') resolved.services.add(sectionKey.slice(prefix.length + 1));
    const name = profileNameOf(sectionKey, kind, keys);
    if (name === undefined) continue;
    const existing = resolved.profiles.get(name);
    if (existing) {
      Object.assign(existing.values, values);
      if (!existing.files.includes(kind)) existing.files.push(kind);
    } else {
      resolved.profiles.set(name, { name, files: [kind], values: { ...values } });
    }
  }
}

/** The SDK's choice of credential source for a profile's merged values. */
export function profileKind(values: Readonly<Record<string, string>>): ProfileKind {
  const has = (key: string): boolean => values[key] !== undefined;
  if (has('role_arn') && has('source_profile') !== has('credential_source')) return 'assume-role';
  if (has('aws_access_key_id') && has('aws_secret_access_key')) return 'static';
  if (has('web_identity_token_file') && has('role_arn')) return 'web-identity';
  if (has('credential_process')) return 'credential-process';
  if (['sso_start_url', 'sso_account_id', 'sso_session', 'sso_region', 'sso_role_name'].some(has)) return 'sso';
  if (has('login_session')) return 'login';
  return 'unknown';
}

/** A secret-free summary of one resolved profile. */
export function summarize(profile: ResolvedProfile): ProfileSummary {
  const v = profile.values;
  const kind = profileKind(v);
  const summary: ProfileSummary = {
    name: profile.name,
    files: [...profile.files],
    kind,
    region: v.region,
    endpointUrl: v.endpoint_url,
    servicesSection: v.services,
    accessKeyId: v.aws_access_key_id,
    hasSessionToken: kind === 'static' ? v.aws_session_token !== undefined : undefined,
    roleArn: v.role_arn,
    sourceProfile: v.source_profile,
    credentialSource: v.credential_source,
    mfaSerial: v.mfa_serial,
    ssoSession: v.sso_session,
    ssoStartUrl: v.sso_start_url,
    ssoAccountId: v.sso_account_id,
    ssoRoleName: v.sso_role_name,
  };
  return withoutUndefined(summary);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Secret-free summaries of every profile the SDK would see in these files, sorted by name. */
export function summarizeProfiles(files: SharedFilesText): ProfileSummary[] {
  return [...resolveSharedFiles(files).profiles.values()].map(summarize).sort((a, b) => a.name.localeCompare(b.name));
}

/** The names of profiles whose (effective) access key id is `accessKeyId`, for "used by profile dev". */
export function profilesUsingKey(profiles: readonly ProfileSummary[], accessKeyId: string): string[] {
  const wanted = accessKeyId.trim().toUpperCase();
  return profiles.filter((p) => p.accessKeyId?.toUpperCase() === wanted).map((p) => p.name);
}
