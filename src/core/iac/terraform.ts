/**
 * Policies in Terraform: `jsonencode({...})` and heredoc JSON in any argument,
 * and `data "aws_iam_policy_document"` blocks, which are turned into the JSON
 * policy Terraform would write (Effect defaults to Allow, Version to 2012-10-17).
 * References and `${...}` interpolations are unknowns; `$${aws:username}` is the
 * literal policy variable `${aws:username}`.
 */
import { parseTree, type ParseError } from 'jsonc-parser';
import { SIZE_LIMITS } from '../policy/size';
import type { PolicyKind } from '../policy/types';
import { parseHcl, type HclBlock, type HclBody, type HclExpr } from './hcl';
import {
  get,
  guessKind,
  looksLikePolicy,
  synthetic,
  type FoundPolicy,
  type IacEntry,
  type IacValue,
  type Span,
} from './ir';
import { shareInlineQuota } from './cloudformation';
import { jsonToIac } from './readJson';

/** Resource types whose policy arguments hold resource-based policies. */
const RESOURCE_POLICY_TYPES = new Set([
  'aws_s3_bucket_policy',
  'aws_s3_bucket',
  'aws_s3_access_point',
  'aws_sqs_queue_policy',
  'aws_sqs_queue',
  'aws_sns_topic_policy',
  'aws_sns_topic',
  'aws_kms_key',
  'aws_kms_replica_key',
  'aws_ecr_repository_policy',
  'aws_ecrpublic_repository_policy',
  'aws_secretsmanager_secret_policy',
  'aws_secretsmanager_secret',
  'aws_opensearch_domain_policy',
  'aws_opensearch_domain',
  'aws_elasticsearch_domain_policy',
  'aws_elasticsearch_domain',
  'aws_efs_file_system_policy',
  'aws_backup_vault_policy',
  'aws_glacier_vault',
  'aws_api_gateway_rest_api_policy',
  'aws_api_gateway_rest_api',
  'aws_codeartifact_domain_permissions_policy',
  'aws_codeartifact_repository_permissions_policy',
  'aws_cloudwatch_log_resource_policy',
  'aws_lambda_layer_version_permission',
  'aws_glue_resource_policy',
  'aws_cloudwatch_event_bus_policy',
]);

/** Identity policies and IAM's size quota for each. */
const IDENTITY_POLICY_TYPES: Readonly<Record<string, number | undefined>> = {
  aws_iam_policy: SIZE_LIMITS.managed,
  aws_iam_role_policy: SIZE_LIMITS.inlineRole,
  aws_iam_user_policy: SIZE_LIMITS.inlineUser,
  aws_iam_group_policy: SIZE_LIMITS.inlineGroup,
  aws_ssoadmin_permission_set_inline_policy: undefined,
  // AWS IoT Core policies are attached to certificates and identities: Effect, Action, Resource, no Principal.
  aws_iot_policy: undefined,
};

/** Argument names that hold a policy document. */
const POLICY_ARGUMENTS = new Set([
  'policy',
  'assume_role_policy',
  'inline_policy',
  'access_policies',
  'access_policy',
  'policy_document',
  'resource_policy',
  'json',
]);

