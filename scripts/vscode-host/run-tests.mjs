// Tier 2: runs test/vscode (bundled into out/vscode-tests) inside a real VS Code through
// @vscode/test-electron's runTests(). The host is desktop VS Code where it can be
// downloaded; otherwise (this machine, CI) VS Code Server in headless Chromium, started
// by launcher.mjs, which runTests() spawns as if it were the `code` executable.
//   IAM_EXPLORER_VSCODE_HOST=auto|desktop|server   (default: server under CI, else auto)
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHost } from './ensure.mjs';

const VSCODE_VERSION = '1.139.1';
const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..');

async function pickExecutable() {
  const mode = process.env.IAM_EXPLORER_VSCODE_HOST ?? (process.env.CI ? 'server' : 'auto');
  if (mode === 'desktop') return downloadAndUnzipVSCode(VSCODE_VERSION);
  if (mode === 'auto') {
    try {
      const timeout = new Promise((_, rej) => setTimeout(() => rej(new Error('timed out after 30 s')), 30_000).unref());
      return await Promise.race([downloadAndUnzipVSCode(VSCODE_VERSION), timeout]);
    } catch (err) {
      console.log(`[vscode-host] desktop VS Code unavailable (${err instanceof Error ? err.message : err}); using VS Code Server in headless Chromium`);
    }
  }
  ensureHost();
  return join(here, 'launcher.mjs');
}

const scratch = mkdtempSync(join(tmpdir(), 'iam-explorer-tier2-'));
const workspace = join(scratch, 'workspace');
mkdirSync(workspace);
try {
  await runTests({
    vscodeExecutablePath: await pickExecutable(),
    extensionDevelopmentPath: root,
    // IAM_EXPLORER_TESTS_OUT: another bundle of tier-2 style tests (the benchmarks use out/vscode-bench).
    extensionTestsPath: join(root, process.env.IAM_EXPLORER_TESTS_OUT ?? join('out', 'vscode-tests'), 'index.js'),
    launchArgs: [workspace, `--user-data-dir=${join(scratch, 'user-data')}`, `--extensions-dir=${join(scratch, 'extensions')}`],
    extensionTestsEnv: {
      // Never the user's own AWS files: tests write their own profiles here.
      AWS_CONFIG_FILE: join(scratch, 'aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'aws', 'credentials'),
      AWS_PROFILE: '',
      IAM_EXPLORER_TEST_SCRATCH: scratch,
    },
  });
} catch (err) {
  console.error(`[vscode-host] tier-2 run failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
