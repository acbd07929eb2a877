/**
 * What Simulate Access, Who Can and Show Effective Permissions share: the account snapshot they
 * reason over (loaded when missing), the principal they are about, links that open a deciding
 * statement in its policy, how principals and statements are named, and summary rows.
 */
import * as vscode from 'vscode';
import type { DecidingStatement, PolicySource } from '../core/eval/account';
import { statementNodes } from '../core/eval/document';
import type { MatchedStatement } from '../core/eval/types';
import type { Entity } from '../core/iam/model';
import {
  indexSnapshot,
  type AccountSnapshot,
  type RoleDetails,
  type SnapshotIndex,
  type UserDetails,
} from '../core/model/snapshot';
import type { Services } from '../services';
import type { PolicyTarget } from '../core/iam/policySave';
import { policyUri } from '../documents/policyFileSystem';
import type { ExplorerNode } from '../tree/nodes';
import type { ServiceSummary } from '../core/policy/summary';
import type { HostCell, HostLink } from '../webview/host/reportPanel';
import { asEntityNode, pickEntityNode } from './pickers';

/** The profile's account snapshot, loaded now (with progress) when the model has none yet. */
export async function snapshotOf(services: Services, profile: string): Promise<SnapshotIndex> {
  const { model } = await services.connections.get(profile);
  let snapshot: AccountSnapshot | undefined = model.snapshot();
  if (!snapshot) {
    await services.snapshots.load(profile, { foreground: true });
    snapshot = model.snapshot();
  }
  if (!snapshot) {
    throw new Error(
      `This needs the account snapshot of profile ${profile} (iam:GetAccountAuthorizationDetails), which could ` +
        `not be loaded. ` +
        'Run IAM: Load Account Snapshot to see why, or use a profile allowed that call.',
    );
  }
  return indexSnapshot(snapshot);
}

/** A user or role of a profile: from its tree node, or picked. */
export async function principalOf(
  services: Services,
  node: unknown,
  title: string,
): Promise<{ profile: string; entity: Entity }> {
  const n = node as ExplorerNode | undefined;
  if (n?.kind === 'entity' && (n.entity.type === 'user' || n.entity.type === 'role'))
    return { profile: n.profile, entity: n.entity };
  const picked = await pickEntityNode(services, ['user', 'role'], title);
  if (picked.kind !== 'entity') throw new Error('Pick a user or a role.');
  return { profile: picked.profile, entity: picked.entity };
}

/** The same user or role in the snapshot, or a message that says why it is not there. */
export function inSnapshot(index: SnapshotIndex, entity: Entity): UserDetails | RoleDetails {
  const found =
    entity.type === 'user' ? index.user(entity.name) : entity.type === 'role' ? index.role(entity.name) : undefined;
  if (!found || found.arn !== entity.arn) {
    throw new Error(
      `The ${entity.type} ${entity.name} is not in the account snapshot (loaded ` +
        `${index.snapshot.loadedAt.toLocaleString()}). Refresh the profile to renew the snapshot.`,
    );
  }
  return found;
}

/** "inline policy s3-read of group dev", "managed policy ReadOnlyAccess", "permissions boundary Boundary". */
export function describeSource(source: PolicySource): string {
  if (source.kind === 'inline') return `inline policy ${source.name} of ${source.attachedTo} ${source.entity}`;
  if (source.kind === 'boundary') return `permissions boundary ${source.name}`;
  return `managed policy ${source.name}${source.attachedTo === 'group' ? ` (through group ${source.entity})` : ''}`;
}

/** Where the policy's document opens: its `iam:` document (a managed policy's default version). */
function targetOf(profile: string, source: PolicySource, index: SnapshotIndex): PolicyTarget {
  if (source.kind === 'inline')
    return {
      profile,
      kind: 'inline',
      owner: { type: source.attachedTo, name: source.entity },
      policyName: source.name,
    };
  const arn = source.arn ?? '';
  if (!index.policy(arn)) throw new Error(`Policy ${arn} is not in the snapshot; open the policy from the tree.`);
  return { profile, kind: 'managed', policyArn: arn, policyName: arn.slice(arn.lastIndexOf('/') + 1) };
}

/**
 * Shows a policy document in VS Code's text editor with statement `statement` (0-based)
 * selected and in view; `options` as for showTextDocument (a column, preview).
 */
export async function showStatement(
  document: vscode.TextDocument,
  statement: number,
  options: vscode.TextDocumentShowOptions = {},
): Promise<vscode.TextEditor> {
  const node = statementNodes(document.getText())[statement];
  const selection = node
    ? new vscode.Range(document.positionAt(node.offset), document.positionAt(node.offset + node.length))
    : undefined;
  const editor = await vscode.window.showTextDocument(document, { ...options, ...(selection ? { selection } : {}) });
  if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** Opens a policy's document with the statement selected and in view. */
export async function openStatement(
  profile: string,
  source: PolicySource,
  statement: number,
  index: SnapshotIndex,
): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(policyUri(targetOf(profile, source, index)));
  return showStatement(doc, statement, { preview: false });
}

/** `statement "Sid"` (or its 1-based number), with ` (Deny)` for a Deny: how the reports name one. */
export function statementName(m: MatchedStatement): string {
  return `statement ${m.sid ? `"${m.sid}"` : m.statement + 1}${m.effect === 'Deny' ? ' (Deny)' : ''}`;
}

/** A policy summary's services as report rows: service, access level, resources, conditions. */
export function summaryRows(list: readonly ServiceSummary[]): HostCell[][] {
  return list.map((s) => [
    { text: s.name, notes: s.unrecognized.length ? [`Not in the action catalog: ${s.unrecognized.join(', ')}`] : [] },
    { text: s.access, notes: s.levels.map((l) => `${l.level}: ${l.granted} of ${l.total}`) },
    { text: s.resources.join(', ') || '—' },
    { text: s.conditions.length ? s.conditions.join('; ') : 'None' },
  ]);
}

/** A report link to a deciding statement: "inline policy x of user y, statement "Sid"". */
export function statementLink(profile: string, d: DecidingStatement, index: SnapshotIndex): HostLink {
  return {
    text: `${describeSource(d.source)}, ${statementName(d.statement)}`,
    title: 'Open the policy at this statement',
    open: () => openStatement(profile, d.source, d.statement.statement, index),
  };
}

/** A report link that reveals a user or role in the explorer. */
export function revealLink(services: Services, profile: string, principal: UserDetails | RoleDetails): HostLink {
  const entity: Entity = {
    type: principal.kind,
    name: principal.name,
    arn: principal.arn,
    id: principal.id,
    path: principal.path,
  };
  return {
    text: 'Reveal in the IAM view',
    title: principal.arn,
    open: async () => {
      await services.reveals.reveal(profile, entity, { focus: true }).catch(async () => {
        await services.view.reveal(asEntityNode(profile, entity), { select: true, focus: true, expand: false });
      });
    },
  };
}

/** Splits a list typed as "a, b c" into its items. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
