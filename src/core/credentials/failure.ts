import { displayPath, type SharedFilePaths } from './paths';

/** Why a profile's credentials could not be resolved, as the tree and messages tell it. */
export type CredentialsFailureKind = 'no-profile' | 'sso-not-signed-in' | 'sso-expired' | 'process-failed' | 'failed';

/**
 * A profile's credentials could not be resolved, said for people: `label` leads with what
 * is wrong and ends with the fix (the tree shows it as the item's text); `message` says
 * the same at more length (tooltip, notification, log). Neither holds an SDK class name,
 * a credential_process command line or its output beyond one line.
 */
export class CredentialsFailure extends Error {
  constructor(
    readonly kind: CredentialsFailureKind,
    readonly profile: string,
    readonly label: string,
    message: string,
  ) {
    super(message);
  }
}

const files = (paths: SharedFilePaths) => `${displayPath(paths.config)} or ${displayPath(paths.credentials)}`;

/** A profile selected (in the setting, or AWS_PROFILE) that neither shared file defines. */
export function noSuchProfile(profile: string, paths: SharedFilePaths): CredentialsFailure {
  return new CredentialsFailure(
    'no-profile',
    profile,
    `No profile named ${profile} in ${files(paths)}: add it there, or choose another with Select Profiles…`,
    `There is no profile named ${profile} in ${files(paths)}. Add a [profile ${profile}] section to the config ` +
      `file (or [${profile}] to the credentials file), or choose the profiles to show with IAM: Select Profiles….`,
  );
}

/** An SSO profile with no cached token (`none`: never signed in, or signed out) or an expired one. */
export function ssoSignInNeeded(profile: string, token: 'none' | 'expired'): CredentialsFailure {
  const fix = `run aws sso login --profile ${profile}`;
  return token === 'none'
    ? new CredentialsFailure(
        'sso-not-signed-in',
        profile,
        `Not signed in to SSO: ${fix}`,
        `Profile ${profile} uses IAM Identity Center (SSO) and is not signed in: there is no cached SSO token. ` +
          `Click the item (or ${fix} in a terminal), then Refresh.`,
      )
    : new CredentialsFailure(
        'sso-expired',
        profile,
        `SSO session expired: ${fix}`,
        `The SSO session of profile ${profile} has expired. Click the item (or ${fix} in a terminal) to sign in ` +
          `again, then Refresh.`,
      );
}

/**
 * A credential_process that failed. Node's exec error reads "Command failed: <command
 * line>" followed by the helper's stderr, and either may carry tokens: only the first line
 * of what the helper printed is kept, with the command line taken out.
 */
export function processFailed(profile: string, error: string, command: string | undefined): CredentialsFailure {
  const lines = error.split(/\r?\n/);
  const printed = lines[0]?.startsWith('Command failed:') ? lines.slice(1) : lines;
  let first = printed.map((l) => l.trim()).find((l) => l !== '') ?? 'it exited with an error and printed nothing';
  if (command && command.trim() !== '') first = first.split(command.trim()).join('<credential_process>');
  first = first.replace(/^Command failed:.*$/, 'the command failed');
  if (first.length > 160) first = `${first.slice(0, 159)}…`;
  return new CredentialsFailure(
    'process-failed',
    profile,
    `credential_process of ${profile} failed: ${first}: fix the helper, then Refresh`,
    `The credential_process of profile ${profile} failed: ${first}. Run the helper in a terminal to see all of ` +
      `its output (not shown here: it may hold tokens), fix it, then Refresh.`,
  );
}

/** Any other failure to resolve a profile's credentials: the SDK's first line, without its class name. */
export function credentialsFailed(profile: string, error: string, paths: SharedFilePaths): CredentialsFailure {
  let first =
    error
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? 'no reason given';
  if (first.length > 160) first = `${first.slice(0, 159)}…`;
  first = first.replace(/[.\s]+$/, '');
  return new CredentialsFailure(
    'failed',
    profile,
    `Credentials for ${profile} failed: ${first}: check the profile in ${files(paths)}, or choose another with ` +
      `Select Profiles…`,
    `The credentials of profile ${profile} could not be resolved: ${first}. Check its section in ${files(paths)}` +
      `, or choose other profiles with IAM: Select Profiles….`,
  );
}
