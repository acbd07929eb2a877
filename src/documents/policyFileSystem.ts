/**
 * `iam:` documents: every policy document (a managed policy's default and older
 * versions, inline policies, trust policies, new unsaved ones) as a file VS Code owns.
 * Reading goes through the profile's account model when its snapshot holds the
 * document, else IAM. Writing is the policy save (core/iam/policySave.ts): local
 * validation first, IAM read right before writing, a conflict stops the save with the
 * diff shown and nothing overwritten, the five-version rule, adopt-when-already-there,
 * the right call per kind. AWS managed policies and older versions are read-only files.
 */
import * as vscode from 'vscode';
import type { Connection } from '../aws/connections';
import { SdkPolicyBackend } from '../aws/policyBackend';
import { documentAddress, DOCUMENT_SCHEME, parseDocumentAddress } from '../core/iam/documentAddress';
import { describeAwsError } from '../core/iam/errors';
import {
  describeTarget,
  isAwsManaged,
  isReadOnly,
  savePolicy,
  type PolicyTarget,
  type Snapshot,
} from '../core/iam/policySave';
import { formatPolicy } from '../core/policy/document';
import { validatePolicySync } from '../core/policy/validate';
import type { Services } from '../services';
import type { SnapshotDocuments } from '../webview/host/snapshots';
import { reportSaved } from './saveReport';

