/**
 * The words that lead a save confirmation: "Grants new access: …" or "No new access",
 * then the difference line by line (src/core/access), for the policy file system's
 * save and the policy editor's.
 */
import { analyzerUnavailable, checkNoNewAccess } from '../aws/accessAnalyzer';
import { setting } from '../aws/settings';
import { accessChange } from '../core/access';
import { decodePolicyDocument } from '../core/policy/document';
import { describeAwsError } from '../core/iam/errors';
import type { PolicyTarget, Snapshot } from '../core/iam/policySave';
import type { ActionCatalog } from '../core/policy/catalog';
import type { Services } from '../services';

/** At most this many lines of the difference in a modal; the rest is counted. */
const MAX_LINES = 14;

/** The account the profile signs in to, when known (principals of other accounts are told apart). */
async function accountOf(services: Services, profile: string): Promise<string | undefined> {
  const { model } = await services.connections.get(profile);
  // The model's identity is read once per connection (it names the tree's root).
  return model.identity().then(
    (i) => i.identity.account,
    () => undefined,
  );
}

/** The difference as lines (headline first), or a message when it cannot be worked out; for the editor's side panel. */
export async function accessLines(
  services: Services,
  catalog: ActionCatalog,
  target: PolicyTarget,
  before: Snapshot | undefined,
  text: string,
): Promise<string[]> {
  try {
    const accountId = await accountOf(services, target.profile);
    const r = await accessChange(
      before?.exists ? before.text : undefined,
      text,
      catalog,
      accountId ? { accountId } : {},
    );
    return r.ok ? [...r.lines] : [r.message];
  } catch (err) {
    return [`The access difference could not be worked out: ${describeAwsError(err)}`];
  }
}

export async function accessDetail(
  services: Services,
  catalog: ActionCatalog,
  target: PolicyTarget,
  now: Snapshot,
  text: string,
): Promise<string> {
  try {
    const accountId = await accountOf(services, target.profile);
    const r = await accessChange(now.exists ? now.text : undefined, text, catalog, accountId ? { accountId } : {});
    if (!r.ok) return r.message;
    const lines =
      r.lines.length > MAX_LINES
        ? [...r.lines.slice(0, MAX_LINES), `… and ${r.lines.length - MAX_LINES} more lines.`]
        : [...r.lines];
    const analyzer = now.exists
      ? await analyzerVerdict(services, target, decodePolicyDocument(now.text), text)
      : undefined;
    return [...lines, ...(analyzer ? [analyzer] : [])].join('\n');
  } catch (err) {
    services.log.warn(`policy save: the access difference could not be worked out: ${describeAwsError(err)}`);
    return 'The access difference could not be worked out (the log says why).';
  }
}

/**
 * IAM Access Analyzer's CheckNoNewAccess, the authoritative answer beside the local one,
 * when `iamExplorer.policyEditor.accessAnalyzer` allows sending the policy to AWS and the
 * profile talks to AWS (not a custom endpoint); undefined when it is not asked.
 */
async function analyzerVerdict(
  services: Services,
  target: PolicyTarget,
  existing: string,
  next: string,
): Promise<string | undefined> {
  if (setting<boolean>('policyEditor.accessAnalyzer', false) !== true) return undefined;
  const connection = await services.connections.get(target.profile);
  if (analyzerUnavailable(connection)) return undefined;
  try {
    const r = await checkNoNewAccess(connection, existing, next, target.kind === 'trust' ? 'trust' : 'identity');
    const reasons = r.reasons
      .map((x) => `${x.description}${x.statement ? ` (statement ${x.statement})` : ''}`)
      .join('; ');
    return r.result === 'PASS'
      ? 'IAM Access Analyzer (CheckNoNewAccess): no new access.'
      : `IAM Access Analyzer (CheckNoNewAccess): ${r.result}. ${r.message}${reasons ? ` ${reasons}` : ''}`;
  } catch (err) {
    return `IAM Access Analyzer could not check (${describeAwsError(err)}); the local answer above stands alone.`;
  }
}
