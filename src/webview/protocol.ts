/**
 * The policy editor's message protocol, shared by the extension side (host/) and
 * the page (ui/). Every message is a plain object tagged by `type`; requests carry
 * an `id` and their replies the same `id`. Strings that came from AWS travel as
 * data and the page renders them as text.
 */
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

export type CatalogRequest = {
  [M in CatalogMethod]: { type: 'catalog'; id: number; method: M; params: CatalogCalls[M]['params'] };
}[CatalogMethod];
export type CatalogReply =
  | {
      [M in CatalogMethod]: {
        type: 'catalogReply';
        id: number;
        method: M;
        ok: true;
        result: CatalogCalls[M]['result'];
      };
    }[CatalogMethod]
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
  /** The "What this change grants" panel's text. */
  accessText: string;
  dirty: boolean;
  readOnly: boolean;
  /** The text of the hover tooltip currently shown, if any. */
  hoverText: string;
  /** Labels of the completion list currently open, if any. */
  completions: string[];
  /** What the page saved with setState. */
  state: PageState | null;
  /**
   * img (but CodeMirror's widget buffers), script, a, b, i, iframe, svg, style, textarea, object, embed elements in the
   * page's data areas: data rendered as markup would show up here.
   */
  markupElements: number;
}

/** What the test hook can do to the page (only when the extension runs under test). */
export type TestAction =
  | { do: 'replace'; text: string }
  | { do: 'type'; text: string; at?: number }
  /** The page's own actions: Ctrl+S, Shift+Alt+F, Minify, the Make Default button. */
  | { do: 'invoke'; action: 'save' | 'format' | 'minify' | 'makeDefault' }
  | { do: 'complete'; at: number }
  /** Moves the mouse over offset `at`, as a user would to see a hover. */
  | { do: 'hover'; at: number }
  /** Makes the page post `message` to the host as it is: how tests send a malformed or forged message. */
  | { do: 'post'; message: unknown }
  | { do: 'query' };

export type HostToPage =
  /** `text` is the document's text; `savedText` what it was read or saved as (the page's baseline). */
  | { type: 'init'; doc: DocumentInfo; text: string; savedText: string }
  /** After a save (and when the document info changed: a new policy now exists). */
  | { type: 'saved'; doc: DocumentInfo; savedText: string }
  /** The document changed other than from the page (undo, redo, Revert File, another editor): the page shows `text`. */
  | { type: 'update'; text: string; savedText: string }
  | { type: 'status'; status: Status | null }
  /**
   * What the edit grants compared with what IAM held when the document was read (src/core/access), as lines of
   * text.
   */
  | { type: 'access'; lines: string[] }
  /** Findings from IAM Access Analyzer for `text` (the page drops them once the text moved on). */
  | { type: 'external'; text: string; findings: ExternalFinding[] }
  | CatalogReply
  | { type: 'test'; id: number; action: TestAction };

export type PageToHost =
  | { type: 'ready' }
  | { type: 'changed'; text: string; dirty: boolean }
  | { type: 'save'; text: string }
  | { type: 'makeDefault' }
  | CatalogRequest
  | { type: 'testResult'; id: number; snapshot: PageSnapshot };

/**
 * The page's saved state (`getState`/`setState`): only where the cursor was, for a tab
 * shown again. The text is the document's; nothing about the document comes from here.
 */
export interface PageState {
  key: string;
  selection?: { anchor: number; head: number };
}

/** The most text a message may carry: far above any IAM quota (10,240), far below what would hurt the host. */
export const MAX_PAGE_TEXT = 1_048_576 * 2;

const CATALOG_PARAMS: Record<CatalogMethod, (params: Record<string, unknown>) => boolean> = {
  services: () => true,
  globalConditionKeys: () => true,
  service: (p) => typeof p.prefix === 'string' && p.prefix.length <= 200,
  conditionKey: (p) => typeof p.key === 'string' && p.key.length <= 1000,
};

/**
 * Checks the type and shape of a message from the page: the tag, each field's type, the
 * catalog method and its parameters, and the size of text. Returns the message, or why it
 * is refused (for the log; it names fields, never their values).
 */
export function parsePageMessage(raw: unknown): PageToHost | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not an object';
  const m = raw as Record<string, unknown>;
  const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_PAGE_TEXT;
  const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  switch (m.type) {
    case 'ready':
    case 'makeDefault':
      return { type: m.type };
    case 'changed':
      if (!isText(m.text)) return `"changed" without a text string`;
      if (typeof m.dirty !== 'boolean') return `"changed" without a dirty flag`;
      return { type: 'changed', text: m.text, dirty: m.dirty };
    case 'save':
      if (!isText(m.text)) return `"save" without a text string`;
      return { type: 'save', text: m.text };
    case 'catalog': {
      if (!isId(m.id)) return `"catalog" without a numeric id`;
      const method = m.method;
      if (typeof method !== 'string' || !Object.hasOwn(CATALOG_PARAMS, method))
        return `"catalog" with an unknown method`;
      const params = m.params;
      if (
        typeof params !== 'object' ||
        params === null ||
        !CATALOG_PARAMS[method as CatalogMethod](params as Record<string, unknown>)
      )
        return `"catalog" ${method} with malformed parameters`;
      return { type: 'catalog', id: m.id, method, params } as CatalogRequest;
    }
    case 'testResult':
      if (!isId(m.id) || typeof m.snapshot !== 'object' || m.snapshot === null)
        return `"testResult" without an id and a snapshot`;
      return { type: 'testResult', id: m.id, snapshot: m.snapshot as PageSnapshot };
    default:
      return typeof m.type === 'string' ? `unknown type "${m.type.slice(0, 40)}"` : 'no type';
  }
}
