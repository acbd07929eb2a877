/**
 * The policy editor: a custom text editor over the `iam:` documents (src/documents).
 * The CodeMirror page edits the `TextDocument` (two-way: the page's changes go in as
 * WorkspaceEdits, the document's other changes — undo, redo, Revert File, the text
 * editor beside — go to the page), so dirty state, save, revert, undo, hot exit and the
 * prompt on close are VS Code's own. Saving is the `iam:` file system's write (the
 * policy save with its confirmation); this side validates against the size quota first,
 * answers catalog questions, runs Access Analyzer and shows how a save ended.
 *
 * The page never names what is edited or where it is written: the document's URI is
 * VS Code's, the page sends text only.
 */
import * as vscode from 'vscode';
import type { Connection } from '../../aws/connections';
import { analyzerUnavailable, validateWithAccessAnalyzer } from '../../aws/accessAnalyzer';
import { SdkPolicyBackend } from '../../aws/policyBackend';
import { setting } from '../../aws/settings';
import { describeAwsError } from '../../core/iam/errors';
import { isAwsManaged, isReadOnly, targetKey, type PolicyTarget } from '../../core/iam/policySave';
import type { ActionCatalog } from '../../core/policy/catalog';
import { SIZE_LIMITS, policySize } from '../../core/policy/size';
import { validatePolicySync } from '../../core/policy/validate';
import { policyUri, readable, type PolicyFileSystem } from '../../documents/policyFileSystem';
import { reportMutations } from '../../documents/saveReport';
import { accessLines } from '../../documents/accessDetail';
import type { Services } from '../../services';
import {
  parsePageMessage,
  VIEW_TYPE,
  type CatalogReply,
  type CatalogRequest,
  type DocumentInfo,
  type HostToPage,
  type PageSnapshot,
  type PageToHost,
  type Status,
  type TestAction,
} from '../protocol';
import { editorHtml, makeNonce } from './html';
import { SNAPSHOT_SCHEME, SnapshotDocuments } from './snapshots';

interface Sizing {
  limit: number;
  note: string;
}

/** `iamExplorer.policyEditor.accessAnalyzer`: also validate with IAM Access Analyzer (sends the text to AWS). */
function accessAnalyzerEnabled(): boolean {
  return setting<boolean>('policyEditor.accessAnalyzer', false) === true;
}

/** The target with the name shown derived from the ARN (the calls use the ARN). */
function withNameFromArn(target: PolicyTarget): PolicyTarget {
  if (target.kind !== 'managed') return target;
  const name = target.policyArn.slice(target.policyArn.lastIndexOf('/') + 1);
  return name === target.policyName ? target : { ...target, policyName: name };
}

export class PolicyEditors implements vscode.Disposable, vscode.CustomTextEditorProvider {
  private readonly editors = new Set<PolicyEditorPanel>();
  /** Profiles for which Access Analyzer turned out unavailable this session: said once, then skipped. */
  readonly analyzerUnavailable = new Set<string>();
  readonly snapshots = new SnapshotDocuments();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly opening = new Map<string, (editor: PolicyEditorPanel) => void>();

