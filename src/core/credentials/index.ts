/**
 * The AWS shared credentials and config files: where they are, what profiles they hold,
 * what is wrong with them, and how to change keys in them without losing a byte.
 * Plain Node; no VS Code.
 */
export { sharedFilePaths, displayPath, type SharedFilePaths } from './paths';
export { readProfiles, readSharedFiles, type ProfilesReport } from './read';
export {
  summarizeProfiles,
  profilesUsingKey,
  type ProfileSummary,
  type ProfileKind,
  type SharedFileText,
  type SharedFilesText,
} from './profiles';
export { lintSharedFiles, formatProblem, type CredentialsProblem } from './lint';
export { replaceAccessKey, setProfileKeys, type AccessKeyPair, type EditOptions, type EditResult } from './editor';
export { writeCredentialsFile, restoreBackup, listBackups, type WriteOptions, type WriteResult } from './safeWrite';
export { writeAccessKeyCsv, formatAccessKeyCsv, ACCESS_KEY_CSV_HEADER } from './csv';
export { CredentialsFileError, type CredentialsErrorCode } from './errors';
export type { SharedFileKind } from './ini';
