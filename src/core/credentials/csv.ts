import type { AccessKeyPair } from './editor';
import { CredentialsFileError, fileError } from './errors';
import { writePrivateFile } from './safeWrite';

/** The header of the accessKeys.csv the AWS console offers for download. */
export const ACCESS_KEY_CSV_HEADER = 'Access key ID,Secret access key';

/** The CSV text for a key, in the console's columns; LF line endings, no BOM. */
export function formatAccessKeyCsv(key: AccessKeyPair): string {
  for (const value of [key.accessKeyId, key.secretAccessKey]) {
    // Access keys never need CSV quoting; refuse rather than write something ambiguous.
    if (value === '' || /[",\r\n]/.test(value)) {
      throw new CredentialsFileError(
        'invalid-input',
        'The access key id or secret is empty or contains a comma, quote or line break, so it cannot be written ' +
          'as CSV.',
      );
    }
  }
  return `${ACCESS_KEY_CSV_HEADER}\n${key.accessKeyId},${key.secretAccessKey}\n`;
}

/**
 * Writes the key to `path` as the console's accessKeys.csv, mode 0600 from the first byte
 * (a temp file beside it, renamed into place; an existing file is replaced — the caller's
 * save dialog has already asked).
 */
export async function writeAccessKeyCsv(path: string, key: AccessKeyPair): Promise<void> {
  const text = formatAccessKeyCsv(key);
  try {
    await writePrivateFile(path, text);
  } catch (error) {
    throw fileError('write', path, error);
  }
}
