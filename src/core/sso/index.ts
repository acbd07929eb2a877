/**
 * IAM Identity Center (SSO) without VS Code: which sign-in a profile or sso-session is
 * (source), its cached token (token), the accounts and roles it reaches, listed with at most
 * maxConcurrentAccounts accounts at once (accounts), and `[profile …]` sections for chosen
 * accounts and roles (saveProfiles). src/aws/sso.ts puts @aws-sdk/client-sso behind
 * SsoPortalPort and builds credentials with the SDK's SSO provider.
 */
export { SsoError, type SsoErrorCode } from './errors';
export { resolveSsoSource, listSsoSources, type SsoSource, type SsoSourceRef } from './source';
export { readSsoToken, ssoTokenPath, type SsoToken } from './token';
export {
  listSsoAccounts,
  listSsoAccountInfos,
  listSsoAccountRoles,
  filterAccounts,
  roleCounts,
  chooseRole,
  DEFAULT_MAX_CONCURRENT_ACCOUNTS,
  SSO_MAX_RESULTS,
  type SsoAccountInfo,
  type SsoAccountRoles,
  type SsoPortalPort,
  type ListOptions,
} from './accounts';
export {
  addSsoProfiles,
  defaultProfileName,
  ssoProfileValues,
  type SsoProfileEntry,
  type SaveProfilesResult,
} from './saveProfiles';
