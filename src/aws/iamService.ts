import {
  GetAccessKeyLastUsedCommand,
  GetGroupCommand,
  GetPolicyCommand,
  GetUserCommand,
  GetGroupPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SdkIamMutations, type IamMutations } from './iamMutations';
import { collectPages, Limiter, MAX_ITEMS } from '../core/iam/paging';
import { describeAwsError, isUncheckable } from '../core/iam/errors';
import type {
  AccessKey,
  AttachedPolicy,
  CallerIdentity,
  Entity,
  EntityRef,
  PolicyAttachments,
  PolicyVersion,
} from '../core/iam/model';
import { decodePolicyDocument } from '../core/policy/document';
import { fromGroup, fromPolicy, fromRole, fromUser } from './entities';

/**
 * Everything the extension asks of IAM and STS for one profile. The tree and the commands
 * receive it through their constructors; tests use the real one against the emulator.
 */
export interface IamService extends IamMutations {
  whoAmI(): Promise<CallerIdentity>;
  accountAlias(): Promise<string | undefined>;
  listUsers(signal?: AbortSignal): Promise<Entity[]>;
  listGroups(signal?: AbortSignal): Promise<Entity[]>;
  listRoles(signal?: AbortSignal): Promise<Entity[]>;
  listPolicies(scope: 'Local' | 'AWS', signal?: AbortSignal): Promise<Entity[]>;
  listAccessKeys(userName: string, signal?: AbortSignal): Promise<AccessKey[]>;
  listGroupsForUser(userName: string, signal?: AbortSignal): Promise<Entity[]>;
  listGroupMembers(groupName: string, signal?: AbortSignal): Promise<Entity[]>;
  listAttachedPolicies(entity: EntityRef, signal?: AbortSignal): Promise<AttachedPolicy[]>;
  listInlinePolicyNames(entity: EntityRef, signal?: AbortSignal): Promise<string[]>;
  getInlinePolicy(entity: EntityRef, policyName: string): Promise<string>;
  getTrustPolicy(roleName: string): Promise<string>;
  listPolicyVersions(policyArn: string, signal?: AbortSignal): Promise<PolicyVersion[]>;
  getPolicyVersion(policyArn: string, versionId: string): Promise<string>;
  listEntitiesForPolicy(policyArn: string, signal?: AbortSignal): Promise<PolicyAttachments>;
  /** An entity with what List calls leave out (tags, role last used, description). */
  getDetails(entity: Entity): Promise<Entity>;
  /** A managed policy by ARN (GetPolicy). */
  getPolicy(policyArn: string): Promise<Entity>;
}

/** Requests in flight per profile while many tree items expand at once. */
export const EXPAND_CONCURRENCY = 8;

export class SdkIamService extends SdkIamMutations implements IamService {
  /** Shared by every call of this profile that is not a folder listing. */
  private readonly limiter = new Limiter(EXPAND_CONCURRENCY);

  constructor(
    readonly iam: IAMClient,
    readonly sts: STSClient,
  ) {
    super();
  }

  async whoAmI(): Promise<CallerIdentity> {
    const r = await this.sts.send(new GetCallerIdentityCommand({}));
    return { account: r.Account ?? '', arn: r.Arn ?? '', userId: r.UserId ?? '' };
  }

  async accountAlias(): Promise<string | undefined> {
    const r = await this.iam.send(new ListAccountAliasesCommand({}));
    return r.AccountAliases?.[0];
  }

  listUsers(signal?: AbortSignal): Promise<Entity[]> {
    return collectPages(async (Marker) => {
      const r = await this.iam.send(new ListUsersCommand({ MaxItems: MAX_ITEMS, Marker }), { abortSignal: signal });
      return { items: (r.Users ?? []).map(fromUser), isTruncated: r.IsTruncated, marker: r.Marker };
    }, signal);
  }

  listGroups(signal?: AbortSignal): Promise<Entity[]> {
    return collectPages(async (Marker) => {
      const r = await this.iam.send(new ListGroupsCommand({ MaxItems: MAX_ITEMS, Marker }), { abortSignal: signal });
      return { items: (r.Groups ?? []).map(fromGroup), isTruncated: r.IsTruncated, marker: r.Marker };
    }, signal);
  }

