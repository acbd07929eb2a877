import * as vscode from 'vscode';
import { iconSafe, linkSafe, promptSafe } from '../core/iam/untrusted';

/**
 * What a step of a multi-step flow returns when the user presses its Back button. A global
 * symbol, so tier-2 tests (bundled apart from the extension) can answer with it too.
 */
export const BACK: unique symbol = Symbol.for('iamExplorer.back') as never;
export type Back = typeof BACK;

/** Where a step is in its flow: the title shows "(step/totalSteps)" and step > 1 has a Back button. */
export interface StepOptions {
  readonly step: number;
  readonly totalSteps: number;
}

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
  showWarningMessage<T extends string>(
    message: string,
    options: vscode.MessageOptions,
    ...items: T[]
  ): Promise<T | undefined>;
  showInformationMessage<T extends string>(message: string, ...items: T[]): Promise<T | undefined>;
  showErrorMessage<T extends string>(message: string, ...items: T[]): Promise<T | undefined>;
  showSaveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  /** Puts text on the clipboard (a new secret, when the user asks for it there). */
  writeClipboard(text: string): Promise<void>;
  /** The clipboard's text (to clear a secret only if it is still there). */
  readClipboard(): Promise<string>;
  /** One input step of a multi-step flow (createInputBox): the value, BACK, or undefined when dismissed. */
  inputStep(options: vscode.InputBoxOptions & StepOptions): Promise<string | Back | undefined>;
  /**
   * One pick step of a multi-step flow (createQuickPick): the item (the items with canPickMany),
   * BACK, or undefined when dismissed. `selected`: which items the step shows picked (an earlier answer).
   */
  pickStep<T extends vscode.QuickPickItem>(
    items: readonly T[] | Promise<readonly T[]>,
    options: vscode.QuickPickOptions & StepOptions & { readonly selected?: (item: T) => boolean },
  ): Promise<T | readonly T[] | Back | undefined>;
  /** A progress notification; tier-2 tests read its messages and press its Cancel in code. */
  withProgress<T>(
    options: vscode.ProgressOptions,
    task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Promise<T>,
  ): Promise<T>;
}

