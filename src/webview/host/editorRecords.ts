/**
 * What the host keeps about each policy editor panel, under an opaque random id: the
 * document it edits, what IAM held when it opened (the base for conflict detection) and
 * the saved baseline. The page holds only the id, so after a reload the panel serializer
 * revives from this record, never from what the page wrote into its state.
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { PolicyTarget, Snapshot } from '../../core/iam/policySave';

export interface EditorRecord {
  readonly target: PolicyTarget;
  readonly opened: Snapshot;
  readonly savedText: string;
}

interface Stored extends EditorRecord {
  /** When the record was last written (ms since the epoch): the oldest go first past the bound. */
  readonly at: number;
}

const KEY = 'iamExplorer.policyEditor.panels';
/** Records kept: open panels plus recently closed ones (a reload revives only open ones). */
const MAX_RECORDS = 30;

/** A fresh opaque id: 128 random bits as 32 hex digits. */
export function newHandle(): string {
  return randomBytes(16).toString('hex');
}

export class EditorRecords {
  constructor(private readonly memento: vscode.Memento) {}

  remember(handle: string, record: EditorRecord): void {
    const all = { ...this.all(), [handle]: { ...record, at: Date.now() } };
    const kept = Object.entries(all)
      .sort(([, a], [, b]) => b.at - a.at)
      .slice(0, MAX_RECORDS);
    void this.memento.update(KEY, Object.fromEntries(kept));
  }

  recall(handle: string): EditorRecord | undefined {
    const all = this.all();
    return Object.hasOwn(all, handle) ? all[handle] : undefined;
  }

  private all(): Record<string, Stored> {
    const value = this.memento.get<unknown>(KEY);
    return typeof value === 'object' && value !== null ? (value as Record<string, Stored>) : {};
  }
}

/**
 * The target with the names shown derived from what the calls use: a managed policy's
 * name is the last segment of its ARN, so a confirmation never names one policy while
 * CreatePolicyVersion writes to another.
 */
export function withNamesFromArn(target: PolicyTarget): PolicyTarget {
  if (target.kind !== 'managed') return target;
  const name = target.policyArn.slice(target.policyArn.lastIndexOf('/') + 1);
  return name === target.policyName ? target : { ...target, policyName: name };
}
