import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import { getSSOTokenFromFile, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import {
  CredentialsFailure,
  credentialsFailed,
  noSuchProfile,
  processFailed,
  sharedFilePaths,
  ssoSignInNeeded,
} from '../core/credentials';
import { resolveEndpoint, type ParsedConfig } from '../core/iam/endpoints';
import { iamSigningRegion, partitionOf, type Partition } from '../core/iam/partition';
import { AccountModel } from '../core/model/accountModel';
import type { SsoSource } from '../core/sso';
import { SdkAccessKeyService } from './accessKeys';
import { SdkIamService, type IamService } from './iamService';
import { instrumentClient, RetryEvents } from './requestEvents';
import { IamRetryStrategy } from './retry';

/** The pseudo-profile that stands for credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
export const ENVIRONMENT_PROFILE = '(environment)';

export interface ConnectionSettings {
  /** `iamExplorer.endpoint`; empty for AWS or the configured endpoints. */
  readonly endpoint: string;
  /** `iamExplorer.region`; when left at the default, the profile's region wins. */
  readonly region: string;
  readonly regionIsDefault: boolean;
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

/** One profile's way into IAM: its clients (reused), region, partition and endpoints. */
export interface Connection {
  readonly profile: string;
  readonly service: IamService;
  /**
   * The SDK clients the service signs with (the policy editor, Access Analyzer and the snapshot loader use them
   * directly).
   */
  readonly iam: IAMClient;
  readonly sts: STSClient;
  /** The account model of this profile: what the tree shows and the commands read; lives as long as the clients. */
  readonly model: AccountModel;
  /** Access keys: create, status, delete, last used, and GetCallerIdentity signed with a given key. */
  readonly accessKeys: SdkAccessKeyService;
  readonly region: string;
  readonly partition: Partition;
  readonly iamEndpoint?: string;
  readonly stsEndpoint?: string;
}

/** Where an SSO account's root gets its credentials: the SDK's SSO provider for its account and role. */
export interface SsoConnectionSources {
  isSsoRoot(profile: string): boolean;
  connectionSource(
    profile: string,
  ): Promise<{ credentials: AwsCredentialIdentityProvider; source: SsoSource } | undefined>;
}

export interface ConnectionHooks {
  /** Asks the user for an MFA code (assume-role with mfa_serial). */
  mfaCode(profile: string, serial: string): Promise<string>;
}

/**
 * Builds and caches one Connection per profile. Credentials are cached by the SDK's
 * provider inside the clients; `invalidate` drops a profile's clients (and so its cached
 * credentials) when the shared files or settings change, or after a key rotation.
 */
export class Connections {
  private readonly cache = new Map<string, Promise<Connection>>();
  /** Retries of every client made here, for progress notifications to show. */
  readonly retries = new RetryEvents();

  constructor(
    private readonly settings: () => ConnectionSettings,
    private readonly hooks: ConnectionHooks,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** Accounts added from an SSO sign-in: their roots stand where a profile name stands (src/aws/ssoRoots.ts). */
    private readonly sso?: SsoConnectionSources,
  ) {}

  get(profile: string): Promise<Connection> {
    let c = this.cache.get(profile);
    if (!c) {
      c = this.create(profile);
      this.cache.set(profile, c);
      c.catch(() => this.cache.delete(profile));
    }
    return c;
  }

  invalidate(profile?: string): void {
    // Requests may still be in flight on the old clients (a tree load racing a reload after
    // a credentials-file write): destroy them once no request can be waiting any more,
    // rather than cut the sockets ("socket hang up") under those requests.
    const later = (c: Connection) =>
      void setTimeout(() => destroy(c), this.settings().requestTimeoutMs + 1_000).unref?.();
    if (profile === undefined) {
      for (const c of this.cache.values()) void c.then(later, () => undefined);
      this.cache.clear();
    } else {
      void this.cache.get(profile)?.then(later, () => undefined);
      this.cache.delete(profile);
    }
  }

  /**
   * A connection of its own, outside the cache, for a multi-step operation (rotation)
   * that must not have its clients destroyed by a reload half-way. Pass it to `close`.
   */
  open(profile: string): Promise<Connection> {
    return this.create(profile);
  }

  close(connection: Connection): void {
    destroy(connection);
  }

  private async create(profile: string): Promise<Connection> {
    const s = this.settings();
    const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
    const config = configFile as ParsedConfig;
    const section = (name: string) => ({ ...(credentialsFile as ParsedConfig)[name], ...config[name] });
    const sso = this.sso?.isSsoRoot(profile) ? await this.sso.connectionSource(profile) : undefined;
    if (this.sso?.isSsoRoot(profile) && !sso)
      throw new Error(
        'This SSO account is no longer among the added ones; add it again with IAM: Add Accounts from SSO…',
      );
    if (
      !sso &&
      profile !== ENVIRONMENT_PROFILE &&
      !Object.hasOwn(config, profile) &&
      !Object.hasOwn(credentialsFile, profile)
    ) {
      throw noSuchProfile(profile, sharedFilePaths(this.env));
    }
    // An SSO account: the region of the profile naming its sign-in, else the portal's.
    const profileRegion = sso
      ? (sso.source.profileRegion ?? sso.source.region)
      : profile === ENVIRONMENT_PROFILE
        ? this.env.AWS_REGION
        : config[profile]?.region;
    const region = (s.regionIsDefault && profileRegion) || s.region || 'us-east-1';
    const partition = partitionOf(region);
    const sources = {
      setting: s.endpoint,
      env: this.env,
      profile: sso ? (sso.source.profile ?? '') : profile,
      config,
      credentials: credentialsFile as ParsedConfig,
    };
    const iamEndpoint = resolveEndpoint('iam', sources);
    const stsEndpoint = resolveEndpoint('sts', sources);
    const common = {
      // The endpoints are resolved above for this profile; the SDK's own lookup reads another (AWS_PROFILE or default).
      ignoreConfiguredEndpointUrls: true,
      retryStrategy: new IamRetryStrategy({ maxAttempts: s.maxAttempts }),
      // Also the "max" of the amz-sdk-request header, which retry progress reads.
      maxAttempts: s.maxAttempts,
      requestHandler: {
        requestTimeout: s.requestTimeoutMs,
        // Without this the SDK only logs a warning when the timeout passes, and waits on.
        throwOnRequestTimeout: true,
        connectionTimeout: Math.min(s.requestTimeoutMs, 10_000),
      },
    };
    const credentials: AwsCredentialIdentityProvider = sso
      ? sharedCredentials(sso.credentials)
      : profile === ENVIRONMENT_PROFILE
        ? fromEnv()
        : sharedCredentials(
            explained(
              fromIni({
                profile,
                ignoreCache: true,
                mfaCodeProvider: (serial) => this.hooks.mfaCode(profile, serial),
                // The STS client that assumes roles goes where this profile's STS goes.
                clientConfig: {
                  region,
                  ignoreConfiguredEndpointUrls: true,
                  ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
                },
              }),
              (error) => explainFailure(profile, error, section, sharedFilePaths(this.env)),
            ),
          );
    const iam = new IAMClient({
      ...common,
      region: iamSigningRegion(region),
      credentials,
      ...(iamEndpoint ? { endpoint: iamEndpoint } : {}),
    });
    const sts = new STSClient({ ...common, region, credentials, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}) });
    instrumentClient(iam, this.retries, profile);
    instrumentClient(sts, this.retries, profile);
    // Verifying a new key: signed with that key only, no SDK retries (rotation backs off itself).
    const stsWith = (key: { accessKeyId: string; secretAccessKey: string }) =>
      new STSClient({
        ignoreConfiguredEndpointUrls: true,
        requestHandler: common.requestHandler,
        maxAttempts: 1,
        region,
        credentials: key,
        ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
      });
    const accessKeys = new SdkAccessKeyService(iam, stsWith);
    const service = new SdkIamService(iam, sts);
    return {
      profile,
      service,
      iam,
      sts,
      model: new AccountModel(service),
      accessKeys,
      region,
      partition,
      iamEndpoint,
      stsEndpoint,
    };
  }
}