export const windowUi: Ui = {
  showQuickPick: ((items: never, options?: vscode.QuickPickOptions, token?: vscode.CancellationToken) =>
    Promise.resolve(vscode.window.showQuickPick(items, options, token))) as Ui['showQuickPick'],
  showInputBox: (options, token) => Promise.resolve(vscode.window.showInputBox(options, token)),
  showWarningMessage: (message, options, ...items) =>
    Promise.resolve(vscode.window.showWarningMessage(message, options, ...items)),
  showInformationMessage: (message, ...items) =>
    Promise.resolve(vscode.window.showInformationMessage(message, ...items)),
  showErrorMessage: (message, ...items) => Promise.resolve(vscode.window.showErrorMessage(message, ...items)),
  showSaveDialog: (options) => Promise.resolve(vscode.window.showSaveDialog(options)),
  writeClipboard: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
  readClipboard: () => Promise.resolve(vscode.env.clipboard.readText()),
  withProgress: (options, task) => Promise.resolve(vscode.window.withProgress(options, task)),
  inputStep: (options) =>
    new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      box.title = options.title;
      box.step = options.step;
      box.totalSteps = options.totalSteps;
      box.prompt = options.prompt;
      box.placeholder = options.placeHolder;
      box.value = options.value ?? '';
      box.ignoreFocusOut = options.ignoreFocusOut ?? true;
      box.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
      const validate = async (value: string) => {
        const verdict = await options.validateInput?.(value);
        box.validationMessage = verdict ?? undefined;
        return verdict ?? undefined;
      };
      const done = (value: string | Back | undefined) => {
        resolve(value);
        box.dispose();
      };
      box.onDidChangeValue((v) => void validate(v));
      box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done(BACK));
      box.onDidAccept(async () => {
        if ((await validate(box.value)) === undefined) done(box.value);
      });
      box.onDidHide(() => done(undefined));
      box.show();
      void validate(box.value);
    }),
  pickStep: <T extends vscode.QuickPickItem>(
    items: readonly T[] | Promise<readonly T[]>,
    options: vscode.QuickPickOptions & StepOptions & { readonly selected?: (item: T) => boolean },
  ) =>
    new Promise<T | readonly T[] | Back | undefined>((resolve) => {
      const pick = vscode.window.createQuickPick<T>();
      pick.title = options.title;
      pick.step = options.step;
      pick.totalSteps = options.totalSteps;
      pick.placeholder = options.placeHolder;
      pick.canSelectMany = options.canPickMany ?? false;
      pick.matchOnDescription = options.matchOnDescription ?? false;
      pick.matchOnDetail = options.matchOnDetail ?? false;
      pick.ignoreFocusOut = options.ignoreFocusOut ?? true;
      pick.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
      pick.busy = true;
      const done = (value: T | readonly T[] | Back | undefined) => {
        resolve(value);
        pick.dispose();
      };
      void Promise.resolve(items).then(
        (list) => {
          pick.items = list;
          const selected = list.filter((i) => options.selected?.(i) ?? false);
          if (pick.canSelectMany) pick.selectedItems = selected;
          else if (selected.length) pick.activeItems = selected.slice(0, 1);
          pick.busy = false;
        },
        () => done(undefined),
      );
      pick.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done(BACK));
      pick.onDidAccept(() =>
        done(pick.canSelectMany ? pick.selectedItems : (pick.selectedItems[0] ?? pick.activeItems[0])),
      );
      pick.onDidHide(() => done(undefined));
      pick.show();
    }),
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
      const picked = (await ui.showQuickPick(
        Promise.resolve(items).then((list) => pickItems(list, originals)),
        options,
        token,
      )) as T | readonly T[] | undefined;
      const back = (p: T) => originals.get(p) ?? p;
      return Array.isArray(picked) ? picked.map(back) : picked && back(picked as T);
    }) as Ui['showQuickPick'],
    showInputBox: (options, token) => {
      const validate = options.validateInput;
      return ui.showInputBox(
        {
          ...options,
          prompt: options.prompt === undefined ? undefined : promptSafe(options.prompt),
          validateInput:
            validate &&
            ((value: string) => {
              const v = validate(value);
              return v && typeof v === 'object' && 'then' in v
                ? Promise.resolve(v).then(verdict)
                : verdict(v as Parameters<typeof verdict>[0]);
            }),
        },
        token,
      );
    },
    showWarningMessage: (message, options, ...items) =>
      ui.showWarningMessage(options.modal ? message : linkSafe(message), options, ...items),
    showInformationMessage: (message, ...items) => ui.showInformationMessage(linkSafe(message), ...items),
    showErrorMessage: (message, ...items) => ui.showErrorMessage(linkSafe(message), ...items),
    showSaveDialog: (options) => ui.showSaveDialog(options),
    writeClipboard: (text) => ui.writeClipboard(text),
    readClipboard: () => ui.readClipboard(),
    inputStep: (options) => {
      const validate = options.validateInput;
      return ui.inputStep({
        ...options,
        prompt: options.prompt === undefined ? undefined : promptSafe(options.prompt),
        validateInput:
          validate &&
          ((value: string) => {
            const v = validate(value);
            return v && typeof v === 'object' && 'then' in v
              ? Promise.resolve(v).then(verdict)
              : verdict(v as Parameters<typeof verdict>[0]);
          }),
      });
    },
    pickStep: (async <T extends vscode.QuickPickItem>(
      items: readonly T[] | Promise<readonly T[]>,
      options: vscode.QuickPickOptions & StepOptions & { readonly selected?: (item: T) => boolean },
    ) => {
      const originals = new Map<object, T>();
      const back = (p: T) => originals.get(p) ?? p;
      const { selected } = options;
      const picked = await ui.pickStep(
        Promise.resolve(items).then((list) => pickItems(list, originals)),
        {
          ...options,
          selected: selected && ((copy: T) => selected(back(copy))),
        },
      );
      if (picked === BACK || picked === undefined) return picked;
      return Array.isArray(picked) ? picked.map(back) : back(picked as T);
    }) as Ui['pickStep'],
    // Titles and messages name entities: their link syntax is made inert.
    withProgress: (options, task) =>
      ui.withProgress(
        { ...options, title: options.title === undefined ? undefined : linkSafe(options.title) },
        (progress, token) =>
          task(
            {
              report: (value) =>
                progress.report({
                  ...value,
                  message: value.message === undefined ? undefined : linkSafe(value.message),
                }),
            },
            token,
          ),
      ),
  };
  return inert;
}
