/**
 * Policies in CloudFormation and SAM templates, JSON or YAML: the template is read
 * into located values, long-form intrinsics (`{"Ref": ...}`, `{"Fn::Sub": ...}`)
 * become unknowns, and each resource type's policy properties are checked with
 * their policy kind and IAM's size quota for that place.
 */
import { policySize, SIZE_LIMITS } from '../policy/size';
import { synthesize } from './analyze';
import type { PolicyKind } from '../policy/types';
import {
  get,
  hasPlaceholder,
  looksLikePolicy,
  stringOf,
  synthetic,
  type FoundPolicy,
  type IacEntry,
  type IacValue,
} from './ir';

interface Place {
  /** A property path: `Policies[].PolicyDocument` walks a list. */
  path: string;
  kind: PolicyKind;
  sizeLimit: number | undefined;
  /** The policy applies to the resource it is set on, so Resource may be left out. */
  implicitResource?: boolean;
  /** SAM: the list may mix policy documents with managed policy names and policy templates. */
  samPolicies?: boolean;
  /** SAM: a list of statements that SAM writes into a policy document (with Version 2012-10-17). */
  statements?: boolean;
}

const identity = (path: string, sizeLimit: number | undefined): Place => ({ path, kind: 'identity', sizeLimit });
/**
 * A resource policy set on its resource. Several services (ECR, EFS, SQS...) accept a
 * statement without Resource there, meaning the resource itself; S3 and KMS require it.
 */
const resource = (path: string, resourceRequired = false): Place => ({
  path,
  kind: 'resource',
  sizeLimit: undefined,
  implicitResource: !resourceRequired,
});

/** Resource types and where their policies are. */
export const CFN_POLICY_PLACES: Readonly<Record<string, readonly Place[]>> = {
  'AWS::IAM::Role': [
    { path: 'AssumeRolePolicyDocument', kind: 'trust', sizeLimit: SIZE_LIMITS.trust },
    identity('Policies[].PolicyDocument', SIZE_LIMITS.inlineRole),
  ],
  'AWS::IAM::User': [identity('Policies[].PolicyDocument', SIZE_LIMITS.inlineUser)],
  'AWS::IAM::Group': [identity('Policies[].PolicyDocument', SIZE_LIMITS.inlineGroup)],
  // Attached inline to roles, users or groups: the smallest quota of those it names is taken below.
  'AWS::IAM::Policy': [identity('PolicyDocument', undefined)],
  'AWS::IAM::ManagedPolicy': [identity('PolicyDocument', SIZE_LIMITS.managed)],
  'AWS::IAM::RolePolicy': [identity('PolicyDocument', SIZE_LIMITS.inlineRole)],
  'AWS::IAM::UserPolicy': [identity('PolicyDocument', SIZE_LIMITS.inlineUser)],
  'AWS::IAM::GroupPolicy': [identity('PolicyDocument', SIZE_LIMITS.inlineGroup)],
  'AWS::SSO::PermissionSet': [identity('InlinePolicy', undefined)],
  // AWS IoT Core policies: attached to certificates and identities, with no Principal.
  'AWS::IoT::Policy': [identity('PolicyDocument', undefined)],
  // A JSON string: checked when its text is in the file as written.
  'AWS::Logs::ResourcePolicy': [resource('PolicyDocument')],
  'AWS::S3::BucketPolicy': [resource('PolicyDocument', true)],
  'AWS::S3::AccessPoint': [resource('Policy', true)],
  'AWS::SQS::QueuePolicy': [resource('PolicyDocument')],
  'AWS::SNS::TopicPolicy': [resource('PolicyDocument')],
  'AWS::KMS::Key': [resource('KeyPolicy', true)],
  'AWS::KMS::ReplicaKey': [resource('KeyPolicy', true)],
  'AWS::ECR::Repository': [resource('RepositoryPolicyText')],
  'AWS::ECR::PublicRepository': [resource('RepositoryPolicyText')],
  'AWS::SecretsManager::ResourcePolicy': [resource('ResourcePolicy')],
  'AWS::OpenSearchService::Domain': [resource('AccessPolicies')],
  'AWS::Elasticsearch::Domain': [resource('AccessPolicies')],
  'AWS::EFS::FileSystem': [resource('FileSystemPolicy')],
  'AWS::Backup::BackupVault': [resource('AccessPolicy')],
  'AWS::ApiGateway::RestApi': [resource('Policy')],
  'AWS::CodeArtifact::Domain': [resource('PermissionsPolicyDocument')],
  'AWS::CodeArtifact::Repository': [resource('PermissionsPolicyDocument')],
  'AWS::Serverless::Function': [
    { path: 'Policies', kind: 'identity', sizeLimit: SIZE_LIMITS.inlineRole, samPolicies: true },
  ],
  // The API's resource policy: SAM adds these statements to the ones it builds from the other settings.
  'AWS::Serverless::Api': [
    {
      path: 'Auth.ResourcePolicy.CustomStatements',
      kind: 'resource',
      sizeLimit: undefined,
      implicitResource: true,
      statements: true,
    },
  ],
  'AWS::Serverless::StateMachine': [
    { path: 'Policies', kind: 'identity', sizeLimit: SIZE_LIMITS.inlineRole, samPolicies: true },
  ],
};

