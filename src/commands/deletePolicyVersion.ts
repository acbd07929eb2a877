import type { CommandDef } from '.';
import { confirm, connectionOf, plural, refreshChanged, withProgress } from './ops';
import { pickVersions } from './policyVersionTarget';

/** IAM: Delete Policy Version — non-default versions only (multi-select); IAM keeps the default. */
export const deletePolicyVersion: CommandDef = {
  id: 'iamExplorer.deletePolicyVersion',
  async run(services, node?: unknown, selection?: unknown) {
    const { target, versions } = await pickVersions(services, node, selection, { title: 'Delete versions of', many: true });
    const ids = versions.map((v) => v.versionId);
    await confirm(services, `Delete ${plural(ids.length, 'version')} of ${target.entity.name}: ${ids.join(', ')}? This cannot be undone.`, 'Delete');
    const { service } = await connectionOf(services, target.profile);
    try {
      await withProgress(`Deleting versions of ${target.entity.name}`, async (report) => {
        for (const id of ids) {
          report(id);
          await service.deletePolicyVersion(target.entity.arn, id);
          services.log.info(`deleted version ${id} of ${target.entity.arn}`);
        }
      });
    } finally {
      refreshChanged(services, target.profile, [{ kind: 'versions', policyArn: target.entity.arn }]);
    }
  },
};
