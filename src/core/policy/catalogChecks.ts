/**
 * The catalog pass: unknown service prefixes, unknown actions, wildcards that
 * match no action, unknown condition keys. These are warnings, not errors: IAM
 * itself accepts them, and the data can lag behind a service launch by a day.
 */
import { findAction, type ActionCatalog, type ServiceData } from './catalog';
import type { PolicyModel } from './model';
import { closest } from './suggest';
import type { Finding, Located } from './types';
import { hasWildcard, splitAction, wildcardMatcher } from './wildcard';

export async function checkAgainstCatalog(policy: PolicyModel, catalog: ActionCatalog): Promise<Finding[]> {
  const actions: Located<string>[] = [];
  const conditionKeys: Located<string>[] = [];
  for (const st of policy.statements) {
    for (const v of st.action?.values ?? []) if (v.value !== '*' && splitAction(v.value)) actions.push(v);
    // Keys of an identity provider (its host as prefix) cannot be known in advance.
    for (const c of st.conditions) if (/^[A-Za-z0-9-]+:\S+$/.test(c.key.value)) conditionKeys.push(c.key);
  }
  if (actions.length === 0 && conditionKeys.length === 0) return [];

  try {
    const out: Finding[] = [];
    const prefixes = [...new Set(actions.map((a) => splitAction(a.value)?.service.toLowerCase() ?? ''))];
    const [services, data, keys] = await Promise.all([
      catalog.services(),
      Promise.all(prefixes.map((p) => (/^[a-z0-9-]+$/.test(p) && !hasWildcard(p) ? catalog.service(p) : Promise.resolve(undefined)))),
      Promise.all(conditionKeys.map((k) => catalog.conditionKey(k.value))),
    ]);
    const byPrefix = new Map<string, ServiceData | undefined>(prefixes.map((p, i) => [p, data[i]]));
    const allPrefixes = services.map((s) => s.prefix);

    for (const a of actions) {
      const split = splitAction(a.value);
      if (!split) continue;
      if (hasWildcard(split.service)) {
        if (!allPrefixes.some((p) => wildcardMatcher(split.service).test(p))) {
          out.push({ severity: 'warning', code: 'wildcard-matches-nothing', message: `No service prefix matches "${split.service}", so "${a.value}" matches no action.`, from: a.from, to: a.to });
        }
        continue;
      }
      const service = byPrefix.get(split.service.toLowerCase());
      if (!service) {
        const near = closest(split.service, allPrefixes);
        out.push({ severity: 'warning', code: 'unknown-service', message: `"${split.service}" is not a known service prefix.${near ? ` Did you mean "${near}"?` : ' Check the prefix in the Service Authorization Reference.'}`, from: a.from, to: a.from + 1 + split.service.length + 1 });
        continue;
      }
      if (hasWildcard(split.name)) {
        const re = wildcardMatcher(split.name);
        if (!service.actions.some((x) => re.test(x.name))) {
          out.push({ severity: 'warning', code: 'wildcard-matches-nothing', message: `"${a.value}" matches no ${service.name} action, so it grants nothing. Check the spelling of the pattern.`, from: a.from, to: a.to });
        }
      } else if (!findAction(service, split.name)) {
        const near = closest(split.name, service.actions.map((x) => x.name));
        out.push({ severity: 'warning', code: 'unknown-action', message: `${service.name} has no action "${split.name}".${near ? ` Did you mean "${service.prefix}:${near}"?` : ''}`, from: a.from, to: a.to });
      }
    }

    conditionKeys.forEach((k, i) => {
      if (keys[i]) return;
      out.push({ severity: 'warning', code: 'unknown-condition-key', message: `"${k.value}" is not a known condition key, so this condition never matches a real request (unless it uses IfExists). Check its spelling.`, from: k.from, to: k.to });
    });
    return out;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return [{ severity: 'info', code: 'catalog-unavailable', message: `Actions and condition keys were not checked: the service data could not be loaded (${reason}).`, from: 0, to: 0 }];
  }
}
