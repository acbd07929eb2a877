import type { CommandDef } from '.';
import { keyTarget, keyUsage, refreshKeys } from './accessKeys';
import { Cancelled } from '../core/cancelled';

/** IAM: Delete Access Key — always modal; says what stops working, and that it cannot be undone. */
export const deleteAccessKey: CommandDef = {
  id: 'iamExplorer.deleteAccessKey',
  async run(services, arg?: unknown) {
    const target = await keyTarget(services, arg, 'Delete which access key?');
    const usage = await keyUsage(services, target);
    const active =
      target.status === 'Active'
        ? ' The key is active: deactivating it first, and deleting it once nothing broke, is safer.'
        : '';
    const choice = await services.ui.showWarningMessage(
      `Delete access key ${target.accessKeyId} of ${target.user.name}? This cannot be undone.` +
        `${usage.warning ? ` ${usage.warning}` : ''}${active}`,
      { modal: true },
      'Delete',
    );
    if (choice !== 'Delete') throw new Cancelled();
    const { accessKeys } = await services.connections.get(target.profile);
    await accessKeys.deleteAccessKey(target.user.name, target.accessKeyId);
    services.log.info(`deleteAccessKey: deleted ${target.accessKeyId} of ${target.user.name}`);
    refreshKeys(services, target.profile, target.user.name);
  },
};
