/**
 * Completion and hover, position-based: every result carries the `from`/`to`
 * span it applies to, for CodeMirror's CompletionResult and VS Code's ranges.
 * The results are plain data (no Markdown, no HTML): render them as text.
 */
import {
  findNodeAtLocation,
  findNodeAtOffset,
  getLocation,
  getNodePath,
  getNodeValue,
  parseTree,
  type JSONPath,
} from 'jsonc-parser';
import { findAction, type ActionCatalog, type ActionInfo, type ServiceData } from './catalog';
import { CONDITION_OPERATORS } from './conditions';
import type { AccessLevel, PolicyKind } from './types';
import { hasWildcard, splitAction, wildcardMatcher } from './wildcard';

export type CompletionKind = 'element' | 'value' | 'service' | 'action' | 'operator' | 'conditionKey' | 'principalType';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** Short, shown beside the label: the access level of an action, a service's name. */
  detail?: string;
  /** One line: an action's or condition key's description. */
  description?: string;
  /** The text that replaces `from`..`to`. */
  insert: string;
}

export interface CompletionResult {
  from: number;
  to: number;
  items: CompletionItem[];
}

/** Where in a policy a path points, with the optional statement index removed. */
type Place = { where: 'top' } | { where: 'statement'; statement: JSONPath; rest: JSONPath } | { where: 'other' };

function place(path: JSONPath): Place {
  if (path.length <= 1) return { where: 'top' };
  if (path[0] !== 'Statement') return { where: 'other' };
  // "Statement": [ {...} ] puts an index after "Statement"; "Statement": {...} does not.
  return typeof path[1] === 'number'
    ? { where: 'statement', statement: path.slice(0, 2), rest: path.slice(2) }
    : { where: 'statement', statement: path.slice(0, 1), rest: path.slice(1) };
}

/** The span of a string token's content (without quotes), tolerating an unterminated string. */
function contentSpan(text: string, node: { offset: number; length: number }): { from: number; to: number } {
  const end = node.offset + node.length;
  const closed = node.length >= 2 && text[end - 1] === '"';
  return { from: node.offset + 1, to: closed ? end - 1 : end };
}

function previousSignificantChar(text: string, offset: number): string {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i] ?? '')) i--;
  return text[i] ?? '{';
}

const TOP_ELEMENTS = ['Version', 'Id', 'Statement'];

function statementElements(kind: PolicyKind): string[] {
  const common = ['Sid', 'Effect', 'Action', 'NotAction', 'Condition'];
  if (kind === 'identity') return [...common, 'Resource', 'NotResource'];
  if (kind === 'trust') return [...common, 'Principal', 'NotPrincipal'];
  return [...common, 'Principal', 'NotPrincipal', 'Resource', 'NotResource'];
}

function operatorLabels(): string[] {
  const out: string[] = [];
  for (const op of CONDITION_OPERATORS) {
    out.push(op);
    if (op !== 'Null') out.push(`${op}IfExists`);
  }
  for (const op of ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike', 'ArnLike', 'ArnEquals']) {
    out.push(`ForAnyValue:${op}`, `ForAllValues:${op}`);
  }
  return out;
}

function levels(a: ActionInfo): string {
  return a.accessLevels.join(', ');
}

/**
 * Completion at `offset`: element names, Effect and Version values, service
 * prefixes and actions in Action/NotAction, operators and keys in Condition,
 * principal types and service principals in Principal. Undefined when there is
 * nothing to offer there.
 */
