// Managed policies: customer managed ones in full, AWS managed ones read-only.
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity, validation } from '../errors.js';
import { accessDenied, pathFilter, type OperationContext, type OperationTable } from '../operation.js';
import { paginate } from '../paging.js';
import { pageXml, policyVersionXml, policyXml } from '../shapes.js';
import type { PolicyRecord, PolicyVersionRecord } from '../state.js';
import {
  checkDescription,
  checkManagedPolicyDocument,
  checkName,
  checkPath,
  checkTags,
  LIMITS,
  mergeTags,
} from '../validation.js';

const ARN_PATTERN = /^arn:aws:iam::(aws|\d{12}):policy\/.+$/;
const VERSION_PATTERN = /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/;

function policyArn(ctx: OperationContext): string {
  const arn = ctx.params.required('PolicyArn');
  if (!ctx.state.lenientNames && !ARN_PATTERN.test(arn)) throw validation(`ARN ${arn} is not valid.`);
  return arn;
}

function namedPolicy(ctx: OperationContext): PolicyRecord {
  return ctx.state.getPolicy(policyArn(ctx));
}

/** A customer managed policy; changing an AWS managed one is denied as AWS denies it. */
function writablePolicy(ctx: OperationContext, action: string): PolicyRecord {
  const policy = namedPolicy(ctx);
  if (policy.awsManaged) throw accessDenied(ctx.state, ctx.caller, `iam:${action}`, `policy ${policy.arn}`);
  return policy;
}

function versionOf(ctx: OperationContext, policy: PolicyRecord): PolicyVersionRecord {
  const id = ctx.params.required('VersionId');
  if (!VERSION_PATTERN.test(id)) {
    throw validation(
      `1 validation error detected: Value '${id}' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?`,
    );
  }
  const version = policy.versions.get(id);
  if (!version) throw noSuchEntity(`Policy ${policy.arn} version ${id} does not exist or is not attachable.`);
  return version;
}

/** Newest version first, as IAM lists them. */
const versionKey = (v: PolicyVersionRecord): string =>
  String(1e9 - Number(v.id.slice(1).split('.')[0])).padStart(10, '0');

