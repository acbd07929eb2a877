// Shared by rotate.test.ts (fake IAM) and emulator.test.ts (the emulator's request log):
// shared files the credentials writer refuses, which rotation must refuse before its
// first IAM call, and a snapshot of a folder to prove nothing in it changed.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';
import type { AccessKeyPair } from '../../../../src/core/credentials';

export interface SharedPaths {
  readonly credentials: string;
  readonly config: string;
}

/** A layout of the shared files the writer refuses, the file it is about, and what the message must say. */
export interface RefusalCase {
  readonly title: string;
  /** Writes the files; `old` is the key being rotated. */
  readonly setUp: (paths: SharedPaths, old: AccessKeyPair) => Promise<void>;
  /** The file the message must name. */
  readonly file: keyof SharedPaths;
  readonly problem: RegExp;
  readonly fix: RegExp;
}

const holding = (old: AccessKeyPair, eol = '\n') =>
  [
    '# team file',
    '[default]',
    'region = us-east-1',
    '',
    '[dev]',
    `aws_access_key_id = ${old.accessKeyId}`,
    `aws_secret_access_key = ${old.secretAccessKey}`,
    '',
  ].join(eol);

export const REFUSAL_CASES: readonly RefusalCase[] = [
  {
    title: 'a UTF-16 credentials file (with a byte order mark, as PowerShell writes it)',
    setUp: async ({ credentials }, old) =>
      fs.writeFile(credentials, Buffer.from(`\ufeff${holding(old, '\r\n')}`, 'utf16le'), { mode: 0o600 }),
    file: 'credentials',
    problem: /is not UTF-8 text \(saved as UTF-16\?\)/,
    fix: /Save it as UTF-8 and try again/,
  },
  {
    title: 'NUL bytes in the config file (UTF-16 without a byte order mark), the key in the credentials file',
    setUp: async ({ credentials, config }, old) => {
      await fs.writeFile(credentials, holding(old), { mode: 0o600 });
      await fs.writeFile(config, Buffer.from('[profile dev]\nregion = eu-west-1\n', 'utf16le'), { mode: 0o600 });
    },
    file: 'config',
    problem: /is not UTF-8 text/,
    fix: /Save it as UTF-8 and try again/,
  },
  {
    title: 'a [__proto__] section in the credentials file that holds the key (the SDK ignores the whole file)',
    setUp: async ({ credentials }, old) =>
      fs.writeFile(credentials, `${holding(old)}\n[__proto__]\nregion = x\n`, { mode: 0o600 }),
    file: 'credentials',
    problem:
      /section at line 9 is named __proto__, which makes the AWS SDK ignore this whole file, so the key of profile dev in it is never used/,
    fix: /Rename that section, then try again/,
  },
  {
    title: 'a folder where the credentials file should be, the key in the config file',
    setUp: async ({ credentials, config }, old) => {
      await fs.mkdir(credentials);
      await fs.writeFile(join(credentials, 'note.txt'), 'not a credentials file\n');
      await fs.writeFile(
        config,
        `[profile dev]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n`,
        { mode: 0o600 },
      );
    },
    file: 'credentials',
    problem: /it is a folder/,
    fix: /point AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE at a file/,
  },
  {
    title: 'a profile holding the key in a form the editor refuses (its session token line ends a sub-section)',
    setUp: async ({ credentials }, old) =>
      fs.writeFile(
        credentials,
        [
          '[dev]',
          `aws_access_key_id = ${old.accessKeyId}`,
          `aws_secret_access_key = ${old.secretAccessKey}`,
          's3 =',
          '  addressing_style = path',
          'aws_session_token = stale',
          '  region = eu-west-1',
          '',
        ].join('\n'),
        { mode: 0o600 },
      ),
    file: 'credentials',
    problem:
      /Profile dev has an aws_session_token line \(line 6\) that ends a sub-section.*changing the profile's settings \(region, s3\.region\)/,
    fix: /Remove the indentation of those lines, then try again/,
  },
];

/** Every file and folder under `dir`: path, kind, mode and a hash of the bytes (never the bytes: they hold secrets). */
export async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of (await fs.readdir(folder, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(folder, entry.name);
      const stat = await fs.lstat(path);
      const mode = (stat.mode & 0o7777).toString(8);
      if (entry.isDirectory()) {
        out.push(`${relative(dir, path)}/ ${mode}`);
        await walk(path);
      } else {
        out.push(
          `${relative(dir, path)} ${mode} ${createHash('sha256')
            .update(await fs.readFile(path))
            .digest('hex')}`,
        );
      }
    }
  };
  await walk(dir);
  return out;
}
