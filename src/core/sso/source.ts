import { parseIniText, sdkSections } from '../credentials/ini';
import { profileKind, resolveSharedFiles, type SharedFilesText } from '../credentials/profiles';
import { SsoError } from './errors';

/** What the user chose to add accounts from: an SSO profile, or an `[sso-session name]` section. */
export type SsoSourceRef = { readonly profile: string } | { readonly ssoSession: string };

/** An IAM Identity Center sign-in, resolved from the config file. Holds no token. */
export interface SsoSource {
  /** `sso-session corp` or `profile dev`, for messages. */
  readonly label: string;
  /** The sso-session name; absent for a legacy profile (sso_start_url without sso_session). */
  readonly sessionName?: string;
  readonly startUrl: string;
  /** The region of the Identity Center portal (`sso_region`). */
  readonly region: string;
  /**
   * A profile that signs in through this session (the chosen profile, else the first by name
   * whose sso_session names it): the SDK's SSO provider finds the session's token through a
   * profile. Undefined for an sso-session no profile names.
   */
  readonly profile?: string;
  /** That profile's `region`, the default region of profiles saved from this session. */
  readonly profileRegion?: string;
  /** What names the token cache file: the session name, else the start URL (as the CLI does). */
  readonly cacheId: string;
  /** Arguments of `aws sso login` for this sign-in. */
  readonly loginArgs: readonly string[];
}

/**
 * Resolves an SSO profile or sso-session section as the SDK's SSO provider would, refusing
 * (with what to fix) a profile that does not sign in through Identity Center, a missing
 * session, a session without sso_start_url or sso_region, and a profile whose own
 * sso_start_url or sso_region disagrees with its session (the SDK refuses those too).
 */
export function resolveSsoSource(files: SharedFilesText, ref: SsoSourceRef): SsoSource {
  const resolved = resolveSharedFiles(files);
  const sessions = files.config
    ? sdkSections(parseIniText(files.config.text))
    : new Map<string, Record<string, string>>();
  const configName = files.config?.path ?? 'the AWS config file';
  const session = (name: string, from: string): { startUrl: string; region: string } => {
    const values = sessions.get(`sso-session.${name}`);
    if (!values)
      throw new SsoError(
        'invalid-config',
        `${from} names sso-session ${name}, but ${configName} has no [sso-session ${name}] section. Add it (aws ` +
          `configure sso-session), or correct the name.`,
      );
    for (const key of ['sso_start_url', 'sso_region'] as const) {
      if (!values[key])
        throw new SsoError(
          'invalid-config',
          `[sso-session ${name}] in ${configName} has no ${key}. Add it (aws configure sso-session).`,
        );
    }
    return { startUrl: values.sso_start_url, region: values.sso_region };
  };

  if ('ssoSession' in ref) {
    const { startUrl, region } = session(ref.ssoSession, 'The command');
    const profile = [...resolved.profiles.values()]
      .filter((p) => p.values.sso_session === ref.ssoSession)
      .sort((a, b) => a.name.localeCompare(b.name))[0];
    return {
      label: `sso-session ${ref.ssoSession}`,
      sessionName: ref.ssoSession,
      startUrl,
      region,
      profile: profile?.name,
      profileRegion: profile?.values.region,
      cacheId: ref.ssoSession,
      loginArgs: ['--sso-session', ref.ssoSession],
    };
  }

  const profile = resolved.profiles.get(ref.profile);
  if (!profile)
    throw new SsoError('invalid-config', `There is no profile ${ref.profile} in the AWS config or credentials file.`);
  const v = profile.values;
  const kind = profileKind(v);
  if (kind !== 'sso') {
    throw new SsoError(
      'invalid-config',
      `Profile ${ref.profile} does not sign in through IAM Identity Center (it uses ${kind} credentials). ` +
        `Choose a profile with sso_session or sso_start_url, or an sso-session.`,
    );
  }
  const loginArgs = ['--profile', ref.profile];
  if (v.sso_session) {
    const { startUrl, region } = session(v.sso_session, `Profile ${ref.profile}`);
    if (v.sso_start_url && v.sso_start_url !== startUrl) {
      throw new SsoError(
        'invalid-config',
        `Profile ${ref.profile} sets sso_start_url ${v.sso_start_url}, but its sso-session ${v.sso_session} ` +
          `says ${startUrl}. Remove the profile's sso_start_url.`,
      );
    }
    if (v.sso_region && v.sso_region !== region) {
      throw new SsoError(
        'invalid-config',
        `Profile ${ref.profile} sets sso_region ${v.sso_region}, but its sso-session ${v.sso_session} says ` +
          `${region}. Remove the profile's sso_region.`,
      );
    }
    return {
      label: `profile ${ref.profile}`,
      sessionName: v.sso_session,
      startUrl,
      region,
      profile: ref.profile,
      profileRegion: v.region,
      cacheId: v.sso_session,
      loginArgs,
    };
  }
  for (const key of ['sso_start_url', 'sso_region'] as const) {
    if (!v[key])
      throw new SsoError(
        'invalid-config',
        `Profile ${ref.profile} has no ${key} (and no sso_session). Add it, or run aws configure sso.`,
      );
  }
  return {
    label: `profile ${ref.profile}`,
    startUrl: v.sso_start_url,
    region: v.sso_region,
    profile: ref.profile,
    profileRegion: v.region,
    cacheId: v.sso_start_url,
    loginArgs,
  };
}

/** Every sign-in the files offer: each sso-session section, and each legacy SSO profile. */
export function listSsoSources(files: SharedFilesText): SsoSourceRef[] {
  const sessions = [...resolveSharedFiles(files).ssoSessions].sort().map((ssoSession) => ({ ssoSession }));
  const legacy = [...resolveSharedFiles(files).profiles.values()]
    .filter((p) => profileKind(p.values) === 'sso' && !p.values.sso_session)
    .map((p) => ({ profile: p.name }))
    .sort((a, b) => a.profile.localeCompare(b.profile));
  return [...sessions, ...legacy];
}
