import * as vscode from 'vscode';
import type { Connection } from '../aws/connections';
import type { SsoGroup } from '../aws/ssoRoots';
import { CredentialsFailure, type CredentialsProblem, type WelcomeState } from '../core/credentials';
import {
  awsErrorInfo,
  describeAwsError,
  isCredentialsError,
  isExpiredSession,
  isSsoLoginNeeded,
  missingPermission,
} from '../core/iam/errors';
import type { Entity } from '../core/iam/model';
import { isAwsManagedPolicyArn } from '../core/iam/partition';
import type { AccountModel, ListKind, ModelEvent, ProfileIdentity } from '../core/model/accountModel';
import { SsoError } from '../core/sso';
import {
  issueNodes,
  SUBFOLDERS,
  type ExplorerNode,
  type FolderKind,
  type ProfileNode,
  type SsoSessionNode,
  type SubFolderNode,
} from './nodes';
import { credentialsFix, problemNode } from './profileProblems';
import { entityTooltip, toTreeItem, type IdentityState, type TreeItemSettings } from './treeItems';

/** What the tree needs from the rest of the extension. */
export interface ExplorerTreeDeps {
  profiles(): string[];
  connection(profile: string): Promise<Connection>;
  settings(): TreeItemSettings & { showAwsManagedPolicies: boolean };
  /** What is wrong with this profile in the local shared files, listed first on its root. */
  problems(profile: string): Promise<readonly CredentialsProblem[]>;
  /** A profile's credentials stopped working: drop its clients, so the next request resolves them again. */
  credentialsFailed?(profile: string): void;
  /** A profile root connected (its identity resolved): the snapshot loader may start. */
  connected?(profile: string, connection: Connection): void;
  /** A line about the profile's account snapshot for the root's tooltip (its age, or why there is none). */
  snapshotNote?(profile: string): string | undefined;
  /** Why the view shows its welcome content instead of roots (no profiles, none selected exists), if it does. */
  welcome?(): Promise<WelcomeState | undefined>;
  /** Accounts added from SSO sign-ins, one group per sign-in, shown after the profiles. */
  ssoGroups?(): readonly SsoGroup[];
  /**
   * Cross-account trust between the loaded accounts (their snapshots): for a role, who in the
   * other accounts may assume it; for a user or role, which roles of the other accounts it may
   * assume. Shown as "Assumable from" and "Can assume" once accounts were added from SSO.
   */
  crossAccount?(
    profile: string,
    entity: Entity,
    which: 'assumableFrom' | 'canAssume',
  ): Promise<readonly { label: string; description: string; arn: string }[]>;
  /**
   * How many accounts a sign-in reaches that were not added (one ListAccounts walk); throws when the sign-in cannot
   * list.
   */
  ssoMoreAccounts?(groupKey: string): Promise<number>;
  /**
   * Runs an SSO account root's first load in the pool of accounts loading at once (iamExplorer.maxConcurrentAccounts).
   */
  loadSlot?<T>(profile: string, work: () => Promise<T>): Promise<T>;
  /** Shows progress in the view (window.withProgress at the view's id) while `task` runs: loads are in flight. */
  progress?(task: () => Promise<void>): void;
}

/** The context key the welcome content's `when` clauses read (package.json `viewsWelcome`). */
export const WELCOME_CONTEXT_KEY = 'iamExplorer.welcome';

export type { ProfileIdentity };

/**
 * The IAM tree: one root per selected profile. It renders each profile's account model
 * (Connection.model): children are read from the model on expand (the model lists what it
 * does not hold yet) and kept; the model's change events re-render exactly the nodes they
 * name. Access keys are not in the model and are listed here.
 */
