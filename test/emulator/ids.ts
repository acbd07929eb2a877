// Identifiers shaped like IAM's: unique ids are a 4-letter prefix plus 17
// upper-case alphanumerics (21 characters), access key ids AKIA/ASIA plus 16,
// secrets 40 characters of base64-ish text.
import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// One large random buffer consumed in slices: generating 20,000 ids one
// randomBytes call at a time is needlessly slow.
const pool = Buffer.alloc(64 * 1024);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++];
}

/** Alphabets are 32 or 64 characters long, so `byte % length` is unbiased. */
function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomByte() % alphabet.length];
  return out;
}

export type UniqueIdPrefix = 'AIDA' | 'AGPA' | 'AROA' | 'ANPA' | 'AIPA' | 'ASCA' | 'APKA' | 'ACCA';

export const uniqueId = (prefix: UniqueIdPrefix): string => prefix + randomFrom(UPPER_ALNUM, 17);
export const accessKeyId = (temporary = false): string => (temporary ? 'ASIA' : 'AKIA') + randomFrom(UPPER_ALNUM, 16);
export const secretAccessKey = (): string => randomFrom(SECRET_CHARS, 40);
/** A virtual MFA device's base32 seed (64 characters, as IAM's). */
export const mfaSeed = (): string => randomFrom(UPPER_ALNUM, 64);
export const sessionToken = (): string => randomBytes(192).toString('base64');
export const requestId = (): string => randomUUID();

export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
