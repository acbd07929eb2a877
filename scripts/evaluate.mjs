// `npm run --silent evaluate -- FILE`: runs src/cli/evaluate.ts. The CLI is bundled with
// esbuild (already a dev dependency) into node_modules/.cache/iam-explorer/ the first time and
// whenever one of its source files changes, so a run starts plain Node on one small file
// instead of compiling TypeScript on each start (about 0.1 s of CPU instead of 0.3+). When
// node_modules is not writable, the bundle goes to the system's temporary folder instead.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle is fresh when it exists and none of the files it was built from is newer. */
function fresh(bundle, inputsFile) {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return false;
  const built = statSync(bundle).mtimeMs;
  try {
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
    return inputs.every((file) => statSync(join(root, file)).mtimeMs <= built);
  } catch {
    return false; // an input was removed or the list is unreadable: rebuild
  }
}

async function build(cache) {
  const bundle = join(cache, 'evaluate.cjs');
  const inputsFile = join(cache, 'evaluate.inputs.json');
  if (fresh(bundle, inputsFile)) return bundle;
  const esbuild = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/cli/evaluate.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'], // jsonc-parser's UMD build requires files esbuild cannot see
    outfile: tmp,
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  writeFileSync(inputsFile, JSON.stringify(inputs));
  renameSync(tmp, bundle); // atomic: a concurrent run sees the old bundle or the new one
  return bundle;
}

let bundle;
try {
  bundle = await build(join(root, 'node_modules', '.cache', 'iam-explorer'));
} catch (err) {
  if (!['EACCES', 'EPERM', 'EROFS'].includes(err?.code)) throw err;
  const id = createHash('sha256').update(root).digest('hex').slice(0, 12);
  bundle = await build(join(tmpdir(), `iam-explorer-evaluate-${id}`));
}
createRequire(import.meta.url)(bundle);
