/**
 * The access difference for the save confirmation and the editor's side panel, from
 * the two texts: what IAM holds (`before`, undefined for a policy not created yet) and
 * the edit. Text that is not a policy yields a message instead of a difference.
 */
import type { ActionCatalog } from '../policy/catalog';
import { decodePolicyDocument } from '../policy/document';
import { accessDiff, describeDiff, headline, type AccessDiff, type DiffOptions } from './diff';

export { accessDiff, describeDiff, headline, patternCovers, type AccessDiff, type DiffOptions } from './diff';

export type AccessChange =
  | { readonly ok: true; readonly diff: AccessDiff; readonly headline: string; readonly lines: readonly string[] }
  | { readonly ok: false; readonly message: string };

export async function accessChange(
  before: string | undefined,
  after: string,
  catalog: ActionCatalog,
  options: DiffOptions = {},
): Promise<AccessChange> {
  let old: unknown = { Statement: [] };
  let next: unknown;
  try {
    if (before !== undefined) old = JSON.parse(decodePolicyDocument(before));
  } catch {
    return { ok: false, message: 'What IAM holds is not JSON: the access difference cannot be worked out.' };
  }
  try {
    next = JSON.parse(after);
  } catch {
    return { ok: false, message: 'The edit is not JSON yet: the access difference shows once it parses.' };
  }
  try {
    const diff = await accessDiff(old, next, catalog, options);
    return { ok: true, diff, headline: headline(diff), lines: describeDiff(diff) };
  } catch (err) {
    return {
      ok: false,
      message: `The access difference cannot be worked out: ${err instanceof Error ? err.message : String(err)}.`,
    };
  }
}
