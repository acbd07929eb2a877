/**
 * The IAM grammar pass: checks the parsed JSON against the policy language for the
 * document's kind and builds the located model that later passes read.
 */
import type { Node } from 'jsonc-parser';
import { checkResourceArn } from './arn';
import { checkConditionValue, parseOperator } from './conditions';
import type {
  ActionElement,
  ConditionEntry,
  PolicyModel,
  PrincipalElement,
  ResourceElement,
  StatementModel,
} from './model';
import { asciiSkeleton } from './unicode';
import { actionPatternMatches } from './wildcard';
import type { FindingCode } from './codes';
import type { Finding, Located, PolicyKind, Severity } from './types';

const TOP_LEVEL = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
/** Actions a role trust policy may grant. */
export const TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

/**
 * `prefix:name`. The prefix is a service prefix (`s3`), `aws`, or an identity
 * provider's host for web-identity keys (`token.actions.githubusercontent.com:sub`,
 * `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud`).
 */
export const CONDITION_KEY_SHAPE = /^[A-Za-z0-9._/-]+:\S+$/;

/** `service:Action`, wildcards allowed in the action part. */
const ACTION_SHAPE = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/;

export interface GrammarResult {
  findings: Finding[];
  policy: PolicyModel;
}

class Reporter {
  readonly findings: Finding[] = [];
  add(severity: Severity, code: FindingCode, message: string, at: { from: number; to: number }): void {
    this.findings.push({ severity, code, message, from: at.from, to: at.to });
  }
}

function span(node: Node): { from: number; to: number } {
  return { from: node.offset, to: node.offset + node.length };
}

/** The first character of a node: where "missing element" findings point. */
function head(node: Node): { from: number; to: number } {
  return { from: node.offset, to: node.offset + 1 };
}

function properties(node: Node): { name: string; key: Node; value: Node | undefined }[] {
  const out: { name: string; key: Node; value: Node | undefined }[] = [];
  for (const prop of node.children ?? []) {
    const key = prop.children?.[0];
    if (key && typeof key.value === 'string') out.push({ name: key.value, key, value: prop.children?.[1] });
  }
  return out;
}

function describeType(node: Node): string {
  return node.type === 'null' ? 'null' : `a${node.type === 'array' || node.type === 'object' ? 'n' : ''} ${node.type}`;
}

/** Suggests the element the user meant: case mistakes and look-alike characters. */
function unknownElementMessage(name: string, allowed: readonly string[], where: string): string {
  const skeleton = asciiSkeleton(name);
  const near = allowed.find((a) => a.toLowerCase() === skeleton.toLowerCase());
  if (near !== undefined && skeleton !== name) {
    return `"${name}" contains characters that only look like "${near}". Retype it as "${near}".`;
  }
  if (near !== undefined) return `Element names are case-sensitive: write "${near}" instead of "${name}".`;
  return `"${name}" is not an element of ${where}. Allowed: ${allowed.join(', ')}.`;
}

/** Checks the grammar of `root` for a policy of `kind`. */
export function checkGrammar(root: Node, kind: PolicyKind): GrammarResult {
  const r = new Reporter();
  const policy: PolicyModel = { version: undefined, statements: [] };
  if (root.type !== 'object') {
    r.add(
      'error',
      'not-an-object',
      `A policy is a JSON object ({"Version": ..., "Statement": ...}), not ${describeType(root)}.`,
      span(root),
    );
    return { findings: r.findings, policy };
  }

  let statementNode: Node | undefined;
  for (const { name, key, value } of properties(root)) {
    if (!value) continue;
    if (name === 'Version') {
      checkVersion(r, value, policy);
    } else if (name === 'Id') {
      if (value.type !== 'string')
        r.add('error', 'element-type', `Id must be a string, not ${describeType(value)}.`, span(value));
    } else if (name === 'Statement') {
      statementNode = value;
    } else {
      r.add('error', 'unknown-element', unknownElementMessage(name, TOP_LEVEL, 'a policy'), span(key));
    }
  }
  if (!policy.version) {
    r.add(
      'warning',
      'version-missing',
      'No Version: IAM then uses the 2008-10-17 language, without policy variables. Add "Version": "2012-10-17".',
      head(root),
    );
  }

  if (!statementNode) {
    r.add(
      'error',
      'statement-missing',
      'The policy has no Statement. Add "Statement": [ { "Effect": ..., "Action": ..., ... } ].',
      head(root),
    );
    return { findings: r.findings, policy };
  }
  const statementNodes: Node[] = [];
  if (statementNode.type === 'object') statementNodes.push(statementNode);
  else if (statementNode.type === 'array') {
    if ((statementNode.children ?? []).length === 0)
      r.add('error', 'statement-empty', 'Statement is an empty list. Add at least one statement.', span(statementNode));
    for (const item of statementNode.children ?? []) {
      if (item.type === 'object') statementNodes.push(item);
      else r.add('error', 'element-type', `Each statement must be an object, not ${describeType(item)}.`, span(item));
    }
  } else {
    r.add(
      'error',
      'element-type',
      `Statement must be an object or a list of objects, not ${describeType(statementNode)}.`,
      span(statementNode),
    );
  }

  const sids = new Map<string, number>();
  statementNodes.forEach((node, index) => {
    const st = checkStatement(r, node, index, kind);
    policy.statements.push(st);
    if (st.sid && st.sid.value !== '') {
      if (sids.has(st.sid.value)) {
        r.add(
          'error',
          'duplicate-sid',
          `Sid "${st.sid.value}" is already used by statement ${(sids.get(st.sid.value) ?? 0) + 1}. Sids must ` +
            `be unique: rename one.`,
          st.sid,
        );
      } else sids.set(st.sid.value, index);
    }
  });

  if (policy.version?.value === '2008-10-17') checkVariablesIn2008(r, policy);
  return { findings: r.findings, policy };
}

