/**
 * The catalog pass: unknown service prefixes, unknown actions, wildcards that
 * match no action, unknown condition keys. These are warnings, not errors: IAM
 * itself accepts them, and the data can lag behind a service launch by a day.
 * Also: a Resource ARN that no resource type of any of the statement's actions
 * accepts, so the statement grants nothing on it.
 */
import { findAction, suggestAction, type ActionCatalog, type ServiceData } from './catalog';
import type { PolicyModel } from './model';
import { parseOperator, type OperatorFamily } from './conditions';
import { closest } from './suggest';
import type { Finding, Located } from './types';
import { globsIntersect, hasWildcard, splitAction, wildcardMatcher } from './wildcard';

export async function checkAgainstCatalog(policy: PolicyModel, catalog: ActionCatalog): Promise<Finding[]> {
  const actions: Located<string>[] = [];
  const conditionKeys: Located<string>[] = [];
  const operators: string[] = [];
  for (const st of policy.statements) {
    for (const v of st.action?.values ?? []) if (v.value !== '*' && splitAction(v.value)) actions.push(v);
    // Keys of an identity provider (its host as prefix) cannot be known in advance.
    for (const c of st.conditions) {
      if (!/^[A-Za-z0-9-]+:\S+$/.test(c.key.value)) continue;
      conditionKeys.push(c.key);
      operators.push(c.operator.value);
    }
  }
  if (actions.length === 0 && conditionKeys.length === 0) return [];

  try {
    const out: Finding[] = [];
    const prefixes = [...new Set(actions.map((a) => splitAction(a.value)?.service.toLowerCase() ?? ''))];
    const [services, data, keys] = await Promise.all([
      catalog.services(),
      Promise.all(
        prefixes.map((p) =>
          /^[a-z0-9-]+$/.test(p) && !hasWildcard(p) ? catalog.service(p) : Promise.resolve(undefined),
        ),
      ),
      Promise.all(conditionKeys.map((k) => catalog.conditionKey(k.value))),
    ]);
    const byPrefix = new Map<string, ServiceData | undefined>(prefixes.map((p, i) => [p, data[i]]));
    const allPrefixes = services.map((s) => s.prefix);

    for (const a of actions) {
      const split = splitAction(a.value);
      if (!split) continue;
      if (hasWildcard(split.service)) {
        if (!allPrefixes.some((p) => wildcardMatcher(split.service).test(p))) {
          out.push({
            severity: 'warning',
            code: 'wildcard-matches-nothing',
            message: `No service prefix matches "${split.service}", so "${a.value}" matches no action.`,
            from: a.from,
            to: a.to,
          });
        }
        continue;
      }
      const service = byPrefix.get(split.service.toLowerCase());
      if (!service) {
        const near = closest(split.service, allPrefixes);
        // An error, as IAM Access Analyzer reports it ("Invalid service in action"): it grants nothing.
        out.push({
          severity: 'error',
          code: 'unknown-service',
          message:
            `"${split.service}" is not a known service prefix.` +
            `${near ? ` Did you mean "${near}"?` : ' Check the prefix in the Service Authorization Reference.'}`,
          from: a.from,
          to: a.from + 1 + split.service.length + 1,
        });
        continue;
      }
      if (hasWildcard(split.name)) {
        const re = wildcardMatcher(split.name);
        if (!service.actions.some((x) => re.test(x.name))) {
          out.push({
            severity: 'warning',
            code: 'wildcard-matches-nothing',
            message:
              `"${a.value}" matches no ${service.name} action, so it grants nothing. Check the spelling of the ` +
              `pattern.`,
            from: a.from,
            to: a.to,
          });
        }
      } else if (!findAction(service, split.name)) {
        const near = suggestAction(service, split.name);
        // An error, as IAM Access Analyzer reports it ("Invalid action"). It never blocks a save in
        // the editor (only the grammar does), since the catalog can lag behind a brand-new action.
        out.push({
          severity: 'error',
          code: 'unknown-action',
          message:
            `${service.name} has no action "${split.name}".` +
            `${near ? ` Did you mean "${service.prefix}:${near}"?` : ''}`,
          from: a.from,
          to: a.to,
        });
      }
    }

    out.push(...resourceTypeFindings(policy, byPrefix));

    const unknownKeys = conditionKeys.filter((_, i) => !keys[i]);
    const suggestions = unknownKeys.length
      ? await keySuggestions(
          unknownKeys.map((k) => k.value),
          catalog,
        )
      : new Map<string, string>();
    conditionKeys.forEach((k, i) => {
      const info = keys[i];
      if (info) {
        const mismatch = typeMismatch(operators[i] ?? '', info.type);
        if (mismatch)
          out.push({
            severity: 'warning',
            code: 'condition-type-mismatch',
            message: `${mismatch} (${info.key} is ${info.type}).`,
            from: k.from,
            to: k.to,
          });
        return;
      }
      const near = suggestions.get(k.value);
      out.push({
        severity: 'warning',
        code: 'unknown-condition-key',
        message:
          `"${k.value}" is not a known condition key, so this condition never matches a real request (unless it ` +
          `uses IfExists). ${near ? `Did you mean "${near}"?` : 'Check its spelling.'}`,
        from: k.from,
        to: k.to,
      });
    });
    return out;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return [
      {
        severity: 'info',
        code: 'catalog-unavailable',
        message: `Actions and condition keys were not checked: the service data could not be loaded (${reason}).`,
        from: 0,
        to: 0,
      },
    ];
  }
}

/** An ARN template of the data (`arn:${Partition}:s3:::${BucketName}`) as a wildcard pattern. */
function templateGlob(arn: string): string {
  return arn.replace(/\$\{[^}]*\}/g, '*');
}

