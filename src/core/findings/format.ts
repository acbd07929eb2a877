/**
 * Findings as text: JSON lines (one object per finding), SARIF 2.1.0, CSV and Markdown.
 * Evidence never carries secrets (the inputs hold none: the credential report and the
 * snapshot have no secret keys), so every format may include it.
 */
import { ALL_CHECKS } from './index';
import { findingKey } from './suppress';
import type { Check, Finding, Severity } from './types';
import { counted } from '../text';

export const FORMATS = ['json', 'sarif', 'csv', 'markdown'] as const;
export type FindingsFormat = (typeof FORMATS)[number];

/** One line per finding: check, severity, entity (ARN), detail, then the rest. */
export function toJsonLines(findings: readonly Finding[]): string {
  return findings
    .map((f) =>
      JSON.stringify({
        check: f.check,
        severity: f.severity,
        entity: f.entity,
        detail: f.detail,
        entityType: f.entityType,
        entityName: f.entityName,
        evidence: f.evidence,
      }),
    )
    .map((l) => l + '\n')
    .join('');
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};
/** GitHub code scanning reads `security-severity` (0–10) for its own severity labels. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export interface SarifOptions {
  readonly toolVersion?: string;
  readonly checks?: readonly Check[];
}

/** A SARIF 2.1.0 log: one rule per check that found something, one result per finding. */
export function toSarif(findings: readonly Finding[], options: SarifOptions = {}): string {
  const checks = options.checks ?? ALL_CHECKS;
  const used = [...new Set(findings.map((f) => f.check))];
  const rules = used.map((id) => {
    const c = checks.find((x) => x.id === id);
    return {
      id,
      name: id
        .split('.')
        .map(
          (w) =>
            w.charAt(0) +
            w
              .slice(1)
              .toLowerCase()
              .replace(/_(\w)/g, (_m, ch: string) => ch.toUpperCase()),
        )
        .join(''),
      shortDescription: { text: c?.title ?? id },
      fullDescription: { text: c?.rule ?? id },
      defaultConfiguration: { level: c ? SARIF_LEVEL[c.severity] : 'warning' },
      properties: {
        tags: ['security', 'iam'],
        'security-severity': c ? SECURITY_SEVERITY[c.severity] : '5.0',
        severity: c?.severity,
      },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.check,
    ruleIndex: used.indexOf(f.check),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.detail },
    locations: [{ logicalLocations: [{ fullyQualifiedName: f.entity, name: f.entityName, kind: f.entityType }] }],
    partialFingerprints: { 'iamFinding/v1': findingKey(f) },
    properties: { severity: f.severity, entity: f.entity, evidence: f.evidence },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'IAM Explorer',
            informationUri: 'https://example.invalid/iam-explorer',
            version: options.toolVersion ?? '0.0.0',
            rules,
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/**
 * RFC 4180 cell; a cell a spreadsheet would run as a formula (= + - @, tab, CR) gets a
 * leading apostrophe, since entity names and policy text come from the account.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(findings: readonly Finding[]): string {
  const rows = [['check', 'severity', 'entity', 'entity_type', 'entity_name', 'detail', 'evidence']];
  for (const f of findings)
    rows.push([f.check, f.severity, f.entity, f.entityType, f.entityName, f.detail, JSON.stringify(f.evidence)]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Markdown text: `|`, backticks and HTML-significant characters escaped. */
const md = (s: string) => s.replace(/[\\`*_{}[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');

export function toMarkdown(findings: readonly Finding[], title = 'IAM findings'): string {
  const lines = [`# ${md(title)}`, '', `${counted(findings.length, 'finding')}.`, ''];
  if (findings.length) {
    lines.push('| severity | check | entity | detail |', '| --- | --- | --- | --- |');
    for (const f of findings) lines.push(`| ${f.severity} | ${md(f.check)} | ${md(f.entity)} | ${md(f.detail)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

export function formatFindings(
  findings: readonly Finding[],
  format: FindingsFormat,
  options: SarifOptions = {},
): string {
  switch (format) {
    case 'json':
      return toJsonLines(findings);
    case 'sarif':
      return toSarif(findings, options);
    case 'csv':
      return toCsv(findings);
    case 'markdown':
      return toMarkdown(findings);
  }
}
