#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron's runTests()
// spawns. It accepts the same arguments as `code`, starts the real VS Code Server
// (from code-server's npm package, run by Node 24), opens its workbench in headless
// Chromium with the extension-test payload, forwards the extension host's console
// output, and exits with the exit code of the tests. On failure it saves a
// screenshot of the workbench under .test-artifacts/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { ensureHost } from './ensure.mjs';
import { closePrompt, requestedPageCheck, stopEmulator } from './pageCheck.mjs';

const argv = process.argv.slice(2);
const flag = (name) => {
  const hit = argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : undefined;
};
const folder = argv.find((a) => !a.startsWith('--'));
const extensionTestsPath = flag('extensionTestsPath');
const extensionDevelopmentPath = flag('extensionDevelopmentPath');
const timeoutMs = Number(process.env.IAM_EXPLORER_VSCODE_TIMEOUT_MS ?? 20 * 60 * 1000);
// Built-in chat's model selection logs on every editor change: noise with no bearing on the tests.
const NETWORK_NOISE = /^\[AgentHost\] No signed-in session|^\[ChatModelSelection\]|open-vsx\.org|api\.github\.com|vsda/;
const artifacts = resolve(process.env.IAM_EXPLORER_ARTIFACTS ?? '.test-artifacts');

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Runs the page check a test asked for (pageCheck.mjs); 0 when it holds. Counted as one tier-2 test. */
async function runPageCheck(page, check) {
  let ok = false;
  try {
    const run = { closePrompt }[check.check];
    if (!run) throw new Error(`unknown page check "${check.check}"`);
    for (const line of await run(page, check, resolve(extensionDevelopmentPath))) console.log(`[page-check] ${line}`);
    console.log(`[page-check] ${check.check}: passed`);
    ok = true;
  } catch (err) {
    console.error(`[page-check] ${check.check} FAILED: ${err instanceof Error ? err.message : String(err)}`);
  }
  const counts = process.env.IAM_EXPLORER_TEST_COUNTS;
  if (counts && existsSync(counts)) {
    const c = JSON.parse(readFileSync(counts, 'utf8'));
    writeFileSync(counts, JSON.stringify({ ...c, [ok ? 'passed' : 'failed']: (c[ok ? 'passed' : 'failed'] ?? 0) + 1 }));
  }
  return ok ? 0 : 1;
}

function waitForServer(child) {
  return new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`VS Code Server did not start in 60 s. Output:\n${out}`)), 60_000);
    const onData = (d) => {
      out += d.toString();
      if (/Web UI available at/.test(out)) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`VS Code Server exited with ${code} before it was ready. Output:\n${out}`));
    });
  });
}

async function main() {
  const host = ensureHost();
  // Beside the runner's user data when it gives one (run-tests.mjs), so its secret scan sees it all.
  const userDataDir = flag('user-data-dir');
  const scratch = userDataDir ? dirname(userDataDir) : mkdtempSync(join(tmpdir(), 'iam-explorer-vscode-'));
  const port = await freePort();
  const server = spawn(
    host.node,
    [
      host.serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      // Trust is off except for the session that tests Restricted Mode (run-tests.mjs).
      ...(process.env.IAM_EXPLORER_WORKSPACE_TRUST === 'enabled' ? [] : ['--disable-workspace-trust']),
      '--user-data-dir',
      userDataDir ?? join(scratch, 'user-data'),
      '--server-data-dir',
      join(scratch, 'server-data'),
      '--extensions-dir',
      flag('extensions-dir') ?? join(scratch, 'extensions'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  const serverLog = [];
  const hostLog = [];
  server.stdout.on('data', (d) => serverLog.push(d.toString()));
  server.stderr.on('data', (d) => serverLog.push(d.toString()));
  let browser;
  let page;
  const stopAll = async () => {
    await browser?.close().catch(() => {});
    server.kill('SIGTERM');
    // The complete logs (noise included), for the runner's secret scan.
    mkdirSync(join(scratch, 'host-logs'), { recursive: true });
    writeFileSync(join(scratch, 'host-logs', 'extension-host.log'), hostLog.join('\n'));
    writeFileSync(join(scratch, 'host-logs', 'server.log'), serverLog.join(''));
  };
  const screenshot = async (why) => {
    if (!page) return;
    mkdirSync(artifacts, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(artifacts, `vscode-${why}-${stamp}.png`);
    await page.screenshot({ path: file }).catch(() => {});
    writeFileSync(join(artifacts, `vscode-server-${stamp}.log`), serverLog.join(''));
    writeFileSync(join(artifacts, `vscode-extension-host-${stamp}.log`), hostLog.join('\n'));
    console.error(`[vscode-host] screenshot of the workbench: ${file}`);
  };
  try {
    await waitForServer(server);
    const { chromium } = createRequire(import.meta.url)(host.playwrightCore);
    browser = await chromium.launch({
      executablePath: host.chromium,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    // Clipboard access lets tests check Copy ARN / Copy Name through vscode.env.clipboard.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
    page = await context.newPage();
    const exitCode = new Promise((res) => {
      void page.exposeFunction('codeAutomationExit', (code) => res(Number(code)));
    });
    // The extension host's console output, with console.log's format strings applied.
    // Built-in extensions' complaints about the closed network are kept in the log file only.
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      hostLog.push(text);
      if (NETWORK_NOISE.test(text)) return;
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${resolve(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
      ['extensionTestsPath', remote(extensionTestsPath)],
      ['skipWelcome', 'true'],
    ];
    const workbenchUrl = (p) =>
      `http://127.0.0.1:${port}/?` +
      (folder ? `folder=${encodeURIComponent(remote(folder))}&` : '') +
      `payload=${encodeURIComponent(JSON.stringify(p))}`;
    await page.goto(workbenchUrl(payload));
    let timer;
    const timeout = new Promise((res) => {
      timer = setTimeout(() => {
        console.error(`[vscode-host] the tests did not finish within ${timeoutMs / 1000} s`);
        res(124);
      }, timeoutMs);
    });
    let code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    const check = requestedPageCheck(scratch);
    if (check) {
      try {
        if (code === 0) {
          // The same window without the test payload: VS Code shows its own dialogs again.
          await page.goto(workbenchUrl(payload.filter(([k]) => k !== 'extensionTestsPath')));
          code = await runPageCheck(page, check);
        }
      } finally {
        stopEmulator(check);
      }
    }
    if (code !== 0) await screenshot('failure');
    else if (process.env.IAM_EXPLORER_SCREENSHOT === 'always') await screenshot('end');
    await stopAll();
    return code;
  } catch (err) {
    console.error(`[vscode-host] ${err instanceof Error ? err.message : String(err)}`);
    await screenshot('error');
    await stopAll();
    return 1;
  }
}

if (!extensionTestsPath || !extensionDevelopmentPath) {
  console.error('usage: launcher.mjs [folder] --extensionDevelopmentPath=DIR --extensionTestsPath=FILE');
  process.exit(2);
}
process.exit(await main());
