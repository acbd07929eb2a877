import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { isErrno } from '../credentials/errors';
import { homeDirectory } from '../credentials/paths';
import { SsoError } from './errors';
import type { SsoSource } from './source';

/** A cached IAM Identity Center access token. The token is a secret: never log or show it. */
export interface SsoToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
}

/**
 * Where `aws sso login` caches the token of this sign-in, as the SDK looks for it:
 * ~/.aws/sso/cache/<sha1 of the session name, or of the start URL for a legacy profile>.json,
 * the home directory resolved as the SDK does (HOME, USERPROFILE, HOMEDRIVE+HOMEPATH).
 */
export function ssoTokenPath(source: Pick<SsoSource, 'cacheId'>, env: NodeJS.ProcessEnv = process.env): string {
  return join(
    homeDirectory(env),
    '.aws',
    'sso',
    'cache',
    `${createHash('sha1').update(source.cacheId).digest('hex')}.json`,
  );
}

/**
 * Reads the cached token: no file, or one without accessToken and expiresAt, is "not signed
 * in"; a token whose expiresAt has passed is "expired". Both are SsoErrors carrying the
 * `aws sso login` arguments. The SDK's own provider refreshes a token that is about to
 * expire; this reader only decides whether there is one to use.
 */
export async function readSsoToken(
  source: SsoSource,
  options: { env?: NodeJS.ProcessEnv; now?: Date } = {},
): Promise<SsoToken> {
  const path = ssoTokenPath(source, options.env);
  const login = `Run "aws sso login ${source.loginArgs.join(' ')}"`;
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT'))
      throw new SsoError(
        'not-signed-in',
        `You are not signed in to IAM Identity Center for ${source.label} (no cached token). ${login}.`,
        source.loginArgs,
      );
    throw new SsoError(
      'not-signed-in',
      `The cached IAM Identity Center token for ${source.label} cannot be read (${(error as Error).message}). ` +
        `${login}.`,
      source.loginArgs,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const expiresAt = typeof record.expiresAt === 'string' ? new Date(record.expiresAt) : undefined;
  if (
    typeof record.accessToken !== 'string' ||
    record.accessToken === '' ||
    !expiresAt ||
    Number.isNaN(expiresAt.getTime())
  ) {
    throw new SsoError(
      'not-signed-in',
      `The cached IAM Identity Center token for ${source.label} is not a token the AWS CLI wrote (no ` +
        `accessToken or expiresAt). ${login}.`,
      source.loginArgs,
    );
  }
  if (expiresAt.getTime() <= (options.now ?? new Date()).getTime()) {
    throw new SsoError(
      'expired',
      `Your IAM Identity Center session for ${source.label} expired at ${expiresAt.toISOString()}. ${login}.`,
      source.loginArgs,
    );
  }
  return { accessToken: record.accessToken, expiresAt };
}
