/**
 * IAM's size quotas. IAM counts characters excluding white space. The inline
 * quotas are totals across all inline policies of one entity, so for an inline
 * policy pass `quota - sizes of the entity's other inline policies`. Prefer the
 * account's live values from GetAccountSummary (PolicySizeQuota, UserPolicySizeQuota,
 * GroupPolicySizeQuota, RolePolicySizeQuota, AssumeRolePolicySizeQuota) to these defaults.
 */
import type { Finding, PolicyKind } from './types';

export const SIZE_LIMITS = {
  managed: 6144,
  inlineUser: 2048,
  inlineGroup: 5120,
  inlineRole: 10240,
  trust: 2048,
} as const;

export type SizeTarget = keyof typeof SIZE_LIMITS;

function isWhite(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The size IAM counts: characters that are not white space. For a live counter. */
export function policySize(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!isWhite(text.charCodeAt(i))) n++;
  return n;
}

/**
 * The default quota for a kind: a managed policy for identity, the trust quota for trust, none for resource policies.
 */
export function defaultSizeLimit(kind: PolicyKind): number | undefined {
  return kind === 'identity' ? SIZE_LIMITS.managed : kind === 'trust' ? SIZE_LIMITS.trust : undefined;
}

/** An error spanning the characters past the limit, or undefined when the text fits. */
export function checkSize(text: string, limit: number): Finding | undefined {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (isWhite(text.charCodeAt(i))) continue;
    if (++n > limit) {
      const size = policySize(text);
      return {
        severity: 'error',
        code: 'size-limit',
        message:
          `The policy has ${size.toLocaleString('en-US')} characters (white space not counted); the limit here is ` +
          `${limit.toLocaleString('en-US')}. Shorten it, for example with wildcards (s3:Get*), or split it into ` +
          `several policies.`,
        from: i,
        to: text.length,
      };
    }
  }
  return undefined;
}
