/**
 * What the tree shows under a profile whose files or credentials have a problem: items
 * that lead with what is wrong and end with the fix, so the line and the fix survive a
 * narrow sidebar; the file goes in the description and the tooltip.
 */
import * as vscode from 'vscode';
import {
  displayPath,
  formatProblem,
  problemLabel,
  type CredentialsFailure,
  type CredentialsProblem,
} from '../core/credentials';
import type { ExplorerNode, ProfileNode } from './nodes';

/** A problem of the shared files as an item; clicking it opens the file at the line. */
export function problemNode(node: ProfileNode, problem: CredentialsProblem, index: number): ExplorerNode {
  const where = `${displayPath(problem.path)}${problem.line === undefined ? '' : `:${problem.line}`}`;
  const line = Math.max(0, (problem.line ?? 1) - 1);
  return {
    kind: 'error',
    id: `${node.id}/problem/${index}`,
    profile: node.profile,
    parent: node,
    message: problemLabel(problem),
    description: where,
    detail: formatProblem(problem),
    warning: problem.severity === 'warning',
    fix: {
      title: `Open ${where}`,
      command: 'vscode.open',
      args: [vscode.Uri.file(problem.path), { selection: new vscode.Range(line, 0, line, 0) }],
    },
  };
}

/** What clicking a credentials failure does: sign in to SSO, refresh, or pick profiles. */
export function credentialsFix(failure: CredentialsFailure): { title: string; command: string; args: unknown[] } {
  switch (failure.kind) {
    case 'sso-not-signed-in':
    case 'sso-expired':
      return { title: 'Run aws sso login', command: 'iamExplorer.ssoLogin', args: [failure.profile] };
    case 'process-failed':
      return { title: 'Refresh', command: 'iamExplorer.refresh', args: [] };
    case 'no-profile':
    case 'failed':
      return { title: 'Select Profiles…', command: 'iamExplorer.selectProfiles', args: [] };
  }
}
