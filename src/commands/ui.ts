import * as vscode from 'vscode';

/**
 * Every prompt a command shows goes through this object, so tier-2 tests can answer
 * dialogs in code (see `ExtensionTestApi.setUi`). The real one is VS Code's window API.
 */
export interface Ui {
  showQuickPick<T extends vscode.QuickPickItem>(
    items: readonly T[] | Promise<readonly T[]>,
    options: vscode.QuickPickOptions & { canPickMany: true },
    token?: vscode.CancellationToken,
  ): Promise<readonly T[] | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(
    items: readonly T[] | Promise<readonly T[]>,
    options?: vscode.QuickPickOptions,
    token?: vscode.CancellationToken,
  ): Promise<T | undefined>;
  showInputBox(options: vscode.InputBoxOptions, token?: vscode.CancellationToken): Promise<string | undefined>;
  showWarningMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Promise<T | undefined>;
  showInformationMessage<T extends string>(message: string, ...items: T[]): Promise<T | undefined>;
  showErrorMessage<T extends string>(message: string, ...items: T[]): Promise<T | undefined>;
  showSaveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  /** Puts text on the clipboard (a new secret, when the user asks for it there). */
  writeClipboard(text: string): Promise<void>;
}

export const windowUi: Ui = {
  showQuickPick: ((items: never, options?: vscode.QuickPickOptions, token?: vscode.CancellationToken) =>
    Promise.resolve(vscode.window.showQuickPick(items, options, token))) as Ui['showQuickPick'],
  showInputBox: (options, token) => Promise.resolve(vscode.window.showInputBox(options, token)),
  showWarningMessage: (message, options, ...items) =>
    Promise.resolve(vscode.window.showWarningMessage(message, options, ...items)),
  showInformationMessage: (message, ...items) => Promise.resolve(vscode.window.showInformationMessage(message, ...items)),
  showErrorMessage: (message, ...items) => Promise.resolve(vscode.window.showErrorMessage(message, ...items)),
  showSaveDialog: (options) => Promise.resolve(vscode.window.showSaveDialog(options)),
  writeClipboard: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
};
