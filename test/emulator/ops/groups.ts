// Groups and their members.
import { alreadyExists, deleteConflict } from '../errors.js';
import { pathFilter, type OperationContext, type OperationTable } from '../operation.js';
import { paginate } from '../paging.js';
import { groupXml, pageXml, userXml } from '../shapes.js';
import type { GroupRecord } from '../state.js';
import { checkName, checkPath } from '../validation.js';
import { assertNoPolicies, attachedPolicyOperations, GROUP_KIND, inlinePolicyOperations } from './principals.js';

function namedGroup(ctx: OperationContext): GroupRecord {
  const name = ctx.params.required('GroupName');
  if (!ctx.state.lenientNames) checkName('GroupName', name, 128);
  return ctx.state.getGroup(name);
}

export const groupOperations: OperationTable = {
  ListGroups: (ctx) => {
    const groups = [...ctx.state.groups.values()].filter(pathFilter(ctx.params));
    return pageXml(
      'Groups',
      paginate(groups, (g) => g.name.toLowerCase(), ctx.params),
      groupXml,
    );
  },

  GetGroup: (ctx) => {
    const group = namedGroup(ctx);
    const page = paginate(group.members, (u) => u.name.toLowerCase(), ctx.params);
    return { Group: groupXml(group), ...pageXml('Users', page, (u) => userXml(u, false)) };
  },

  CreateGroup: (ctx) => {
    const name = ctx.params.required('GroupName');
    checkName('GroupName', name, 128);
    const path = checkPath(ctx.params.optional('Path'));
    if (ctx.state.groups.has(name.toLowerCase())) throw alreadyExists(`Group with name ${name} already exists.`);
    return { Group: groupXml(ctx.state.addGroup({ name, path, createDate: ctx.now() })) };
  },

  UpdateGroup: (ctx) => {
    const group = namedGroup(ctx);
    const newName = ctx.params.optional('NewGroupName');
    const newPath = ctx.params.optional('NewPath');
    if (newName !== undefined) {
      checkName('NewGroupName', newName, 128);
      const clash = ctx.state.groups.get(newName.toLowerCase());
      if (clash && clash !== group) throw alreadyExists(`Group with name ${newName} already exists.`);
    }
    if (newPath !== undefined) group.path = checkPath(newPath, 'NewPath');
    if (newName !== undefined) {
      ctx.state.groups.delete(group.name.toLowerCase());
      group.name = newName;
      ctx.state.groups.set(newName.toLowerCase(), group);
    }
    group.arn = ctx.state.arn('group', group.path, group.name);
    return undefined;
  },

  DeleteGroup: (ctx) => {
    const group = namedGroup(ctx);
    if (group.members.size > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    assertNoPolicies(group);
    ctx.state.groups.delete(group.name.toLowerCase());
    return undefined;
  },

  ...inlinePolicyOperations(GROUP_KIND),
  ...attachedPolicyOperations(GROUP_KIND),
};
