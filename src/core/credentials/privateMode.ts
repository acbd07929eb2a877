import { promises as fs } from 'node:fs';
import { displayPath } from './paths';

/**
 * Whether a file just written with mode 0600 is really private, or why not: Windows has
 * no such modes (the folder's ACLs decide), and FAT, exFAT, SMB shares and Windows drives
 * under WSL (/mnt/c) ignore chmod. Read back from the file, so it is said where it applies
 * and nowhere else. Undefined when the file is 0600 (owner only).
 */
export async function privateModeCaveat(
  path: string,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  if (platform === 'win32')
    return `Windows does not use mode 600: ${displayPath(path)} is as private as its folder's permissions make it`;
  const mode = await fs.stat(path).then(
    (s) => s.mode & 0o777,
    () => undefined,
  );
  if (mode === undefined || (mode & 0o077) === 0) return undefined;
  return (
    `the file system did not keep mode 600 (it shows ${mode.toString(8)}: FAT, an SMB share or a Windows drive ` +
    `under WSL?), so others may be able to read ${displayPath(path)}; move it to a private folder`
  );
}
