import * as vscode from 'vscode';
import type { CommandDef } from '.';

/** Fix-it action on a profile whose SSO session expired: runs `aws sso login` in a terminal. */
export const ssoLogin: CommandDef = {
  id: 'iamExplorer.ssoLogin',
  async run(services, target?: unknown) {
    // A profile name, or the arguments for a sign-in: ['--sso-session', 'corp'] (accounts added from SSO).
    const args =
      typeof target === 'string'
        ? ['--profile', target]
        : Array.isArray(target) && target.length === 2 && (target[0] === '--profile' || target[0] === '--sso-session') && typeof target[1] === 'string'
          ? [target[0] as string, target[1]]
          : undefined;
    if (!args) return;
    const terminal = vscode.window.createTerminal({ name: `aws sso login (${args[1]})` });
    terminal.show();
    terminal.sendText(`aws sso login ${args[0]} ${shellQuote(args[1])}`);
    services.log.info(`opened a terminal running aws sso login ${args[0]} ${args[1]}; refresh the tree when it is done`);
  },
};

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_.@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
