import type * as vscode from 'vscode';
import type { CommandDef } from '.';
import type { Connection } from '../aws/connections';
import { Limiter } from '../core/iam/paging';
import { checkAttachQuota } from '../core/iam/rules';
import type { Entity, EntityRef } from '../core/iam/model';
import type { Services } from '../services';
import type { EntityNode } from '../tree/nodes';
import { entityNodes } from './pickers';
import { connectionOf, plural, ref, report, resolveTarget, selectedEntities, runBulk, type Mutation } from './ops';
import { Cancelled } from '../core/cancelled';

export interface PickedPolicy {
  readonly name: string;
  readonly arn: string;
}

const QUOTA_KEY = {
  user: 'AttachedPoliciesPerUserQuota',
  group: 'AttachedPoliciesPerGroupQuota',
  role: 'AttachedPoliciesPerRoleQuota',
} as const;

export type PolicyItem = vscode.QuickPickItem & PickedPolicy;

/**
 * The items of a managed policy pick: customer managed ones first, with their descriptions
 * (IAM's List call leaves those out: read with GetPolicy), then AWS managed. `exclude`: ARNs
 * already attached.
 */
export async function managedPolicyItems(conn: Connection, exclude: readonly string[]): Promise<PolicyItem[]> {
  const [local, aws] = await Promise.all([conn.model.list('policies'), conn.model.list('awsPolicies')]);
  const limiter = new Limiter(8);
  const detailed = await Promise.all(local.map((p) => limiter.run(() => conn.service.getDetails(p).catch(() => p))));
  const item = (p: Entity, kind: string): PolicyItem => ({
    label: p.name,
    description: [kind, p.path !== '/' ? p.path : undefined].filter(Boolean).join(' · '),
    detail: p.description,
    name: p.name,
    arn: p.arn,
  });
  return [
    ...detailed.filter((p) => !exclude.includes(p.arn)).map((p) => item(p, 'customer managed')),
    ...aws.filter((p) => !exclude.includes(p.arn)).map((p) => item(p, 'AWS managed')),
  ];
}

/** A searchable multi-select over managedPolicyItems. */
export async function pickManagedPolicies(
  services: Services,
  conn: Connection,
  exclude: readonly string[],
  title: string,
  optional = false,
): Promise<PickedPolicy[]> {
  const items = managedPolicyItems(conn, exclude);
  const picked = await services.ui.showQuickPick(items, {
    title,
    placeHolder: 'Type to search names, paths and descriptions; select one or more',
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) throw new Cancelled();
  if (picked.length === 0 && !optional) throw new Cancelled();
  return picked.map((p) => ({ name: p.name, arn: p.arn }));
}

/** Attaches, after checking IAM's per-entity quota (read live from GetAccountSummary). */
async function attachAll(
  services: Services,
  conn: Connection,
  pairs: { entity: EntityRef; policy: PickedPolicy }[],
): Promise<void> {
  const summary = await conn.service.accountSummary().catch(() => ({}) as Record<string, number>);
  const byEntity = new Map<string, { entity: EntityRef; adding: number }>();
  for (const p of pairs) {
    const key = `${p.entity.type}/${p.entity.name}`;
    const e = byEntity.get(key) ?? { entity: p.entity, adding: 0 };
    e.adding++;
    byEntity.set(key, e);
  }
  for (const { entity, adding } of byEntity.values()) {
    const attached = (await conn.service.listAttachedPolicies(entity)).length;
    const problem = checkAttachQuota(entity, attached, adding, summary[QUOTA_KEY[entity.type]] ?? 10);
    if (problem) throw new Error(problem);
  }
  const changes: Mutation[] = [];
  try {
    await runBulk(
      services,
      conn.profile,
      'Attaching policies',
      pairs,
      ({ entity, policy }) => `${policy.name} to ${entity.type} ${entity.name}`,
      async ({ entity, policy }) => {
        await conn.service.attachPolicy(entity, policy.arn);
        services.log.info(`attached ${policy.arn} to ${entity.type} ${entity.name}`);
        changes.push({ kind: 'attachment', entity, policyArn: policy.arn, attached: true });
      },
    );
  } finally {
    report(conn, changes);
  }
}

/**
 * IAM: Attach Policy… — on users, groups or roles (multi-select): pick managed policies.
 * On a managed policy: pick the users, groups and roles to attach it to.
 */
export const attachPolicy: CommandDef = {
  id: 'iamExplorer.attachPolicy',
  async run(services, node?: unknown, selection?: unknown) {
    const policyNodes = selectedEntities(node, selection, ['policy']);
    if (policyNodes?.[0]) {
      const policy = policyNodes[0].entity;
      const { profile } = policyNodes[0];
      const conn = await connectionOf(services, profile);
      const current = await conn.service.listEntitiesForPolicy(policy.arn);
      const taken = new Set([
        ...current.users.map((n) => `user/${n}`),
        ...current.groups.map((n) => `group/${n}`),
        ...current.roles.map((n) => `role/${n}`),
      ]);
      const candidates = (await entityNodes(services, profile, ['user', 'group', 'role'])).filter(
        (n) => !taken.has(`${n.entity.type}/${n.entity.name}`),
      );
      const picked = await services.ui.showQuickPick(
        candidates.map((n) => ({ label: n.entity.name, description: n.entity.type, detail: n.entity.arn, node: n })),
        {
          title: `Attach ${policy.name} to…`,
          canPickMany: true,
          matchOnDescription: true,
          placeHolder: 'Users, groups and roles',
        },
      );
      if (!picked || picked.length === 0) throw new Cancelled();
      await attachAll(
        services,
        conn,
        picked.map((p) => ({ entity: ref(p.node.entity), policy })),
      );
      return;
    }
    const selected: EntityNode[] | undefined = selectedEntities(node, selection, ['user', 'group', 'role']);
    const targets = selected?.map((n) => ({ profile: n.profile, entity: n.entity })) ?? [
      await resolveTarget(services, node, ['user', 'group', 'role'], 'Attach managed policies to…'),
    ];
    const profile = targets[0]?.profile ?? '';
    const conn = await connectionOf(services, profile);
    const exclude =
      targets.length === 1 && targets[0]
        ? (await conn.service.listAttachedPolicies(ref(targets[0].entity))).map((p) => p.arn)
        : [];
    const what =
      targets.length === 1
        ? `${targets[0]?.entity.type} ${targets[0]?.entity.name}`
        : plural(targets.length, 'entity', 'entities');
    const policies = await pickManagedPolicies(services, conn, exclude, `Attach managed policies to ${what}`);
    await attachAll(
      services,
      conn,
      targets.flatMap((t) => policies.map((policy) => ({ entity: ref(t.entity), policy }))),
    );
  },
};