function checkVersion(r: Reporter, value: Node, policy: PolicyModel): void {
  if (value.type !== 'string' || typeof value.value !== 'string') {
    r.add(
      'error',
      'version-invalid',
      `Version must be the string "2012-10-17", not ${describeType(value)}.`,
      span(value),
    );
    return;
  }
  policy.version = { value: value.value, ...span(value) };
  if (value.value === '2008-10-17') {
    r.add(
      'warning',
      'version-old',
      'Version 2008-10-17 is the old policy language: policy variables such as ${aws:username} are not ' +
        'supported. Use "2012-10-17".',
      span(value),
    );
  } else if (value.value !== '2012-10-17') {
    r.add(
      'error',
      'version-invalid',
      `"${value.value}" is not a policy language version. Use "2012-10-17" (a version is a fixed date, not ` +
        `today's date).`,
      span(value),
    );
  }
}

function checkStatement(r: Reporter, node: Node, index: number, kind: PolicyKind): StatementModel {
  const st: StatementModel = {
    index,
    ...span(node),
    sid: undefined,
    effect: undefined,
    action: undefined,
    resource: undefined,
    principal: undefined,
    conditions: [],
  };
  const seen = new Map<string, Node>();
  for (const { name, key, value } of properties(node)) {
    if (!value) continue;
    if (!STATEMENT_ELEMENTS.includes(name)) {
      r.add('error', 'unknown-element', unknownElementMessage(name, STATEMENT_ELEMENTS, 'a statement'), span(key));
      continue;
    }
    seen.set(name, key);
    switch (name) {
      case 'Sid':
        st.sid = checkSid(r, value, kind);
        break;
      case 'Effect':
        st.effect = checkEffect(r, value);
        break;
      case 'Action':
      case 'NotAction':
        if (st.action) break; // the conflict is reported below
        st.action = readActions(r, name, key, value, kind);
        break;
      case 'Resource':
      case 'NotResource':
        if (kind === 'trust') {
          r.add(
            'error',
            'resource-not-allowed',
            `A trust policy has no ${name}: the resource is the role itself. Remove "${name}".`,
            span(key),
          );
          break;
        }
        if (st.resource) break;
        st.resource = readResources(r, name, key, value);
        break;
      case 'Principal':
      case 'NotPrincipal':
        if (kind === 'identity') {
          r.add(
            'error',
            'principal-not-allowed',
            `An identity policy should not specify a principal: it applies to the user, group or role it is ` +
              `attached to. Remove "${name}".`,
            span(key),
          );
          break;
        }
        if (st.principal) break;
        st.principal = readPrincipal(r, name, key, value);
        break;
      case 'Condition':
        st.conditions = readConditions(r, value);
        break;
    }
  }

  const where = head(node);
  if (!seen.has('Effect'))
    r.add('error', 'effect-missing', 'The statement has no Effect. Add "Effect": "Allow" or "Effect": "Deny".', where);
  pairRule(r, seen, ['Action', 'NotAction'], ['action-missing', 'action-conflict'], where);
  if (kind !== 'trust')
    pairRule(r, seen, ['Resource', 'NotResource'], ['resource-missing', 'resource-conflict'], where);
  if (kind !== 'identity')
    pairRule(r, seen, ['Principal', 'NotPrincipal'], ['principal-missing', 'principal-conflict'], where);
  return st;
}