/**
 * `{"Ref": ...}`, `{"Fn::...": ...}`: a one-entry object naming an intrinsic function. Not a
 * `Fn::ForEach::Name` loop, which is a section's entry (`Resources` holding only a loop).
 */
function isIntrinsic(v: IacValue): boolean {
  if (v.type !== 'object' || v.entries.length !== 1) return false;
  const key = v.entries[0]?.key ?? '';
  return key === 'Ref' || (key.startsWith('Fn::') && !key.startsWith('Fn::ForEach::'));
}

/**
 * Replaces long-form intrinsics with unknowns (short forms already are, from the YAML
 * reader), and strings holding a `${...}` that is not a policy variable: outside
 * `Fn::Sub` CloudFormation leaves them as they are, so they are some other tool's
 * placeholders (Serverless Framework, a templating step), filled in before deployment.
 */
export function markIntrinsics(v: IacValue): IacValue {
  if (isIntrinsic(v))
    return {
      type: 'unknown',
      why: `intrinsic ${v.type === 'object' ? v.entries[0]?.key : ''}`,
      from: v.from,
      to: v.to,
    };
  if (v.type === 'string' && hasPlaceholder(v.value))
    return { type: 'unknown', why: 'placeholder', from: v.from, to: v.to };
  // A dynamic reference ('{{resolve:ssm:/app/bucket-arn}}') is resolved at deployment, and a
  // quoted '{{ name }}' of a templating step before it.
  if (v.type === 'string' && v.value.includes('{{'))
    return { type: 'unknown', why: 'dynamic reference or template', from: v.from, to: v.to };
  if (v.type === 'array') return { ...v, items: v.items.map(markIntrinsics) };
  if (v.type === 'object') return { ...v, entries: v.entries.map((e) => ({ ...e, value: markIntrinsics(e.value) })) };
  return v;
}

/** A template: an object with a `Resources` object whose entries have a `Type` such as `AWS::...`. */
export function isTemplate(root: IacValue | undefined): boolean {
  const resources = get(root, 'Resources');
  if (resources?.type !== 'object') return false;
  return resourceEntries(resources.entries).some((e) =>
    /^(AWS|Custom|Alexa)::|^[A-Za-z0-9]+::[A-Za-z0-9]+::/.test(stringOf(get(e.value, 'Type')) ?? ''),
  );
}

