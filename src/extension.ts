import * as vscode from 'vscode';
import { Connections } from './aws/connections';
import { FindingsStore } from './aws/findingsStore';
import { shippedCatalog } from './aws/iamDataFile';
import { ProfileStore } from './aws/profiles';
import {
  connectionSettings,
  findingsSettings,
  maxConcurrentAccounts,
  ProfileChoice,
  snapshotMode,
  treeSettings,
} from './aws/settings';
import { accountAndRole, isSsoRootKey, SsoRoots } from './aws/ssoRoots';
import { Limiter } from './core/iam/paging';
import { registerCommands } from './commands';
import { inertUi, windowUi } from './commands/ui';
import { isCancelled } from './core/cancelled';
import { problemsOfProfile, sharedFilePaths, welcomeState } from './core/credentials';
import { Log } from './log';
import type { Services } from './services';
import { crossAccountDeps, crossAccountLinks } from './crossAccountLinks';
import { Snapshots } from './snapshots';
import { accessDetail } from './documents/accessDetail';
import { PolicyLanguageFeatures } from './documents/languageFeatures';
import { DOCUMENT_SCHEME, PolicyFileSystem } from './documents/policyFileSystem';
import { CodePolicies } from './documents/codePolicies';
import { ExplorerTree } from './tree/explorerTree';
import { Reveals } from './tree/reveals';
import { FindingsDecorations } from './tree/findingsDecorations';
import { FindingsTree, findingsStatus } from './tree/findingsTree';
import { SEVERITIES, type Severity } from './core/findings/types';
import type { ActionCatalog } from './core/policy/catalog';
import { PolicyEditors } from './webview/host/policyEditors';
import { ReportPanels } from './webview/host/reportPanel';
import { describeAwsError } from './core/iam/errors';
import { WorkspaceTrustNotice } from './workspaceTrust';

/** Settings that the clients are built with: a change renews them (and asks an MFA profile for a code again). */
const CLIENT_SETTINGS = ['endpoint', 'region', 'requestTimeoutSeconds'];

/** How long the shared files must be quiet after a change before they are re-read. */
const FILE_SETTLE_MS = 300;

