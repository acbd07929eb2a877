import { CredentialsFailure } from '../credentials/failure';

/** What the AWS SDK puts on a service exception, read defensively. */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  code?: unknown;
  $metadata?: { requestId?: unknown; httpStatusCode?: unknown };
}

export interface AwsErrorInfo {
  readonly code?: string;
  readonly message: string;
  readonly requestId?: string;
  readonly status?: number;
}

export function awsErrorInfo(err: unknown): AwsErrorInfo {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const e = err as SdkErrorShape;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const name = str(e.Code) ?? str(e.name);
  const code = name && name !== 'Error' ? name : str(e.code);
  return {
    code,
    message: str(e.message) ?? String(err),
    requestId: str(e.$metadata?.requestId),
    status: typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined,
  };
}

/** "NoSuchEntity: The user with name x cannot be found. (request id 1a2b…)" */
export function describeAwsError(err: unknown): string {
  const { code, message, requestId } = awsErrorInfo(err);
  const base = code && !message.startsWith(code) ? `${code}: ${message}` : message;
  return requestId ? `${base} (request id ${requestId})` : base;
}

const CREDENTIAL_CODES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'TokenRefreshRequired',
  'InvalidIdentityToken',
  'UnauthorizedException',
]);

/** Failures that Refresh cannot fix by itself: the profile's credentials are missing, wrong or expired. */
export function isCredentialsError(err: unknown): boolean {
  if (err instanceof CredentialsFailure) return true;
  const { code, message } = awsErrorInfo(err);
  return (code !== undefined && CREDENTIAL_CODES.has(code)) || /could not load credentials|sso session|token.*expired/i.test(message);
}

/** An SSO profile whose cached token is missing or expired: `aws sso login` fixes it. */
export function isSsoLoginNeeded(err: unknown): boolean {
  if (err instanceof CredentialsFailure) return err.kind === 'sso-not-signed-in' || err.kind === 'sso-expired';
  const { message } = awsErrorInfo(err);
  return /sso/i.test(message) && /(expired|refresh|not found|login|invalid)/i.test(message);
}

/**
 * Temporary credentials that expired or were revoked mid-session (an assumed role, a
 * credential_process or SSO session): new clients resolve them again, so renewing the
 * source (or nothing, for an assumed role) and Refresh recover without a reload.
 */
export function isExpiredSession(err: unknown): boolean {
  if (err instanceof CredentialsFailure) return false;
  const { code, message } = awsErrorInfo(err);
  return code === 'ExpiredToken' || code === 'ExpiredTokenException' || code === 'TokenRefreshRequired' || /token.*expired/i.test(message);
}

/** "iam:ListRoles" from an AccessDenied message, or from the operation that failed. */
export function missingPermission(err: unknown, operation?: string): string | undefined {
  const { code, message } = awsErrorInfo(err);
  if (code !== 'AccessDenied' && code !== 'AccessDeniedException') return undefined;
  const m = /perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message);
  return m?.[1] ?? (operation ? `iam:${operation}` : undefined);
}
