// Entry point that VS Code's extension host loads for tier-2 tests (`extensionTestsPath`).
// Runs every bundled *.test.js beside it with mocha and the shared count reporter; a
// failure rejects, which makes the host exit non-zero.
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import Mocha from 'mocha';
import CountReporter from '../support/count-reporter.cjs';

export function run(): Promise<void> {
  const grep = process.env.IAM_EXPLORER_TEST_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: CountReporter,
    ...(grep ? { grep } : {}),
  });
  // The untrusted session (scripts/vscode-host/run-tests.mjs) runs test/vscode/untrusted only;
  // every other session runs the rest.
  const untrusted = process.env.IAM_EXPLORER_TEST_SESSION === 'untrusted';
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js') && f.startsWith(`untrusted${sep}`) === untrusted)
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} tier-2 test(s) failed`)) : resolve()));
  });
}
