import type * as vscode from 'vscode';
import type { Entity } from '../core/iam/model';
import type { ExplorerTree } from './explorerTree';
import type { ExplorerNode } from './nodes';

/**
 * How long after a full refresh the view's selection is checked: the extension host batches
 * tree changes before the workbench re-renders, and a refresh that lands after the reveal
 * clears the selection the reveal set.
 */
const CHECK_AFTER_REFRESH_MS = 500;
/** A selection emptied this long after a full refresh is taken as cleared by it. */
const REFRESH_CLEARS_WITHIN_MS = 5_000;

/**
 * Reveals entities in the explorer (Go to Entity, a finding's entity, a report's link) and
 * keeps the last one revealed. A full refresh of the tree (the AWS files reloaded, a profile
 * refreshed, SSO accounts added) replaces its nodes, which clears the view's selection: once it
 * has landed, the same entity is revealed and selected again if it still exists. Choosing
 * another item in the view ends this.
 */
export class Reveals implements vscode.Disposable {
  private last?: { readonly profile: string; readonly entity: Entity; readonly id: string };
  private refreshedAt = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly tree: ExplorerTree,
    private readonly view: vscode.TreeView<ExplorerNode>,
    private readonly log: { info(message: string): void },
  ) {
    this.subscriptions = [
      tree.onDidChangeTreeData((node) => {
        const last = this.last;
        if (!last || (node !== undefined && !(node.kind === 'profile' && node.profile === last.profile))) return;
        this.refreshedAt = Date.now();
        this.schedule();
      }),
      view.onDidChangeSelection(({ selection }) => {
        const last = this.last;
        if (!last) return;
        if (selection.length > 0 && !selection.some((n) => n.id === last.id)) this.last = undefined;
        else if (selection.length === 0 && Date.now() - this.refreshedAt < REFRESH_CLEARS_WITHIN_MS) this.schedule();
      }),
    ];
  }

  /**
   * Reveals and selects an entity's node (its folder and root loaded as the view would); it is
   * kept as the last one.
   */
  async reveal(profile: string, entity: Entity, options: { focus: boolean }): Promise<ExplorerNode> {
    const node = await this.tree.entityNode(profile, entity);
    this.last = { profile, entity, id: node.id };
    await this.view.reveal(node, { select: true, focus: options.focus, expand: false });
    return node;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.revealAgain(), CHECK_AFTER_REFRESH_MS);
  }

  /** After a refresh: the last entity again, unless the view still has it selected or it is gone. */
  private async revealAgain(): Promise<void> {
    const last = this.last;
    if (!last || this.view.selection.some((n) => n.id === last.id)) return;
    try {
      const node = await this.tree.entityNode(last.profile, last.entity);
      if (this.last !== last) return; // another reveal, or the user chose something else, meanwhile
      await this.view.reveal(node, { select: true, focus: false, expand: false });
    } catch (error) {
      // Deleted, its profile no longer shown, or its folder failed to list: nothing to select.
      if (this.last === last) this.last = undefined;
      this.log.info(`reveal ${last.entity.name} again after a refresh: ${String(error)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
