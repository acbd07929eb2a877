// The IAM Identity Center portal (the `sso` REST API the SDK's client-sso and
// its SSO credential provider call): ListAccounts, ListAccountRoles and
// GetRoleCredentials, authorised by the `x-amz-sso_bearer_token` header, paged
// with next_token / max_result (1 to 100) as the SSO Portal API reference says.
// GetRoleCredentials starts a session on the account's AWSReservedSSO_ role, so
// the emulator's IAM and STS then accept the credentials for that account.
import { randomBytes } from 'node:crypto';
import { accessKeyId, secretAccessKey, sessionToken } from './ids.js';
import type { IamState, RoleRecord } from './state.js';

/** An account as the portal lists it, with the permission sets (role names) assigned in it. */
export interface SsoAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  /** Permission set name → the IAM role Identity Center provisioned for it in the account. */
  roles: Map<string, RoleRecord>;
  state: IamState;
}

export interface SsoTokenRecord {
  accessToken: string;
  expiresAt: Date;
  /** What `aws sso login` keeps to renew the token through SSO-OIDC CreateToken (secrets, as in AWS). */
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Account ids this sign-in reaches; undefined: every account of the portal. */
  accounts?: ReadonlySet<string>;
}

/** A portal error: its `x-amzn-errortype`, HTTP status and message, as the SDK parses them. */
export class SsoError extends Error {
  constructor(
    readonly code:
      | 'UnauthorizedException'
      | 'ForbiddenException'
      | 'InvalidRequestException'
      | 'ResourceNotFoundException'
      | 'TooManyRequestsException'
      | 'InvalidGrantException'
      | 'InvalidClientException'
      | 'UnsupportedGrantTypeException',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Default page size when the request gives no max_result (the API reference does not say AWS's; this one is small
 * enough that tests page).
 */
export const SSO_DEFAULT_PAGE_SIZE = 20;
export const SSO_MAX_PAGE_SIZE = 100;

const INVALID_TOKEN = 'Session token not found or invalid';

export class SsoPortal {
  readonly accounts = new Map<string, SsoAccount>();
  readonly tokens = new Map<string, SsoTokenRecord>();
  /** Refresh tokens still valid, to the sign-in they renew. */
  readonly refreshTokens = new Map<string, SsoTokenRecord>();
  /** Seconds a token renewed through CreateToken lasts. */
  renewedTokenSeconds = 3600;

  constructor(
    readonly startUrl: string,
    readonly region: string,
  ) {}

  /** Signs a user in: a new access token, valid `expiresInSeconds` (default 8 hours; negative for an expired one). */
  signIn(options: { expiresInSeconds?: number; accounts?: string[] } = {}): SsoTokenRecord {
    const record: SsoTokenRecord = {
      accessToken: `aoa${randomBytes(48).toString('base64url')}`,
      expiresAt: new Date(Date.now() + (options.expiresInSeconds ?? 8 * 3600) * 1000),
      clientId: randomBytes(16).toString('base64url'),
      clientSecret: `eyJ${randomBytes(48).toString('base64url')}`,
      refreshToken: `aor${randomBytes(48).toString('base64url')}`,
      accounts: options.accounts ? new Set(options.accounts) : undefined,
    };
    this.tokens.set(record.accessToken, record);
    this.refreshTokens.set(record.refreshToken, record);
    return record;
  }

  /**
   * SSO-OIDC CreateToken with grantType refresh_token, as the SDK's token provider calls it
   * to renew a token about to expire: a new access token and a new refresh token (the old
   * one stops working), for the same accounts.
   */
  createToken(body: unknown): { accessToken: string; tokenType: 'Bearer'; expiresIn: number; refreshToken: string } {
    const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (input.grantType !== 'refresh_token')
      throw new SsoError('UnsupportedGrantTypeException', 400, `Unsupported grant type: ${String(input.grantType)}`);
    const previous = typeof input.refreshToken === 'string' ? this.refreshTokens.get(input.refreshToken) : undefined;
    if (!previous) throw new SsoError('InvalidGrantException', 400, 'Invalid refresh token provided');
    if (input.clientId !== previous.clientId || input.clientSecret !== previous.clientSecret)
      throw new SsoError('InvalidClientException', 401, 'Invalid client provided');
    this.refreshTokens.delete(previous.refreshToken);
    const next = this.signIn({
      expiresInSeconds: this.renewedTokenSeconds,
      accounts: previous.accounts ? [...previous.accounts] : undefined,
    });
    this.refreshTokens.delete(next.refreshToken);
    Object.assign(next, { clientId: previous.clientId, clientSecret: previous.clientSecret });
    this.refreshTokens.set(next.refreshToken, next);
    return {
      accessToken: next.accessToken,
      tokenType: 'Bearer',
      expiresIn: this.renewedTokenSeconds,
      refreshToken: next.refreshToken,
    };
  }

  /** The REST route for a path, or undefined when the path is not the portal's. */
  static operationFor(
    method: string,
    path: string,
  ): 'ListAccounts' | 'ListAccountRoles' | 'GetRoleCredentials' | 'Logout' | 'CreateToken' | undefined {
    if (method === 'POST' && path === '/token') return 'CreateToken';
    if (method === 'GET' && path === '/assignment/accounts') return 'ListAccounts';
    if (method === 'GET' && path === '/assignment/roles') return 'ListAccountRoles';
    if (method === 'GET' && path === '/federation/credentials') return 'GetRoleCredentials';
    if (method === 'POST' && path === '/logout') return 'Logout';
    return undefined;
  }

  /** Runs one portal operation; returns the JSON body, or throws SsoError. */
  handle(
    operation: NonNullable<ReturnType<typeof SsoPortal.operationFor>>,
    query: URLSearchParams,
    bearer: string | undefined,
    body?: unknown,
  ): unknown {
    if (operation === 'CreateToken') return this.createToken(body);
    const token = this.authorise(bearer);
    switch (operation) {
      case 'ListAccounts': {
        const visible = [...this.accounts.values()].filter(
          (a) => a.roles.size > 0 && (!token.accounts || token.accounts.has(a.accountId)),
        );
        const { items, nextToken } = page(visible, query, 'accounts');
        return {
          accountList: items.map((a) => ({
            accountId: a.accountId,
            accountName: a.accountName,
            emailAddress: a.emailAddress,
          })),
          ...(nextToken ? { nextToken } : {}),
        };
      }
      case 'ListAccountRoles': {
        const account = this.assigned(token, required(query, 'account_id', 'accountId'));
        const roles = [...account.roles.keys()];
        const { items, nextToken } = page(roles, query, `roles:${account.accountId}`);
        return {
          roleList: items.map((roleName) => ({ roleName, accountId: account.accountId })),
          ...(nextToken ? { nextToken } : {}),
        };
      }
      case 'GetRoleCredentials': {
        const roleName = required(query, 'role_name', 'roleName');
        const account = this.assigned(token, required(query, 'account_id', 'accountId'));
        const role = account.roles.get(roleName);
        if (!role) throw new SsoError('ForbiddenException', 403, 'No access');
        const expiration = new Date(Math.min(Date.now() + 3600 * 1000, token.expiresAt.getTime()));
        const session = {
          accessKeyId: accessKeyId(true),
          secret: secretAccessKey(),
          sessionToken: sessionToken(),
          role,
          sessionName: 'sso-user',
          expiration,
        };
        account.state.sessions.set(session.accessKeyId, session);
        return {
          roleCredentials: {
            accessKeyId: session.accessKeyId,
            secretAccessKey: session.secret,
            sessionToken: session.sessionToken,
            expiration: expiration.getTime(),
          },
        };
      }
      case 'Logout':
        this.tokens.delete(token.accessToken);
        return {};
    }
  }

  private authorise(bearer: string | undefined): SsoTokenRecord {
    if (!bearer) throw new SsoError('UnauthorizedException', 401, INVALID_TOKEN);
    const token = this.tokens.get(bearer);
    if (!token || token.expiresAt.getTime() <= Date.now())
      throw new SsoError('UnauthorizedException', 401, INVALID_TOKEN);
    return token;
  }

  /** An account the token reaches; AWS answers ForbiddenException "No access" for any other. */
  private assigned(token: SsoTokenRecord, accountId: string): SsoAccount {
    const account = this.accounts.get(accountId);
    if (!account || account.roles.size === 0 || (token.accounts && !token.accounts.has(accountId)))
      throw new SsoError('ForbiddenException', 403, 'No access');
    return account;
  }
}

function required(query: URLSearchParams, name: string, member: string): string {
  const value = query.get(name);
  if (value === null || value === '') throw new SsoError('InvalidRequestException', 400, `${member} is required`);
  return value;
}

/** A page of `items` from `next_token` (an opaque offset bound to the listing) and `max_result`. */
function page<T>(items: readonly T[], query: URLSearchParams, listing: string): { items: T[]; nextToken?: string } {
  const raw = query.get('max_result');
  let size = SSO_DEFAULT_PAGE_SIZE;
  if (raw !== null) {
    size = Number(raw);
    if (!Number.isInteger(size) || size < 1 || size > SSO_MAX_PAGE_SIZE) {
      throw new SsoError(
        'InvalidRequestException',
        400,
        `1 validation error detected: Value '${raw}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${SSO_MAX_PAGE_SIZE}`,
      );
    }
  }
  let offset = 0;
  const token = query.get('next_token');
  if (token !== null) {
    const decoded = /^(.*)\|(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded || decoded[1] !== listing) throw new SsoError('InvalidRequestException', 400, 'Invalid nextToken');
    offset = Number(decoded[2]);
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? Buffer.from(`${listing}|${end}`).toString('base64url') : undefined,
  };
}

/** The IAM role Identity Center provisions for a permission set: path, name and trust as AWS makes them. */
export function provisionSsoRole(state: IamState, permissionSet: string): RoleRecord {
  const suffix = randomBytes(8).toString('hex');
  const provider = `arn:aws:iam::${state.accountId}:saml-provider/AWSSSO_${randomBytes(8).toString('hex')}_DO_NOT_DELETE`;
  const role = state.addRole({
    name: `AWSReservedSSO_${permissionSet}_${suffix}`,
    path: '/aws-reserved/sso.amazonaws.com/',
    description: `Role provisioned by IAM Identity Center for permission set ${permissionSet}`,
    maxSessionDuration: 43200,
    trustPolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: provider },
          Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
        },
      ],
    }),
  });
  const managed = state.policies.get(`arn:aws:iam::aws:policy/${permissionSet}`);
  if (managed) state.attach(role, managed);
  return role;
}
