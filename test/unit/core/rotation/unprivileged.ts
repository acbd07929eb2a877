// Rotation with a file that cannot be written, for real: root is never denied by file
// modes, so as root (CI runs as root) the rotation runs in a child process as the
// unprivileged uid/gid 65534 (as test/unit/core/credentials/helpers.ts does for the
// writer); otherwise in a child process as the current user. The child runs the real
// rotation (localFiles, a file journal) against a FakeIam and prints what happened:
// the outcome, the IAM calls and the user's keys. Nothing it prints holds a secret.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { AccessKeyPair } from '../../../../src/core/credentials';
import { childNode } from '../credentials/helpers';
import { FakeIam } from './fakes';
import type { SharedPaths } from './refusals';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;

export interface ChildOutcome {
  readonly outcome: 'rotated' | 'refused';
  readonly step?: string;
  readonly message?: string;
  readonly undone?: string[];
  readonly left?: string[];
  readonly calls: string[];
  readonly keys: [string, string][];
}

/** The key FakeIam gives the child's user alice first (the child builds the same FakeIam). */
export function childOldKey(): AccessKeyPair {
  return new FakeIam().addKey('alice');
}

/**
 * Hands `dir` and everything in it to the user the child runs as (as root: uid 65534;
 * otherwise it is already the owner), so that the file's own mode decides whether it can
 * be written, as it would for that user's own ~/.aws/credentials.
 */
export async function giveToChild(dir: string): Promise<void> {
  if (!isRoot) return;
  const walk = async (path: string): Promise<void> => {
    await fs.lchown(path, NOBODY, NOBODY);
    const stat = await fs.lstat(path);
    if (stat.isDirectory()) for (const name of await fs.readdir(path)) await walk(join(path, name));
  };
  await walk(dir);
}

/**
 * Rotates alice's first key in a child process over `paths`, with a journal in
 * `journalDir`. With `unwritableAfterCheck`, the files port makes the credentials file
 * mode 444 right after the check before CreateAccessKey has passed, as another program
 * might between the check and the write.
 */
export function rotateInChild(
  paths: SharedPaths,
  journalDir: string,
  options: { unwritableAfterCheck?: boolean } = {},
): ChildOutcome {
  const args = JSON.stringify({ ...paths, journalDir, unwritableAfterCheck: options.unwritableAfterCheck === true });
  const root = join(__dirname, '..', '..', '..', '..');
  const r = spawnSync(childNode(), ['--import', 'tsx', join(__dirname, 'childRotation.ts'), args], {
    cwd: root,
    encoding: 'utf8',
    ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{'))
    throw new Error(`the child process failed (status ${r.status}): ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(line) as ChildOutcome;
}
