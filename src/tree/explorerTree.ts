import * as vscode from 'vscode';
import type { Connection } from '../aws/connections';
import { CredentialsFailure, type CredentialsProblem } from '../core/credentials';
import { awsErrorInfo, describeAwsError, isCredentialsError, isExpiredSession, isSsoLoginNeeded, missingPermission } from '../core/iam/errors';
import type { CallerIdentity, Entity } from '../core/iam/model';
import { issueNodes, SUBFOLDERS, type ExplorerNode, type FolderKind, type ProfileNode, type SubFolderNode } from './nodes';
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
}

export interface ProfileIdentity {
  readonly identity: CallerIdentity;
  readonly alias?: string;
}

/** The IAM tree: one root per selected profile; children fetched on expand and cached. */
export class ExplorerTree implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Loaded children by parent id, with the parent node the view holds. */
  private readonly children = new Map<string, { node: ExplorerNode; children: Promise<ExplorerNode[]> }>();
  private readonly identities = new Map<string, Promise<ProfileIdentity>>();
  /** Settled identities, so a root renders at once and never waits on the network. */
  private readonly settled = new Map<string, IdentityState>();
  /** Root nodes are kept, so events and reveal() see the same objects the view holds. */
  private readonly roots = new Map<string, ProfileNode>();

  constructor(private readonly deps: ExplorerTreeDeps) {}

  /** Refetches `node` (and forgets what is below it) or, without a node, everything. */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      this.children.clear();
      this.identities.clear();
      this.settled.clear();
      this.changed.fire(undefined);
      return;
    }
    const target = node.kind === 'error' || node.kind === 'empty' ? (node.parent ?? node) : node;
    for (const id of [...this.children.keys()]) {
      if (id === target.id || id.startsWith(`${target.id}/`)) this.children.delete(id);
    }
    if (target.kind === 'profile') {
      this.identities.delete(target.profile);
      this.settled.delete(target.profile);
    }
    this.changed.fire(target.kind === 'profile' ? undefined : target);
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
      return toTreeItem(node, settings, state);
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
    if (!node) return issueNodes(this.deps.profiles().map((profile) => this.root(profile)));
    let cached = this.children.get(node.id);
    if (!cached) {
      cached = { node, children: node.kind === 'profile' ? this.loadProfile(node) : this.load(node) };
      this.children.set(node.id, cached);
    }
    return cached.children.then(issueNodes);
  }

  private root(profile: string): ProfileNode {
    let node = this.roots.get(profile);
    if (!node) {
      node = { kind: 'profile', id: profileId(profile), profile };
      this.roots.set(profile, node);
    }
    return node;
  }

  /** The caller identity and account alias of a profile (one round trip, cached). */
  identity(profile: string): Promise<ProfileIdentity> {
    let cached = this.identities.get(profile);
    if (!cached) {
      const pending = this.deps.connection(profile).then(async ({ service }) => {
        const [identity, alias] = await Promise.all([service.whoAmI(), service.accountAlias().catch(() => undefined)]);
        return { identity, alias };
      });
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
   * A profile root lists the local files' problems first (the file, the line and the fix),
   * then its folders or the error connecting; the other profiles are not affected.
   */
  private async loadProfile(node: ProfileNode): Promise<ExplorerNode[]> {
    const [problems, nodes] = await Promise.all([this.deps.problems(node.profile).catch(() => []), this.load(node)]);
    return [...problems.map((p, i) => problemNode(node, p, i)), ...nodes];
  }

  /** Loads children; any failure becomes one error node, an empty list one placeholder. */
  private async load(node: ExplorerNode): Promise<ExplorerNode[]> {
    try {
      const nodes = await this.fetch(node);
      if (nodes.length === 0 && node.kind !== 'profile') {
        return [{ kind: 'empty', id: `${node.id}/empty`, profile: node.profile, parent: node, label: emptyLabel(node) }];
      }
      return nodes;
    } catch (err) {
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
   * Credentials that stop working mid-session (an expired or revoked session) affect the
   * whole profile: its clients are dropped, everything loaded under it is forgotten, and
   * the root shows the error with its fix, as when the profile failed at the start.
   */
  private credentialsFailed(profile: string, err: unknown): void {
    this.deps.credentialsFailed?.(profile);
    const root = this.root(profile);
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

  private async fetch(node: ExplorerNode): Promise<ExplorerNode[]> {
    const { profile } = node;
    const child = (n: NodeInit): ExplorerNode => ({ ...n, profile, parent: node }) as ExplorerNode;
    switch (node.kind) {
      case 'profile': {
        await this.identity(profile);
        const folders: FolderKind[] = ['users', 'groups', 'roles', 'policies'];
        return folders.map((folder) => child({ kind: 'folder', id: `${node.id}/${folder}`, folder }));
      }
      case 'folder': {
        const { service } = await this.deps.connection(profile);
        const entities =
          node.folder === 'users'
            ? await service.listUsers()
            : node.folder === 'groups'
              ? await service.listGroups()
              : node.folder === 'roles'
                ? await service.listRoles()
                : await service.listPolicies(node.folder === 'awsPolicies' ? 'AWS' : 'Local');
        const nodes: ExplorerNode[] = entities.map((entity) => child({ kind: 'entity', id: `${node.id}/${entity.arn}`, entity }));
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
        return subs;
      }
      case 'subfolder':
        return this.fetchSubfolder(node, child);
      default:
        return [];
    }
  }

  private async fetchSubfolder(
    node: SubFolderNode,
    child: (n: NodeInit) => ExplorerNode,
  ): Promise<ExplorerNode[]> {
    const { service } = await this.deps.connection(node.profile);
    const owner: Entity = node.owner;
    const ref = { type: owner.type === 'policy' ? 'user' : owner.type, name: owner.name } as const;
    switch (node.sub) {
      case 'accessKeys':
        return (await service.listAccessKeys(owner.name)).map((key) => child({ kind: 'accessKey', id: `${node.id}/${key.accessKeyId}`, key }));
      case 'userGroups':
        return (await service.listGroupsForUser(owner.name)).map((g) =>
          child({ kind: 'reference', id: `${node.id}/${g.arn}`, refType: 'group', name: g.name }),
        );
      case 'members':
        return (await service.listGroupMembers(owner.name)).map((u) =>
          child({ kind: 'reference', id: `${node.id}/${u.arn}`, refType: 'user', name: u.name }),
        );
      case 'attached':
        return (await service.listAttachedPolicies(ref)).map((policy) =>
          child({ kind: 'attachedPolicy', id: `${node.id}/${policy.arn}`, policy, owner }),
        );
      case 'inline':
        return (await service.listInlinePolicyNames(ref)).map((policyName) =>
          child({ kind: 'inlinePolicy', id: `${node.id}/${policyName}`, policyName, owner }),
        );
      case 'versions':
        return (await service.listPolicyVersions(owner.arn))
          .sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0))
          .map((version) => child({ kind: 'policyVersion', id: `${node.id}/${version.versionId}`, policy: owner, version }));
      case 'attachedTo': {
        const a = await service.listEntitiesForPolicy(owner.arn);
        return [
          ...a.users.map((name) => ({ refType: 'user' as const, name })),
          ...a.groups.map((name) => ({ refType: 'group' as const, name })),
          ...a.roles.map((name) => ({ refType: 'role' as const, name })),
        ].map((r) => child({ kind: 'reference', id: `${node.id}/${r.refType}/${r.name}`, ...r }));
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A node as a loader builds it: the tree adds the profile and the parent. */
type NodeInit = ExplorerNode extends infer N ? (N extends ExplorerNode ? Omit<N, 'profile' | 'parent'> : never) : never;

export function profileId(profile: string): string {
  return `profile:${profile}`;
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
    return { users: 'ListUsers', groups: 'ListGroups', roles: 'ListRoles', policies: 'ListPolicies', awsPolicies: 'ListPolicies' }[node.folder];
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
    }[node.sub];
  }
  return undefined;
}

function errorNode(node: ExplorerNode, err: unknown): ExplorerNode {
  const base = { kind: 'error' as const, id: `${node.id}/error`, profile: node.profile, parent: node, detail: describeAwsError(err) };
  const permission = missingPermission(err, listOperation(node));
  if (permission) return { ...base, message: `Access denied: missing permission ${permission}` };
  if (node.kind === 'profile' && isCredentialsError(err)) {
    if (err instanceof CredentialsFailure) return { ...base, message: err.label, fix: credentialsFix(err) };
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
        message: `Credentials for ${node.profile} expired (${awsErrorInfo(err).code ?? 'expired'}): renew them if they come from a file or a process, then Refresh`,
        fix: { title: 'Refresh', command: 'iamExplorer.refresh', args: [] },
      };
    }
    // An AWS error code (InvalidClientTokenId, SignatureDoesNotMatch) says what is wrong; the fix follows.
    return {
      ...base,
      message: `Credentials for ${node.profile} were refused (${awsErrorInfo(err).code ?? 'error'}): check the keys in the profile, or choose another with Select Profiles…`,
      fix: { title: 'Select Profiles…', command: 'iamExplorer.selectProfiles', args: [] },
    };
  }
  const { code, message } = awsErrorInfo(err);
  if (code === 'TimeoutError') return { ...base, message: 'Timed out: IAM did not answer (iamExplorer.requestTimeoutSeconds); Refresh to retry' };
  const text = code && !message.startsWith(code) ? `${code}: ${message}` : message;
  return { ...base, message: `Failed: ${text.length > 120 ? `${text.slice(0, 119)}…` : text}` };
}