  constructor(
    readonly services: Services,
    readonly catalog: () => ActionCatalog,
  ) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, this.snapshots),
      // A new endpoint, profile or setting may make Access Analyzer available again.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('iamExplorer')) this.analyzerUnavailable.clear();
      }),
      vscode.window.registerCustomEditorProvider(VIEW_TYPE, this, {
        webviewOptions: { enableFindWidget: false },
        supportsMultipleEditorsPerDocument: false,
      }),
    );
  }

  get documents(): PolicyFileSystem {
    return this.services.documents;
  }

  get root(): vscode.Uri {
    return vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview');
  }

  /** The open editors (for tests and for the commands that route into them). */
  all(): PolicyEditorPanel[] {
    return [...this.editors];
  }

  find(target: PolicyTarget): PolicyEditorPanel | undefined {
    const key = targetKey(withNameFromArn(target));
    return this.all().find((e) => targetKey(e.target) === key);
  }

  /** The editor in the active tab, if it is a policy editor. */
  active(): PolicyEditorPanel | undefined {
    return this.all().find((e) => e.panel.active);
  }

  /**
   * Opens `target`'s `iam:` document in the policy editor (or focuses its editor). `template`
   * replaces a new document's text, as an unsaved edit.
   */
  async open(requested: PolicyTarget, template?: string): Promise<PolicyEditorPanel> {
    const target = withNameFromArn(requested);
    const uri = policyUri(target);
    const existing = this.find(target);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const opened = new Promise<PolicyEditorPanel>((resolve) => this.opening.set(uri.toString(), resolve));
    const known = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    try {
      // Reads the document first: a missing one fails here with the file system's message.
      await vscode.workspace.openTextDocument(uri);
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE, {
        viewColumn: vscode.ViewColumn.Active,
        preview: false,
      });
    } catch (err) {
      this.opening.delete(uri.toString());
      throw err;
    }
    const editor = await opened;
    // VS Code kept the document from an earlier opening: without unsaved changes, it is read
    // again, so the editor starts from what IAM holds now (Revert File is that read).
    if (known && !editor.document.isDirty) {
      editor.panel.reveal();
      await vscode.commands.executeCommand('workbench.action.files.revert');
      // Clean before and after: no dirty-state change tells the editor its new baseline.
      editor.baselineIsDocument();
    }
    if (template !== undefined && editor.document.getText() !== template) await editor.replace(template);
    return editor;
  }

  async resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.root] };
    panel.iconPath = vscode.Uri.joinPath(this.services.context.extensionUri, 'media', 'iam.svg');
    const target = this.documents.target(document.uri);
    const connection = await this.services.connections.get(target.profile);
    // Restored with unsaved changes (hot exit): the page's baseline is what IAM holds, read now.
    if (document.isDirty && !this.documents.opened(document.uri))
      await this.documents
        .readBase(document.uri)
        .catch((err: unknown) =>
          this.services.log.warn(`policy editor: ${document.uri.path}: IAM's text not read: ${describeAwsError(err)}`),
        );
    const sizing = await this.sizing(connection, target);
    const editor = new PolicyEditorPanel(this, document, panel, sizing);
    this.editors.add(editor);
    panel.onDidDispose(() => this.editors.delete(editor));
    const key = document.uri.toString();
    this.opening.get(key)?.(editor);
    this.opening.delete(key);
  }

  /**
   * IAM's quota for the document, read live from GetAccountSummary when allowed (quotas can
   * be raised), else the documented defaults; an inline policy shares its entity's quota
   * with the entity's other inline policies.
   */
  private async sizing(connection: Connection, target: PolicyTarget): Promise<Sizing> {
    const live = await connection.service.accountSummary().catch(() => ({}) as Record<string, number>);
    const quota = (key: string, fallback: number): { value: number; source: string } =>
      typeof live[key] === 'number' && live[key] > 0
        ? { value: live[key], source: 'the account' }
        : { value: fallback, source: 'the default' };
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
      type === 'user'
        ? quota('UserPolicySizeQuota', SIZE_LIMITS.inlineUser)
        : type === 'group'
          ? quota('GroupPolicySizeQuota', SIZE_LIMITS.inlineGroup)
          : quota('RolePolicySizeQuota', SIZE_LIMITS.inlineRole);
    const base =
      `${type} inline policy quota, ${n(q.value)} (${q.source}` + `), shared by all of the ${type}'s inline policies`;
    try {
      const others = await SdkPolicyBackend.for(connection).otherInlineSize(
        target.owner,
        target.policyName,
        policySize,
      );
      return others > 0
        ? {
            limit: Math.max(0, q.value - others),
            note: `${base}, minus ${n(others)} used by its other inline policies`,
          }
        : { limit: q.value, note: base };
    } catch {
      return { limit: q.value, note: base };
    }
  }

  /** Runs `fn` on the active policy editor, or says there is none. */
  onActive(fn: (editor: PolicyEditorPanel) => Promise<void>): Promise<void> {
    const editor = this.active();
    if (!editor) throw new Error('Open a policy in the policy editor first (IAM: Edit Policy).');
    return fn(editor);
  }

  async answer(request: CatalogRequest): Promise<CatalogReply> {
    const catalog = this.catalog();
    try {
      switch (request.method) {
        case 'services':
          return {
            type: 'catalogReply',
            id: request.id,
            method: 'services',
            ok: true,
            result: await catalog.services(),
          };
        case 'service':
          return {
            type: 'catalogReply',
            id: request.id,
            method: 'service',
            ok: true,
            result: (await catalog.service(request.params.prefix)) ?? null,
          };
        case 'conditionKey':
          return {
            type: 'catalogReply',
            id: request.id,
            method: 'conditionKey',
            ok: true,
            result: (await catalog.conditionKey(request.params.key)) ?? null,
          };
        case 'globalConditionKeys':
          return {
            type: 'catalogReply',
            id: request.id,
            method: 'globalConditionKeys',
            ok: true,
            result: await catalog.globalConditionKeys(),
          };
      }
    } catch (err) {
      return { type: 'catalogReply', id: request.id, method: request.method, ok: false, error: String(err) };
    }
  }

  dispose(): void {
    for (const e of this.all()) e.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export class PolicyEditorPanel {
  private busy = false;
  private nextTestId = 1;
  private readonly tests = new Map<number, { resolve: (s: PageSnapshot) => void; reject: (e: Error) => void }>();
  private analyzerTimer: ReturnType<typeof setTimeout> | undefined;
  private accessTimer: ReturnType<typeof setTimeout> | undefined;
  private analyzed = '';
  private pageReady: Promise<void>;
  private isReady = false;
  private markReady!: () => void;
  /** The text the page holds, as of its last message (or what was last sent to it). */
  private pageText: string;
  /** The text on disk: what the document was read or saved as. */
  private savedText: string;
  /** Edits from the page are applied one after another. */
  private edits: Promise<unknown> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly owner: PolicyEditors,
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly sizing: Sizing,
  ) {
    this.pageText = document.getText();
    // A restored unsaved edit (hot exit) is dirty: the baseline is what IAM held.
    const opened = owner.documents.opened(document.uri);
    this.savedText = document.isDirty && opened?.exists ? readable(opened.text) : document.getText();
    this.pageReady = new Promise((r) => (this.markReady = r));
    // A hidden webview is torn down and rebuilt when shown again: wait for its next 'ready'.
    this.disposables.push(
      panel.onDidChangeViewState(() => {
        if (!panel.visible && this.isReady) {
          this.isReady = false;
          this.pageReady = new Promise((r) => (this.markReady = r));
        }
      }),
      // Every message is checked for type and shape first: the page is not trusted with the host's state.
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const m = parsePageMessage(raw);
        if (typeof m === 'string') {
          this.services.log.warn(`policy editor: ignored a message from the page: ${m}`);
          return;
        }
        this.receive(m).catch((err: unknown) =>
          this.services.log.error(`policy editor: ${m.type}: ${describeAwsError(err)}`),
        );
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== document) return;
        if (e.contentChanges.length > 0) {
          this.sync();
          return;
        }
        // The dirty state changed (it arrives after the content change): clean means the
        // text is what was read or saved (Revert File, undo back to it).
        if (!document.isDirty) this.savedText = document.getText();
        this.post({ type: 'saved', doc: this.info(), savedText: this.savedText });
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d !== document) return;
        this.savedText = document.getText();
        this.post({ type: 'saved', doc: this.info(), savedText: this.savedText });
      }),
      owner.documents.onDidReport((r) => {
        if (r.uri.toString() !== document.uri.toString()) return;
        // The document may now be another (a new policy created): the page learns it first.
        this.post({ type: 'saved', doc: this.info(), savedText: this.savedText });
        this.status(r.status ?? null);
        this.scheduleAccess(0);
      }),
    );
    panel.onDidDispose(() => this.disposed());
    panel.webview.html = editorHtml(panel.webview, owner.root, makeNonce());
  }

  /** The document edited now (after a save that created it, the policy IAM holds). */
  get target(): PolicyTarget {
    return withNameFromArn(this.owner.documents.target(this.document.uri));
  }

  get dirty(): boolean {
    return this.document.isDirty;
  }

  /** The document's text. */
  get text(): string {
    return this.document.getText();
  }

  private get services(): Services {
    return this.owner.services;
  }

  /** The document's text changed (not from the page, or the page moved on): the page shows it. */
  private sync(): void {
    const now = this.document.getText();
    if (now !== this.pageText) {
      this.pageText = now;
      this.post({ type: 'update', text: now, savedText: this.savedText });
    } else {
      this.post({ type: 'saved', doc: this.info(), savedText: this.savedText });
    }
    this.scheduleAnalyzer();
    this.scheduleAccess();
  }

  /** The side panel's "What this change grants", a moment after typing stops. */
  private scheduleAccess(delayMs = 400): void {
    if (this.accessTimer) clearTimeout(this.accessTimer);
    this.accessTimer = setTimeout(() => {
      this.accessTimer = undefined;
      const text = this.document.getText();
      void accessLines(
        this.services,
        this.owner.catalog(),
        this.target,
        this.owner.documents.opened(this.document.uri),
        text,
      ).then((lines) => {
        if (this.document.getText() === text) this.post({ type: 'access', lines });
      });
    }, delayMs);
  }

  /** The document holds what was read or saved (it is not dirty): that is the page's baseline. */
  baselineIsDocument(): void {
    if (this.document.isDirty) return;
    this.savedText = this.document.getText();
    this.sync();
    this.post({ type: 'saved', doc: this.info(), savedText: this.savedText });
  }

  /** Replaces the whole text of the document (one undoable edit). */
  replace(text: string): Promise<void> {
    const run = async () => {
      const doc = this.document;
      if (doc.getText() === text) return;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit');
    };
    const next = this.edits.then(run, run);
    this.edits = next.catch(() => undefined);
    return next;
  }

  private info(): DocumentInfo {
    const t = this.target;
    const opened = this.owner.documents.opened(this.document.uri);
    const readOnly = isReadOnly(t, opened);
    const profile = `profile ${t.profile}`;
    let title: string;
    let subtitle: string;
    switch (t.kind) {
      case 'managed':
        title = readOnly ? `${t.policyName} (${opened?.versionId ?? ''}, read-only)` : t.policyName;
        subtitle = isAwsManaged(t)
          ? `AWS managed policy (read-only) · version ${opened?.versionId ?? ''} · ${t.policyArn} · ${profile}`
          : readOnly
            ? `Managed policy · version ${t.versionId ?? ''} (not the default) · ${t.policyArn} · ${profile}`
            : `Managed policy · default version ${opened?.versionId ?? ''} · ${t.policyArn} · ${profile}`;
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

  private post(message: HostToPage): void {
    void this.panel.webview.postMessage(message);
  }

  private status(status: Status | null): void {
    this.post({ type: 'status', status });
  }

  private async receive(m: PageToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.pageText = this.document.getText();
        this.post({ type: 'init', doc: this.info(), text: this.pageText, savedText: this.savedText });
        this.isReady = true;
        this.markReady();
        this.scheduleAnalyzer(0);
        this.scheduleAccess(0);
        break;
      case 'changed':
        this.pageText = m.text;
        await this.replace(m.text);
        break;
      case 'save':
        this.pageText = m.text;
        await this.replace(m.text);
        await this.save();
        break;
      case 'makeDefault':
        await this.makeDefault();
        break;
      case 'catalog':
        this.post(await this.owner.answer(m));
        break;
      case 'testResult': {
        if (!__TEST__) break;
        const waiter = this.tests.get(m.id);
        this.tests.delete(m.id);
        waiter?.resolve(m.snapshot);
        break;
      }
    }
  }

  /** The page's Ctrl+S: the quota check, then VS Code's save (the `iam:` file system writes, asking first). */
  async save(): Promise<void> {
    const info = this.info();
    if (info.readOnly || this.busy) return;
    const errors = validatePolicySync(this.document.getText(), info.kind, { sizeLimit: this.sizing.limit }).filter(
      (f) => f.severity === 'error',
    );
    if (errors.length > 0) {
      this.status({
        level: 'error',
        text:
          `Not saved: fix ${errors.length === 1 ? 'the error' : `the ${errors.length} errors`} first. ` +
          `${errors[0]?.message ?? ''}`,
      });
      return;
    }
    this.busy = true;
    try {
      this.status({ level: 'progress', text: 'Reading what IAM holds now…' });
      // A failure is reported by the file system (onDidReport) and by VS Code.
      await this.document.save();
    } finally {
      this.busy = false;
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
    const text = this.document.getText();
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
    if (!__TEST__ || this.services.context.extensionMode !== vscode.ExtensionMode.Test)
      throw new Error('the page test hook exists only in test builds, under test');
    await this.pageReady;
    const id = this.nextTestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.tests.delete(id);
        reject(new Error(`the page did not answer test action ${action.do} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.tests.set(id, {
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.post({ type: 'test', id, action });
    });
  }

  /** An older version made the default: the editor moves to the default document (it is now that text). */
  private async makeDefault(): Promise<void> {
    const t = this.target;
    if (t.kind !== 'managed' || !t.versionId || this.busy) return;
    const label = `Make ${t.versionId} the Default`;
    const choice = await this.services.ui.showWarningMessage(
      `Make version ${t.versionId} the default version of policy ${t.policyName}?`,
      {
        modal: true,
        detail:
          `Every user, group and role the policy is attached to gets the permissions of ${t.versionId} at once. ` +
          `The current default version stays as a non-default version.`,
      },
      label,
    );
    if (choice !== label) return;
    this.busy = true;
    try {
      const connection = await this.services.connections.get(t.profile);
      await SdkPolicyBackend.for(connection).setDefaultVersion(t.policyArn, t.versionId);
      void reportMutations(this.services, t.profile, [
        { kind: 'defaultVersion', policyArn: t.policyArn, versionId: t.versionId },
      ]);
      const next = await this.owner.open({
        kind: 'managed',
        profile: t.profile,
        policyArn: t.policyArn,
        policyName: t.policyName,
      });
      this.panel.dispose();
      await next.ready();
      next.showStatus({
        level: 'success',
        text: `${t.versionId} is now the default version; you can edit it and save a new version.`,
      });
    } catch (err) {
      this.status({ level: 'error', text: `Could not make ${t.versionId} the default: ${describeAwsError(err)}` });
    } finally {
      this.busy = false;
    }
  }

  /** Resolves once the page has asked for its document. */
  ready(): Promise<void> {
    return this.pageReady;
  }

  showStatus(status: Status): void {
    this.status(status);
  }

  private disposed(): void {
    if (this.analyzerTimer) clearTimeout(this.analyzerTimer);
    if (this.accessTimer) clearTimeout(this.accessTimer);
    for (const waiter of this.tests.values()) waiter.reject(new Error('the policy editor was closed'));
    this.tests.clear();
    for (const d of this.disposables) d.dispose();
  }
}
