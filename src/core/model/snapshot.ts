/**
 * An account's authorization data as one value: what `GetAccountAuthorizationDetails` returns,
 * decoded once (IAM URL-encodes every policy document) and parsed once. The account model, the
 * evaluation engine, the findings and the `findings` command line all read this shape.
 *
 * No secrets live here (the call returns none: no access keys, no passwords).
 */
import type {
  GetAccountAuthorizationDetailsResponse,
  ManagedPolicyDetail,
  PolicyDetail,
  RoleDetail,
  Tag as SdkTag,
} from '@aws-sdk/client-iam';
import type { Tag } from '../iam/model';
import { isAwsManagedPolicyArn } from '../iam/partition';
import { decodePolicyDocument } from '../policy/document';

/** A policy document as text (decoded) and as parsed JSON (undefined when the text is not JSON). */
export interface PolicyDocument {
  readonly text: string;
  readonly json: unknown;
}

export interface InlinePolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

export interface AttachedPolicyRef {
  readonly name: string;
  readonly arn: string;
}

interface PrincipalBase {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly created?: Date;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicies: readonly AttachedPolicyRef[];
}

export interface UserDetails extends PrincipalBase {
  readonly kind: 'user';
  /** Names of the groups the user is in. */
  readonly groups: readonly string[];
  readonly permissionsBoundaryArn?: string;
  readonly tags: readonly Tag[];
}

export interface GroupDetails extends PrincipalBase {
  readonly kind: 'group';
}

export interface RoleDetails extends PrincipalBase {
  readonly kind: 'role';
  readonly trustPolicy: PolicyDocument;
  readonly instanceProfiles: readonly string[];
  readonly permissionsBoundaryArn?: string;
  readonly tags: readonly Tag[];
  readonly lastUsed?: { readonly date?: Date; readonly region?: string };
  readonly maxSessionDuration?: number;
  readonly description?: string;
}

export interface PolicyVersionDetails {
  readonly versionId: string;
  readonly isDefault: boolean;
  readonly created?: Date;
  readonly document?: PolicyDocument;
}

export interface ManagedPolicyDetails {
  readonly kind: 'policy';
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly awsManaged: boolean;
  readonly defaultVersionId?: string;
  readonly attachmentCount: number;
  readonly permissionsBoundaryUsageCount: number;
  readonly isAttachable: boolean;
  readonly description?: string;
  readonly created?: Date;
  readonly updated?: Date;
  readonly versions: readonly PolicyVersionDetails[];
  /** The default version's document, when the snapshot carried it. */
  readonly defaultDocument?: PolicyDocument;
}

export interface AccountSnapshot {
  readonly accountId: string;
  readonly users: readonly UserDetails[];
  readonly groups: readonly GroupDetails[];
  readonly roles: readonly RoleDetails[];
  readonly policies: readonly ManagedPolicyDetails[];
  readonly loadedAt: Date;
}

/** Decodes (when URL-encoded) and parses a policy document once. */
export function policyDocument(raw: string): PolicyDocument {
  const text = decodePolicyDocument(raw);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { text, json };
}