export async function complete(
  text: string,
  offset: number,
  catalog: ActionCatalog,
  kind: PolicyKind = 'identity',
): Promise<CompletionResult | undefined> {
  const loc = getLocation(text, offset);
  const node = loc.previousNode;
  const insideString =
    node !== undefined &&
    (node.type === 'string' || node.type === 'property') &&
    offset > node.offset &&
    offset <= contentSpan(text, node).to;
  const span = insideString && node ? contentSpan(text, node) : { from: offset, to: offset };
  // Outside a string the insertion needs its own quotes.
  const quote = (s: string): string => (insideString ? s : JSON.stringify(s));
  const typed = text.slice(span.from, offset);
  // Outside a string, complete only where a key or value can start (not right after a value).
  if (!insideString && !/[{[,:]/.test(previousSignificantChar(text, offset))) return undefined;
  const p = place(loc.path);

  const simple = (labels: string[], itemKind: CompletionKind): CompletionResult => ({
    ...span,
    items: labels.map((label) => ({ label, kind: itemKind, insert: quote(label) })),
  });

  if (loc.isAtPropertyKey) {
    if (p.where === 'top') return simple(TOP_ELEMENTS, 'element');
    if (p.where !== 'statement') return undefined;
    const rest = p.rest;
    if (rest.length === 1) return simple(statementElements(kind), 'element');
    if (rest[0] === 'Condition' && rest.length === 2) return simple(operatorLabels(), 'operator');
    if ((rest[0] === 'Principal' || rest[0] === 'NotPrincipal') && rest.length === 2)
      return simple(['AWS', 'Service', 'Federated', 'CanonicalUser'], 'principalType');
    if (rest[0] === 'Condition' && rest.length === 3) {
      const items = await conditionKeyItems(text, p.statement, typed, catalog);
      return { ...span, items: items.map((i) => ({ ...i, insert: quote(i.insert) })) };
    }
    return undefined;
  }

  if (p.where === 'top') return loc.path[0] === 'Version' ? simple(['2012-10-17'], 'value') : undefined;
  if (p.where !== 'statement') return undefined;
  const head = p.rest[0];
  if (head === 'Effect') return simple(['Allow', 'Deny'], 'value');
  if (head === 'Action' || head === 'NotAction') {
    const items = await actionItems(typed, catalog);
    return { ...span, items: items.map((i) => ({ ...i, insert: quote(i.insert) })) };
  }
  if (head === 'Resource' || head === 'NotResource') {
    const items = await arnTemplateItems(text, p.statement, catalog);
    return items.length ? { ...span, items: items.map((i) => ({ ...i, insert: quote(i.insert) })) } : undefined;
  }
  if ((head === 'Principal' || head === 'NotPrincipal') && p.rest[1] === 'Service') {
    const services = await catalog.services();
    return simple(
      services.map((s) => `${s.prefix}.amazonaws.com`),
      'value',
    );
  }
  return undefined;
}

async function actionItems(typed: string, catalog: ActionCatalog): Promise<CompletionItem[]> {
  const split = splitAction(typed);
  if (!split) {
    const services = await catalog.services();
    return services.map((s) => ({ label: `${s.prefix}:`, kind: 'service', detail: s.name, insert: `${s.prefix}:` }));
  }
  const service = await catalog.service(split.service);
  if (!service) return [];
  const items: CompletionItem[] = [
    {
      label: `${service.prefix}:*`,
      kind: 'action',
      detail: 'All actions',
      description: `Every ${service.name} action`,
      insert: `${service.prefix}:*`,
    },
  ];
  for (const a of service.actions) {
    items.push({
      label: `${service.prefix}:${a.name}`,
      kind: 'action',
      detail: levels(a),
      description: a.description,
      insert: `${service.prefix}:${a.name}`,
    });
  }
  return items;
}

/** The statement's Action values (strings only). */
function statementActions(text: string, statementPath: JSONPath): string[] {
  const root = parseTree(text);
  const statement = root ? findNodeAtLocation(root, statementPath) : undefined;
  if (!statement || statement.type !== 'object') return [];
  const value: unknown = getNodeValue(statement);
  if (typeof value !== 'object' || value === null || !('Action' in value)) return [];
  const actions: unknown = value.Action;
  return (Array.isArray(actions) ? actions : [actions]).filter((a): a is string => typeof a === 'string');
}

/**
 * ARN templates of the resource types the statement's actions act on, e.g.
 * arn:${Partition}:s3:::${BucketName}/${ObjectName}.
 */
async function arnTemplateItems(
  text: string,
  statementPath: JSONPath,
  catalog: ActionCatalog,
): Promise<CompletionItem[]> {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const value of statementActions(text, statementPath)) {
    const split = splitAction(value);
    if (!split || hasWildcard(split.service)) continue;
    const service = await catalog.service(split.service);
    if (!service) continue;
    const matcher = wildcardMatcher(split.name);
    const actions = hasWildcard(split.name)
      ? service.actions.filter((a) => matcher.test(a.name))
      : [findAction(service, split.name)].filter((a) => a !== undefined);
    for (const action of actions) {
      for (const rt of action.resourceTypes) {
        const arn = service.resourceTypes.find((t) => t.name === rt.name)?.arn;
        if (!arn || seen.has(arn)) continue;
        seen.add(arn);
        items.push({
          label: arn,
          kind: 'value',
          detail: `${service.prefix} ${rt.name}`,
          description: `The ARN of a ${rt.name} (${service.name}); replace the \${...} parts.`,
          insert: arn.replace('${Partition}', 'aws'),
        });
      }
    }
  }
  return items;
}

/** Global keys, plus the keys of the services the statement's actions (or the typed prefix) name. */
async function conditionKeyItems(
  text: string,
  statementPath: JSONPath,
  typed: string,
  catalog: ActionCatalog,
): Promise<CompletionItem[]> {
  const prefixes = new Set<string>();
  const typedService = splitAction(typed)?.service.toLowerCase();
  if (typedService && typedService !== 'aws') prefixes.add(typedService);
  for (const a of statementActions(text, statementPath)) {
    const service = splitAction(a)?.service;
    if (service && !hasWildcard(service)) prefixes.add(service.toLowerCase());
  }
  const [globals, services] = await Promise.all([
    catalog.globalConditionKeys(),
    Promise.all([...prefixes].map((p) => catalog.service(p))),
  ]);
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const k of [...globals, ...services.flatMap((s) => s?.conditionKeys ?? [])]) {
    // A key with a variable (aws:ResourceTag/${TagKey}) completes up to the variable.
    const insert = k.key.replace(/\$\{[^}]*\}.*$/, '');
    if (seen.has(insert.toLowerCase())) continue;
    seen.add(insert.toLowerCase());
    items.push({ label: k.key, kind: 'conditionKey', detail: k.type, description: k.description, insert });
  }
  return items;
}