export class ExplorerTree implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Loaded children by parent id, with the parent node the view holds (and, while it loads, its abort). */
  private readonly children = new Map<
    string,
    { node: ExplorerNode; children: Promise<ExplorerNode[]>; abort?: AbortController }
  >();
  /**
   * Loads in flight by node id. Each passes its signal to the model, which aborts the IAM
   * listing once no caller waits for it any more: a load is aborted when it is superseded
   * (Refresh, its profile no longer shown, the tree disposed) or no longer looked at (its
   * node collapsed, the view hidden).
   */
  private readonly inFlight = new Map<string, { node: ExplorerNode; abort: AbortController; done: Promise<unknown> }>();
  /** Ends the view's progress indicator once no load is in flight. */
  private progressDone?: () => void;
  /** Shows the view's progress when a load is still in flight after LOAD_PROGRESS_DELAY_MS. */
  private progressTimer?: ReturnType<typeof setTimeout>;
  private readonly identities = new Map<string, Promise<ProfileIdentity>>();
  /** Settled identities, so a root renders at once and never waits on the network. */
  private readonly settled = new Map<string, IdentityState>();
  /** Root nodes are kept, so events and reveal() see the same objects the view holds. */
  private readonly roots = new Map<string, ProfileNode>();
  /** SSO sign-in nodes, kept like the roots. */
  private readonly sessionNodes = new Map<string, SsoSessionNode>();
  /** The models this tree listens to, with the profile each belongs to. */
  private readonly models = new Map<AccountModel, { profile: string; dispose(): void }>();
  /**
   * Children last rendered for a node being re-rendered: unchanged nodes are reused, so what is loaded below them
   * stays.
   */
  private readonly previous = new Map<string, Promise<ExplorerNode[]>>();

  /** The welcome content the view shows instead of roots, as of the last root listing (what the context key says). */
  welcomeShown: WelcomeState | undefined;
  private welcomeContextSet = false;

  constructor(private readonly deps: ExplorerTreeDeps) {}

  /**
   * Refresh (the command): forgets what the model and the tree hold for `node` and below,
   * then lists it again from IAM; without a node, everything. On a profile root the account
   * model is reset, so its snapshot is loaded again once the root reconnects.
   */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      this.cancelLoads(() => true);
      for (const profile of this.allProfiles()) this.resetModel(profile);
      this.children.clear();
      this.identities.clear();
      this.settled.clear();
      this.changed.fire(undefined);
      return;
    }
    const target = node.kind === 'error' || node.kind === 'empty' ? (node.parent ?? node) : node;
    if (target.kind === 'ssoSession') {
      // Every account of the sign-in, as Refresh on each root would, and the sign-in's account list.
      for (const root of this.ssoRoots(target)) this.refresh(root);
      this.children.delete(target.id);
      this.changed.fire(target);
      return;
    }
    this.forgetInModel(target);
    this.dropBelow(target.id, true);
    if (target.kind === 'profile') {
      this.identities.delete(target.profile);
      this.settled.delete(target.profile);
    }
    this.changed.fire(target.kind === 'profile' ? undefined : target);
  }

  /** Re-renders a profile root (its tooltip), not what is below it. */
  rerenderRoot(profile: string): void {
    if (this.allProfiles().includes(profile)) this.changed.fire(this.root(profile));
  }

  /** Roots whose account answered (identity known), profiles first: the accounts "loaded". */
  loadedProfiles(): string[] {
    return this.allProfiles().filter((p) => this.settled.get(p)?.ok === true);
  }

  /** How a root is named to the user: the profile, or an SSO account's name. */
  rootName(profile: string): string {
    return this.roots.get(profile)?.sso?.accountName ?? profile;
  }

  /** The profiles shown, then the SSO accounts added (their keys). */
  allProfiles(): string[] {
    return [...this.deps.profiles(), ...(this.deps.ssoGroups?.() ?? []).flatMap((g) => g.roots.map((r) => r.profile))];
  }

  private ssoSessionNodes(): SsoSessionNode[] {
    return (this.deps.ssoGroups?.() ?? []).map((g) => {
      const id = `ssoSession:${g.key}`;
      const kept = this.sessionNodes.get(id);
      if (kept && kept.label === g.label) return kept;
      const node: SsoSessionNode = { kind: 'ssoSession', id, profile: g.key, label: g.label };
      this.sessionNodes.set(id, node);
      return node;
    });
  }

  /** The roots of one sign-in's accounts, their parent that sign-in's node. */
  private ssoRoots(node: SsoSessionNode): ProfileNode[] {
    const group = (this.deps.ssoGroups?.() ?? []).find((g) => g.key === node.profile);
    return (group?.roots ?? []).map((r) =>
      this.root(r.profile, {
        node,
        sso: {
          accountName: r.accountName,
          accountId: r.accountId,
          roleName: r.roleName,
          loginArgs: group?.loginArgs ?? [],
        },
      }),
    );
  }

  /** Re-renders every item from what is held (a display setting changed): no request. */
  rerenderAll(): void {
    this.changed.fire(undefined);
  }

  /** Re-renders the Policies folder of every profile (the AWS managed folder appears or goes). */
  rerenderPolicyFolders(): void {
    for (const node of [...this.children.values()].map((c) => c.node)) {
      if (node.kind === 'folder' && node.folder === 'policies') this.rerender(node);
    }
  }

  private dropBelow(id: string, self: boolean): void {
    const below = (key: string) => (self && key === id) || key.startsWith(`${id}/`);
    this.cancelLoads((n) => below(n.id));
    for (const key of [...this.children.keys()]) if (below(key)) this.children.delete(key);
  }

  /**
   * Aborts the loads in flight that `which` picks and forgets them, so the next getChildren
   * lists again. With `rerender`, each node is re-rendered once its load has returned, so the
   * view asks for its children again when it shows them (after a collapse, or the view hidden).
   */
  private cancelLoads(which: (node: ExplorerNode) => boolean, rerender = false): void {
    for (const [id, load] of [...this.inFlight]) {
      if (!which(load.node)) continue;
      this.inFlight.delete(id);
      if (this.children.get(id)?.abort === load.abort) this.children.delete(id);
      load.abort.abort();
      if (rerender) void load.done.then(() => this.changed.fire(load.node));
    }
    this.loadsChanged();
  }

  /** The node was collapsed in the view: what is still loading at it or below stops. */
  collapsed(node: ExplorerNode): void {
    this.cancelLoads((n) => n.id === node.id || n.id.startsWith(`${node.id}/`), true);
  }

  /** The view was hidden (or closed): every load in flight stops; shown again, the view lists what it shows. */
  hidden(): void {
    this.cancelLoads(() => true, true);
  }

  /** How many loads are in flight (for tests and the view's progress). */
  get loading(): number {
    return this.inFlight.size;
  }

  /**
   * The view's progress shows while loads are in flight, once one has taken longer than
   * LOAD_PROGRESS_DELAY_MS (a re-render answered from the model does not flash it).
   */
  private loadsChanged(): void {
    if (this.inFlight.size === 0) {
      clearTimeout(this.progressTimer);
      this.progressTimer = undefined;
      this.progressDone?.();
      this.progressDone = undefined;
    } else if (!this.progressDone && !this.progressTimer && this.deps.progress) {
      this.progressTimer = setTimeout(() => {
        this.progressTimer = undefined;
        if (this.inFlight.size === 0 || this.progressDone) return;
        const done = new Promise<void>((resolve) => (this.progressDone = resolve));
        this.deps.progress?.(() => done);
      }, LOAD_PROGRESS_DELAY_MS);
    }
  }

  /**
   * Re-reads one node's children from the model; nodes that did not change are kept, with what is loaded below them.
   */
  private rerender(node: ExplorerNode): void {
    const cached = this.children.get(node.id);
    if (!cached) return;
    this.previous.set(node.id, cached.children);
    this.children.delete(node.id);
    this.changed.fire(cached.node);
  }

  private resetModel(profile: string): void {
    for (const [model, sub] of this.models) if (sub.profile === profile) model.reset();
  }

  /** What Refresh on a node forgets in the model, so the next read lists it from IAM. */
  private forgetInModel(node: ExplorerNode): void {
    if (node.kind === 'profile') return this.resetModel(node.profile);
    const model = [...this.models].find(([, s]) => s.profile === node.profile)?.[0];
    if (!model) return;
    if (node.kind === 'folder') return model.forgetList(LIST_OF_FOLDER[node.folder]);
    const owner = node.kind === 'entity' ? node.entity : node.kind === 'subfolder' ? node.owner : undefined;
    if (owner) model.forgetEntity(owner);
  }

  /** The profile's connection, its model listened to. */
  private async connection(profile: string): Promise<Connection> {
    const connection = await this.deps.connection(profile);
    if (!this.models.has(connection.model)) {
      // A profile's clients (and model) are replaced when its settings or files change: listen to the current one only.
      for (const [model, sub] of this.models) {
        if (sub.profile === profile) {
          sub.dispose();
          this.models.delete(model);
        }
      }
      const sub = connection.model.onDidChange((e) => this.modelChanged(profile, e));
      this.models.set(connection.model, { profile, dispose: () => sub.dispose() });
    }
    return connection;
  }

  /** A model event re-renders exactly the loaded nodes it names. */
  private modelChanged(profile: string, event: ModelEvent): void {
    const loaded = [...this.children.values()].map((c) => c.node).filter((n) => n.profile === profile);
    if (event.type === 'snapshot') {
      this.changed.fire(this.root(profile)); // the tooltip tells the snapshot's age
      return;
    }
    const e = event.entity;
    const same = (o: Entity) =>
      o.type === e.type && (e.type === 'policy' ? o.arn === e.arn : o.name.toLowerCase() === e.name.toLowerCase());
    const folder: FolderKind =
      e.type === 'policy' ? (isAwsManagedPolicyArn(e.arn) ? 'awsPolicies' : 'policies') : FOLDER_OF_TYPE[e.type];
    let hits: ExplorerNode[];
    if (event.type === 'created' || event.type === 'deleted' || event.what === 'attachmentCount') {
      hits = loaded.filter((n) => n.kind === 'folder' && n.folder === folder);
    } else if (event.what === 'tags' || event.what === 'trust') {
      // Tags show in the entity's tooltip, fetched on hover: re-render the item.
      for (const n of loaded) if (n.kind === 'folder' && n.folder === folder) this.previous.delete(n.id);
      hits = [];
      if (event.what === 'tags') {
        for (const c of this.children.values()) {
          void c.children.then((list) => {
            for (const n of list)
              if (n.kind === 'entity' && n.profile === profile && same(n.entity)) this.changed.fire(n);
          });
        }
      }
    } else {
      const sub = SUBFOLDER_OF_ASPECT[event.what];
      hits = loaded.filter((n) => n.kind === 'subfolder' && n.sub === sub && same(n.owner));
    }
    for (const n of hits) this.rerender(n);
  }

  /**
   * After a mutation: refetches every loaded node that `affected` picks (say, the user's
   * Groups folder and the group's Members folder), and nothing else.
   */
  refreshWhere(profile: string, affected: (node: ExplorerNode) => boolean): void {
    const hits = [...this.children.values()].map((c) => c.node).filter((n) => n.profile === profile && affected(n));
    for (const node of hits) this.refresh(node);
  }

  /** Forgets a profile's cached data (after its credentials changed). */
  forgetProfile(profile: string): void {
    this.refresh(this.root(profile));
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const settings = this.deps.settings();
    if (node.kind === 'profile') {
      const state = this.settled.get(node.profile);
      if (!state) {
        // Render now ("connecting…"); re-render this root once STS and IAM have answered.
        void this.identity(node.profile).then(
          () => undefined,
          () => undefined,
        );
      }
      const item = toTreeItem(node, settings, state);
      // One profile shown: its root starts expanded (its folders, no IAM listing yet).
      if (this.deps.profiles().length === 1) item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
      const note = state?.ok ? this.deps.snapshotNote?.(node.profile) : undefined;
      if (note && item.tooltip instanceof vscode.MarkdownString)
        item.tooltip.appendMarkdown('\n\n**Snapshot** ').appendText(note);
      return item;
    }
    return toTreeItem(node, settings);
  }

  /** On hover: fetches an entity's details (tags, last use) that listing leaves out. */
  async resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): Promise<vscode.TreeItem> {
    if (node.kind !== 'entity') return item;
    const details = await this.deps
      .connection(node.profile)
      .then(({ service }) => service.getDetails(node.entity))
      .catch(() => node.entity);
    item.tooltip = entityTooltip(details);
    return item;
  }

  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> | ExplorerNode[] {
    // issueNodes: commands accept as node arguments only nodes handed out here.
    if (!node) return this.rootNodes();
    let cached = this.children.get(node.id);
    if (!cached) {
      if (node.kind === 'profile') cached = { node, children: this.loadProfile(node) };
      else if (node.kind === 'ssoSession') cached = { node, children: this.loadSession(node) };
      else {
        const abort = new AbortController();
        const children = this.load(node, abort.signal);
        cached = { node, children, abort };
        this.track(node, abort, children);
      }
      this.children.set(node.id, cached);
    }
    return cached.children.then(issueNodes);
  }

  /** A load in flight, until it returns or is aborted. */
  private track(node: ExplorerNode, abort: AbortController, done: Promise<unknown>): void {
    this.inFlight.set(node.id, { node, abort, done });
    this.loadsChanged();
    void done.finally(() => {
      if (this.inFlight.get(node.id)?.abort !== abort) return;
      this.inFlight.delete(node.id);
      const entry = this.children.get(node.id);
      if (entry?.abort === abort) entry.abort = undefined;
      this.loadsChanged();
    });
  }

  /**
   * The profile roots; none when the view should welcome instead (no AWS profiles, or none of the
   * selected ones exists): the context key picks the welcome content.
   */
  private async rootNodes(): Promise<ExplorerNode[]> {
    const welcome = await this.deps.welcome?.().catch(() => undefined);
    // Set only on a change: the context key re-evaluates the view's welcome content.
    if (welcome !== this.welcomeShown || !this.welcomeContextSet) {
      this.welcomeShown = welcome;
      this.welcomeContextSet = true;
      await vscode.commands.executeCommand('setContext', WELCOME_CONTEXT_KEY, welcome ?? '');
    }
    const sessions = this.ssoSessionNodes();
    // A profile no longer shown (deselected, its SSO account removed): its loads stop.
    const shown = new Set(this.allProfiles());
    this.cancelLoads((n) => !shown.has(n.profile));
    if (welcome && sessions.length === 0) return [];
    return issueNodes([...(welcome ? [] : this.deps.profiles().map((profile) => this.root(profile))), ...sessions]);
  }

  /**
   * The tree's own node of an entity (for reveal), loading its profile root and folder as the
   * view would. A level whose load was dropped meanwhile (a refresh aborted it) is walked again
   * from the root, a few times, rather than taken as not holding the entity.
   */
  async entityNode(profile: string, entity: Entity): Promise<ExplorerNode> {
    const id = entityNodeId(profile, entity);
    let node: ExplorerNode = this.root(profile);
    for (let restarts = 0; ;) {
      const children = this.getChildren(node);
      const loading = this.children.get(node.id); // set by getChildren, kept unless the load is dropped
      const next: ExplorerNode | undefined = (await children).find((n) => id === n.id || id.startsWith(`${n.id}/`));
      if (next?.id === id) return next;
      if (next) {
        node = next;
        continue;
      }
      const superseded = loading !== undefined && this.children.get(node.id) !== loading;
      if (!superseded || ++restarts > ENTITY_NODE_RESTARTS)
        throw new Error(`${entity.name} is not in the IAM tree of ${profile}; Refresh and try again.`);
      node = this.root(profile);
    }
  }

  private root(
    profile: string,
    ssoParent?: { node: SsoSessionNode; sso: NonNullable<ProfileNode['sso']> },
  ): ProfileNode {
    let node = this.roots.get(profile);
    if (!node || (ssoParent && node.parent !== ssoParent.node)) {
      node = ssoParent
        ? { kind: 'profile', id: profileId(profile), profile, parent: ssoParent.node, sso: ssoParent.sso }
        : { kind: 'profile', id: profileId(profile), profile };
      this.roots.set(profile, node);
    }
    return node;
  }

  /** The caller identity and account alias of a profile, from its model (one round trip, kept there). */
  identity(profile: string): Promise<ProfileIdentity> {
    let cached = this.identities.get(profile);
    if (!cached) {
      const load = () =>
        this.connection(profile).then(async (connection) => {
          const identity = await connection.model.identity();
          this.deps.connected?.(profile, connection);
          return identity;
        });
      const pending = this.deps.loadSlot ? this.deps.loadSlot(profile, load) : load();
      cached = pending;
      this.identities.set(profile, pending);
      const settle = (state: IdentityState) => {
        if (this.identities.get(profile) !== pending) return; // refreshed meanwhile
        this.settled.set(profile, state);
        this.changed.fire(this.root(profile));
      };
      pending.then(
        (i) => settle({ ok: true, ...i }),
        (err: unknown) => settle({ ok: false, error: describeAwsError(err) }),
      );
    }
    return cached;
  }

  /**
   * A sign-in's node: the roots of its accounts, then, when the sign-in reaches accounts not
   * added (a new account in the organization after a Refresh), an item to add them; a sign-in
   * that cannot list (expired) says so first, with its login action. The roots are there either way.
   */
  private async loadSession(node: SsoSessionNode): Promise<ExplorerNode[]> {
    const roots: ExplorerNode[] = this.ssoRoots(node);
    if (!this.deps.ssoMoreAccounts) return roots;
    try {
      const more = await this.deps.ssoMoreAccounts(node.profile);
      if (more === 0) return roots;
      const label = `${more} more account${more === 1 ? '' : 's'}: Add Accounts from SSO…`;
      return [
        ...roots,
        {
          kind: 'empty',
          id: `${node.id}/more`,
          profile: node.profile,
          parent: node,
          label,
          action: { title: 'Add Accounts from SSO…', command: 'iamExplorer.addSsoAccounts', args: [node] },
        },
      ];
    } catch (err) {
      if (err instanceof SsoError && err.loginArgs) {
        const command = `aws sso login ${err.loginArgs.join(' ')}`;
        const login: ExplorerNode = {
          kind: 'error',
          id: `${node.id}/error`,
          profile: node.profile,
          parent: node,
          message: `SSO sign-in expired or missing: run ${command}`,
          detail: err.message,
          fix: { title: 'Run aws sso login', command: 'iamExplorer.ssoLogin', args: [[...err.loginArgs]] },
        };
        return [login, ...roots];
      }
      return [errorNode(node, err), ...roots];
    }
  }

  /**
   * A profile root lists the local files' problems first (the file, the line and the fix),
   * then its folders or the error connecting; the other profiles are not affected.
   */
  private async loadProfile(node: ProfileNode): Promise<ExplorerNode[]> {
    const [problems, nodes] = await Promise.all([this.deps.problems(node.profile).catch(() => []), this.load(node)]);
    return [...problems.map((p, i) => problemNode(node, p, i)), ...nodes];
  }

  /**
   * Loads children; any failure becomes one error node, an empty list one placeholder. An
   * aborted load returns nothing: whoever aborted it has dropped or re-renders the node.
   */
  private async load(node: ExplorerNode, signal?: AbortSignal): Promise<ExplorerNode[]> {
    const before = this.previous.get(node.id);
    this.previous.delete(node.id);
    try {
      const nodes = await this.reuse(await this.fetch(node, signal), before);
      if (nodes.length === 0 && node.kind !== 'profile') {
        return [
          { kind: 'empty', id: `${node.id}/empty`, profile: node.profile, parent: node, label: emptyLabel(node) },
        ];
      }
      return nodes;
    } catch (err) {
      if (signal?.aborted) return [];
      if (isCredentialsError(err)) {
        if (node.kind === 'profile') this.deps.credentialsFailed?.(node.profile);
        else {
          this.credentialsFailed(node.profile, err);
          return [];
        }
      }
      return [errorNode(node, err)];
    }
  }

  /**
   * After a re-render: a child equal to one shown before is that same object (what is loaded
   * below it stays); what is loaded below a child that went away is forgotten.
   */
  private async reuse(nodes: ExplorerNode[], before: Promise<ExplorerNode[]> | undefined): Promise<ExplorerNode[]> {
    if (!before) return nodes;
    const old = new Map((await before.catch(() => [] as ExplorerNode[])).map((n) => [n.id, n]));
    const kept = nodes.map((n) => {
      const o = old.get(n.id);
      return o && sameContent(o, n) ? o : n;
    });
    const ids = new Set(kept.map((n) => n.id));
    for (const id of old.keys()) if (!ids.has(id)) this.dropBelow(id, true);
    return kept;
  }

  /**
   * Credentials that stop working mid-session (an expired or revoked session) affect the
   * whole profile: its clients are dropped, everything loaded under it is forgotten, and
   * the root shows the error with its fix, as when the profile failed at the start.
   */
  private credentialsFailed(profile: string, err: unknown): void {
    this.deps.credentialsFailed?.(profile);
    const root = this.root(profile);
    this.cancelLoads((n) => n.profile === profile && n.id !== root.id);
    for (const id of [...this.children.keys()]) {
      if (id.startsWith(`${root.id}/`)) this.children.delete(id);
    }
    const failed = Promise.reject(err);
    failed.catch(() => undefined);
    this.identities.set(profile, failed);
    this.settled.set(profile, { ok: false, error: describeAwsError(err) });
    this.children.set(root.id, { node: root, children: Promise.resolve([errorNode(root, err)]) });
    this.changed.fire(undefined);
  }

  private async fetch(node: ExplorerNode, signal?: AbortSignal): Promise<ExplorerNode[]> {
    const { profile } = node;
    const child = (n: NodeInit): ExplorerNode => ({ ...n, profile, parent: node }) as ExplorerNode;
    switch (node.kind) {
      case 'profile': {
        await this.identity(profile);
        const folders: FolderKind[] = ['users', 'groups', 'roles', 'policies'];
        return folders.map((folder) => child({ kind: 'folder', id: `${node.id}/${folder}`, folder }));
      }
      case 'folder': {
        const { model } = await this.connection(profile);
        const entities = await model.list(LIST_OF_FOLDER[node.folder], signal);
        const nodes: ExplorerNode[] = entities.map((entity) =>
          child({ kind: 'entity', id: `${node.id}/${entity.arn}`, entity }),
        );
        if (node.folder === 'policies' && this.deps.settings().showAwsManagedPolicies) {
          nodes.unshift(child({ kind: 'folder', id: `${node.id}/awsPolicies`, folder: 'awsPolicies' }));
        }
        return nodes;
      }
      case 'entity': {
        const { entity } = node;
        const subs: ExplorerNode[] = SUBFOLDERS[entity.type].map((sub) =>
          child({ kind: 'subfolder', id: `${node.id}/${sub}`, sub, owner: entity }),
        );
        if (entity.type === 'role') subs.unshift(child({ kind: 'trustPolicy', id: `${node.id}/trust`, role: entity }));
        if (
          this.deps.crossAccount &&
          (this.deps.ssoGroups?.() ?? []).length > 0 &&
          (entity.type === 'role' || entity.type === 'user')
        ) {
          const kinds = entity.type === 'role' ? (['assumableFrom', 'canAssume'] as const) : (['canAssume'] as const);
          for (const sub of kinds) subs.push(child({ kind: 'subfolder', id: `${node.id}/${sub}`, sub, owner: entity }));
        }
        return subs;
      }
      case 'subfolder':
        return this.fetchSubfolder(node, child, signal);
      default:
        return [];
    }
  }

  private async fetchSubfolder(
    node: SubFolderNode,
    child: (n: NodeInit) => ExplorerNode,
    signal?: AbortSignal,
  ): Promise<ExplorerNode[]> {
    const { service, model } = await this.connection(node.profile);
    const owner: Entity = node.owner;
    const ref = { type: owner.type === 'policy' ? 'user' : owner.type, name: owner.name } as const;
    switch (node.sub) {
      case 'accessKeys':
        // The model holds no access keys (nor anything secret): listed on every expand.
        return (await service.listAccessKeys(owner.name, signal)).map((key) =>
          child({ kind: 'accessKey', id: `${node.id}/${key.accessKeyId}`, key }),
        );
      case 'userGroups':
        return (await model.groupsOfUser(owner.name, signal)).map((g) =>
          child({ kind: 'reference', id: `${node.id}/${g.arn}`, refType: 'group', name: g.name }),
        );
      case 'members':
        return (await model.membersOf(owner.name, signal)).map((u) =>
          child({ kind: 'reference', id: `${node.id}/${u.arn}`, refType: 'user', name: u.name }),
        );
      case 'attached':
        return (await model.attached(ref, signal)).map((policy) =>
          child({ kind: 'attachedPolicy', id: `${node.id}/${policy.arn}`, policy, owner }),
        );
      case 'inline':
        return (await model.inlineNames(ref, signal)).map((policyName) =>
          child({ kind: 'inlinePolicy', id: `${node.id}/${policyName}`, policyName, owner }),
        );
      case 'versions':
        return (
          [...(await model.versions(owner.arn, signal))]
            // Newest first; IAM's dates are to the second, and version numbers only grow, so they break ties.
            .sort(
              (a, b) =>
                (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0) ||
                versionNumber(b.versionId) - versionNumber(a.versionId),
            )
            .map((version) =>
              child({ kind: 'policyVersion', id: `${node.id}/${version.versionId}`, policy: owner, version }),
            )
        );
      case 'attachedTo': {
        const a = await model.attachedTo(owner.arn, signal);
        return [
          ...a.users.map((name) => ({ refType: 'user' as const, name })),
          ...a.groups.map((name) => ({ refType: 'group' as const, name })),
          ...a.roles.map((name) => ({ refType: 'role' as const, name })),
        ].map((r) => child({ kind: 'reference', id: `${node.id}/${r.refType}/${r.name}`, ...r }));
      }
      case 'assumableFrom':
      case 'canAssume': {
        const links = (await this.deps.crossAccount?.(node.profile, owner, node.sub)) ?? [];
        return links.map((l) =>
          child({
            kind: 'trustLink',
            id: `${node.id}/${l.arn}`,
            label: l.label,
            description: l.description,
            arn: l.arn,
          }),
        );
      }
    }
  }

  dispose(): void {
    this.cancelLoads(() => true);
    for (const sub of this.models.values()) sub.dispose();
    this.models.clear();
    this.changed.dispose();
  }
}

