// Entities as IAM's responses show them. Element names follow the IAM API
// reference (and the SDK's model, which the tests use as the judge).
import type { OperationContext } from './operation.js';
import type { Page } from './paging.js';
import type {
  GroupRecord,
  InstanceProfileRecord,
  PolicyRecord,
  PolicyVersionRecord,
  RoleRecord,
  Tag,
  UserRecord,
} from './state.js';
import type { XmlValue } from './xml.js';

type Xml = { [member: string]: XmlValue };

const tagsXml = (tags: Tag[]): XmlValue =>
  tags.length ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined;

const boundaryXml = (policy: PolicyRecord | undefined): XmlValue =>
  policy ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: policy.arn } : undefined;

/** ListUsers leaves out tags and the boundary; GetUser has them. */
export function userXml(user: UserRecord, detail: boolean): Xml {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: user.createDate,
    PasswordLastUsed: user.passwordLastUsed,
    PermissionsBoundary: detail ? boundaryXml(user.permissionsBoundary) : undefined,
    Tags: detail ? tagsXml(user.tags) : undefined,
  };
}

export function groupXml(group: GroupRecord): Xml {
  return { Path: group.path, GroupName: group.name, GroupId: group.id, Arn: group.arn, CreateDate: group.createDate };
}

/** ListRoles leaves out tags, the boundary and RoleLastUsed; GetRole has them. */
export function roleXml(ctx: OperationContext, role: RoleRecord, detail: boolean): Xml {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: ctx.document(role.trustPolicy),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: detail ? boundaryXml(role.permissionsBoundary) : undefined,
    Tags: detail ? tagsXml(role.tags) : undefined,
    RoleLastUsed: detail
      ? role.lastUsed
        ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region }
        : {}
      : undefined,
  };
}

export function policyXml(policy: PolicyRecord, detail: boolean): Xml {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachedTo.size,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: detail ? policy.description : undefined,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    Tags: detail ? tagsXml(policy.tags) : undefined,
  };
}

export function policyVersionXml(
  ctx: OperationContext,
  policy: PolicyRecord,
  version: PolicyVersionRecord,
  withDocument: boolean,
): Xml {
  return {
    Document: withDocument ? ctx.document(version.document) : undefined,
    VersionId: version.id,
    IsDefaultVersion: version.id === policy.defaultVersionId,
    CreateDate: version.createDate,
  };
}

export function instanceProfileXml(ctx: OperationContext, profile: InstanceProfileRecord): Xml {
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: profile.arn,
    CreateDate: profile.createDate,
    Roles: [...profile.roles].map((role) => roleXml(ctx, role, false)),
    Tags: tagsXml(profile.tags),
  };
}

/** `{ <listMember>: [...], IsTruncated, Marker }` for a page. */
export function pageXml<T>(member: string, page: Page<T>, render: (item: T) => XmlValue): Xml {
  return { [member]: page.items.map(render), IsTruncated: page.IsTruncated, Marker: page.Marker };
}
