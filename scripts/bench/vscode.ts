import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type Figure } from './stats';

/**
 * Budgets at about 1.5× the figures measured when they were set (2026-11-28, 2 shared cores at
 * load 10–12: activation 76 ms warm, 604 ms with a cold file cache; first root 41–60 ms), so a
 * real regression shows. A cold first start can exceed the activation budget: run again.
 */
const ACTIVATION_BUDGET_MS = 120;
const FIRST_ROOT_BUDGET_MS = 90;

/** Runs test/vscode-bench in the real VS Code (as tier 2 does) and reads its figures. */
export function vscodeFigures(): Figure[] {
  const out = join(mkdtempSync(join(tmpdir(), 'iam-explorer-bench-')), 'figures.json');
  // The production build: activation loads the minified bundles that ship (the development
  // build's extension bundle is twice the size, unminified).
  execFileSync('node', ['scripts/build.mjs', '--production', '--bench'], { stdio: 'inherit' });
  type Measured = {
    preActivated: boolean;
    activationMs: number;
    activateBodyMs: number;
    firstRootMs: number[];
    latencyMs: number;
  };
  // A session where a start-up event (onLanguage:json for a JSON model the workbench opens itself)
  // activated the extension first cannot time activation from outside: start another, up to 5.
  const SESSIONS = 5;
  let r: Measured | undefined;
  let preActivated = 0;
  for (let i = 0; i < SESSIONS && (!r || r.preActivated); i++) {
    execFileSync('node', ['scripts/vscode-host/run-tests.mjs'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, IAM_EXPLORER_TESTS_OUT: join('out', 'vscode-bench'), IAM_EXPLORER_BENCH_OUT: out },
    });
    r = JSON.parse(readFileSync(out, 'utf8')) as Measured;
    if (r.preActivated) preActivated++;
  }
  if (!r) throw new Error('the activation benchmark wrote nothing');
  const activation: Figure = r.preActivated
    ? {
        what: 'extension activation as VS Code runs it',
        value: `not measured: a start-up event activated it first in ${SESSIONS} of ${SESSIONS} sessions`,
        budget: `≤ ${ACTIVATION_BUDGET_MS} ms`,
        ok: false,
      }
    : {
        what:
          `extension activation as VS Code runs it (load the bundle, run activate(); timed from outside` +
          `${preActivated ? `; ${preActivated} session(s) activated at start-up first, not counted` : ''})`,
        value: `${r.activationMs.toFixed(0)} ms`,
        budget: `≤ ${ACTIVATION_BUDGET_MS} ms`,
        ok: r.activationMs <= ACTIVATION_BUDGET_MS,
      };
  const first = median(r.firstRootMs);
  return [
    activation,
    {
      what: 'of which the body of activate() (timed inside)',
      value: `${r.activateBodyMs.toFixed(1)} ms`,
      budget: '(part of the above)',
      ok: true,
    },
    {
      what: `first profile root with its account (fresh clients; ${r.latencyMs} ms per request)`,
      value: `${first.toFixed(0)} ms (median of ${r.firstRootMs.length})`,
      budget: `≤ ${FIRST_ROOT_BUDGET_MS} ms`,
      ok: first <= FIRST_ROOT_BUDGET_MS,
    },
  ];
}
