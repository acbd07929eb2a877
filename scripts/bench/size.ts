import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './stats';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** Measured before the compact IAM data (2026-11-28): the library's 15 MB data tree was in the .vsix. */
const VSIX_BEFORE_KB = 1859;

/** Files directly in `dir` ending with `suffix`, sorted. */
const filesIn = (dir: string, suffix: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(suffix))
        .sort()
        .map((f) => join(dir, f))
    : [];

/** Builds the .vsix (minified) and measures what ships: every bundle, the IAM data, the .vsix. */
export function sizeFigures(): Figure[] {
  execFileSync('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const budgets: Record<string, [string, number]> = {
    'dist/extension.js': ['extension bundle, loaded at activation', 2 * 1024 * 1024],
    'dist/webview/policy-editor.js': ['policy editor page', 600 * 1024],
    'dist/webview/report.js': ['report page', 100 * 1024],
    'dist/iam-data.jsonl': ['IAM action data, compact (read on first use)', 5 * 1024 * 1024],
  };
  const files = [...filesIn('dist', '.js'), ...filesIn(join('dist', 'webview'), '.js'), 'dist/iam-data.jsonl'];
  const figures = files.map((file): Figure => {
    const [what, budget] = budgets[file] ?? ['bundle loaded on first use', 1024 * 1024];
    const size = existsSync(file) ? statSync(file).size : undefined;
    return {
      what: `${what} (${file})`,
      value: size === undefined ? 'missing' : kb(size),
      budget: `≤ ${kb(budget)}`,
      ok: size !== undefined && size <= budget,
    };
  });
  const vsix = 'dist/iam-explorer.vsix';
  const budget = 1280 * 1024;
  const size = existsSync(vsix) ? statSync(vsix).size : undefined;
  figures.push({
    what: `.vsix (${vsix}; ${VSIX_BEFORE_KB} KB with the library's whole data tree, before the compact data)`,
    value: size === undefined ? 'missing' : kb(size),
    budget: `≤ ${kb(budget)}`,
    ok: size !== undefined && size <= budget,
  });
  return figures;
}

/**
 * What the parsers of issue 17 cost in a minified bundle: `yaml` (eemeli/yaml) alone, and the
 * hand-written HCL reader alone, each bundled on its own with esbuild as the extension is.
 */
export async function parserSizeFigures(): Promise<Figure[]> {
  const esbuild = await import('esbuild');
  const measure = async (contents: string): Promise<number> => {
    const out = await esbuild.build({
      stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
    });
    return out.outputFiles[0]?.contents.length ?? 0;
  };
  const yaml = await measure("export { parseDocument } from 'yaml';");
  const hcl = await measure("export { parseHcl } from './src/core/iac/hcl';");
  const iac = await measure("export { lintText } from './src/core/iac/files';");
  return [
    { what: 'yaml parser in the bundle (minified)', value: kb(yaml), budget: '≤ 150 KB', ok: yaml <= 150 * 1024 },
    { what: 'HCL reader in the bundle (minified)', value: kb(hcl), budget: '≤ 20 KB', ok: hcl <= 20 * 1024 },
    {
      what: 'src/core/iac with its parsers and the policy core (minified, without the catalog data)',
      value: kb(iac),
      budget: '≤ 250 KB',
      ok: iac <= 250 * 1024,
    },
  ];
}
