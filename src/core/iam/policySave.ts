/**
 * Saving a policy from the editor, without VS Code: which document an editor
 * holds (`PolicyTarget`), what IAM held when it opened (`Snapshot`), conflict
 * detection, the five-version rule, and the save sequence itself over a small
 * backend interface (the SDK in `src/aws/policyBackend.ts`, a fake in tests).
 *
 * The sequence: read IAM now → stop on a conflict with what the editor opened →
 * show the change and ask → make room when five versions exist (asking) → read
 * again right before writing and stop if it moved → write through the right call.
 * Nothing is overwritten silently.
 */
import type { EntityRef, PolicyVersion } from './model';

/** The documents the editor opens. `versionId` on a managed policy opens that (non-default) version read-only. */
export type PolicyTarget =
  | {
      readonly kind: 'managed';
      readonly profile: string;
      readonly policyArn: string;
      readonly policyName: string;
      readonly versionId?: string;
    }
  | { readonly kind: 'inline'; readonly profile: string; readonly owner: EntityRef; readonly policyName: string }
  | { readonly kind: 'trust'; readonly profile: string; readonly roleName: string }
  | {
      readonly kind: 'newManaged';
      readonly profile: string;
      readonly policyName: string;
      readonly path: string;
      readonly description?: string;
    }
  | { readonly kind: 'newInline'; readonly profile: string; readonly owner: EntityRef; readonly policyName: string };

/** What IAM holds for a target at one moment. */
export interface Snapshot {
  readonly exists: boolean;
  /** The decoded document; '' when it does not exist. */
  readonly text: string;
  /** Managed policies: the default version id (or the opened version's id for a read-only version). */
  readonly versionId?: string;
  /** Managed policies: whether `versionId` is the default version. */
  readonly isDefault?: boolean;
  /** A new managed policy's name read back from IAM: the ARN of the policy that holds it. */
  readonly policyArn?: string;
}

/** The IAM calls a save needs. */
export interface PolicyBackend {
  /** What IAM holds now; `exists: false` when the policy (or its owner) is gone or not created yet. */
  read(target: PolicyTarget): Promise<Snapshot>;
  listVersions(policyArn: string): Promise<PolicyVersion[]>;
  deleteVersion(policyArn: string, versionId: string): Promise<void>;
  /** CreatePolicyVersion with SetAsDefault; returns the new version id. */
  createVersion(policyArn: string, document: string): Promise<string>;
  setDefaultVersion(policyArn: string, versionId: string): Promise<void>;
  putInline(owner: EntityRef, policyName: string, document: string): Promise<void>;
  updateTrust(roleName: string, document: string): Promise<void>;
  createPolicy(
    policyName: string,
    path: string,
    description: string | undefined,
    document: string,
  ): Promise<{ arn: string; versionId: string }>;
}

export interface SaveHooks {
  /** Shows `text` against what IAM holds now (`now`) and asks to write it; false cancels. */
  confirm(now: Snapshot, text: string): Promise<boolean>;
  /** Five versions exist: asks to delete `version` (the oldest non-default) first; false cancels. */
  confirmEvict(version: PolicyVersion, versions: readonly PolicyVersion[]): Promise<boolean>;
}

export type SaveOutcome =
  | {
      readonly status: 'saved';
      readonly target: PolicyTarget;
      readonly snapshot: Snapshot;
      readonly deletedVersion?: string;
    }
  /** IAM changed since `base` (what the editor opened, or what the diff showed): nothing was written. */
  | { readonly status: 'conflict'; readonly reason: string; readonly base: Snapshot; readonly now: Snapshot }
  /**
   * IAM already holds the edit: nothing was written. `target` is the document the editor
   * edits from now on: the same one, or for a new policy the one IAM now holds under its
   * name (`adopted`: a create that completed before the editor learned of it).
   */
  | {
      readonly status: 'unchanged';
      readonly target: PolicyTarget;
      readonly snapshot: Snapshot;
      readonly adopted?: boolean;
    }
  | { readonly status: 'cancelled' };

