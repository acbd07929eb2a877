import * as vscode from 'vscode';
import type { Connection } from '../aws/connections';
import { formatPolicy } from '../core/policy/document';
import type { EntityRef } from '../core/iam/model';
import type { ExplorerNode } from './nodes';

export const DOCUMENT_SCHEME = 'iam';

/** Which policy document a `iam:` URI stands for (in its query, as JSON). */
export type DocumentLocator =
  | { readonly profile: string; readonly kind: 'trust'; readonly roleName: string }
  | { readonly profile: string; readonly kind: 'inline'; readonly owner: EntityRef; readonly policyName: string }
  | { readonly profile: string; readonly kind: 'version'; readonly policyArn: string; readonly versionId: string };

/** `iam:/<profile>/<readable path>.json?<locator>`: the path is what the tab shows. */
export function documentUri(node: ExplorerNode): vscode.Uri {
  return locatorUri(locatorOf(node));
}

/** The `iam:` URI of a document named by its locator. */
export function locatorUri(locator: DocumentLocator): vscode.Uri {
  const seg = (s: string) => s.replace(/[/\\]/g, '_');
  const path =
    locator.kind === 'trust'
      ? `/${seg(locator.profile)}/roles/${seg(locator.roleName)}/Trust Policy.json`
      : locator.kind === 'inline'
        ? `/${seg(locator.profile)}/${locator.owner.type}s/${seg(locator.owner.name)}/${seg(locator.policyName)}.json`
        : `/${seg(locator.profile)}/policies/${seg(locator.policyArn.split('/').pop() ?? '')}/${seg(locator.versionId)}.json`;
  return vscode.Uri.from({ scheme: DOCUMENT_SCHEME, path, query: JSON.stringify(locator) });
}

function locatorOf(node: ExplorerNode): DocumentLocator {
  switch (node.kind) {
    case 'trustPolicy':
      return { profile: node.profile, kind: 'trust', roleName: node.role.name };
    case 'inlinePolicy':
      if (node.owner.type === 'policy') break;
      return { profile: node.profile, kind: 'inline', owner: { type: node.owner.type, name: node.owner.name }, policyName: node.policyName };
    case 'policyVersion':
      return { profile: node.profile, kind: 'version', policyArn: node.policy.arn, versionId: node.version.versionId };
  }
  throw new Error(`a ${node.kind} node has no policy document`);
}

/** Serves `iam:` documents read-only, pretty-printed, fetched from IAM when opened. */
export class PolicyDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly connection: (profile: string) => Promise<Connection>) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const locator = JSON.parse(uri.query) as DocumentLocator;
    const { service } = await this.connection(locator.profile);
    const text =
      locator.kind === 'trust'
        ? await service.getTrustPolicy(locator.roleName)
        : locator.kind === 'inline'
          ? await service.getInlinePolicy(locator.owner, locator.policyName)
          : await service.getPolicyVersion(locator.policyArn, locator.versionId);
    return formatPolicy(text) + '\n';
  }
}
