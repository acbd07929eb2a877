import * as vscode from 'vscode';
import type { CommandDef } from '.';

/** Fix-it action on a profile whose SSO session expired: runs `aws sso login` in a terminal. */
export const ssoLogin: CommandDef = {
  id: 'iamExplorer.ssoLogin',
  async run(services, profile?: unknown) {
    if (typeof profile !== 'string') return;
    const terminal = vscode.window.createTerminal({ name: `aws sso login (${profile})` });
    terminal.show();
    terminal.sendText(`aws sso login --profile ${shellQuote(profile)}`);
    services.log.info(`opened a terminal running aws sso login for profile ${profile}; refresh the tree when it is done`);
  },
};

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_.@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
