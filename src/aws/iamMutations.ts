import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesForRoleCommand,
  ListMFADevicesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  ListVirtualMFADevicesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagPolicyCommand,
  UntagRoleCommand,
  UntagUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type {
  DeleteTarget,
  Dependent,
  DependentKind,
  DependentsListing,
  PlanStep,
  Unchecked,
} from '../core/iam/deletePlan';
import { describeAwsError, isNoSuchEntity, isUncheckable } from '../core/iam/errors';
import type { Entity, EntityRef, Tag } from '../core/iam/model';
import { collectPages, MAX_ITEMS } from '../core/iam/paging';
import { fromGroup, fromPolicy, fromRole, fromUser } from './entities';

/** A create call's answer must name what it created; IAM always does. */
function created<T>(value: T | undefined, operation: string): T {
  if (value === undefined)
    throw new Error(`${operation} succeeded but IAM's answer did not describe the new entity; Refresh to see it.`);
  return value;
}

/** An entity that can carry tags (IAM does not tag groups). */
export interface TaggableRef {
  readonly type: 'user' | 'role' | 'policy';
  readonly name: string;
  readonly arn: string;
}

export interface NewRole {
  readonly name: string;
  readonly path: string;
  readonly trustPolicy: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly tags?: readonly Tag[];
}

export interface NewPolicy {
  readonly name: string;
  readonly path: string;
  readonly document: string;
  readonly description?: string;
  readonly tags?: readonly Tag[];
}

/** The IAM writes of the explorer's commands (access keys live with the access-key commands). */
export interface IamMutations {
  /** Each create returns the new entity as IAM describes it (ARN, id, creation date). */
  createUser(name: string, path: string, tags?: readonly Tag[]): Promise<Entity>;
  createGroup(name: string, path: string): Promise<Entity>;
  createRole(role: NewRole): Promise<Entity>;
  createPolicy(policy: NewPolicy): Promise<Entity>;
  addUserToGroup(userName: string, groupName: string): Promise<void>;
  removeUserFromGroup(userName: string, groupName: string): Promise<void>;
  attachPolicy(entity: EntityRef, policyArn: string): Promise<void>;
  detachPolicy(entity: EntityRef, policyArn: string): Promise<void>;
  putInlinePolicy(entity: EntityRef, policyName: string, document: string): Promise<void>;
  deleteInlinePolicy(entity: EntityRef, policyName: string): Promise<void>;
  /** Returns the new version's id. */
  createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean): Promise<string>;
  setDefaultPolicyVersion(policyArn: string, versionId: string): Promise<void>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<void>;
  tag(entity: TaggableRef, tags: readonly Tag[]): Promise<void>;
  untag(entity: TaggableRef, keys: readonly string[]): Promise<void>;
  /** GetAccountSummary's SummaryMap (usage and quotas), read live. */
  accountSummary(): Promise<Record<string, number>>;
  /**
   * Everything IAM would refuse to delete `target` over (DeleteConflict), read fresh, and the
   * kinds that could not be listed (unavailable operation, 5xx after retries, AccessDenied).
   */
  listDependents(target: DeleteTarget): Promise<DependentsListing>;
  /** One step of a delete plan for `target`. */
  runDeleteStep(target: DeleteTarget, step: PlanStep): Promise<void>;
}

/** The SDK implementation; SdkIamService extends it. */
export abstract class SdkIamMutations implements IamMutations {
  abstract readonly iam: IAMClient;

  async createUser(UserName: string, Path: string, tags?: readonly Tag[]): Promise<Entity> {
    const r = await this.iam.send(new CreateUserCommand({ UserName, Path, Tags: sdkTags(tags) }));
    return fromUser(created(r.User, 'CreateUser'));
  }

  async createGroup(GroupName: string, Path: string): Promise<Entity> {
    const r = await this.iam.send(new CreateGroupCommand({ GroupName, Path }));
    return fromGroup(created(r.Group, 'CreateGroup'));
  }