/**
 * For each statement with Action and Resource: a Resource ARN that matches no
 * resource type of any of its actions (an object ARN for s3:ListBucket alone, a
 * bucket ARN for s3:GetObject alone, an ARN for actions that take only "*").
 * Conservative: skipped when any action is unknown, a service wildcard, or "*",
 * and ARNs are compared as patterns (a `${variable}` or wildcard matches anything).
 */
function resourceTypeFindings(policy: PolicyModel, byPrefix: Map<string, ServiceData | undefined>): Finding[] {
  const out: Finding[] = [];
  for (const st of policy.statements) {
    if (st.action?.key !== 'Action' || st.resource?.key !== 'Resource') continue;
    const resources = st.resource.values.filter((v) => v.value !== '*' && v.value.startsWith('arn:'));
    if (resources.length === 0) continue;
    const accepted: string[] = [];
    const names: string[] = [];
    let resolvable = true;
    for (const a of st.action.values) {
      const split = splitAction(a.value);
      const service = split && !hasWildcard(split.service) ? byPrefix.get(split.service.toLowerCase()) : undefined;
      if (!split || !service) {
        resolvable = false;
        break;
      }
      const matcher = wildcardMatcher(split.name);
      const actions = hasWildcard(split.name)
        ? service.actions.filter((x) => matcher.test(x.name))
        : [findAction(service, split.name)].filter((x) => x !== undefined);
      if (actions.length === 0) {
        resolvable = false;
        break;
      }
      names.push(a.value);
      for (const action of actions) {
        for (const rt of action.resourceTypes) {
          const def = service.resourceTypes.find((r) => r.name === rt.name);
          if (!def) {
            resolvable = false; // a type the data does not describe: cannot judge
            break;
          }
          accepted.push(templateGlob(def.arn));
        }
      }
    }
    if (!resolvable) continue;
    for (const r of resources) {
      const pattern = r.value.replace(/\$\{[^}]*\}/g, '*');
      if (accepted.some((g) => globsIntersect(pattern, g))) continue;
      const list = names.length > 3 ? `${names.slice(0, 3).join(', ')}…` : names.join(', ');
      const message =
        accepted.length === 0
          ? `${list} ${names.length === 1 ? 'supports' : 'support'} only "Resource": "*" (no resource types), so "` +
            `${r.value}" grants nothing here. Use "*" for these actions, in a statement of their own.`
          : `No action of this statement (${list}) applies to "${r.value}": its resource types look like ` +
            `${[...new Set(accepted)].slice(0, 2).join(' or ')}. Check the ARN's service and resource part.`;
      out.push({ severity: 'warning', code: 'resource-type-mismatch', message, from: r.from, to: r.to });
    }
  }
  return out;
}

/** The operator families that compare a condition key of each type meaningfully (Null tests any key). */
const FAMILIES_FOR_TYPE: Readonly<Record<string, readonly OperatorFamily[]>> = {
  // ARN operators on String keys holding ARNs (kms:EncryptionContext:aws:logs:arn) are AWS's own examples.
  String: ['string', 'arn'],
  ARN: ['arn', 'string'],
  // Bool keys compared as strings ("true"/"false") work too, and templates do it.
  Bool: ['bool', 'string'],
  Numeric: ['numeric'],
  Date: ['date'],
  IPAddress: ['ip'],
  Binary: ['binary', 'string'],
};

const OPERATOR_FOR_TYPE: Readonly<Record<string, string>> = {
  String: 'StringEquals or StringLike',
  ARN: 'ArnLike or ArnEquals',
  Bool: 'Bool',
  Numeric: 'a Numeric operator such as NumericLessThan',
  Date: 'a Date operator such as DateGreaterThan',
  IPAddress: 'IpAddress or NotIpAddress',
  Binary: 'BinaryEquals',
};

/**
 * An operator of the wrong kind for the key's type (NumericLessThan on a String key,
 * StringEquals on aws:SourceIp): the comparison never does what it reads as. Keys
 * of a type the data does not name, and the Null operator, are not judged.
 */
function typeMismatch(operator: string, keyType: string): string | undefined {
  const parsed = parseOperator(operator);
  if (!parsed.ok || parsed.operator.family === 'null') return undefined;
  const base = keyType.replace(/^ArrayOf/, '');
  const allowed = FAMILIES_FOR_TYPE[base];
  if (!allowed || allowed.includes(parsed.operator.family)) return undefined;
  return (
    `${parsed.operator.base} does not compare ${base} values: use ` +
    `${OPERATOR_FOR_TYPE[base] ?? 'an operator for its type'}`
  );
}

/**
 * The closest real key for each unknown one, among the global keys and the keys of
 * its own prefix's service. A key with a tag or other variable part
 * (`aws:PrincipalTag/tag-key`, `s3:ExistingObjectTag/<key>`) is compared up to its
 * slash, and the typed rest is kept.
 */
async function keySuggestions(unknown: string[], catalog: ActionCatalog): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const globals = await catalog.globalConditionKeys();
  for (const key of unknown) {
    const prefix = key.slice(0, key.indexOf(':')).toLowerCase();
    const service = prefix && prefix !== 'aws' ? await catalog.service(prefix) : undefined;
    const candidates = [...globals, ...(service?.conditionKeys ?? [])].map((c) =>
      c.key.includes('/') ? c.key.slice(0, c.key.indexOf('/') + 1) : c.key,
    );
    const slash = key.indexOf('/');
    const head = slash >= 0 ? key.slice(0, slash + 1) : key;
    const near = closest(
      head,
      candidates.filter((c) => c.endsWith('/') === slash >= 0),
    );
    if (near) out.set(key, slash >= 0 ? near + key.slice(slash + 1) : near);
  }
  return out;
}
