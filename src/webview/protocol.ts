/**
 * The policy editor's message protocol, shared by the extension side (host/) and
 * the page (ui/). Every message is a plain object tagged by `type`; requests carry
 * an `id` and their replies the same `id`. Strings that came from AWS travel as
 * data and the page renders them as text.
 */
import type { PolicyTarget, Snapshot } from '../core/iam/policySave';
import type { ExternalFinding } from '../core/policy/analyzerFindings';
import type { ConditionKeyInfo, ServiceData, ServiceInfo } from '../core/policy/catalog';
import type { PolicyKind } from '../core/policy/types';

export const VIEW_TYPE = 'iamExplorer.policyEditor';

/** What the page shows about the document it edits. */
export interface DocumentInfo {
  /** Stable per document: the page's saved state is kept only for the same key. */
  key: string;
  /** "reports-read", "Trust policy" */
  title: string;
  /** "Managed policy · profile demo · arn:aws:iam::…", as text. */
  subtitle: string;
  kind: PolicyKind;
  /** IAM's size quota for this document, characters without white space. */
  sizeLimit: number;
  /** How the quota was worked out: "managed policy quota", "user inline quota minus 512 in other inline policies". */
  sizeNote: string;
  readOnly: boolean;
  /** Read-only older version of a managed policy: the page offers "make this the new default". */
  canMakeDefault: boolean;
  /** A policy not created yet. */
  isNew: boolean;
}

/** The catalog questions the page asks; the extension side holds the data. */
export interface CatalogCalls {
  services: { params: Record<string, never>; result: ServiceInfo[] };
  service: { params: { prefix: string }; result: ServiceData | null };
  conditionKey: { params: { key: string }; result: ConditionKeyInfo | null };
  globalConditionKeys: { params: Record<string, never>; result: ConditionKeyInfo[] };
}
export type CatalogMethod = keyof CatalogCalls;

export type CatalogRequest = { [M in CatalogMethod]: { type: 'catalog'; id: number; method: M; params: CatalogCalls[M]['params'] } }[CatalogMethod];
export type CatalogReply =
  | { [M in CatalogMethod]: { type: 'catalogReply'; id: number; method: M; ok: true; result: CatalogCalls[M]['result'] } }[CatalogMethod]
  | { type: 'catalogReply'; id: number; method: CatalogMethod; ok: false; error: string };

/** The banner above the editor. */
export interface Status {
  level: 'info' | 'progress' | 'success' | 'warning' | 'error';
  text: string;
}

/** What the page rendered, read from its DOM; the answer to a test query. */
export interface PageSnapshot {
  text: string;
  title: string;
  subtitle: string;
  findings: string[];
  sizeText: string;
  status: string;
  summaryText: string;
  dirty: boolean;
  readOnly: boolean;
  /** The text of the hover tooltip currently shown, if any. */
  hoverText: string;
  /** Labels of the completion list currently open, if any. */
  completions: string[];
  /** What the page saved with setState (VS Code keeps it for the panel serializer). */
  state: PageState | null;
  /** img (but CodeMirror's widget buffers), script, a, b, i, iframe, svg, style, textarea, object, embed elements in the page's data areas: data rendered as markup would show up here. */
  markupElements: number;
}

/** What the test hook can do to the page (only when the extension runs under test). */
export type TestAction =
  | { do: 'replace'; text: string }
  | { do: 'type'; text: string; at?: number }
  | { do: 'click'; button: 'save' | 'format' | 'minify' | 'makeDefault' | 'revert' }
  | { do: 'complete'; at: number }
  /** Moves the mouse over offset `at`, as a user would to see a hover. */
  | { do: 'hover'; at: number }
  | { do: 'query' };

export type HostToPage =
  /** `text` is what to show: the host's latest copy of the edit, or IAM's document. */
  | { type: 'init'; doc: DocumentInfo; text: string; savedText: string; target: PolicyTarget; opened: Snapshot }
  /** After a save or a reload from IAM: the new baseline (and document info: a new policy now exists). `text` replaces the edit when given. */
  | { type: 'saved'; doc: DocumentInfo; savedText: string; target: PolicyTarget; opened: Snapshot; text?: string }
  | { type: 'status'; status: Status | null }
  /** Findings from IAM Access Analyzer for `text` (the page drops them once the text moved on). */
  | { type: 'external'; text: string; findings: ExternalFinding[] }
  | CatalogReply
  | { type: 'test'; id: number; action: TestAction };

export type PageToHost =
  | { type: 'ready' }
  | { type: 'changed'; text: string; dirty: boolean }
  | { type: 'save'; text: string }
  | { type: 'makeDefault' }
  /** Drop the edit and load what IAM holds now. */
  | { type: 'revert' }
  | CatalogRequest
  | { type: 'testResult'; id: number; snapshot: PageSnapshot };

/** The page's saved state (`getState`/`setState`), also what the panel serializer receives after a reload. */
export interface PageState {
  key: string;
  text: string;
  savedText: string;
  /** The document the panel edits; the host revives the panel from it. */
  target: PolicyTarget;
  /** What IAM held when the editor opened (or last saved): the base for conflict detection. */
  opened: Snapshot;
  selection?: { anchor: number; head: number };
}
