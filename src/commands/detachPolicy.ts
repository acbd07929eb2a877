import type { CommandDef } from '.';
import { capitalize } from '../core/text';
import type { EntityRef } from '../core/iam/model';
import {
  confirm,
  connectionOf,
  plural,
  ref,
  report,
  resolveTarget,
  selectedOfKind,
  runBulk,
  type Mutation,
} from './ops';
import { Cancelled } from '../core/cancelled';

/**
 * IAM: Detach Policy… — the selected attached policies (multi-select), the entities selected
 * under a policy's "Attached To", or policies picked from an entity's attached ones.
 */
export const detachPolicy: CommandDef = {
  id: 'iamExplorer.detachPolicy',
  async run(services, node?: unknown, selection?: unknown) {
    let profile: string;
    let pairs: { entity: EntityRef; arn: string; name: string }[];
    const attached = selectedOfKind(node, selection, 'attachedPolicy').filter((n) => n.owner.type !== 'policy');
    const refs = selectedOfKind(node, selection, 'reference').filter(
      (n) => n.parent?.kind === 'subfolder' && n.parent.sub === 'attachedTo',
    );
    if (attached.length) {
      profile = attached[0]?.profile ?? '';
      pairs = attached.map((n) => ({ entity: ref(n.owner), arn: n.policy.arn, name: n.policy.name }));
    } else if (refs.length) {
      profile = refs[0]?.profile ?? '';
      pairs = refs.flatMap((n) =>
        n.parent?.kind === 'subfolder'
          ? [{ entity: { type: n.refType, name: n.name }, arn: n.parent.owner.arn, name: n.parent.owner.name }]
          : [],
      );
    } else {
      const target = await resolveTarget(services, node, ['user', 'group', 'role'], 'Detach managed policies from…');
      profile = target.profile;
      const entity = ref(target.entity);
      const { service } = await connectionOf(services, profile);
      const current = await service.listAttachedPolicies(entity);
      if (current.length === 0) {
        void services.ui.showInformationMessage(
          `${capitalize(entity.type)} ${entity.name} has no managed policies attached.`,
        );
        return;
      }
      const picked = await services.ui.showQuickPick(
        current.map((p) => ({ label: p.name, detail: p.arn, policy: p })),
        { title: `Detach managed policies from ${entity.type} ${entity.name}`, canPickMany: true, matchOnDetail: true },
      );
      if (!picked || picked.length === 0) throw new Cancelled();
      pairs = picked.map((p) => ({ entity, arn: p.policy.arn, name: p.policy.name }));
    }
    const list = pairs.map((p) => `${p.name} from ${p.entity.type} ${p.entity.name}`).join('; ');
    await confirm(
      services,
      `Detach ${plural(pairs.length, 'managed policy', 'managed policies')}: ${list}? Permissions they grant ` +
        `stop at once.`,
      'Detach',
    );
    const conn = await connectionOf(services, profile);
    const { service } = conn;
    const changes: Mutation[] = [];
    try {
      await runBulk(
        services,
        conn.profile,
        'Detaching policies',
        pairs,
        (p) => `${p.name} from ${p.entity.type} ${p.entity.name}`,
        async (p) => {
          await service.detachPolicy(p.entity, p.arn);
          services.log.info(`detached ${p.arn} from ${p.entity.type} ${p.entity.name}`);
          changes.push({ kind: 'attachment', entity: p.entity, policyArn: p.arn, attached: false });
        },
      );
    } finally {
      report(conn, changes);
    }
  },
};
