import type { CommandDef } from '.';
import { keyTarget, keyUsage, refreshKeys } from './accessKeys';
import { Cancelled } from '../core/cancelled';

/** IAM: Deactivate Access Key — with a modal warning when a local profile or this session uses it. */
export const deactivateAccessKey: CommandDef = {
  id: 'iamExplorer.deactivateAccessKey',
  async run(services, arg?: unknown) {
    const target = await keyTarget(services, arg, 'Deactivate which access key?', (s) => s === 'Active');
    const usage = await keyUsage(services, target);
    if (usage.warning) {
      const choice = await services.ui.showWarningMessage(
        `Deactivate access key ${target.accessKeyId} of ${target.user.name}? ${usage.warning} (It can be ` +
          `activated again.)`,
        { modal: true },
        'Deactivate',
      );
      if (choice !== 'Deactivate') throw new Cancelled();
    }
    const { accessKeys } = await services.connections.get(target.profile);
    await accessKeys.setAccessKeyStatus(target.user.name, target.accessKeyId, 'Inactive');
    services.log.info(`deactivateAccessKey: ${target.accessKeyId} of ${target.user.name} is inactive`);
    refreshKeys(services, target.profile, target.user.name);
  },
};
