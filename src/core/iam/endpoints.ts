/** Parsed shared config, as @smithy/shared-ini-file-loader returns it (services sections as `services.<name>`). */
export type ParsedConfig = Record<string, Record<string, string | undefined> | undefined>;

export type EndpointService = 'iam' | 'sts' | 'sso';

export interface EndpointSources {
  /** `iamExplorer.endpoint`: when set, every service goes there. */
  readonly setting?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly profile: string;
  readonly config: ParsedConfig;
  /** The parsed credentials file: its section of the profile counts too, under the config file's. */
  readonly credentials?: ParsedConfig;
}

/**
 * The endpoint URL for one service of one profile (AWS "service-specific endpoints"):
 * `iamExplorer.endpoint` first, then what the AWS SDK itself would resolve for that profile.
 * Undefined means AWS's own endpoint.
 *
 * Why this is not left to the SDK clients: they look configured endpoints up (in
 * @smithy/core's `getEndpointFromConfig(serviceId)`) for the profile in AWS_PROFILE, else
 * `default`, never for the profile a client was made for, and through the shared-file cache
 * (a changed file is not read again). The extension shows several profiles at once, so it
 * resolves each profile's endpoint here, passes it to the clients as `endpoint`, and turns
 * the SDK's own lookup off (`ignoreConfiguredEndpointUrls`): otherwise a profile without an
 * endpoint would send its signed requests to the default profile's endpoint_url.
 *
 * The rules are the SDK's, held to it by a differential test (test/unit/core/iam/endpoints.test.ts):
 * - AWS_IGNORE_CONFIGURED_ENDPOINT_URLS "true" or "false" decides; unset (or another value), the
 *   profile's `ignore_configured_endpoint_urls` does. Ignored means everything below is.
 * - AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL (empty counts as unset);
 * - the profile (config file over credentials file): its `services` section's
 *   `<service>.endpoint_url`, then its `endpoint_url`.
 * One deliberate difference: a profile naming a `services` section the config file lacks is an
 * error here (the SDK drops the profile's endpoints then, and would call AWS itself).
 */
export function resolveEndpoint(service: EndpointService, src: EndpointSources): string | undefined {
  const setting = src.setting?.trim();
  if (setting) return setting;
  const profile = { ...src.credentials?.[src.profile], ...src.config[src.profile] };
  const ignore = flag(src.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) ?? flag(profile.ignore_configured_endpoint_urls);
  if (ignore === true) return undefined;
  const fromEnv = src.env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] || src.env.AWS_ENDPOINT_URL;
  if (fromEnv) return fromEnv;
  if (profile.services !== undefined) {
    const section = src.config[`services.${profile.services}`];
    if (!section)
      throw new Error(
        `Profile ${src.profile} names the services section "${profile.services}", but the AWS config file has no ` +
          `[services ${profile.services}] section. Add it (with ${service} = endpoint_url = …), or remove the ` +
          'services line from the profile.',
      );
    const fromServices = section[`${service}.endpoint_url`];
    if (fromServices) return fromServices;
  }
  return profile.endpoint_url || undefined;
}

/** "true" and "false" (exactly, as the SDK reads them); anything else is unset. */
function flag(value: string | undefined): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}
