import type { ExplorerNode } from './nodes';

/** The ARN a node stands for, where it has one. */
export function arnOf(node: ExplorerNode): string | undefined {
  switch (node.kind) {
    case 'entity':
      return node.entity.arn;
    case 'attachedPolicy':
      return node.policy.arn;
    case 'policyVersion':
      return node.policy.arn;
    case 'trustPolicy':
      return node.role.arn;
    case 'trustLink':
      return node.arn;
    default:
      return undefined;
  }
}

/** The IAM name a node stands for. */
export function nameOf(node: ExplorerNode): string | undefined {
  switch (node.kind) {
    case 'entity':
      return node.entity.name;
    case 'attachedPolicy':
      return node.policy.name;
    case 'inlinePolicy':
      return node.policyName;
    case 'reference':
      return node.name;
    case 'accessKey':
      return node.key.accessKeyId;
    case 'policyVersion':
      return node.version.versionId;
    case 'profile':
      return node.profile;
    default:
      return undefined;
  }
}
