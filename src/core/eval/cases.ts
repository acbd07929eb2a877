/**
 * The `evaluate` command line's file format, checked: `{"cases": [{name, identityPolicies,
 * permissionsBoundary?, sessionPolicies?, resourcePolicy?, serviceControlPolicies?,
 * resourceControlPolicies?, request}]}`. Unknown fields are ignored. Each case gives one
 * output line: its decision and explanation, or an `error` naming the case and the field.
 */
import { evaluate } from './engine';
import { EvalInputError, type EvalInput, type EvalResult } from './types';

export interface CaseOutput {
  name: string | null;
  decision?: EvalResult['decision'];
  explain?: EvalResult['explain'];
  error?: string;
}

/** The file itself is unusable (not JSON, no `cases` list): nothing can run. */
export class CasesFileError extends Error {}

export function parseCasesFile(text: string): unknown[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CasesFileError(`the file is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new CasesFileError('the file must hold a JSON object: {"cases": [...]}.');
  const cases = (doc as { cases?: unknown }).cases;
  if (!Array.isArray(cases))
    throw new CasesFileError(
      'the file has no "cases" list: write {"cases": [{"name": ..., "identityPolicies": [...], "request": {...}}]}.',
    );
  return cases;
}

/** Runs one case; never throws: bad input becomes an `error` naming the case and field. */
export function runCase(raw: unknown, index: number): CaseOutput {
  const label = (name: string | null): string =>
    name !== null ? `case "${name}" (cases[${index}])` : `cases[${index}]`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { name: null, error: `${label(null)}: a case must be a JSON object.` };
  const c = raw as Record<string, unknown>;
  const name = typeof c.name === 'string' ? c.name : null;
  if (name === null) return { name: null, error: `${label(null)}: field "name" must be a string.` };
  if (c.identityPolicies === undefined)
    return {
      name,
      error: `${label(name)}: field "identityPolicies" is missing (give [] when the principal has none).`,
    };
  if (c.request === undefined)
    return { name, error: `${label(name)}: field "request" is missing: give {"principal", "action", "resource"}.` };
  try {
    const r = evaluate(c as unknown as EvalInput);
    return { name, decision: r.decision, explain: r.explain };
  } catch (err) {
    if (err instanceof EvalInputError)
      return { name, error: `${label(name)}: field "${err.field}": ${err.message.slice(err.field.length + 2)}` };
    return { name, error: `${label(name)}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
