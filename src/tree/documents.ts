/**
 * The policy document a tree node stands for: one identity (`PolicyTarget`) for the
 * tree's Open, the policy editor and the `iam:` file system (src/documents).
 */
import type * as vscode from 'vscode';
import type { PolicyTarget } from '../core/iam/policySave';
import { policyUri } from '../documents/policyFileSystem';
import type { ExplorerNode } from './nodes';

/** The document a tree node stands for, or undefined for other nodes. */
export function policyTargetOf(node: ExplorerNode): PolicyTarget | undefined {
  switch (node.kind) {
    case 'entity':
      return node.entity.type === 'policy'
        ? { kind: 'managed', profile: node.profile, policyArn: node.entity.arn, policyName: node.entity.name }
        : undefined;
    case 'attachedPolicy':
      return { kind: 'managed', profile: node.profile, policyArn: node.policy.arn, policyName: node.policy.name };
    case 'policyVersion':
      return node.version.isDefault
        ? { kind: 'managed', profile: node.profile, policyArn: node.policy.arn, policyName: node.policy.name }
        : {
            kind: 'managed',
            profile: node.profile,
            policyArn: node.policy.arn,
            policyName: node.policy.name,
            versionId: node.version.versionId,
          };
    case 'inlinePolicy':
      return node.owner.type === 'policy'
        ? undefined
        : {
            kind: 'inline',
            profile: node.profile,
            owner: { type: node.owner.type, name: node.owner.name },
            policyName: node.policyName,
          };
    case 'trustPolicy':
      return { kind: 'trust', profile: node.profile, roleName: node.role.name };
    default:
      return undefined;
  }
}

/** The `iam:` URI of the document a node stands for. */
export function documentUri(node: ExplorerNode): vscode.Uri {
  const target = policyTargetOf(node);
  if (!target) throw new Error(`a ${node.kind} node has no policy document`);
  return policyUri(target);
}
