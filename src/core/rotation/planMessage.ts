import type { OldKeyAction, PlannedWrite } from './ports';

export interface RotationPlanInput {
  readonly userName: string;
  readonly accessKeyId: string;
  /** What the read-only check found: the files and profiles that hold the key. */
  readonly planned: readonly PlannedWrite[];
  readonly oldKeyAction: OldKeyAction;
  /** How to show a path ("~/.aws/credentials"). */
  readonly displayPath: (path: string) => string;
}

const list = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/**
 * The plan a rotation confirmation shows before anything happens: which key, which profiles in
 * which files are rewritten (each file backed up first), and what happens to the old key. One
 * line per step, in the order rotateAccessKey runs them.
 */
export function rotationPlanMessage(input: RotationPlanInput): string {
  const { userName, accessKeyId, planned, oldKeyAction } = input;
  const files = planned.map(
    (w) => `${w.profiles.length === 1 ? 'profile' : 'profiles'} ${list(w.profiles)} in ${input.displayPath(w.path)}`,
  );
  const write = files.length
    ? `2. Write it into ${list(files)}, after backing up ${files.length === 1 ? 'the file' : 'each file'} (the ` +
      `backup is removed once the new key works).`
    : '2. No local profile holds this key: you choose where the new secret goes (a profile, a CSV file or the ' +
      'clipboard).';
  const retire =
    oldKeyAction === 'delete'
      ? `4. Delete the old key ${accessKeyId}; it cannot be restored (setting iamExplorer.rotation.oldKey).`
      : `4. Deactivate the old key ${accessKeyId}; it can be activated again if something still uses it (setting ` +
        `iamExplorer.rotation.oldKey).`;
  return [
    `Rotate access key ${accessKeyId} of user ${userName}?`,
    `1. Create a new access key for ${userName}.`,
    write,
    '3. Check that the new key works.',
    retire,
    'A failure or Cancel before step 4 undoes everything.',
  ].join('\n');
}
