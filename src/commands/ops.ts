/**
 * What the IAM mutation commands share: resolving the entity a command acts on (from a tree
 * node, a multi-selection or the palette), prompts that validate as the user types, modal
 * confirmations, and refreshing exactly the loaded nodes a mutation changed.
 */
import * as vscode from 'vscode';
import type { Connection } from '../aws/connections';
import { retryMessage } from '../aws/requestEvents';
import type { Entity, EntityRef, Tag } from '../core/iam/model';
import { checkName, checkPath, parseTags, type NamedKind } from '../core/iam/rules';
import type { Mutation } from '../core/model/accountModel';
import { checkPolicyJson, POLICY_TEMPLATES } from '../core/iam/trust';
import type { Services } from '../services';
import type { EntityNode, ExplorerNode } from '../tree/nodes';
import { entitiesOf, pickEntityNode, pickProfile } from './pickers';
import { Cancelled } from '../core/cancelled';

export type EntityType = Entity['type'];

/** An entity to act on, with its profile and (when the tree holds it) its node. */
export interface Target {
  readonly profile: string;
  readonly entity: Entity;
  readonly node?: ExplorerNode;
}

export function connectionOf(services: Services, profile: string): Promise<Connection> {
  return services.connections.get(profile);
}

/** The entity a node stands for or sits under: the entity itself, a sub-folder's owner, a policy's owner. */
export function ownerEntity(node: ExplorerNode | undefined): Entity | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'entity':
      return node.entity;
    case 'subfolder':
    case 'attachedPolicy':
    case 'inlinePolicy':
      return node.owner;
    case 'trustPolicy':
      return node.role;
    case 'policyVersion':
      return node.policy;
    default:
      return undefined;
  }
}

/** The entity a command acts on: from its node when of the right type, else picked from the palette. */
export async function resolveTarget(
  services: Services,
  node: unknown,
  types: readonly EntityType[],
  title: string,
): Promise<Target> {
  const n = node as ExplorerNode | undefined;
  const owner = ownerEntity(n);
  if (n && owner && types.includes(owner.type))
    return { profile: n.profile, entity: owner, node: n.kind === 'entity' ? n : undefined };
  const picked = await pickEntityNode(services, types, title);
  return { profile: picked.profile, entity: picked.entity };
}

/** Entity nodes of the multi-selection (or the one node) of `types`; undefined when none. */
export function selectedEntities(
  node: unknown,
  selection: unknown,
  types: readonly EntityType[],
): EntityNode[] | undefined {
  const list =
    Array.isArray(selection) && selection.length > 0
      ? (selection as ExplorerNode[])
      : node
        ? [node as ExplorerNode]
        : [];
  const hits = list.filter((n): n is EntityNode => n.kind === 'entity' && types.includes(n.entity.type));
  return hits.length ? hits : undefined;
}

/** The nodes of the multi-selection (or the one node) of one kind. */
export function selectedOfKind<K extends ExplorerNode['kind']>(
  node: unknown,
  selection: unknown,
  kind: K,
): Extract<ExplorerNode, { kind: K }>[] {
  const list =
    Array.isArray(selection) && selection.length > 0
      ? (selection as ExplorerNode[])
      : node
        ? [node as ExplorerNode]
        : [];
  return list.filter((n): n is Extract<ExplorerNode, { kind: K }> => n.kind === kind);
}

/** The profile a folder node or other node belongs to, or one picked. */
export async function profileOf(services: Services, node: unknown): Promise<string> {
  const n = node as ExplorerNode | undefined;
  return n?.profile ?? pickProfile(services);
}

export function ref(entity: Entity): EntityRef {
  if (entity.type === 'policy') throw new Error('A managed policy is not a user, group or role.');
  return { type: entity.type, name: entity.name };
}

export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

// ---- prompts -----------------------------------------------------------------

/** An input box for a new name, checked against IAM's rules and the names already taken. */
export async function askName(
  services: Services,
  kind: NamedKind,
  title: string,
  existing: readonly string[],
): Promise<string> {
  const value = await services.ui.showInputBox({
    title,
    prompt:
      `${kind === 'inlinePolicy' ? 'Inline policy' : kind[0]?.toUpperCase() + kind.slice(1)} name: letters, ` +
      `digits and + = , . @ _ -`,
    validateInput: (v) => checkName(kind, v, existing),
    ignoreFocusOut: true,
  });
  if (value === undefined) throw new Cancelled();
  const problem = checkName(kind, value, existing);
  if (problem) throw new Error(problem);
  return value;
}

export async function askPath(services: Services, title: string): Promise<string> {
  const value = await services.ui.showInputBox({
    title,
    prompt: 'Path, to organise entities ("/" for none; "/division/team/" to nest)',
    value: '/',
    validateInput: checkPath,
    ignoreFocusOut: true,
  });
  if (value === undefined) throw new Cancelled();
  const problem = checkPath(value);
  if (problem) throw new Error(problem);
  return value;
}

/** Optional tags as "key=value, key2=value2"; empty for none. */
export async function askTags(
  services: Services,
  title: string,
  existing: readonly Tag[] = [],
  required = false,
): Promise<Tag[]> {
  const check = (v: string) => {
    const r = parseTags(v, existing);
    if (!r.ok) return r.message;
    return required && r.tags.length === 0 ? 'Enter at least one tag as key=value.' : undefined;
  };
  const value = await services.ui.showInputBox({
    title,
    prompt:
      `Tags as key=value, separated by commas${required ? '' : ' (leave empty for none)'}. A repeated key ` +
      `replaces its value.`,
    placeHolder: 'team=platform, cost-center=42',
    validateInput: check,
    ignoreFocusOut: true,
  });
  if (value === undefined) throw new Cancelled();
  const problem = check(value);
  if (problem) throw new Error(problem);
  const r = parseTags(value, existing);
  return r.ok ? r.tags : [];
}

