import type { CommandDef } from '.';
import type { TaggableRef } from '../aws/iamMutations';
import type { Services } from '../services';
import { askTags, connectionOf, resolveTarget, type Target } from './ops';

/** The user, role or customer managed policy to tag (IAM does not tag groups; AWS owns its policies). */
export async function taggable(services: Services, node: unknown, title: string): Promise<Target & { ref: TaggableRef }> {
  const target = await resolveTarget(services, node, ['user', 'role', 'policy'], title);
  const { entity } = target;
  if (entity.type === 'group') throw new Error('IAM groups cannot be tagged.');
  if (entity.awsManaged) throw new Error(`${entity.name} is an AWS managed policy: only AWS can tag it.`);
  return { ...target, ref: { type: entity.type, name: entity.name, arn: entity.arn } };
}

/** Re-renders the entity's item so its tooltip (tags) is fetched again. */
export function refreshEntity(services: Services, target: Target): void {
  if (target.node) services.tree.refresh(target.node);
}

/** IAM: Add Tags… — on a user, role or customer managed policy: "key=value, …"; a repeated key replaces. */
export const tagEntity: CommandDef = {
  id: 'iamExplorer.tagEntity',
  async run(services, node?: unknown) {
    const target = await taggable(services, node, 'Tag which user, role or policy?');
    const { service } = await connectionOf(services, target.profile);
    const current = (await service.getDetails(target.entity)).tags ?? [];
    const tags = await askTags(services, `Tags for ${target.ref.type} ${target.ref.name}`, current, true);
    await service.tag(target.ref, tags);
    services.log.info(`tagged ${target.ref.arn}: ${tags.map((t) => t.key).join(', ')}`);
    refreshEntity(services, target);
  },
};
