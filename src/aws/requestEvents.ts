/**
 * What the extension's SDK clients tell the rest of it about their requests, through two small
 * middlewares:
 * - every error leaving a client carries the API operation that failed (`$operation`, read by
 *   core/iam/errors), so messages can say "ListServiceSpecificCredentials" and not only the code;
 * - every retry is reported with the operation and the attempt ("attempt 3 of 10"), read from the
 *   `amz-sdk-request` header the SDK's retry middleware sets on each attempt, so long work can
 *   say it is retrying instead of looking stuck.
 */
import type { FinalizeRequestMiddleware, InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';

export interface RetryEvent {
  /** The profile whose client retries, when the client was instrumented with it. */
  readonly profile?: string;
  readonly operation: string;
  readonly attempt: number;
  readonly maxAttempts: number;
}

export type RetryListener = (event: RetryEvent) => void;

/** What a retry looks like in progress: "Retrying ListUsers, attempt 3 of 10". */
export function retryMessage(e: RetryEvent): string {
  return `Retrying ${e.operation}, attempt ${e.attempt} of ${e.maxAttempts}`;
}

/** The listeners of one Connections instance; a progress notification subscribes while it shows. */
export class RetryEvents {
  private readonly listeners = new Set<RetryListener>();

  /** Subscribes; returns the unsubscribe function. */
  listen(listener: RetryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RetryEvent): void {
    for (const l of this.listeners) l(event);
  }
}

/** An SDK v3 client (IAM, STS): what the middlewares are added to. */
interface Instrumentable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any command's input and output
  readonly middlewareStack: MiddlewareStack<any, MetadataBearer>;
}

/** `attempt=3; max=10` → [3, 10]. */
export function parseAttemptHeader(value: unknown): [number, number] | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /attempt=(\d+);\s*max=(\d+)/.exec(value);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const operationOf = (commandName: string | undefined): string | undefined => commandName?.replace(/Command$/, '');

export function instrumentClient(client: Instrumentable, events: RetryEvents, profile?: string): void {
  const tagErrors: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (err) {
      const operation = operationOf(context.commandName);
      if (typeof err === 'object' && err !== null && operation && !('$operation' in err)) {
        Object.defineProperty(err, '$operation', { value: operation, enumerable: false });
      }
      throw err;
    }
  };
  const reportRetries: FinalizeRequestMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
    const attempt = parseAttemptHeader(headers?.['amz-sdk-request']);
    const operation = operationOf(context.commandName);
    if (attempt && attempt[0] > 1 && operation)
      events.emit({
        ...(profile === undefined ? {} : { profile }),
        operation,
        attempt: attempt[0],
        maxAttempts: attempt[1],
      });
    return next(args);
  };
  client.middlewareStack.add(tagErrors, { step: 'initialize', name: 'iamExplorerOperationOnErrors' });
  // After the retry middleware, so it sees each attempt's request.
  client.middlewareStack.add(reportRetries, {
    step: 'finalizeRequest',
    name: 'iamExplorerRetryEvents',
    priority: 'low',
  });
}