function tags(list: readonly SdkTag[] | undefined): Tag[] {
  return (list ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}

function inline(list: readonly PolicyDetail[] | undefined): InlinePolicy[] {
  return (list ?? []).flatMap((p) =>
    p.PolicyName ? [{ name: p.PolicyName, document: policyDocument(p.PolicyDocument ?? '') }] : [],
  );
}

function attached(list: readonly { PolicyName?: string; PolicyArn?: string }[] | undefined): AttachedPolicyRef[] {
  return (list ?? []).flatMap((p) =>
    p.PolicyArn
      ? [{ name: p.PolicyName ?? p.PolicyArn.slice(p.PolicyArn.lastIndexOf('/') + 1), arn: p.PolicyArn }]
      : [],
  );
}

function role(r: RoleDetail): RoleDetails {
  return {
    kind: 'role',
    name: r.RoleName ?? '',
    id: r.RoleId ?? '',
    arn: r.Arn ?? '',
    path: r.Path ?? '/',
    created: r.CreateDate,
    inlinePolicies: inline(r.RolePolicyList),
    attachedPolicies: attached(r.AttachedManagedPolicies),
    trustPolicy: policyDocument(r.AssumeRolePolicyDocument ?? ''),
    instanceProfiles: (r.InstanceProfileList ?? []).flatMap((p) =>
      p.InstanceProfileName ? [p.InstanceProfileName] : [],
    ),
    permissionsBoundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tags(r.Tags),
    lastUsed:
      r.RoleLastUsed && (r.RoleLastUsed.LastUsedDate || r.RoleLastUsed.Region)
        ? { date: r.RoleLastUsed.LastUsedDate, region: r.RoleLastUsed.Region }
        : undefined,
  };
}

function managedPolicy(p: ManagedPolicyDetail): ManagedPolicyDetails {
  const versions: PolicyVersionDetails[] = (p.PolicyVersionList ?? []).map((v) => ({
    versionId: v.VersionId ?? '',
    isDefault: v.IsDefaultVersion === true,
    created: v.CreateDate,
    document: v.Document === undefined ? undefined : policyDocument(v.Document),
  }));
  const arn = p.Arn ?? '';
  return {
    kind: 'policy',
    name: p.PolicyName ?? '',
    id: p.PolicyId ?? '',
    arn,
    path: p.Path ?? '/',
    awsManaged: isAwsManagedPolicyArn(arn),
    defaultVersionId: p.DefaultVersionId,
    attachmentCount: p.AttachmentCount ?? 0,
    permissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount ?? 0,
    isAttachable: p.IsAttachable !== false,
    description: p.Description,
    created: p.CreateDate,
    updated: p.UpdateDate,
    versions,
    defaultDocument: versions.find((v) => v.isDefault)?.document,
  };
}

/**
 * Builds a snapshot from the pages of GetAccountAuthorizationDetails, in the order they came.
 * `accountId` comes from the caller (GetCallerIdentity); the call itself does not return it.
 */
export function parseAuthorizationDetails(
  pages: readonly GetAccountAuthorizationDetailsResponse[],
  accountId: string,
  loadedAt = new Date(),
): AccountSnapshot {
  const users: UserDetails[] = [];
  const groups: GroupDetails[] = [];
  const roles: RoleDetails[] = [];
  const policies: ManagedPolicyDetails[] = [];
  for (const page of pages) {
    for (const u of page.UserDetailList ?? []) {
      users.push({
        kind: 'user',
        name: u.UserName ?? '',
        id: u.UserId ?? '',
        arn: u.Arn ?? '',
        path: u.Path ?? '/',
        created: u.CreateDate,
        inlinePolicies: inline(u.UserPolicyList),
        attachedPolicies: attached(u.AttachedManagedPolicies),
        groups: [...(u.GroupList ?? [])],
        permissionsBoundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn,
        tags: tags(u.Tags),
      });
    }
    for (const g of page.GroupDetailList ?? []) {
      groups.push({
        kind: 'group',
        name: g.GroupName ?? '',
        id: g.GroupId ?? '',
        arn: g.Arn ?? '',
        path: g.Path ?? '/',
        created: g.CreateDate,
        inlinePolicies: inline(g.GroupPolicyList),
        attachedPolicies: attached(g.AttachedManagedPolicies),
      });
    }
    for (const r of page.RoleDetailList ?? []) roles.push(role(r));
    for (const p of page.Policies ?? []) policies.push(managedPolicy(p));
  }
  return { accountId, users, groups, roles, policies, loadedAt };
}

/** Lookups over a snapshot, built once (the arrays can hold tens of thousands of entries). */
export interface SnapshotIndex {
  readonly snapshot: AccountSnapshot;
  user(name: string): UserDetails | undefined;
  group(name: string): GroupDetails | undefined;
  role(name: string): RoleDetails | undefined;
  policy(arn: string): ManagedPolicyDetails | undefined;
  /** Users in a group, by the users' GroupList. */
  members(groupName: string): readonly UserDetails[];
  /** Users, groups and roles a managed policy is attached to. */
  attachedTo(policyArn: string): {
    users: readonly UserDetails[];
    groups: readonly GroupDetails[];
    roles: readonly RoleDetails[];
  };
}

export function indexSnapshot(snapshot: AccountSnapshot): SnapshotIndex {
  const byName = <T extends { name: string }>(list: readonly T[]): Map<string, T> =>
    new Map(list.map((e) => [e.name, e]));
  const users = byName(snapshot.users);
  const groups = byName(snapshot.groups);
  const roles = byName(snapshot.roles);
  const policies = new Map(snapshot.policies.map((p) => [p.arn, p]));
  const members = new Map<string, UserDetails[]>();
  for (const u of snapshot.users) for (const g of u.groups) (members.get(g) ?? members.set(g, []).get(g))?.push(u);
  const attachments = new Map<string, { users: UserDetails[]; groups: GroupDetails[]; roles: RoleDetails[] }>();
  const slot = (arn: string): { users: UserDetails[]; groups: GroupDetails[]; roles: RoleDetails[] } => {
    let s = attachments.get(arn);
    if (!s) attachments.set(arn, (s = { users: [], groups: [], roles: [] }));
    return s;
  };
  for (const u of snapshot.users) for (const a of u.attachedPolicies) slot(a.arn).users.push(u);
  for (const g of snapshot.groups) for (const a of g.attachedPolicies) slot(a.arn).groups.push(g);
  for (const r of snapshot.roles) for (const a of r.attachedPolicies) slot(a.arn).roles.push(r);
  const none = { users: [], groups: [], roles: [] };
  return {
    snapshot,
    user: (n) => users.get(n),
    group: (n) => groups.get(n),
    role: (n) => roles.get(n),
    policy: (arn) => policies.get(arn),
    members: (g) => members.get(g) ?? [],
    attachedTo: (arn) => attachments.get(arn) ?? none,
  };
}
