// `npm run --silent evaluate -- FILE`: the evaluation engine over a cases file, one JSON
// line per case ({"name", "decision", "explain"} or {"name", "error"}). Exit code 0 when the
// file could be read (even if some cases have errors: their lines say so), 2 when the file
// itself is unusable (missing, unreadable, not JSON, no "cases" list).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CasesFileError, parseCasesFile, runCase } from '../core/eval/cases';

function main(argv: string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) {
    process.stderr.write(
      'usage: npm run --silent evaluate -- FILE\n  FILE: {"cases": [{"name", "identityPolicies", "request", ' +
        '...}]}; "-" reads standard input.\n',
    );
    return 2;
  }
  let text: string;
  try {
    // npm runs scripts in the package root; INIT_CWD is where the user ran npm.
    text = readFileSync(file === '-' ? 0 : resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8');
  } catch (err) {
    process.stderr.write(`evaluate: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let cases: unknown[];
  try {
    cases = parseCasesFile(text);
  } catch (err) {
    if (err instanceof CasesFileError) {
      process.stderr.write(`evaluate: ${file}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const lines: string[] = [];
  cases.forEach((c, i) => lines.push(JSON.stringify(runCase(c, i))));
  process.stdout.write(lines.length ? lines.join('\n') + '\n' : '');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
