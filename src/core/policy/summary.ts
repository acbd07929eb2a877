/**
 * The policy summary as the IAM console shows it: per service, which access
 * levels the policy allows or denies, on which resources, under which conditions.
 */
import type { ActionCatalog, ServiceData } from './catalog';
import type { StatementModel } from './model';
import { ACCESS_LEVELS, type AccessLevel, type PolicyKind } from './types';
import { analyzePolicy } from './validate';
import { hasWildcard, splitAction, wildcardMatcher } from './wildcard';

export interface LevelSummary {
  level: AccessLevel;
  /** Actions of the service at this level that the policy names. */
  granted: number;
  /** All actions of the service at this level. */
  total: number;
}

export interface ServiceSummary {
  effect: 'Allow' | 'Deny';
  /** The service prefix, or `*` for "All services". */
  service: string;
  name: string;
  /** As the console words it: "Full access", "Full: List, Read", "Limited: Write", "Full: List Limited: Read". */
  access: string;
  /** Only levels with at least one action. */
  levels: LevelSummary[];
  /** "All resources", ARNs, or "All resources except ..." for NotResource. */
  resources: string[];
  /** One line per condition: `aws:SourceIp IpAddress 203.0.113.0/24`. Empty: none. */
  conditions: string[];
  /** Actions the catalog does not know, as written. */
  unrecognized: string[];
}

export interface PolicySummary {
  allow: ServiceSummary[];
  deny: ServiceSummary[];
  /** What the summary could not show: NotAction statements, unknown services, unparsable text. */
  notes: string[];
}

interface Accumulator {
  effect: 'Allow' | 'Deny';
  service: string;
  data: ServiceData | undefined;
  actions: Set<string>; // lowercase action names; '*' for every action
  resources: Set<string>;
  conditions: Set<string>;
  unrecognized: Set<string>;
}

/** Summarizes a policy. Unparsable text gives an empty summary with a note. */
export async function summarize(
  text: string,
  catalog: ActionCatalog,
  kind: PolicyKind = 'identity',
): Promise<PolicySummary> {
  const { policy, findings } = analyzePolicy(text, kind, { sizeLimit: Infinity });
  const summary: PolicySummary = { allow: [], deny: [], notes: [] };
  if (!policy || (policy.statements.length === 0 && findings.some((f) => f.severity === 'error'))) {
    summary.notes.push('The document is not valid JSON or not a policy yet; fix the errors to see its summary.');
    return summary;
  }
  const acc = new Map<string, Accumulator>();
  const get = async (effect: 'Allow' | 'Deny', service: string): Promise<Accumulator> => {
    const id = `${effect} ${service}`;
    let a = acc.get(id);
    if (!a) {
      a = {
        effect,
        service,
        data: service === '*' ? undefined : await catalog.service(service),
        actions: new Set(),
        resources: new Set(),
        conditions: new Set(),
        unrecognized: new Set(),
      };
      acc.set(id, a);
    }
    return a;
  };

  for (const st of policy.statements) {
    const effect = st.effect?.value;
    if (!effect || !st.action) continue;
    if (st.action.key === 'NotAction') {
      summary.notes.push(
        `Statement ${st.index + 1} ${effect === 'Allow' ? 'allows' : 'denies'} every action except ` +
          `${st.action.values.map((v) => v.value).join(', ')}; the summary does not list those services one by one.`,
      );
      continue;
    }
    for (const { value } of st.action.values) {
      const split = value === '*' || value === '*:*' ? { service: '*', name: '*' } : splitAction(value);
      if (!split) continue;
      if (split.service !== '*' && hasWildcard(split.service)) {
        summary.notes.push(`"${value}" names several services by wildcard; it is not broken down here.`);
        continue;
      }
      const a = await get(effect, split.service.toLowerCase());
      if (split.service !== '*' && !a.data) {
        a.unrecognized.add(value);
      } else if (split.name === '*') {
        a.actions.add('*');
      } else if (a.data) {
        const re = hasWildcard(split.name) ? wildcardMatcher(split.name) : undefined;
        const matched = a.data.actions.filter((x) =>
          re ? re.test(x.name) : x.name.toLowerCase() === split.name.toLowerCase(),
        );
        if (matched.length === 0) a.unrecognized.add(value);
        for (const m of matched) a.actions.add(m.name.toLowerCase());
      }
      for (const r of resourcesFor(st, split.service)) a.resources.add(r);
      for (const c of conditionsOf(st)) a.conditions.add(c);
    }
  }

  for (const a of acc.values()) {
    const row = toRow(a);
    (a.effect === 'Allow' ? summary.allow : summary.deny).push(row);
  }
  const order = (x: ServiceSummary, y: ServiceSummary): number =>
    x.service === '*' ? -1 : y.service === '*' ? 1 : x.name.localeCompare(y.name);
  summary.allow.sort(order);
  summary.deny.sort(order);
  return summary;
}

function toRow(a: Accumulator): ServiceSummary {
  const base = {
    effect: a.effect,
    service: a.service,
    resources: [...a.resources],
    conditions: [...a.conditions],
    unrecognized: [...a.unrecognized],
  };
  if (a.service === '*') {
    return { ...base, name: 'All services', access: 'Full access', levels: [] };
  }
  const levels: LevelSummary[] = [];
  for (const level of ACCESS_LEVELS) {
    const atLevel = (a.data?.actions ?? []).filter((x) => x.accessLevels[0] === level);
    const granted = a.actions.has('*')
      ? atLevel.length
      : atLevel.filter((x) => a.actions.has(x.name.toLowerCase())).length;
    if (granted > 0) levels.push({ level, granted, total: atLevel.length });
  }
  return { ...base, name: a.data?.name ?? a.service, access: accessLabel(levels, a), levels };
}

/** The console's wording. An action counts under its first (most specific) level. */
function accessLabel(levels: LevelSummary[], a: Accumulator): string {
  if (levels.length === 0) return a.unrecognized.size > 0 ? 'None (unrecognized actions)' : 'None';
  const all = a.data?.actions ?? [];
  const levelsInService = new Set(all.map((x) => x.accessLevels[0]));
  const full = levels.filter((l) => l.granted === l.total).map((l) => l.level);
  const limited = levels.filter((l) => l.granted < l.total).map((l) => l.level);
  if (limited.length === 0 && full.length === [...levelsInService].filter((l) => l !== undefined).length)
    return 'Full access';
  return [full.length ? `Full: ${full.join(', ')}` : '', limited.length ? `Limited: ${limited.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
}

/** The statement's resources that can belong to `service` (by the ARN's service part); all of them when none match. */
function resourcesFor(st: StatementModel, service: string): string[] {
  const res = st.resource;
  if (!res) return [];
  const values = res.values.map((v) => v.value);
  if (res.key === 'NotResource') return [`All resources except ${values.join(', ')}`];
  if (values.includes('*')) return ['All resources'];
  if (service === '*') return values;
  const own = values.filter((v) => {
    const part = v.split(':')[2] ?? '';
    return hasWildcard(part) ? wildcardMatcher(part).test(service) : part.toLowerCase() === service.toLowerCase();
  });
  return own.length > 0 ? own : values;
}

function conditionsOf(st: StatementModel): string[] {
  return st.conditions.map(
    (c) => `${c.key.value} ${c.operator.value} ${c.values.map((v) => String(v.value)).join(', ')}`,
  );
}
