import type { CommandDef } from '.';
import { discardBackup } from '../core/credentials';
import { ACCESS_KEYS_PER_USER, type Delivery } from '../core/rotation';
import { refreshKeys, deliverSecret, keyUsage, userTarget } from './accessKeys';
import { Cancelled } from '../core/cancelled';

/**
 * IAM: Create Access Key — for a user (right-click, or picked). Checks the two-key quota
 * first (a third CreateAccessKey fails with LimitExceeded, which the SDK retries for
 * seconds) and offers to delete an inactive key; then asks where the secret goes.
 */
export const createAccessKey: CommandDef = {
  id: 'iamExplorer.createAccessKey',
  async run(services, arg?: unknown) {
    const { profile, entity: user } = await userTarget(services, arg);
    const { accessKeys } = await services.connections.get(profile);
    const keys = await accessKeys.listAccessKeys(user.name);
    if (keys.length >= ACCESS_KEYS_PER_USER) {
      const inactive = keys.find((k) => k.status === 'Inactive');
      if (!inactive) {
        throw new Error(
          `User ${user.name} already has two active access keys (${keys.map((k) => k.accessKeyId).join(', ')}); ` +
            `IAM allows two. Deactivate and delete one first, or rotate one instead.`,
        );
      }
      const usage = await keyUsage(services, {
        profile,
        user,
        accessKeyId: inactive.accessKeyId,
        status: inactive.status,
      });
      const choice = await services.ui.showWarningMessage(
        `User ${user.name} already has two access keys. Delete the inactive key ${inactive.accessKeyId} to make ` +
          `room? It cannot be restored.${usage.warning ? ` ${usage.warning}` : ''}`,
        { modal: true },
        'Delete and Create',
      );
      if (choice !== 'Delete and Create') throw new Cancelled();
      await accessKeys.deleteAccessKey(user.name, inactive.accessKeyId);
      services.log.info(`createAccessKey: deleted inactive key ${inactive.accessKeyId} of ${user.name} to make room`);
    }
    const key = await accessKeys.createAccessKey(user.name);
    services.log.info(`createAccessKey: created ${key.accessKeyId} for ${user.name}`);
    refreshKeys(services, profile, user.name);
    let where: string;
    let delivery: Delivery;
    try {
      delivery = await deliverSecret(services, key, user);
      where = delivery.description;
    } catch (error) {
      // The secret is shown once: if it could not be saved, the key is useless. Remove it.
      await accessKeys.deleteAccessKey(user.name, key.accessKeyId).then(
        () => services.log.info(`createAccessKey: deleted ${key.accessKeyId}: its secret was not saved`),
        (e: unknown) =>
          services.log.error(
            `createAccessKey: could not delete ${key.accessKeyId} after the secret was not saved: ${String(e)}`,
          ),
      );
      refreshKeys(services, profile, user.name);
      if (error instanceof Cancelled) {
        await services.ui.showInformationMessage(
          `The new key ${key.accessKeyId} was deleted: its secret was not saved anywhere.`,
        );
        throw error;
      }
      throw new Error(
        `${error instanceof Error ? error.message : String(error)} The new key ${key.accessKeyId} was deleted, ` +
          `since its secret could not be saved.`,
        { cause: error },
      );
    }
    services.log.info(`createAccessKey: secret of ${key.accessKeyId} saved to ${where}`);
    // Nothing left to undo: the backup of the file written (every profile's secrets) goes.
    for (const w of delivery.writes) {
      if (w.backupPath)
        await discardBackup(w.backupPath).catch((e: unknown) =>
          services.log.warn(`createAccessKey: ${e instanceof Error ? e.message : String(e)}`),
        );
    }
    refreshKeys(services, profile, user.name);
    await services.ui.showInformationMessage(
      `Created access key ${key.accessKeyId} for ${user.name}; the secret was saved to ${where}.`,
    );
  },
};
