import type { CommandDef } from '.';
import { fixOf, keyOfFinding, matchReportKey, policyOfFinding } from '../core/findings/fixes';
import type { Services } from '../services';
import type { AccessKeyNode } from '../tree/nodes';
import { isAccessKeyNode } from './accessKeys';
import { deactivateAccessKey } from './deactivateAccessKey';
import { deleteAccessKey } from './deleteAccessKey';
import { findingTarget } from './findingPickers';
import { entityNodes } from './pickers';

/**
 * Fix (Findings view): for a key finding, deactivate the key (or, for an inactive idle key,
 * delete it) through the key commands themselves, with their confirmations; the key is the
 * explorer's own node, found by the report's slot and creation date. For a policy statement
 * or a trust policy, open the document in the policy editor to change it there.
 */
export const fixFinding: CommandDef = {
  id: 'iamExplorer.findings.fix',
  async run(services, node?: unknown) {
    const { profile, finding } = await findingTarget(services, node, false);
    const action = fixOf(finding);
    if (!action) throw new Error(`${finding.check} has no automatic fix; see its detail for what to change.`);
    if (action === 'openPolicy') {
      const target = policyOfFinding(finding, profile);
      if (!target) throw new Error(`The finding does not say which policy of ${finding.entityName} to open.`);
      await services.policyEditors.open(target);
      return target;
    }
    const wanted = keyOfFinding(finding);
    if (!wanted) throw new Error(`The finding does not say which access key of ${finding.entityName} it is about.`);
    const keyNode = await findKeyNode(services, profile, finding.entity, wanted);
    await (action === 'deleteKey' ? deleteAccessKey : deactivateAccessKey).run(services, keyNode);
    services.findingsStore.markFixed(profile, finding);
    // The key is in the other view: say what was done (the finding only vanishes from this one).
    const key = `access key ${keyNode.key.accessKeyId} of ${finding.entityName}`;
    void services.ui.showInformationMessage(
      action === 'deleteKey'
        ? `Fixed: ${key} is deleted.`
        : `Fixed: ${key} is now inactive (Activate Access Key in the IAM view undoes it).`,
    );
    return keyNode.key.accessKeyId;
  },
};

async function findKeyNode(
  services: Services,
  profile: string,
  userArn: string,
  wanted: { slot: 1 | 2; created: Date },
): Promise<AccessKeyNode> {
  const listed = (await entityNodes(services, profile, ['user'])).find((n) => n.entity.arn === userArn);
  if (!listed) throw new Error(`${userArn} is not in the IAM tree of ${services.tree.rootName(profile)} any more.`);
  const user = await services.tree.entityNode(profile, listed.entity);
  const folder = (await services.tree.getChildren(user)).find((n) => n.kind === 'subfolder' && n.sub === 'accessKeys');
  if (!folder) throw new Error(`The IAM tree shows no Access Keys folder for ${listed.entity.name}.`);
  const keys = (await services.tree.getChildren(folder)).filter(isAccessKeyNode);
  const match = matchReportKey(
    keys.map((k) => ({ node: k, created: k.key.created })),
    wanted,
  );
  if (!match) {
    throw new Error(
      `The access keys of ${listed.entity.name} changed since the credential report (no key ${wanted.slot} ` +
        `created ${wanted.created.toISOString()}); use Check Again later.`,
    );
  }
  return match.node;
}
