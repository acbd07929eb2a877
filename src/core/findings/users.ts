// How users receive permissions, from the snapshot.
import type { UserDetails } from '../model/snapshot';
import { need, type Check, type FindingDraft } from './types';
import { counted } from '../text';

const draft = (u: UserDetails, detail: string, evidence: Record<string, unknown>): FindingDraft => ({
  entity: u.arn,
  entityType: 'user',
  entityName: u.name,
  detail,
  evidence,
});

export const userChecks: Check[] = [
  {
    id: 'IAM.USERS.DIRECT_POLICIES',
    severity: 'low',
    title: 'Managed policies attached directly to a user',
    rule:
      'A user with one or more managed policies in ' +
      'AttachedManagedPolicies: grant through groups instead (CIS 1.15).',
    needs: ['snapshot'],
    run(input) {
      return need(input.snapshot, 'snapshot')
        .users.filter((u) => u.attachedPolicies.length > 0)
        .map((u) =>
          draft(
            u,
            `${u.name} has ${counted(u.attachedPolicies.length, 'policy', 'policies')} attached directly (` +
              `${u.attachedPolicies.map((p) => p.name).join(', ')}); attach ` +
              `${u.attachedPolicies.length === 1 ? 'it' : 'them'} to a group.`,
            { attachedPolicies: u.attachedPolicies.map((p) => p.arn) },
          ),
        );
    },
  },
  {
    id: 'IAM.USERS.NO_GROUP',
    severity: 'low',
    title: 'User in no group',
    rule: 'A user whose GroupList is empty.',
    needs: ['snapshot'],
    run(input) {
      return need(input.snapshot, 'snapshot')
        .users.filter((u) => u.groups.length === 0)
        .map((u) => draft(u, `${u.name} is in no group; manage its permissions through a group.`, { groups: [] }));
    },
  },
  {
    id: 'IAM.USERS.INLINE_POLICIES',
    severity: 'low',
    title: 'Inline policies on a user',
    rule: 'A user with one or more inline policies (UserPolicyList).',
    needs: ['snapshot'],
    run(input) {
      return need(input.snapshot, 'snapshot')
        .users.filter((u) => u.inlinePolicies.length > 0)
        .map((u) =>
          draft(
            u,
            `${u.name} has inline policies (${u.inlinePolicies.map((p) => p.name).join(', ')}); move them into ` +
              `managed policies on a group.`,
            { inlinePolicies: u.inlinePolicies.map((p) => p.name) },
          ),
        );
    },
  },
];
