// Account-wide operations: alias, summary and the authorization details dump.
import { noSuchEntity, validation } from '../errors.js';
import type { OperationContext, OperationTable } from '../operation.js';
import { paginate } from '../paging.js';
import { groupXml, instanceProfileXml, policyVersionXml, policyXml, roleXml, userXml } from '../shapes.js';
import type { GroupRecord, PolicyRecord, RoleRecord, UserRecord } from '../state.js';
import { LIMITS } from '../validation.js';
import { XmlEntries, type XmlValue } from '../xml.js';

const ALIAS_PATTERN = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

/** The quotas GetAccountSummary reports, with AWS's default values. */
export const ACCOUNT_QUOTAS = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  GroupsPerUserQuota: LIMITS.groupsPerUser,
  SigningCertificatesPerUserQuota: 2,
  AccessKeysPerUserQuota: LIMITS.accessKeysPerUser,
  PolicySizeQuota: LIMITS.managedPolicySize,
  UserPolicySizeQuota: LIMITS.userInlineTotal,
  GroupPolicySizeQuota: LIMITS.groupInlineTotal,
  RolePolicySizeQuota: LIMITS.roleInlineTotal,
  AssumeRolePolicySizeQuota: LIMITS.trustPolicySize,
  VersionsPerPolicyQuota: LIMITS.versionsPerPolicy,
  AttachedPoliciesPerUserQuota: LIMITS.attachedPerEntity,
  AttachedPoliciesPerGroupQuota: LIMITS.attachedPerEntity,
  AttachedPoliciesPerRoleQuota: LIMITS.attachedPerEntity,
  PolicyVersionsInUseQuota: 10000,
  GlobalEndpointTokenVersion: 1,
} as const;

function accountSummary(ctx: OperationContext): Array<[string, XmlValue]> {
  const { state } = ctx;
  const users = [...state.users.values()];
  const customer = [...state.policies.values()].filter((p) => !p.awsManaged);
  const counts: Record<string, number> = {
    Users: users.length,
    Groups: state.groups.size,
    Roles: state.roles.size,
    Policies: customer.length,
    InstanceProfiles: state.instanceProfiles.size,
    ServerCertificates: state.security.serverCertificates.size,
    Providers: state.security.oidcProviders.size,
    MFADevices: users.reduce((n, u) => n + u.mfaDevices.length, 0),
    MFADevicesInUse: users.reduce((n, u) => n + u.mfaDevices.length, 0),
    PolicyVersionsInUse: [...state.policies.values()].filter((p) => p.attachedTo.size > 0).length,
    AccountMFAEnabled: state.security.root.mfaActive ? 1 : 0,
    AccountAccessKeysPresent: state.security.root.accessKeys.length > 0 ? 1 : 0,
    AccountPasswordPresent: 0,
    AccountSigningCertificatesPresent: 0,
  };
  return [...Object.entries(counts), ...Object.entries(ACCOUNT_QUOTAS)];
}

const FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type Filter = (typeof FILTERS)[number];

type Detail =
  | { kind: 'User'; item: UserRecord }
  | { kind: 'Group'; item: GroupRecord }
  | { kind: 'Role'; item: RoleRecord }
  | { kind: 'Policy'; item: PolicyRecord };

