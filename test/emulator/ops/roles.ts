// Roles, their trust policies, tags and instance profiles.
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity } from '../errors.js';
import { pathFilter, type OperationContext, type OperationTable } from '../operation.js';
import { paginate } from '../paging.js';
import { instanceProfileXml, pageXml, roleXml } from '../shapes.js';
import type { InstanceProfileRecord, RoleRecord } from '../state.js';
import {
  checkDescription,
  checkMaxSessionDuration,
  checkName,
  checkPath,
  checkTags,
  checkTrustPolicyDocument,
  LIMITS,
  MAX_TAGS,
  mergeTags,
} from '../validation.js';
import { assertNoPolicies, attachedPolicyOperations, inlinePolicyOperations, ROLE_KIND } from './principals.js';

function namedRole(ctx: OperationContext): RoleRecord {
  const name = ctx.params.required('RoleName');
  if (!ctx.state.lenientNames) checkName('RoleName', name, 64);
  return ctx.state.getRole(name);
}

function namedProfile(ctx: OperationContext): InstanceProfileRecord {
  const name = ctx.params.required('InstanceProfileName');
  checkName('InstanceProfileName', name, 128);
  return ctx.state.getInstanceProfile(name);
}

export const roleOperations: OperationTable = {
  ListRoles: (ctx) => {
    const roles = [...ctx.state.roles.values()].filter(pathFilter(ctx.params));
    return pageXml(
      'Roles',
      paginate(roles, (r) => r.name.toLowerCase(), ctx.params),
      (r) => roleXml(ctx, r, false),
    );
  },

  GetRole: (ctx) => ({ Role: roleXml(ctx, namedRole(ctx), true) }),

  CreateRole: (ctx) => {
    const name = ctx.params.required('RoleName');
    checkName('RoleName', name, 64);
    const path = checkPath(ctx.params.optional('Path'));
    const trustPolicy = ctx.params.required('AssumeRolePolicyDocument');
    checkTrustPolicyDocument(trustPolicy);
    const description = ctx.params.optional('Description');
    checkDescription(description);
    const maxSessionDuration = ctx.params.optionalInt('MaxSessionDuration');
    checkMaxSessionDuration(maxSessionDuration);
    const tags = ctx.params.tags();
    checkTags(tags);
    if (tags.length > MAX_TAGS) throw limitExceeded(`The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
    const boundaryArn = ctx.params.optional('PermissionsBoundary');
    const boundary = boundaryArn === undefined ? undefined : ctx.state.policies.get(boundaryArn);
    if (boundaryArn !== undefined && !boundary)
      throw noSuchEntity(`Scope ARN: ${boundaryArn} does not exist or is not attachable.`);
    if (ctx.state.roles.has(name.toLowerCase())) throw alreadyExists(`Role with name ${name} already exists.`);
    const role = ctx.state.addRole({
      name,
      path,
      trustPolicy,
      description,
      maxSessionDuration,
      tags,
      createDate: ctx.now(),
    });
    role.permissionsBoundary = boundary;
    return { Role: roleXml(ctx, role, true) };
  },

  UpdateRole: (ctx) => {
    const role = namedRole(ctx);
    const description = ctx.params.optional('Description');
    checkDescription(description);
    const maxSessionDuration = ctx.params.optionalInt('MaxSessionDuration');
    checkMaxSessionDuration(maxSessionDuration);
    if (description !== undefined) role.description = description;
    if (maxSessionDuration !== undefined) role.maxSessionDuration = maxSessionDuration;
    return {};
  },

  UpdateRoleDescription: (ctx) => {
    const role = namedRole(ctx);
    const description = ctx.params.required('Description');
    checkDescription(description);
    role.description = description;
    return { Role: roleXml(ctx, role, true) };
  },

  UpdateAssumeRolePolicy: (ctx) => {
    const role = namedRole(ctx);
    const document = ctx.params.required('PolicyDocument');
    checkTrustPolicyDocument(document);
    role.trustPolicy = document;
    return undefined;
  },

  DeleteRole: (ctx) => {
    const role = namedRole(ctx);
    if (role.instanceProfiles.size > 0)
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    assertNoPolicies(role);
    ctx.state.roles.delete(role.name.toLowerCase());
    return undefined;
  },

  TagRole: (ctx) => {
    const role = namedRole(ctx);
    role.tags = mergeTags(role.tags, ctx.params.tags());
    return undefined;
  },

  UntagRole: (ctx) => {
    const role = namedRole(ctx);
    const keys = new Set(ctx.params.list('TagKeys').map((k) => k.toLowerCase()));
    role.tags = role.tags.filter((t) => !keys.has(t.Key.toLowerCase()));
    return undefined;
  },

  ListRoleTags: (ctx) => {
    const role = namedRole(ctx);
    return pageXml(
      'Tags',
      paginate(role.tags, (t) => t.Key.toLowerCase(), ctx.params),
      (t) => ({ Key: t.Key, Value: t.Value }),
    );
  },

  ListInstanceProfilesForRole: (ctx) => {
    const role = namedRole(ctx);
    const page = paginate(role.instanceProfiles, (p) => p.name.toLowerCase(), ctx.params);
    return pageXml('InstanceProfiles', page, (p) => instanceProfileXml(ctx, p));
  },

  ListInstanceProfiles: (ctx) => {
    const profiles = [...ctx.state.instanceProfiles.values()].filter(pathFilter(ctx.params));
    const page = paginate(profiles, (p) => p.name.toLowerCase(), ctx.params);
    return pageXml('InstanceProfiles', page, (p) => instanceProfileXml(ctx, p));
  },

  GetInstanceProfile: (ctx) => ({ InstanceProfile: instanceProfileXml(ctx, namedProfile(ctx)) }),

  CreateInstanceProfile: (ctx) => {
    const name = ctx.params.required('InstanceProfileName');
    checkName('InstanceProfileName', name, 128);
    const path = checkPath(ctx.params.optional('Path'));
    const tags = ctx.params.tags();
    checkTags(tags);
    if (ctx.state.instanceProfiles.has(name.toLowerCase()))
      throw alreadyExists(`Instance Profile ${name} already exists.`);
    const profile = ctx.state.addInstanceProfile({ name, path, tags, createDate: ctx.now() });
    return { InstanceProfile: instanceProfileXml(ctx, profile) };
  },

  AddRoleToInstanceProfile: (ctx) => {
    const profile = namedProfile(ctx);
    const role = namedRole(ctx);
    if (profile.roles.has(role))
      throw alreadyExists(
        `The role with name ${role.name} is already associated with instance profile ${profile.name}.`,
      );
    if (profile.roles.size >= LIMITS.rolesPerInstanceProfile) {
      throw limitExceeded(
        `Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${LIMITS.rolesPerInstanceProfile}`,
      );
    }
    profile.roles.add(role);
    role.instanceProfiles.add(profile);
    return undefined;
  },

  RemoveRoleFromInstanceProfile: (ctx) => {
    const profile = namedProfile(ctx);
    const role = namedRole(ctx);
    if (!profile.roles.has(role))
      throw noSuchEntity(`The role with name ${role.name} cannot be found in instance profile ${profile.name}.`);
    profile.roles.delete(role);
    role.instanceProfiles.delete(profile);
    return undefined;
  },

  DeleteInstanceProfile: (ctx) => {
    const profile = namedProfile(ctx);
    if (profile.roles.size > 0)
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    ctx.state.instanceProfiles.delete(profile.name.toLowerCase());
    return undefined;
  },

  ...inlinePolicyOperations(ROLE_KIND),
  ...attachedPolicyOperations(ROLE_KIND),
};
