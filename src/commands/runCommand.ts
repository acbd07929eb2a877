import * as vscode from 'vscode';
import type { Log } from '../log';
import type { Ui } from './ui';

/** Thrown (or returned by a prompt) when the user backs out: the wrapper stays silent. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Fields the AWS SDK puts on a service exception. */
interface AwsErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number };
}

/** "NoSuchEntity: The user with name x cannot be found. (request id 1a2b…)" */
export function describeError(err: unknown): string {
  if (err instanceof Error || (typeof err === 'object' && err !== null)) {
    const e = err as AwsErrorShape;
    const code = e.Code ?? e.name;
    const requestId = e.$metadata?.requestId;
    const base = code && code !== 'Error' && !e.message?.startsWith(code) ? `${code}: ${e.message ?? ''}` : (e.message ?? String(err));
    return requestId ? `${base} (request id ${requestId})` : base;
  }
  return String(err);
}

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
      if (err instanceof Cancelled || err instanceof vscode.CancellationError) return;
      const text = describeError(err);
      log.error(`${id}: ${text}`);
      const choice = await env.ui.showErrorMessage(text, 'Show Log');
      if (choice === 'Show Log') log.show();
    }
  };
}
