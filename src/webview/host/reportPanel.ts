/**
 * Report panels (Simulate Access, Who Can, Effective Permissions): one webview panel per kind of
 * report, reused and revealed when the command runs again. The host keeps what each link does;
 * the page gets only opaque ids, and a message naming an id the host did not hand out is dropped.
 * Reports are not revived after a window reload (their links would point at nothing): run the
 * command again.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  parseReportMessage,
  REPORT_VIEW_TYPE,
  type Report,
  type ReportCell,
  type ReportSection,
} from '../reportProtocol';
import { makeNonce } from './html';

/** A link as the command builds it: its text and what activating it does. */
export interface HostLink {
  readonly text: string;
  readonly title?: string;
  readonly open: () => Promise<unknown>;
}

export interface HostCell extends Omit<ReportCell, 'links'> {
  readonly links?: readonly HostLink[];
}

export interface HostReport extends Omit<Report, 'sections'> {
  readonly sections: readonly (Omit<ReportSection, 'table'> & {
    readonly table?: { readonly columns: readonly string[]; readonly rows: readonly (readonly HostCell[])[] };
  })[];
}

/** What a shown report offers tests and callers: its data, and its links by text. */
export interface ShownReport {
  readonly report: Report;
  /** Activates the first link with this text, as a click on it in the page would. */
  open(linkText: string): Promise<void>;
}

interface Slot {
  readonly panel: vscode.WebviewPanel;
  shown?: ShownReport;
  actions: Map<string, HostLink>;
}

export class ReportPanels implements vscode.Disposable {
  private readonly slots = new Map<string, Slot>();

  constructor(
    /** dist/webview, where report.js and report.css are. */
    private readonly root: vscode.Uri,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** The report last shown in `slot`, while its panel is open. */
  current(slot: string): ShownReport | undefined {
    return this.slots.get(slot)?.shown;
  }

  show(slot: string, title: string, hostReport: HostReport): ShownReport {
    const s = this.slots.get(slot) ?? this.create(slot);
    s.panel.title = title;
    const actions = new Map<string, HostLink>();
    const report: Report = {
      ...hostReport,
      sections: hostReport.sections.map((section) => ({
        ...section,
        table: section.table && {
          columns: section.table.columns,
          rows: section.table.rows.map((row) =>
            row.map((cell) => ({
              ...cell,
              links: cell.links?.map((link) => {
                const id = randomBytes(9).toString('base64url');
                actions.set(id, link);
                return { id, text: link.text, title: link.title };
              }),
            })),
          ),
        },
      })),
    };
    s.actions = actions;
    const run = async (link: HostLink): Promise<void> => {
      try {
        await link.open();
      } catch (err) {
        this.onError(err);
      }
    };
    s.shown = {
      report,
      open: async (text) => {
        const link = [...actions.values()].find((l) => l.text === text);
        if (!link) throw new Error(`the report has no link "${text}"`);
        await run(link);
      },
    };
    void s.panel.webview.postMessage({ type: 'report', report });
    s.panel.reveal(undefined, false);
    return s.shown;
  }

  private create(slot: string): Slot {
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'IAM', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [this.root],
      retainContextWhenHidden: false,
    });
    const nonce = makeNonce();
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(this.root, 'report.js'));
    const style = panel.webview.asWebviewUri(vscode.Uri.joinPath(this.root, 'report.css'));
    const csp = [
      `default-src 'none'`,
      `style-src ${panel.webview.cspSource}`,
      `font-src ${panel.webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    panel.webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>IAM report</title>
</head>
<body>
<main id="report" aria-live="polite"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
    const slotState: Slot = { panel, actions: new Map() };
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseReportMessage(raw);
      if (!message) return;
      if (message.type === 'ready') {
        if (slotState.shown) void panel.webview.postMessage({ type: 'report', report: slotState.shown.report });
        return;
      }
      const link = slotState.actions.get(message.id);
      if (link) void link.open().catch((err: unknown) => this.onError(err));
    });
    panel.onDidDispose(() => this.slots.delete(slot));
    this.slots.set(slot, slotState);
    return slotState;
  }

  dispose(): void {
    for (const s of this.slots.values()) s.panel.dispose();
    this.slots.clear();
  }
}
