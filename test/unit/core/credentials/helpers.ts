import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AccessKeyPair } from '../../../../src/core/credentials';

/** Obviously fake keys: never real, and never printed by an assertion. */
export const OLD_KEY: AccessKeyPair = {
  accessKeyId: 'AKIAOLDFAKEKEY000001',
  secretAccessKey: 'fake/OLD/secret+0000000000000000000000000',
};
export const NEW_KEY: AccessKeyPair = {
  accessKeyId: 'AKIANEWFAKEKEY000002',
  secretAccessKey: 'fake/NEW/secret+1111111111111111111111111',
};
export const OTHER_KEY: AccessKeyPair = {
  accessKeyId: 'AKIAOTHERFAKEKEY0003',
  secretAccessKey: 'fake/OTHER/secret+222222222222222222222222',
};

/** A fresh temporary folder, removed after the test by the returned cleanup. */
export async function tempFolder(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'iam-explorer-creds-'));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** The permission bits of a file. */
export async function modeOf(path: string): Promise<number> {
  return (await fs.stat(path)).mode & 0o777;
}

/** True when running as root, who is never denied by file modes. */
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let unprivilegedNode: string | undefined;

/**
 * The Node binary a child running as uid 65534 can execute: this one, unless it lives where
 * that user cannot reach (tier 1 may run on the Node 24 cached under /root/.cache), then the
 * first `node` on PATH that the user can run.
 */
export function childNode(): string {
  if (!isRoot) return process.execPath;
  if (unprivilegedNode) return unprivilegedNode;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  let found: string | undefined;
  for (const candidate of [process.execPath, ...dirs.map((d) => join(d, 'node'))]) {
    const probe = spawnSync(candidate, ['-e', ''], { uid: 65534, gid: 65534 });
    if (!probe.error && probe.status === 0) {
      found = candidate;
      break;
    }
  }
  if (!found) throw new Error('no Node binary on PATH can be run by uid 65534; the unprivileged child tests need one');
  // The child imports the sources and tsx from this checkout: every folder above it must let uid 65534 in.
  const repo = join(__dirname, '..', '..', '..', '..');
  const tsx = join(repo, 'node_modules', 'tsx', 'package.json');
  const reach = spawnSync(found, ['-e', `require('fs').accessSync(${JSON.stringify(tsx)})`], {
    uid: 65534,
    gid: 65534,
  });
  if (reach.status !== 0)
    throw new Error(
      `uid 65534 cannot read ${tsx}: the unprivileged child tests run as that user from this checkout, so ` +
        `${repo} and the folders above it must be readable and searchable by others (a mktemp -d folder is ` +
        `mode 700: chmod 755 it).`,
    );
  return (unprivilegedNode = found);
}

/**
 * Runs writeCredentialsFile(file, rotate-the-fake-key) in a child Node process. As root
 * (CI runs as root, and root ignores file modes) the child drops to the unprivileged
 * uid/gid 65534, so "permission denied" is real; otherwise it runs as the current user.
 * Returns the error's code and message, or `{}` when the write succeeded.
 */
export function writeInChildProcess(file: string): { code?: string; message?: string } {
  const credentials = pathToFileURL(
    join(__dirname, '..', '..', '..', '..', 'src', 'core', 'credentials', 'index.ts'),
  ).href;
  const script = `
    import(${JSON.stringify(credentials)}).then((ns) => ns.writeCredentialsFile ? ns : ns.default).then((m) =>
      m.writeCredentialsFile(${JSON.stringify(file)}, (t) => m.replaceAccessKey(t, ${JSON.stringify(OLD_KEY.accessKeyId)}, ${JSON.stringify(NEW_KEY)}).text, { backupFolder: ${JSON.stringify(`${file}.child-backups`)} }),
    ).then(() => console.log('{}'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));`;
  const r = spawnSync(childNode(), ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: join(__dirname, '..', '..', '..', '..'),
    encoding: 'utf8',
    ...(isRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`the child process failed: ${r.stderr}`);
  return JSON.parse(line) as { code?: string; message?: string };
}