export { DOCUMENT_SCHEME };

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
}
`;

/** The `iam:` URI of a document: readable path for the tab, the target in the query. */
export function policyUri(target: PolicyTarget): vscode.Uri {
  const { path, query } = documentAddress(target);
  return vscode.Uri.from({ scheme: DOCUMENT_SCHEME, path, query });
}

/** The document a `iam:` URI names; throws FileNotFound with the reason when it names none. */
export function targetOfUri(uri: vscode.Uri): PolicyTarget {
  const t = parseDocumentAddress(uri.query);
  if (typeof t === 'string') throw vscode.FileSystemError.FileNotFound(`${uri.path}: ${t}.`);
  return t;
}

/** IAM keeps the text as sent; a document is shown indented by two spaces (IAM compares it as JSON). */
export function readable(text: string): string {
  return `${formatPolicy(text)}\n`;
}

interface Entry {
  /** The document now (a new policy becomes the policy created). */
  target: PolicyTarget;
  /** What IAM held when the file was read or last saved: the base for conflict detection. */
  opened: Snapshot;
  mtime: number;
  size: number;
}

/** A question the save asks before writing, with what IAM holds now and the edit. */
export interface SaveQuestion {
  readonly target: PolicyTarget;
  readonly now: Snapshot;
  readonly text: string;
}

/** How a save ended, for the policy editor's status line (VS Code shows a failure itself too). */
export interface SaveReport {
  readonly uri: vscode.Uri;
  /** undefined: nothing to say (the user cancelled). */
  readonly status?: { readonly level: 'info' | 'success' | 'warning' | 'error'; readonly text: string };
}

export class PolicyFileSystem implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private readonly reports = new vscode.EventEmitter<SaveReport>();
  /** Fired once per write with how it ended. */
  readonly onDidReport = this.reports.event;
  private readonly entries = new Map<string, Entry>();
  private clock = Date.now();
  /** Why VS Code saves each document now: its save participants (onWillSaveTextDocument) run before writeFile. */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  private readonly willSave: vscode.Disposable;

  constructor(
    private readonly services: Services,
    private readonly diffs: SnapshotDocuments,
    /** Leads the save confirmation ("Grants new access: …"); the diff is shown beside it. */
    private readonly describeChange: (q: SaveQuestion) => Promise<string>,
  ) {
    this.willSave = vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.scheme === DOCUMENT_SCHEME) this.saveReasons.set(e.document.uri.toString(), e.reason);
    });
  }

  /** Strictly increasing modification times: VS Code compares them to tell a newer file. */
  private tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }

  /** The document a URI edits now (after a save that created it, the policy IAM holds). */
  target(uri: vscode.Uri): PolicyTarget {
    return this.entries.get(uri.toString())?.target ?? targetOfUri(uri);
  }

  /** What IAM held when the file was read or last saved, if it was. */
  opened(uri: vscode.Uri): Snapshot | undefined {
    return this.entries.get(uri.toString())?.opened;
  }

  /**
   * What IAM holds, read now when this session has not read the document: VS Code restores
   * a document with unsaved changes (hot exit) from its backup, without a read, and the
   * editor's baseline and the save's conflict check need IAM's text.
   */
  async readBase(uri: vscode.Uri): Promise<Snapshot> {
    return this.opened(uri) ?? (await this.load(uri)).entry.opened;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    // The folders of the readable path (VS Code looks at them before writing a file).
    const own = documentAddress(targetOfUri(uri)).path;
    if (own !== uri.path && own.startsWith(`${uri.path.replace(/\/$/, '')}/`))
      return {
        type: vscode.FileType.Directory,
        ctime: 0,
        mtime: 0,
        size: 0,
        permissions: vscode.FilePermission.Readonly,
      };
    const entry = this.entries.get(uri.toString()) ?? (await this.load(uri)).entry;
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: entry.mtime,
      size: entry.size,
      ...(isReadOnly(entry.target, entry.opened) ? { permissions: vscode.FilePermission.Readonly } : {}),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { text } = await this.load(uri);
    return new TextEncoder().encode(text);
  }

  /** Reads the document (the model's copy when its snapshot holds it, else IAM) and makes it the save's base. */
  private async load(uri: vscode.Uri): Promise<{ entry: Entry; text: string }> {
    const target = this.target(uri);
    const connection = await this.connection(target);
    const isNew = target.kind === 'newManaged' || target.kind === 'newInline';
    const opened = (!isNew && fromModel(connection, target)) || (await SdkPolicyBackend.for(connection).read(target));
    if (!isNew && !opened.exists)
      throw vscode.FileSystemError.FileNotFound(
        `${capitalize(describeTarget(target))} does not exist in IAM (profile ${target.profile}). Refresh the tree.`,
      );
    const text = opened.exists ? readable(opened.text) : IDENTITY_TEMPLATE;
    // The time stays what stat() told VS Code before this read: a newer one would make VS
    // Code's next save fail with "file modified since" against what it has just read.
    const before = this.entries.get(uri.toString());
    const entry: Entry = { target, opened, mtime: before?.mtime ?? this.tick(), size: text.length };
    this.entries.set(uri.toString(), entry);
    return { entry, text };
  }

  private async connection(target: PolicyTarget): Promise<Connection> {
    try {
      return await this.services.connections.get(target.profile);
    } catch (err) {
      throw vscode.FileSystemError.Unavailable(`Profile ${target.profile}: ${describeAwsError(err)}`);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    // files.autoSave (the default of VS Code for the Web) would write to IAM, or ask to, at every pause in typing:
    // a policy is written only when the user saves it.
    const reason = this.saveReasons.get(uri.toString());
    this.saveReasons.delete(uri.toString());
    if (reason === vscode.TextDocumentSaveReason.AfterDelay || reason === vscode.TextDocumentSaveReason.FocusOut) {
      const text =
        'Not saved: auto save does not write policies to IAM. Save (Ctrl+S) to review the change and write it.';
      this.reports.fire({ uri, status: { level: 'info', text } });
      throw vscode.FileSystemError.NoPermissions(text);
    }
    const entry = this.entries.get(uri.toString()) ?? (await this.load(uri)).entry;
    const target = entry.target;
    if (isReadOnly(target, entry.opened)) {
      throw vscode.FileSystemError.NoPermissions(
        `${capitalize(describeTarget(target))} is read-only: ` +
          (isAwsManaged(target)
            ? 'AWS managed policies cannot be changed.'
            : 'it is not the default version (make it the default to edit it).'),
      );
    }
    const text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    const kind = target.kind === 'trust' ? 'trust' : 'identity';
    const errors = validatePolicySync(text, kind, { sizeLimit: Infinity }).filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      const text =
        `Not saved: fix ${errors.length === 1 ? 'the error' : `the ${errors.length} errors`} first. ` +
        `${errors[0]?.message ?? ''}`;
      this.reports.fire({ uri, status: { level: 'error', text } });
      throw vscode.FileSystemError.NoPermissions(text);
    }
    const connection = await this.connection(target);
    const what = describeTarget(target);
    let outcome;
    try {
      outcome = await savePolicy(target, text, entry.opened, SdkPolicyBackend.for(connection), {
        confirm: (now, next) => this.confirm({ target, now, text: next }),
        confirmEvict: async (version) => {
          const created = version.created ? `, created ${version.created.toISOString().slice(0, 10)}` : '';
          const label = `Delete ${version.versionId} and Save`;
          const choice = await this.services.ui.showWarningMessage(
            `Policy ${target.kind === 'managed' ? target.policyName : ''} already has 5 versions, the most IAM ` +
              `keeps. Delete its oldest non-default version, ${version.versionId}${created}, to make room for the ` +
              `new one?`,
            { modal: true, detail: `${version.versionId} cannot be restored once deleted.` },
            label,
          );
          return choice === label;
        },
      });
    } catch (err) {
      if (err instanceof vscode.CancellationError) {
        this.reports.fire({ uri });
        throw err;
      }
      const message = describeAwsError(err);
      this.services.log.error(`policy save: ${what}: ${message}`);
      const text = `Not saved: ${message} Your edit is kept.`;
      this.reports.fire({ uri, status: { level: 'error', text } });
      throw vscode.FileSystemError.Unavailable(text);
    }
    switch (outcome.status) {
      case 'saved':
      case 'unchanged': {
        this.entries.set(uri.toString(), {
          target: outcome.target,
          opened: outcome.snapshot,
          mtime: this.tick(),
          size: content.byteLength,
        });
        if (outcome.status === 'saved' || outcome.adopted) {
          const deleted =
            outcome.status === 'saved' && outcome.deletedVersion ? ` (deleted ${outcome.deletedVersion})` : '';
          this.services.log.info(
            `policy save: ${what}${outcome.snapshot.versionId ? ` as ${outcome.snapshot.versionId}` : ''}${deleted}`,
          );
          void reportSaved(
            this.services,
            target,
            outcome.target,
            text,
            outcome.snapshot.versionId,
            outcome.status === 'saved' ? outcome.deletedVersion : undefined,
          );
        }
        this.reports.fire({
          uri,
          status:
            outcome.status === 'saved'
              ? {
                  level: 'success',
                  text:
                    outcome.target.kind === 'managed'
                      ? `Saved as version ${outcome.snapshot.versionId ?? ''}, now the default` +
                        `${outcome.deletedVersion ? ` (deleted ${outcome.deletedVersion})` : ''}.`
                      : 'Saved.',
                }
              : outcome.adopted
                ? {
                    level: 'info',
                    text:
                      `IAM already holds this document as ${describeTarget(outcome.target)} (an earlier save ` +
                      `created it): nothing to save. The editor now edits it.`,
                  }
                : { level: 'info', text: 'IAM already holds this document: nothing to save.' },
        });
        return;
      }
      case 'cancelled':
        this.reports.fire({ uri });
        throw new vscode.CancellationError();
      case 'conflict': {
        // The new base is IAM now: saving again shows "IAM now ↔ your edit" and asks.
        this.entries.set(uri.toString(), { ...entry, opened: outcome.now });
        await this.showDiff(
          outcome.base.exists ? readable(outcome.base.text) : '',
          outcome.now.exists ? readable(outcome.now.text) : '',
          `${uri.path.split('/').pop() ?? ''}: when opened ↔ IAM now`,
        );
        this.services.log.warn(`policy save: ${what} stopped: ${outcome.reason}`);
        // A new managed policy cannot replace another one of the same name (CreatePolicy
        // refuses it): the way out is another name, or editing the existing policy.
        const text =
          target.kind === 'newManaged'
            ? `Not saved: ${outcome.reason} Nothing was overwritten and your edit is kept. The diff shows the ` +
              `policy IAM holds under that name; to keep yours, copy it into IAM: Create Policy… under another ` +
              `name, or open the existing policy from the tree to change it.`
            : `Not saved: ${outcome.reason} Nothing was overwritten and your edit is kept. The diff shows what ` +
              `changed in IAM; Save again to replace it with your edit (you will see that diff first), or Revert ` +
              `File to load what IAM holds.`;
        this.reports.fire({ uri, status: { level: 'warning', text } });
        throw vscode.FileSystemError.Unavailable(text);
      }
    }
  }

  /** The diff editor, "IAM now ↔ your edit", then a modal question led by what the change grants. */
  private async confirm(q: SaveQuestion): Promise<boolean> {
    const name = describeTarget(q.target);
    const diff = await this.showDiff(q.now.exists ? readable(q.now.text) : '', q.text, `${name}: IAM now ↔ your edit`);
    try {
      const action = q.now.exists ? 'Save' : 'Create';
      const access = await this.describeChange(q);
      const where = q.now.exists
        ? 'The diff editor shows what IAM holds now (left) and what will be saved (right).'
        : 'The diff editor shows the new document.';
      const choice = await this.services.ui.showWarningMessage(
        `${action} ${name} in IAM (profile ${q.target.profile})?`,
        { modal: true, detail: access ? `${access}\n\n${where}` : where },
        action,
      );
      return choice === action;
    } finally {
      await this.closeDiff(diff);
    }
  }

  private async showDiff(left: string, right: string, title: string): Promise<vscode.Uri> {
    const l = this.diffs.put(left, 'before');
    const r = this.diffs.put(right, 'after');
    await vscode.commands.executeCommand('vscode.diff', l, r, title, {
      preview: true,
      preserveFocus: true,
      viewColumn: vscode.ViewColumn.Beside,
    });
    return r;
  }

  private async closeDiff(right: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  readDirectory(): never {
    throw vscode.FileSystemError.NoPermissions(
      'IAM policy documents are not a folder; open them from the IAM Explorer tree.',
    );
  }

  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions('Folders cannot be created among IAM policy documents.');
  }

  delete(): never {
    throw vscode.FileSystemError.NoPermissions(
      'Delete IAM policies from the IAM Explorer tree (Delete Policy, Delete Inline Policy).',
    );
  }

  rename(): never {
    throw vscode.FileSystemError.NoPermissions('IAM policy documents cannot be renamed.');
  }

  dispose(): void {
    this.willSave.dispose();
    this.changes.dispose();
    this.reports.dispose();
  }
}

/** The document from the account model's snapshot, when it holds it; undefined sends the read to IAM. */
function fromModel(connection: Connection, target: PolicyTarget): Snapshot | undefined {
  const model = connection.model;
  switch (target.kind) {
    case 'inline': {
      const doc = model.inlineDocument(target.owner, target.policyName);
      return doc ? { exists: true, text: doc.text } : undefined;
    }
    case 'trust': {
      const doc = model.trustPolicy(target.roleName);
      return doc ? { exists: true, text: doc.text } : undefined;
    }
    case 'managed': {
      const p = model.snapshot()?.policies.find((x) => x.arn === target.policyArn);
      const versionId = target.versionId ?? p?.defaultVersionId;
      const v = p?.versions.find((x) => x.versionId === versionId);
      return v?.document
        ? { exists: true, text: v.document.text, versionId: v.versionId, isDefault: v.isDefault }
        : undefined;
    }
    default:
      return undefined;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
