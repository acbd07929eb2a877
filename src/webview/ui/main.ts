/**
 * The policy editor page. It edits; the extension side reads and writes IAM and
 * answers catalog questions. Validation runs here (the policy core is plain
 * TypeScript); the catalog pass, completion, hover and summary fetch service data
 * from the extension side on demand.
 */
import { completionStatus, currentCompletions, startCompletion } from '@codemirror/autocomplete';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { formatPolicy, minifyPolicy } from '../../core/policy/document';
import { policySize } from '../../core/policy/size';
import { summarize } from '../../core/policy/summary';
import type { ExternalFinding } from '../../core/policy/analyzerFindings';
import type { Finding } from '../../core/policy/types';
import { validatePolicy } from '../../core/policy/validate';
import type { DocumentInfo, HostToPage, PageSnapshot, PageState, PageToHost, Status, TestAction } from '../protocol';
import { CatalogClient } from './catalogClient';
import { createEditor, type PolicyEditor } from './editor';
import { renderFindings, renderSize, renderSummary } from './render';
import './style.css';

interface VsCodeApi {
  postMessage(message: PageToHost): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// The script's nonce, for the style sheets CodeMirror adds at run time (CSP).
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const vscode = acquireVsCodeApi();
const post = (m: PageToHost) => vscode.postMessage(m);
const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page element #${id} is missing`);
  return e as T;
};

const ui = {
  title: $('title'),
  subtitle: $('subtitle'),
  status: $('status'),
  statusText: $('status-text'),
  makeDefault: $<HTMLButtonElement>('makeDefault'),
  dirty: $('dirty'),
  size: $('size'),
  findings: $('findings'),
  findingsCount: $('findings-count'),
  summary: $('summary'),
  access: $('access'),
  editor: $('editor'),
};

const catalogClient = new CatalogClient((request) => post(request));

let doc: DocumentInfo | undefined;
let state: PageState | undefined = vscode.getState();
let savedText = '';
let editor: PolicyEditor | undefined;
let findings: Finding[] = [];
/** Access Analyzer's findings and the text they are about. */
let external: { text: string; findings: ExternalFinding[] } = { text: '', findings: [] };
let analysisTimer: ReturnType<typeof setTimeout> | undefined;
let running = 0;
const waiters: (() => void)[] = [];
let generation = 0;
let changedTimer: ReturnType<typeof setTimeout> | undefined;

function text(): string {
  return editor?.view.state.doc.toString() ?? '';
}

function setStatus(status: Status | null): void {
  ui.status.hidden = status === null;
  ui.status.className = status ? `status ${status.level}` : 'status';
  ui.statusText.textContent = status?.text ?? '';
}

function replaceText(view: EditorView, next: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next }, userEvent: 'input.replace' });
}

function updateChrome(): void {
  if (!doc) return;
  const current = text();
  // VS Code's tab shows unsaved changes; the page only keeps the fact (for tests and styling).
  document.body.classList.toggle('dirty', current !== savedText);
  ui.dirty.textContent = doc.readOnly ? 'Read-only' : '';
  renderSize(ui.size, policySize(current), doc.sizeLimit, doc.sizeNote);
  ui.makeDefault.hidden = !doc.canMakeDefault;
}

function persist(): void {
  if (!doc) return;
  const sel = editor?.view.state.selection.main;
  state = { key: doc.key, selection: sel ? { anchor: sel.anchor, head: sel.head } : undefined };
  vscode.setState(state);
}

/** Validation and summary, debounced; `settled()` resolves once no run is pending or running. */
function scheduleAnalysis(delay = 200): void {
  if (analysisTimer) clearTimeout(analysisTimer);
  analysisTimer = setTimeout(() => {
    analysisTimer = undefined;
    const run = ++generation;
    running++;
    void analyze(run).finally(() => {
      running--;
      maybeSettle();
    });
  }, delay);
}

function maybeSettle(): void {
  if (analysisTimer === undefined && running === 0) for (const w of waiters.splice(0)) w();
}

function settled(): Promise<void> {
  return new Promise((resolve) => {
    waiters.push(resolve);
    maybeSettle();
  });
}

