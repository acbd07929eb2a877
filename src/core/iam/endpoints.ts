/** Parsed shared config, as @smithy/shared-ini-file-loader returns it (services sections as `services.<name>`). */
export type ParsedConfig = Record<string, Record<string, string | undefined> | undefined>;

export type EndpointService = 'iam' | 'sts' | 'sso';

export interface EndpointSources {
  /** `iamExplorer.endpoint`: when set, every service goes there. */
  readonly setting?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly profile: string;
  readonly config: ParsedConfig;
}

/**
 * The endpoint URL for one service of one profile, as the AWS CLI picks it
 * (AWS "service-specific endpoints"): the extension's setting first, then
 * AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section,
 * the profile's `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns off
 * everything but the setting. Undefined means AWS's own endpoint.
 */
export function resolveEndpoint(service: EndpointService, src: EndpointSources): string | undefined {
  const setting = src.setting?.trim();
  if (setting) return setting;
  if (src.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  const fromEnv = src.env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] || src.env.AWS_ENDPOINT_URL;
  if (fromEnv) return fromEnv;
  const profile = src.config[src.profile];
  if (profile?.ignore_configured_endpoint_urls?.toLowerCase() === 'true') return undefined;
  const servicesName = profile?.services;
  const fromServices = servicesName ? src.config[`services.${servicesName}`]?.[`${service}.endpoint_url`] : undefined;
  return fromServices || profile?.endpoint_url || undefined;
}
