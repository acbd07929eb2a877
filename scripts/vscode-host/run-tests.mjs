// Tier 2: runs test/vscode (bundled into out/vscode-tests) inside a real VS Code through
// @vscode/test-electron's runTests(). The host is desktop VS Code where it can be
// downloaded; otherwise (this machine, CI) VS Code Server in headless Chromium, started
// by launcher.mjs, which runTests() spawns as if it were the `code` executable.
//   IAM_EXPLORER_VSCODE_HOST=auto|desktop|server   (default: server under CI, else auto)
//
// Two sessions, each a fresh VS Code with its own user data:
// - main: every suite except test/vscode/untrusted, in an empty trusted folder;
// - untrusted: test/vscode/untrusted, with workspace trust on and a folder that is not
//   trusted, whose .vscode/settings.json points IAM Explorer's endpoint at a trap server
//   (run here; it records every request it gets into a file the tests read).
//
// Within the main session, test/vscode/reload/ may reload the window once (hot exit) and ask
// the launcher for a check in the page without the test runner (VS Code's own prompts):
// test/vscode/reload.ts, launcher.mjs, pageCheck.mjs.
//
// After each session, the secret scan (secretScan.mjs): the tests record SHA-256 hashes of
// every secret they saw; everything the session printed, the host's complete logs and every
// file it left (user data, extensions, workspace) are searched for them. A find fails the run.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHost } from './ensure.mjs';
import { describeScan, scanSession } from './secretScan.mjs';

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
      console.log(
        `[vscode-host] desktop VS Code unavailable (${err instanceof Error ? err.message : err}); using VS Code ` +
          `Server in headless Chromium`,
      );
    }
  }
  ensureHost();
  return join(here, 'launcher.mjs');
}

/** A server that answers nothing useful and writes one line per request it gets. */
async function startTrap(logFile) {
  writeFileSync(logFile, '');
  const server = createServer((req, res) => {
    appendFileSync(logFile, `${req.method} ${req.url} ${req.headers['x-amz-target'] ?? ''}\n`);
    req.resume();
    req.on('end', () => {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('trap');
    });
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

const executable = await pickExecutable();
const testsOut = join(root, process.env.IAM_EXPLORER_TESTS_OUT ?? join('out', 'vscode-tests'));
// With IAM_EXPLORER_TEST_GREP, a session whose bundled tests cannot match it is not started.
const grep = process.env.IAM_EXPLORER_TEST_GREP ? new RegExp(process.env.IAM_EXPLORER_TEST_GREP) : undefined;
const bundled = (untrusted) =>
  readdirSync(testsOut, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js') && f.startsWith(`untrusted${sep}`) === untrusted)
    .map((f) => readFileSync(join(testsOut, f), 'utf8'));
const wanted = (untrusted) => bundled(untrusted).some((text) => !grep || grep.test(text));
const countsFile = process.env.IAM_EXPLORER_TEST_COUNTS;
const total = { passed: 0, failed: 0, skipped: 0 };
let failed = false;

async function session(name, prepare) {
  const scratch = mkdtempSync(join(tmpdir(), `iam-explorer-tier2-${name}-`));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  const counts = join(scratch, 'counts.json');
  const extra = (await prepare?.(scratch, workspace)) ?? {};
  // Everything the session prints (runTests forwards the host's output here), kept for the secret scan.
  const printed = [];
  const tee = (stream) => {
    const write = stream.write;
    stream.write = function (chunk, ...rest) {
      printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return write.call(this, chunk, ...rest);
    };
    return () => (stream.write = write);
  };
  const untee = [tee(process.stdout), tee(process.stderr)];
  try {
    await runTests({
      vscodeExecutablePath: executable,
      // IAM_EXPLORER_EXTENSION_PATH: another copy of the extension (the activation benchmark's manifest).
      extensionDevelopmentPath: process.env.IAM_EXPLORER_EXTENSION_PATH ?? root,
      // IAM_EXPLORER_TESTS_OUT: another bundle of tier-2 style tests (the benchmarks use out/vscode-bench).
      extensionTestsPath: join(testsOut, 'index.js'),
      launchArgs: [
        workspace,
        `--user-data-dir=${join(scratch, 'user-data')}`,
        `--extensions-dir=${join(scratch, 'extensions')}`,
      ],
      extensionTestsEnv: {
        // Never the user's own AWS files: tests write their own profiles here.
        AWS_CONFIG_FILE: join(scratch, 'aws', 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'aws', 'credentials'),
        AWS_PROFILE: '',
        IAM_EXPLORER_TEST_SCRATCH: scratch,
        IAM_EXPLORER_TEST_SESSION: name,
        ...(countsFile ? { IAM_EXPLORER_TEST_COUNTS: counts } : {}),
        ...extra.env,
      },
    });
  } catch (err) {
    console.error(`[vscode-host] tier-2 session "${name}" failed: ${err instanceof Error ? err.message : err}`);
    failed = true;
  } finally {
    extra.stop?.();
    for (const u of untee) u();
  }
  const scan = await scanSession({ scratch, outputs: [{ place: 'the test output', text: printed.join('') }] });
  for (const line of describeScan(name, scan)) (scan.found.length ? console.error : console.log)(line);
  if (scan.found.length) {
    console.error(
      `[secret-scan] session "${name}" FAILED: a secret the tests created is in the places above (${scratch})`,
    );
    failed = true;
  }
  if (existsSync(counts)) {
    const c = JSON.parse(readFileSync(counts, 'utf8'));
    for (const k of Object.keys(total)) total[k] += c[k] ?? 0;
  }
}

if (wanted(false)) await session('main');
if (wanted(true)) {
  await session('untrusted', async (scratch, workspace) => {
    const trapLog = join(scratch, 'trap-requests.log');
    const trap = await startTrap(trapLog);
    mkdirSync(join(workspace, '.vscode'));
    // What a hostile repository would commit: every restricted setting pointed elsewhere.
    writeFileSync(
      join(workspace, '.vscode', 'settings.json'),
      JSON.stringify(
        {
          'iamExplorer.endpoint': trap.url,
          'iamExplorer.region': 'cn-north-1',
          'iamExplorer.profiles': ['attacker'],
          'iamExplorer.rotation.oldKey': 'delete',
          'iamExplorer.policyEditor.accessAnalyzer': true,
          'iamExplorer.knownAccounts': ['999988887777'],
          // Past Node's 32-bit timer: every request would fail at once.
          'iamExplorer.requestTimeoutSeconds': 10000000,
        },
        null,
        2,
      ),
    );
    return {
      env: { IAM_EXPLORER_WORKSPACE_TRUST: 'enabled', IAM_EXPLORER_TRAP_URL: trap.url, IAM_EXPLORER_TRAP_LOG: trapLog },
      stop: () => trap.server.close(),
    };
  });
}
if (countsFile) writeFileSync(countsFile, JSON.stringify(total));
if (failed) process.exit(1);