/** A modal naming what will happen; anything but `action` cancels. */
export async function confirm(services: Services, message: string, action: string): Promise<void> {
  const choice = await services.ui.showWarningMessage(message, { modal: true }, action);
  if (choice !== action) throw new Cancelled();
}

/** Asks the user to type `expected` (an entity's name) to confirm a delete that removes more than the entity. */
export async function confirmByTyping(services: Services, expected: string, what: string): Promise<void> {
  const value = await services.ui.showInputBox({
    title: `Confirm: ${what}`,
    prompt: `Type ${expected} to confirm`,
    placeHolder: expected,
    validateInput: (v) =>
      v === expected ? undefined : `Type "${expected}" exactly to confirm, or press Escape to cancel.`,
    ignoreFocusOut: true,
  });
  if (value !== expected) throw new Cancelled();
}

/** Where a new policy document comes from: a template, a copy, or the JSON in the active editor. */
export async function pickPolicyDocument(
  services: Services,
  title: string,
  copies: { label: string; document: () => Promise<string> }[] = [],
): Promise<string> {
  interface Item extends vscode.QuickPickItem {
    document: () => Promise<string>;
  }
  const items: Item[] = copies.map((c) => ({ label: c.label, description: 'copy', document: c.document }));
  const editor = vscode.window.activeTextEditor;
  const text = editor?.document.getText();
  if (editor && text && checkPolicyJson(text) === undefined) {
    const name = editor.document.uri.path.split('/').pop() ?? 'editor';
    items.push({
      label: 'JSON in the active editor',
      description: name,
      document: async () => text.replace(/^\uFEFF/, ''),
    });
  }
  for (const t of POLICY_TEMPLATES)
    items.push({ label: t.label, description: 'template', detail: t.description, document: async () => t.document });
  const picked = await services.ui.showQuickPick(items, { title, placeHolder: 'Start from…', matchOnDetail: true });
  if (!picked) throw new Cancelled();
  return picked.document();
}

/** Existing names of one entity type in a profile, from its account model. */
export async function existingNames(services: Services, profile: string, type: EntityType): Promise<string[]> {
  return (await entitiesOf(services, profile, [type])).map((e) => e.name);
}

/**
 * A cancellable progress notification. While it shows, every SDK retry of the extension's
 * clients is reported in it (so a throttled call does not look stuck). `signal` aborts when the
 * user presses Cancel: the task stops between IAM calls (or passes it to the SDK) and says
 * what was done. Titles and messages go through the inert Ui (their link syntax is made inert).
 */
export function withProgress<T>(
  services: Services,
  title: string,
  task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>,
  /** Only this profile's retries (the one the task works on); every profile's when absent. */
  profile?: string,
): Promise<T> {
  return services.ui.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const onCancel = token.onCancellationRequested(() => abort.abort());
      const unlisten = services.connections.retries.listen((e) => {
        if (profile === undefined || e.profile === profile) progress.report({ message: retryMessage(e) });
      });
      try {
        return await task((message) => progress.report({ message }), abort.signal);
      } finally {
        unlisten();
        onCancel.dispose();
      }
    },
  );
}

/** What a bulk operation did: how many of its calls ran, and whether the user cancelled the rest. */
export interface BulkOutcome {
  readonly done: number;
  readonly cancelled: boolean;
}

/**
 * Runs one IAM call per item, in order, in a cancellable progress notification. On Cancel it
 * stops before the next call (the call in flight completes) and says what was done and what
 * was not. A failure propagates; the caller's `run` records each success as it happens.
 */
export async function runBulk<S>(
  services: Services,
  profile: string,
  title: string,
  items: readonly S[],
  label: (item: S) => string,
  run: (item: S) => Promise<void>,
): Promise<BulkOutcome> {
  let done = 0;
  const cancelled = await withProgress(
    services,
    title,
    async (progress, signal) => {
      for (const [i, item] of items.entries()) {
        if (signal.aborted) return true;
        progress(`${i + 1}/${items.length}: ${label(item)}`);
        await run(item);
        done++;
      }
      return false;
    },
    profile,
  );
  if (cancelled) {
    const list = (xs: readonly S[]) => (xs.length ? xs.map(label).join('; ') : 'nothing');
    void services.ui.showInformationMessage(
      `${title}: cancelled after ${done} of ${items.length}. Done: ${list(items.slice(0, done))}. Not done: ` +
        `${list(items.slice(done))}.`,
    );
  }
  return { done, cancelled };
}

// ---- what a mutation changed ---------------------------------------------------------

export type { Mutation };

/**
 * Reports what a command changed in IAM to the profile's account model, once: the model
 * updates itself in place and the tree re-renders exactly the nodes that show it.
 */
export function report(connection: Connection, mutations: readonly Mutation[]): void {
  for (const m of mutations) connection.model.apply(m);
}

/** The key the model names an entity by. */
export function keyOf(entity: Entity): { type: Entity['type']; name: string; arn: string } {
  return { type: entity.type, name: entity.name, arn: entity.arn };
}

/** "1 user", "2 users": the core's helper, under the name the commands use. */
export { counted as plural } from '../core/text';
