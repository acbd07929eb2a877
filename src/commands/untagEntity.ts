import type { CommandDef } from '.';
import { capitalize } from '../core/text';
import { connectionOf, report } from './ops';
import { Cancelled } from '../core/cancelled';
import { taggable } from './tagEntity';

/** IAM: Remove Tags… — a multi-select of the entity's tags. */
export const untagEntity: CommandDef = {
  id: 'iamExplorer.untagEntity',
  async run(services, node?: unknown) {
    const target = await taggable(services, node, 'Remove tags from which user, role or policy?');
    const conn = await connectionOf(services, target.profile);
    const { service } = conn;
    const current = (await service.getDetails(target.entity)).tags ?? [];
    if (current.length === 0) {
      void services.ui.showInformationMessage(`${capitalize(target.ref.type)} ${target.ref.name} has no tags.`);
      return;
    }
    const picked = await services.ui.showQuickPick(
      current.map((t) => ({ label: t.key, description: t.value })),
      { title: `Remove tags from ${target.ref.type} ${target.ref.name}`, canPickMany: true, matchOnDescription: true },
    );
    if (!picked || picked.length === 0) throw new Cancelled();
    await service.untag(
      target.ref,
      picked.map((p) => p.label),
    );
    services.log.info(`untagged ${target.ref.arn}: ${picked.map((p) => p.label).join(', ')}`);
    const removed = new Set(picked.map((p) => p.label));
    report(conn, [{ kind: 'tags', entity: target.ref, tags: current.filter((t) => !removed.has(t.key)) }]);
  },
};