async function analyze(run: number): Promise<void> {
  if (!doc || !editor) return;
  const current = text();
  const kind = doc.kind;
  let next: Finding[];
  try {
    next = await validatePolicy(current, kind, { sizeLimit: doc.sizeLimit, catalog: catalogClient.catalog });
  } catch (err) {
    // The catalog can fail (the extension side reloading): keep the local findings.
    next = await validatePolicy(current, kind, { sizeLimit: doc.sizeLimit });
    setStatus({ level: 'warning', text: `Action names could not be checked: ${String(err)}` });
  }
  if (run !== generation || current !== text()) return; // a newer edit is on its way
  findings = next;
  showFindings(current);
  try {
    renderSummary(ui.summary, await summarize(current, catalogClient.catalog, kind));
  } catch (err) {
    ui.summary.textContent = `No summary: ${String(err)}`;
  }
}

/** The policy core's findings plus Access Analyzer's while they are about the current text. */
function showFindings(current: string): void {
  if (!editor) return;
  const shown: (Finding | ExternalFinding)[] = [
    ...findings,
    ...(external.text === current ? external.findings : []),
  ].sort((a, b) => a.from - b.from);
  const view = editor.view;
  const len = view.state.doc.length;
  const diagnostics: Diagnostic[] = shown.map((f) => ({
    from: Math.min(f.from, len),
    to: Math.min(Math.max(f.to, f.from), len),
    severity: f.severity,
    message: f.message,
    source: 'source' in f ? `${f.source}: ${f.code}` : f.code,
  }));
  view.dispatch(setDiagnostics(view.state, diagnostics));
  renderFindings(ui.findings, shown, current, reveal);
  const errors = shown.filter((f) => f.severity === 'error').length;
  const warnings = shown.filter((f) => f.severity === 'warning').length;
  ui.findingsCount.textContent =
    `(${errors} ${errors === 1 ? 'error' : 'errors'}, ` + `${warnings} ${warnings === 1 ? 'warning' : 'warnings'})`;
}

function reveal(f: { from: number; to: number }): void {
  if (!editor) return;
  const len = editor.view.state.doc.length;
  editor.view.dispatch({
    selection: EditorSelection.single(Math.min(f.from, len), Math.min(f.to, len)),
    scrollIntoView: true,
  });
  editor.view.focus();
}

function onChange(): void {
  updateChrome();
  scheduleAnalysis();
  if (changedTimer) clearTimeout(changedTimer);
  changedTimer = setTimeout(() => {
    changedTimer = undefined;
    flushChanged();
  }, 150);
}

/** Text the host sent (an update): not sent back to it. */
let echo: string | undefined;

function flushChanged(): void {
  const current = text();
  persist();
  if (current === echo) return;
  echo = undefined;
  post({ type: 'changed', text: current, dirty: current !== savedText });
}

function save(): boolean {
  if (!doc || doc.readOnly) return false;
  flushChanged();
  const errors = findings.filter((f) => f.severity === 'error');
  // Errors found by the latest analysis are rechecked by the extension side before any call.
  post({ type: 'save', text: text() });
  if (errors.length === 0) setStatus({ level: 'progress', text: 'Saving…' });
  return true;
}

function format(): boolean {
  if (!editor || doc?.readOnly) return false;
  const next = formatPolicy(text());
  if (next !== text()) replaceText(editor.view, next);
  return true;
}

function minify(): boolean {
  if (!editor || doc?.readOnly) return false;
  const current = text();
  const next = minifyPolicy(current);
  if (next === current && /\s/.test(current.replace(/"(?:[^"\\]|\\.)*"/g, ''))) {
    setStatus({ level: 'warning', text: 'Minify needs valid JSON without comments; fix the errors first.' });
  } else if (next !== current) {
    replaceText(editor.view, next);
  }
  return true;
}

function init(message: Extract<HostToPage, { type: 'init' }>): void {
  doc = message.doc;
  savedText = message.savedText;
  // The text is the document's (VS Code keeps it across a hidden tab and a reload); the cursor is the page's.
  const own = state && state.key === doc.key ? state : undefined;
  const initial = message.text;
  showDocument(doc);
  if (!editor) {
    editor = createEditor(ui.editor, initial, {
      catalog: catalogClient.catalog,
      kind: () => doc?.kind ?? 'identity',
      nonce,
      save,
      format,
      onChange,
    });
  } else if (text() !== initial) {
    replaceText(editor.view, initial);
  }
  editor.setReadOnly(doc.readOnly);
  if (own?.selection) {
    const len = editor.view.state.doc.length;
    editor.view.dispatch({
      selection: EditorSelection.single(Math.min(own.selection.anchor, len), Math.min(own.selection.head, len)),
    });
  }
  persist();
  updateChrome();
  scheduleAnalysis(0);
}

function showDocument(info: DocumentInfo): void {
  ui.title.textContent = info.title;
  ui.subtitle.textContent = info.subtitle;
  document.title = info.title;
}

