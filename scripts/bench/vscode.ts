import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type Figure } from './stats';

/** Runs test/vscode-bench in the real VS Code (as tier 2 does) and reads its figures. */
export function vscodeFigures(): Figure[] {
  const out = join(mkdtempSync(join(tmpdir(), 'iam-explorer-bench-')), 'figures.json');
  execFileSync('node', ['scripts/build.mjs', '--bench'], { stdio: 'inherit' });
  execFileSync('node', ['scripts/vscode-host/run-tests.mjs'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, IAM_EXPLORER_TESTS_OUT: join('out', 'vscode-bench'), IAM_EXPLORER_BENCH_OUT: out },
  });
  const r = JSON.parse(readFileSync(out, 'utf8')) as { activationMs: number; firstRootMs: number[]; latencyMs: number };
  const first = median(r.firstRootMs);
  return [
    { what: 'activate() in VS Code', value: `${r.activationMs.toFixed(1)} ms`, budget: '≤ 50 ms', ok: r.activationMs <= 50 },
    {
      what: `first profile root with its account (fresh clients; ${r.latencyMs} ms per request)`,
      value: `${first.toFixed(0)} ms (median of ${r.firstRootMs.length})`,
      budget: `≤ ${r.latencyMs} + 100 ms`,
      ok: first <= r.latencyMs + 100,
    },
  ];
}
