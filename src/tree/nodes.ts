import type { AccessKey, AttachedPolicy, Entity, PolicyVersion } from '../core/iam/model';

/** Top-level folders under a profile. `awsPolicies` sits inside `policies` when shown. */
export type FolderKind = 'users' | 'groups' | 'roles' | 'policies' | 'awsPolicies';

/** Folders under an entity, as the contract names them. */
export type SubFolderKind =
  | 'accessKeys'
  | 'userGroups'
  | 'attached'
  | 'inline'
  | 'members'
  | 'versions'
  | 'attachedTo'
  | 'assumableFrom'
  | 'canAssume';

interface Base {
  /** Stable and unique: derived from the profile, the parent and the ARN or name. */
  readonly id: string;
  readonly profile: string;
  readonly parent?: ExplorerNode;
}

export interface ProfileNode extends Base {
  readonly kind: 'profile';
  /**
   * An account added from SSO: its name (the label), `id · role` (the description) and the `aws sso login` arguments of
   * its sign-in.
   */
  readonly sso?: {
    readonly accountName: string;
    readonly accountId: string;
    readonly roleName: string;
    readonly loginArgs: readonly string[];
  };
}
/** A principal or role of another loaded account, under "Assumable from" or "Can assume". */
export interface TrustLinkNode extends Base {
  readonly kind: 'trustLink';
  readonly label: string;
  /** `account name · user` */
  readonly description: string;
  readonly arn: string;
}
/** The accounts added from one SSO sign-in: their roots are its children. `profile` is the group's key. */
export interface SsoSessionNode extends Base {
  readonly kind: 'ssoSession';
  readonly label: string;
}
export interface FolderNode extends Base {
  readonly kind: 'folder';
  readonly folder: FolderKind;
}
export interface EntityNode extends Base {
  readonly kind: 'entity';
  readonly entity: Entity;
}
export interface SubFolderNode extends Base {
  readonly kind: 'subfolder';
  readonly sub: SubFolderKind;
  readonly owner: Entity;
}
export interface AccessKeyNode extends Base {
  readonly kind: 'accessKey';
  readonly key: AccessKey;
}
export interface AttachedPolicyNode extends Base {
  readonly kind: 'attachedPolicy';
  readonly policy: AttachedPolicy;
  readonly owner: Entity;
}
export interface InlinePolicyNode extends Base {
  readonly kind: 'inlinePolicy';
  readonly policyName: string;
  readonly owner: Entity;
}
export interface TrustPolicyNode extends Base {
  readonly kind: 'trustPolicy';
  readonly role: Entity;
}
export interface PolicyVersionNode extends Base {
  readonly kind: 'policyVersion';
  readonly policy: Entity;
  readonly version: PolicyVersion;
}
/** A user, group or role a policy is attached to, or a group a user belongs to, by name. */
export interface ReferenceNode extends Base {
  readonly kind: 'reference';
  readonly refType: 'user' | 'group' | 'role';
  readonly name: string;
}
export interface ErrorNode extends Base {
  readonly kind: 'error';
  readonly message: string;
  /** Shown after the label, dimmed: the file and line of a problem in the shared files. */
  readonly description?: string;
  readonly detail: string;
  /** Credentials failures carry a fix-it command. */
  readonly fix?: { readonly title: string; readonly command: string; readonly args: unknown[] };
  /** A problem that does not stop the profile from working (a local file's warning). */
  readonly warning?: boolean;
}
export interface EmptyNode extends Base {
  readonly kind: 'empty';
  readonly label: string;
  /** A placeholder that offers something to do (accounts of a sign-in not added yet: add them). */
  readonly action?: { readonly title: string; readonly command: string; readonly args: unknown[] };
}

export type ExplorerNode =
  | ProfileNode
  | SsoSessionNode
  | TrustLinkNode
  | FolderNode
  | EntityNode
  | SubFolderNode
  | AccessKeyNode
  | AttachedPolicyNode
  | InlinePolicyNode
  | TrustPolicyNode
  | PolicyVersionNode
  | ReferenceNode
  | ErrorNode
  | EmptyNode;

export const FOLDER_LABELS: Record<FolderKind, string> = {
  users: 'Users',
  groups: 'Groups',
  roles: 'Roles',
  policies: 'Policies',
  awsPolicies: 'AWS Managed',
};

export const SUBFOLDER_LABELS: Record<SubFolderKind, string> = {
  accessKeys: 'Access Keys',
  userGroups: 'Groups',
  attached: 'Attached Policies',
  inline: 'Inline Policies',
  members: 'Members',
  versions: 'Versions',
  attachedTo: 'Attached To',
  assumableFrom: 'Assumable from',
  canAssume: 'Can assume',
};

/** The sub-folders each entity type shows, in order. */
export const SUBFOLDERS: Record<Entity['type'], readonly SubFolderKind[]> = {
  user: ['accessKeys', 'userGroups', 'attached', 'inline'],
  group: ['members', 'attached', 'inline'],
  role: ['attached', 'inline'],
  policy: ['versions', 'attachedTo'],
};

/** Every node the explorer tree handed out (to VS Code, pickers or tests): held weakly. */
const issued = new WeakSet<object>();

/** Marks nodes as the tree's own; commands accept only these as node arguments. */
export function issueNodes<T extends ExplorerNode>(nodes: T[]): T[] {
  for (const node of nodes) issued.add(node);
  return nodes;
}

/**
 * True for a node the tree created. A look-alike object (`{ kind: 'entity', … }` from a
 * `command:` link, another extension or a deserialized argument) is not one, whatever it holds.
 */
export function isIssuedNode(value: unknown): value is ExplorerNode {
  return typeof value === 'object' && value !== null && issued.has(value);
}
