/**
 * Why the IAM view shows its welcome content instead of profile roots, if it does:
 * - `noProfiles`: the AWS config and credentials files hold no profile (or do not exist) and
 *   the environment has no credentials;
 * - `noSelectedProfile`: profiles exist, but none of the selected ones is among them, so none
 *   can connect.
 * A selected profile that exists but fails to connect keeps its root, which says why and how
 * to fix it (an SSO login, an MFA code, a file problem).
 */
export const WELCOME_STATES = ['noProfiles', 'noSelectedProfile'] as const;
export type WelcomeState = (typeof WELCOME_STATES)[number];

export function welcomeState(available: readonly string[], selected: readonly string[]): WelcomeState | undefined {
  if (available.length === 0) return 'noProfiles';
  return selected.some((p) => available.includes(p)) ? undefined : 'noSelectedProfile';
}
