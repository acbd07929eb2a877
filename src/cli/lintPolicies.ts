/**
 * `npm run --silent lint-policies -- PATH...`: checks the IAM policies in files
 * and folders (policy JSON, CloudFormation/SAM, Terraform, CDK) with the same
 * code as the editor, and prints `path:line:column severity code message` per
 * problem and a summary line. Exit 1 when an error is found, 0 otherwise, 2 on
 * bad usage. A thin wrapper over `src/core/iac`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatFromName, LineIndex, lintText } from '../core/iac/files';
import { createIamDataCatalog } from '../core/policy/iamDataCatalog';

const USAGE =
  'Usage: npm run --silent lint-policies -- PATH... (files or folders; folders are searched for ' +
  '.json, .yaml, .yml, .template, .tf, .ts, .js and .py files, skipping node_modules, .git, .terraform ' +
  'and Python environments: .venv, venv, site-packages, __pycache__, .tox)';
/** Dependencies and tool state, not the user's code: a CDK Python project's .venv alone holds thousands of files. */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '.terraform',
  '.venv',
  'venv',
  'site-packages',
  '__pycache__',
  '.tox',
]);

/**
 * One report per line, whatever the policy holds: line breaks and other control characters in a
 * message (an action "s3:Get\nObject" from a JSON string) are written as escapes, as JSON would.
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

export interface LintRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function collect(path: string, out: string[]): Promise<void> {
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(path, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(e.name)) await collect(full, out);
    } else if (e.isFile() && formatFromName(e.name) !== undefined) out.push(full);
  }
}

export async function runLintPolicies(args: string[]): Promise<LintRun> {
  const usage = (message: string): LintRun => ({
    exitCode: 2,
    stdout: '',
    stderr: `lint-policies: ${message}\n${USAGE}\n`,
  });
  if (args.includes('--help') || args.includes('-h')) return { exitCode: 0, stdout: USAGE + '\n', stderr: '' };
  const option = args.find((a) => a.startsWith('-') && a !== '-');
  if (option) return usage(`unknown option "${option}".`);
  if (args.length === 0) return usage('no path given: name at least one file or folder to check.');

  const files: string[] = [];
  /** Files named on the command line whose extension says nothing: read by their content. */
  const sniffed = new Set<string>();
  for (const arg of args) {
    let info;
    try {
      info = await stat(arg);
    } catch {
      return usage(`"${arg}" does not exist: check the path (relative paths start from ${process.cwd()}).`);
    }
    if (info.isDirectory()) await collect(arg, files);
    else {
      files.push(arg);
      if (formatFromName(arg) === undefined) sniffed.add(arg);
    }
  }

  const catalog = createIamDataCatalog();
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let withPolicies = 0;
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    // A template named template.cfn or policy.txt: JSON when it starts with a brace, else YAML.
    const name = sniffed.has(file) ? `${file}${text.trimStart().startsWith('{') ? '.json' : '.yaml'}` : file;
    let result: Awaited<ReturnType<typeof lintText>>;
    try {
      result = await lintText(name, text, catalog);
    } catch (e) {
      // One file the readers cannot take (values nested thousands deep overflow the stack) is
      // named, and the run goes on with the others.
      const why = e instanceof RangeError ? 'its values are nested too deeply' : 'the checker failed on it';
      lines.push(
        `${file}:1:1 info unreadable-source This file could not be checked (${why}): ` +
          oneLine(e instanceof Error ? e.message : String(e)),
      );
      infos++;
      continue;
    }
    if (result.policies > 0) withPolicies++;
    const index = new LineIndex(text);
    if (result.unreadable) {
      const at = index.position(result.unreadable.offset);
      lines.push(
        `${file}:${at.line}:${at.column} info unreadable-source This Terraform file could not be read, ` +
          `so its policies were not checked: ${oneLine(result.unreadable.message)}`,
      );
      infos++;
    }
    for (const f of result.findings) {
      const at = index.position(f.from);
      lines.push(`${file}:${at.line}:${at.column} ${f.severity} ${f.code} ${oneLine(f.message)}`);
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
    }
  }
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'note')} in ` +
      `${plural(files.length, 'file')} checked (${withPolicies} with policies).`,
  );
  return { exitCode: errors > 0 ? 1 : 0, stdout: lines.join('\n') + '\n', stderr: '' };
}

if (require.main === module) {
  runLintPolicies(process.argv.slice(2)).then(
    (run) => {
      process.stdout.write(run.stdout);
      process.stderr.write(run.stderr);
      process.exitCode = run.exitCode;
    },
    (err: unknown) => {
      process.stderr.write(`lint-policies: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
