import type * as vscode from 'vscode';
import type { Entity } from '../core/iam/model';
import type { ExplorerTree } from './explorerTree';
import type { ExplorerNode } from './nodes';

/**
 * How long the tree must be quiet after a full refresh before the view's selection is checked:
 * the extension host batches tree changes before the workbench re-renders, a refresh that lands
 * after the reveal clears the selection the reveal set, and revealing while the tree still
 * changes can fail half-way.
 */
const CHECK_AFTER_REFRESH_MS = 500;
/** How long a reveal is kept: the late refreshes it survives come soon after it (a snapshot, a reload). */
const KEEP_MS = 30_000;
/** Reveals in a row whose selection did not show up before giving up (until the next refresh). */
const MAX_UNCONFIRMED = 3;
/** A selection emptied this long after a full refresh is taken as cleared by it. */
const REFRESH_CLEARS_WITHIN_MS = 5_000;

/**
 * Reveals entities in the explorer (Go to Entity, a finding's entity, a report's link) and
 * keeps the last one revealed. A full refresh of the tree (the AWS files reloaded, a profile
 * refreshed, SSO accounts added) replaces its nodes, which clears the view's selection: once it
 * has landed, the same entity is revealed and selected again if it still exists. A reveal
 * whose selection the view does not report back (it was still re-rendering a refresh) is
 * repeated, a few times. Choosing another item in the view ends this.
 */
export class Reveals implements vscode.Disposable {
  private last?: { readonly profile: string; readonly entity: Entity; readonly id: string; readonly at: number };
  private refreshedAt = 0;
  /** Counts the tree's changes, so a re-reveal waits for a quiet tree. */
  private changes = 0;
  /** Reveals in a row whose selection the view has not reported. */
  private unconfirmed = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly tree: ExplorerTree,
    private readonly view: vscode.TreeView<ExplorerNode>,
    private readonly log: { info(message: string): void },
  ) {
    this.subscriptions = [
      tree.onDidChangeTreeData((node) => {
        this.changes++;
        const last = this.current();
        if (!last) return;
        if (node === undefined || (node.kind === 'profile' && node.profile === last.profile)) {
          this.refreshedAt = Date.now();
          this.unconfirmed = 0;
          this.schedule();
        } else if (this.timer !== undefined) this.schedule(); // not while the tree still changes
      }),
      view.onDidChangeSelection(({ selection }) => {
        const last = this.current();
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
    this.last = { profile, entity, id: node.id, at: Date.now() };
    this.unconfirmed = 0;
    await this.view.reveal(node, { select: true, focus: options.focus, expand: false });
    this.schedule(); // check that the selection arrived
    return node;
  }

  /** The last reveal, while it is kept. */
  private current(): Reveals['last'] {
    if (this.last && Date.now() - this.last.at > KEEP_MS) this.last = undefined;
    return this.last;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.revealAgain();
    }, CHECK_AFTER_REFRESH_MS);
  }

  /** After a refresh (or a reveal): the last entity again, unless the view has it selected or it is gone. */
  private async revealAgain(): Promise<void> {
    const last = this.current();
    if (!last) return;
    if (this.view.selection.some((n) => n.id === last.id)) {
      this.unconfirmed = 0;
      return;
    }
    if (++this.unconfirmed > MAX_UNCONFIRMED) return;
    try {
      const changes = this.changes;
      const node = await this.tree.entityNode(last.profile, last.entity);
      if (this.last !== last) return; // another reveal, or the user chose something else, meanwhile
      if (this.changes !== changes) return this.schedule(); // the tree changed while loading: wait again
      await this.view.reveal(node, { select: true, focus: false, expand: false });
      this.schedule(); // check again that the selection arrived
    } catch (error) {
      // Deleted, its profile no longer shown, or its folder failed to list: nothing to select.
      if (this.last === last) this.last = undefined;
      this.log.info(`reveal ${last.entity.name} again after a refresh: ${String(error)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const s of this.subscriptions) s.dispose();
  }
}
