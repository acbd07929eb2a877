import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  SSOClient,
} from '@aws-sdk/client-sso';
import { fromSSO } from '@aws-sdk/credential-providers';
import { fromSso } from '@aws-sdk/token-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { readSharedFiles, sharedFilePaths, writeCredentialsFile, type SharedFilePaths } from '../core/credentials';
import { resolveEndpoint, type ParsedConfig } from '../core/iam/endpoints';
import { awsErrorInfo } from '../core/iam/errors';
import {
  addSsoProfiles,
  listSsoAccountInfos,
  listSsoAccounts,
  readSsoToken,
  SsoError,
  resolveSsoSource,
  SSO_MAX_RESULTS,
  type ListOptions,
  type SsoAccountInfo,
  type SsoAccountRoles,
  type SsoPortalPort,
  type SsoProfileEntry,
  type SsoSource,
  type SsoSourceRef,
} from '../core/sso';

export interface SsoOptions {
  readonly paths?: SharedFilePaths;
  readonly env?: NodeJS.ProcessEnv;
  /** `iamExplorer.endpoint`: when set, the portal is there too (an emulator). */
  readonly endpoint?: string;
  readonly requestTimeoutMs?: number;
}

/**
 * The SSO client for a sign-in: the portal's region, the endpoint the AWS CLI would use for `sso`
 * with the profile naming the sign-in, and the SDK's own lookup off (it reads another profile's).
 */
export function ssoClientConfig(
  source: SsoSource,
  config: ParsedConfig,
  options: SsoOptions,
  credentials?: ParsedConfig,
): { region: string; endpoint?: string; ignoreConfiguredEndpointUrls: true } {
  const endpoint = resolveEndpoint('sso', {
    setting: options.endpoint,
    env: options.env ?? process.env,
    profile: source.profile ?? '',
    config,
    credentials,
  });
  return { region: source.region, ignoreConfiguredEndpointUrls: true, ...(endpoint ? { endpoint } : {}) };
}

/** client-sso behind the core's port: one page per call, the largest pages the portal gives. */
export class SdkSsoPortal implements SsoPortalPort {
  constructor(readonly client: SSOClient) {}

  async listAccounts(accessToken: string, nextToken: string | undefined, signal?: AbortSignal) {
    const out = await this.client.send(
      new ListAccountsCommand({ accessToken, nextToken, maxResults: SSO_MAX_RESULTS }),
      { abortSignal: signal },
    );
    const accounts = (out.accountList ?? []).flatMap((a) =>
      a.accountId
        ? [
            {
              accountId: a.accountId,
              accountName: a.accountName ?? a.accountId,
              ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
            },
          ]
        : [],
    );
    return { accounts, nextToken: out.nextToken };
  }

  async listAccountRoles(accessToken: string, accountId: string, nextToken: string | undefined, signal?: AbortSignal) {
    const out = await this.client.send(
      new ListAccountRolesCommand({ accessToken, accountId, nextToken, maxResults: SSO_MAX_RESULTS }),
      { abortSignal: signal },
    );
    return { roles: (out.roleList ?? []).flatMap((r) => (r.roleName ? [r.roleName] : [])), nextToken: out.nextToken };
  }
}

/** A sign-in, ready to list and to give credentials: the source, the parsed config and an SSO client. */
export interface SsoSession {
  readonly source: SsoSource;
  readonly client: SSOClient;
  readonly clientConfig: { region: string; endpoint?: string };
  readonly paths: SharedFilePaths;
  /** Lists accounts and roles with the cached token (SsoError "not-signed-in" / "expired" without one). */
  listAccounts(options?: ListOptions): Promise<SsoAccountRoles[]>;
  /** The accounts only (one ListAccounts page walk), same token rules. */
  listAccountInfos(signal?: AbortSignal): Promise<SsoAccountInfo[]>;
  /** Credentials for one account and role, from GetRoleCredentials, renewed before they expire. */
  credentials(accountId: string, roleName: string): AwsCredentialIdentityProvider;
  destroy(): void;
}