/** Credentials this close to their expiration are resolved again (the SDK's own margin). */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * One resolution of the profile's credentials shared by the connection's clients. Each SDK
 * client memoizes its credentials on its own, so without this an assume-role profile with
 * mfa_serial asked for the MFA code once for the IAM client and once more for STS.
 */
function sharedCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let settled: AwsCredentialIdentity | undefined;
  return (options) => {
    const expiring = settled?.expiration !== undefined && settled.expiration.getTime() - Date.now() < EXPIRY_MARGIN_MS;
    const forced = (options as { forceRefresh?: boolean } | undefined)?.forceRefresh === true;
    if (!pending || expiring || forced) {
      settled = undefined;
      const next = provider(options);
      pending = next;
      next.then(
        (c) => {
          if (pending === next) settled = c;
        },
        () => {
          if (pending === next) pending = undefined;
        },
      );
    }
    return pending;
  };
}

/** The provider, with its failures passed through `explain`. */
function explained(
  provider: AwsCredentialIdentityProvider,
  explain: (error: unknown) => Promise<unknown>,
): AwsCredentialIdentityProvider {
  return (options) =>
    provider(options).catch(async (error: unknown) => {
      throw await explain(error);
    });
}

/**
 * A credentials provider's failure, said for people (a CredentialsFailure: what is wrong,
 * and the fix). An error from a service call (AssumeRole refused: it has a request id)
 * stays as it is, with its AWS error code. The profile (or its source_profile) decides
 * what kind: an SSO profile is "not signed in" without a cached token and "expired" with
 * an expired one; a credential_process failure keeps one line of its output.
 */
async function explainFailure(
  profile: string,
  error: unknown,
  section: (name: string) => Record<string, string | undefined>,
  paths: ReturnType<typeof sharedFilePaths>,
): Promise<unknown> {
  if (typeof error !== 'object' || error === null || '$metadata' in error || error instanceof CredentialsFailure)
    return error;
  const message = error instanceof Error ? error.message : String(error);
  // The profile, then the profiles it takes its credentials from.
  const chain: Record<string, string | undefined>[] = [];
  for (let name: string | undefined = profile, seen = 0; name !== undefined && seen < 8; seen++) {
    const values = section(name);
    chain.push(values);
    name = values.source_profile !== name ? values.source_profile : undefined;
  }
  const sso = chain.find((v) => v.sso_session !== undefined || v.sso_start_url !== undefined);
  if (sso) {
    const token = await getSSOTokenFromFile(sso.sso_session ?? sso.sso_start_url ?? '').catch(() => undefined);
    if (token === undefined) return ssoSignInNeeded(profile, 'none');
    if (Number.isNaN(Date.parse(token.expiresAt)) || Date.parse(token.expiresAt) <= Date.now())
      return ssoSignInNeeded(profile, 'expired');
  }
  const process = chain.find((v) => v.credential_process !== undefined);
  if (process) return processFailed(profile, message, process.credential_process);
  return credentialsFailed(profile, message, paths);
}

function destroy(c: Connection): void {
  c.iam.destroy();
  c.sts.destroy();
}
