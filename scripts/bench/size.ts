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