export interface HoverInfo {
  from: number;
  to: number;
  kind: 'action' | 'actionPattern' | 'conditionKey' | 'unknown';
  /** `s3:GetObject`, `s3:Get*`, `aws:SourceIp`. */
  title: string;
  /** The service's name, for actions. */
  service?: string;
  description?: string;
  accessLevels?: AccessLevel[];
  /** For one action: the resource types it acts on, with their ARN format when known. */
  resourceTypes?: { name: string; required: boolean; arn?: string }[];
  /** For a wildcard: the matching actions (all of them; the view decides how many to show). */
  matches?: { name: string; accessLevels: AccessLevel[] }[];
  /** For a condition key: String, ARN, Bool... */
  type?: string;
}

/** Hover on an action, an action wildcard or a condition key. */
export async function hover(text: string, offset: number, catalog: ActionCatalog): Promise<HoverInfo | undefined> {
  const root = parseTree(text);
  if (!root) return undefined;
  const node = findNodeAtOffset(root, offset, false);
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const p = place(getNodePath(node));
  if (p.where !== 'statement') return undefined;
  const at = { from: node.offset, to: node.offset + node.length };
  const head = p.rest[0];
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;

  if ((head === 'Action' || head === 'NotAction') && !isKey) {
    return actionHover(node.value, at, catalog);
  }
  if (head === 'Condition' && p.rest.length === 3 && isKey) {
    const info = await catalog.conditionKey(node.value);
    if (!info) return { ...at, kind: 'unknown', title: node.value, description: 'Not a known condition key.' };
    return { ...at, kind: 'conditionKey', title: info.key, description: info.description, type: info.type };
  }
  return undefined;
}

async function actionHover(
  value: string,
  at: { from: number; to: number },
  catalog: ActionCatalog,
): Promise<HoverInfo | undefined> {
  const split = splitAction(value);
  if (!split || hasWildcard(split.service)) return undefined;
  const service = await catalog.service(split.service);
  if (!service)
    return { ...at, kind: 'unknown', title: value, description: `"${split.service}" is not a known service prefix.` };
  if (hasWildcard(split.name)) {
    const re = wildcardMatcher(split.name);
    const matches = service.actions
      .filter((a) => re.test(a.name))
      .map((a) => ({ name: `${service.prefix}:${a.name}`, accessLevels: a.accessLevels }));
    const levelsMatched = [...new Set(matches.flatMap((m) => m.accessLevels))];
    return {
      ...at,
      kind: 'actionPattern',
      title: value,
      service: service.name,
      description: `${matches.length} of ${service.actions.length} ${service.name} actions`,
      accessLevels: levelsMatched,
      matches,
    };
  }
  const action = findAction(service, split.name);
  if (!action)
    return {
      ...at,
      kind: 'unknown',
      title: value,
      service: service.name,
      description: `${service.name} has no action "${split.name}".`,
    };
  return {
    ...at,
    kind: 'action',
    title: `${service.prefix}:${action.name}`,
    service: service.name,
    description: action.description,
    accessLevels: action.accessLevels,
    resourceTypes: resourceTypes(service, action),
  };
}

function resourceTypes(service: ServiceData, action: ActionInfo): HoverInfo['resourceTypes'] {
  return action.resourceTypes.map((rt) => {
    const arn = service.resourceTypes.find((t) => t.name.toLowerCase() === rt.name.toLowerCase())?.arn;
    return arn === undefined ? { name: rt.name, required: rt.required } : { name: rt.name, required: rt.required, arn };
  });
}
