/**
 * "Which actions": wildcard action patterns expanded against the action catalog, and a
 * decision for each concrete action. The engine itself never expands: a request names one
 * action, and a policy's wildcard matches it directly. Expansion happens only here, when a
 * caller asks which actions of `s3:Get*` (or `*`) a principal may perform.
 */
import type { ActionCatalog } from '../policy/catalog';
import { wildcardMatch } from '../policy/wildcard';
import { evaluatePrepared, preparePolicies } from './engine';
import type { EvalInput, EvalResult } from './types';

/**
 * The catalog's actions that match any of `patterns` (`s3:Get*`, `*:List*`, `iam:CreateUser`),
 * as `prefix:Name` in the catalog's spelling, sorted. A pattern naming an action the catalog
 * does not know is kept as written (it may be newer than the data), unless it has wildcards.
 */
export async function expandActions(patterns: string[], catalog: ActionCatalog): Promise<string[]> {
  const out = new Set<string>();
  let allPrefixes: string[] | undefined;
  for (const pattern of patterns) {
    const colon = pattern.indexOf(':');
    const servicePattern = pattern === '*' ? '*' : colon < 0 ? undefined : pattern.slice(0, colon);
    const namePattern = pattern === '*' ? '*' : pattern.slice(colon + 1);
    if (servicePattern === undefined) continue;
    const wild = (s: string): boolean => s.includes('*') || s.includes('?');
    let prefixes: string[];
    if (wild(servicePattern)) {
      allPrefixes ??= (await catalog.services()).map((s) => s.prefix);
      prefixes = allPrefixes.filter((p) => wildcardMatch(servicePattern, p, true));
    } else prefixes = [servicePattern.toLowerCase()];
    let found = false;
    for (const prefix of prefixes) {
      const service = await catalog.service(prefix);
      for (const action of service?.actions ?? []) {
        if (wildcardMatch(namePattern, action.name, true)) {
          out.add(`${service?.prefix ?? prefix}:${action.name}`);
          found = true;
        }
      }
    }
    if (!found && !wild(pattern)) out.add(pattern);
  }
  return [...out].sort();
}

/**
 * The actions a picker offers for the patterns a principal's policies name, at most `limit`.
 * Actions of the services the policies name come first: an `AdministratorAccess`-style `*`
 * expands to every action of every service, and cutting that list alphabetically would drop
 * the services the principal's other policies are about (`s3:Get*` cut off after `a4b:`).
 * The broad patterns (a wildcard in the service prefix) fill what room is left. Sorted.
 */
export async function actionsToOffer(patterns: string[], catalog: ActionCatalog, limit: number): Promise<string[]> {
  const broad = (p: string): boolean => p === '*' || /[*?]/.test(p.slice(0, Math.max(0, p.indexOf(':'))));
  const named = await expandActions(
    patterns.filter((p) => !broad(p)),
    catalog,
  );
  const out = new Set(named.slice(0, limit));
  if (out.size < limit) {
    for (const a of await expandActions(patterns.filter(broad), catalog)) {
      if (out.size >= limit) break;
      out.add(a);
    }
  }
  return [...out].sort();
}

/** Decides the request for each action that `patterns` expand to (the request's own action is ignored). */
export async function evaluateActions(
  input: Omit<EvalInput, 'request'> & { request: Omit<EvalInput['request'], 'action'> },
  patterns: string[],
  catalog: ActionCatalog,
): Promise<{ action: string; result: EvalResult }[]> {
  const prepared = preparePolicies(input);
  const actions = await expandActions(patterns, catalog);
  return actions.map((action) => ({ action, result: evaluatePrepared(prepared, { ...input.request, action }) }));
}
