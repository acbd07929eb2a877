import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import type { Figure } from './stats';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** Builds the .vsix (minified) and measures what ships. */
export function sizeFigures(): Figure[] {
  execFileSync('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const files: [string, string, number][] = [
    ['dist/extension.js', 'extension bundle', 2 * 1024 * 1024],
    ['dist/webview/policy-editor.js', 'webview bundle', 600 * 1024],
    ['dist/iam-explorer.vsix', '.vsix', 3 * 1024 * 1024],
  ];
  return files.map(([file, what, budget]) => {
    if (!existsSync(file)) return { what, value: `${file} missing`, budget: `≤ ${kb(budget)}`, ok: false };
    const size = statSync(file).size;
    return { what: `${what} (${file})`, value: kb(size), budget: `≤ ${kb(budget)}`, ok: size <= budget };
  });
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