/** What activate() returns when VS Code runs the extension under test: the override seam. */
export interface ExtensionTestApi {
  services: Services;
  /** Milliseconds activate() took. */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ExtensionTestApi | undefined {
  const started = performance.now();
  const log = new Log();
  const profiles = new ProfileStore();
  // Every prompt and message goes through the inert wrapper: what it shows can come from AWS.
  let ui = inertUi(windowUi);
  const ssoRoots = new SsoRoots(context.workspaceState, () => connectionSettings());
  const connections = new Connections(
    connectionSettings,
    {
      async mfaCode(profile, serial) {
        const code = await ui.showInputBox({
          title: `MFA code for profile ${profile}`,
          prompt: `Enter the 6-digit code from ${serial}`,
          validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'Enter the 6 digits your MFA device shows.'),
          ignoreFocusOut: true,
        });
        if (!code) throw new Error(`No MFA code was entered for profile ${profile}.`);
        return code.trim();
      },
    },
    process.env,
    { isSsoRoot: isSsoRootKey, connectionSource: (key) => ssoRoots.connectionSource(key) },
  );
  // SSO accounts load (connect, then list) at most maxConcurrentAccounts at once; a new limit applies to new loads.
  let accountSlots = new Limiter(maxConcurrentAccounts());
  const profileChoice = new ProfileChoice(context.workspaceState);
  const selectedProfiles = () => profileChoice.shown();
  const snapshots: Snapshots = new Snapshots({
    connection: (p) => connections.get(p),
    mode: snapshotMode,
    ui: () => ui,
    log,
    changed: (profile) => tree.rerenderRoot(profile),
    retries: connections.retries,
  });
  const tree: ExplorerTree = new ExplorerTree({
    profiles: selectedProfiles,
    connection: (p) => connections.get(p),
    settings: () => ({ ...treeSettings(), profilesHoldingKey: (id) => profiles.holding(id) }),
    problems: (profile) => profiles.load().then((report) => problemsOfProfile(report.problems, profile)),
    welcome: async () => welcomeState(await profiles.names(), selectedProfiles()),
    credentialsFailed: (profile) => connections.invalidate(profile),
    connected: (profile, connection) => {
      // An SSO account's automatic snapshot waits for a slot too: opening a sign-in of 200 accounts
      // must not start 200 GetAccountAuthorizationDetails walks at once.
      if (isSsoRootKey(profile) && snapshotMode() === 'auto')
        void accountSlots.run(() => snapshots.load(profile, { connection, foreground: false })).catch(() => undefined);
      else snapshots.connected(profile, connection);
    },
    snapshotNote: (profile) => snapshots.note(profile),
    ssoGroups: () => ssoRoots.treeGroups(),
    ssoMoreAccounts: (key) => ssoRoots.moreAccounts(key),
    crossAccount: (profile, entity, which) =>
      crossAccountLinks(crossAccountDeps({ connections, snapshots, log, tree }), profile, entity, which),
    loadSlot: (profile, work) => (isSsoRootKey(profile) ? accountSlots.run(work) : work()),
    // The view's own progress bar while a folder lists (a large account's Users, a slow or throttled endpoint).
    progress: (task) => void ui.withProgress({ location: { viewId: 'iamExplorer.explorer' } }, task),
  });
  // The IAM action catalog loads on first use (a policy editor, a simulation), one service at a time.
  let catalog: ActionCatalog | undefined;
  const reports = new ReportPanels(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), (err) => {
    if (isCancelled(err)) return; // Cancel on a link's progress: nothing to report
    const text = describeAwsError(err);
    log.error(`report link: ${text}`);
    void ui.showErrorMessage(text);
  });
  const view = vscode.window.createTreeView('iamExplorer.explorer', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const reveals = new Reveals(tree, view, log);
  // What the view no longer shows stops loading: a collapsed folder, or the whole view hidden or closed.
  context.subscriptions.push(
    view.onDidCollapseElement((e) => tree.collapsed(e.element)),
    view.onDidChangeVisibility((e) => {
      if (!e.visible) tree.hidden();
    }),
  );
  const findingsStore = new FindingsStore({
    connection: (p) => connections.get(p),
    // The accounts added from SSO are the user's own: a role trusting one of them is no unknown account.
    settings: () => {
      const s = findingsSettings();
      const added = ssoRoots.choices().flatMap((c) => c.accounts.map((a) => a.accountId));
      return { ...s, knownAccounts: [...new Set([...s.knownAccounts, ...added])] };
    },
    storage: context.globalState,
  });
  const findings = new FindingsTree({
    store: findingsStore,
    profiles: () => tree.allProfiles(),
    root: (key) => {
      const sso = ssoRoots.root(key);
      return sso ? { label: sso.accountName, description: accountAndRole(sso) } : { label: key };
    },
    welcome: async () => welcomeState(await profiles.names(), selectedProfiles()),
  });
  const findingsView = vscode.window.createTreeView('iamExplorer.findings', {
    treeDataProvider: findings,
    showCollapseAll: true,
  });
  const findingsDecorations = new FindingsDecorations(findingsStore);
  const services: Services = {
    log,
    get ui() {
      return ui;
    },
    set ui(next) {
      ui = inertUi(next);
    },
    context,
    connections,
    profiles,
    shownProfiles: selectedProfiles,
    profileChoice,
    snapshots,
    tree,
    ssoRoots,
    view,
    reveals,
    findingsStore,
    findings,
    findingsView,
    findingsDecorations,
    get policyEditors() {
      return policyEditors;
    },
    get documents() {
      return documents;
    },
    reports,
    catalog: () =>
      (catalog ??= shippedCatalog(vscode.Uri.joinPath(context.extensionUri, 'dist', 'iam-data.jsonl').fsPath)),
  };
  const policyEditors = new PolicyEditors(services, () => services.catalog());
  context.subscriptions.push(policyEditors, reports);
  const documents = new PolicyFileSystem(services, policyEditors.snapshots, (q) =>
    accessDetail(services, services.catalog(), q.target, q.now, q.text),
  );
  // The policy checks for iam: documents in the text editor; policies in the user's own files are CodePolicies'.
  context.subscriptions.push(documents, new PolicyLanguageFeatures(() => services.catalog()));
  // Policies in the user's own files: checked when opened or edited; a file without one costs a text test.
  context.subscriptions.push(new CodePolicies(() => services.catalog(), log));
  context.subscriptions.push(
    log,
    view,
    reveals,
    tree,
    findingsView,
    findings,
    findingsDecorations,
    vscode.window.registerFileDecorationProvider(findingsDecorations),
    profileChoice,
    snapshots,
    vscode.workspace.registerFileSystemProvider(DOCUMENT_SCHEME, documents, { isCaseSensitive: true }),
  );
  registerCommands(context, services);

  const status = vscode.window.createStatusBarItem('iamExplorer.profiles', vscode.StatusBarAlignment.Left, 10);
  status.name = 'IAM Explorer Profiles';
  status.command = 'iamExplorer.selectProfiles';
  const showStatus = () => {
    const names = selectedProfiles();
    status.text = `$(shield) ${names.join(', ')}`;
    status.tooltip = `IAM Explorer profiles: ${names.join(', ')} — click to change`;
    status.show();
  };
  showStatus();
  context.subscriptions.push(status);

  // The loaded profiles' findings (suppressed ones left out), once a profile has been checked.
  const findingsBar = vscode.window.createStatusBarItem('iamExplorer.findings', vscode.StatusBarAlignment.Left, 9);
  findingsBar.name = 'IAM Explorer Findings';
  findingsBar.command = 'iamExplorer.findings.focus';
  const showFindingsStatus = async () => {
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    let loaded = 0;
    for (const profile of selectedProfiles()) {
      const pending = findingsStore.peek(profile);
      const done = pending && (await pending.catch(() => undefined));
      if (!done) continue;
      loaded++;
      for (const f of findingsStore.view(done).shown) counts[f.severity]++;
    }
    if (!loaded) return findingsBar.hide();
    const { text, tooltip } = findingsStatus(counts);
    findingsBar.text = text;
    findingsBar.tooltip = tooltip;
    findingsBar.show();
  };
  context.subscriptions.push(
    findingsBar,
    findingsStore.onDidChange(() => void showFindingsStatus()),
    findings.onDidChangeTreeData(() => void showFindingsStatus()),
  );

  const trustNotice = new WorkspaceTrustNotice(services);
  const reloadEverything = (why: string) => {
    log.info(`${why}: reloading profiles and clients`);
    void trustNotice.update();
    // Re-read as a file change would, so later file events compare against what the new clients see.
    void profiles.reread();
    connections.invalidate();
    ssoRoots.invalidate();
    accountSlots = new Limiter(maxConcurrentAccounts());
    tree.refresh();
    findingsStore.forget();
    snapshots.keepOnly([...selectedProfiles(), ...tree.allProfiles()]);
    showStatus();
  };
  /**
   * After the shared files changed on disk: only the profiles whose effective definition
   * changed lose their clients (and so their cached credentials: an MFA session) and their
   * cached tree; a root whose listed problems changed is refetched on its own clients.
   */
  const reloadChangedProfiles = async (why: string) => {
    const change = await profiles.reread();
    if (!change) {
      reloadEverything(`${why} (could not compare the profiles)`);
      return;
    }
    const { changed, problemsChanged } = change;
    // An sso-session section may have changed: the accounts' sign-ins are opened again on next use.
    ssoRoots.invalidate();
    log.info(
      `${why}: ` +
        (changed.length
          ? `reloading profile${changed.length === 1 ? '' : 's'} ${changed.join(', ')}`
          : 'no profile changed'),
    );
    for (const profile of changed) {
      connections.invalidate(profile);
      findingsStore.forget(profile);
    }
    const shown = new Set(selectedProfiles());
    for (const profile of [...changed, ...problemsChanged]) if (shown.has(profile)) tree.forgetProfile(profile);
    showStatus();
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('iamExplorer')) return;
      // Each setting reloads only what it affects: an MFA session (in the clients) survives the others.
      if (e.affectsConfiguration('iamExplorer.profiles'))
        void profileChoice.settingChanged().then(() => reloadEverything('iamExplorer.profiles changed'));
      else if (CLIENT_SETTINGS.some((key) => e.affectsConfiguration(`iamExplorer.${key}`)))
        reloadEverything('settings changed');
      else {
        if (e.affectsConfiguration('iamExplorer.showAwsManagedPolicies')) tree.rerenderPolicyFolders();
        if (e.affectsConfiguration('iamExplorer.accessKeyMaxAgeDays')) tree.rerenderAll();
        if (e.affectsConfiguration('iamExplorer.snapshot')) for (const p of selectedProfiles()) tree.rerenderRoot(p);
        if (e.affectsConfiguration('iamExplorer.maxConcurrentAccounts'))
          accountSlots = new Limiter(maxConcurrentAccounts());
      }
    }),
    profileChoice.onDidChange(() => {
      log.info(`profiles selected: ${selectedProfiles().join(', ')}`);
      tree.rerenderAll();
      snapshots.keepOnly(selectedProfiles());
      showStatus();
    }),
    // Trusting the workspace lets its restricted settings count: reload with them.
    vscode.workspace.onDidGrantWorkspaceTrust(() => reloadEverything('workspace trusted')),
  );
  void trustNotice.update();
  if (!vscode.workspace.isTrusted) {
    // Restricted settings may not raise configuration events in Restricted Mode: watch the files.
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
    const recheck = () => void trustNotice.update();
    context.subscriptions.push(
      watcher,
      watcher.onDidChange(recheck),
      watcher.onDidCreate(recheck),
      watcher.onDidDelete(recheck),
    );
  }
  // One write raises several events (a truncate, then the bytes; a temp file renamed over;
  // both files in turn): re-read once they have been quiet a moment, so a half-written file
  // is not compared (it would drop a profile's clients twice, asking for its MFA code twice).
  let settling: ReturnType<typeof setTimeout> | undefined;
  const filesChanged = (file: string) => {
    clearTimeout(settling);
    settling = setTimeout(() => void reloadChangedProfiles(`${file} changed`), FILE_SETTLE_MS);
  };
  context.subscriptions.push({ dispose: () => clearTimeout(settling) });
  // The shared files live outside the workspace; watch them where they are.
  for (const file of Object.values(sharedFilePaths())) {
    const uri = vscode.Uri.file(file);
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.split('/').pop() ?? ''),
    );
    const changed = () => filesChanged(file);
    context.subscriptions.push(
      watcher,
      watcher.onDidChange(changed),
      watcher.onDidCreate(changed),
      watcher.onDidDelete(changed),
    );
  }
  void profiles.load().catch((err: unknown) => log.warn(`reading AWS profiles: ${String(err)}`));

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return context.extensionMode === vscode.ExtensionMode.Test ? { services, activationMs } : undefined;
}

export function deactivate(): void {}