/** Terraform template escapes: `$${` is `${`, `%%{` is `%{`; any other `${`/`%{` is computed. */
function unescapeTemplate(s: string): string | undefined {
  if (/(^|[^$%])[$%]\{/.test(s)) return undefined;
  return s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** An HCL expression as located values; anything computed is unknown. */
export function hclToIac(e: HclExpr, text: string): IacValue {
  const at = { from: e.from, to: e.to };
  switch (e.t) {
    case 'string': {
      if (e.value === undefined) return { type: 'unknown', why: 'interpolation', ...at };
      return { type: 'string', value: e.value, ...at, contentFrom: e.contentFrom };
    }
    case 'number':
      return { type: 'number', value: e.value, ...at };
    case 'bool':
      return { type: 'boolean', value: e.value, ...at };
    case 'null':
      return { type: 'null', ...at };
    case 'tuple':
      return { type: 'array', items: e.items.map((i) => hclToIac(i, text)), ...at };
    case 'object': {
      const entries: IacEntry[] = e.items.map((item) => ({
        key: item.key ?? '',
        keyUnknown: item.key === undefined ? true : undefined,
        keyFrom: item.keyFrom,
        keyTo: item.keyTo,
        keyContentFrom: item.keyContentFrom,
        value: hclToIac(item.value, text),
      }));
      return { type: 'object', entries, ...at };
    }
    default:
      return { type: 'unknown', why: e.t, ...at };
  }
}

/** A heredoc holding JSON: checked as text when it interpolates nothing, else read with its interpolations unknown. */
function heredocPolicy(
  e: Extract<HclExpr, { t: 'heredoc' }>,
): { source: FoundPolicy['source']; value: IacValue } | undefined {
  const trimmed = e.content.trimStart();
  if (!trimmed.startsWith('{')) return undefined;
  const errors: ParseError[] = [];
  const tree = parseTree(e.content, errors, { allowTrailingComma: true, disallowComments: false });
  if (!e.interpolated) {
    // Plain JSON: the core sees exactly what IAM will, comments and trailing commas included.
    const value = tree ? jsonToIac(tree, e.content) : undefined;
    if (!value || !looksLikePolicy(value)) return undefined;
    return { source: { type: 'text', text: e.content, offset: e.contentFrom }, value };
  }
  if (!tree || errors.length > 0) return undefined; // interpolation outside strings: not knowable
  const value = shift(jsonToIac(tree, e.content, unescapeTemplate), e.contentFrom);
  return looksLikePolicy(value) ? { source: { type: 'value', value }, value } : undefined;
}

function shift(v: IacValue, by: number): IacValue {
  const s = { from: v.from + by, to: v.to + by };
  switch (v.type) {
    case 'string':
      return { ...v, ...s, contentFrom: v.contentFrom === undefined ? undefined : v.contentFrom + by };
    case 'array':
      return { ...v, ...s, items: v.items.map((i) => shift(i, by)) };
    case 'object':
      return {
        ...v,
        ...s,
        entries: v.entries.map((en) => ({
          ...en,
          keyFrom: en.keyFrom + by,
          keyTo: en.keyTo + by,
          keyContentFrom: en.keyContentFrom === undefined ? undefined : en.keyContentFrom + by,
          value: shift(en.value, by),
        })),
      };
    default:
      return { ...v, ...s };
  }
}

interface Where {
  blockType: string;
  resourceType: string | undefined;
  name: string | undefined;
  /** Names of the enclosing nested blocks, innermost last. */
  nested: string[];
  /** The `name` argument of the resource block, for policies in its nested blocks. */
  resourceNames: string[];
}

/** A string argument's value, or the resource name of a reference such as `aws_iam_role.app.id`. */
function nameArgument(body: HclBody, name: string, text: string): string | undefined {
  const a = body.attributes.find((x) => x.name === name);
  if (!a) return undefined;
  if (a.expr.t === 'string' && a.expr.value !== undefined) return a.expr.value;
  return /^aws_iam_(?:role|user|group)\.([A-Za-z0-9_-]+)\./.exec(text.slice(a.expr.from, a.expr.to))?.[1];
}

const INLINE_OWNERS: Readonly<Record<string, 'role' | 'user' | 'group'>> = {
  aws_iam_role_policy: 'role',
  aws_iam_user_policy: 'user',
  aws_iam_group_policy: 'group',
};
const OWNER_ARGUMENT = { role: 'role', user: 'user', group: 'group' } as const;

/** Where a Terraform policy lives in IAM once applied, with the names the file gives. */
function deployedHint(where: Where, argument: string, body: HclBody, text: string): FoundPolicy['deployed'] {
  if (where.blockType !== 'resource' || !where.resourceType) return undefined;
  const unique = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];
  if (where.resourceType === 'aws_iam_role' && argument === 'assume_role_policy')
    return { place: 'trust', names: unique([nameArgument(body, 'name', text), where.name]) };
  if (where.resourceType === 'aws_iam_role' && where.nested.includes('inline_policy')) {
    return {
      place: 'inline',
      owner: 'role',
      names: unique([...where.resourceNames, where.name]),
      policyName: nameArgument(body, 'name', text),
    };
  }
  if (where.resourceType === 'aws_iam_policy')
    return { place: 'managed', names: unique([nameArgument(body, 'name', text), where.name]) };
  const owner = INLINE_OWNERS[where.resourceType];
  if (owner)
    return {
      place: 'inline',
      owner,
      names: unique([nameArgument(body, OWNER_ARGUMENT[owner], text)]),
      policyName: nameArgument(body, 'name', text),
    };
  return undefined;
}

/** Resource policies that must name their Resource (S3, KMS); the others may leave it to mean the resource itself. */
const RESOURCE_REQUIRED_TYPES = new Set([
  'aws_s3_bucket_policy',
  'aws_s3_bucket',
  'aws_s3_access_point',
  'aws_kms_key',
  'aws_kms_replica_key',
]);

function placeOf(
  where: Where,
  argument: string,
  doc: IacValue,
): { kind: PolicyKind; sizeLimit: number | undefined; implicitResource?: boolean } {
  if (argument === 'assume_role_policy') return { kind: 'trust', sizeLimit: SIZE_LIMITS.trust };
  if (where.nested.includes('inline_policy')) return { kind: 'identity', sizeLimit: SIZE_LIMITS.inlineRole };
  const type = where.blockType === 'resource' ? where.resourceType : undefined;
  if (type && type in IDENTITY_POLICY_TYPES) return { kind: 'identity', sizeLimit: IDENTITY_POLICY_TYPES[type] };
  if (type && RESOURCE_POLICY_TYPES.has(type))
    return { kind: 'resource', sizeLimit: undefined, implicitResource: !RESOURCE_REQUIRED_TYPES.has(type) };
  const kind = guessKind(doc);
  // Where it is attached is not known here: a resource policy may be one whose resource is implicit.
  return { kind, sizeLimit: undefined, implicitResource: kind === 'resource' };
}

/** The end (exclusive) of the HCL string literal opening at `i`, `${...}` nesting followed. */
function hclStringEnd(text: string, i: number): number {
  let j = i + 1;
  let depth = 0;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (depth === 0 && c === '"') return j + 1;
    else if (c === '\n' && depth === 0) return j;
    else {
      if ((c === '$' || c === '%') && text[j + 1] === '{') {
        depth++;
        j++;
      } else if (depth > 0 && c === '}') depth--;
      j++;
    }
  }
  return text.length;
}

