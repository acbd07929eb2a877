import * as vscode from 'vscode';

/**
 * The extension's log: one LogOutputChannel ("IAM Explorer"). Callers pass key ids,
 * names, ARNs, error codes and request ids, never a secret access key or session token.
 */
export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('IAM Explorer', { log: true });
  }

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(message: string): void {
    this.channel.error(message);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
