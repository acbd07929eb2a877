/**
 * Policies in the user's own files (policy JSON, CloudFormation/SAM, Terraform,
 * CDK): diagnostics in the Problems panel, completion, hover and quick fixes.
 * A thin layer over src/core/iac: it turns offsets into ranges and findings into
 * Diagnostics. Opening a file that holds no policy costs a cheap text test and
 * nothing else: the catalog is asked for only when a policy is found.
 */
import * as vscode from 'vscode';
import { completeInFile, hoverInFile, quickFixes } from '../core/iac/editor';
import { formatFromName, lintText, mightHoldPolicy } from '../core/iac/files';
import type { ActionCatalog } from '../core/policy/catalog';
import type { CompletionKind, HoverInfo } from '../core/policy/completion';
import type { Log } from '../log';

/** Files are named by their path; untitled documents by their language. */
const UNTITLED_NAMES: Readonly<Record<string, string>> = {
  json: 'untitled.json',
  jsonc: 'untitled.json',
  yaml: 'untitled.yaml',
  terraform: 'untitled.tf',
  typescript: 'untitled.ts',
  javascript: 'untitled.js',
  python: 'untitled.py',
};

/** The documents language features are registered for: files by extension, untitled by language. */
export const POLICY_SOURCE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.{json,yaml,yml,template,tf,ts,tsx,js,jsx,mjs,cjs,py}' },
  ...Object.keys(UNTITLED_NAMES).map((language) => ({ scheme: 'untitled', language })),
];

const DEBOUNCE_MS = 250;

function nameOf(doc: vscode.TextDocument): string | undefined {
  if (doc.uri.scheme === 'file') return formatFromName(doc.uri.fsPath) ? doc.uri.fsPath : undefined;
  if (doc.uri.scheme === 'untitled') return UNTITLED_NAMES[doc.languageId];
  return undefined;
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

const ITEM_KIND: Readonly<Record<CompletionKind, vscode.CompletionItemKind>> = {
  element: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  service: vscode.CompletionItemKind.Module,
  action: vscode.CompletionItemKind.Function,
  operator: vscode.CompletionItemKind.Operator,
  conditionKey: vscode.CompletionItemKind.Field,
  principalType: vscode.CompletionItemKind.Property,
};

function range(doc: vscode.TextDocument, from: number, to: number): vscode.Range {
  return new vscode.Range(doc.positionAt(from), doc.positionAt(Math.max(from, to)));
}

/** Hover text as Markdown built from escaped text only: names and descriptions come from data. */
export function hoverMarkdown(info: HoverInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(info.title);
  md.appendMarkdown('**');
  if (info.service) {
    md.appendText(` — ${info.service}`);
  }
  if (info.description) {
    md.appendMarkdown('\n\n');
    md.appendText(info.description);
  }
  if (info.accessLevels?.length) {
    md.appendMarkdown('\n\n');
    md.appendText(`Access level: ${info.accessLevels.join(', ')}`);
  }
  if (info.type) {
    md.appendMarkdown('\n\n');
    md.appendText(`Type: ${info.type}`);
  }
  if (info.resourceTypes?.length) {
    md.appendMarkdown('\n\n');
    md.appendText(
      `Resource types: ` +
        info.resourceTypes
          .map((r) => `${r.name}${r.required ? ' (required)' : ''}${r.arn ? ` ${r.arn}` : ''}`)
          .join('; '),
    );
  }
  if (info.matches) {
    md.appendMarkdown('\n\n');
    const shown = info.matches
      .slice(0, 20)
      .map((m) => m.name)
      .join(', ');
    md.appendText(
      `Matches ${info.matches.length} action${info.matches.length === 1 ? '' : 's'}: ${shown}` +
        `${info.matches.length > 20 ? ', …' : ''}`,
    );
  }
  return md;
}

export class CodePolicies implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('iam-policies');
  private readonly disposables: vscode.Disposable[] = [this.diagnostics];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly catalog: () => ActionCatalog,
    private readonly log: Log,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        clearTimeout(this.timers.get(d.uri.toString()));
        this.diagnostics.delete(d.uri);
      }),
      vscode.languages.registerCompletionItemProvider(
        POLICY_SOURCE_SELECTOR,
        { provideCompletionItems: (d, p) => this.complete(d, p) },
        ':',
        '"',
        "'",
      ),
      vscode.languages.registerHoverProvider(POLICY_SOURCE_SELECTOR, { provideHover: (d, p) => this.hover(d, p) }),
      vscode.languages.registerCodeActionsProvider(
        POLICY_SOURCE_SELECTOR,
        { provideCodeActions: (d, _r, c) => this.codeActions(d, c) },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
      ),
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    const name = nameOf(doc);
    if (!name) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.check(doc, name), delay),
    );
  }

  /** Checks one document; a result for an older version than the document's is dropped. */
  async check(doc: vscode.TextDocument, name = nameOf(doc)): Promise<void> {
    if (!name || doc.isClosed) return;
    const text = doc.getText();
    if (!mightHoldPolicy(name, text)) {
      this.diagnostics.delete(doc.uri);
      return;
    }
    const version = doc.version;
    try {
      const result = await lintText(name, text, this.catalog());
      if (doc.isClosed || doc.version !== version) return;
      this.diagnostics.set(
        doc.uri,
        result.findings.map((f) => {
          const d = new vscode.Diagnostic(range(doc, f.from, f.to), f.message, SEVERITY[f.severity]);
          d.source = 'IAM Explorer';
          d.code = f.code;
          return d;
        }),
      );
    } catch (err) {
      this.log.warn(`checking policies in ${doc.uri.toString()}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async complete(
    doc: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.CompletionItem[] | undefined> {
    const name = nameOf(doc);
    const text = doc.getText();
    if (!name || !mightHoldPolicy(name, text)) return undefined;
    const result = await completeInFile(name, text, doc.offsetAt(position), this.catalog());
    if (!result) return undefined;
    const replace = range(doc, result.from, result.to);
    return result.items.map((i) => {
      const item = new vscode.CompletionItem(
        { label: i.label, ...(i.detail ? { description: i.detail } : {}) },
        ITEM_KIND[i.kind],
      );
      item.insertText = i.insert;
      item.range = replace;
      item.filterText = i.insert;
      if (i.detail) item.detail = i.detail;
      if (i.description) item.documentation = i.description;
      return item;
    });
  }

  private async hover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const name = nameOf(doc);
    const text = doc.getText();
    if (!name || !mightHoldPolicy(name, text)) return undefined;
    const info = await hoverInFile(name, text, doc.offsetAt(position), this.catalog());
    return info ? new vscode.Hover(hoverMarkdown(info), range(doc, info.from, info.to)) : undefined;
  }

  private async codeActions(doc: vscode.TextDocument, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const name = nameOf(doc);
    if (!name) return [];
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== 'IAM Explorer' || (d.code !== 'unknown-action' && d.code !== 'version-missing')) continue;
      const fixes = await quickFixes(
        name,
        doc.getText(),
        { code: d.code, from: doc.offsetAt(d.range.start), to: doc.offsetAt(d.range.end) },
        this.catalog(),
      );
      for (const fix of fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = d.code === 'unknown-action';
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(doc.uri, range(doc, fix.edit.from, fix.edit.to), fix.edit.text);
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
