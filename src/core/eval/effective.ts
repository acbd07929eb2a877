/**
 * Effective permissions of a user or role (IAM: Show Effective Permissions): its identity
 * policies combined, limited by its permissions boundary, as one policy document the
 * console-style summary (src/core/policy/summary.ts) can show.
 *
 * An Allow statement keeps its resources and conditions; its actions become those the
 * boundary also allows (wildcards and NotAction expanded against the action catalog), minus
 * those a Deny of the identity policies or the boundary refuses on every resource without a
 * condition. Deny statements are kept as they are. What is approximate is said in `notes`:
 * a boundary is intersected by action only, not by resource or condition.
 */
import type { ActionCatalog } from '../policy/catalog';
import { actionPatternMatches, hasWildcard, splitAction } from '../policy/wildcard';

type Json = Record<string, unknown>;

export interface EffectivePolicy {
  /** The combined document, pretty-printed. */
  text: string;
  notes: string[];
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const strings = (v: unknown): string[] => asList(v).filter((x): x is string => typeof x === 'string');
const statementsOf = (doc: unknown): Json[] =>
  asList((doc as Json | undefined)?.Statement).filter(
    (s): s is Json => typeof s === 'object' && s !== null && !Array.isArray(s),
  );

/** Every catalog action (`prefix:Name`), loaded once and only when needed. */
function allActionsLoader(catalog: ActionCatalog): () => Promise<string[]> {
  let all: Promise<string[]> | undefined;
  return () =>
    (all ??= (async () => {
      const out: string[] = [];
      for (const s of await catalog.services())
        for (const a of (await catalog.service(s.prefix))?.actions ?? []) out.push(`${s.prefix}:${a.name}`);
      return out;
    })());
}

/** The catalog actions an Action (or NotAction, complemented) element covers. */
async function covered(
  statement: Json,
  catalog: ActionCatalog,
  allActions: () => Promise<string[]>,
): Promise<Set<string>> {
  const matchAny = (patterns: string[], action: string) => patterns.some((p) => actionPatternMatches(p, action));
  if (statement.NotAction !== undefined) {
    const excluded = strings(statement.NotAction);
    return new Set((await allActions()).filter((a) => !matchAny(excluded, a)));
  }
  const out = new Set<string>();
  for (const pattern of strings(statement.Action)) {
    if (pattern === '*' || (hasWildcard(pattern) && hasWildcard(splitAction(pattern)?.service ?? '*'))) {
      for (const a of await allActions()) if (actionPatternMatches(pattern, a)) out.add(a);
      continue;
    }
    const split = splitAction(pattern);
    if (!split) continue;
    const service = await catalog.service(split.service);
    if (!service) {
      out.add(pattern); // a service the catalog does not know: kept as written
      continue;
    }
    for (const a of service.actions)
      if (actionPatternMatches(pattern, `${service.prefix}:${a.name}`)) out.add(`${service.prefix}:${a.name}`);
  }
  return out;
}

/** A Deny that refuses its actions everywhere: Resource "*" (or none) and no Condition. */
const isBlanketDeny = (s: Json): boolean =>
  s.Effect === 'Deny' &&
  s.Condition === undefined &&
  s.NotResource === undefined &&
  (s.Resource === undefined || strings(s.Resource).includes('*'));

export async function effectivePolicy(
  identity: readonly unknown[],
  boundary: unknown,
  catalog: ActionCatalog,
): Promise<EffectivePolicy> {
  const allActions = allActionsLoader(catalog);
  const notes: string[] = [];
  const identityStatements = identity.flatMap(statementsOf);
  const boundaryStatements = boundary ? statementsOf(boundary) : [];

  const denied = new Set<string>();
  for (const s of [...identityStatements, ...boundaryStatements].filter(isBlanketDeny))
    for (const a of await covered(s, catalog, allActions)) denied.add(a);

  let allowedByBoundary: Set<string> | undefined;
  if (boundary) {
    allowedByBoundary = new Set();
    for (const s of boundaryStatements.filter((x) => x.Effect === 'Allow'))
      for (const a of await covered(s, catalog, allActions)) allowedByBoundary.add(a);
    if (
      boundaryStatements.some(
        (x) => x.Effect === 'Allow' && (x.Condition !== undefined || !strings(x.Resource).includes('*')),
      )
    ) {
      notes.push(
        'The permissions boundary limits some actions to certain resources or conditions; here it is applied by ' +
          'action only, so such actions show as allowed wherever the identity policies allow them.',
      );
    }
  }

  const out: Json[] = [];
  for (const [i, s] of identityStatements.entries()) {
    if (s.Effect !== 'Allow') {
      out.push(s);
      continue;
    }
    const untouched = !allowedByBoundary && denied.size === 0 && s.NotAction === undefined;
    if (untouched) {
      out.push(s);
      continue;
    }
    const actions = [...(await covered(s, catalog, allActions))].filter(
      (a) => !denied.has(a) && (!allowedByBoundary || allowedByBoundary.has(a)),
    );
    if (actions.length === 0) {
      notes.push(
        `Statement ${i + 1}${typeof s.Sid === 'string' ? ` (${s.Sid})` : ''} grants nothing ` +
          `${allowedByBoundary ? 'within the permissions boundary' : 'that is not denied'}.`,
      );
      continue;
    }
    const { NotAction: _notAction, Action: _action, ...rest } = s;
    out.push({ ...rest, Action: actions.sort() });
  }
  if (identityStatements.length === 0) notes.push('No identity-based policy applies: nothing is allowed.');
  return { text: JSON.stringify({ Version: '2012-10-17', Statement: out }, null, 2), notes };
}
