import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Back, StepOptions, Ui } from '../../src/commands/ui';
import type { ExtensionTestApi } from '../../src/extension';
import type { FindingsNode } from '../../src/tree/findingsTree';
import type { ExplorerNode } from '../../src/tree/nodes';
import { start, type Emulator, type FaultRule, type Seed } from '../emulator';
import { recordEmulatorSecrets } from './secrets';

export const EXTENSION_ID = 'iam-explorer.iam-explorer';

/** Activates the extension under test and returns its test API. */
export async function activateExtension(): Promise<ExtensionTestApi> {
  const ext = vscode.extensions.getExtension<ExtensionTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  if (!api) throw new Error('the extension did not return its test API (extensionMode is not Test?)');
  return api;
}

/**
 * Closes every editor, dropping unsaved edits first: closing a dirty document would ask (VS Code's own prompt), and
 * an edit left behind would be what the next suite's editor opens on. Each dirty document gets the provider's text
 * back before it is reverted: a revert through a custom editor that a text editor also shows was seen to only mark
 * the document saved, keeping the edit in the model.
 */
export async function closeEditorsDiscardingEdits(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    if (!doc.isUntitled) {
      const stored = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), stored);
      await vscode.workspace.applyEdit(edit);
    }
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** package.json of the extension under test, as VS Code loaded it. */
export function manifest(): {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; title: string }[] };
    configuration: { properties: Record<string, unknown> };
  };
} {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.packageJSON;
}

/** The AWS shared files the test runner pointed the extension host at (never the user's own). */
export function sharedFiles(): { config: string; credentials: string } {
  const config = process.env.AWS_CONFIG_FILE;
  const credentials = process.env.AWS_SHARED_CREDENTIALS_FILE;
  if (!config || !credentials)
    throw new Error('AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE are not set for the test host');
  return { config, credentials };
}

export function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
}

/**
 * Starts an emulator with `seed`, writes profiles holding its admin key, points the
 * extension at it (setting iamExplorer.endpoint) and shows `profiles` in the tree.
 * `snapshot` is iamExplorer.snapshot: `onDemand` unless asked, so the suites that count
 * the requests of lazy listing do not see the background snapshot's.
 */
export async function connect(
  api: ExtensionTestApi,
  seed: Seed,
  profiles: string[] = ['demo'],
  options: { snapshot?: 'auto' | 'onDemand' | 'off'; faults?: FaultRule[] } = {},
): Promise<Emulator> {
  const emulator = await start({ seed, faults: options.faults });
  // Every suite's emulator secrets are looked for by the runner's scan after the session.
  recordEmulatorSecrets(emulator, new Set());
  await pointAt(api, emulator, profiles, options);
  emulator.log.length = 0;
  return emulator;
}

/**
 * Writes profiles holding `emulator`'s admin key and points the extension at its endpoint
 * (connect() without starting one: for an emulator in another process).
 */
export async function pointAt(
  api: ExtensionTestApi,
  emulator: Pick<Emulator, 'endpoint' | 'adminKey'>,
  profiles: string[] = ['demo'],
  options: { snapshot?: 'auto' | 'onDemand' | 'off' } = {},
): Promise<void> {
  const { config, credentials } = sharedFiles();
  writeFile(config, profiles.map((p) => `[profile ${p}]\nregion = us-east-1\n`).join('\n'));
  writeFile(
    credentials,
    profiles
      .map(
        (p) =>
          `[${p}]\naws_access_key_id = ${emulator.adminKey.accessKeyId}\naws_secret_access_key = ${emulator.adminKey.secretAccessKey}\n`,
      )
      .join('\n'),
  );
  await updateSettings([
    ['endpoint', emulator.endpoint, vscode.ConfigurationTarget.Global],
    ['profiles', profiles, vscode.ConfigurationTarget.Global],
    ['snapshot', options.snapshot ?? 'onDemand', vscode.ConfigurationTarget.Global],
  ]);
  api.services.profiles.invalidate();
  api.services.connections.invalidate();
  api.services.tree.refresh();
}

/**
 * Updates iamExplorer settings and waits until VS Code has delivered the configuration
 * event of each update that changes a value. The extension reloads on those events, which
 * arrive after update() resolves; a late one would clear what the next test loads.
 */
