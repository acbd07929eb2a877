import type { CommandDef } from '.';
import { confirm, connectionOf, report } from './ops';
import { pickVersions } from './policyVersionTarget';

/** IAM: Set Default Policy Version — a non-default version becomes the one in force. */
export const setDefaultPolicyVersion: CommandDef = {
  id: 'iamExplorer.setDefaultPolicyVersion',
  async run(services, node?: unknown) {
    const { target, versions } = await pickVersions(services, node, undefined, {
      title: 'Set the default version of',
      many: false,
    });
    const version = versions[0];
    if (!version) return;
    await confirm(
      services,
      `Make ${version.versionId} the default version of ${target.entity.name}? Every user, group and role it is ` +
        `attached to gets its permissions at once.`,
      'Set as Default',
    );
    const conn = await connectionOf(services, target.profile);
    await conn.service.setDefaultPolicyVersion(target.entity.arn, version.versionId);
    services.log.info(`set ${version.versionId} as default version of ${target.entity.arn}`);
    report(conn, [{ kind: 'defaultVersion', policyArn: target.entity.arn, versionId: version.versionId }]);
  },
};