  listRoles(signal?: AbortSignal): Promise<Entity[]> {
    return collectPages(async (Marker) => {
      const r = await this.iam.send(new ListRolesCommand({ MaxItems: MAX_ITEMS, Marker }), { abortSignal: signal });
      return { items: (r.Roles ?? []).map(fromRole), isTruncated: r.IsTruncated, marker: r.Marker };
    }, signal);
  }

  listPolicies(scope: 'Local' | 'AWS', signal?: AbortSignal): Promise<Entity[]> {
    return collectPages(async (Marker) => {
      const r = await this.iam.send(new ListPoliciesCommand({ Scope: scope, MaxItems: MAX_ITEMS, Marker }), {
        abortSignal: signal,
      });
      return { items: (r.Policies ?? []).map(fromPolicy), isTruncated: r.IsTruncated, marker: r.Marker };
    }, signal);
  }

  listAccessKeys(UserName: string, signal?: AbortSignal): Promise<AccessKey[]> {
    const options = { abortSignal: signal };
    return this.limiter.run(async () => {
      signal?.throwIfAborted();
      const r = await this.iam.send(new ListAccessKeysCommand({ UserName, MaxItems: MAX_ITEMS }), options);
      const keys = r.AccessKeyMetadata ?? [];
      return Promise.all(
        keys.map(async (k): Promise<AccessKey> => {
          const key = {
            userName: k.UserName ?? UserName,
            accessKeyId: k.AccessKeyId ?? '',
            status: k.Status === 'Inactive' ? ('Inactive' as const) : ('Active' as const),
            created: k.CreateDate,
          };
          const command = new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId });
          let last;
          try {
            last = (await this.iam.send(command, options)).AccessKeyLastUsed;
          } catch (err) {
            // Listing the keys is what matters (rotation, deactivation): a key whose last use cannot be read,
            // for want of iam:GetAccessKeyLastUsed or on an endpoint without it, is listed saying so.
            if (!isUncheckable(err)) throw err;
            return { ...key, lastUsedUnknown: describeAwsError(err) };
          }
          return {
            ...key,
            lastUsed: last
              ? { date: last.LastUsedDate, service: orNone(last.ServiceName), region: orNone(last.Region) }
              : undefined,
          };
        }),
      );
    });
  }

  listGroupsForUser(UserName: string, signal?: AbortSignal): Promise<Entity[]> {
    return this.limiter.run(() =>
      collectPages(async (Marker) => {
        const command = new ListGroupsForUserCommand({ UserName, MaxItems: MAX_ITEMS, Marker });
        const r = await this.iam.send(command, { abortSignal: signal });
        return { items: (r.Groups ?? []).map(fromGroup), isTruncated: r.IsTruncated, marker: r.Marker };
      }, signal),
    );
  }

  listGroupMembers(GroupName: string, signal?: AbortSignal): Promise<Entity[]> {
    return this.limiter.run(() =>
      collectPages(async (Marker) => {
        const command = new GetGroupCommand({ GroupName, MaxItems: MAX_ITEMS, Marker });
        const r = await this.iam.send(command, { abortSignal: signal });
        return { items: (r.Users ?? []).map(fromUser), isTruncated: r.IsTruncated, marker: r.Marker };
      }, signal),
    );
  }

  listAttachedPolicies(entity: EntityRef, signal?: AbortSignal): Promise<AttachedPolicy[]> {
    const options = { abortSignal: signal };
    return this.limiter.run(() =>
      collectPages(async (Marker) => {
        const page = { MaxItems: MAX_ITEMS, Marker };
        const r =
          entity.type === 'user'
            ? await this.iam.send(new ListAttachedUserPoliciesCommand({ UserName: entity.name, ...page }), options)
            : entity.type === 'group'
              ? await this.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: entity.name, ...page }), options)
              : await this.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: entity.name, ...page }), options);
        const items = (r.AttachedPolicies ?? []).map((p) => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' }));
        return { items, isTruncated: r.IsTruncated, marker: r.Marker };
      }, signal),
    );
  }

  listInlinePolicyNames(entity: EntityRef, signal?: AbortSignal): Promise<string[]> {
    const options = { abortSignal: signal };
    return this.limiter.run(() =>
      collectPages(async (Marker) => {
        const page = { MaxItems: MAX_ITEMS, Marker };
        const r =
          entity.type === 'user'
            ? await this.iam.send(new ListUserPoliciesCommand({ UserName: entity.name, ...page }), options)
            : entity.type === 'group'
              ? await this.iam.send(new ListGroupPoliciesCommand({ GroupName: entity.name, ...page }), options)
              : await this.iam.send(new ListRolePoliciesCommand({ RoleName: entity.name, ...page }), options);
        return { items: r.PolicyNames ?? [], isTruncated: r.IsTruncated, marker: r.Marker };
      }, signal),
    );
  }

  async getInlinePolicy(entity: EntityRef, PolicyName: string): Promise<string> {
    const r =
      entity.type === 'user'
        ? await this.iam.send(new GetUserPolicyCommand({ UserName: entity.name, PolicyName }))
        : entity.type === 'group'
          ? await this.iam.send(new GetGroupPolicyCommand({ GroupName: entity.name, PolicyName }))
          : await this.iam.send(new GetRolePolicyCommand({ RoleName: entity.name, PolicyName }));
    return decodePolicyDocument(r.PolicyDocument ?? '');
  }

  async getTrustPolicy(RoleName: string): Promise<string> {
    const r = await this.iam.send(new GetRoleCommand({ RoleName }));
    return decodePolicyDocument(r.Role?.AssumeRolePolicyDocument ?? '');
  }

  listPolicyVersions(PolicyArn: string, signal?: AbortSignal): Promise<PolicyVersion[]> {
    return this.limiter.run(() =>
      collectPages(async (Marker) => {
        const command = new ListPolicyVersionsCommand({ PolicyArn, MaxItems: MAX_ITEMS, Marker });
        const r = await this.iam.send(command, { abortSignal: signal });
        const items = (r.Versions ?? []).map((v) => ({
          versionId: v.VersionId ?? '',
          isDefault: v.IsDefaultVersion === true,
          created: v.CreateDate,
        }));
        return { items, isTruncated: r.IsTruncated, marker: r.Marker };
      }),
    );
  }

  async getPolicyVersion(PolicyArn: string, VersionId: string): Promise<string> {
    const r = await this.iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId }));
    return decodePolicyDocument(r.PolicyVersion?.Document ?? '');
  }

  listEntitiesForPolicy(PolicyArn: string, signal?: AbortSignal): Promise<PolicyAttachments> {
    return this.limiter.run(async () => {
      const users: string[] = [];
      const groups: string[] = [];
      const roles: string[] = [];
      await collectPages(async (Marker) => {
        const command = new ListEntitiesForPolicyCommand({ PolicyArn, MaxItems: MAX_ITEMS, Marker });
        const r = await this.iam.send(command, { abortSignal: signal });
        users.push(...(r.PolicyUsers ?? []).map((u) => u.UserName ?? ''));
        groups.push(...(r.PolicyGroups ?? []).map((g) => g.GroupName ?? ''));
        roles.push(...(r.PolicyRoles ?? []).map((x) => x.RoleName ?? ''));
        return { items: [], isTruncated: r.IsTruncated, marker: r.Marker };
      }, signal);
      return { users, groups, roles };
    });
  }

  async getPolicy(PolicyArn: string): Promise<Entity> {
    const r = await this.iam.send(new GetPolicyCommand({ PolicyArn }));
    if (!r.Policy) throw new Error(`GetPolicy returned no policy for ${PolicyArn}; Refresh to see it.`);
    return fromPolicy(r.Policy);
  }

  async getDetails(entity: Entity): Promise<Entity> {
    switch (entity.type) {
      case 'user': {
        const r = await this.iam.send(new GetUserCommand({ UserName: entity.name }));
        return r.User ? { ...entity, ...fromUser(r.User) } : entity;
      }
      case 'role': {
        const r = await this.iam.send(new GetRoleCommand({ RoleName: entity.name }));
        return r.Role ? { ...entity, ...fromRole(r.Role) } : entity;
      }
      case 'policy': {
        const r = await this.iam.send(new GetPolicyCommand({ PolicyArn: entity.arn }));
        return r.Policy ? { ...entity, ...fromPolicy(r.Policy) } : entity;
      }
      default:
        return entity;
    }
  }
}

/** IAM reports "N/A" for a key that was never used. */
function orNone(s: string | undefined): string | undefined {
  return s && s !== 'N/A' ? s : undefined;
}
