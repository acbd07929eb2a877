/**
 * The Findings view's nodes, and the record of which ones it handed out. No vscode import:
 * the commands' forged-node guard (src/commands/nodeArguments.ts) runs in plain Node too.
 */
import type { Finding, Severity, SkippedCheck } from '../core/findings/index';
import type { Suppression } from '../core/findings/suppress';

export type FindingsNode =
  | { readonly kind: 'findingsProfile'; readonly profile: string }
  | {
      readonly kind: 'severity';
      readonly profile: string;
      readonly severity: Severity;
      readonly findings: readonly Finding[];
      readonly accountId: string;
    }
  | {
      readonly kind: 'check';
      readonly profile: string;
      readonly check: string;
      readonly findings: readonly Finding[];
      readonly accountId: string;
    }
  | {
      readonly kind: 'finding';
      readonly profile: string;
      readonly accountId: string;
      readonly finding: Finding;
      readonly suppression?: Suppression;
    }
  | {
      readonly kind: 'suppressedFolder';
      readonly profile: string;
      readonly accountId: string;
      readonly items: ReadonlyArray<{ finding: Finding; suppression: Suppression }>;
    }
  | { readonly kind: 'skippedFolder'; readonly profile: string; readonly skipped: readonly SkippedCheck[] }
  | { readonly kind: 'skipped'; readonly profile: string; readonly skipped: SkippedCheck }
  | {
      readonly kind: 'findingsMessage';
      readonly profile: string;
      readonly text: string;
      readonly detail?: string;
      readonly error: boolean;
    };

/** Every node the Findings view handed out; the commands accept only these as node arguments. */
const issued = new WeakSet<object>();

/** True for a node the Findings view created (not a look-alike from a `command:` link or another extension). */
export function isIssuedFindingsNode(value: unknown): value is FindingsNode {
  return typeof value === 'object' && value !== null && issued.has(value);
}

/** Marks nodes as the Findings view's own (getChildren does, for everything it returns). */
export function issueFindingsNodes(nodes: FindingsNode[]): FindingsNode[] {
  for (const n of nodes) issued.add(n);
  return nodes;
}
