/**
 * The evaluation engine's input and output. Plain JSON-safe data: the CLI reads
 * and prints these shapes, the VS Code layer builds them from the account model.
 */

/** A policy document: a parsed JSON object, or the policy's text (then positions are reported). */
export type PolicyInput = string | Record<string, unknown>;

/** A request context value: a string, or several for a multivalued key (`aws:TagKeys`). */
export type ContextValue = string | string[];

export interface EvalRequest {
  /**
   * The ARN of the principal making the request: `arn:aws:iam::111122223333:user/Bob`,
   * `arn:aws:iam::111122223333:role/R`, `arn:aws:sts::111122223333:assumed-role/R/session`,
   * `arn:aws:sts::111122223333:federated-user/Bob`, `arn:aws:iam::111122223333:root`; or a
   * service principal (`s3.amazonaws.com`), or `*` for an anonymous request.
   */
  principal: string;
  /** `service:Action`, matched case-insensitively. */
  action: string;
  /** The resource ARN, matched case-sensitively; `*` when the action takes no resource. */
  resource: string;
  /**
   * The account that owns the resource. When absent: the account field of the resource
   * ARN when it has one (12 digits), else the principal's account (same-account request).
   */
  resourceAccount?: string;
  /** Context keys (names case-insensitive). Nothing is derived: a key absent here is missing. */
  context?: Record<string, ContextValue>;
}

export interface EvalInput {
  identityPolicies: PolicyInput[];
  permissionsBoundary?: PolicyInput | null;
  sessionPolicies?: PolicyInput[];
  resourcePolicy?: PolicyInput | null;
  /** One array per level of the organization (root, OUs, account); every level must allow. */
  serviceControlPolicies?: PolicyInput[][];
  /** Same shape as SCPs, for the resource's account. */
  resourceControlPolicies?: PolicyInput[][];
  request: EvalRequest;
}

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export type Layer = 'identity' | 'boundary' | 'session' | 'resource' | 'scp' | 'rcp';

export interface Position {
  /** 0-based offset of the statement's opening brace in the document text. */
  offset: number;
  /** 1-based line and column. */
  line: number;
  column: number;
}

/** A statement that applied to the request (its action, resource, principal and conditions matched). */
export interface MatchedStatement {
  layer: Layer;
  /** Index of the policy within its layer (for SCPs/RCPs: within its level). */
  policy: number;
  /** For SCPs and RCPs: the level of the organization (0 = first array). */
  level?: number;
  /** 0-based index of the statement in the document's Statement list. */
  statement: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Present when the document came as text. */
  position?: Position;
}

export interface Explanation {
  /** The layer that decided; `null` when nothing allowed and no single layer is to blame. */
  decidingLayer: Layer | null;
  /** One sentence saying why, naming the layer. */
  reason: string;
  /** The statements that decided (the Deny statements for explicitDeny, the granting ones for allowed). */
  deciding: MatchedStatement[];
  /** Every statement that applied to the request, in every layer. */
  matched: MatchedStatement[];
  /**
   * Condition keys the policies asked for that the request context did not have, as the first policy using each writes
   * it; sorted without case.
   */
  missingContextKeys: string[];
  principalAccount: string | null;
  resourceAccount: string | null;
  crossAccount: boolean;
}

export interface EvalResult {
  decision: Decision;
  explain: Explanation;
}

/** Bad input: `field` is a JSON path-like name of what is wrong (`identityPolicies[1].Statement[0].Effect`). */
export class EvalInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'EvalInputError';
  }
}
