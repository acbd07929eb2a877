// IAM's input rules: name and path formats, tag limits, and the policy
// grammar with IAM's size limits. Error codes and messages follow IAM's.
import { IamError, invalidInput, limitExceeded, malformed, validation } from './errors.js';
import { lowerFirst } from './params.js';
import type { Tag } from './state.js';

const NAME_PATTERN = /^[\w+=,.@-]+$/;
const PATH_PATTERN = /^(\/|\/[\u0021-\u007E]+\/)$/;

function constraint(member: string, value: string, rule: string): IamError {
  return validation(
    `1 validation error detected: Value '${value}' at '${lowerFirst(member)}' failed to satisfy constraint: ${rule}`,
  );
}

/** UserName and RoleName 1..64, GroupName, PolicyName and InstanceProfileName 1..128. */
export function checkName(member: string, value: string, maxLength: number): void {
  if (value.length < 1) throw constraint(member, value, 'Member must have length greater than or equal to 1');
  if (value.length > maxLength)
    throw constraint(member, value, `Member must have length less than or equal to ${maxLength}`);
  if (!NAME_PATTERN.test(value))
    throw constraint(member, value, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
}

export function checkPath(value: string | undefined, member = 'Path'): string {
  if (value === undefined) return '/';
  if (value.length > 512) throw constraint(member, value, 'Member must have length less than or equal to 512');
  if (!PATH_PATTERN.test(value)) {
    throw validation(
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    );
  }
  return value;
}

export function checkDescription(value: string | undefined): void {
  if (value !== undefined && value.length > 1000)
    throw constraint('Description', value, 'Member must have length less than or equal to 1000');
}

export function checkMaxSessionDuration(value: number | undefined): void {
  if (value === undefined) return;
  if (value < 3600 || value > 43200) {
    throw validation(
      `The requested MaxSessionDuration of ${value} is invalid. MaxSessionDuration must be between 3600 and 43200 seconds.`,
    );
  }
}

export const MAX_TAGS = 50;

export function checkTags(tags: Tag[]): void {
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128)
      throw constraint('Tags.member.Key', tag.Key, 'Member must have length between 1 and 128');
    if (tag.Value.length > 256)
      throw constraint('Tags.member.Value', tag.Value, 'Member must have length less than or equal to 256');
    if (/^aws:/i.test(tag.Key)) throw invalidInput('User-provided tag keys cannot start with aws:');
  }
  const keys = new Set(tags.map((t) => t.Key.toLowerCase()));
  if (keys.size !== tags.length)
    throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
}

/** Merges tags as TagUser does: same key (case-insensitive) replaces, 50 at most. */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  checkTags(added);
  const merged = existing.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase()));
  merged.push(...added);
  if (merged.length > MAX_TAGS) throw limitExceeded(`The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
  return merged;
}

// ---- policy documents -------------------------------------------------------

export type PolicyKind = 'identity' | 'trust';

/** IAM counts policy size without white space. */
export function policySize(document: string): number {
  return document.replace(/\s+/g, '').length;
}

export const LIMITS = {
  managedPolicySize: 6144,
  userInlineTotal: 2048,
  groupInlineTotal: 5120,
  roleInlineTotal: 10240,
  trustPolicySize: 2048,
  versionsPerPolicy: 5,
  attachedPerEntity: 10,
  accessKeysPerUser: 2,
  mfaDevicesPerUser: 8,
  groupsPerUser: 10,
  rolesPerInstanceProfile: 1,
} as const;

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const ACTION_PATTERN = /^([a-zA-Z0-9-]+:[a-zA-Z0-9*?]+|\*)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOrStrings(value: unknown): value is string | string[] {
  return (
    typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
  );
}

/**
 * Parses and checks a policy document's grammar. Throws MalformedPolicyDocument
 * with IAM's messages.
 */
export function checkPolicyDocument(document: string, kind: PolicyKind): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('Syntax errors in policy.');
  }
  if (!isObject(parsed)) throw malformed('Syntax errors in policy.');
  for (const key of Object.keys(parsed)) {
    if (!['Version', 'Id', 'Statement'].includes(key)) throw malformed(`Syntax errors in policy. Unknown field ${key}`);
  }
  if (parsed.Version !== undefined && parsed.Version !== '2012-10-17' && parsed.Version !== '2008-10-17') {
    throw malformed('The policy failed legacy parsing');
  }
  const statements = parsed.Statement;
  if (statements === undefined) throw malformed('Missing required field Statement');
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) throw malformed('Missing required field Statement');
  for (const statement of list) checkStatement(statement, kind);
}

function checkStatement(statement: unknown, kind: PolicyKind): void {
  if (!isObject(statement)) throw malformed('Syntax errors in policy.');
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.has(key)) throw malformed(`Syntax errors in policy. Unknown field ${key}`);
  }
  if (statement.Effect === undefined) throw malformed('Missing required field Effect');
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
    throw malformed(`Invalid effect: ${String(statement.Effect)}`);
  if (statement.Sid !== undefined && (typeof statement.Sid !== 'string' || !/^[A-Za-z0-9]*$/.test(statement.Sid))) {
    throw malformed(
      'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
    );
  }
  const hasAction = statement.Action !== undefined;
  const hasNotAction = statement.NotAction !== undefined;
  if (!hasAction && !hasNotAction) throw malformed('Policy statement must contain actions.');
  if (hasAction && hasNotAction)
    throw malformed('Syntax errors in policy. Statement cannot contain both Action and NotAction');
  const actions = statement.Action ?? statement.NotAction;
  if (!isStringOrStrings(actions)) throw malformed('Syntax errors in policy.');
  for (const action of typeof actions === 'string' ? [actions] : actions) {
    if (!ACTION_PATTERN.test(action))
      throw malformed('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
    if (kind === 'trust' && action !== '*' && !action.toLowerCase().startsWith('sts:')) {
      throw malformed('AssumeRole policy may only specify STS AssumeRole actions.');
    }
  }
  const hasResource = statement.Resource !== undefined || statement.NotResource !== undefined;
  if (statement.Resource !== undefined && statement.NotResource !== undefined) {
    throw malformed('Syntax errors in policy. Statement cannot contain both Resource and NotResource');
  }
  for (const resources of [statement.Resource, statement.NotResource]) {
    if (resources !== undefined && !isStringOrStrings(resources)) throw malformed('Syntax errors in policy.');
  }
  const hasPrincipal = statement.Principal !== undefined || statement.NotPrincipal !== undefined;
  if (kind === 'identity') {
    if (hasPrincipal) throw malformed('Policy document should not specify a principal.');
    if (!hasResource) throw malformed('Policy statement must contain resources.');
  } else {
    if (!hasPrincipal) throw malformed('Missing required field Principal');
    if (hasResource) throw malformed('Has prohibited field Resource');
    const principal = statement.Principal ?? statement.NotPrincipal;
    if (principal !== '*' && !isObject(principal)) throw malformed('Invalid principal in policy');
  }
  if (statement.Condition !== undefined && !isObject(statement.Condition)) throw malformed('Syntax errors in policy.');
}

/** Grammar plus the managed policy size limit. */
export function checkManagedPolicyDocument(document: string): void {
  checkPolicyDocument(document, 'identity');
  if (policySize(document) > LIMITS.managedPolicySize)
    throw limitExceeded(`Cannot exceed quota for PolicySize: ${LIMITS.managedPolicySize}`);
}

export function checkTrustPolicyDocument(document: string): void {
  checkPolicyDocument(document, 'trust');
  if (policySize(document) > LIMITS.trustPolicySize)
    throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${LIMITS.trustPolicySize}`);
}