/** IAM keeps at most five versions of a managed policy. */
export const VERSIONS_PER_POLICY = 5;

/** A stable key per document: one editor per key. */
export function targetKey(t: PolicyTarget): string {
  switch (t.kind) {
    case 'managed':
      return `${t.profile}|managed|${t.policyArn}|${t.versionId ?? 'default'}`;
    case 'inline':
    case 'newInline':
      // A new inline policy becomes the inline policy of the same name: the same key.
      return `${t.profile}|inline|${t.owner.type}|${t.owner.name}|${t.policyName}`;
    case 'trust':
      return `${t.profile}|trust|${t.roleName}`;
    case 'newManaged':
      return `${t.profile}|newManaged|${t.path}${t.policyName}`;
  }
}

/** A human name for a target: "Policy reports-read", "Inline policy logs of role app". */
export function describeTarget(t: PolicyTarget): string {
  switch (t.kind) {
    case 'managed':
      return t.versionId ? `version ${t.versionId} of policy ${t.policyName}` : `policy ${t.policyName}`;
    case 'inline':
    case 'newInline':
      return `inline policy ${t.policyName} of ${t.owner.type} ${t.owner.name}`;
    case 'trust':
      return `the trust policy of role ${t.roleName}`;
    case 'newManaged':
      return `new policy ${t.policyName}`;
  }
}

export function isAwsManaged(t: PolicyTarget): boolean {
  return t.kind === 'managed' && /^arn:[\w-]+:iam::aws:policy\//.test(t.policyArn);
}

/**
 * AWS managed policies cannot be changed; a version that is not the default is only viewed (it can be made the
 * default).
 */
export function isReadOnly(t: PolicyTarget, opened?: Snapshot): boolean {
  return t.kind === 'managed' && (isAwsManaged(t) || (t.versionId !== undefined && opened?.isDefault !== true));
}

/**
 * Whether two documents say the same thing: equal after JSON parsing (key order
 * and spelling kept, white space ignored); plain text comparison when either is not JSON.
 */
export function sameDocument(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a.trim() === b.trim();
  }
}

/** Why IAM's `now` differs from `base` for this target, or undefined when it does not. */
export function detectConflict(target: PolicyTarget, base: Snapshot, now: Snapshot): string | undefined {
  const what = describeTarget(target);
  if (!base.exists) {
    return now.exists ? `${capitalize(what)} already exists in IAM; saving would replace it.` : undefined;
  }
  if (!now.exists) return `${capitalize(what)} no longer exists in IAM (deleted since the editor opened it).`;
  if (target.kind === 'managed' && base.versionId !== now.versionId) {
    return (
      `The default version of policy ${target.policyName} changed in IAM from ${base.versionId ?? '?'} to ` +
      `${now.versionId ?? '?'} since the editor opened it.`
    );
  }
  if (!sameDocument(base.text, now.text)) return `${capitalize(what)} changed in IAM since the editor opened it.`;
  return undefined;
}

/** The version to delete to make room: the oldest non-default (by date, then by number). Undefined when none can go. */
export function versionToEvict(versions: readonly PolicyVersion[]): PolicyVersion | undefined {
  const num = (v: PolicyVersion) => Number(/\d+/.exec(v.versionId)?.[0] ?? Number.MAX_SAFE_INTEGER);
  return versions
    .filter((v) => !v.isDefault)
    .sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0) || num(a) - num(b))[0];
}