const EXAMPLES: Readonly<Record<string, string>> = {
  Action: '"Action": ["s3:GetObject"]',
  Resource: '"Resource": "arn:aws:s3:::my-bucket/*"',
  Principal: '"Principal": {"AWS": "arn:aws:iam::123456789012:root"}',
};

/** Exactly one of `a` and `b`. */
function pairRule(
  r: Reporter,
  seen: Map<string, Node>,
  [a, b]: [string, string],
  [missing, conflict]: [FindingCode, FindingCode],
  where: { from: number; to: number },
): void {
  const ka = seen.get(a);
  const kb = seen.get(b);
  if (ka && kb) {
    r.add('error', conflict, `A statement takes either ${a} or ${b}, not both. Remove one of them.`, span(kb));
  } else if (!ka && !kb) {
    r.add(
      'error',
      missing,
      `The statement has no ${a} (or ${b}). Add one, for example ${EXAMPLES[a] ?? `"${a}": ...`}.`,
      where,
    );
  }
}

function checkSid(r: Reporter, value: Node, kind: PolicyKind): Located<string> | undefined {
  if (value.type !== 'string' || typeof value.value !== 'string') {
    r.add('error', 'element-type', `Sid must be a string, not ${describeType(value)}.`, span(value));
    return undefined;
  }
  const sid = { value: value.value, ...span(value) };
  // IAM (identity and trust policies) accepts only letters and digits. Resource policies are
  // checked by their own service, which accepts any text: AWS's own default KMS key policy has
  // "Enable IAM User Permissions", the default SNS topic policy "__default_statement_ID".
  if (kind !== 'resource' && !/^[A-Za-z0-9]*$/.test(value.value)) {
    r.add(
      'error',
      'sid-format',
      `Sid "${value.value}" may contain only letters (A-Z, a-z) and digits (0-9). Remove spaces and punctuation.`,
      sid,
    );
  }
  return sid;
}

function checkEffect(r: Reporter, value: Node): Located<'Allow' | 'Deny'> | undefined {
  if (value.value === 'Allow' || value.value === 'Deny') return { value: value.value, ...span(value) };
  if (typeof value.value === 'string') {
    const fixed = asciiSkeleton(value.value).toLowerCase();
    const hint = fixed === 'allow' ? ' Write "Allow".' : fixed === 'deny' ? ' Write "Deny".' : '';
    r.add(
      'error',
      'effect-invalid',
      `Effect must be "Allow" or "Deny" (case-sensitive), not "${value.value}".${hint}`,
      span(value),
    );
  } else {
    r.add(
      'error',
      'effect-invalid',
      `Effect must be the string "Allow" or "Deny", not ${describeType(value)}.`,
      span(value),
    );
  }
  return undefined;
}

/** Reads a string-or-list-of-strings element, reporting other shapes. */
function readStringList(r: Reporter, name: string, value: Node): Located<string>[] {
  const items = value.type === 'array' ? (value.children ?? []) : [value];
  if (value.type === 'array' && items.length === 0) {
    r.add(
      'error',
      'empty-list',
      `${name} is an empty list, which matches nothing. Add at least one value.`,
      span(value),
    );
  }
  const out: Located<string>[] = [];
  for (const item of items) {
    if (item.type === 'string' && typeof item.value === 'string') out.push({ value: item.value, ...span(item) });
    else r.add('error', 'element-type', `${name} values must be strings, not ${describeType(item)}.`, span(item));
  }
  return out;
}

function readActions(
  r: Reporter,
  name: 'Action' | 'NotAction',
  key: Node,
  value: Node,
  kind: PolicyKind,
): ActionElement {
  const values = readStringList(r, name, value);
  for (const v of values) {
    if (v.value === '*') continue;
    if (!ACTION_SHAPE.test(v.value)) {
      const skeleton = asciiSkeleton(v.value);
      const message =
        skeleton !== v.value && ACTION_SHAPE.test(skeleton)
          ? `"${v.value}" contains characters that only look like ASCII. Retype it as "${skeleton}".`
          : v.value === ''
            ? 'An empty action matches nothing. Write service:Action, for example "s3:GetObject".'
            : `"${v.value}" is not an action. Write service:Action, for example "s3:GetObject" or "ec2:Describe*".`;
      r.add('error', 'action-format', message, v);
      continue;
    }
    if (kind === 'trust' && name === 'Action' && !isTrustAction(v.value)) {
      r.add(
        'warning',
        'trust-action',
        `A trust policy grants only ${TRUST_ACTIONS.join(', ')}; "${v.value}" has no effect here.`,
        v,
      );
    }
  }
  return { key: name, keyFrom: key.offset, keyTo: key.offset + key.length, values };
}