  async createRole(role: NewRole): Promise<Entity> {
    const r = await this.iam.send(
      new CreateRoleCommand({
        RoleName: role.name,
        Path: role.path,
        AssumeRolePolicyDocument: role.trustPolicy,
        Description: role.description || undefined,
        MaxSessionDuration: role.maxSessionDuration,
        Tags: sdkTags(role.tags),
      }),
    );
    return fromRole(created(r.Role, 'CreateRole'));
  }

  async createPolicy(policy: NewPolicy): Promise<Entity> {
    const r = await this.iam.send(
      new CreatePolicyCommand({
        PolicyName: policy.name,
        Path: policy.path,
        PolicyDocument: policy.document,
        Description: policy.description || undefined,
        Tags: sdkTags(policy.tags),
      }),
    );
    return fromPolicy(created(r.Policy, 'CreatePolicy'));
  }

  async addUserToGroup(UserName: string, GroupName: string): Promise<void> {
    await this.iam.send(new AddUserToGroupCommand({ UserName, GroupName }));
  }

  async removeUserFromGroup(UserName: string, GroupName: string): Promise<void> {
    await this.iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName }));
  }

  async attachPolicy(entity: EntityRef, PolicyArn: string): Promise<void> {
    const { name } = entity;
    if (entity.type === 'user') await this.iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn }));
    else if (entity.type === 'group') await this.iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn }));
    else await this.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn }));
  }

  async detachPolicy(entity: EntityRef, PolicyArn: string): Promise<void> {
    const { name } = entity;
    if (entity.type === 'user') await this.iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn }));
    else if (entity.type === 'group') await this.iam.send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn }));
    else await this.iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn }));
  }

  async putInlinePolicy(entity: EntityRef, PolicyName: string, PolicyDocument: string): Promise<void> {
    const { name } = entity;
    if (entity.type === 'user')
      await this.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument }));
    else if (entity.type === 'group')
      await this.iam.send(new PutGroupPolicyCommand({ GroupName: name, PolicyName, PolicyDocument }));
    else await this.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument }));
  }

  async deleteInlinePolicy(entity: EntityRef, PolicyName: string): Promise<void> {
    const { name } = entity;
    if (entity.type === 'user') await this.iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName }));
    else if (entity.type === 'group')
      await this.iam.send(new DeleteGroupPolicyCommand({ GroupName: name, PolicyName }));
    else await this.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName }));
  }

  async createPolicyVersion(PolicyArn: string, PolicyDocument: string, SetAsDefault: boolean): Promise<string> {
    const r = await this.iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument, SetAsDefault }));
    return created(r.PolicyVersion?.VersionId, 'CreatePolicyVersion');
  }

  async setDefaultPolicyVersion(PolicyArn: string, VersionId: string): Promise<void> {
    await this.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn, VersionId }));
  }

  async deletePolicyVersion(PolicyArn: string, VersionId: string): Promise<void> {
    await this.iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId }));
  }

  async tag(entity: TaggableRef, tags: readonly Tag[]): Promise<void> {
    const Tags = sdkTags(tags) ?? [];
    if (entity.type === 'user') await this.iam.send(new TagUserCommand({ UserName: entity.name, Tags }));
    else if (entity.type === 'role') await this.iam.send(new TagRoleCommand({ RoleName: entity.name, Tags }));
    else await this.iam.send(new TagPolicyCommand({ PolicyArn: entity.arn, Tags }));
  }

  async untag(entity: TaggableRef, keys: readonly string[]): Promise<void> {
    const TagKeys = [...keys];
    if (entity.type === 'user') await this.iam.send(new UntagUserCommand({ UserName: entity.name, TagKeys }));
    else if (entity.type === 'role') await this.iam.send(new UntagRoleCommand({ RoleName: entity.name, TagKeys }));
    else await this.iam.send(new UntagPolicyCommand({ PolicyArn: entity.arn, TagKeys }));
  }

  async accountSummary(): Promise<Record<string, number>> {
    const r = await this.iam.send(new GetAccountSummaryCommand({}));
    return { ...(r.SummaryMap ?? {}) } as Record<string, number>;
  }

  async listDependents(target: DeleteTarget): Promise<DependentsListing> {
    const unchecked: Unchecked[] = [];
    /** One listing; when it cannot tell (see isUncheckable), an empty one and a note of why. */
    const checked = async <T>(kind: DependentKind, list: Promise<T[]>): Promise<T[]> => {
      try {
        return await list;
      } catch (err) {
        if (!isUncheckable(err)) throw err;
        unchecked.push({ kind, reason: describeAwsError(err) });
        return [];
      }
    };
    let dependents: Dependent[];
    switch (target.type) {
      case 'user':
        dependents = await this.userDependents(target.name, checked);
        break;
      case 'group':
        dependents = await this.groupDependents(target.name, checked);
        break;
      case 'role':
        dependents = await this.roleDependents(target.name, checked);
        break;
      case 'policy':
        dependents = await this.policyDependents(policyArn(target), checked);
        break;
    }
    return { dependents, unchecked };
  }

  private async userDependents(UserName: string, checked: Checked): Promise<Dependent[]> {
    const page = { UserName, MaxItems: MAX_ITEMS };
    const pages = <T>(
      fetch: (Marker: string | undefined) => Promise<{ items: T[]; isTruncated?: boolean; marker?: string }>,
    ) => collectPages(fetch);
    const [login, keys, certs, ssh, creds, mfa, orphans, inline, attached, groups] = await Promise.all([
      checked(
        'loginProfile',
        this.iam.send(new GetLoginProfileCommand({ UserName })).then(
          () => [true],
          (err: unknown) => {
            if (isNoSuchEntity(err)) return [];
            throw err;
          },
        ),
      ),
      checked(
        'accessKey',
        pages(async (Marker) => {
          const r = await this.iam.send(new ListAccessKeysCommand({ ...page, Marker }));
          return {
            items: (r.AccessKeyMetadata ?? []).flatMap((k) => (k.AccessKeyId ? [k.AccessKeyId] : [])),
            isTruncated: r.IsTruncated,
            marker: r.Marker,
          };
        }),
      ),
      checked(
        'signingCertificate',
        pages(async (Marker) => {
          const r = await this.iam.send(new ListSigningCertificatesCommand({ ...page, Marker }));
          return {
            items: (r.Certificates ?? []).flatMap((c) => (c.CertificateId ? [c.CertificateId] : [])),
            isTruncated: r.IsTruncated,
            marker: r.Marker,
          };
        }),
      ),
      checked(
        'sshPublicKey',
        pages(async (Marker) => {
          const r = await this.iam.send(new ListSSHPublicKeysCommand({ ...page, Marker }));
          return {
            items: (r.SSHPublicKeys ?? []).flatMap((k) => (k.SSHPublicKeyId ? [k.SSHPublicKeyId] : [])),
            isTruncated: r.IsTruncated,
            marker: r.Marker,
          };
        }),
      ),
      checked(
        'serviceSpecificCredential',
        this.iam
          .send(new ListServiceSpecificCredentialsCommand({ UserName }))
          .then((r) =>
            (r.ServiceSpecificCredentials ?? []).flatMap((c) =>
              c.ServiceSpecificCredentialId ? [{ id: c.ServiceSpecificCredentialId, service: c.ServiceName }] : [],
            ),
          ),
      ),
      checked(
        'mfaDevice',
        pages(async (Marker) => {
          const r = await this.iam.send(new ListMFADevicesCommand({ ...page, Marker }));
          return {
            items: (r.MFADevices ?? []).flatMap((d) => (d.SerialNumber ? [d.SerialNumber] : [])),
            isTruncated: r.IsTruncated,
            marker: r.Marker,
          };
        }),
      ),
      checked('virtualMfaDevice', this.orphanedVirtualMfaDevices(UserName)),
      checked(
        'inlinePolicy',
        pages(async (Marker) => {
          const r = await this.iam.send(new ListUserPoliciesCommand({ ...page, Marker }));
          return { items: r.PolicyNames ?? [], isTruncated: r.IsTruncated, marker: r.Marker };
        }),
      ),
      checked(
        'attachedPolicy',
        pages(async (Marker) => {
          const r = await this.iam.send(new ListAttachedUserPoliciesCommand({ ...page, Marker }));
          return { items: attachedOf(r.AttachedPolicies), isTruncated: r.IsTruncated, marker: r.Marker };
        }),
      ),
      checked(
        'groupMembership',
        pages(async (Marker) => {
          const r = await this.iam.send(new ListGroupsForUserCommand({ ...page, Marker }));
          return {
            items: (r.Groups ?? []).flatMap((g) => (g.GroupName ? [g.GroupName] : [])),
            isTruncated: r.IsTruncated,
            marker: r.Marker,
          };
        }),
      ),
    ]);
    return [
      ...(login.length ? [{ kind: 'loginProfile' as const, id: UserName }] : []),
      ...keys.map((id) => ({ kind: 'accessKey' as const, id })),
      ...certs.map((id) => ({ kind: 'signingCertificate' as const, id })),
      ...ssh.map((id) => ({ kind: 'sshPublicKey' as const, id })),
      ...creds.map((c) => ({
        kind: 'serviceSpecificCredential' as const,
        id: c.id,
        label: c.service ? `${c.id} (${c.service})` : c.id,
      })),
      ...mfa.map((id) => ({ kind: 'mfaDevice' as const, id })),
      ...orphans.map((id) => ({ kind: 'virtualMfaDevice' as const, id })),
      ...inline.map((id) => ({ kind: 'inlinePolicy' as const, id })),
      ...attached.map((p) => ({ kind: 'attachedPolicy' as const, id: p.arn, label: p.name })),
      ...groups.map((id) => ({ kind: 'groupMembership' as const, id })),
    ];
  }

  /**
   * Unassigned virtual MFA devices named after the user (`…:mfa/<path>/<userName>`). Removing
   * a user's virtual device takes two calls (deactivate, then delete); a delete interrupted
   * between them leaves the device unassigned, where no user listing shows it. Finding it by
   * name lets running the delete again finish the job (the confirmation names it). Without
   * iam:ListVirtualMFADevices the confirmation says it could not check, and the delete goes on.
   */
  private orphanedVirtualMfaDevices(userName: string): Promise<string[]> {
    return collectPages(async (Marker) => {
      const r = await this.iam.send(
        new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned', MaxItems: MAX_ITEMS, Marker }),
      );
      const named = (r.VirtualMFADevices ?? [])
        .flatMap((d) => (d.SerialNumber ? [d.SerialNumber] : []))
        .filter((s) => s.includes(':mfa/') && s.slice(s.lastIndexOf('/') + 1) === userName);
      return { items: named, isTruncated: r.IsTruncated, marker: r.Marker };
    });
  }

  private groupDependents(GroupName: string, checked: Checked): Promise<Dependent[]> {
    const page = { GroupName, MaxItems: MAX_ITEMS };
    return this.ownerDependents(checked, {
      first: 'groupMember',
      names: collectPages(async (Marker) => {
        const r = await this.iam.send(new GetGroupCommand({ ...page, Marker }));
        return {
          items: (r.Users ?? []).flatMap((u) => (u.UserName ? [u.UserName] : [])),
          isTruncated: r.IsTruncated,
          marker: r.Marker,
        };
      }),
      inline: collectPages(async (Marker) => {
        const r = await this.iam.send(new ListGroupPoliciesCommand({ ...page, Marker }));
        return { items: r.PolicyNames ?? [], isTruncated: r.IsTruncated, marker: r.Marker };
      }),
      attached: collectPages(async (Marker) => {
        const r = await this.iam.send(new ListAttachedGroupPoliciesCommand({ ...page, Marker }));
        return { items: attachedOf(r.AttachedPolicies), isTruncated: r.IsTruncated, marker: r.Marker };
      }),
    });
  }

  private roleDependents(RoleName: string, checked: Checked): Promise<Dependent[]> {
    const page = { RoleName, MaxItems: MAX_ITEMS };
    return this.ownerDependents(checked, {
      first: 'instanceProfile',
      names: collectPages(async (Marker) => {
        const r = await this.iam.send(new ListInstanceProfilesForRoleCommand({ ...page, Marker }));
        return {
          items: (r.InstanceProfiles ?? []).flatMap((p) => (p.InstanceProfileName ? [p.InstanceProfileName] : [])),
          isTruncated: r.IsTruncated,
          marker: r.Marker,
        };
      }),
      inline: collectPages(async (Marker) => {
        const r = await this.iam.send(new ListRolePoliciesCommand({ ...page, Marker }));
        return { items: r.PolicyNames ?? [], isTruncated: r.IsTruncated, marker: r.Marker };
      }),
      attached: collectPages(async (Marker) => {
        const r = await this.iam.send(new ListAttachedRolePoliciesCommand({ ...page, Marker }));
        return { items: attachedOf(r.AttachedPolicies), isTruncated: r.IsTruncated, marker: r.Marker };
      }),
    });
  }

  /**
   * A group's or role's dependents, in IAM's order: members or instance profiles, inline policies, attached policies.
   */
  private async ownerDependents(
    checked: Checked,
    lists: {
      first: 'groupMember' | 'instanceProfile';
      names: Promise<string[]>;
      inline: Promise<string[]>;
      attached: Promise<{ arn: string; name?: string }[]>;
    },
  ): Promise<Dependent[]> {
    const [names, inline, attached] = await Promise.all([
      checked(lists.first, lists.names),
      checked('inlinePolicy', lists.inline),
      checked('attachedPolicy', lists.attached),
    ]);
    return [
      ...names.map((id) => ({ kind: lists.first, id })),
      ...inline.map((id) => ({ kind: 'inlinePolicy' as const, id })),
      ...attached.map((p) => ({ kind: 'attachedPolicy' as const, id: p.arn, label: p.name })),
    ];
  }

  private async policyDependents(PolicyArn: string, checked: Checked): Promise<Dependent[]> {
    const attachments = await checked(
      'policyAttachment',
      collectPages(async (Marker) => {
        const r = await this.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn, MaxItems: MAX_ITEMS, Marker }));
        const found: Dependent[] = [];
        for (const u of r.PolicyUsers ?? [])
          if (u.UserName) found.push({ kind: 'policyAttachment', id: u.UserName, entityType: 'user' });
        for (const g of r.PolicyGroups ?? [])
          if (g.GroupName) found.push({ kind: 'policyAttachment', id: g.GroupName, entityType: 'group' });
        for (const x of r.PolicyRoles ?? [])
          if (x.RoleName) found.push({ kind: 'policyAttachment', id: x.RoleName, entityType: 'role' });
        return { items: found, isTruncated: r.IsTruncated, marker: r.Marker };
      }),
    );
    const versions = await checked(
      'policyVersion',
      collectPages(async (Marker) => {
        const r = await this.iam.send(new ListPolicyVersionsCommand({ PolicyArn, MaxItems: MAX_ITEMS, Marker }));
        return {
          items: (r.Versions ?? []).flatMap((v) => (!v.IsDefaultVersion && v.VersionId ? [v.VersionId] : [])),
          isTruncated: r.IsTruncated,
          marker: r.Marker,
        };
      }),
    );
    return [...attachments, ...versions.map((id) => ({ kind: 'policyVersion' as const, id }))];
  }

  async runDeleteStep(target: DeleteTarget, step: PlanStep): Promise<void> {
    const owner = target.type === 'policy' ? undefined : ({ type: target.type, name: target.name } as const);
    if (step.kind === 'target') {
      if (target.type === 'user') await this.iam.send(new DeleteUserCommand({ UserName: target.name }));
      else if (target.type === 'group') await this.iam.send(new DeleteGroupCommand({ GroupName: target.name }));
      else if (target.type === 'role') await this.iam.send(new DeleteRoleCommand({ RoleName: target.name }));
      else await this.iam.send(new DeletePolicyCommand({ PolicyArn: policyArn(target) }));
      return;
    }
    const d = step.dependent;
    const UserName = target.name;
    switch (d.kind) {
      case 'loginProfile':
        await this.iam.send(new DeleteLoginProfileCommand({ UserName }));
        return;
      case 'accessKey':
        await this.iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: d.id }));
        return;
      case 'signingCertificate':
        await this.iam.send(new DeleteSigningCertificateCommand({ UserName, CertificateId: d.id }));
        return;
      case 'sshPublicKey':
        await this.iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: d.id }));
        return;
      case 'serviceSpecificCredential':
        await this.iam.send(
          new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId: d.id }),
        );
        return;
      case 'mfaDevice':
        await this.iam.send(new DeactivateMFADeviceCommand({ UserName, SerialNumber: d.id }));
        // A virtual device (an ARN) would otherwise stay behind, unassigned, in the account.
        if (d.id.startsWith('arn:') && d.id.includes(':mfa/')) {
          await this.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.id }));
        }
        return;
      case 'virtualMfaDevice':
        await this.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.id }));
        return;
      case 'inlinePolicy':
        if (owner) await this.deleteInlinePolicy(owner, d.id);
        return;
      case 'attachedPolicy':
        if (owner) await this.detachPolicy(owner, d.id);
        return;
      case 'groupMembership':
        await this.removeUserFromGroup(UserName, d.id);
        return;
      case 'groupMember':
        await this.removeUserFromGroup(d.id, target.name);
        return;
      case 'instanceProfile':
        await this.iam.send(
          new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: d.id, RoleName: target.name }),
        );
        return;
      case 'policyAttachment':
        if (!d.entityType)
          throw new Error(
            `Cannot detach managed policy ${target.name} from ${d.id}: whether it is a user, group or role is unknown.`,
          );
        await this.detachPolicy({ type: d.entityType, name: d.id }, policyArn(target));
        return;
      case 'policyVersion':
        await this.deletePolicyVersion(policyArn(target), d.id);
        return;
    }
  }
}

/** A managed policy target's ARN, which every policy call needs; never guessed. */
function policyArn(target: DeleteTarget): string {
  if (!target.arn)
    throw new Error(
      `Cannot change managed policy ${target.name}: its ARN is unknown. Refresh the explorer and try again.`,
    );
  return target.arn;
}

/** One listing of `listDependents`: empty, and noted as unchecked, when it cannot tell. */
type Checked = <T>(kind: DependentKind, list: Promise<T[]>) => Promise<T[]>;

/** Attached policies as the plan names them; an entry without an ARN cannot be detached and is left out. */
function attachedOf(
  list: readonly { PolicyArn?: string; PolicyName?: string }[] | undefined,
): { arn: string; name?: string }[] {
  return (list ?? []).flatMap((p) => (p.PolicyArn ? [{ arn: p.PolicyArn, name: p.PolicyName }] : []));
}

function sdkTags(tags: readonly Tag[] | undefined) {
  return tags && tags.length ? tags.map((t) => ({ Key: t.key, Value: t.value })) : undefined;
}