/** Saves `text` to `target`; `opened` is what IAM held when the editor opened (or last saved). Throws IAM's errors. */
export async function savePolicy(
  target: PolicyTarget,
  text: string,
  opened: Snapshot,
  backend: PolicyBackend,
  hooks: SaveHooks,
): Promise<SaveOutcome> {
  if (isReadOnly(target, opened)) {
    throw new Error(
      `${capitalize(describeTarget(target))} is read-only: ` +
        `${isAwsManaged(target) ? 'AWS managed policies cannot be changed' : 'it is not the default version'}.`,
    );
  }
  const now = await backend.read(target);
  // IAM already holds the edit (say, a save that completed just before the window was
  // reloaded or the extension host died): nothing to write, and nothing of anyone's to lose.
  // A new policy whose name IAM now holds with exactly the edit (its CreatePolicy or
  // Put*Policy completed, the editor never learned it) becomes that existing document.
  // One that holds anything else stays a conflict below: never overwritten silently.
  if (now.exists && sameDocument(now.text, text)) {
    const existing = existingTarget(target, now);
    if (existing)
      return existing === target
        ? { status: 'unchanged', target, snapshot: now }
        : { status: 'unchanged', target: existing, snapshot: now, adopted: true };
  }
  const conflict = detectConflict(target, opened, now);
  if (conflict) return { status: 'conflict', reason: conflict, base: opened, now };
  if (!(await hooks.confirm(now, text))) return { status: 'cancelled' };

  let evict: PolicyVersion | undefined;
  if (target.kind === 'managed') {
    const versions = await backend.listVersions(target.policyArn);
    if (versions.length >= VERSIONS_PER_POLICY) {
      evict = versionToEvict(versions);
      if (!evict)
        throw new Error(`Policy ${target.policyName} has ${versions.length} versions and none can be deleted.`);
      if (!(await hooks.confirmEvict(evict, versions))) return { status: 'cancelled' };
    }
  }

  // Right before writing: IAM may have moved while the diff was open.
  const again = await backend.read(target);
  const moved = detectConflict(target, now, again);
  if (moved) return { status: 'conflict', reason: moved, base: now, now: again };

  switch (target.kind) {
    case 'managed': {
      if (evict) await backend.deleteVersion(target.policyArn, evict.versionId);
      const versionId = await backend.createVersion(target.policyArn, text);
      const snapshot: Snapshot = { exists: true, text, versionId, isDefault: true };
      return evict
        ? { status: 'saved', target, snapshot, deletedVersion: evict.versionId }
        : { status: 'saved', target, snapshot };
    }
    case 'inline':
      await backend.putInline(target.owner, target.policyName, text);
      return { status: 'saved', target, snapshot: { exists: true, text } };
    case 'trust':
      await backend.updateTrust(target.roleName, text);
      return { status: 'saved', target, snapshot: { exists: true, text } };
    case 'newInline': {
      await backend.putInline(target.owner, target.policyName, text);
      const saved: PolicyTarget = {
        kind: 'inline',
        profile: target.profile,
        owner: target.owner,
        policyName: target.policyName,
      };
      return { status: 'saved', target: saved, snapshot: { exists: true, text } };
    }
    case 'newManaged': {
      const created = await backend.createPolicy(target.policyName, target.path, target.description, text);
      const saved: PolicyTarget = {
        kind: 'managed',
        profile: target.profile,
        policyArn: created.arn,
        policyName: target.policyName,
      };
      return {
        status: 'saved',
        target: saved,
        snapshot: { exists: true, text, versionId: created.versionId, isDefault: true },
      };
    }
  }
}

/**
 * The existing document a target names once IAM holds it (`now`); undefined when that cannot be told (no ARN read
 * back).
 */
function existingTarget(target: PolicyTarget, now: Snapshot): PolicyTarget | undefined {
  switch (target.kind) {
    case 'managed':
    case 'inline':
    case 'trust':
      return target;
    case 'newInline':
      return { kind: 'inline', profile: target.profile, owner: target.owner, policyName: target.policyName };
    case 'newManaged':
      return now.policyArn
        ? { kind: 'managed', profile: target.profile, policyArn: now.policyArn, policyName: target.policyName }
        : undefined;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
