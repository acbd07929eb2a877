/**
 * The AWS shared credentials and config files: where they are, what profiles they hold,
 * what is wrong with them, and how to change keys in them without losing a byte.
 * Plain Node; no VS Code.
 *
 * Typical rotation step:
 *
 *     const { credentials } = sharedFilePaths();
 *     let edit: EditResult | undefined;
 *     const write = await writeCredentialsFile(credentials, (text) => {
 *       edit = replaceAccessKey(text, oldKeyId, newKey);
 *       return edit.text;
 *     });
 *     // edit.profiles: where the key was written; on a later failure:
 *     if (write.backupPath) await restoreBackup(credentials, write.backupPath, { expectedSha256: write.sha256 });
 *
 * Decisions: files are read exactly as the SDK's parseIni reads them (tested against the
 * installed SDK); key ids match case-insensitively; aws_session_token lines in a rotated
 * profile are removed (they belonged to the old key); backups sit next to the path given
 * (next to a symlink, not its target) and hold secrets, so they are 0600 and only the
 * last 5 are kept.
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
export { profileFingerprints, changedProfiles } from './fingerprint';
export { lintSharedFiles, formatProblem, problemsOfProfile, type CredentialsProblem } from './lint';
export {
  replaceAccessKey,
  checkReplaceAccessKey,
  setProfileKeys,
  checkProfileName,
  type AccessKeyPair,
  type EditOptions,
  type EditResult,
} from './editor';
export {
  writeCredentialsFile,
  checkCredentialsWrite,
  restoreBackup,
  listBackups,
  discardBackup,
  resolveTarget,
  type WriteOptions,
  type WriteResult,
  type WritePlan,
} from './safeWrite';
export { problemLabel } from './problemLabel';
export { privateModeCaveat } from './privateMode';
export {
  CredentialsFailure,
  credentialsFailed,
  noSuchProfile,
  processFailed,
  ssoSignInNeeded,
  type CredentialsFailureKind,
} from './failure';
export { copySecret, CLIPBOARD_CLEAR_SECONDS, type Clipboard } from './clipboard';
export { writeAccessKeyCsv, formatAccessKeyCsv, ACCESS_KEY_CSV_HEADER } from './csv';
export { CredentialsFileError, type CredentialsErrorCode } from './errors';
export type { SharedFileKind } from './ini';
export { welcomeState, type WelcomeState } from './welcome';
