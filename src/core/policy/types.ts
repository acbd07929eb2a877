/**
 * Shared types of the policy core. Everything here is plain data, so it can cross
 * the webview message channel unchanged. Positions are UTF-16 offsets into the
 * policy text, `from` inclusive and `to` exclusive, as CodeMirror and
 * `TextDocument.positionAt` both expect.
 */

import type { FindingCode } from './codes';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: Severity;
  /** Stable, kebab-case identifier of the rule, e.g. `duplicate-key` (all listed in `codes.ts`). */
  code: FindingCode;
  /** Says what is wrong and how to fix it, in one or two sentences. */
  message: string;
  from: number;
  to: number;
}

/**
 * - `identity`: a managed or inline policy attached to a user, group or role.
 * - `trust`: a role's trust (assume-role) policy.
 * - `resource`: a resource-based policy (bucket policy, key policy, queue policy…).
 */
export type PolicyKind = 'identity' | 'trust' | 'resource';

/** The five access levels of the IAM console's policy summary. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** A value with the span of the JSON token it came from (quotes included for strings). */
export interface Located<T> {
  value: T;
  from: number;
  to: number;
}
