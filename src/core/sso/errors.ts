/**
 * Why IAM Identity Center cannot be used: `not-signed-in` and `expired` call for
 * `aws sso login` (the VS Code layer offers its "Run aws sso login" action with
 * `loginArgs`); `invalid-config` names what to fix in the config file.
 */
export type SsoErrorCode = 'not-signed-in' | 'expired' | 'invalid-config';

export class SsoError extends Error {
  override readonly name = 'SsoError';
  constructor(
    readonly code: SsoErrorCode,
    message: string,
    /** `['--sso-session', 'corp']` or `['--profile', 'dev']`: what `aws sso login` needs, for the login action. */
    readonly loginArgs?: readonly string[],
  ) {
    super(message);
  }
}
