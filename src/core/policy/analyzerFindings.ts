/**
 * IAM Access Analyzer's ValidatePolicy findings as editor findings. Its types map
 * ERROR → error, SECURITY_WARNING and WARNING → warning, SUGGESTION → info; its
 * locations carry character offsets into the document that was sent.
 */
import type { Severity } from './types';

/** A finding from outside the policy core (its code is the service's issue code). */
export interface ExternalFinding {
  severity: Severity;
  code: string;
  message: string;
  from: number;
  to: number;
  /** Who reported it: "Access Analyzer". */
  source: string;
  /** AWS's documentation of the issue. */
  link?: string;
}

interface Position {
  offset?: number;
}
interface AnalyzerFinding {
  findingType?: string;
  issueCode?: string;
  findingDetails?: string;
  learnMoreLink?: string;
  locations?: { span?: { start?: Position; end?: Position } }[];
}

const SEVERITY: Record<string, Severity> = {
  ERROR: 'error',
  SECURITY_WARNING: 'warning',
  WARNING: 'warning',
  SUGGESTION: 'info',
};

/** Maps a ValidatePolicy response body (parsed JSON, read defensively) to findings within `length` characters. */
export function analyzerFindings(body: unknown, length: number): ExternalFinding[] {
  const list =
    typeof body === 'object' && body !== null && Array.isArray((body as { findings?: unknown }).findings)
      ? (body as { findings: AnalyzerFinding[] }).findings
      : [];
  const clamp = (n: unknown, fallback: number) =>
    typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.min(length, n)) : fallback;
  return list.map((f) => {
    const span = f.locations?.[0]?.span;
    const from = clamp(span?.start?.offset, 0);
    const to = Math.max(from, clamp(span?.end?.offset, from));
    const type = f.findingType ?? 'WARNING';
    const label = type === 'SECURITY_WARNING' ? 'Security warning' : type.charAt(0) + type.slice(1).toLowerCase();
    const finding: ExternalFinding = {
      severity: SEVERITY[type] ?? 'warning',
      code: f.issueCode ?? type,
      message: `${label} (Access Analyzer): ${f.findingDetails ?? f.issueCode ?? 'no details'}`,
      from,
      to,
      source: 'Access Analyzer',
    };
    if (typeof f.learnMoreLink === 'string' && /^https:\/\//.test(f.learnMoreLink)) finding.link = f.learnMoreLink;
    return finding;
  });
}