/**
 * Placeholder tokens the file swaps out with `replace()`: terraform-aws-modules/s3-bucket
 * writes its bucket policies with resources such as "_S3_BUCKET_ARN_/*" and renders them
 * with `replace(data.aws_iam_policy_document.combined[0].json, "_S3_BUCKET_ARN_", arn)`.
 * Only upper-case identifiers count (`_S3_BUCKET_ARN_`, `ACCOUNT_ID`), so that
 * `replace(url, "https://", "")` does not hide ordinary text.
 */
export function replacedTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const m of text.matchAll(/\breplace\s*\(/g)) {
    let j = m.index + m[0].length;
    let depth = 0;
    while (j < text.length) {
      const c = text[j];
      if (c === '"') {
        j = hclStringEnd(text, j);
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
      j++;
    }
    if (text[j] !== ',') continue;
    const token = /^,\s*"([A-Z0-9_]+)"/.exec(text.slice(j, j + 200))?.[1];
    if (token && token.length >= 3 && /[A-Z]/.test(token)) tokens.add(token);
  }
  return [...tokens];
}

/** Strings holding a placeholder token become unknown: IAM sees what replace() puts there. */
function withoutPlaceholders(v: IacValue, tokens: string[]): IacValue {
  switch (v.type) {
    case 'string':
      if (!tokens.some((t) => v.value.includes(t))) return v;
      return { type: 'unknown', why: 'replaced', from: v.from, to: v.to };
    case 'array':
      return { ...v, items: v.items.map((i) => withoutPlaceholders(i, tokens)) };
    case 'object':
      return { ...v, entries: v.entries.map((e) => ({ ...e, value: withoutPlaceholders(e.value, tokens) })) };
    default:
      return v;
  }
}