/** Reads the config file and opens the sign-in an SSO profile or sso-session names. */
export async function openSsoSession(ref: SsoSourceRef, options: SsoOptions = {}): Promise<SsoSession> {
  const env = options.env ?? process.env;
  const paths = options.paths ?? sharedFilePaths(env);
  const { texts } = await readSharedFiles(paths);
  const source = resolveSsoSource(texts, ref);
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    filepath: paths.credentials,
    configFilepath: paths.config,
    ignoreCache: true,
  });
  const clientConfig = ssoClientConfig(source, configFile as ParsedConfig, options, credentialsFile as ParsedConfig);
  const requestHandler = options.requestTimeoutMs
    ? { requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true }
    : undefined;
  const client = new SSOClient({ ...clientConfig, ...(requestHandler ? { requestHandler } : {}) });
  const portal = new SdkSsoPortal(client);
  return {
    source,
    client,
    clientConfig,
    paths,
    async listAccounts(listOptions) {
      const accessToken = await currentToken(source, { paths, env, clientConfig });
      return listSsoAccounts(portal, accessToken, source, listOptions);
    },
    async listAccountInfos(signal) {
      const accessToken = await currentToken(source, { paths, env, clientConfig });
      return listSsoAccountInfos(portal, accessToken, signal).catch((error: unknown) => {
        if (awsErrorInfo(error).code === 'UnauthorizedException') {
          throw new SsoError(
            'expired',
            `IAM Identity Center refused the cached token for ${source.label} (UnauthorizedException): it ` +
              `expired or was signed out. Run "aws sso login ${source.loginArgs.join(' ')}".`,
            source.loginArgs,
          );
        }
        throw error;
      });
    },
    credentials: (accountId, roleName) =>
      roleCredentials(source, { accountId, roleName, client, clientConfig, paths, env }),
    destroy: () => client.destroy(),
  };
}

/**
 * The session's access token. Through a profile of an sso-session, the SDK's own token
 * provider reads it, and renews it with its refresh token (SSO-OIDC CreateToken) when it
 * expires within 5 minutes, writing the cache back as the AWS CLI does, so an expired access
 * token whose sign-in is still valid does not send the user to `aws sso login`. Otherwise, or
 * when the SDK cannot give one, the cache is read here, which says precisely what is wrong
 * (not signed in, expired) with the login arguments.
 */
async function currentToken(
  source: SsoSource,
  init: { paths: SharedFilePaths; env: NodeJS.ProcessEnv; clientConfig: { region: string; endpoint?: string } },
): Promise<string> {
  if (source.profile !== undefined && source.sessionName !== undefined) {
    try {
      const token = await fromSso({
        profile: source.profile,
        filepath: init.paths.credentials,
        configFilepath: init.paths.config,
        ignoreCache: true,
        clientConfig: init.clientConfig,
      })();
      return token.token;
    } catch (sdkError) {
      await readSsoToken(source, { env: init.env });
      throw sdkError;
    }
  }
  return (await readSsoToken(source, { env: init.env })).accessToken;
}

/**
 * The SDK's SSO provider (fromSSO) for one account and role, without a profile of its own:
 * through the profile that names the session (its token, refreshed by the SDK as the CLI
 * does), or the start URL's cache for a legacy sign-in. An sso-session that no profile names
 * cannot go through fromSSO (the SDK finds a session's token only through a profile), so
 * there the same GetRoleCredentials call is made with the cached token read here.
 */
function roleCredentials(
  source: SsoSource,
  init: {
    accountId: string;
    roleName: string;
    client: SSOClient;
    clientConfig: { region: string; endpoint?: string };
    paths: SharedFilePaths;
    env: NodeJS.ProcessEnv;
  },
): AwsCredentialIdentityProvider {
  if (source.profile !== undefined || source.sessionName === undefined) {
    return fromSSO({
      profile: source.profile,
      ssoSession: source.sessionName,
      ssoStartUrl: source.startUrl,
      ssoRegion: source.region,
      ssoAccountId: init.accountId,
      ssoRoleName: init.roleName,
      filepath: init.paths.credentials,
      configFilepath: init.paths.config,
      ignoreCache: true,
      clientConfig: init.clientConfig,
    });
  }
  return async (): Promise<AwsCredentialIdentity> => {
    const token = await readSsoToken(source, { env: init.env });
    const out = await init.client.send(
      new GetRoleCredentialsCommand({
        accessToken: token.accessToken,
        accountId: init.accountId,
        roleName: init.roleName,
      }),
    );
    const c = out.roleCredentials;
    if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || !c.expiration) {
      throw new Error(
        `IAM Identity Center returned incomplete credentials for account ${init.accountId}, role ${init.roleName}.`,
      );
    }
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: new Date(c.expiration),
      accountId: init.accountId,
    };
  };
}

/**
 * Save as Profiles: appends a `[profile …]` section per entry to the config file, with the
 * backup (into `backupFolder`, the extension's private folder) and atomic write of rotation.
 * Returns what was added and where the backup is.
 */
export async function saveSsoProfiles(
  session: Pick<SsoSession, 'source' | 'paths'>,
  entries: readonly SsoProfileEntry[],
  options: { readonly backupFolder: string },
): Promise<{ added: readonly string[]; unchanged: readonly string[]; backupPath?: string; path: string }> {
  let added: readonly string[] = [];
  let unchanged: readonly string[] = [];
  const write = await writeCredentialsFile(
    session.paths.config,
    (text) => {
      const result = addSsoProfiles(text, session.source, entries);
      added = result.added;
      unchanged = result.unchanged;
      return result.text;
    },
    { backupFolder: options.backupFolder },
  );
  return { added, unchanged, backupPath: write.backupPath, path: session.paths.config };
}