export async function updateSettings(
  changes: [key: string, value: unknown, target: vscode.ConfigurationTarget][],
): Promise<void> {
  const settings = vscode.workspace.getConfiguration('iamExplorer');
  const valueAt = (key: string, target: vscode.ConfigurationTarget) => {
    const i = settings.inspect(key);
    return target === vscode.ConfigurationTarget.Global ? i?.globalValue : i?.workspaceValue;
  };
  const effective = changes.filter(
    ([key, value, target]) => JSON.stringify(valueAt(key, target)) !== JSON.stringify(value),
  );
  let pending = effective.length;
  const delivered = new Promise<void>((resolve) => {
    if (pending === 0) return resolve();
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('iamExplorer')) return;
      if (--pending === 0) {
        sub.dispose();
        resolve();
      }
    });
  });
  for (const [key, value, target] of effective) await settings.update(key, value, target);
  await delivered;
}

export async function disconnect(emulator: Emulator | undefined): Promise<void> {
  const changes: [string, unknown, vscode.ConfigurationTarget][] = [];
  for (const target of [vscode.ConfigurationTarget.Global, vscode.ConfigurationTarget.Workspace]) {
    changes.push(['endpoint', undefined, target], ['profiles', undefined, target]);
  }
  await updateSettings(changes);
  await emulator?.stop();
}

/** Children of a node, as the view would get them. */
export async function children(api: ExtensionTestApi, node?: ExplorerNode): Promise<ExplorerNode[]> {
  return api.services.tree.getChildren(node);
}