function isTrustAction(action: string): boolean {
  return action.toLowerCase() === 'sts:*' || TRUST_ACTIONS.some((a) => actionPatternMatches(action, a));
}

function readResources(r: Reporter, name: 'Resource' | 'NotResource', key: Node, value: Node): ResourceElement {
  const values = readStringList(r, name, value);
  for (const v of values) {
    const problem = checkResourceArn(v.value);
    if (problem) r.add(problem.severity, 'resource-format', problem.message, v);
  }
  return { key: name, keyFrom: key.offset, keyTo: key.offset + key.length, values };
}

function readPrincipal(r: Reporter, name: 'Principal' | 'NotPrincipal', key: Node, value: Node): PrincipalElement {
  const el: PrincipalElement = {
    key: name,
    keyFrom: key.offset,
    keyTo: key.offset + key.length,
    anyone: false,
    entries: [],
  };
  if (value.type === 'string') {
    if (value.value === '*') {
      el.anyone = true;
      el.entries.push({ type: '*', values: [{ value: '*', ...span(value) }] });
    } else {
      r.add(
        'error',
        'principal-format',
        `${name} must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"} or {"Service": ` +
          `"ec2.amazonaws.com"}.`,
        span(value),
      );
    }
    return el;
  }
  if (value.type !== 'object') {
    r.add('error', 'element-type', `${name} must be "*" or an object, not ${describeType(value)}.`, span(value));
    return el;
  }
  if ((value.children ?? []).length === 0) {
    r.add(
      'error',
      'principal-format',
      `${name} is an empty object. Name at least one principal, for example {"Service": "lambda.amazonaws.com"}.`,
      span(value),
    );
  }
  for (const { name: type, key: typeKey, value: typeValue } of properties(value)) {
    if (!typeValue) continue;
    if (!PRINCIPAL_TYPES.includes(type)) {
      r.add('error', 'principal-type', unknownElementMessage(type, PRINCIPAL_TYPES, 'a principal'), span(typeKey));
      continue;
    }
    const values = readStringList(r, `${name}.${type}`, typeValue);
    for (const v of values) {
      const problem = checkPrincipalValue(type, v.value);
      if (problem) r.add(problem.severity, 'principal-format', problem.message, v);
      if (type === 'AWS' && v.value === '*') el.anyone = true;
    }
    el.entries.push({ type, values });
  }
  return el;
}

function checkPrincipalValue(type: string, v: string): { severity: Severity; message: string } | undefined {
  switch (type) {
    case 'AWS': {
      if (v === '*' || /^\d{12}$/.test(v)) return undefined;
      if (/^arn:[a-z-]+:(iam|sts)::(\d{12}|aws):[^*?]+$/.test(v)) return undefined;
      // A CloudFront origin access identity, as S3 bucket policies name it.
      if (/^arn:[a-z-]+:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/.test(v)) return undefined;
      if (/^A[A-Z0-9]{15,}$/.test(v)) {
        return {
          severity: 'warning',
          message:
            `"${v}" is the unique ID of a principal that was deleted; IAM shows it in place of the ARN. Remove it ` +
            `or name the current principal.`,
        };
      }
      if (/[*?]/.test(v)) {
        return {
          severity: 'error',
          message:
            `Wildcards are not allowed in a principal ARN ("${v}"). Use "*" with a condition on aws:PrincipalArn ` +
            `instead.`,
        };
      }
      return {
        severity: 'error',
        message:
          `"${v}" is not an AWS principal. Use an account ID (123456789012), an ARN such as ` +
          `arn:aws:iam::123456789012:role/name, or "*".`,
      };
    }
    case 'Service':
      return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(v) || /^[a-z0-9.-]+\.amazon\.com$/.test(v)
        ? undefined
        : {
            severity: 'warning',
            message: `"${v}" does not look like a service principal; they read like "ec2.amazonaws.com".`,
          };
    case 'Federated':
      return /^arn:[a-z-]+:iam::\d{12}:(saml-provider|oidc-provider)\/.+$/.test(v) ||
        /^[a-z0-9.-]+\.[a-z]{2,}(\/.*)?$/.test(v)
        ? undefined
        : {
            severity: 'warning',
            message:
              `"${v}" does not look like a federated principal: use a SAML or OIDC provider ARN, or a provider ` +
              `such as cognito-identity.amazonaws.com.`,
          };
    case 'CanonicalUser':
      return /^[0-9a-f]{64}$/.test(v)
        ? undefined
        : { severity: 'warning', message: `"${v}" is not a canonical user ID (64 hexadecimal characters).` };
    default:
      return undefined;
  }
}

