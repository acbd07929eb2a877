// `npm test`: type check, lint, tier 1 (plain Node) and tier 2 (inside a real VS Code).
// Each tier prints "<tier>: N passed, N failed"; the last line is the total alone.
//   node scripts/test.mjs [--only unit|vscode]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const countsDir = mkdtempSync(join(tmpdir(), 'iam-explorer-counts-'));
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function step(title, cmd, args, env = {}) {
  console.log(`\n> ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

/** Runs one tier and returns its counts; a tier that ran no test or could not start counts as failed. */
function tier(name, cmd, args) {
  const file = join(countsDir, `${name}.json`);
  const status = step(`${name} tests`, cmd, args, { IAM_EXPLORER_TEST_COUNTS: file });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(file)) counts = JSON.parse(readFileSync(file, 'utf8'));
  if (status !== 0 && counts.failed === 0) {
    console.error(`${name}: the tier did not complete (exit code ${status}); counted as 1 failure`);
    counts.failed = 1;
  }
  if (counts.passed + counts.failed === 0) {
    console.error(`${name}: no test ran; counted as 1 failure`);
    counts.failed = 1;
  }
  const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed${skipped}`);
  return counts;
}

let ok = true;
if (!only) {
  ok = step('type check', npx, ['tsc', '--noEmit', '-p', '.']) === 0 && ok;
  ok = step('lint', npx, ['eslint', '.']) === 0 && ok;
  if (!ok) console.error('type check or lint failed');
}
const results = [];
if (!only || only === 'unit') results.push(tier('unit', npx, ['mocha', '--config', '.mocharc.unit.json']));
if (!only || only === 'vscode') {
  if (step('build', 'node', ['scripts/build.mjs', '--tests']) !== 0) {
    console.error('build failed');
    results.push({ passed: 0, failed: 1, skipped: 0 });
  } else {
    results.push(tier('vscode', 'node', ['scripts/vscode-host/run-tests.mjs']));
  }
}
rmSync(countsDir, { recursive: true, force: true });
const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + (r.skipped ?? 0) }), { passed: 0, failed: 0, skipped: 0 });
if (!ok) total.failed += 1;
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