async function runTest(id: number, action: TestAction): Promise<void> {
  const view = editor?.view;
  if (view) {
    switch (action.do) {
      case 'replace':
        replaceText(view, action.text);
        break;
      case 'type': {
        const at = action.at ?? view.state.selection.main.head;
        view.dispatch({
          changes: { from: at, insert: action.text },
          selection: { anchor: at + action.text.length },
          userEvent: 'input.type',
        });
        break;
      }
      case 'invoke':
        if (action.action === 'save') save();
        else if (action.action === 'format') format();
        else if (action.action === 'minify') minify();
        else ui.makeDefault.click();
        break;
      case 'post':
        // Tests only: a message of any shape, as a compromised page could send.
        post(action.message as PageToHost);
        break;
      case 'complete': {
        view.dispatch({ selection: { anchor: action.at } });
        view.focus();
        startCompletion(view);
        const deadline = Date.now() + 5000;
        while (completionStatus(view.state) !== 'active' && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 25));
        break;
      }
      case 'hover': {
        const coords = view.coordsAtPos(action.at);
        if (coords) {
          const target =
            document.elementFromPoint(coords.left + 1, (coords.top + coords.bottom) / 2) ?? view.contentDOM;
          target.dispatchEvent(
            new MouseEvent('mousemove', {
              bubbles: true,
              clientX: coords.left + 1,
              clientY: (coords.top + coords.bottom) / 2,
            }),
          );
          const deadline = Date.now() + 5000;
          while (!document.querySelector('.cm-tooltip-hover') && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 50));
        }
        break;
      }
      case 'query':
        break;
    }
  }
  await new Promise((r) => setTimeout(r, 0));
  await settled();
  post({ type: 'testResult', id, snapshot: snapshot() });
}

function snapshot(): PageSnapshot {
  const view = editor?.view;
  return {
    text: text(),
    title: ui.title.textContent ?? '',
    subtitle: ui.subtitle.textContent ?? '',
    findings: [...ui.findings.querySelectorAll('li')].map((li) => li.textContent ?? ''),
    sizeText: ui.size.textContent ?? '',
    status: ui.status.hidden ? '' : (ui.statusText.textContent ?? ''),
    summaryText: ui.summary.textContent ?? '',
    accessText: [...ui.access.querySelectorAll('li')].map((li) => li.textContent ?? '').join('\n'),
    dirty: document.body.classList.contains('dirty'),
    readOnly: doc?.readOnly ?? false,
    state: vscode.getState() ?? null,
    hoverText: document.querySelector('.cm-tooltip-hover')?.textContent ?? '',
    // CodeMirror's own empty <img class="cm-widgetBuffer"> sits beside the widgets that show special characters.
    markupElements: document.querySelectorAll(
      ':is(header, #status, aside, .cm-content) :is(img:not(.cm-widgetBuffer), script, a, b, i, iframe, svg, ' +
        'style, textarea, object, embed)',
    ).length,
    completions:
      view && completionStatus(view.state) === 'active' ? currentCompletions(view.state).map((c) => c.label) : [],
  };
}

window.addEventListener('message', (event: MessageEvent<HostToPage>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      init(m);
      break;
    case 'saved':
      doc = m.doc;
      savedText = m.savedText;
      showDocument(doc);
      editor?.setReadOnly(doc.readOnly);
      updateChrome();
      break;
    case 'update':
      // Not an edit of the page's: shown without sending it back.
      savedText = m.savedText;
      if (editor && m.text !== text()) {
        echo = m.text;
        replaceText(editor.view, m.text);
      }
      updateChrome();
      break;
    case 'status':
      setStatus(m.status);
      break;
    case 'access':
      // Lines of text that name policy content: rendered as text, never markup.
      ui.access.replaceChildren(
        ...m.lines.map((line) => {
          const li = document.createElement('li');
          li.textContent = line;
          if (/^Grants new access/.test(line)) li.className = 'grants';
          return li;
        }),
      );
      break;
    case 'external':
      external = { text: m.text, findings: m.findings };
      showFindings(text());
      break;
    case 'catalogReply':
      catalogClient.receive(m);
      break;
    case 'test':
      // Compiled out of the production bundle (with runTest and snapshot).
      if (__TEST__) void runTest(m.id, m.action);
      break;
  }
});

ui.makeDefault.addEventListener('click', () => post({ type: 'makeDefault' }));
$('status-close').addEventListener('click', () => setStatus(null));

post({ type: 'ready' });
