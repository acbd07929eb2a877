import type { CredentialsProblem } from './lint';

/** A short name per problem code: the start of the item's label. */
const TITLES: Record<string, string> = {
  'unclosed-header': 'Unclosed section header',
  'empty-header': 'Empty section header',
  'header-spaces': 'Spaces inside a section header',
  'malformed-header': 'Malformed section header',
  'unknown-section': 'Unknown section type',
  'misplaced-header': 'Config-style header in the credentials file',
  'config-missing-profile-prefix': 'Profile header without "profile"',
  'shadowed-default': 'Default profile defined twice',
  'reserved-name': 'Profile name the SDK cannot read',
  'duplicate-section': 'Section defined twice',
  'duplicate-key': 'Key set twice',
  'key-case': 'Key in the wrong case',
  'empty-value': 'Key without a value',
  'outside-section': 'Key above the first section',
  'missing-key': 'Line without a key',
  'colon-separator': 'Line with ":" instead of "="',
  'not-key-value': 'Line that is not key = value',
  'missing-secret': 'Access key id without its secret',
  'missing-key-id': 'Secret without its access key id',
  'malformed-key-id': 'Access key id that does not look like one',
  'stale-session-token': 'Session token with a long-term key',
  'conflicting-source': 'Both source_profile and credential_source',
  'missing-source-profile': 'source_profile that does not exist',
  'role-without-source': 'role_arn without a source',
  'missing-sso-session': 'sso_session that does not exist',
  'missing-services': 'services section that does not exist',
  'not-utf8': 'File not saved as UTF-8',
  'rejected-file': 'File the SDK ignores ([__proto__])',
};

/** The fix: the last sentence of a problem's message, as a clause ("add the ]"). */
function fixOf(message: string): string {
  const sentences = message.replace(/`/g, '').split(/(?<=\.)\s+(?=[A-Z])/);
  const last = (sentences.at(-1) ?? message).replace(/\.$/, '');
  return last.charAt(0).toLowerCase() + last.slice(1);
}

/** The visible text of a problem item: "Unclosed section header at line 6: add the ]". */
export function problemLabel(problem: CredentialsProblem): string {
  const title = TITLES[problem.code] ?? 'Problem';
  return `${title}${problem.line === undefined ? '' : ` at line ${problem.line}`}: ${fixOf(problem.message)}`;
}
