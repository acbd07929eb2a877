import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessKeyPair } from '../../../../src/core/credentials';

/** Obviously fake keys: never real, and never printed by an assertion. */
export const OLD_KEY: AccessKeyPair = { accessKeyId: 'AKIAOLDFAKEKEY000001', secretAccessKey: 'fake/OLD/secret+0000000000000000000000000' };
export const NEW_KEY: AccessKeyPair = { accessKeyId: 'AKIANEWFAKEKEY000002', secretAccessKey: 'fake/NEW/secret+1111111111111111111111111' };
export const OTHER_KEY: AccessKeyPair = { accessKeyId: 'AKIAOTHERFAKEKEY0003', secretAccessKey: 'fake/OTHER/secret+222222222222222222222222' };

/** A fresh temporary folder, removed after the test by the returned cleanup. */
export async function tempFolder(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'iam-explorer-creds-'));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** The permission bits of a file. */
export async function modeOf(path: string): Promise<number> {
  return (await fs.stat(path)).mode & 0o777;
}

/** True when running as root, where permission-denied cannot be simulated. */
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
