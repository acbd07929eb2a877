import type { CommandDef } from '.';
import { keyTarget, refreshKeys } from './accessKeys';

/** IAM: Activate Access Key. */
export const activateAccessKey: CommandDef = {
  id: 'iamExplorer.activateAccessKey',
  async run(services, arg?: unknown) {
    const target = await keyTarget(services, arg, 'Activate which access key?', (s) => s === 'Inactive');
    const { accessKeys } = await services.connections.get(target.profile);
    await accessKeys.setAccessKeyStatus(target.user.name, target.accessKeyId, 'Active');
    services.log.info(`activateAccessKey: ${target.accessKeyId} of ${target.user.name} is active`);
    refreshKeys(services, target.profile, target.user.name);
  },
};
