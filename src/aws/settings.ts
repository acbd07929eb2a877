import * as vscode from 'vscode';
import { DEFAULT_MAX_CONCURRENT_ACCOUNTS } from '../core/sso';
import { REQUEST_TIMEOUT_SECONDS, requestTimeoutMs } from '../core/settings/bounds';
import { RESTRICTED_SETTINGS, restrictedSettingsIn } from '../core/settings/restricted';
import { DEFAULT_SETTINGS, type FindingsSettings } from '../core/findings/types';
import type { ConnectionSettings } from './connections';

const section = () => vscode.workspace.getConfiguration('iamExplorer');

/**
 * A setting's value. The restricted settings (src/core/settings/restricted.ts) are also
 * declared as `capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json;
 * this reader enforces it itself too, so a cloned repository's `.vscode/settings.json` can
 * never redirect credentials, whatever the host does with that declaration. For a
 * restricted one in an untrusted workspace: the user's value or the default.
 */
export function setting<T>(key: string, fallback: T): T {
  const s = section();
  if (vscode.workspace.isTrusted || !(RESTRICTED_SETTINGS as readonly string[]).includes(key))
    return s.get<T>(key, fallback);
  const inspected = s.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/**
 * Restricted settings this untrusted workspace sets, which are therefore ignored (full
 * keys). VS Code hides such values from inspect() in Restricted Mode, so the files they
 * come from are read as data: each folder's .vscode/settings.json and the .code-workspace
 * file's "settings".
 */
export async function ignoredWorkspaceSettings(): Promise<string[]> {
  if (vscode.workspace.isTrusted) return [];
  const found = new Set<string>();
  const files = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
    uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'),
    inWorkspaceFile: false,
  }));
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, inWorkspaceFile: true });
  for (const file of files) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file.uri));
    } catch {
      continue; // no such file
    }
    for (const key of restrictedSettingsIn(text, file.inWorkspaceFile)) found.add(key);
  }
  return RESTRICTED_SETTINGS.filter((k) => found.has(k)).map((key) => `iamExplorer.${key}`);
}

/** Where IAM: Select Profiles… keeps the choice in a workspace (extension storage, not a settings file). */
export const PROFILE_CHOICE_KEY = 'iamExplorer.selectedProfiles';

/**
 * Profiles shown in the tree: the choice made with IAM: Select Profiles… in this workspace
 * (`choice`: the workspace state), else the setting (kept for compatibility), else
 * AWS_PROFILE, else `default`.
 */
export function selectedProfiles(choice?: vscode.Memento): string[] {
  const chosen = vscode.workspace.workspaceFolders?.length ? choice?.get<unknown>(PROFILE_CHOICE_KEY) : undefined;
  if (Array.isArray(chosen) && chosen.length > 0 && chosen.every((p) => typeof p === 'string'))
    return [...new Set(chosen as string[])];
  const configured = setting<string[]>('profiles', []);
  if (Array.isArray(configured) && configured.length > 0) return [...new Set(configured)];
  return [process.env.AWS_PROFILE || 'default'];
}

/**
 * IAM: Select Profiles…'s choice. With a folder open it is kept in the workspace state, never
 * in the repository's .vscode/settings.json (a choice of one's own profiles is not something
 * to commit); with no folder, in the user settings. A later change of `iamExplorer.profiles`
 * in the settings is the newer word: it drops the kept choice.
 */
export class ProfileChoice implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The kept choice changed (a change of the setting raises a configuration event instead). */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {}

  shown(): string[] {
    return selectedProfiles(this.state);
  }

  async choose(names: readonly string[]): Promise<void> {
    if (vscode.workspace.workspaceFolders?.length) {
      await this.state.update(PROFILE_CHOICE_KEY, [...names]);
      this.emitter.fire();
    } else {
      await section().update('profiles', [...names], vscode.ConfigurationTarget.Global);
    }
  }

  /** `iamExplorer.profiles` changed in the settings. */
  async settingChanged(): Promise<void> {
    if (this.state.get(PROFILE_CHOICE_KEY) !== undefined) await this.state.update(PROFILE_CHOICE_KEY, undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function connectionSettings(): ConnectionSettings {
  const region = String(setting<string>('region', 'us-east-1')).trim();
  const inspected = section().inspect<string>('region');
  const workspaceCounts = vscode.workspace.isTrusted;
  const regionIsDefault =
    inspected?.globalValue === undefined &&
    (!workspaceCounts || (inspected?.workspaceValue === undefined && inspected?.workspaceFolderValue === undefined));
  return {
    endpoint: String(setting<string>('endpoint', '')).trim(),
    region: region || 'us-east-1',
    regionIsDefault,
    requestTimeoutMs: requestTimeoutMs(setting<unknown>('requestTimeoutSeconds', REQUEST_TIMEOUT_SECONDS.default)),
    // IAM throttles per account; standard retries with backoff ride through bursts.
    maxAttempts: 10,
  };
}

export function snapshotMode(): 'auto' | 'onDemand' | 'off' {
  const mode = section().get<string>('snapshot', 'auto');
  return mode === 'onDemand' || mode === 'off' ? mode : 'auto';
}

export function treeSettings(): { accessKeyMaxAgeDays: number; showAwsManagedPolicies: boolean } {
  const s = section();
  return {
    accessKeyMaxAgeDays: s.get<number>('accessKeyMaxAgeDays', 90),
    showAwsManagedPolicies: s.get<boolean>('showAwsManagedPolicies', false),
  };
}

/** `iamExplorer.maxConcurrentAccounts`: SSO accounts loading at once (a whole number from 1 to 32; 4 otherwise). */
export function maxConcurrentAccounts(): number {
  const value = section().get<unknown>('maxConcurrentAccounts', DEFAULT_MAX_CONCURRENT_ACCOUNTS);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 32
    ? value
    : DEFAULT_MAX_CONCURRENT_ACCOUNTS;
}

/** What the findings checks read: the key age limit and the accounts trusted without a finding (restricted). */
export function findingsSettings(): FindingsSettings {
  const known = setting<unknown>('knownAccounts', []);
  return {
    ...DEFAULT_SETTINGS,
    accessKeyMaxAgeDays: Math.max(
      1,
      section().get<number>('accessKeyMaxAgeDays', DEFAULT_SETTINGS.accessKeyMaxAgeDays),
    ),
    knownAccounts: Array.isArray(known)
      ? known.filter((a): a is string => typeof a === 'string' && /^\d{12}$/.test(a.trim())).map((a) => a.trim())
      : [],
  };
}
