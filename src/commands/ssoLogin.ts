import * as vscode from 'vscode';
import type { CommandDef } from '.';

/**
 * Fix-it action on a profile whose SSO session expired or never started: runs `aws sso login`
 * as the process of a terminal of its own, with its arguments passed as a list (no shell, no
 * quoting, the same in bash, zsh, PowerShell or cmd). When the login succeeds and the terminal
 * is closed, the profile's clients are dropped and its root reloads.
 */
export const ssoLogin: CommandDef = {
  id: 'iamExplorer.ssoLogin',
  async run(services, target?: unknown) {
    // A profile name, or the arguments for a sign-in: ['--sso-session', 'corp'] (accounts added from SSO).
    const args =
      typeof target === 'string' && target
        ? ['--profile', target]
        : Array.isArray(target) &&
            target.length === 2 &&
            (target[0] === '--profile' || target[0] === '--sso-session') &&
            typeof target[1] === 'string'
          ? [target[0] as string, target[1]]
          : undefined;
    if (!args) return;
    const [flag, name] = args as [string, string];
    const terminal = vscode.window.createTerminal({
      name: `aws sso login (${name})`,
      shellPath: 'aws',
      shellArgs: ['sso', 'login', flag, name],
    });
    terminal.show();
    services.log.info(
      `started aws sso login ${flag} ${name} in a terminal; it reloads when it succeeds and the terminal is closed`,
    );
    const closed = vscode.window.onDidCloseTerminal((t) => {
      if (t !== terminal) return;
      closed.dispose();
      if (t.exitStatus?.code !== 0) {
        services.log.warn(`aws sso login ${flag} ${name} ended with exit code ${t.exitStatus?.code ?? 'unknown'}`);
        return;
      }
      if (flag === '--profile') {
        services.connections.invalidate(name);
        services.tree.forgetProfile(name);
      } else services.tree.refresh();
    });
  },
};
