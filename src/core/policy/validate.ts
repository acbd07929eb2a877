/**
 * The validator: a synchronous pass (JSON, grammar, security, size) that is fast
 * enough to run on every keystroke, and an asynchronous catalog pass on top.
 */
import type { ActionCatalog } from './catalog';
import { checkAgainstCatalog } from './catalogChecks';
import { checkGrammar } from './grammar';
import type { PolicyModel } from './model';
import { parseDocument } from './parse';
import { checkSecurity } from './security';
import { checkSize, defaultSizeLimit } from './size';
import type { Finding, PolicyKind } from './types';

export interface ValidateOptions {
  /**
   * IAM's size quota to check against, in characters without white space. Default:
   * 6,144 for identity (a managed policy), 2,048 for trust, none for resource
   * policies. Pass `Infinity` to skip the check.
   */
  sizeLimit?: number;
  /** When given, actions and condition keys are checked against it. */
  catalog?: ActionCatalog;
}

export interface Analysis {
  findings: Finding[];
  /** The located model, or undefined when the text could not be parsed into an object. */
  policy: PolicyModel | undefined;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Orders findings by position, then severity: the order of a findings list. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.from - b.from || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.to - b.to,
  );
}

/** The synchronous passes, also returning the model for summary and completion. */
export function analyzePolicy(text: string, kind: PolicyKind, opts: Pick<ValidateOptions, 'sizeLimit'> = {}): Analysis {
  const parsed = parseDocument(text);
  const findings = [...parsed.findings];
  let policy: PolicyModel | undefined;
  if (parsed.root) {
    const grammar = checkGrammar(parsed.root, kind);
    policy = grammar.policy;
    findings.push(...grammar.findings, ...checkSecurity(policy, kind));
  }
  const limit = opts.sizeLimit ?? defaultSizeLimit(kind);
  if (limit !== undefined && parsed.findings.every((f) => f.code !== 'document-too-large')) {
    const size = checkSize(text, limit);
    if (size) findings.push(size);
  }
  return { findings: sortFindings(findings), policy };
}

/** JSON, grammar, security and size findings, synchronously. */
export function validatePolicySync(
  text: string,
  kind: PolicyKind,
  opts: Pick<ValidateOptions, 'sizeLimit'> = {},
): Finding[] {
  return analyzePolicy(text, kind, opts).findings;
}

/** Every finding, including the catalog pass when `opts.catalog` is given. */
export async function validatePolicy(text: string, kind: PolicyKind, opts: ValidateOptions = {}): Promise<Finding[]> {
  const { findings, policy } = analyzePolicy(text, kind, opts);
  if (!opts.catalog || !policy) return findings;
  return sortFindings([...findings, ...(await checkAgainstCatalog(policy, opts.catalog))]);
}
