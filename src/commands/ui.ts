import * as vscode from 'vscode';
import { iconSafe, linkSafe, promptSafe } from '../core/iam/untrusted';

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
  /** The clipboard's text (to clear a secret only if it is still there). */
  readClipboard(): Promise<string>;
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
  readClipboard: () => Promise.resolve(vscode.env.clipboard.readText()),
};

const INERT = Symbol('inertUi');

/**
 * The Ui commands see: every text it passes on is made inert where VS Code would render it
 * as more than text (core/iam/untrusted). Quick pick labels, descriptions and details lose
 * their `$(icon)` syntax (and descriptions and details, whose hover is Markdown, their
 * `[label](target)` links); input box prompts and validation messages their icons and
 * links; notifications their links. Modal dialogs, titles and placeholders are plain text
 * already. An item that wants an icon sets `iconPath`. Picks come back as the caller's items.
 */
export function inertUi(ui: Ui): Ui {
  if ((ui as { [INERT]?: true })[INERT]) return ui;
  const pickItems = <T extends vscode.QuickPickItem>(items: readonly T[], originals: Map<object, T>): T[] =>
    items.map((item) => {
      const copy: T = { ...item, label: iconSafe(item.label) };
      if (item.description !== undefined) copy.description = linkSafe(iconSafe(item.description));
      if (item.detail !== undefined) copy.detail = linkSafe(iconSafe(item.detail));
      originals.set(copy, item);
      return copy;
    });
  const verdict = (v: string | vscode.InputBoxValidationMessage | null | undefined) =>
    typeof v === 'string' ? promptSafe(v) : v ? { ...v, message: promptSafe(v.message) } : v;
  const inert: Ui & { [INERT]: true } = {
    [INERT]: true,
    showQuickPick: (async <T extends vscode.QuickPickItem>(
      items: readonly T[] | Promise<readonly T[]>,
      options?: vscode.QuickPickOptions,
      token?: vscode.CancellationToken,
    ) => {
      const originals = new Map<object, T>();
      const picked = (await ui.showQuickPick(Promise.resolve(items).then((list) => pickItems(list, originals)), options, token)) as T | readonly T[] | undefined;
      const back = (p: T) => originals.get(p) ?? p;
      return Array.isArray(picked) ? picked.map(back) : picked && back(picked as T);
    }) as Ui['showQuickPick'],
    showInputBox: (options, token) => {
      const validate = options.validateInput;
      return ui.showInputBox(
        {
          ...options,
          prompt: options.prompt === undefined ? undefined : promptSafe(options.prompt),
          validateInput: validate && ((value: string) => {
            const v = validate(value);
            return v && typeof v === 'object' && 'then' in v ? Promise.resolve(v).then(verdict) : verdict(v as Parameters<typeof verdict>[0]);
          }),
        },
        token,
      );
    },
    showWarningMessage: (message, options, ...items) => ui.showWarningMessage(options.modal ? message : linkSafe(message), options, ...items),
    showInformationMessage: (message, ...items) => ui.showInformationMessage(linkSafe(message), ...items),
    showErrorMessage: (message, ...items) => ui.showErrorMessage(linkSafe(message), ...items),
    showSaveDialog: (options) => ui.showSaveDialog(options),
    writeClipboard: (text) => ui.writeClipboard(text),
    readClipboard: () => ui.readClipboard(),
  };
  return inert;
}
