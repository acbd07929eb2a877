/**
 * What a policy save wrote, reported once to the profile's account model (the tree
 * re-renders what shows it). Shared by the `iam:` file system and the policy editor.
 */
import { describeAwsError } from '../core/iam/errors';
import type { PolicyTarget } from '../core/iam/policySave';
import type { Mutation } from '../core/model/accountModel';
import type { Services } from '../services';

/** `before` is the document saved, `after` the document it is now (a new policy becomes the policy created). */
export async function reportSaved(
  services: Services,
  before: PolicyTarget,
  after: PolicyTarget,
  text: string,
  versionId?: string,
  deletedVersion?: string,
): Promise<void> {
  const mutations: Mutation[] = [];
  switch (after.kind) {
    case 'managed':
      if (before.kind === 'newManaged') {
        // CreatePolicy's answer stays inside the save; read the new policy back to describe it.
        const { service } = await services.connections.get(after.profile);
        const entity = await service.getPolicy(after.policyArn);
        mutations.push({ kind: 'created', entity, document: text });
      } else {
        if (deletedVersion)
          mutations.push({ kind: 'versionDeleted', policyArn: after.policyArn, versionId: deletedVersion });
        if (versionId)
          mutations.push({
            kind: 'versionCreated',
            policyArn: after.policyArn,
            versionId,
            document: text,
            setAsDefault: true,
          });
      }
      break;
    case 'inline':
    case 'newInline':
      mutations.push({ kind: 'inline', entity: after.owner, policyName: after.policyName, document: text });
      break;
    case 'trust':
      mutations.push({ kind: 'trust', role: after.roleName, document: text });
      break;
    case 'newManaged':
      break;
  }
  await reportMutations(services, after.profile, mutations);
}

export async function reportMutations(
  services: Services,
  profile: string,
  mutations: readonly Mutation[],
): Promise<void> {
  try {
    const { model } = await services.connections.get(profile);
    for (const m of mutations) model.apply(m);
  } catch (err) {
    services.log.warn(
      `policy save: the tree could not be updated after the save (${describeAwsError(err)}); Refresh shows it`,
    );
  }
}
