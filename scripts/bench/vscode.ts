import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type Figure } from './stats';

/**
 * Budgets at about 1.5× the figures measured when they were set, so a real regression shows. Activation:
 * 52–66 ms (2026-11-28, production bundle of 872 KB, timed once the extension host has settled; before
 * the settle, the start-up contention gave 97–285 ms). First root: 41–60 ms. A cold first start can
 * exceed the activation budget: run again.
 */
const ACTIVATION_BUDGET_MS = 90;
const FIRST_ROOT_BUDGET_MS = 90;

/** Runs test/vscode-bench in the real VS Code (as tier 2 does) and reads its figures. */
export function vscodeFigures(): Figure[] {
  const scratch = mkdtempSync(join(tmpdir(), 'iam-explorer-bench-'));
  const out = join(scratch, 'figures.json');
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
  // One activation per session, so one sample is at the mercy of the file cache and the machine's load:
  // the median of SAMPLES sessions. A session where a start-up event (onLanguage:json for a JSON model the
  // workbench opens itself) activated the extension first cannot time activation from outside: it is not
  // counted, and another starts, up to MAX_SESSIONS in all.
  // The workbench opens JSON models of its own at start-up (seen in 7 of 8 sessions), which raises
  // onLanguage:json: the extension is then active before the test can time it. So the sessions run a copy
  // of the extension whose manifest leaves out the language and workspace events (the bundle, and so what
  // activation costs, is the same; only what triggers it differs), and the test activates it itself.
  const extension = join(scratch, 'extension');
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { activationEvents?: string[] };
  manifest.activationEvents = (manifest.activationEvents ?? []).filter(
    (e) => !e.startsWith('onLanguage:') && !e.startsWith('workspaceContains:'),
  );
  mkdirSync(extension);
  writeFileSync(join(extension, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const name of ['dist', 'media']) symlinkSync(join(process.cwd(), name), join(extension, name));
  const SAMPLES = 3;
  const MAX_SESSIONS = 8;
  const measured: Measured[] = [];
  let preActivated = 0;
  let r: Measured | undefined;
  for (let i = 0; i < MAX_SESSIONS && measured.length < SAMPLES; i++) {
    execFileSync('node', ['scripts/vscode-host/run-tests.mjs'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        IAM_EXPLORER_TESTS_OUT: join('out', 'vscode-bench'),
        IAM_EXPLORER_BENCH_OUT: out,
        IAM_EXPLORER_EXTENSION_PATH: extension,
      },
    });
    r = JSON.parse(readFileSync(out, 'utf8')) as Measured;
    if (r.preActivated) preActivated++;
    else measured.push(r);
  }
  if (!r) throw new Error('the activation benchmark wrote nothing');
  const times = measured.map((m) => m.activationMs).sort((a, b) => a - b);
  const activationMs = median(times);
  const activation: Figure = !measured.length
    ? {
        what: 'extension activation as VS Code runs it',
        value: `not measured: a start-up event activated it first in ${MAX_SESSIONS} of ${MAX_SESSIONS} sessions`,
        budget: `≤ ${ACTIVATION_BUDGET_MS} ms`,
        ok: false,
      }
    : {
        what:
          `extension activation as VS Code runs it (load the bundle, run activate(); timed from outside, ` +
          `with the start-up language events left out of the manifest; ` +
          `median of ${times.length} session(s): ${times.map((t) => t.toFixed(0)).join(', ')} ms` +
          `${preActivated ? `; ${preActivated} session(s) activated at start-up first, not counted` : ''})`,
        value: `${activationMs.toFixed(0)} ms`,
        budget: `≤ ${ACTIVATION_BUDGET_MS} ms`,
        ok: activationMs <= ACTIVATION_BUDGET_MS,
      };
  r = measured.find((m) => m.activationMs === times[Math.floor(times.length / 2)]) ?? r;
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
