/**
 * The safe fixes a finding offers. Access keys: deactivating a key can be undone (activate
 * it again); deleting one cannot and is offered only for keys that are already inactive
 * and idle. Policy statements and trust policies: the fix opens the document in the policy
 * editor, where the user changes and saves it (nothing is rewritten automatically). The finding names the key by its
 * slot in the credential
 * report (1 or 2, in creation order), so the fix finds the key by slot and checks that its
 * creation date is the report's, in case the keys changed since.
 */
import type { PolicyTarget } from '../iam/policySave';
import type { Finding } from './types';

export type FixAction = 'deactivateKey' | 'deleteKey' | 'openPolicy';

const FIXES: Record<string, FixAction> = {
  'IAM.KEYS.OLD': 'deactivateKey',
  'IAM.KEYS.UNUSED': 'deactivateKey',
  'IAM.KEYS.CREATED_WITH_USER': 'deactivateKey',
  'IAM.KEYS.TWO_ACTIVE': 'deactivateKey',
  'IAM.KEYS.INACTIVE_STALE': 'deleteKey',
  'IAM.POLICIES.FULL_ADMIN': 'openPolicy',
  'IAM.POLICIES.PASSROLE_ALL': 'openPolicy',
  'IAM.POLICIES.ASSUME_ROLE_ALL': 'openPolicy',
  'IAM.POLICIES.ALLOW_NOT_ACTION': 'openPolicy',
  'IAM.POLICIES.ALLOW_NOT_RESOURCE': 'openPolicy',
  'IAM.TRUST.ANY_PRINCIPAL': 'openPolicy',
  'IAM.TRUST.CROSS_ACCOUNT_NO_EXTERNAL_ID': 'openPolicy',
  'IAM.TRUST.UNKNOWN_ACCOUNT': 'openPolicy',
  'IAM.TRUST.SERVICE_NO_SOURCE': 'openPolicy',
  'IAM.TRUST.OIDC_NO_SUB': 'openPolicy',
};

export function fixOf(f: Finding): FixAction | undefined {
  return FIXES[f.check];
}

interface KeyEvidence {
  slot: number;
  lastRotated: string;
}

/** The key a key finding is about: its slot and creation date (TWO_ACTIVE: the older key). */
export function keyOfFinding(f: Finding): { slot: 1 | 2; created: Date } | undefined {
  const e = f.evidence as { key?: KeyEvidence; keys?: KeyEvidence[] };
  const candidates = e.key ? [e.key] : (e.keys ?? []);
  const dated = candidates.filter((k) => (k.slot === 1 || k.slot === 2) && !Number.isNaN(Date.parse(k.lastRotated)));
  dated.sort((a, b) => Date.parse(a.lastRotated) - Date.parse(b.lastRotated));
  const k = dated[0];
  return k ? { slot: k.slot as 1 | 2, created: new Date(k.lastRotated) } : undefined;
}

/**
 * Which of the user's keys (as ListAccessKeys returns them) is the report's slot: keys in
 * creation order, and the creation date must match the report's to the second.
 */
export function matchReportKey<K extends { created?: Date }>(
  keys: readonly K[],
  target: { slot: 1 | 2; created: Date },
): K | undefined {
  const ordered = [...keys].sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0));
  const k = ordered[target.slot - 1];
  if (!k?.created) return undefined;
  return Math.abs(k.created.getTime() - target.created.getTime()) < 1000 ? k : undefined;
}

/** The policy document an `openPolicy` fix opens: the statement's policy, or the role's trust policy. */
export function policyOfFinding(f: Finding, profile: string): PolicyTarget | undefined {
  if (fixOf(f) !== 'openPolicy') return undefined;
  const name = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
  if (f.check.startsWith('IAM.TRUST.'))
    return f.entityType === 'role' ? { kind: 'trust', profile, roleName: name(f.entity) } : undefined;
  const e = f.evidence as { policy?: unknown; kind?: unknown };
  if (typeof e.policy !== 'string') return undefined;
  if (e.kind === 'managed' && f.entityType === 'policy')
    return { kind: 'managed', profile, policyArn: f.entity, policyName: e.policy };
  if (e.kind === 'inline' && (f.entityType === 'user' || f.entityType === 'group' || f.entityType === 'role')) {
    return { kind: 'inline', profile, owner: { type: f.entityType, name: name(f.entity) }, policyName: e.policy };
  }
  return undefined;
}
