import { promises as fs } from 'node:fs';
import { fileError, isErrno } from './errors';
import { profileFingerprints } from './fingerprint';
import { lintSharedFiles, type CredentialsProblem } from './lint';
import { displayPath, sharedFilePaths, type SharedFilePaths } from './paths';
import { summarizeProfiles, type ProfileSummary, type SharedFileText, type SharedFilesText } from './profiles';

/** Everything the extension shows about the local profiles. Holds no secret. */
export interface ProfilesReport {
  readonly paths: SharedFilePaths;
  readonly profiles: ProfileSummary[];
  readonly problems: CredentialsProblem[];
  /** A SHA-256 per profile of its effective definition (see profileFingerprints); no value. */
  readonly fingerprints: ReadonlyMap<string, string>;
}

/**
 * Reads both shared files (a missing file counts as empty) and returns the profiles the
 * SDK would see plus the problems found in them. Throws CredentialsFileError when a file
 * exists but cannot be read.
 */
export async function readProfiles(paths: SharedFilePaths = sharedFilePaths()): Promise<ProfilesReport> {
  const files = await readSharedFiles(paths);
  const problems = [...files.problems, ...lintSharedFiles(files.texts)];
  return { paths, profiles: summarizeProfiles(files.texts), problems, fingerprints: profileFingerprints(files.texts) };
}

/** The texts of both shared files, as the SDK would read them (UTF-8). */
export async function readSharedFiles(
  paths: SharedFilePaths,
): Promise<{ texts: SharedFilesText; problems: CredentialsProblem[] }> {
  const problems: CredentialsProblem[] = [];
  const [credentials, config] = await Promise.all([
    readText(paths.credentials, 'credentials', problems),
    readText(paths.config, 'config', problems),
  ]);
  return { texts: { credentials, config }, problems };
}

async function readText(
  path: string,
  file: 'credentials' | 'config',
  problems: CredentialsProblem[],
): Promise<SharedFileText | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw fileError('read', path, error);
  }
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes) && !text.includes('\u0000')) {
    problems.push({
      severity: 'error',
      code: 'not-utf8',
      file,
      path,
      message: `${displayPath(path)} is not valid UTF-8, so some values may be misread. Save it as UTF-8.`,
    });
  }
  return { path, text };
}
