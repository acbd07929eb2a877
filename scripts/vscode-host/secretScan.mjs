// After a tier-2 session: does any secret the tests saw appear in what the run printed or
// left on disk? The tests never write a secret down: they append SHA-256 hashes (with the
// secret's length) to SECRET_HASHES_FILE in the session's scratch folder. This scans text
// for every run of the secret alphabet, hashes each window of a recorded length and looks
// it up — so a leak is found without the scanner ever holding a secret, and a report names
// the place (file and line, or output stream), never the secret or its hash.
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Under IAM_EXPLORER_TEST_SCRATCH: one `<sha256 hex> <length>` line per secret the tests saw. */
export const SECRET_HASHES_FILE = 'secret-hashes.txt';

/**
 * Where secrets belong on purpose, relative to the session's scratch folder: the AWS files and their backups, CSV
 * deliveries.
 */
export const SECRET_HOMES = ['aws', 'delivered'];

export function sha256(text) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The line a test appends for one secret. */
export function hashLine(secret) {
  return `${sha256(secret)} ${secret.length}\n`;
}

/** The recorded secrets: hash → its 1-based number in the file, and the lengths to look for. */
export function parseHashes(text) {
  const hashes = new Map();
  const lengths = new Set();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64})(?: (\d+))?$/.exec(line.trim());
    if (!m) continue;
    if (!hashes.has(m[1])) hashes.set(m[1], hashes.size + 1);
    lengths.add(Number(m[2] ?? 40));
  }
  return { hashes, lengths: [...lengths].filter((n) => n >= 16).sort((a, b) => a - b) };
}

export function loadHashes(file) {
  return parseHashes(existsSync(file) ? readFileSync(file, 'utf8') : '');
}

// AWS secret access keys are 40 characters of base64's alphabet.
const RUN = /[A-Za-z0-9+/]+/g;

/** The text as written, and as it would read once URL- or JSON-unescaped (a secret in a query string or JSON). */
function variants(text) {
  const out = [text];
  if (/%2[fFbB]/.test(text)) out.push(text.replace(/%2[fF]/g, '/').replace(/%2[bB]/g, '+'));
  if (text.includes('\\/') || text.includes('\\u002'))
    out.push(
      text
        .replace(/\\\//g, '/')
        .replace(/\\u002[fF]/g, '/')
        .replace(/\\u002[bB]/g, '+'),
    );
  return out;
}

/**
 * Recorded secrets that occur in `text`: `[{ number, line }]`, `number` being the secret's
 * place in the hashes file (1-based) and `line` the 1-based line of `text` it is on.
 */
export function findSecrets(text, { hashes, lengths }) {
  const found = [];
  if (hashes.size === 0 || lengths.length === 0) return found;
  const min = lengths[0];
  const seen = new Set();
  for (const variant of variants(text)) {
    RUN.lastIndex = 0;
    for (let m = RUN.exec(variant); m; m = RUN.exec(variant)) {
      const run = m[0];
      if (run.length < min) continue;
      for (const length of lengths) {
        for (let i = 0; i + length <= run.length; i++) {
          const number = hashes.get(sha256(run.slice(i, i + length)));
          if (number === undefined) continue;
          const offset = m.index + i;
          const key = `${number}@${offset}`;
          if (seen.has(key)) continue;
          seen.add(key);
          found.push({ number, line: lineAt(variant, offset) });
        }
      }
    }
  }
  return found;
}

function lineAt(text, offset) {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

async function filesUnder(dir) {
  const out = [];
  const walk = async (d) => {
    for (const entry of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.isFile()) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * Scans one session: `outputs` (`{ place, text }`: what the run printed) and every file under
 * `scratch` except the secrets' homes and the hashes file. Files are read byte for byte
 * (latin1), and also as UTF-16 when they hold NUL bytes (databases, browser storage).
 * Returns the counts and the places where a recorded secret was found.
 */
export async function scanSession({ scratch, outputs = [], homes = SECRET_HOMES }) {
  const recorded = loadHashes(join(scratch, SECRET_HASHES_FILE));
  const found = [];
  let bytes = 0;
  for (const { place, text } of outputs) {
    bytes += Buffer.byteLength(text);
    for (const hit of findSecrets(text, recorded)) found.push({ place, ...hit });
  }
  const excluded = [...homes.map((h) => join(scratch, h) + sep), join(scratch, SECRET_HASHES_FILE)];
  const files = (await filesUnder(scratch)).filter((f) => !excluded.some((x) => f === x || f.startsWith(x)));
  for (const file of files) {
    const data = await fs.readFile(file).catch(() => undefined);
    if (!data) continue;
    bytes += data.length;
    const place = relative(scratch, file);
    const texts = [data.toString('latin1')];
    if (data.includes(0)) texts.push(data.toString('utf16le'), data.subarray(1).toString('utf16le'));
    for (const text of texts) for (const hit of findSecrets(text, recorded)) found.push({ place, ...hit });
  }
  return { secrets: recorded.hashes.size, outputs: outputs.length, files: files.length, bytes, found };
}

/** One line per finding and a summary line, naming places only. */
export function describeScan(session, result) {
  const lines = result.found.map(
    (f) =>
      `[secret-scan] session ${session}: secret #${f.number} of ${result.secrets} found in ${f.place}, line ${f.line}`,
  );
  lines.push(
    `[secret-scan] session ${session}: ${result.secrets} secrets recorded by the tests; scanned ` +
      `${result.outputs} output streams and ${result.files} files ` +
      `(${(result.bytes / 1e6).toFixed(1)} MB): ${result.found.length} found`,
  );
  return lines;
}
