import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { resolveEndpoint, type ParsedConfig } from '../core/iam/endpoints';
import { iamSigningRegion, partitionOf, type Partition } from '../core/iam/partition';
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
  /** Access keys: create, status, delete, last used, and GetCallerIdentity signed with a given key. */
  readonly accessKeys: SdkAccessKeyService;
  readonly region: string;
  readonly partition: Partition;
  readonly iamEndpoint?: string;
  readonly stsEndpoint?: string;
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
    const later = (c: Connection) => void setTimeout(() => destroy(c), this.settings().requestTimeoutMs + 1_000).unref?.();
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
    const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
    const config = configFile as ParsedConfig;
    const profileRegion = profile === ENVIRONMENT_PROFILE ? this.env.AWS_REGION : config[profile]?.region;
    const region = (s.regionIsDefault && profileRegion) || s.region || 'us-east-1';
    const partition = partitionOf(region);
    const sources = { setting: s.endpoint, env: this.env, profile, config };
    const iamEndpoint = resolveEndpoint('iam', sources);
    const stsEndpoint = resolveEndpoint('sts', sources);
    const common = {
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
    const credentials: AwsCredentialIdentityProvider =
      profile === ENVIRONMENT_PROFILE
        ? fromEnv()
        : sharedCredentials(fromIni({
            profile,
            ignoreCache: true,
            mfaCodeProvider: (serial) => this.hooks.mfaCode(profile, serial),
            // The STS client that assumes roles goes where this profile's STS goes.
            clientConfig: { region, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}) },
          }));
    const iam = new IAMClient({
      ...common,
      region: iamSigningRegion(partition),
      credentials,
      ...(iamEndpoint ? { endpoint: iamEndpoint } : {}),
    });
    const sts = new STSClient({ ...common, region, credentials, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}) });
    instrumentClient(iam, this.retries);
    instrumentClient(sts, this.retries);
    // Verifying a new key: signed with that key only, no SDK retries (rotation backs off itself).
    const stsWith = (key: { accessKeyId: string; secretAccessKey: string }) =>
      new STSClient({ requestHandler: common.requestHandler, maxAttempts: 1, region, credentials: key, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}) });
    const accessKeys = new SdkAccessKeyService(iam, stsWith);
    return { profile, service: new SdkIamService(iam, sts), accessKeys, region, partition, iamEndpoint, stsEndpoint };
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

function destroy(c: Connection): void {
  if (c.service instanceof SdkIamService) {
    c.service.iam.destroy();
    c.service.sts.destroy();
  }
}
