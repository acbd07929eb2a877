/**
 * The one shape every source format is read into before it reaches the policy
 * core: JSON-like values that remember where each came from in the user's file.
 * `unknown` is a value computed at deploy time (a CloudFormation intrinsic, a
 * Terraform reference or `${...}` interpolation, a CDK variable): it is never an
 * error, and nothing is reported inside it.
 */
import type { PolicyKind } from '../policy/types';

export interface Span {
  /** UTF-16 offset in the source file, inclusive. */
  from: number;
  /** Exclusive. */
  to: number;
}

export type IacValue =
  /** `contentFrom`: where the string's characters appear verbatim in the source, when they do. */
  | (Span & { type: 'string'; value: string; contentFrom?: number })
  | (Span & { type: 'number'; value: number })
  | (Span & { type: 'boolean'; value: boolean })
  | (Span & { type: 'null' })
  | (Span & { type: 'array'; items: IacValue[] })
  | (Span & { type: 'object'; entries: IacEntry[] })
  | (Span & { type: 'unknown'; why: string });

export interface IacEntry {
  key: string;
  keyFrom: number;
  keyTo: number;
  keyContentFrom?: number;
  /** The key itself is computed (a Terraform `"${local.issuer}:sub"`). */
  keyUnknown?: boolean;
  value: IacValue;
}

/** Where a policy was found and how to check it. */
export interface FoundPolicy {
  kind: PolicyKind;
  /** IAM's size quota for this place, in characters without white space; undefined: not checked. */
  sizeLimit: number | undefined;
  /** A short description for messages: `AWS::IAM::Role MyRole AssumeRolePolicyDocument`. */
  label: string;
  /**
   * Either located values (YAML, HCL, CDK, JSON with intrinsics), or a piece of
   * the file that is itself the policy's JSON text, checked as is.
   */
  source:
    | { type: 'value'; value: IacValue }
    /**
     * `offset`: where `text` starts in the file; `toFile`, when the text is not a contiguous piece of the file (a YAML
     * block scalar).
     */
    | { type: 'text'; text: string; offset: number; toFile?: (offset: number) => number };
  /** The span of the whole policy in the file. */
  span: Span;
  /** The resource is implicit here (an ECR repository policy): a missing Resource is fine. */
  implicitResource?: boolean;
  /**
   * A managed policy the file sets as a permissions boundary: it only limits what identity
   * policies grant, so the warnings about what a statement grants do not apply to it.
   */
  boundary?: boolean;
  /**
   * Only some statements of the policy: a tool adds the others at deployment (SAM builds an API's
   * resource policy from `CustomStatements` and its allow and block lists), so an Allow to everyone
   * may well be restricted by statements the file does not show.
   */
  partial?: boolean;
  /** Where IAM keeps this policy once deployed, as far as the file says: for Compare with Deployed Policy. */
  deployed?: DeployedHint;
}

/**
 * What a policy in code becomes in IAM: a managed policy, a role's trust policy, or an
 * inline policy of a role, user or group. `names` are the likely names of the managed
 * policy or of the owner (an explicit name first, then the logical or resource name).
 */
export interface DeployedHint {
  place: 'managed' | 'trust' | 'inline';
  owner?: 'role' | 'user' | 'group';
  names: string[];
  /** An inline policy's own name, when the file gives it. */
  policyName?: string;
}

export function entry(obj: IacValue, key: string): IacEntry | undefined {
  return obj.type === 'object' ? obj.entries.find((e) => !e.keyUnknown && e.key === key) : undefined;
}

export function get(obj: IacValue | undefined, key: string): IacValue | undefined {
  return obj ? entry(obj, key)?.value : undefined;
}

export function stringOf(v: IacValue | undefined): string | undefined {
  return v?.type === 'string' ? v.value : undefined;
}

/** A value made up by the reader (a Terraform default such as Effect "Allow"), located at `at`. */
export function synthetic(value: string, at: Span): IacValue {
  return { type: 'string', value, from: at.from, to: at.to };
}

/**
 * The policy kind when the place does not say (a policy JSON file, a Terraform
 * `aws_iam_policy_document`, a `locals` value): statements with a principal are a
 * trust policy when they grant only `sts:` actions and name no resource, else a
 * resource policy; without a principal, an identity policy.
 */
export function guessKind(doc: IacValue): PolicyKind {
  const st = get(doc, 'Statement');
  const statements = st?.type === 'array' ? st.items : st ? [st] : [];
  let principal = false;
  let resource = false;
  let nonSts = false;
  for (const s of statements) {
    if (s.type !== 'object') continue;
    if (entry(s, 'Principal') || entry(s, 'NotPrincipal')) principal = true;
    if (entry(s, 'Resource') || entry(s, 'NotResource')) resource = true;
    const action = get(s, 'Action') ?? get(s, 'NotAction');
    const actions = action?.type === 'array' ? action.items : action ? [action] : [];
    for (const a of actions) if (a.type === 'string' && !a.value.toLowerCase().startsWith('sts:')) nonSts = true;
  }
  if (!principal) return 'identity';
  return !resource && !nonSts ? 'trust' : 'resource';
}

/** True when the value is an object with a `Statement` entry: the one sign of a policy document. */
export function looksLikePolicy(v: IacValue | undefined): boolean {
  return v?.type === 'object' && entry(v, 'Statement') !== undefined;
}

/**
 * `${aws:username}`, `${s3:prefix}`, `${*}`: IAM policy variables. Any other `${...}`
 * (`${AWS::Region}`, `${bucket}`, and the Serverless Framework's `${self:custom.x}`,
 * `${opt:stage}`, `${env:X}`, `${ssm:/path}`...) is a template placeholder that some tool
 * fills in before IAM sees the text.
 */
const POLICY_VARIABLE =
  /^(?:(?!(?:self|opt|env|cf|file|sls|param|ssm|git|strToBool)[:(])[A-Za-z0-9.-]+:[^:{}()]+|[*?$])$/;

/** True when `s` holds a `${...}` that is not an IAM policy variable. */
export function hasPlaceholder(s: string): boolean {
  for (const m of s.matchAll(/\$\{([^}]*)\}/g)) if (!POLICY_VARIABLE.test(m[1] ?? '')) return true;
  return false;
}

/** True when a text is a template for some other tool (Terraform's templatefile, Jinja, Handlebars, Go templates). */
export function isTemplateText(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('%{') || hasPlaceholder(text);
}
