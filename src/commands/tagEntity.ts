import type { CommandDef } from '.';
import type { TaggableRef } from '../aws/iamMutations';
import type { Services } from '../services';
import { askTags, connectionOf, report, resolveTarget, type Target } from './ops';

/** The user, role or customer managed policy to tag (IAM does not tag groups; AWS owns its policies). */
export async function taggable(
  services: Services,
  node: unknown,
  title: string,
): Promise<Target & { ref: TaggableRef }> {
  const target = await resolveTarget(services, node, ['user', 'role', 'policy'], title);
  const { entity } = target;
  if (entity.type === 'group') throw new Error('IAM groups cannot be tagged.');
  if (entity.awsManaged) throw new Error(`${entity.name} is an AWS managed policy: only AWS can tag it.`);
  return { ...target, ref: { type: entity.type, name: entity.name, arn: entity.arn } };
}

/** IAM: Add Tags… — on a user, role or customer managed policy: "key=value, …"; a repeated key replaces. */
export const tagEntity: CommandDef = {
  id: 'iamExplorer.tagEntity',
  async run(services, node?: unknown) {
    const target = await taggable(services, node, 'Tag which user, role or policy?');
    const conn = await connectionOf(services, target.profile);
    const { service } = conn;
    const current = (await service.getDetails(target.entity)).tags ?? [];
    const tags = await askTags(services, `Tags for ${target.ref.type} ${target.ref.name}`, current, true);
    await service.tag(target.ref, tags);
    services.log.info(`tagged ${target.ref.arn}: ${tags.map((t) => t.key).join(', ')}`);
    // TagUser/TagRole/TagPolicy add or replace the keys given and keep the others.
    const given = new Set(tags.map((t) => t.key));
    report(conn, [{ kind: 'tags', entity: target.ref, tags: [...current.filter((t) => !given.has(t.key)), ...tags] }]);
  },
};
