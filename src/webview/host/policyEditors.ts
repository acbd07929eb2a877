/**
 * The policy editor panels on the extension side: one per document (opening it again
 * focuses it), revived after a window reload by a panel serializer from the page's
 * saved state. The page edits and validates; this side reads and writes IAM, answers
 * catalog questions, and runs the save (core/iam/policySave.ts) with its prompts.
 */
import * as vscode from 'vscode';
import type { Connection } from '../../aws/connections';
import { analyzerUnavailable, validateWithAccessAnalyzer } from '../../aws/accessAnalyzer';
import { SdkPolicyBackend } from '../../aws/policyBackend';
import { setting } from '../../aws/settings';
import { Cancelled } from '../../commands/runCommand';
import { describeAwsError } from '../../core/iam/errors';
import { describeTarget, isAwsManaged, isReadOnly, savePolicy, targetKey, type PolicyTarget, type Snapshot } from '../../core/iam/policySave';
import type { ActionCatalog } from '../../core/policy/catalog';
import { formatPolicy } from '../../core/policy/document';
import { SIZE_LIMITS, policySize } from '../../core/policy/size';
import { validatePolicySync } from '../../core/policy/validate';
import type { Services } from '../../services';
import type { Mutation } from '../../core/model/accountModel';
import { parsePageMessage, parsePageState, VIEW_TYPE, type CatalogReply, type CatalogRequest, type DocumentInfo, type HostToPage, type PageSnapshot, type PageToHost, type Status, type TestAction } from '../protocol';
import { editorHtml, makeNonce } from './html';
import { EditorRecords, newHandle, withNamesFromArn } from './editorRecords';
import { SNAPSHOT_SCHEME, SnapshotDocuments } from './snapshots';