function inlineQuota(props: IacValue | undefined): number {
  const limits: number[] = [];
  const has = (k: string): boolean => {
    const v = get(props, k);
    return v !== undefined && (v.type !== 'array' || v.items.length > 0);
  };
  if (has('Users')) limits.push(SIZE_LIMITS.inlineUser);
  if (has('Groups')) limits.push(SIZE_LIMITS.inlineGroup);
  if (has('Roles')) limits.push(SIZE_LIMITS.inlineRole);
  return limits.length ? Math.min(...limits) : SIZE_LIMITS.inlineRole;
}

/** Follows `a[].b` through the values; lists and unknowns along the way are handled. */
function walk(v: IacValue | undefined, path: string[], trail: string, out: { value: IacValue; at: string }[]): void {
  if (!v || v.type === 'unknown') return;
  if (path.length === 0) {
    out.push({ value: v, at: trail });
    return;
  }
  const [step = '', ...rest] = path;
  const list = step.endsWith('[]');
  const name = list ? step.slice(0, -2) : step;
  const next = get(v, name);
  if (!list) return walk(next, rest, trail ? `${trail}.${name}` : name, out);
  if (next?.type !== 'array') return;
  next.items.forEach((item, i) => walk(item, rest, `${trail ? `${trail}.` : ''}${name}[${i}]`, out));
}

/**
 * A policy written as a JSON string (`PolicyDocument: |` followed by JSON, as older
 * templates do): the JSON text and how its offsets map to the file. Only a string
 * whose text is in the file as written (one line, or a literal `|` block whose lines
 * are the file's lines less their indentation); anything else is left unchecked.
 */
export function jsonStringSource(
  v: IacValue,
  file: string,
): Extract<FoundPolicy['source'], { type: 'text' }> | undefined {
  if (v.type !== 'string' || !v.value.trimStart().startsWith('{')) return undefined;
  if (v.contentFrom !== undefined) return { type: 'text', text: v.value, offset: v.contentFrom };
  if (file[v.from] !== '|') return undefined;
  const firstLine = file.indexOf('\n', v.from) + 1;
  if (firstLine <= 0) return undefined;
  const lines = v.value.split('\n');
  const indent = /^[ ]*/.exec(file.slice(firstLine))?.[0].length ?? 0;
  const starts: number[] = [];
  let at = firstLine;
  for (const line of lines) {
    const end = file.indexOf('\n', at);
    // A file with CRLF line ends: YAML's value has LF only.
    const source = file.slice(at, end < 0 ? file.length : end).replace(/\r$/, '');
    if (line !== '' && source.slice(indent) !== line) return undefined;
    starts.push(at + indent);
    if (end < 0) break;
    at = end + 1;
  }
  const lineStarts: number[] = [0];
  for (const line of lines) lineStarts.push((lineStarts[lineStarts.length - 1] ?? 0) + line.length + 1);
  const toFile = (offset: number): number => {
    let i = 0;
    while (i + 1 < lines.length && (lineStarts[i + 1] ?? Infinity) <= offset) i++;
    return (starts[i] ?? v.from) + (offset - (lineStarts[i] ?? 0));
  };
  return { type: 'text', text: v.value, offset: v.from, toFile };
}

