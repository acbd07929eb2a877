import * as vscode from 'vscode';

export const SNAPSHOT_SCHEME = 'iam-policy-snapshot';

/**
 * Read-only, in-memory documents for the diff editor: what IAM holds now, what the
 * editor would save. Each put() gets a fresh URI; the oldest are dropped past a bound.
 */
export class SnapshotDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private next = 1;

  put(text: string, label: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: `/${this.next++}/${label}.json` });
    this.texts.set(uri.toString(), text);
    while (this.texts.size > 50) {
      const oldest = this.texts.keys().next().value;
      if (oldest === undefined) break;
      this.texts.delete(oldest);
    }
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}
