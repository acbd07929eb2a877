import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { linkSafe } from '../core/iam/untrusted';
import type { Services } from '../services';
import type { FindingsNode } from '../tree/findingsTree';
import { isFindingNode } from './findingPickers';
import { isEntityNode, pickEntityNode } from './pickers';
import { Cancelled } from './runCommand';

/**
 * Check Unused Services (Access Advisor): runs an Access Advisor job for a user or role (from
 * the explorer, a finding, or the palette), or for every user and role of a profile (its
 * Findings root), showing each job's state while it runs; services granted but unused for
 * 90 days become IAM.ACCESS_ADVISOR.UNUSED_SERVICES findings.
 */
export const checkUnusedServices: CommandDef = {
  id: 'iamExplorer.findings.accessAdvisor',
  async run(services, node?: unknown) {
    const { profile, arns, what } = await target(services, node);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: linkSafe(`Access Advisor: ${what}`), cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort(new Cancelled()));
        return services.findingsStore.accessAdvisor(profile, arns, controller.signal, (message) =>
          progress.report({ message: linkSafe(message) }),
        );
      },
    );
    const unused = result.result.findings.filter(
      (f) => f.check === 'IAM.ACCESS_ADVISOR.UNUSED_SERVICES' && (!arns || arns.includes(f.entity)),
    );
    services.log.info(`Access Advisor for ${what} (${profile}): ${unused.length} principal(s) with unused services`);
    return unused.length;
  },
};

async function target(services: Services, node: unknown): Promise<{ profile: string; arns?: string[]; what: string }> {
  const n = node as FindingsNode | undefined;
  if (n?.kind === 'findingsProfile') return { profile: n.profile, what: `every user and role of ${n.profile}` };
  if (isFindingNode(node) && (node.finding.entityType === 'user' || node.finding.entityType === 'role')) {
    return { profile: node.profile, arns: [node.finding.entity], what: node.finding.entityName };
  }
  const picked = isEntityNode(node)
    ? node
    : await pickEntityNode(services, ['user', 'role'], 'Check the unused services of which user or role?');
  if (!isEntityNode(picked) || (picked.entity.type !== 'user' && picked.entity.type !== 'role'))
    throw new Error('Access Advisor works on a user or a role.');
  return { profile: picked.profile, arns: [picked.entity.arn], what: picked.entity.name };
}