export async function label(api: ExtensionTestApi, node: ExplorerNode): Promise<string> {
  const item = await api.services.tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/**
 * The child whose label is `name`; fails the test with the labels that exist. A folder whose load a refresh or a
 * hidden view aborted answers no children (the view asks again): an empty answer is asked again for up to 3 s.
 */
export async function child(
  api: ExtensionTestApi,
  node: ExplorerNode | undefined,
  name: string,
): Promise<ExplorerNode> {
  let kids = await children(api, node);
  for (let i = 0; i < 15 && kids.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    kids = await children(api, node);
  }
  for (const k of kids) if ((await label(api, k)) === name) return k;
  const labels = await Promise.all(kids.map((k) => label(api, k)));
  throw new Error(`no child "${name}"; children are: ${labels.join(', ')}`);
}

export async function labels(api: ExtensionTestApi, node?: ExplorerNode): Promise<string[]> {
  return Promise.all((await children(api, node)).map((k) => label(api, k)));
}

export type FindingNode = Extract<FindingsNode, { kind: 'finding' }>;

/** The shown findings under a node of the Findings view (all of them from the top), suppressed ones left out. */
export async function findingNodes(api: ExtensionTestApi, under?: FindingsNode): Promise<FindingNode[]> {
  const out: FindingNode[] = [];
  for (const node of await api.services.findings.getChildren(under)) {
    if (node.kind === 'finding') out.push(node);
    else if (node.kind !== 'suppressedFolder' && node.kind !== 'skippedFolder')
      out.push(...(await findingNodes(api, node)));
  }
  return out;
}

/** Follows a path of labels from the root. */
export async function nodeAt(api: ExtensionTestApi, ...path: string[]): Promise<ExplorerNode> {
  let node: ExplorerNode | undefined;
  for (const name of path) node = await child(api, node, name);
  if (!node) throw new Error('empty path');
  return node;
}

type PromptKind = 'quickPick' | 'inputBox' | 'warning' | 'info' | 'error' | 'saveDialog';
type Answer = (kind: PromptKind, request: unknown, items: unknown) => unknown;

/**
 * A Ui that answers prompts in order from a script, and records every message shown.
 * A prompt with no scripted answer fails the test instead of hanging.
 */
export class ScriptedUi implements Ui {
  /** `detail`: a modal's detail text, when it had one. */
  readonly messages: { kind: string; text: string; detail?: string }[] = [];
  private readonly script: Answer[] = [];

  answer(...answers: Answer[]): this {
    this.script.push(...answers);
    return this;
  }

  /** What was put on the clipboard (it may be a secret: compare it, never print it). */
  clipboard: string | undefined;

  private next(kind: PromptKind, request: unknown, items: unknown): unknown {
    const a = this.script.shift();
    if (!a) throw new Error(`unexpected ${kind} prompt: ${JSON.stringify(request)}`);
    return a(kind, request, items);
  }

  showQuickPick = (async (items: unknown, options?: unknown) =>
    this.next('quickPick', options, await items)) as Ui['showQuickPick'];

  async showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return this.next('inputBox', options, undefined) as string | undefined;
  }

  /**
   * A step of a multi-step flow answers like an input box; an answer may return BACK. The request carries step,
   * totalSteps and value.
   */
  async inputStep(options: vscode.InputBoxOptions & StepOptions): Promise<string | Back | undefined> {
    this.steps.push({
      kind: 'inputBox',
      title: options.title ?? '',
      step: options.step,
      totalSteps: options.totalSteps,
      value: options.value,
      back: options.step > 1,
    });
    return this.next('inputBox', options, undefined) as string | Back | undefined;
  }

  /** A pick step answers like a quick pick; `selected` in the record is what it showed picked. */
  pickStep = (async <T extends vscode.QuickPickItem>(
    items: readonly T[] | Promise<readonly T[]>,
    options: vscode.QuickPickOptions & StepOptions & { readonly selected?: (item: T) => boolean },
  ) => {
    const list = await items;
    const selected = list.filter((i) => options.selected?.(i) ?? false).map((i) => i.label);
    this.steps.push({
      kind: 'quickPick',
      title: options.title ?? '',
      step: options.step,
      totalSteps: options.totalSteps,
      selected,
      back: options.step > 1,
    });
    return this.next('quickPick', options, list);
  }) as Ui['pickStep'];

  /**
   * Every step of a multi-step flow shown, in order: its place, what it showed entered or picked, and whether it had
   * Back.
   */
  readonly steps: {
    kind: 'inputBox' | 'quickPick';
    title: string;
    step: number;
    totalSteps: number;
    value?: string;
    selected?: string[];
    back: boolean;
  }[] = [];

  async showWarningMessage<T extends string>(
    message: string,
    options: vscode.MessageOptions,
    ...items: T[]
  ): Promise<T | undefined> {
    this.messages.push({
      kind: 'warning',
      text: message,
      ...(options.detail !== undefined ? { detail: options.detail } : {}),
    });
    return this.next('warning', message, items) as T | undefined;
  }

  async showInformationMessage<T extends string>(message: string, ...items: T[]): Promise<T | undefined> {
    this.messages.push({ kind: 'info', text: message });
    return items.length ? (this.next('info', message, items) as T | undefined) : undefined;
  }

  async showErrorMessage<T extends string>(message: string, ..._items: T[]): Promise<T | undefined> {
    this.messages.push({ kind: 'error', text: message });
    return undefined;
  }

  async showSaveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return this.next('saveDialog', options.title ?? 'save', undefined) as vscode.Uri | undefined;
  }

  async writeClipboard(text: string): Promise<void> {
    this.clipboard = text;
  }

  async readClipboard(): Promise<string> {
    return this.clipboard ?? '';
  }

  /**
   * Every progress notification's title and messages, in order, and whether it was cancellable;
   * `view` names the view for progress shown in a view (window.withProgress at a view's id).
   */
  readonly progress: { title: string; cancellable: boolean; messages: string[]; view?: string }[] = [];
  /** Presses Cancel on the progress notification when it reports a message this accepts. */
  cancelProgressWhen: ((message: string) => boolean) | undefined;

  async withProgress<T>(
    options: vscode.ProgressOptions,
    task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Promise<T>,
  ): Promise<T> {
    const view = typeof options.location === 'object' ? options.location.viewId : undefined;
    const shown = {
      title: options.title ?? '',
      cancellable: options.cancellable === true,
      messages: [] as string[],
      ...(view === undefined ? {} : { view }),
    };
    this.progress.push(shown);
    const source = new vscode.CancellationTokenSource();
    try {
      return await task(
        {
          report: ({ message }) => {
            if (message === undefined) return;
            shown.messages.push(message);
            if (shown.cancellable && this.cancelProgressWhen?.(message)) source.cancel();
          },
        },
        source.token,
      );
    } finally {
      source.dispose();
    }
  }
}

/**
 * Resolves once the tree has fired no change for `quietMs`: the file watcher's reload
 * after connect() wrote the AWS files arrives late on a loaded machine, and a full refresh
 * landing after a reveal() clears the selection that reveal set.
 */
export async function treeSettled(api: ExtensionTestApi, quietMs = 1500, maxMs = 20_000): Promise<number> {
  const started = Date.now();
  const deadline = started + maxMs;
  let last = started;
  let changes = 0;
  const sub = api.services.tree.onDidChangeTreeData(() => {
    last = Date.now();
    changes++;
  });
  try {
    while (Date.now() - last < quietMs) {
      if (Date.now() > deadline) throw new Error(`the tree kept changing for ${maxMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return changes;
  } finally {
    sub.dispose();
  }
}

/** Polls `probe` until it returns a value (for state the workbench reports back asynchronously). */
export async function eventually<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
