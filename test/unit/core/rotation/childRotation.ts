// The child process of unprivileged.ts: one real rotation (localFiles, a file journal,
// a FakeIam) over the files named in argv[2]; prints one line of JSON with the outcome,
// the IAM calls and the user's keys (ids and statuses only, never a secret).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import {
  fileJournal,
  localFiles,
  rotateAccessKey,
  RotationError,
  type RotationFiles,
} from '../../../../src/core/rotation';
import { FakeIam } from './fakes';

interface Args {
  readonly credentials: string;
  readonly config: string;
  readonly journalDir: string;
  readonly unwritableAfterCheck: boolean;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as Args;
  const iam = new FakeIam();
  const old = iam.addKey('alice');
  const real = localFiles(
    { credentials: args.credentials, config: args.config },
    { backupFolder: join(args.journalDir, '..', 'backups') },
  );
  const files: RotationFiles = args.unwritableAfterCheck
    ? {
        ...real,
        async check(oldAccessKeyId) {
          const planned = await real.check(oldAccessKeyId);
          await fs.chmod(args.credentials, 0o444);
          return planned;
        },
      }
    : real;
  let out: Record<string, unknown>;
  try {
    await rotateAccessKey(
      { userName: 'alice', userArn: iam.arnOf('alice'), oldAccessKeyId: old.accessKeyId, oldKeyAction: 'deactivate' },
      {
        iam,
        files,
        journal: fileJournal(args.journalDir, iam.account, 'alice'),
        deliver: async () => Promise.reject(new Error('unexpected delivery')),
        confirmDeleteInactive: async () => false,
        log: () => undefined,
        sleep: async () => undefined,
      },
    );
    out = { outcome: 'rotated' };
  } catch (error) {
    if (!(error instanceof RotationError)) throw error;
    out = { outcome: 'refused', step: error.step, message: error.message, undone: error.undone, left: error.left };
  }
  console.log(
    JSON.stringify({ ...out, calls: iam.calls, keys: iam.keysOf('alice').map((k) => [k.accessKeyId, k.status]) }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(1);
});