function readConditions(r: Reporter, value: Node): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  if (value.type !== 'object') {
    r.add(
      'error',
      'element-type',
      `Condition must be an object such as {"StringEquals": {"aws:PrincipalTag/team": "admins"}}, not ` +
        `${describeType(value)}.`,
      span(value),
    );
    return out;
  }
  for (const { name: opName, key: opKey, value: block } of properties(value)) {
    if (!block) continue;
    const parsed = parseOperator(opName);
    if (!parsed.ok) r.add('error', 'condition-operator', parsed.message, span(opKey));
    if (block.type !== 'object') {
      r.add(
        'error',
        'element-type',
        `The value of ${opName} must be an object mapping condition keys to values, not ${describeType(block)}.`,
        span(block),
      );
      continue;
    }
    for (const { name: condKey, key: condKeyNode, value: condValue } of properties(block)) {
      if (!condValue) continue;
      const keyLoc = { value: condKey, ...span(condKeyNode) };
      if (!CONDITION_KEY_SHAPE.test(condKey)) {
        const skeleton = asciiSkeleton(condKey);
        const message =
          skeleton !== condKey
            ? `"${condKey}" contains characters that only look like ASCII. Retype it as "${skeleton}".`
            : `"${condKey}" is not a condition key. Keys read service:name, for example "aws:SourceIp" or "s3:prefix".`;
        r.add('error', 'condition-key-format', message, keyLoc);
      }
      const values = readConditionValues(r, condKey, condValue);
      if (parsed.ok) {
        for (const v of values) {
          const problem = checkConditionValue(parsed.operator.family, v.value);
          if (problem) r.add('error', 'condition-value', `${problem} (${opName} on ${condKey})`, v);
          else if (literalWildcard(parsed.operator.base, v.value))
            r.add(
              'warning',
              'condition-value',
              `${parsed.operator.base} compares text exactly, so the "*" in "${v.value}" matches only an asterisk ` +
                `(${condKey}). Use ${parsed.operator.base.replace('Equals', 'Like').replace('IgnoreCase', '')} ` +
                'to match a pattern.',
              v,
            );
        }
      }
      out.push({ operator: { value: opName, ...span(opKey) }, key: keyLoc, values });
    }
  }
  return out;
}

/**
 * A `*` outside a policy variable in a value of StringEquals or StringNotEquals: those
 * operators have no wildcards (`"kms:ViaService": "s3.*.amazonaws.com"` never matches),
 * StringLike does. `${*}` is the way to write a literal asterisk, so it is not reported.
 */
function literalWildcard(base: string, value: string | number | boolean): boolean {
  if (typeof value !== 'string' || !/^String(Not)?Equals(IgnoreCase)?$/.test(base)) return false;
  return value.replace(/\$\{[^}]*\}/g, '').includes('*');
}

function readConditionValues(r: Reporter, key: string, value: Node): Located<string | number | boolean>[] {
  const items = value.type === 'array' ? (value.children ?? []) : [value];
  if (value.type === 'array' && items.length === 0) {
    r.add(
      'error',
      'empty-list',
      `The condition on ${key} has an empty list of values. Add at least one value.`,
      span(value),
    );
  }
  const out: Located<string | number | boolean>[] = [];
  for (const item of items) {
    const v: unknown = item.value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push({ value: v, ...span(item) });
    else
      r.add(
        'error',
        'element-type',
        `Condition values must be strings, numbers or booleans, not ${describeType(item)}.`,
        span(item),
      );
  }
  return out;
}

function checkVariablesIn2008(r: Reporter, policy: PolicyModel): void {
  const located: Located<unknown>[] = [];
  for (const st of policy.statements) {
    located.push(...(st.resource?.values ?? []));
    for (const c of st.conditions) located.push(...c.values);
  }
  for (const v of located) {
    if (typeof v.value === 'string' && v.value.includes('${')) {
      r.add(
        'warning',
        'variable-needs-2012',
        `Policy variables need Version "2012-10-17"; with 2008-10-17, "${v.value}" is matched literally.`,
        v,
      );
    }
  }
}
