/** IAM's SDK shapes as the model's entities. */
import type { Group, Policy, Role, User } from '@aws-sdk/client-iam';
import type { Entity } from '../core/iam/model';
import { isAwsManagedPolicyArn } from '../core/iam/partition';

function tagsOf(tags: { Key: string | undefined; Value: string | undefined }[] | undefined) {
  return tags?.map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}

export function fromUser(u: User): Entity {
  return {
    type: 'user',
    name: u.UserName ?? '',
    arn: u.Arn ?? '',
    id: u.UserId ?? '',
    path: u.Path ?? '/',
    created: u.CreateDate,
    passwordLastUsed: u.PasswordLastUsed,
    tags: tagsOf(u.Tags),
  };
}

export function fromGroup(g: Group): Entity {
  return {
    type: 'group',
    name: g.GroupName ?? '',
    arn: g.Arn ?? '',
    id: g.GroupId ?? '',
    path: g.Path ?? '/',
    created: g.CreateDate,
  };
}

export function fromRole(r: Role): Entity {
  return {
    type: 'role',
    name: r.RoleName ?? '',
    arn: r.Arn ?? '',
    id: r.RoleId ?? '',
    path: r.Path ?? '/',
    created: r.CreateDate,
    description: r.Description,
    maxSessionDuration: r.MaxSessionDuration,
    roleLastUsed: r.RoleLastUsed ? { date: r.RoleLastUsed.LastUsedDate, region: r.RoleLastUsed.Region } : undefined,
    tags: tagsOf(r.Tags),
  };
}

export function fromPolicy(p: Policy): Entity {
  const arn = p.Arn ?? '';
  return {
    type: 'policy',
    name: p.PolicyName ?? '',
    arn,
    id: p.PolicyId ?? '',
    path: p.Path ?? '/',
    created: p.CreateDate,
    description: p.Description,
    attachmentCount: p.AttachmentCount,
    defaultVersionId: p.DefaultVersionId,
    awsManaged: isAwsManagedPolicyArn(arn),
    tags: tagsOf(p.Tags),
  };
}
