/**
 * DOM for data: findings, the summary, hovers, the size counter. Everything that
 * may have come from AWS (policy text, names, descriptions) is set with
 * `textContent`; no HTML is ever built from strings here.
 */
import type { HoverInfo } from '../../core/policy/completion';
import type { PolicySummary, ServiceSummary } from '../../core/policy/summary';
import type { ExternalFinding } from '../../core/policy/analyzerFindings';
import type { Finding } from '../../core/policy/types';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

/** "Line 3, col 7" for an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}

/** The findings list; clicking an entry calls `reveal` with its span. */
export function renderFindings(
  list: HTMLElement,
  findings: readonly (Finding | ExternalFinding)[],
  text: string,
  reveal: (f: Finding | ExternalFinding) => void,
): void {
  list.replaceChildren();
  if (findings.length === 0) {
    list.append(el('li', 'No problems found.', 'finding none'));
    return;
  }
  for (const f of findings) {
    const { line, col } = lineCol(text, f.from);
    const li = el('li', undefined, `finding ${f.severity}`);
    li.tabIndex = 0;
    li.append(
      el('span', SEVERITY_LABEL[f.severity], 'severity'),
      el('span', ` Ln ${line}, Col ${col} `, 'where'),
      el('span', f.message, 'message'),
      el('span', ` ${f.code}`, 'code'),
    );
    if ('link' in f && f.link) li.title = f.link;
    li.addEventListener('click', () => reveal(f));
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        reveal(f);
      }
    });
    list.append(li);
  }
}

function serviceBlock(s: ServiceSummary): HTMLElement {
  const row = el('div', undefined, 'service');
  const head = el('div', undefined, 'service-head');
  head.append(el('span', s.name, 'service-name'), el('span', ` ${s.access}`, 'access'));
  row.append(head);
  if (s.levels.length > 0) {
    const levels = el('ul', undefined, 'levels');
    for (const l of s.levels) levels.append(el('li', `${l.level}: ${l.granted} of ${l.total}`));
    row.append(levels);
  }
  row.append(el('div', `Resources: ${s.resources.length ? s.resources.join(', ') : 'none named'}`, 'resources'));
  if (s.conditions.length) row.append(el('div', `Conditions: ${s.conditions.join('; ')}`, 'conditions'));
  if (s.unrecognized.length) row.append(el('div', `Not recognized: ${s.unrecognized.join(', ')}`, 'unrecognized'));
  return row;
}

export function renderSummary(box: HTMLElement, summary: PolicySummary): void {
  box.replaceChildren();
  for (const [label, rows] of [
    ['Allow', summary.allow],
    ['Deny', summary.deny],
  ] as const) {
    if (rows.length === 0) continue;
    box.append(el('h3', `${label} (${rows.length} ${rows.length === 1 ? 'service' : 'services'})`));
    for (const s of rows) box.append(serviceBlock(s));
  }
  for (const n of summary.notes) box.append(el('p', n, 'note'));
  if (box.childElementCount === 0) box.append(el('p', 'This policy allows and denies nothing yet.', 'note'));
}

export function hoverContent(info: HoverInfo): HTMLElement {
  const box = el('div', undefined, 'hover');
  box.append(el('div', info.title, 'hover-title'));
  if (info.service) box.append(el('div', info.service, 'hover-service'));
  if (info.description) box.append(el('div', info.description, 'hover-description'));
  if (info.accessLevels?.length) box.append(el('div', `Access level: ${info.accessLevels.join(', ')}`, 'hover-level'));
  if (info.type) box.append(el('div', `Type: ${info.type}`, 'hover-type'));
  if (info.resourceTypes?.length) {
    const ul = el('ul', undefined, 'hover-resources');
    for (const r of info.resourceTypes)
      ul.append(el('li', `${r.name}${r.required ? ' (required)' : ''}${r.arn ? ` — ${r.arn}` : ''}`));
    box.append(el('div', 'Resource types:'), ul);
  }
  if (info.matches?.length) {
    const shown = info.matches.slice(0, 12);
    const ul = el('ul', undefined, 'hover-matches');
    for (const m of shown) ul.append(el('li', `${m.name} (${m.accessLevels.join(', ')})`));
    box.append(ul);
    if (info.matches.length > shown.length) box.append(el('div', `and ${info.matches.length - shown.length} more`));
  }
  return box;
}

export function renderSize(box: HTMLElement, size: number, limit: number, note: string): void {
  box.textContent = `${size.toLocaleString('en-US')} / ${limit.toLocaleString('en-US')} characters`;
  box.title = `IAM counts characters without white space. Limit: ${note}.`;
  box.className = size > limit ? 'size over' : size > limit * 0.9 ? 'size near' : 'size';
}
