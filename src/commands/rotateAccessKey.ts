import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { setting } from '../aws/settings';
import { displayPath, sharedFilePaths } from '../core/credentials';
import { describeAwsError } from '../core/iam/errors';
import {
  fileJournal,
  localFiles,
  retireOldKey,
  rotateAccessKey as rotate,
  rotationPlanMessage,
  RotationError,
  type OldKeyAction,
  type RotationResult,
} from '../core/rotation';
import type { Services } from '../services';
import { backupFolder, deliverSecret, keyTarget, keyUsage, refreshKeys, type KeyTarget } from './accessKeys';
import { Cancelled } from '../core/cancelled';
import { withProgress } from './ops';

/**
 * How long verification may retry (IAM propagation): the issue's ~15 s. Under test only
 * (extensionMode Test), IAM_EXPLORER_TEST_VERIFY_TIMEOUT_MS shortens it, so a test of a
 * verification that never succeeds does not wait 15 s.
 */
function verifyTimeoutMs(services: Services): number | undefined {
  const override = Number(process.env.IAM_EXPLORER_TEST_VERIFY_TIMEOUT_MS);
  return services.context.extensionMode === vscode.ExtensionMode.Test && override > 0 ? override : undefined;
}

/**
 * IAM: Rotate Access Key — right-click a key (or a user, then pick the key). Runs the
 * core plan (src/core/rotation) with this profile's own clients, the shared files, a
 * journal in the extension's global storage and the delivery quick pick; cancellable
 * until the old key is retired.
 */
export const rotateAccessKey: CommandDef = {
  id: 'iamExplorer.rotateAccessKey',
  async run(services, arg?: unknown) {
    const target = await keyTarget(services, arg, 'Rotate which access key?');
    const action = setting<OldKeyAction>('rotation.oldKey', 'deactivate') === 'delete' ? 'delete' : 'deactivate';
    const files = localFiles(sharedFilePaths(), { backupFolder: backupFolder(services) });
    if (setting<boolean>('rotation.confirm', true)) {
      // Read-only: the same check rotation makes first, so the plan names the files it will rewrite.
      const planned = await files.check(target.accessKeyId);
      const message = rotationPlanMessage({
        userName: target.user.name,
        accessKeyId: target.accessKeyId,
        planned,
        oldKeyAction: action,
        displayPath: (p) => displayPath(p),
      });
      const choice = await services.ui.showWarningMessage(message, { modal: true }, 'Rotate');
      if (choice !== 'Rotate') throw new Cancelled();
    }
    const started = performance.now();
    // Clients of its own: a reload (the file watcher sees our write) must not destroy them mid-way.
    const connection = await services.connections.open(target.profile);
    let result: RotationResult;
    try {
      // Cancellable between steps (before the old key is retired); the SDK's retries of this profile show in it.
      result = await withProgress(
        services,
        `Rotating ${target.accessKeyId}`,
        (progress, signal) =>
          rotate(
            {
              userName: target.user.name,
              userArn: target.user.arn,
              userId: target.user.id || undefined,
              oldAccessKeyId: target.accessKeyId,
              oldKeyAction: action,
            },
            {
              iam: connection.accessKeys,
              files,
              journal: fileJournal(
                join(services.context.globalStorageUri.fsPath, 'rotation'),
                accountOf(target.user.arn),
                target.user.name,
              ),
              deliver: (key) => deliverSecret(services, key, target.user),
              confirmDeleteInactive: async (other) => {
                const usage = await keyUsage(services, {
                  ...target,
                  accessKeyId: other.accessKeyId,
                  status: other.status,
                });
                const choice = await services.ui.showWarningMessage(
                  `User ${target.user.name} already has two access keys. To rotate ${target.accessKeyId}, ` +
                    `delete the other, inactive key ${other.accessKeyId}? It cannot be restored.` +
                    `${usage.warning ? ` ${usage.warning}` : ''}`,
                  { modal: true },
                  'Delete and Rotate',
                );
                return choice === 'Delete and Rotate';
              },
              log: (m) => services.log.info(m),
              progress,
              signal,
              verifyTimeoutMs: verifyTimeoutMs(services),
            },
          ),
        target.profile,
      );
    } catch (error) {
      if (error instanceof RotationError) {
        if (error.left.length === 0) refreshAfter(services, target, []);
        else refreshAfter(services, target, ['*']);
        if (error.cancelled) {
          await services.ui.showInformationMessage(error.message);
          throw new Cancelled();
        }
        // Plain Error: the wrapper shows the message as it is (no "RotationError:" prefix).
        throw new Error(error.message, { cause: error });
      }
      throw error;
    } finally {
      services.connections.close(connection);
    }
    const ms = performance.now() - started;
    refreshAfter(
      services,
      target,
      result.writes.flatMap((w) => w.profiles),
    );
    services.log.info(`rotateAccessKey: finished in ${ms.toFixed(0)} ms`);
    await report(services, target, result, action);
  },
};

function accountOf(arn: string): string {
  return arn.split(':')[4] || 'account';
}

/**
 * The extension's clients for the profiles that now hold the new key switch to it; the
 * user's Access Keys folder and the local profiles are re-read.
 */
function refreshAfter(services: Services, target: KeyTarget, profiles: readonly string[]): void {
  if (profiles.includes('*')) services.connections.invalidate();
  else for (const p of new Set([target.profile, ...profiles])) services.connections.invalidate(p);
  refreshKeys(services, target.profile, target.user.name);
}

async function report(
  services: Services,
  target: KeyTarget,
  result: RotationResult,
  action: OldKeyAction,
): Promise<void> {
  const where = result.writes.length
    ? result.writes
        .map((w) => `profile${w.profiles.length === 1 ? '' : 's'} ${w.profiles.join(', ')} (${displayPath(w.path)})`)
        .join(' and ')
    : (result.delivered ?? 'nowhere');
  const resumed = result.resumed ? ' (an interrupted rotation was finished)' : '';
  if (result.oldKey !== 'still-active') {
    await services.ui.showInformationMessage(
      `Rotated: new access key ${result.newAccessKeyId} for ${target.user.name} is in ${where}; the old key ` +
        `${result.oldAccessKeyId} is ${result.oldKey}${resumed}.`,
    );
    return;
  }
  // The new key works and is in place; only retiring the old one failed.
  let error = result.retireError;
  for (;;) {
    const choice = await services.ui.showWarningMessage(
      `New access key ${result.newAccessKeyId} is in ${where} and works, but the old key ` +
        `${result.oldAccessKeyId} is still active: ${action === 'delete' ? 'deleting' : 'deactivating'} it failed (` +
        `${describeAwsError(error)}).`,
      {},
      'Retry',
      'Show Log',
    );
    if (choice === 'Show Log') services.log.show();
    if (choice !== 'Retry') return;
    const { accessKeys } = await services.connections.get(target.profile);
    const retry = await retireOldKey(accessKeys, target.user.name, result.oldAccessKeyId, action, (m) =>
      services.log.info(`rotate ${result.oldAccessKeyId} (user ${target.user.name}): retry: ${m}`),
    );
    refreshKeys(services, target.profile, target.user.name);
    if (retry.oldKey !== 'still-active') {
      await services.ui.showInformationMessage(`The old key ${result.oldAccessKeyId} is now ${retry.oldKey}.`);
      return;
    }
    error = retry.retireError;
  }
}
