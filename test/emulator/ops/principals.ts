// Inline and attached managed policies work the same way for users, groups
// and roles; these builders make the twelve operations from one definition.
import { deleteConflict, limitExceeded, noSuchEntity } from '../errors.js';
import { pathFilter, type OperationContext, type OperationTable } from '../operation.js';
import { paginate } from '../paging.js';
import { pageXml } from '../shapes.js';
import type { GroupRecord, IamState, RoleRecord, UserRecord } from '../state.js';
import { checkName, checkPolicyDocument, LIMITS, policySize } from '../validation.js';

type Principal = UserRecord | GroupRecord | RoleRecord;
type Noun = 'User' | 'Group' | 'Role';

interface PrincipalKind {
  noun: Noun;
  resolve(state: IamState, name: string): Principal;
  inlineLimit: number;
}

export const USER_KIND: PrincipalKind = {
  noun: 'User',
  resolve: (s, n) => s.getUser(n),
  inlineLimit: LIMITS.userInlineTotal,
};
export const GROUP_KIND: PrincipalKind = {
  noun: 'Group',
  resolve: (s, n) => s.getGroup(n),
  inlineLimit: LIMITS.groupInlineTotal,
};
export const ROLE_KIND: PrincipalKind = {
  noun: 'Role',
  resolve: (s, n) => s.getRole(n),
  inlineLimit: LIMITS.roleInlineTotal,
};

const nameMaxLength = (noun: Noun): number => (noun === 'Group' ? 128 : 64);

function principalOf(ctx: OperationContext, kind: PrincipalKind): Principal {
  const member = `${kind.noun}Name`;
  const name = ctx.params.required(member);
  if (!ctx.state.lenientNames) checkName(member, name, nameMaxLength(kind.noun));
  return kind.resolve(ctx.state, name);
}

/** Put/Get/Delete/List{User,Group,Role}Policy. */
export function inlinePolicyOperations(kind: PrincipalKind): OperationTable {
  const { noun } = kind;
  const lower = noun.toLowerCase();
  const find = (entity: Principal, name: string) => {
    const policy = entity.inline.get(name.toLowerCase());
    if (!policy) throw noSuchEntity(`The ${lower} policy with name ${name} cannot be found.`);
    return policy;
  };
  return {
    [`Put${noun}Policy`]: (ctx) => {
      const entity = principalOf(ctx, kind);
      const name = ctx.params.required('PolicyName');
      checkName('PolicyName', name, 128);
      const document = ctx.params.required('PolicyDocument');
      checkPolicyDocument(document, 'identity');
      let total = policySize(document);
      for (const [key, other] of entity.inline) if (key !== name.toLowerCase()) total += policySize(other.document);
      if (total > kind.inlineLimit)
        throw limitExceeded(`Maximum policy size of ${kind.inlineLimit} bytes exceeded for ${lower} ${entity.name}`);
      entity.inline.set(name.toLowerCase(), { name, document });
      return undefined;
    },
    [`Get${noun}Policy`]: (ctx) => {
      const entity = principalOf(ctx, kind);
      const policy = find(entity, ctx.params.required('PolicyName'));
      return { [`${noun}Name`]: entity.name, PolicyName: policy.name, PolicyDocument: ctx.document(policy.document) };
    },
    [`Delete${noun}Policy`]: (ctx) => {
      const entity = principalOf(ctx, kind);
      const policy = find(entity, ctx.params.required('PolicyName'));
      entity.inline.delete(policy.name.toLowerCase());
      return undefined;
    },
    [`List${noun}Policies`]: (ctx) => {
      const entity = principalOf(ctx, kind);
      const page = paginate([...entity.inline.values()], (p) => p.name, ctx.params);
      return pageXml('PolicyNames', page, (p) => p.name);
    },
  };
}

/** Attach/Detach{User,Group,Role}Policy and ListAttached{User,Group,Role}Policies. */
export function attachedPolicyOperations(kind: PrincipalKind): OperationTable {
  const { noun } = kind;
  return {
    [`Attach${noun}Policy`]: (ctx) => {
      const entity = principalOf(ctx, kind);
      const arn = ctx.params.required('PolicyArn');
      const policy = ctx.state.policies.get(arn);
      if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
      if (!entity.attached.has(policy) && entity.attached.size >= LIMITS.attachedPerEntity) {
        throw limitExceeded(`Cannot exceed quota for PoliciesPer${noun}: ${LIMITS.attachedPerEntity}`);
      }
      ctx.state.attach(entity, policy);
      return undefined;
    },
    [`Detach${noun}Policy`]: (ctx) => {
      const entity = principalOf(ctx, kind);
      const arn = ctx.params.required('PolicyArn');
      const policy = ctx.state.policies.get(arn);
      if (!policy || !entity.attached.has(policy)) throw noSuchEntity(`Policy ${arn} was not found.`);
      ctx.state.detach(entity, policy);
      return undefined;
    },
    [`ListAttached${noun}Policies`]: (ctx) => {
      const entity = principalOf(ctx, kind);
      const page = paginate([...entity.attached].filter(pathFilter(ctx.params)), (p) => p.arn, ctx.params);
      return pageXml('AttachedPolicies', page, (p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
    },
  };
}

/** The DeleteConflict checks shared by DeleteUser, DeleteGroup and DeleteRole. */
export function assertNoPolicies(entity: Principal): void {
  if (entity.inline.size > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (entity.attached.size > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
}
