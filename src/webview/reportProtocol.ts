/**
 * The report page's data and messages (Simulate Access, Who Can, Effective Permissions): the
 * host sends a whole report as data; the page renders it as text (never as HTML) and sends back
 * only the id of a link the user activated. Link ids are opaque and mean something only to the
 * host that made them, so a page cannot ask the host to open anything it did not offer.
 */

export const REPORT_VIEW_TYPE = 'iamExplorer.report';

/** How a cell reads at a glance; the page maps each to a theme colour and an icon-free label. */
export type Tone = 'allow' | 'deny' | 'neutral' | 'warning';

export interface ReportLink {
  /** Opaque id; the page sends it back in an `open` message. */
  readonly id: string;
  readonly text: string;
  /** Said on hover: where the link goes. */
  readonly title?: string;
}

export interface ReportCell {
  readonly text: string;
  readonly tone?: Tone;
  /** Links shown after the text, one per line (deciding statements, say). */
  readonly links?: readonly ReportLink[];
  /** Lines of detail under the text (missing context keys, conditions). */
  readonly notes?: readonly string[];
}

export interface ReportTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ReportCell[])[];
}

export interface ReportSection {
  readonly heading: string;
  /** A sentence or two above the table. */
  readonly text?: string;
  readonly table?: ReportTable;
}

export interface Report {
  readonly title: string;
  readonly subtitle?: string;
  /** A one-line summary ("3 allowed, 1 denied"). */
  readonly summary?: string;
  readonly sections: readonly ReportSection[];
  /** What the report does not cover ("resource-based policies of S3 buckets are not read"). */
  readonly caveats?: readonly string[];
}

/** Longer than this (an ARN; condition keys stay shorter), a run of characters may wrap anywhere in a cell. */
export const LONG_TOKEN = 40;

/**
 * Whether a cell holds a token too long to keep whole (an ARN): only such cells may wrap
 * mid-token, so the words of the others ("management:", "Read") keep their column wide enough.
 */
export function hasLongToken(texts: readonly string[]): boolean {
  return texts.some((t) => t.split(/\s+/).some((token) => token.length > LONG_TOKEN));
}

export type HostToReportPage = { readonly type: 'report'; readonly report: Report };

export type ReportPageToHost = { readonly type: 'ready' } | { readonly type: 'open'; readonly id: string };

/** Validates a message from the page: anything else is dropped. */
export function parseReportMessage(raw: unknown): ReportPageToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; id?: unknown };
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'open' && typeof m.id === 'string' && m.id.length > 0 && m.id.length <= 64)
    return { type: 'open', id: m.id };
  return undefined;
}