/** How often entityNode walks again from the root when refreshes keep dropping what it loads. */
const ENTITY_NODE_RESTARTS = 3;

/** How long a load runs before the view shows progress for it. */
const LOAD_PROGRESS_DELAY_MS = 300;

const LIST_OF_FOLDER: Record<FolderKind, ListKind> = {
  users: 'users',
  groups: 'groups',
  roles: 'roles',
  policies: 'policies',
  awsPolicies: 'awsPolicies',
};
const FOLDER_OF_TYPE: Record<'user' | 'group' | 'role', FolderKind> = { user: 'users', group: 'groups', role: 'roles' };
const SUBFOLDER_OF_ASPECT = {
  groups: 'userGroups',
  members: 'members',
  attached: 'attached',
  attachedTo: 'attachedTo',
  inline: 'inline',
  versions: 'versions',
} as const;

function versionNumber(id: string): number {
  return Number(/\d+/.exec(id)?.[0] ?? 0);
}

/** Two renderings of a node show the same thing (the parent aside). */
function sameContent(a: ExplorerNode, b: ExplorerNode): boolean {
  const { parent: _a, ...x } = a;
  const { parent: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}

/** A node as a loader builds it: the tree adds the profile and the parent. */
type NodeInit = ExplorerNode extends infer N ? (N extends ExplorerNode ? Omit<N, 'profile' | 'parent'> : never) : never;

export function profileId(profile: string): string {
  return `profile:${profile}`;
}

/**
 * The id of an entity's node under its folder (policies: customer managed ones; AWS managed under their own folder).
 */
export function entityNodeId(profile: string, entity: Entity): string {
  const folder: FolderKind = entity.type === 'policy' ? 'policies' : FOLDER_OF_TYPE[entity.type];
  const base = `${profileId(profile)}/${folder}`;
  return entity.type === 'policy' && entity.awsManaged ? `${base}/awsPolicies/${entity.arn}` : `${base}/${entity.arn}`;
}

function emptyLabel(node: ExplorerNode): string {
  if (node.kind === 'subfolder') {
    return node.sub === 'accessKeys' ? 'No access keys' : node.sub === 'members' ? 'No members' : 'None';
  }
  if (node.kind === 'folder') return `No ${node.folder === 'awsPolicies' ? 'AWS managed policies' : node.folder}`;
  return 'Empty';
}

/** The operation a folder or sub-folder lists with, for "missing permission" messages. */
function listOperation(node: ExplorerNode): string | undefined {
  if (node.kind === 'folder') {
    return {
      users: 'ListUsers',
      groups: 'ListGroups',
      roles: 'ListRoles',
      policies: 'ListPolicies',
      awsPolicies: 'ListPolicies',
    }[node.folder];
  }
  if (node.kind === 'subfolder') {
    const t = node.owner.type === 'user' ? 'User' : node.owner.type === 'group' ? 'Group' : 'Role';
    return {
      accessKeys: 'ListAccessKeys',
      userGroups: 'ListGroupsForUser',
      members: 'GetGroup',
      attached: `ListAttached${t}Policies`,
      inline: `List${t}Policies`,
      versions: 'ListPolicyVersions',
      attachedTo: 'ListEntitiesForPolicy',
      assumableFrom: 'GetAccountAuthorizationDetails',
      canAssume: 'GetAccountAuthorizationDetails',
    }[node.sub];
  }
  return undefined;
}

function errorNode(node: ExplorerNode, err: unknown): ExplorerNode {
  const base = {
    kind: 'error' as const,
    id: `${node.id}/error`,
    profile: node.profile,
    parent: node,
    detail: describeAwsError(err),
  };
  const permission = missingPermission(err, listOperation(node));
  if (permission) return { ...base, message: `Access denied: missing permission ${permission}` };
  if (node.kind === 'profile' && isCredentialsError(err)) {
    if (err instanceof CredentialsFailure) return { ...base, message: err.label, fix: credentialsFix(err) };
    if (isSsoLoginNeeded(err) && node.kind === 'profile' && node.sso) {
      const command = `aws sso login ${node.sso.loginArgs.join(' ')}`;
      return {
        ...base,
        message: `SSO sign-in expired or missing: run ${command}`,
        fix: { title: 'Run aws sso login', command: 'iamExplorer.ssoLogin', args: [node.sso.loginArgs] },
      };
    }
    if (isSsoLoginNeeded(err)) {
      return {
        ...base,
        message: `SSO session expired: run aws sso login --profile ${node.profile}`,
        fix: { title: 'Run aws sso login', command: 'iamExplorer.ssoLogin', args: [node.profile] },
      };
    }
    if (isExpiredSession(err)) {
      return {
        ...base,
        message:
          `Credentials for ${node.profile} expired (${awsErrorInfo(err).code ?? 'expired'}): renew them if they ` +
          `come from a file or a process, then Refresh`,
        fix: { title: 'Refresh', command: 'iamExplorer.refresh', args: [] },
      };
    }
    // An AWS error code (InvalidClientTokenId, SignatureDoesNotMatch) says what is wrong; the fix follows.
    return {
      ...base,
      message:
        `Credentials for ${node.profile} were refused (${awsErrorInfo(err).code ?? 'error'}): check the keys in ` +
        `the profile, or choose another with Select Profiles…`,
      fix: { title: 'Select Profiles…', command: 'iamExplorer.selectProfiles', args: [] },
    };
  }
  const { code, message } = awsErrorInfo(err);
  if (code === 'TimeoutError')
    return { ...base, message: 'Timed out: IAM did not answer (iamExplorer.requestTimeoutSeconds); Refresh to retry' };
  const text = code && !message.startsWith(code) ? `${code}: ${message}` : message;
  return { ...base, message: `Failed: ${text.length > 120 ? `${text.slice(0, 119)}…` : text}` };
}