/** What a new identity policy starts as. */
export const IDENTITY_TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "",
      "Effect": "Allow",
      "Action": [],
      "Resource": []
    }
  ]
}`;

interface Sizing {
  limit: number;
  note: string;
}

/** `iamExplorer.policyEditor.accessAnalyzer`: also validate with IAM Access Analyzer (sends the text to AWS). */
function accessAnalyzerEnabled(): boolean {
  return setting<boolean>('policyEditor.accessAnalyzer', false) === true;
}

export class PolicyEditors implements vscode.Disposable {
  private readonly panels = new Map<string, PolicyEditorPanel>();
  /** Profiles for which Access Analyzer turned out unavailable this session: said once, then skipped. */
  readonly analyzerUnavailable = new Set<string>();
  readonly snapshots = new SnapshotDocuments();
  /** What each panel edits, under its opaque id, kept across reloads: the serializer revives from this, not from the page. */
  readonly records: EditorRecords;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly services: Services,
    readonly catalog: () => ActionCatalog,
  ) {
    this.records = new EditorRecords(services.context.workspaceState);
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, this.snapshots),
      // A new endpoint, profile or setting may make Access Analyzer available again.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('iamExplorer')) this.analyzerUnavailable.clear();
      }),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: unknown) => this.revive(panel, state),
      }),
    );
  }

  get root(): vscode.Uri {
    return vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview');
  }

  /** The open editors (for tests and for the commands that route into them). */
  all(): PolicyEditorPanel[] {
    return [...this.panels.values()];
  }

  find(target: PolicyTarget): PolicyEditorPanel | undefined {
    return this.panels.get(targetKey(target));
  }

  /** Opens `target` (reading it from IAM), or focuses its editor when one is open. `template` is the text of a new policy. */
  async open(requested: PolicyTarget, template = IDENTITY_TEMPLATE): Promise<PolicyEditorPanel> {
    const target = withNamesFromArn(requested);
    const existing = this.find(target);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const connection = await this.services.connections.get(target.profile);
    const backend = SdkPolicyBackend.for(connection);
    const isNew = target.kind === 'newManaged' || target.kind === 'newInline';
    const opened: Snapshot = isNew ? { exists: false, text: '' } : await backend.read(target);
    if (!isNew && !opened.exists) throw new Error(`${capitalize(describeTarget(target))} does not exist in IAM (any more). Refresh the tree.`);
    if (isNew) {
      const now = await backend.read(target);
      if (now.exists) throw new Error(`${capitalize(describeTarget(target))} already exists in IAM; open it from the tree to edit it.`);
    }
    const text = isNew ? template : readable(opened.text);
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Policy', vscode.ViewColumn.Active, this.webviewOptions());
    return this.adopt(panel, connection, target, opened, text, isNew ? '' : text);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.root], enableFindWidget: false };
  }

  /**
   * The panel serializer's work after a window reload. The page's saved state is the
   * page's to write, so it is trusted for nothing but an opaque id and the unsaved edit:
   * the id finds what this host kept about the panel (the document, what IAM held when it
   * opened, the saved baseline) in workspace state. An id the host never gave out, or a
   * state of the wrong shape, closes the panel without connecting anywhere. The document
   * is then read again from IAM: one that is gone closes the panel with a message.
   */
  async revive(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    const state = parsePageState(raw);
    const kept = typeof state === 'string' ? undefined : this.records.recall(state.handle);
    if (typeof state === 'string' || !kept) {
      this.services.log.warn(`policy editor: not restoring a panel after the reload: ${typeof state === 'string' ? state : 'its saved state names no editor this workspace opened'}.`);
      panel.dispose();
      return;
    }
    const target = withNamesFromArn(kept.target);
    try {
      if (this.find(target)) {
        panel.dispose();
        return;
      }
      const connection = await this.services.connections.get(target.profile);
      const isNew = target.kind === 'newManaged' || target.kind === 'newInline';
      if (!isNew && !(await SdkPolicyBackend.for(connection).read(target)).exists) {
        this.services.log.warn(`policy editor: not restoring ${describeTarget(target)}: it no longer exists in IAM.`);
        void this.services.ui.showWarningMessage(`The editor of ${describeTarget(target)} was not restored: it no longer exists in IAM (profile ${target.profile}).`, { modal: false });
        panel.dispose();
        return;
      }
      panel.webview.options = this.webviewOptions();
      await this.adopt(panel, connection, target, kept.opened, state.text ?? kept.savedText, kept.savedText, state.handle);
    } catch (err) {
      this.services.log.error(`restoring a policy editor: ${describeAwsError(err)}`);
      panel.dispose();
    }
  }

  private async adopt(panel: vscode.WebviewPanel, connection: Connection, target: PolicyTarget, opened: Snapshot, text: string, savedText: string, handle = newHandle()): Promise<PolicyEditorPanel> {
    const sizing = await this.sizing(connection, target);
    const editor = new PolicyEditorPanel(this, panel, handle, target, opened, text, savedText, sizing);
    this.panels.set(targetKey(target), editor);
    return editor;
  }

  /**
   * IAM's quota for the document, read live from GetAccountSummary when allowed (quotas can
   * be raised), else the documented defaults; an inline policy shares its entity's quota
   * with the entity's other inline policies.
   */
  private async sizing(connection: Connection, target: PolicyTarget): Promise<Sizing> {
    const live = await connection.service.accountSummary().catch(() => ({}) as Record<string, number>);
    const quota = (key: string, fallback: number): { value: number; source: string } =>
      typeof live[key] === 'number' && live[key] > 0 ? { value: live[key], source: 'the account' } : { value: fallback, source: 'the default' };
    const n = (v: number) => v.toLocaleString('en-US');
    if (target.kind === 'trust') {
      const q = quota('AssumeRolePolicySizeQuota', SIZE_LIMITS.trust);
      return { limit: q.value, note: `role trust policy quota, ${n(q.value)} (${q.source})` };
    }
    if (target.kind === 'managed' || target.kind === 'newManaged') {
      const q = quota('PolicySizeQuota', SIZE_LIMITS.managed);
      return { limit: q.value, note: `managed policy quota, ${n(q.value)} (${q.source})` };
    }
    const type = target.owner.type;
    const q =
      type === 'user' ? quota('UserPolicySizeQuota', SIZE_LIMITS.inlineUser) : type === 'group' ? quota('GroupPolicySizeQuota', SIZE_LIMITS.inlineGroup) : quota('RolePolicySizeQuota', SIZE_LIMITS.inlineRole);
    const base = `${type} inline policy quota, ${n(q.value)} (${q.source}), shared by all of the ${type}'s inline policies`;
    try {
      const others = await SdkPolicyBackend.for(connection).otherInlineSize(target.owner, target.policyName, policySize);
      return others > 0 ? { limit: Math.max(0, q.value - others), note: `${base}, minus ${n(others)} used by its other inline policies` } : { limit: q.value, note: base };
    } catch {
      return { limit: q.value, note: base };
    }
  }

  /** Called by a panel whose document changed identity (a new policy created, a version made default). */
  rekey(editor: PolicyEditorPanel, before: string): void {
    if (this.panels.get(before) === editor) this.panels.delete(before);
    this.panels.set(targetKey(editor.target), editor);
  }

  forget(editor: PolicyEditorPanel): void {
    const key = targetKey(editor.target);
    if (this.panels.get(key) === editor) this.panels.delete(key);
  }

  async answer(request: CatalogRequest): Promise<CatalogReply> {
    const catalog = this.catalog();
    try {
      switch (request.method) {
        case 'services':
          return { type: 'catalogReply', id: request.id, method: 'services', ok: true, result: await catalog.services() };
        case 'service':
          return { type: 'catalogReply', id: request.id, method: 'service', ok: true, result: (await catalog.service(request.params.prefix)) ?? null };
        case 'conditionKey':
          return { type: 'catalogReply', id: request.id, method: 'conditionKey', ok: true, result: (await catalog.conditionKey(request.params.key)) ?? null };
        case 'globalConditionKeys':
          return { type: 'catalogReply', id: request.id, method: 'globalConditionKeys', ok: true, result: await catalog.globalConditionKeys() };
      }
    } catch (err) {
      return { type: 'catalogReply', id: request.id, method: request.method, ok: false, error: String(err) };
    }
  }

  dispose(): void {
    for (const p of this.all()) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** IAM keeps the text as sent; a one-line document is shown indented. */
function readable(text: string): string {
  return text.includes('\n') ? text : formatPolicy(text);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export class PolicyEditorPanel {
  private latest: string;
  private busy = false;
  private nextTestId = 1;
  private readonly tests = new Map<number, (s: PageSnapshot) => void>();
  private analyzerTimer: ReturnType<typeof setTimeout> | undefined;
  private analyzed = '';
  private pageReady: Promise<void>;
  private isReady = false;
  private markReady!: () => void;

  constructor(
    private readonly owner: PolicyEditors,
    readonly panel: vscode.WebviewPanel,
    /** The opaque id the page keeps in its state; the host keeps the document under it. */
    readonly handle: string,
    public target: PolicyTarget,
    private opened: Snapshot,
    text: string,
    private savedText: string,
    private sizing: Sizing,
  ) {
    this.latest = text;
    this.remember();
    this.pageReady = new Promise((r) => (this.markReady = r));
    // A hidden webview is torn down and rebuilt when shown again: wait for its next 'ready'.
    panel.onDidChangeViewState(() => {
      if (!panel.visible && this.isReady) {
        this.isReady = false;
        this.pageReady = new Promise((r) => (this.markReady = r));
      }
    });
    panel.iconPath = vscode.Uri.joinPath(owner.services.context.extensionUri, 'media', 'iam.svg');
    // Every message is checked for type and shape first: the page is not trusted with the host's state.
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const m = parsePageMessage(raw);
      if (typeof m === 'string') {
        this.services.log.warn(`policy editor: ignored a message from the page: ${m}`);
        return;
      }
      this.receive(m).catch((err: unknown) => this.services.log.error(`policy editor: ${m.type}: ${describeAwsError(err)}`));
    });
    panel.onDidDispose(() => void this.disposed().catch((err: unknown) => this.services.log.warn(`policy editor closed: ${String(err)}`)));
    panel.webview.html = editorHtml(panel.webview, owner.root, makeNonce());
    this.updateTitle();
  }

  get dirty(): boolean {
    return this.latest !== this.savedText;
  }

  /** Keeps what this panel edits under its handle, for a revive after a reload. */
  private remember(): void {
    this.owner.records.remember(this.handle, { target: this.target, opened: this.opened, savedText: this.savedText });
  }

  /** The text the page holds (as of its last change message). */
  get text(): string {
    return this.latest;
  }

  private get services(): Services {
    return this.owner.services;
  }

  private info(): DocumentInfo {
    const t = this.target;
    const readOnly = isReadOnly(t, this.opened);
    const profile = `profile ${t.profile}`;
    let title: string;
    let subtitle: string;
    switch (t.kind) {
      case 'managed':
        title = readOnly ? `${t.policyName} (${this.opened.versionId ?? ''}, read-only)` : t.policyName;
        subtitle = isAwsManaged(t)
          ? `AWS managed policy (read-only) · version ${this.opened.versionId ?? ''} · ${t.policyArn} · ${profile}`
          : readOnly
          ? `Managed policy · version ${t.versionId ?? ''} (not the default) · ${t.policyArn} · ${profile}`
          : `Managed policy · default version ${this.opened.versionId ?? ''} · ${t.policyArn} · ${profile}`;
        break;
      case 'inline':
        title = t.policyName;
        subtitle = `Inline policy of ${t.owner.type} ${t.owner.name} · ${profile}`;
        break;
      case 'trust':
        title = `${t.roleName}: trust policy`;
        subtitle = `Trust policy (who can assume role ${t.roleName}) · ${profile}`;
        break;
      case 'newManaged':
        title = `${t.policyName} (new)`;
        subtitle = `New managed policy at path ${t.path} · created on save · ${profile}`;
        break;
      case 'newInline':
        title = `${t.policyName} (new)`;
        subtitle = `New inline policy of ${t.owner.type} ${t.owner.name} · created on save · ${profile}`;
        break;
    }
    return {
      key: targetKey(t),
      title,
      subtitle,
      kind: t.kind === 'trust' ? 'trust' : 'identity',
      sizeLimit: this.sizing.limit,
      sizeNote: this.sizing.note,
      readOnly,
      canMakeDefault: readOnly && !isAwsManaged(t),
      isNew: t.kind === 'newManaged' || t.kind === 'newInline',
    };
  }

  private updateTitle(): void {
    const { title } = this.info();
    this.panel.title = `${this.dirty ? '● ' : ''}${title}`;
  }

  private post(message: HostToPage): void {
    void this.panel.webview.postMessage(message);
  }

  private status(status: Status | null): void {
    this.post({ type: 'status', status });
  }

  private async receive(m: PageToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.post({ type: 'init', doc: this.info(), text: this.latest, savedText: this.savedText, handle: this.handle });
        this.isReady = true;
        this.markReady();
        this.scheduleAnalyzer(0);
        break;
      case 'changed':
        this.latest = m.text;
        this.updateTitle();
        this.scheduleAnalyzer();
        break;
      case 'save':
        this.latest = m.text;
        await this.save(m.text);
        break;
      case 'makeDefault':
        await this.makeDefault();
        break;
      case 'revert':
        await this.revert();
        break;
      case 'catalog':
        this.post(await this.owner.answer(m));
        break;
      case 'testResult':
        this.tests.get(m.id)?.(m.snapshot);
        this.tests.delete(m.id);
        break;
    }
  }

  /** Access Analyzer, when the setting allows it, a while after typing stops. */
  private scheduleAnalyzer(delayMs = 1500): void {
    if (!accessAnalyzerEnabled() || this.owner.analyzerUnavailable.has(this.target.profile)) return;
    if (this.analyzerTimer) clearTimeout(this.analyzerTimer);
    this.analyzerTimer = setTimeout(() => {
      this.analyzerTimer = undefined;
      void this.runAnalyzer();
    }, delayMs);
  }

  private async runAnalyzer(): Promise<void> {
    const text = this.latest;
    const { kind } = this.info();
    if (text === this.analyzed || this.owner.analyzerUnavailable.has(this.target.profile)) return;
    // Text the local checks reject would only come back with the same errors.
    if (validatePolicySync(text, kind, { sizeLimit: Infinity }).some((f) => f.severity === 'error')) return;
    const unavailable = (why: string) => {
      this.owner.analyzerUnavailable.add(this.target.profile);
      this.services.log.warn(`policy editor: Access Analyzer unavailable for profile ${this.target.profile}: ${why}`);
      this.status({ level: 'info', text: `${why} The editor carries on with its own checks.` });
    };
    try {
      const connection = await this.services.connections.get(this.target.profile);
      const why = analyzerUnavailable(connection);
      if (why) return unavailable(why);
      const findings = await validateWithAccessAnalyzer(connection, text, kind);
      this.analyzed = text;
      this.post({ type: 'external', text, findings });
    } catch (err) {
      unavailable(`Access Analyzer is unavailable: ${describeAwsError(err)}.`);
    }
  }

  /** Tier-2 tests drive the page through this; it exists only when the extension runs under test. */
  async test(action: TestAction, timeoutMs = 15_000): Promise<PageSnapshot> {
    if (this.services.context.extensionMode !== vscode.ExtensionMode.Test) throw new Error('the page test hook exists only under test');
    await this.pageReady;
    const id = this.nextTestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.tests.delete(id);
        reject(new Error(`the page did not answer test action ${action.do} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.tests.set(id, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      this.post({ type: 'test', id, action });
    });
  }

  /** The profile's current clients: they are replaced when settings or credentials change. */
  private async backend(): Promise<SdkPolicyBackend> {
    return SdkPolicyBackend.for(await this.services.connections.get(this.target.profile));
  }

  private afterSave(savedText: string, opened: Snapshot, target: PolicyTarget, replaceText?: string): void {
    const before = targetKey(this.target);
    this.target = target;
    this.opened = opened;
    this.savedText = savedText;
    if (replaceText !== undefined) this.latest = replaceText;
    if (targetKey(target) !== before) this.owner.rekey(this, before);
    this.remember();
    this.post({ type: 'saved', doc: this.info(), savedText, text: replaceText });
    this.updateTitle();
  }

  async save(text: string): Promise<void> {
    if (this.busy) return;
    const info = this.info();
    if (info.readOnly) return;
    const errors = validatePolicySync(text, info.kind, { sizeLimit: this.sizing.limit }).filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      const first = errors[0]?.message ?? '';
      this.status({ level: 'error', text: `Not saved: fix ${errors.length === 1 ? 'the error' : `the ${errors.length} errors`} first. ${first}` });
      return;
    }
    this.busy = true;
    const what = describeTarget(this.target);
    const before = this.target;
    try {
      this.status({ level: 'progress', text: 'Reading what IAM holds now…' });
      const outcome = await savePolicy(this.target, text, this.opened, await this.backend(), {
        confirm: (now, next) => this.confirmDiff(now, next),
        confirmEvict: async (version) => {
          const created = version.created ? `, created ${version.created.toISOString().slice(0, 10)}` : '';
          const label = `Delete ${version.versionId} and Save`;
          const choice = await this.services.ui.showWarningMessage(
            `Policy ${this.target.kind === 'managed' ? this.target.policyName : ''} already has 5 versions, the most IAM keeps. Delete its oldest non-default version, ${version.versionId}${created}, to make room for the new one?`,
            { modal: true, detail: `${version.versionId} cannot be restored once deleted.` },
            label,
          );
          return choice === label;
        },
      });
      switch (outcome.status) {
        case 'saved': {
          const isVersion = outcome.target.kind === 'managed';
          this.afterSave(text, outcome.snapshot, outcome.target);
          const deleted = outcome.deletedVersion ? ` (deleted ${outcome.deletedVersion})` : '';
          this.status({ level: 'success', text: isVersion ? `Saved as version ${outcome.snapshot.versionId ?? ''}, now the default${deleted}.` : 'Saved.' });
          this.services.log.info(`policy editor: saved ${what}${isVersion ? ` as ${outcome.snapshot.versionId ?? ''}` : ''}${deleted}`);
          void this.reportSaved(before, outcome.target, text, outcome.snapshot.versionId, outcome.deletedVersion);
          break;
        }
        case 'unchanged':
          this.afterSave(text, outcome.snapshot, outcome.target);
          if (outcome.adopted) {
            // An earlier save created it (the window reloaded or the extension host stopped
            // before the editor heard back): the editor now edits the policy IAM holds.
            this.status({ level: 'info', text: `IAM already holds this document as ${describeTarget(outcome.target)} (an earlier save created it): nothing to save. The editor now edits it.` });
            this.services.log.info(`policy editor: ${what} already exists in IAM with this document; editing ${describeTarget(outcome.target)}`);
            void this.reportSaved(before, outcome.target, text, outcome.snapshot.versionId);
          } else {
            this.status({ level: 'info', text: 'IAM already holds this document: nothing to save.' });
          }
          break;
        case 'cancelled':
          this.status(null);
          break;
        case 'conflict': {
          // Both changes are shown: IAM's in the diff, the user's in the editor (kept).
          // The new base is IAM now, so a second Save shows "IAM now ↔ your edit" and asks.
          this.opened = outcome.now;
          this.remember();
          this.post({ type: 'saved', doc: this.info(), savedText: this.savedText });
          this.status({
            level: 'warning',
            // A new managed policy cannot replace another one of the same name (CreatePolicy
            // refuses it): the way out is another name, or editing the existing policy.
            text:
              this.target.kind === 'newManaged'
                ? `Not saved: ${outcome.reason} Nothing was overwritten and your edit is kept. The diff shows the policy IAM holds under that name; to keep yours, copy it into IAM: Create Policy… under another name, or open the existing policy from the tree to change it.`
                : `Not saved: ${outcome.reason} Nothing was overwritten and your edit is kept. The diff shows what changed in IAM; Save again to replace it with your edit (you will see that diff first), or Reload from IAM.`,
          });
          await this.showDiff(outcome.base.exists ? readable(outcome.base.text) : '', outcome.now.exists ? readable(outcome.now.text) : '', `${this.info().title}: when opened ↔ IAM now`);
          this.services.log.warn(`policy editor: save of ${what} stopped: ${outcome.reason}`);
          break;
        }
      }
    } catch (err) {
      if (err instanceof Cancelled || err instanceof vscode.CancellationError) {
        this.status(null);
      } else {
        const text = describeAwsError(err);
        this.services.log.error(`policy editor: saving ${what}: ${text}`);
        this.status({ level: 'error', text: `Not saved: ${text} Your edit is kept.` });
      }
    } finally {
      this.busy = false;
    }
  }

  /** The diff editor, "IAM now ↔ your edit", then a modal question. */
  private async confirmDiff(now: Snapshot, next: string): Promise<boolean> {
    const title = this.info().title;
    const left = now.exists ? readable(now.text) : '';
    const diff = await this.showDiff(left, next, `${title}: IAM now ↔ your edit`);
    try {
      const action = now.exists ? 'Save' : 'Create';
      const choice = await this.services.ui.showWarningMessage(
        `${action} ${describeTarget(this.target)} in IAM (profile ${this.target.profile})?`,
        { modal: true, detail: now.exists ? 'The diff editor shows what IAM holds now (left) and what will be saved (right).' : 'The diff editor shows the new document.' },
        action,
      );
      return choice === action;
    } finally {
      await this.closeDiff(diff);
      this.panel.reveal();
    }
  }

  private async showDiff(left: string, right: string, title: string): Promise<vscode.Uri> {
    const l = this.owner.snapshots.put(left, 'before');
    const r = this.owner.snapshots.put(right, 'after');
    await vscode.commands.executeCommand('vscode.diff', l, r, title, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return r;
  }

  private async closeDiff(right: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  private async makeDefault(): Promise<void> {
    const t = this.target;
    if (t.kind !== 'managed' || !t.versionId || this.busy) return;
    const label = `Make ${t.versionId} the Default`;
    const choice = await this.services.ui.showWarningMessage(
      `Make version ${t.versionId} the default version of policy ${t.policyName}?`,
      { modal: true, detail: `Every user, group and role the policy is attached to gets the permissions of ${t.versionId} at once. The current default version stays as a non-default version.` },
      label,
    );
    if (choice !== label) return;
    this.busy = true;
    try {
      await (await this.backend()).setDefaultVersion(t.policyArn, t.versionId);
      const target: PolicyTarget = { kind: 'managed', profile: t.profile, policyArn: t.policyArn, policyName: t.policyName };
      const now = await (await this.backend()).read(target);
      this.afterSave(readable(now.text), now, target, readable(now.text));
      this.status({ level: 'success', text: `${t.versionId} is now the default version; you can edit it and save a new version.` });
      void this.report(t.profile, [{ kind: 'defaultVersion', policyArn: t.policyArn, versionId: t.versionId }]);
    } catch (err) {
      this.status({ level: 'error', text: `Could not make ${t.versionId} the default: ${describeAwsError(err)}` });
    } finally {
      this.busy = false;
    }
  }

  private async revert(): Promise<void> {
    if (this.busy) return;
    if (this.dirty) {
      const choice = await this.services.ui.showWarningMessage(`Discard your edit of ${describeTarget(this.target)} and load what IAM holds now?`, { modal: true }, 'Discard and Reload');
      if (choice !== 'Discard and Reload') return;
    }
    try {
      const now = await (await this.backend()).read(this.target);
      if (!now.exists) {
        this.status({ level: 'error', text: `${capitalize(describeTarget(this.target))} no longer exists in IAM.` });
        return;
      }
      const text = readable(now.text);
      this.afterSave(text, now, this.target, text);
      this.status({ level: 'info', text: 'Reloaded from IAM.' });
    } catch (err) {
      this.status({ level: 'error', text: `Could not reload: ${describeAwsError(err)}` });
    }
  }

  /**
   * What a save wrote, reported once to the profile's account model (the tree re-renders
   * what shows it). `before` is what the editor edited, `after` what it edits now (a new
   * policy becomes the policy created).
   */
  private async reportSaved(before: PolicyTarget, after: PolicyTarget, text: string, versionId?: string, deletedVersion?: string): Promise<void> {
    const mutations: Mutation[] = [];
    switch (after.kind) {
      case 'managed':
        if (before.kind === 'newManaged') {
          // CreatePolicy's answer stays inside the save; read the new policy back to describe it.
          const { service } = await this.services.connections.get(after.profile);
          const entity = await service.getPolicy(after.policyArn);
          mutations.push({ kind: 'created', entity, document: text });
        } else {
          if (deletedVersion) mutations.push({ kind: 'versionDeleted', policyArn: after.policyArn, versionId: deletedVersion });
          if (versionId) mutations.push({ kind: 'versionCreated', policyArn: after.policyArn, versionId, document: text, setAsDefault: true });
        }
        break;
      case 'inline':
      case 'newInline':
        mutations.push({ kind: 'inline', entity: after.owner, policyName: after.policyName, document: text });
        break;
      case 'trust':
        mutations.push({ kind: 'trust', role: after.roleName, document: text });
        break;
      case 'newManaged':
        break;
    }
    await this.report(after.profile, mutations);
  }

  private async report(profile: string, mutations: readonly Mutation[]): Promise<void> {
    try {
      const { model } = await this.services.connections.get(profile);
      for (const m of mutations) model.apply(m);
    } catch (err) {
      this.services.log.warn(`policy editor: the tree could not be updated after the save (${describeAwsError(err)}); Refresh shows it`);
    }
  }

  private async disposed(): Promise<void> {
    if (this.analyzerTimer) clearTimeout(this.analyzerTimer);
    this.owner.forget(this);
    for (const resolve of this.tests.values()) resolve({ text: '', title: '', subtitle: '', findings: [], sizeText: '', status: 'disposed', summaryText: '', dirty: false, readOnly: false, completions: [], markupElements: 0, state: null, hoverText: '' });
    this.tests.clear();
    if (!this.dirty) return;
    // A webview panel cannot veto its closing: offer the edit back instead of losing it.
    const text = this.latest;
    const choice = await this.services.ui.showWarningMessage(
      `The editor of ${describeTarget(this.target)} was closed with unsaved changes.`,
      { modal: false },
      'Reopen with My Edit',
    );
    if (choice !== 'Reopen with My Edit') return;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Policy', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [this.owner.root], enableFindWidget: false });
    const editor = new PolicyEditorPanel(this.owner, panel, newHandle(), this.target, this.opened, text, this.savedText, this.sizing);
    this.owner.rekey(editor, targetKey(this.target));
  }
}