function names(...values: (IacValue | undefined | string)[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const s = typeof v === 'string' ? v : stringOf(v);
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** The first string of a list property (`Roles: [!Ref R]` gives nothing: it is computed). */
function firstOf(v: IacValue | undefined): IacValue | undefined {
  return v?.type === 'array' ? v.items[0] : v;
}

/** Where a template's policy lives in IAM once deployed, with the names the template gives. */
function deployedHint(type: string, logicalId: string, props: IacValue, at: string): FoundPolicy['deployed'] {
  const item = /^Policies\[(\d+)\]/.exec(at);
  const policies = get(props, 'Policies');
  const inlineName =
    item && policies?.type === 'array' ? stringOf(get(policies.items[Number(item[1])], 'PolicyName')) : undefined;
  switch (type) {
    case 'AWS::IAM::ManagedPolicy':
      return { place: 'managed', names: names(get(props, 'ManagedPolicyName'), logicalId) };
    case 'AWS::IAM::Role':
      return at === 'AssumeRolePolicyDocument'
        ? { place: 'trust', names: names(get(props, 'RoleName'), logicalId) }
        : { place: 'inline', owner: 'role', names: names(get(props, 'RoleName'), logicalId), policyName: inlineName };
    case 'AWS::IAM::User':
      return {
        place: 'inline',
        owner: 'user',
        names: names(get(props, 'UserName'), logicalId),
        policyName: inlineName,
      };
    case 'AWS::IAM::Group':
      return {
        place: 'inline',
        owner: 'group',
        names: names(get(props, 'GroupName'), logicalId),
        policyName: inlineName,
      };
    case 'AWS::IAM::RolePolicy':
      return {
        place: 'inline',
        owner: 'role',
        names: names(get(props, 'RoleName')),
        policyName: stringOf(get(props, 'PolicyName')),
      };
    case 'AWS::IAM::UserPolicy':
      return {
        place: 'inline',
        owner: 'user',
        names: names(get(props, 'UserName')),
        policyName: stringOf(get(props, 'PolicyName')),
      };
    case 'AWS::IAM::GroupPolicy':
      return {
        place: 'inline',
        owner: 'group',
        names: names(get(props, 'GroupName')),
        policyName: stringOf(get(props, 'PolicyName')),
      };
    case 'AWS::IAM::Policy': {
      const owner = get(props, 'Roles')
        ? 'role'
        : get(props, 'Users')
          ? 'user'
          : get(props, 'Groups')
            ? 'group'
            : 'role';
      const list = get(props, owner === 'role' ? 'Roles' : owner === 'user' ? 'Users' : 'Groups');
      return { place: 'inline', owner, names: names(firstOf(list)), policyName: stringOf(get(props, 'PolicyName')) };
    }
    default:
      return undefined;
  }
}

/**
 * Logical ids of the template's resources that a role or user sets as its permissions boundary
 * (`PermissionsBoundary: !Ref Boundary`, `{"Ref": "Boundary"}`), read before intrinsics become unknowns.
 */
function boundaryIds(root: IacValue, file: string | undefined): Set<string> {
  const ids = new Set<string>();
  const resources = get(root, 'Resources');
  if (resources?.type !== 'object') return ids;
  for (const res of resources.entries) {
    const v = get(get(res.value, 'Properties'), 'PermissionsBoundary');
    if (!v) continue;
    const ref = stringOf(get(v, 'Ref'));
    if (ref) ids.add(ref);
    else if (v.type === 'unknown' && file !== undefined) {
      const m = /^!Ref\s+([A-Za-z0-9]+)\s*$/.exec(file.slice(v.from, v.to));
      if (m?.[1]) ids.add(m[1]);
    }
  }
  return ids;
}

/** The policy document SAM writes around a list of statements: Version 2012-10-17, then the statements. */
function statementsDocument(statements: IacValue): IacValue {
  const at = { from: statements.from, to: statements.to };
  return {
    type: 'object',
    ...at,
    entries: [
      { key: 'Version', keyFrom: at.from, keyTo: at.from, value: synthetic('2012-10-17', at) },
      { key: 'Statement', keyFrom: at.from, keyTo: at.from, value: statements },
    ],
  };
}

/**
 * The template's resources, with those an `AWS::LanguageExtensions` loop writes
 * (`Fn::ForEach::Name: [Identifier, Collection, {Resource${Identifier}: {...}}]`, loops nested
 * too): their values that use the identifier are computed, the rest is checked as written.
 */
function resourceEntries(entries: IacEntry[]): IacEntry[] {
  const out: IacEntry[] = [];
  for (const e of entries) {
    const fragment = e.key.startsWith('Fn::ForEach::') && e.value.type === 'array' ? e.value.items[2] : undefined;
    if (fragment?.type === 'object') out.push(...resourceEntries(fragment.entries));
    else out.push(e);
  }
  return out;
}

/**
 * Every policy of a template (`root` already read from JSON or YAML; `file` its text, for policies written as JSON
 * strings).
 */
export function findCloudFormationPolicies(root: IacValue, file?: string): FoundPolicy[] {
  const out: FoundPolicy[] = [];
  const boundaries = boundaryIds(root, file);
  const template = markIntrinsics(root);
  const resources = get(template, 'Resources');
  if (resources?.type !== 'object') return out;
  for (const res of resourceEntries(resources.entries)) {
    const type = stringOf(get(res.value, 'Type'));
    const places = type ? CFN_POLICY_PLACES[type] : undefined;
    const props = get(res.value, 'Properties');
    if (!places || props?.type !== 'object') continue;
    const first = out.length;
    for (const place of places) {
      const found: { value: IacValue; at: string }[] = [];
      walk(props, place.path.split('.'), '', found);
      for (const { value, at } of found) {
        const docs: { value: IacValue; at: string }[] = [];
        if (place.statements) {
          if (value.type === 'array' || value.type === 'object') docs.push({ value: statementsDocument(value), at });
        } else if (place.samPolicies) {
          // SAM: a managed policy name, a policy template ({S3ReadPolicy: {...}}), or a document; or a list of them.
          if (looksLikePolicy(value)) docs.push({ value, at });
          else if (value.type === 'array')
            value.items.forEach((item, i) => looksLikePolicy(item) && docs.push({ value: item, at: `${at}[${i}]` }));
        } else if (value.type === 'object') {
          docs.push({ value, at });
        } else if (file !== undefined && value.type === 'string') {
          const source = jsonStringSource(value, file);
          if (source) {
            out.push({
              kind: place.kind,
              sizeLimit: type === 'AWS::IAM::Policy' ? inlineQuota(props) : place.sizeLimit,
              label: `${type} ${res.key} ${at}`,
              source,
              span: { from: value.from, to: value.to },
              implicitResource: place.implicitResource,
              deployed: deployedHint(type ?? '', res.key, props, at),
            });
          }
        }
        const deployed = deployedHint(type ?? '', res.key, props, at);
        const boundary = type === 'AWS::IAM::ManagedPolicy' && boundaries.has(res.key) ? true : undefined;
        // SAM's allow and block lists (IpRangeWhitelist, IntrinsicVpceWhitelist...) add statements of their own.
        const resourcePolicy = get(get(props, 'Auth'), 'ResourcePolicy');
        const partial =
          place.statements && resourcePolicy?.type === 'object' && resourcePolicy.entries.length > 1 ? true : undefined;
        for (const doc of docs) {
          out.push({
            boundary,
            partial,
            deployed,
            kind: place.kind,
            sizeLimit: type === 'AWS::IAM::Policy' ? inlineQuota(props) : place.sizeLimit,
            label: `${type} ${res.key} ${doc.at}`,
            source: { type: 'value', value: doc.value },
            span: { from: doc.value.from, to: doc.value.to },
            implicitResource: place.implicitResource,
          });
        }
      }
    }
    shareInlineQuota(out.slice(first).filter((p) => p.deployed?.place === 'inline' && type !== 'AWS::IAM::Policy'));
  }
  return out;
}

/** A policy's size as IAM counts it (no white space); computed values count as one character. */
function sizeOf(p: FoundPolicy): number {
  return policySize(p.source.type === 'text' ? p.source.text : synthesize(p.source.value).text);
}

/**
 * IAM's inline quota is the total of all inline policies of one user, group or role:
 * each policy gets the quota less the size of the entity's other inline policies, as
 * the policy core expects (see size.ts).
 */
export function shareInlineQuota(inline: FoundPolicy[]): void {
  if (inline.length < 2) return;
  const sizes = inline.map(sizeOf);
  const total = sizes.reduce((a, b) => a + b, 0);
  inline.forEach((p, i) => {
    if (p.sizeLimit !== undefined) p.sizeLimit = Math.max(0, p.sizeLimit - (total - (sizes[i] ?? 0)));
  });
}