/** Every policy of a Terraform file. Throws HclSyntaxError when the file is not HCL this reader understands. */
export function findTerraformPolicies(text: string): FoundPolicy[] {
  const found = findAllTerraformPolicies(text);
  const tokens = replacedTokens(text);
  if (tokens.length === 0) return found;
  return found.map((p) =>
    p.source.type === 'value'
      ? { ...p, source: { type: 'value', value: withoutPlaceholders(p.source.value, tokens) } }
      : p,
  );
}

/**
 * Labels of the policies a role or user of the file takes as its permissions boundary:
 * `permissions_boundary = aws_iam_policy.b.arn` marks `aws_iam_policy.b.policy`, and the
 * `data.aws_iam_policy_document` that policy is written from.
 */
function boundaryLabels(body: HclBody, text: string): Set<string> {
  const names = new Set<string>();
  for (const b of body.blocks) {
    if (b.type !== 'resource' || (b.labels[0] !== 'aws_iam_role' && b.labels[0] !== 'aws_iam_user')) continue;
    const a = b.body.attributes.find((x) => x.name === 'permissions_boundary');
    const m = a && /^aws_iam_policy\.([A-Za-z0-9_-]+)\./.exec(text.slice(a.expr.from, a.expr.to));
    if (m?.[1]) names.add(m[1]);
  }
  const labels = new Set<string>();
  for (const b of body.blocks) {
    const name = b.labels[1];
    if (b.type !== 'resource' || b.labels[0] !== 'aws_iam_policy' || !name || !names.has(name)) continue;
    labels.add(`aws_iam_policy.${name}.policy`);
    const a = b.body.attributes.find((x) => x.name === 'policy');
    const m = a && /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\./.exec(text.slice(a.expr.from, a.expr.to));
    if (m?.[1]) labels.add(`data.aws_iam_policy_document.${m[1]}`);
  }
  return labels;
}

function findAllTerraformPolicies(text: string): FoundPolicy[] {
  const body = parseHcl(text);
  const out: FoundPolicy[] = [];
  const boundaries = boundaryLabels(body, text);
  for (const block of body.blocks) {
    const where: Where = {
      blockType: block.type,
      resourceType: block.labels[0],
      name: block.labels[1] ?? block.labels[0],
      nested: [],
      resourceNames: [],
    };
    if (block.type === 'data' && block.labels[0] === 'aws_iam_policy_document') {
      const doc = policyDocumentData(block, text);
      if (doc) {
        const kind = guessKind(doc);
        out.push({
          kind,
          sizeLimit: undefined,
          label: `data.aws_iam_policy_document.${block.labels[1] ?? ''}`,
          source: { type: 'value', value: doc },
          span: { from: block.from, to: block.to },
          implicitResource: kind === 'resource',
        });
      }
      continue;
    }
    const first = out.length;
    visitBody(block.body, where, text, out);
    // inline_policy blocks of one aws_iam_role share the role's inline quota.
    shareInlineQuota(out.slice(first).filter((p) => p.deployed?.place === 'inline'));
  }
  for (const p of out) if (boundaries.has(p.label)) p.boundary = true;
  return out;
}

