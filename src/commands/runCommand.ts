import * as vscode from 'vscode';
import { isCancelled } from '../core/cancelled';
import { describeAwsError } from '../core/iam/errors';
import type { Log } from '../log';
import type { Ui } from './ui';

/** Re-exported for src/webview/host (the editor branch imports it from here). */
export { Cancelled } from '../core/cancelled';

/**
 * The one wrapper every command runs in: a cancel is silent; any other error is logged
 * once and shown once, with the AWS error code and request id, and a "Show Log" button.
 */
export function runCommand<A extends unknown[]>(
  id: string,
  env: { log: Log; ui: Ui },
  body: (...args: A) => Promise<unknown>,
): (...args: A) => Promise<void> {
  const { log } = env;
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      if (isCancelled(err) || err instanceof vscode.CancellationError) return;
      const text = describeAwsError(err);
      log.error(`${id}: ${text}`);
      const choice = await env.ui.showErrorMessage(text, 'Show Log');
      if (choice === 'Show Log') log.show();
    }
  };
}
