// Identifiers shaped like IAM's: unique ids are a 4-letter prefix plus 17
// upper-case alphanumerics (21 characters), access key ids AKIA/ASIA plus 16,
// secrets 40 characters of base64-ish text.
import { randomBytes, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

export type UniqueIdPrefix = 'AIDA' | 'AGPA' | 'AROA' | 'ANPA' | 'AIPA' | 'ASCA' | 'APKA' | 'ACCA';

export const uniqueId = (prefix: UniqueIdPrefix): string => prefix + randomFrom(UPPER_ALNUM, 17);
export const accessKeyId = (temporary = false): string => (temporary ? 'ASIA' : 'AKIA') + randomFrom(UPPER_ALNUM, 16);
export const secretAccessKey = (): string => randomFrom(SECRET_CHARS, 40);
export const sessionToken = (): string => randomBytes(192).toString('base64');
export const requestId = (): string => randomUUID();

export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
