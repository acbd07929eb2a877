/**
 * The report page: renders the host's report with textContent only (names, ARNs and policy
 * text come from AWS), and sends back the id of a link the user activates.
 */
import {
  hasLongToken,
  type HostToReportPage,
  type Report,
  type ReportCell,
  type ReportPageToHost,
  type ReportSection,
} from '../../reportProtocol';
import './report.css';

declare function acquireVsCodeApi(): {
  postMessage(m: ReportPageToHost): void;
  setState(s: unknown): void;
  getState(): unknown;
};

const vscode = acquireVsCodeApi();
const root = document.getElementById('report') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

const TONE_LABEL = { allow: 'allowed', deny: 'denied', warning: 'warning', neutral: '' } as const;

function cell(c: ReportCell, header: boolean): HTMLElement {
  const td = el(header ? 'th' : 'td');
  if (header) td.scope = 'row';
  if (hasLongToken([c.text, ...(c.links ?? []).map((l) => l.text), ...(c.notes ?? [])])) td.classList.add('long');
  const main = el('span', c.text, `text${c.tone ? ` tone-${c.tone}` : ''}`);
  if (c.tone && c.tone !== 'neutral') main.setAttribute('aria-label', `${c.text} (${TONE_LABEL[c.tone]})`);
  td.append(main);
  for (const [i, link] of (c.links ?? []).entries()) {
    const a = el('a', link.text, 'link');
    a.href = '#';
    if (link.title) a.title = link.title;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'open', id: link.id });
    });
    // A line break between the text and each link; none before the first when there is no text (a blank line).
    if (i > 0 || c.text) td.append(el('br'));
    td.append(a);
  }
  for (const note of c.notes ?? []) td.append(el('div', note, 'note'));
  return td;
}

function section(s: ReportSection): HTMLElement {
  const div = el('section');
  div.append(el('h2', s.heading));
  if (s.text) div.append(el('p', s.text));
  if (s.table && s.table.rows.length === 0) div.append(el('p', 'None.', 'note empty'));
  else if (s.table) {
    const table = el('table');
    const head = el('tr');
    for (const c of s.table.columns) {
      const th = el('th', c);
      th.scope = 'col';
      head.append(th);
    }
    table.append(el('thead'), el('tbody'));
    table.tHead?.append(head);
    for (const row of s.table.rows) {
      const tr = el('tr');
      row.forEach((c, i) => tr.append(cell(c, i === 0)));
      table.tBodies[0]?.append(tr);
    }
    div.append(table);
  }
  return div;
}

function render(report: Report): void {
  document.title = report.title;
  const parts: HTMLElement[] = [el('h1', report.title)];
  if (report.subtitle) parts.push(el('div', report.subtitle, 'subtitle'));
  if (report.summary) parts.push(el('p', report.summary, 'summary'));
  for (const s of report.sections) parts.push(section(s));
  if (report.caveats?.length) {
    const ul = el('ul', undefined, 'caveats');
    for (const c of report.caveats) ul.append(el('li', c));
    parts.push(el('h2', 'What this does not cover'), ul);
  }
  root.replaceChildren(...parts);
  vscode.setState({ report });
}

window.addEventListener('message', (event: MessageEvent<HostToReportPage>) => {
  if (event.data?.type === 'report') render(event.data.report);
});
const saved = vscode.getState() as { report?: Report } | undefined;
if (saved?.report) render(saved.report);
vscode.postMessage({ type: 'ready' });
