// Entry point that VS Code's extension host loads for tier-2 tests (`extensionTestsPath`).
// Runs every bundled *.test.js beside it with mocha and the shared count reporter; a
// failure rejects, which makes the host exit non-zero.
//
// test/vscode/reload/ holds the tests that need a window reload (reload.ts): they run last,
// a passing session then reloads its window, and the extension host that the reload starts
// runs those files again (their phase 'after') and nothing else. A page check they ask for
// runs after that, in the launcher (scripts/vscode-host/pageCheck.mjs).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import CountReporter from '../support/count-reporter.cjs';
import { finishReload, markReloading, reloadPhase, reloadRequested, type Counts } from './reload';

/** How long the window has to reload before the run fails instead of waiting for the session's timeout. */
const RELOAD_TIMEOUT_MS = 120_000;

function readCounts(): Counts | undefined {
  const file = process.env.IAM_EXPLORER_TEST_COUNTS;
  return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Counts) : undefined;
}

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
  const after = reloadPhase() === 'after';
  const inReload = (f: string) => f.startsWith(`reload${sep}`);
  const files = readdirSorted().filter((f) => f.startsWith(`untrusted${sep}`) === untrusted);
  const chosen = after ? files.filter(inReload) : [...files.filter((f) => !inReload(f)), ...files.filter(inReload)];
  for (const f of chosen) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) return reject(new Error(`${failures} tier-2 test(s) failed`));
      if (after) {
        // The counts file now holds this run's; the run before the reload counted too.
        const before = finishReload();
        const now = readCounts();
        const file = process.env.IAM_EXPLORER_TEST_COUNTS;
        if (file && before && now) {
          const sum: Counts = {
            passed: before.passed + now.passed,
            failed: before.failed + now.failed,
            skipped: before.skipped + now.skipped,
          };
          writeFileSync(file, JSON.stringify(sum));
        }
        return resolve();
      }
      if (!reloadRequested()) return resolve();
      markReloading(readCounts());
      console.log('[tier-2] reloading the window (Developer: Reload Window); test/vscode/reload/ runs again after it');
      // This extension host ends with the reload; the one the reloaded window starts settles the run.
      void vscode.commands.executeCommand('workbench.action.reloadWindow');
      setTimeout(
        () => reject(new Error(`the window did not reload within ${RELOAD_TIMEOUT_MS / 1000} s`)),
        RELOAD_TIMEOUT_MS,
      );
    });
  });
}

function readdirSorted(): string[] {
  return readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
}
