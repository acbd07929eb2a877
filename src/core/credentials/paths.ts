import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the AWS shared credentials and config files live for a given environment. */
export interface SharedFilePaths {
  readonly credentials: string;
  readonly config: string;
}

/**
 * The home directory exactly as the AWS SDK resolves it: HOME, then USERPROFILE,
 * then HOMEDRIVE + HOMEPATH, then the OS's answer.
 */
export function homeDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? 'C:\\'}${env.HOMEPATH}`;
  return homedir();
}

/**
 * The credentials and config file paths the AWS SDK would use: AWS_SHARED_CREDENTIALS_FILE
 * and AWS_CONFIG_FILE when set and non-empty, else ~/.aws/credentials and ~/.aws/config.
 * A leading `~/` (or `~\` on Windows) is expanded to the home directory, as the SDK does.
 */
export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): SharedFilePaths {
  const home = homeDirectory(env);
  return {
    credentials: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), home),
    config: expandHome(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), home),
  };
}

/** Expands a leading `~` segment; any other path is returned unchanged. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || (process.platform === 'win32' && path.startsWith('~\\'))) {
    return join(home, path.slice(2));
  }
  return path;
}

/** A path for messages: the home directory shown as `~`, so messages stay short and familiar. */
export function displayPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const home = homeDirectory(env);
  if (home && (path === home || path.startsWith(home + '/') || path.startsWith(home + '\\'))) {
    return '~' + path.slice(home.length);
  }
  return path;
}
