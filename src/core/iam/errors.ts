import { CredentialsFailure } from '../credentials/failure';

/** What the AWS SDK puts on a service exception, read defensively. */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  code?: unknown;
  /** Set by the extension's clients (src/aws/requestEvents.ts): the API operation that failed. */
  $operation?: unknown;
  $metadata?: { requestId?: unknown; httpStatusCode?: unknown };
  $response?: { headers?: Record<string, unknown>; statusCode?: unknown };
}

export interface AwsErrorInfo {
  readonly code?: string;
  readonly message: string;
  readonly requestId?: string;
  readonly status?: number;
  /** `ListUsers`: the operation that failed, when the client recorded it. */
  readonly operation?: string;
  /**
   * The endpoint answered with something that is not an IAM error document (an HTML page, a
   * proxy's text): what it was, said in words ("an HTML page").
   */
  readonly foreignBody?: string;
}

/**
 * The SDK says "Deserialization error" (and, for XML, "XML parse error") when an error
 * response's body is not the service's error document; the content type says what it was.
 */
function foreignBody(e: SdkErrorShape, message: string): string | undefined {
  if (!/Deserialization error|XML parse error|Unexpected (token|end)|is not valid JSON/i.test(message))
    return undefined;
  const type = e.$response?.headers?.['content-type'];
  const contentType = typeof type === 'string' ? type.toLowerCase() : '';
  if (contentType.includes('html') || /<\/?(html|body|title|head)\b/i.test(message)) return 'an HTML page';
  return contentType
    ? `a ${contentType.split(';')[0]} body, not an IAM error document`
    : 'a body that is not an IAM error document';
}

export function awsErrorInfo(err: unknown): AwsErrorInfo {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const e = err as SdkErrorShape;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const name = str(e.Code) ?? str(e.name);
  const message = str(e.message) ?? String(err);
  const foreign = foreignBody(e, message);
  const code = foreign ? undefined : name && name !== 'Error' ? name : str(e.code);
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  return {
    code,
    message,
    requestId: str(e.$metadata?.requestId),
    status: typeof status === 'number' ? status : undefined,
    operation: str(e.$operation),
    foreignBody: foreign,
  };
}

/** Node's socket errors: the request never reached IAM, so there is no AWS error code or request id. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/**
 * "NoSuchEntity: The user with name x cannot be found. (GetUser, HTTP 404, request id 1a2b…)":
 * the error code and message, then the operation, the HTTP status and the request id, each when
 * known. A response that was not an IAM error document is said to be one, with what it likely
 * means, instead of the SDK's parser message.
 */
export function describeAwsError(err: unknown): string {
  const { code, message, requestId, status, operation, foreignBody: foreign } = awsErrorInfo(err);
  if (foreign) {
    const to = operation ? ` to ${operation}` : '';
    const hint = status === 500 || status === 501 || status === 404 ? '; it may not implement this operation' : '';
    return (
      `The endpoint answered${status ? ` HTTP ${status}` : ''} with ${foreign}${to}${hint}.` +
      `${requestId ? ` (request id ${requestId})` : ''}`
    );
  }
  const base = code && !message.startsWith(code) ? `${code}: ${message}` : message;
  if (code && NETWORK_CODES.has(code)) {
    // Node's own socket error ("connect ECONNREFUSED 127.0.0.1:1"): say what it means and where to look.
    return (
      `Could not reach the endpoint (${base}${operation ? `, ${operation}` : ''}). Check the network, or the ` +
      'iamExplorer.endpoint setting if it names one.'
    );
  }
  const where = [
    operation,
    status !== undefined ? `HTTP ${status}` : undefined,
    requestId ? `request id ${requestId}` : undefined,
  ].filter(Boolean);
  return where.length ? `${base} (${where.join(', ')})` : base;
}

/**
 * A failure that says the endpoint cannot answer this operation at all, rather than that the
 * caller did something wrong: an IAM-compatible endpoint without it (HTML or plain 404/500/501,
 * InvalidAction, NotImplemented) or a server error left after the retries.
 */
export function isUnavailableOperation(err: unknown): boolean {
  const { code, status, foreignBody: foreign } = awsErrorInfo(err);
  if (foreign) return true;
  if (code === 'InvalidAction' || code === 'NotImplemented' || code === 'UnknownOperationException') return true;
  return status !== undefined && status >= 500;
}

/** The thing acted on is not there (deleted meanwhile, or never was): IAM's NoSuchEntity. */
export function isNoSuchEntity(err: unknown): boolean {
  const { code } = awsErrorInfo(err);
  return code === 'NoSuchEntity' || code === 'NoSuchEntityException';
}

export function isAccessDenied(err: unknown): boolean {
  const { code } = awsErrorInfo(err);
  return code === 'AccessDenied' || code === 'AccessDeniedException';
}

/**
 * A listing that cannot tell what exists, without saying the thing listed is missing: the
 * operation is unavailable on this endpoint (see isUnavailableOperation) or not allowed.
 */
export function isUncheckable(err: unknown): boolean {
  return isUnavailableOperation(err) || isAccessDenied(err);
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
  return (
    (code !== undefined && CREDENTIAL_CODES.has(code)) ||
    /could not load credentials|sso session|token.*expired/i.test(message)
  );
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
  return (
    code === 'ExpiredToken' ||
    code === 'ExpiredTokenException' ||
    code === 'TokenRefreshRequired' ||
    /token.*expired/i.test(message)
  );
}

/** "iam:ListRoles" from an AccessDenied message, or from the operation that failed. */
export function missingPermission(err: unknown, operation?: string): string | undefined {
  const { code, message } = awsErrorInfo(err);
  if (code !== 'AccessDenied' && code !== 'AccessDeniedException') return undefined;
  const m = /perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message);
  return m?.[1] ?? (operation ? `iam:${operation}` : undefined);
}