function visitBody(body: HclBody, where: Where, text: string, out: FoundPolicy[]): void {
  for (const attr of body.attributes) {
    const label = [
      where.blockType === 'resource' ? undefined : where.blockType,
      where.resourceType,
      where.name,
      ...where.nested,
      attr.name,
    ]
      .filter(Boolean)
      .join('.');
    let found: { source: FoundPolicy['source']; value: IacValue } | undefined;
    const e = attr.expr;
    if (e.t === 'call' && e.name === 'jsonencode' && e.args.length === 1 && e.args[0]?.t === 'object') {
      const value = hclToIac(e.args[0], text);
      // Under a policy argument a Version is sign enough (a policy missing its Statement); elsewhere a Statement is
      // needed.
      if (looksLikePolicy(value) || (POLICY_ARGUMENTS.has(attr.name) && get(value, 'Version') !== undefined))
        found = { source: { type: 'value', value }, value };
    } else if (e.t === 'heredoc' && (POLICY_ARGUMENTS.has(attr.name) || where.blockType === 'locals')) {
      found = heredocPolicy(e);
    }
    if (!found) continue;
    const place = placeOf(where, attr.name, found.value);
    out.push({
      ...place,
      label,
      source: found.source,
      span: { from: e.from, to: e.to },
      deployed: deployedHint(where, attr.name, body, text),
    });
  }
  const own = where.nested.length === 0 ? nameArgument(body, 'name', text) : undefined;
  for (const b of body.blocks) {
    if (b.type === 'dynamic') continue;
    visitBody(
      b.body,
      { ...where, nested: [...where.nested, b.type], resourceNames: own ? [own] : where.resourceNames },
      text,
      out,
    );
  }
}

function attrValue(body: HclBody, name: string, text: string): IacValue | undefined {
  const a = body.attributes.find((x) => x.name === name);
  return a ? hclToIac(a.expr, text) : undefined;
}

function header(block: HclBlock): Span {
  return { from: block.from, to: block.from + block.type.length };
}

function objectOf(entries: IacEntry[], at: Span): IacValue {
  return { type: 'object', entries, from: at.from, to: at.to };
}

function put(entries: IacEntry[], key: string, value: IacValue | undefined, keySpan: Span): void {
  if (value) entries.push({ key, keyFrom: keySpan.from, keyTo: keySpan.to, value });
}

/**
 * `data "aws_iam_policy_document"` as the JSON policy it renders. Undefined when it
 * has no static statement (only `dynamic` ones, or only source/override documents).
 */
export function policyDocumentData(block: HclBlock, text: string): IacValue | undefined {
  const body = block.body;
  const statements = body.blocks.filter((b) => b.type === 'statement');
  if (statements.length === 0) return undefined;
  const at = header(block);
  const top: IacEntry[] = [];
  put(top, 'Version', attrValue(body, 'version', text) ?? synthetic('2012-10-17', at), at);
  put(top, 'Id', attrValue(body, 'policy_id', text), at);
  const items: IacValue[] = statements.map((st) => statementData(st, text));
  put(top, 'Statement', { type: 'array', items, from: block.from, to: block.to }, at);
  return objectOf(top, { from: block.from, to: block.to });
}

function keySpanOf(body: HclBody, name: string, fallback: Span): Span {
  const a = body.attributes.find((x) => x.name === name);
  return a ? { from: a.nameFrom, to: a.nameTo } : fallback;
}

function statementData(st: HclBlock, text: string): IacValue {
  const b = st.body;
  const at = header(st);
  const entries: IacEntry[] = [];
  const attr = (tf: string, json: string, fallback?: IacValue): void =>
    put(entries, json, attrValue(b, tf, text) ?? fallback, keySpanOf(b, tf, at));
  attr('sid', 'Sid');
  attr('effect', 'Effect', synthetic('Allow', at));
  attr('actions', 'Action');
  attr('not_actions', 'NotAction');
  attr('resources', 'Resource');
  attr('not_resources', 'NotResource');
  for (const [tf, json] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const blocks = b.blocks.filter((x) => x.type === tf);
    const dynamic = b.blocks.some((x) => x.type === 'dynamic' && x.labels[0] === tf);
    if (dynamic) {
      put(entries, json, { type: 'unknown', why: 'dynamic block', ...at }, at);
      continue;
    }
    if (blocks.length === 0) continue;
    put(entries, json, principalsData(blocks, text), header(blocks[0] as HclBlock));
  }
  const conditions = b.blocks.filter((x) => x.type === 'condition');
  if (b.blocks.some((x) => x.type === 'dynamic' && x.labels[0] === 'condition')) {
    put(entries, 'Condition', { type: 'unknown', why: 'dynamic block', ...at }, at);
  } else if (conditions.length > 0) {
    put(entries, 'Condition', conditionsData(conditions, text), header(conditions[0] as HclBlock));
  }
  return objectOf(entries, { from: st.from, to: st.to });
}

