/**
 * The policy checks for `iam:` documents in VS Code's own text editor (Reopen Editor
 * With… → Text Editor, or the tree's Open): diagnostics in the Problems panel,
 * completion, hover and quick fixes, all from src/core/policy. Only the `iam:` scheme:
 * policies in the user's own files are another module's.
 */
import * as vscode from 'vscode';
import type { ActionCatalog } from '../core/policy/catalog';
import { complete, hover } from '../core/policy/completion';
import { quickFixes } from '../core/policy/fixes';
import type { Finding, PolicyKind } from '../core/policy/types';
import { validatePolicy } from '../core/policy/validate';
import { DOCUMENT_SCHEME, targetOfUri } from './policyFileSystem';

const SELECTOR: vscode.DocumentSelector = { scheme: DOCUMENT_SCHEME };
const FIXABLE = new Set(['version-missing', 'unknown-action', 'unknown-service']);

function kindOf(uri: vscode.Uri): PolicyKind {
  try {
    return targetOfUri(uri).kind === 'trust' ? 'trust' : 'identity';
  } catch {
    return 'identity';
  }
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class PolicyLanguageFeatures implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('iam-policy');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly catalog: () => ActionCatalog) {
    this.disposables.push(
      this.diagnostics,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
      vscode.languages.registerCompletionItemProvider(
        SELECTOR,
        { provideCompletionItems: (d, p) => this.complete(d, p) },
        '"',
        ':',
      ),
      vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (d, p) => this.hover(d, p) }),
      vscode.languages.registerCodeActionsProvider(
        SELECTOR,
        { provideCodeActions: (d, _r, c) => this.fixes(d, c) },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
      ),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs = 300): void {
    if (document.uri.scheme !== DOCUMENT_SCHEME) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(document);
      }, delayMs),
    );
  }

  /** Validates the document's current text and shows the findings in the Problems panel. */
  async check(document: vscode.TextDocument): Promise<readonly vscode.Diagnostic[]> {
    const text = document.getText();
    const version = document.version;
    let findings: Finding[];
    try {
      findings = await validatePolicy(text, kindOf(document.uri), { catalog: this.catalog() });
    } catch {
      findings = await validatePolicy(text, kindOf(document.uri));
    }
    if (document.isClosed || document.version !== version) return this.diagnostics.get(document.uri) ?? [];
    const diagnostics = findings.map((f) => {
      const d = new vscode.Diagnostic(
        new vscode.Range(document.positionAt(f.from), document.positionAt(Math.max(f.to, f.from))),
        f.message,
        SEVERITY[f.severity],
      );
      d.source = 'IAM policy';
      d.code = f.code;
      return d;
    });
    this.diagnostics.set(document.uri, diagnostics);
    return diagnostics;
  }

  private async complete(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.CompletionList | undefined> {
    const r = await complete(document.getText(), document.offsetAt(position), this.catalog(), kindOf(document.uri));
    if (!r) return undefined;
    const range = new vscode.Range(document.positionAt(r.from), document.positionAt(r.to));
    return new vscode.CompletionList(
      r.items.map((i) => {
        const item = new vscode.CompletionItem(
          i.label,
          i.kind === 'action'
            ? vscode.CompletionItemKind.Function
            : i.kind === 'service'
              ? vscode.CompletionItemKind.Module
              : vscode.CompletionItemKind.Value,
        );
        item.insertText = i.insert;
        item.range = range;
        // The filter text is what the range covers, so VS Code keeps the items while typing.
        item.filterText = i.insert;
        if (i.detail) item.detail = i.detail;
        if (i.description) item.documentation = i.description;
        return item;
      }),
    );
  }

  private async hover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const h = await hover(document.getText(), document.offsetAt(position), this.catalog());
    if (!h) return undefined;
    const md = new vscode.MarkdownString();
    md.appendText(h.title);
    if (h.service) md.appendText(` — ${h.service}`);
    if (h.accessLevels?.length) md.appendText(` (${h.accessLevels.join(', ')})`);
    if (h.description) md.appendText(`\n\n${h.description}`);
    if (h.matches)
      md.appendText(
        `\n\nMatches ${h.matches.length} action${h.matches.length === 1 ? '' : 's'}: ${h.matches
          .slice(0, 20)
          .map((m) => m.name)
          .join(', ')}${h.matches.length > 20 ? ', …' : ''}`,
      );
    if (h.type) md.appendText(`\n\nType: ${h.type}`);
    return new vscode.Hover(md, new vscode.Range(document.positionAt(h.from), document.positionAt(h.to)));
  }

  private async fixes(document: vscode.TextDocument, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const text = document.getText();
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== 'IAM policy' || typeof d.code !== 'string' || !FIXABLE.has(d.code)) continue;
      const finding = {
        code: d.code as Finding['code'],
        from: document.offsetAt(d.range.start),
        to: document.offsetAt(d.range.end),
      };
      for (const fix of await quickFixes(text, finding, this.catalog())) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(
          document.uri,
          new vscode.Range(document.positionAt(fix.edit.from), document.positionAt(fix.edit.to)),
          fix.edit.insert,
        );
        out.push(action);
      }
    }
    return out;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
