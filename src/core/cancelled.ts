/**
 * The user backed out (a dismissed prompt, a cancelled progress notification): commands stop
 * and stay silent. Recognised by type, never by message text. An AbortError is what the AWS SDK
 * throws when a request's AbortSignal fires, so it counts as a cancel too.
 */
export class Cancelled extends Error {
  override readonly name = 'Cancelled';

  constructor(message = 'Cancelled by the user.') {
    super(message);
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof Cancelled || (error instanceof Error && error.name === 'AbortError');
}