export const policyOperations: OperationTable = {
  ListPolicies: (ctx) => {
    const scope = ctx.params.optional('Scope') ?? 'All';
    if (!['All', 'AWS', 'Local'].includes(scope)) {
      throw validation(
        `1 validation error detected: Value '${scope}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`,
      );
    }
    const onlyAttached = ctx.params.optionalBool('OnlyAttached') ?? false;
    const byPath = pathFilter(ctx.params);
    const policies = [...ctx.state.policies.values()].filter(
      (p) =>
        (scope === 'All' || (scope === 'AWS') === p.awsManaged) &&
        (!onlyAttached || p.attachedTo.size > 0) &&
        byPath(p),
    );
    const page = paginate(policies, (p) => `${p.name.toLowerCase()}\u0000${p.arn}`, ctx.params);
    return pageXml('Policies', page, (p) => policyXml(p, false));
  },

  GetPolicy: (ctx) => ({ Policy: policyXml(namedPolicy(ctx), true) }),

  CreatePolicy: (ctx) => {
    const name = ctx.params.required('PolicyName');
    checkName('PolicyName', name, 128);
    const path = checkPath(ctx.params.optional('Path'));
    const description = ctx.params.optional('Description');
    checkDescription(description);
    const document = ctx.params.required('PolicyDocument');
    checkManagedPolicyDocument(document);
    const tags = ctx.params.tags();
    checkTags(tags);
    const existing = [...ctx.state.policies.values()].some(
      (p) => !p.awsManaged && p.name.toLowerCase() === name.toLowerCase(),
    );
    if (existing) throw alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
    const policy = ctx.state.addPolicy({ name, path, description, documents: [document], tags, createDate: ctx.now() });
    return { Policy: policyXml(policy, true) };
  },

  DeletePolicy: (ctx) => {
    const policy = writablePolicy(ctx, 'DeletePolicy');
    if (policy.attachedTo.size > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
    if (policy.versions.size > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    ctx.state.policies.delete(policy.arn);
    return undefined;
  },

  CreatePolicyVersion: (ctx) => {
    const policy = writablePolicy(ctx, 'CreatePolicyVersion');
    const document = ctx.params.required('PolicyDocument');
    checkManagedPolicyDocument(document);
    if (policy.versions.size >= LIMITS.versionsPerPolicy) {
      throw limitExceeded(
        `A managed policy can have up to ${LIMITS.versionsPerPolicy} versions. Before you create a new version, you must delete an existing version.`,
      );
    }
    const version: PolicyVersionRecord = { id: `v${policy.nextVersion++}`, document, createDate: ctx.now() };
    policy.versions.set(version.id, version);
    if (ctx.params.optionalBool('SetAsDefault')) {
      policy.defaultVersionId = version.id;
      policy.updateDate = version.createDate;
    }
    return { PolicyVersion: policyVersionXml(ctx, policy, version, false) };
  },

  GetPolicyVersion: (ctx) => {
    const policy = namedPolicy(ctx);
    return { PolicyVersion: policyVersionXml(ctx, policy, versionOf(ctx, policy), true) };
  },

  ListPolicyVersions: (ctx) => {
    const policy = namedPolicy(ctx);
    const page = paginate(policy.versions.values(), versionKey, ctx.params);
    return pageXml('Versions', page, (v) => policyVersionXml(ctx, policy, v, false));
  },

  SetDefaultPolicyVersion: (ctx) => {
    const policy = writablePolicy(ctx, 'SetDefaultPolicyVersion');
    const version = versionOf(ctx, policy);
    policy.defaultVersionId = version.id;
    policy.updateDate = ctx.now();
    return undefined;
  },

  DeletePolicyVersion: (ctx) => {
    const policy = writablePolicy(ctx, 'DeletePolicyVersion');
    const version = versionOf(ctx, policy);
    if (version.id === policy.defaultVersionId) throw deleteConflict('Cannot delete the default version of a policy.');
    policy.versions.delete(version.id);
    return undefined;
  },

  ListEntitiesForPolicy: (ctx) => {
    const policy = namedPolicy(ctx);
    const filter = ctx.params.optional('EntityFilter');
    const kinds: Record<string, string> = { User: 'user', Role: 'role', Group: 'group' };
    if (filter !== undefined && !['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'].includes(filter)) {
      throw validation(
        `1 validation error detected: Value '${filter}' at 'entityFilter' failed to satisfy constraint: Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]`,
      );
    }
    const byPath = pathFilter(ctx.params);
    const entities = [...policy.attachedTo].filter(
      (e) => (filter === undefined || kinds[filter] === e.kind) && byPath(e),
    );
    const page = paginate(entities, (e) => `${e.kind}\u0000${e.name.toLowerCase()}`, ctx.params);
    return {
      PolicyGroups: page.items.flatMap((e) => (e.kind === 'group' ? [{ GroupName: e.name, GroupId: e.id }] : [])),
      PolicyUsers: page.items.flatMap((e) => (e.kind === 'user' ? [{ UserName: e.name, UserId: e.id }] : [])),
      PolicyRoles: page.items.flatMap((e) => (e.kind === 'role' ? [{ RoleName: e.name, RoleId: e.id }] : [])),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  },

  TagPolicy: (ctx) => {
    const policy = writablePolicy(ctx, 'TagPolicy');
    policy.tags = mergeTags(policy.tags, ctx.params.tags());
    return undefined;
  },

  UntagPolicy: (ctx) => {
    const policy = writablePolicy(ctx, 'UntagPolicy');
    const keys = new Set(ctx.params.list('TagKeys').map((k) => k.toLowerCase()));
    policy.tags = policy.tags.filter((t) => !keys.has(t.Key.toLowerCase()));
    return undefined;
  },

  ListPolicyTags: (ctx) => {
    const policy = namedPolicy(ctx);
    return pageXml(
      'Tags',
      paginate(policy.tags, (t) => t.Key.toLowerCase(), ctx.params),
      (t) => ({ Key: t.Key, Value: t.Value }),
    );
  },
};
