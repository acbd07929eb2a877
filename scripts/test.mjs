// `npm test`: type check, lint, tier 1 (plain Node) and tier 2 (inside a real VS Code).
// Each tier prints "<tier>: N passed, N failed"; the last line is the total alone.
//   node scripts/test.mjs [--only unit|vscode]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostPaths } from './vscode-host/ensure.mjs';

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

/**
 * Tier 1 runs on Node 22 or later, as the extension host of VS Code 1.101+ does (and as the AWS SDK
 * requires from January 2027): this Node when it is new enough, else the Node 24 that tier 2's host
 * cache holds (scripts/vscode-host/ensure.mjs installs it), else this Node with a warning.
 */
function unitNode() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const cached = hostPaths().node;
  if (existsSync(cached)) return cached;
  console.warn(
    `unit: Node ${process.version} is older than 22 and no Node 24 is cached; run node scripts/vscode-host/ensure.mjs`,
  );
  return process.execPath;
}

let ok = true;
if (!only) {
  // Everything together (tsconfig.json), then the extension host without DOM types and the
  // webview page without Node's, so neither side can use the other's globals.
  ok = step('type check', npx, ['tsc', '--noEmit', '-p', '.']) === 0 && ok;
  ok = step('type check (extension host)', npx, ['tsc', '--noEmit', '-p', 'tsconfig.extension.json']) === 0 && ok;
  ok = step('type check (webview)', npx, ['tsc', '--noEmit', '-p', 'tsconfig.webview.json']) === 0 && ok;
  ok = step('lint', npx, ['eslint', '.']) === 0 && ok;
  ok = step('format (npm run format fixes it)', npx, ['prettier', '--check', '.']) === 0 && ok;
  ok = step('third-party notices', 'node', ['scripts/build.mjs', '--check-notices']) === 0 && ok;
  if (!ok) console.error('type check, lint, format or the third-party notices check failed');
}
const results = [];
if (!only || only === 'unit') {
  const node = unitNode();
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`\nunit tests run on Node ${version}`);
  results.push(tier('unit', node, ['node_modules/mocha/bin/mocha.js', '--config', '.mocharc.unit.json']));
}
if (!only || only === 'vscode') {
  if (step('build', 'node', ['scripts/build.mjs', '--tests']) !== 0) {
    console.error('build failed');
    results.push({ passed: 0, failed: 1, skipped: 0 });
  } else {
    results.push(tier('vscode', 'node', ['scripts/vscode-host/run-tests.mjs']));
  }
}
rmSync(countsDir, { recursive: true, force: true });
const total = results.reduce(
  (a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + (r.skipped ?? 0) }),
  { passed: 0, failed: 0, skipped: 0 },
);
if (!ok) total.failed += 1;
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
