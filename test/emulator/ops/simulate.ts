// SimulatePrincipalPolicy and SimulateCustomPolicy, answered by the project's own evaluation
// engine (src/core/eval). They exist to test the wiring of "Compare with IAM's simulator":
// against this emulator the comparison is the engine with itself, so it cannot find
// disagreements; against AWS it can. Like IAM's simulator: no wildcard actions, one
// boundary, no session policies or RCPs; a user's group policies count.
import {
  evaluate,
  EvalInputError,
  type ContextValue,
  type EvalInput,
  type MatchedStatement,
} from '../../../src/core/eval/index.js';
import { invalidInput, noSuchEntity } from '../errors.js';
import type { OperationContext, OperationTable } from '../operation.js';
import type { GroupRecord, PolicyRecord, RoleRecord, UserRecord } from '../state.js';
import type { XmlValue } from '../xml.js';

interface Source {
  id: string;
  type: 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';
  text: string;
}

function managedSource(ctx: OperationContext, p: PolicyRecord): Source {
  return {
    id: p.name,
    type: p.awsManaged ? 'aws-managed' : 'user-managed',
    text: ctx.state.defaultVersion(p).document,
  };
}

/** A principal's identity policies in IAM's order: own inline, own managed, then each group's. */
function identitySources(ctx: OperationContext, entity: UserRecord | GroupRecord | RoleRecord): Source[] {
  const own = (e: UserRecord | GroupRecord | RoleRecord): Source[] => [
    ...[...e.inline.values()].map((p): Source => ({ id: p.name, type: e.kind, text: p.document })),
    ...[...e.attached].map((p) => managedSource(ctx, p)),
  ];
  return entity.kind === 'user' ? [...own(entity), ...[...entity.groups].flatMap(own)] : own(entity);
}

function findEntity(ctx: OperationContext, arn: string): UserRecord | GroupRecord | RoleRecord {
  const m = /^arn:aws:iam::\d{12}:(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  const name = m?.[2]?.toLowerCase() ?? '';
  const entity =
    m?.[1] === 'user'
      ? ctx.state.users.get(name)
      : m?.[1] === 'group'
        ? ctx.state.groups.get(name)
        : m?.[1] === 'role'
          ? ctx.state.roles.get(name)
          : undefined;
  if (!entity || entity.arn !== arn) throw noSuchEntity(`The entity ${arn} cannot be found.`);
  return entity;
}

function context(ctx: OperationContext): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (let i = 1; ; i++) {
    const key = ctx.params.optional(`ContextEntries.member.${i}.ContextKeyName`);
    if (key === undefined) return out;
    const type = ctx.params.optional(`ContextEntries.member.${i}.ContextKeyType`) ?? 'string';
    const values = ctx.params.list(`ContextEntries.member.${i}.ContextKeyValues`);
    out[key] = type.endsWith('List') ? values : (values[0] ?? '');
  }
}

function simulate(
  ctx: OperationContext,
  identity: Source[],
  boundary: Source | undefined,
  principal: string,
): OperationResultShape {
  const actions = ctx.params.list('ActionNames');
  if (!actions.length) throw invalidInput('ActionNames must name at least one action.');
  if (actions.some((a) => a.includes('*') || a.includes('?')))
    throw invalidInput('ActionNames may not contain wildcards.');
  const resources = ctx.params.list('ResourceArns');
  const resourcePolicy = ctx.params.optional('ResourcePolicy');
  const owner = ctx.params.optional('ResourceOwner');
  const caller = ctx.params.optional('CallerArn') ?? principal;
  const contextEntries = context(ctx);
  const sourceOf = (m: MatchedStatement): Source | undefined =>
    m.layer === 'identity'
      ? identity[m.policy]
      : m.layer === 'boundary'
        ? boundary
        : m.layer === 'resource' && resourcePolicy
          ? { id: 'ResourcePolicy', type: 'resource', text: resourcePolicy }
          : undefined;
  const results: XmlValue[] = [];
  for (const action of actions) {
    for (const resource of resources.length ? resources : ['*']) {
      const input: EvalInput = {
        identityPolicies: identity.map((s) => s.text),
        permissionsBoundary: boundary?.text ?? null,
        resourcePolicy: resourcePolicy ?? null,
        request: {
          principal: caller,
          action,
          resource,
          context: contextEntries,
          ...(owner ? { resourceAccount: owner } : {}),
        },
      };
      let r;
      try {
        r = evaluate(input);
      } catch (err) {
        if (err instanceof EvalInputError) throw invalidInput(`A policy could not be read: ${err.message}`);
        throw err;
      }
      const matched = (
        r.decision === 'allowed' ? r.explain.deciding : r.explain.matched.filter((m) => m.effect === 'Deny')
      ).flatMap((m) => {
        const s = sourceOf(m);
        return s
          ? [
              {
                SourcePolicyId: s.id,
                SourcePolicyType: s.type,
                ...(m.position ? { StartPosition: { Line: m.position.line, Column: m.position.column } } : {}),
              },
            ]
          : [];
      });
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: r.decision,
        MatchedStatements: matched,
        MissingContextValues: r.explain.missingContextKeys,
        ...(boundary
          ? {
              PermissionsBoundaryDecisionDetail: {
                AllowedByPermissionsBoundary: r.explain.matched.some(
                  (m) => m.layer === 'boundary' && m.effect === 'Allow',
                ),
              },
            }
          : {}),
      });
    }
  }
  return { EvaluationResults: results, IsTruncated: false };
}

type OperationResultShape = { [member: string]: XmlValue };

export const simulateOperations: OperationTable = {
  SimulatePrincipalPolicy: (ctx) => {
    const entity = findEntity(ctx, ctx.params.required('PolicySourceArn'));
    const extra = ctx.params
      .list('PolicyInputList')
      .map((text, i): Source => ({ id: `PolicyInputList.${i + 1}`, type: 'none', text }));
    const boundaryInput = ctx.params.list('PermissionsBoundaryPolicyInputList')[0];
    const entityBoundary = entity.kind !== 'group' ? entity.permissionsBoundary : undefined;
    const boundary =
      boundaryInput !== undefined
        ? { id: 'PermissionsBoundaryPolicyInputList.1', type: 'none' as const, text: boundaryInput }
        : entityBoundary
          ? managedSource(ctx, entityBoundary)
          : undefined;
    return simulate(
      ctx,
      [...identitySources(ctx, entity), ...extra],
      boundary,
      entity.kind === 'group' ? `arn:aws:iam::${ctx.state.accountId}:user/simulated` : entity.arn,
    );
  },
  SimulateCustomPolicy: (ctx) => {
    const policies = ctx.params.list('PolicyInputList');
    if (!policies.length) throw invalidInput('PolicyInputList must hold at least one policy.');
    const boundaryInput = ctx.params.list('PermissionsBoundaryPolicyInputList')[0];
    return simulate(
      ctx,
      policies.map((text, i) => ({ id: `PolicyInputList.${i + 1}`, type: 'none', text })),
      boundaryInput !== undefined
        ? { id: 'PermissionsBoundaryPolicyInputList.1', type: 'none', text: boundaryInput }
        : undefined,
      `arn:aws:iam::${ctx.state.accountId}:user/simulated`,
    );
  },
};
