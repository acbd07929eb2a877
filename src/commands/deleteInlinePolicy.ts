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

/** IAM: Delete Inline Policy — the selected inline policies (multi-select), or picked from an entity's. */
export const deleteInlinePolicy: CommandDef = {
  id: 'iamExplorer.deleteInlinePolicy',
  async run(services, node?: unknown, selection?: unknown) {
    const selected = selectedOfKind(node, selection, 'inlinePolicy').filter((n) => n.owner.type !== 'policy');
    let profile: string;
    let items: { entity: EntityRef; name: string }[];
    if (selected[0]) {
      profile = selected[0].profile;
      items = selected.map((n) => ({ entity: ref(n.owner), name: n.policyName }));
    } else {
      const target = await resolveTarget(services, node, ['user', 'group', 'role'], 'Delete inline policies of…');
      profile = target.profile;
      const entity = ref(target.entity);
      const { service } = await connectionOf(services, profile);
      const names = await service.listInlinePolicyNames(entity);
      if (names.length === 0) {
        void services.ui.showInformationMessage(`${capitalize(entity.type)} ${entity.name} has no inline policies.`);
        return;
      }
      const picked = await services.ui.showQuickPick(
        names.map((label) => ({ label })),
        {
          title: `Delete inline policies of ${entity.type} ${entity.name}`,
          canPickMany: true,
        },
      );
      if (!picked || picked.length === 0) throw new Cancelled();
      items = picked.map((p) => ({ entity, name: p.label }));
    }
    const list = items.map((i) => `${i.name} of ${i.entity.type} ${i.entity.name}`).join('; ');
    await confirm(
      services,
      `Delete ${plural(items.length, 'inline policy', 'inline policies')}: ${list}? This cannot be undone.`,
      'Delete',
    );
    const conn = await connectionOf(services, profile);
    const { service } = conn;
    const changes: Mutation[] = [];
    try {
      await runBulk(
        services,
        conn.profile,
        'Deleting inline policies',
        items,
        (i) => `${i.name} of ${i.entity.name}`,
        async (i) => {
          await service.deleteInlinePolicy(i.entity, i.name);
          services.log.info(`deleted inline policy ${i.name} of ${i.entity.type} ${i.entity.name}`);
          changes.push({ kind: 'inline', entity: i.entity, policyName: i.name });
        },
      );
    } finally {
      report(conn, changes);
    }
  },
};
