import type { CommandDef } from '.';
import { confirm, connectionOf, plural, report, runBulk, type Mutation } from './ops';
import { pickVersions } from './policyVersionTarget';

/** IAM: Delete Policy Version — non-default versions only (multi-select); IAM keeps the default. */
export const deletePolicyVersion: CommandDef = {
  id: 'iamExplorer.deletePolicyVersion',
  async run(services, node?: unknown, selection?: unknown) {
    const { target, versions } = await pickVersions(services, node, selection, {
      title: 'Delete versions of',
      many: true,
    });
    const ids = versions.map((v) => v.versionId);
    await confirm(
      services,
      `Delete ${plural(ids.length, 'version')} of ${target.entity.name}: ${ids.join(', ')}? This cannot be undone.`,
      'Delete',
    );
    const conn = await connectionOf(services, target.profile);
    const done: Mutation[] = [];
    try {
      await runBulk(
        services,
        conn.profile,
        `Deleting versions of ${target.entity.name}`,
        ids,
        (id) => id,
        async (id) => {
          await conn.service.deletePolicyVersion(target.entity.arn, id);
          services.log.info(`deleted version ${id} of ${target.entity.arn}`);
          done.push({ kind: 'versionDeleted', policyArn: target.entity.arn, versionId: id });
        },
      );
    } finally {
      report(conn, done);
    }
  },
};
