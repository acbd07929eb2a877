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
  async run(services, profile?: unknown) {
    if (typeof profile !== 'string' || !profile) return;
    const terminal = vscode.window.createTerminal({ name: `aws sso login (${profile})`, shellPath: 'aws', shellArgs: ['sso', 'login', '--profile', profile] });
    terminal.show();
    services.log.info(`started aws sso login for profile ${profile} in a terminal; the profile reloads when it succeeds and the terminal is closed`);
    const closed = vscode.window.onDidCloseTerminal((t) => {
      if (t !== terminal) return;
      closed.dispose();
      if (t.exitStatus?.code !== 0) {
        services.log.warn(`aws sso login for profile ${profile} ended with exit code ${t.exitStatus?.code ?? 'unknown'}`);
        return;
      }
      services.connections.invalidate(profile);
      services.tree.forgetProfile(profile);
    });
  },
};
