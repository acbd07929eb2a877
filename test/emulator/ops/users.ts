// Users, group membership and user tags.
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity, validation } from '../errors.js';
import { pathFilter, type OperationContext, type OperationTable } from '../operation.js';
import { paginate } from '../paging.js';
import { groupXml, pageXml, userXml } from '../shapes.js';
import type { UserRecord } from '../state.js';
import { checkName, checkPath, checkTags, LIMITS, MAX_TAGS, mergeTags } from '../validation.js';
import { assertNoPolicies, attachedPolicyOperations, inlinePolicyOperations, USER_KIND } from './principals.js';

/** The named user, or the caller when UserName is absent (GetUser, CreateAccessKey, ...). */
export function userOrCaller(ctx: OperationContext): UserRecord {
  const name = ctx.params.optional('UserName');
  if (name !== undefined) {
    if (!ctx.state.lenientNames) checkName('UserName', name, 64);
    return ctx.state.getUser(name);
  }
  if (ctx.caller.kind !== 'user') throw validation('Must specify userName when calling with non-User credentials');
  return ctx.caller.user;
}

export function namedUser(ctx: OperationContext): UserRecord {
  const name = ctx.params.required('UserName');
  if (!ctx.state.lenientNames) checkName('UserName', name, 64);
  return ctx.state.getUser(name);
}

function checkNewTags(ctx: OperationContext) {
  const tags = ctx.params.tags();
  checkTags(tags);
  if (tags.length > MAX_TAGS) throw limitExceeded(`The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
  return tags;
}

function boundary(ctx: OperationContext) {
  const arn = ctx.params.optional('PermissionsBoundary');
  if (arn === undefined) return undefined;
  const policy = ctx.state.policies.get(arn);
  if (!policy) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  return policy;
}

export const userOperations: OperationTable = {
  ListUsers: (ctx) => {
    const users = [...ctx.state.users.values()].filter(pathFilter(ctx.params));
    return pageXml(
      'Users',
      paginate(users, (u) => u.name.toLowerCase(), ctx.params),
      (u) => userXml(u, false),
    );
  },

  GetUser: (ctx) => ({ User: userXml(userOrCaller(ctx), true) }),

  CreateUser: (ctx) => {
    const name = ctx.params.required('UserName');
    checkName('UserName', name, 64);
    const path = checkPath(ctx.params.optional('Path'));
    const tags = checkNewTags(ctx);
    const permissionsBoundary = boundary(ctx);
    if (ctx.state.users.has(name.toLowerCase())) throw alreadyExists(`User with name ${name} already exists.`);
    const user = ctx.state.addUser({ name, path, tags, createDate: ctx.now() });
    user.permissionsBoundary = permissionsBoundary;
    return { User: userXml(user, true) };
  },

  UpdateUser: (ctx) => {
    const user = namedUser(ctx);
    const newName = ctx.params.optional('NewUserName');
    const newPath = ctx.params.optional('NewPath');
    if (newName !== undefined) {
      checkName('NewUserName', newName, 64);
      const clash = ctx.state.users.get(newName.toLowerCase());
      if (clash && clash !== user) throw alreadyExists(`User with name ${newName} already exists.`);
    }
    if (newPath !== undefined) user.path = checkPath(newPath, 'NewPath');
    if (newName !== undefined) {
      ctx.state.users.delete(user.name.toLowerCase());
      user.name = newName;
      ctx.state.users.set(newName.toLowerCase(), user);
    }
    user.arn = ctx.state.arn('user', user.path, user.name);
    return undefined;
  },

  DeleteUser: (ctx) => {
    const user = namedUser(ctx);
    if (user.loginProfile) throw deleteConflict('Cannot delete entity, must delete login profile first.');
    if (user.accessKeys.length > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
    if (user.signingCertificates.length > 0)
      throw deleteConflict('Cannot delete entity, must delete signing certificates first.');
    if (user.sshPublicKeys.length > 0) throw deleteConflict('Cannot delete entity, must delete SSH public keys first.');
    if (user.serviceSpecificCredentials.length > 0) {
      throw deleteConflict('Cannot delete entity, must delete service specific credentials first.');
    }
    if (user.mfaDevices.length > 0) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
    assertNoPolicies(user);
    if (user.groups.size > 0) throw deleteConflict('Cannot delete entity, must remove user from all groups first.');
    ctx.state.users.delete(user.name.toLowerCase());
    return undefined;
  },

  AddUserToGroup: (ctx) => {
    const group = ctx.state.getGroup(ctx.params.required('GroupName'));
    const user = namedUser(ctx);
    if (!user.groups.has(group) && user.groups.size >= LIMITS.groupsPerUser) {
      throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${LIMITS.groupsPerUser}`);
    }
    ctx.state.addToGroup(user, group);
    return undefined;
  },

  RemoveUserFromGroup: (ctx) => {
    const group = ctx.state.getGroup(ctx.params.required('GroupName'));
    const user = namedUser(ctx);
    if (!group.members.has(user))
      throw noSuchEntity(`The user with name ${user.name} cannot be found in group ${group.name}.`);
    ctx.state.removeFromGroup(user, group);
    return undefined;
  },

  ListGroupsForUser: (ctx) => {
    const user = namedUser(ctx);
    return pageXml(
      'Groups',
      paginate(user.groups, (g) => g.name.toLowerCase(), ctx.params),
      groupXml,
    );
  },

  TagUser: (ctx) => {
    const user = namedUser(ctx);
    user.tags = mergeTags(user.tags, ctx.params.tags());
    return undefined;
  },

  UntagUser: (ctx) => {
    const user = namedUser(ctx);
    const keys = new Set(ctx.params.list('TagKeys').map((k) => k.toLowerCase()));
    user.tags = user.tags.filter((t) => !keys.has(t.Key.toLowerCase()));
    return undefined;
  },

  ListUserTags: (ctx) => {
    const user = namedUser(ctx);
    return pageXml(
      'Tags',
      paginate(user.tags, (t) => t.Key.toLowerCase(), ctx.params),
      (t) => ({ Key: t.Key, Value: t.Value }),
    );
  },

  ...inlinePolicyOperations(USER_KIND),
  ...attachedPolicyOperations(USER_KIND),
};