/** `principals { type = "AWS" identifiers = [...] }` blocks into a Principal object; type "*" with ["*"] is `"*"`. */
function principalsData(blocks: HclBlock[], text: string): IacValue {
  const first = blocks[0] as HclBlock;
  const span = { from: first.from, to: (blocks[blocks.length - 1] as HclBlock).to };
  const entries: IacEntry[] = [];
  for (const pb of blocks) {
    const type = attrValue(pb.body, 'type', text);
    const ids = attrValue(pb.body, 'identifiers', text);
    if (!type || !ids) continue;
    if (type.type === 'string' && type.value === '*') {
      const list = ids.type === 'array' ? ids.items : [ids];
      if (list.every((x) => x.type === 'string' && x.value === '*'))
        return { type: 'string', value: '*', from: pb.from, to: pb.to };
    }
    if (type.type !== 'string') {
      entries.push({ key: '', keyUnknown: true, keyFrom: type.from, keyTo: type.to, value: ids });
      continue;
    }
    const existing = entries.find((en) => !en.keyUnknown && en.key === type.value);
    if (existing && existing.value.type === 'array' && ids.type === 'array') {
      existing.value = { ...existing.value, items: [...existing.value.items, ...ids.items] };
    } else if (existing) {
      existing.value = { type: 'unknown', why: 'merged principals', from: existing.value.from, to: existing.value.to };
    } else {
      entries.push({
        key: type.value,
        keyFrom: type.from,
        keyTo: type.to,
        keyContentFrom: type.contentFrom,
        value: ids,
      });
    }
  }
  return objectOf(entries, span);
}

/** `condition { test variable values }` blocks into a Condition object, grouped by operator. */
function conditionsData(blocks: HclBlock[], text: string): IacValue {
  const first = blocks[0] as HclBlock;
  const ops: IacEntry[] = [];
  for (const cb of blocks) {
    const test = attrValue(cb.body, 'test', text);
    const variable = attrValue(cb.body, 'variable', text);
    const values = attrValue(cb.body, 'values', text) ?? {
      type: 'unknown' as const,
      why: 'missing',
      from: cb.from,
      to: cb.to,
    };
    if (!test || !variable) continue;
    const keyEntry = (v: IacValue): IacEntry =>
      v.type === 'string'
        ? { key: v.value, keyFrom: v.from, keyTo: v.to, keyContentFrom: v.contentFrom, value: values }
        : { key: '', keyUnknown: true, keyFrom: v.from, keyTo: v.to, value: values };
    if (test.type !== 'string') {
      ops.push({
        key: '',
        keyUnknown: true,
        keyFrom: test.from,
        keyTo: test.to,
        value: objectOf([keyEntry(variable)], { from: cb.from, to: cb.to }),
      });
      continue;
    }
    let op = ops.find((o) => !o.keyUnknown && o.key === test.value);
    if (!op) {
      op = {
        key: test.value,
        keyFrom: test.from,
        keyTo: test.to,
        keyContentFrom: test.contentFrom,
        value: objectOf([], { from: cb.from, to: cb.to }),
      };
      ops.push(op);
    }
    if (op.value.type !== 'object') continue;
    // Two conditions on the same operator and key are both required; IAM's JSON cannot say that, Terraform merges them:
    // skip the second.
    if (variable.type === 'string' && op.value.entries.some((en) => !en.keyUnknown && en.key === variable.value))
      continue;
    op.value.entries.push(keyEntry(variable));
  }
  return objectOf(ops, { from: first.from, to: (blocks[blocks.length - 1] as HclBlock).to });
}
