// `npm run demo`: the extension against a local IAM emulator with a sample account, in a
// real VS Code, on a machine with no AWS account. Nothing of yours is touched: the AWS
// config and credentials files are throw-away ones in a temporary folder.
//   npm run demo [-- --port 8080] [--desktop] [--screenshot FILE]
// Default: VS Code Server (browser workbench) on 127.0.0.1; open the printed address.
// --desktop: the desktop VS Code (`code` on PATH) with the extension in development mode.
// --screenshot FILE: open the workbench headless, expand the tree, save a PNG and exit.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureHost } from './vscode-host/ensure.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    desktop: { type: 'boolean', default: false },
    screenshot: { type: 'string' },
    seed: { type: 'string', default: join(root, 'test', 'fixtures', 'sample-account.json') },
  },
});

const scratch = mkdtempSync(join(tmpdir(), 'iam-explorer-demo-'));
const children = [];
let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function run(cmd, argv, opts = {}) {
  execFileSync(cmd, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

/** Starts the emulator and reads its endpoint and admin key from its first lines. */
function startEmulator() {
  return new Promise((res, rej) => {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, ['test/emulator/cli.ts', '--port', '0', '--seed', args.seed], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      const endpoint = /listening on (\S+)/.exec(out)?.[1];
      const id = /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)?.[1];
      const secret = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)?.[1];
      if (endpoint && id && secret) res({ endpoint, id, secret });
    });
    child.once('exit', (code) => rej(new Error(`the emulator exited with ${code}`)));
  });
}

function waitFor(child, pattern) {
  return new Promise((res, rej) => {
    let out = '';
    const onData = (d) => {
      out += d.toString();
      if (pattern.test(out)) res(out);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => rej(new Error(`exited with ${code} before it was ready:\n${out}`)));
  });
}

async function main() {
  const emulator = await startEmulator();
  const aws = join(scratch, 'aws');
  mkdirSync(aws, { recursive: true });
  writeFileSync(join(aws, 'config'), '[profile demo]\nregion = us-east-1\n', { mode: 0o600 });
  // The emulator's admin key goes only into this throw-away file; it is not printed.
  writeFileSync(
    join(aws, 'credentials'),
    `[demo]\naws_access_key_id = ${emulator.id}\naws_secret_access_key = ${emulator.secret}\n`,
    { mode: 0o600 },
  );
  const env = {
    ...process.env,
    AWS_CONFIG_FILE: join(aws, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(aws, 'credentials'),
    AWS_PROFILE: 'demo',
  };
  const settings = {
    'iamExplorer.endpoint': emulator.endpoint,
    'iamExplorer.profiles': ['demo'],
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);

  if (args.desktop) {
    run('node', ['scripts/build.mjs']);
    const userData = join(scratch, 'user-data');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const code = spawn(
      'code',
      ['--wait', '--new-window', `--user-data-dir=${userData}`, `--extensionDevelopmentPath=${root}`, workspace],
      { env, stdio: 'inherit' },
    );
    children.push(code);
    console.log(
      `Desktop VS Code opened with IAM Explorer against the emulator at ${emulator.endpoint}. Close the window ` +
        `or press Ctrl-C to stop.`,
    );
    code.once('exit', () => stop(0));
    return;
  }

  const host = ensureHost();
  run('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const serverData = join(scratch, 'server-data');
  const extensions = join(scratch, 'extensions');
  const serverArgs = [
    '--server-data-dir',
    serverData,
    '--extensions-dir',
    extensions,
    '--user-data-dir',
    join(scratch, 'user-data'),
  ];
  run(host.node, [host.serverMain, ...serverArgs, '--install-extension', join(root, 'dist', 'iam-explorer.vsix')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // VS Code Server keeps machine settings under its --user-data-dir.
  mkdirSync(join(scratch, 'user-data', 'Machine'), { recursive: true });
  writeFileSync(join(scratch, 'user-data', 'Machine', 'settings.json'), JSON.stringify(settings, null, 2));
  const port = args.screenshot ? '0' : args.port;
  const server = spawn(
    host.node,
    [
      host.serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      port,
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      '--disable-workspace-trust',
      ...serverArgs,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(server);
  const out = await waitFor(server, /Web UI available at (\S+)/);
  const url = /Web UI available at (\S+)/.exec(out)[1].replace('localhost', '127.0.0.1');
  const open = `${url.replace(/\/$/, '')}/?folder=${encodeURIComponent(workspace)}`;
  if (!args.screenshot) {
    console.log(
      `\nIAM Explorer demo is running.\n  VS Code:  ${open}\n  emulator: ${emulator.endpoint} (sample account, ` +
        `profile "demo")\nOpen the address in a browser, then the shield icon in the activity bar. Ctrl-C stops ` +
        `everything.`,
    );
    return;
  }
  await screenshot(host, open, resolve(args.screenshot));
  stop(0);
}

/** Opens the workbench headless, expands the sample account and saves a PNG. */
async function screenshot(host, url, file) {
  const { chromium } = createRequire(import.meta.url)(host.playwrightCore);
  const browser = await chromium.launch({
    executablePath: host.chromium,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.locator('.activitybar [aria-label^="IAM"]').first().click({ timeout: 60_000 });
    const tree = page.locator('[id="workbench.view.extension.iamExplorer"]');
    const row = (label) => tree.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
    try {
      await row('demo').waitFor({ timeout: 30_000 });
      // Widen the side bar so descriptions fit: drag its sash.
      const box = await page.locator('.part.sidebar').boundingBox();
      if (box) {
        await page.mouse.move(box.x + box.width + 1, box.y + 300);
        await page.mouse.down();
        await page.mouse.move(box.x + 620, box.y + 300, { steps: 5 });
        await page.mouse.up();
      }
      for (const label of ['demo', 'Users', 'alice', 'Access Keys', 'Groups', 'Attached Policies']) {
        // A single profile's root starts expanded: a click would collapse it.
        await row(label).waitFor({ timeout: 30_000 });
        if ((await row(label).getAttribute('aria-expanded')) === 'true') continue;
        await row(label).click({ timeout: 30_000 });
        await page.waitForTimeout(700);
      }
      await page.waitForTimeout(1500);
    } finally {
      await page.screenshot({ path: file });
    }
    console.log(`screenshot: ${file}`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`demo: ${err instanceof Error ? err.message : err}`);
  stop(1);
});