function authorizationDetails(ctx: OperationContext) {
  const requested = ctx.params.list('Filter');
  for (const f of requested) {
    if (!(FILTERS as readonly string[]).includes(f)) {
      throw validation(
        `1 validation error detected: Value '[${f}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${FILTERS.join(', ')}]]`,
      );
    }
  }
  const wants = (f: Filter) => requested.length === 0 || requested.includes(f);
  const { state } = ctx;
  const all: Detail[] = [];
  if (wants('User')) for (const item of state.users.values()) all.push({ kind: 'User', item });
  if (wants('Group')) for (const item of state.groups.values()) all.push({ kind: 'Group', item });
  if (wants('Role')) for (const item of state.roles.values()) all.push({ kind: 'Role', item });
  for (const item of state.policies.values()) {
    if (item.awsManaged ? wants('AWSManagedPolicy') : wants('LocalManagedPolicy')) all.push({ kind: 'Policy', item });
  }
  const order = { User: 'a', Group: 'b', Role: 'c', Policy: 'd' };
  const page = paginate(
    all,
    (d) => `${order[d.kind]}\u0000${d.kind === 'Policy' ? d.item.arn : d.item.name.toLowerCase()}`,
    ctx.params,
  );
  const inlineList = (inline: Map<string, { name: string; document: string }>) =>
    [...inline.values()].map((p) => ({ PolicyName: p.name, PolicyDocument: ctx.document(p.document) }));
  const attachedList = (attached: Set<PolicyRecord>) =>
    [...attached].map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
  // ManagedPolicyDetail counts the users and roles that use a policy as their boundary.
  const boundaryUses = new Map<PolicyRecord, number>();
  if (page.items.some((d) => d.kind === 'Policy')) {
    for (const p of [...state.users.values(), ...state.roles.values()]) {
      if (p.permissionsBoundary)
        boundaryUses.set(p.permissionsBoundary, (boundaryUses.get(p.permissionsBoundary) ?? 0) + 1);
    }
  }
  const users: XmlValue[] = [];
  const groups: XmlValue[] = [];
  const roles: XmlValue[] = [];
  const policies: XmlValue[] = [];
  for (const detail of page.items) {
    if (detail.kind === 'User') {
      const { PasswordLastUsed: _unused, ...base } = userXml(detail.item, true);
      users.push({
        ...base,
        UserPolicyList: inlineList(detail.item.inline),
        GroupList: [...detail.item.groups].map((g) => g.name),
        AttachedManagedPolicies: attachedList(detail.item.attached),
      });
    } else if (detail.kind === 'Group') {
      groups.push({
        ...groupXml(detail.item),
        GroupPolicyList: inlineList(detail.item.inline),
        AttachedManagedPolicies: attachedList(detail.item.attached),
      });
    } else if (detail.kind === 'Role') {
      const role = roleXml(ctx, detail.item, true);
      roles.push({
        Path: role.Path,
        RoleName: role.RoleName,
        RoleId: role.RoleId,
        Arn: role.Arn,
        CreateDate: role.CreateDate,
        AssumeRolePolicyDocument: role.AssumeRolePolicyDocument,
        InstanceProfileList: [...detail.item.instanceProfiles].map((p) => instanceProfileXml(ctx, p)),
        RolePolicyList: inlineList(detail.item.inline),
        AttachedManagedPolicies: attachedList(detail.item.attached),
        PermissionsBoundary: role.PermissionsBoundary,
        Tags: role.Tags,
        RoleLastUsed: role.RoleLastUsed,
      });
    } else {
      const policy = detail.item;
      const { Tags: _tags, ...base } = policyXml(policy, true);
      policies.push({
        ...base,
        PermissionsBoundaryUsageCount: boundaryUses.get(policy) ?? 0,
        PolicyVersionList: [...policy.versions.values()].map((v) => policyVersionXml(ctx, policy, v, true)),
      });
    }
  }
  return {
    UserDetailList: users,
    GroupDetailList: groups,
    RoleDetailList: roles,
    Policies: policies,
    IsTruncated: page.IsTruncated,
    Marker: page.Marker,
  };
}

export const accountOperations: OperationTable = {
  ListAccountAliases: (ctx) => {
    const page = paginate(ctx.state.accountAliases, (a) => a, ctx.params);
    return { AccountAliases: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  },

  CreateAccountAlias: (ctx) => {
    const alias = ctx.params.required('AccountAlias');
    if (alias.length < 3 || alias.length > 63 || !ALIAS_PATTERN.test(alias)) {
      throw validation(
        `1 validation error detected: Value '${alias}' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`,
      );
    }
    ctx.state.accountAliases = [alias];
    return undefined;
  },

  DeleteAccountAlias: (ctx) => {
    const alias = ctx.params.required('AccountAlias');
    if (!ctx.state.accountAliases.includes(alias)) throw noSuchEntity(`The account alias ${alias} cannot be found.`);
    ctx.state.accountAliases = [];
    return undefined;
  },

  GetAccountSummary: (ctx) => ({ SummaryMap: new XmlEntries(accountSummary(ctx)) }),

  GetAccountAuthorizationDetails: authorizationDetails,
};
