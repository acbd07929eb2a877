/**
 * One profile's account model: what the tree shows, the commands pick from and the editor
 * reads. It is filled two ways, both real IAM calls through a `ModelSource`:
 * - lazily: a folder or a node's relation is listed on first read and kept;
 * - by a snapshot (GetAccountAuthorizationDetails, see src/aws/snapshotLoader.ts): once it
 *   is in, users, groups, roles, local policies, memberships, attachments, inline policy
 *   names, trust policies and versions are answered without a request.
 *
 * A mutation made through the extension is reported once (`apply`); the model updates
 * itself in place and emits typed events (`created`, `deleted`, `changed` with what changed)
 * that the tree turns into the refresh of exactly the affected nodes.
 *
 * No vscode here; no secrets (access keys are not part of the model).
 */
import type {
  AttachedPolicy,
  CallerIdentity,
  Entity,
  EntityRef,
  EntityType,
  PolicyAttachments,
  PolicyVersion,
  Tag,
} from '../iam/model';
import { isAwsManagedPolicyArn } from '../iam/partition';
import {
  policyDocument,
  type AccountSnapshot,
  type GroupDetails,
  type ManagedPolicyDetails,
  type PolicyDocument,
  type RoleDetails,
  type UserDetails,
} from './snapshot';

/**
 * The IAM reads the model fills itself with (IamService implements it). Each listing takes an
 * AbortSignal: it stops between pages (and the SDK cuts the request in flight) once it fires.
 */
export interface ModelSource {
  whoAmI(): Promise<CallerIdentity>;
  accountAlias(): Promise<string | undefined>;
  listUsers(signal?: AbortSignal): Promise<Entity[]>;
  listGroups(signal?: AbortSignal): Promise<Entity[]>;
  listRoles(signal?: AbortSignal): Promise<Entity[]>;
  listPolicies(scope: 'Local' | 'AWS', signal?: AbortSignal): Promise<Entity[]>;
  listGroupsForUser(userName: string, signal?: AbortSignal): Promise<Entity[]>;
  listGroupMembers(groupName: string, signal?: AbortSignal): Promise<Entity[]>;
  listAttachedPolicies(entity: EntityRef, signal?: AbortSignal): Promise<AttachedPolicy[]>;
  listInlinePolicyNames(entity: EntityRef, signal?: AbortSignal): Promise<string[]>;
  listPolicyVersions(policyArn: string, signal?: AbortSignal): Promise<PolicyVersion[]>;
  listEntitiesForPolicy(policyArn: string, signal?: AbortSignal): Promise<PolicyAttachments>;
}

/** A folder of the account: users, groups, roles, customer managed or AWS managed policies. */
export type ListKind = 'users' | 'groups' | 'roles' | 'policies' | 'awsPolicies';

/** Names an entity in events: users, groups and roles by name, policies by ARN (both given). */
export interface EntityKey {
  readonly type: Entity['type'];
  readonly name: string;
  readonly arn: string;
}

/** What about an entity changed. */
export type Aspect =
  /** a user's groups */
  | 'groups'
  /** a group's members */
  | 'members'
  /** a user's, group's or role's attached managed policies */
  | 'attached'
  /** a managed policy's users, groups and roles */
  | 'attachedTo'
  /** a managed policy's attachment count, shown on its item */
  | 'attachmentCount'
  | 'inline'
  | 'trust'
  | 'versions'
  | 'tags';

export type ModelEvent =
  | { readonly type: 'created'; readonly entity: EntityKey }
  | { readonly type: 'deleted'; readonly entity: EntityKey }
  | { readonly type: 'changed'; readonly entity: EntityKey; readonly what: Aspect }
  /** A snapshot came in, or was dropped (`loadedAt` undefined). */
  | { readonly type: 'snapshot'; readonly loadedAt?: Date };

/** A mutation the extension made in IAM, reported once to the model. */
export type Mutation =
  | { readonly kind: 'created'; readonly entity: Entity; readonly trustPolicy?: string; readonly document?: string }
  | { readonly kind: 'deleted'; readonly entity: EntityKey }
  | { readonly kind: 'membership'; readonly user: string; readonly group: string; readonly member: boolean }
  | { readonly kind: 'attachment'; readonly entity: EntityRef; readonly policyArn: string; readonly attached: boolean }
  /** An inline policy put (document) or deleted (no document). */
  | { readonly kind: 'inline'; readonly entity: EntityRef; readonly policyName: string; readonly document?: string }
  | { readonly kind: 'trust'; readonly role: string; readonly document: string }
  | {
      readonly kind: 'versionCreated';
      readonly policyArn: string;
      readonly versionId: string;
      readonly document: string;
      readonly setAsDefault: boolean;
    }
  | { readonly kind: 'versionDeleted'; readonly policyArn: string; readonly versionId: string }
  | { readonly kind: 'defaultVersion'; readonly policyArn: string; readonly versionId: string }
  | { readonly kind: 'tags'; readonly entity: EntityKey; readonly tags: readonly Tag[] };

/** A user, group or role in a relation list: enough for a tree item and its id. */
export interface NamedArn {
  readonly name: string;
  readonly arn: string;
}

export interface ProfileIdentity {
  readonly identity: CallerIdentity;
  readonly alias?: string;
}

const low = (s: string): string => s.toLowerCase();
const POLICY_FOLDER = (arn: string): ListKind => (isAwsManagedPolicyArn(arn) ? 'awsPolicies' : 'policies');
const FOLDER_OF_TYPE: Record<EntityType, ListKind> = { user: 'users', group: 'groups', role: 'roles' };

/** The snapshot's content, mutable in place: records are replaced, maps are kept. */
interface SnapshotState {
  readonly accountId: string;
  readonly loadedAt: Date;
  readonly users: Map<string, UserDetails>;
  readonly groups: Map<string, GroupDetails>;
  readonly roles: Map<string, RoleDetails>;
  /** Customer managed policies and the AWS managed ones attached, by ARN. */
  readonly policies: Map<string, ManagedPolicyDetails>;
}

type Listener = (event: ModelEvent) => void;

/**
 * One listing in flight, shared by every caller that asks for the same key meanwhile. It is
 * aborted only when no caller wants it any more: every caller that joined passed a signal
 * (the tree does, per load) and each of those signals fired. A caller without a signal (a
 * command) wants it to the end.
 */
interface InFlight {
  readonly token: object;
  readonly promise: Promise<unknown>;
  readonly abort: AbortController;
  /** Callers with a signal that has not fired yet. */
  waiting: number;
  /** A caller without a signal joined: never aborted. */
  pinned: boolean;
}

export class AccountModel {
  private readonly listeners = new Set<Listener>();
  private identityPromise?: Promise<ProfileIdentity>;
  /** Lazily listed values by key (`users`, `groups:user:alice`, `versions:<arn>`, …). */
  private readonly cache = new Map<string, unknown>();
  /** In-flight reads; a mutation or refresh of the key replaces its token, so a stale answer is dropped. */
  private readonly pending = new Map<string, InFlight>();
  private snap?: SnapshotState;
  private built?: AccountSnapshot;
  /**
   * Entities refreshed since the snapshot (`user:alice`, a policy ARN): their relations are
   * listed from IAM again instead of answered from the snapshot.
   */
  private readonly refreshed = new Set<string>();

  constructor(private readonly source: ModelSource) {}

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(event: ModelEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  // ---- identity ---------------------------------------------------------------------

  /** Caller identity and account alias (one round trip, kept; a failure is not kept). */
  identity(): Promise<ProfileIdentity> {
    if (!this.identityPromise) {
      const p = Promise.all([this.source.whoAmI(), this.source.accountAlias().catch(() => undefined)]).then(
        ([identity, alias]) => ({ identity, alias }),
      );
      this.identityPromise = p;
      p.catch(() => {
        if (this.identityPromise === p) this.identityPromise = undefined;
      });
    }
    return this.identityPromise;
  }

  // ---- snapshot ---------------------------------------------------------------------

  /** Takes a complete snapshot in: every relation it covers is answered from it from now on. */
  setSnapshot(snapshot: AccountSnapshot): void {
    this.snap = {
      accountId: snapshot.accountId,
      loadedAt: snapshot.loadedAt,
      users: new Map(snapshot.users.map((u) => [low(u.name), u])),
      groups: new Map(snapshot.groups.map((g) => [low(g.name), g])),
      roles: new Map(snapshot.roles.map((r) => [low(r.name), r])),
      policies: new Map(snapshot.policies.map((p) => [p.arn, p])),
    };
    this.built = snapshot;
    this.refreshed.clear();
    // Relations listed lazily before are older than the snapshot: it answers them now.
    for (const key of [...this.cache.keys()]) if (key.includes(':')) this.forget(key);
    this.emit({ type: 'snapshot', loadedAt: snapshot.loadedAt });
  }

  /** When the snapshot in the model was loaded; undefined without one. */
  snapshotLoadedAt(): Date | undefined {
    return this.snap?.loadedAt;
  }

  /**
   * The latest complete snapshot with every mutation reported since applied; undefined
   * before one was loaded. For the evaluation engine, Who Can and the findings.
   */
  snapshot(): AccountSnapshot | undefined {
    const s = this.snap;
    if (!s) return undefined;
    this.built ??= {
      accountId: s.accountId,
      loadedAt: s.loadedAt,
      users: [...s.users.values()],
      groups: [...s.groups.values()],
      roles: [...s.roles.values()],
      policies: [...s.policies.values()],
    };
    return this.built;
  }

  /** Forgets everything (Refresh on the profile root): the next reads list again. */
  reset(): void {
    this.identityPromise = undefined;
    this.cache.clear();
    this.pending.clear();
    const had = this.snap !== undefined;
    this.snap = undefined;
    this.built = undefined;
    this.refreshed.clear();
    if (had) this.emit({ type: 'snapshot' });
  }

  /** Forgets one folder's listing (Refresh on a folder). */
  forgetList(kind: ListKind): void {
    this.forget(kind);
  }

  /**
   * Forgets what is held about one entity's relations (Refresh on an entity or one of its
   * folders): they are listed from IAM on the next read, snapshot or not.
   */
  forgetEntity(entity: EntityKey): void {
    const suffix = entity.type === 'policy' ? entity.arn : `${entity.type}:${low(entity.name)}`;
    if (this.snap) this.refreshed.add(suffix);
    for (const key of [...this.cache.keys(), ...this.pending.keys()])
      if (key.endsWith(suffix) && key.includes(':')) this.forget(key);
  }

  private forget(key: string): void {
    this.cache.delete(key);
    this.pending.delete(key);
  }

  /**
   * A value by key: from the cache, else the listing in flight for it (joined), else a new
   * listing. With `signal`, this caller stops waiting when it fires (the promise rejects with
   * an AbortError), and the listing is aborted once no caller still waits for it.
   */
  private read<T>(key: string, fetch: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.cache.has(key)) return Promise.resolve(this.cache.get(key) as T);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    let entry = this.pending.get(key);
    if (!entry) {
      const token = {};
      const abort = new AbortController();
      const promise = fetch(abort.signal).then((value) => {
        if (this.pending.get(key)?.token === token) {
          this.pending.delete(key);
          this.cache.set(key, value);
        }
        return value;
      });
      promise.catch(() => {
        if (this.pending.get(key)?.token === token) this.pending.delete(key);
      });
      entry = { token, promise, abort, waiting: 0, pinned: false };
      this.pending.set(key, entry);
    }
    return this.join(key, entry, signal) as Promise<T>;
  }

  /** One caller of a listing in flight; see InFlight. */
  private join(key: string, entry: InFlight, signal: AbortSignal | undefined): Promise<unknown> {
    if (!signal) {
      entry.pinned = true;
      return entry.promise;
    }
    entry.waiting++;
    return new Promise((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return false;
        left = true;
        signal.removeEventListener('abort', onAbort);
        entry.waiting--;
        return true;
      };
      const onAbort = () => {
        if (!leave()) return;
        reject(abortReason(signal));
        if (entry.waiting > 0 || entry.pinned) return;
        // Nobody wants the answer: stop listing, and let the next read start afresh.
        if (this.pending.get(key)?.token === entry.token) this.pending.delete(key);
        entry.abort.abort();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          if (leave()) resolve(value);
        },
        (error: unknown) => {
          if (leave()) reject(error);
        },
      );
    });
  }

  /** A cached value, updated in place by `update` (nothing when not listed yet). */
  private patch<T>(key: string, update: (value: T) => T): void {
    if (this.cache.has(key)) this.cache.set(key, update(this.cache.get(key) as T));
    else this.pending.delete(key); // an answer in flight may predate the mutation: list again
  }

  // ---- reads ------------------------------------------------------------------------

  /** A folder: from the lazy listing when there is one (richer fields), else the snapshot, else IAM. */
  list(kind: ListKind, signal?: AbortSignal): Promise<Entity[]> {
    if (!this.cache.has(kind) && !this.pending.has(kind) && this.snap && kind !== 'awsPolicies')
      return Promise.resolve(this.fromSnapshot(kind, this.snap));
    return this.read(
      kind,
      (abort) => {
        switch (kind) {
          case 'users':
            return this.source.listUsers(abort);
          case 'groups':
            return this.source.listGroups(abort);
          case 'roles':
            return this.source.listRoles(abort);
          case 'policies':
            return this.source.listPolicies('Local', abort);
          case 'awsPolicies':
            return this.source.listPolicies('AWS', abort);
        }
      },
      signal,
    );
  }

  /**
   * A folder from the snapshot, in IAM's listing order (by name, regardless of case), entities created since included.
   */
  private fromSnapshot(kind: Exclude<ListKind, 'awsPolicies'>, s: SnapshotState): Entity[] {
    switch (kind) {
      case 'users':
        return byName([...s.users.values()].map(userEntity));
      case 'groups':
        return byName([...s.groups.values()].map(groupEntity));
      case 'roles':
        return byName([...s.roles.values()].map(roleEntity));
      case 'policies':
        return byName([...s.policies.values()].filter((p) => !p.awsManaged).map(policyEntity));
    }
  }

  groupsOfUser(userName: string, signal?: AbortSignal): Promise<NamedArn[]> {
    const u = this.refreshed.has(`user:${low(userName)}`) ? undefined : this.snap?.users.get(low(userName));
    if (u && this.snap) {
      const groups = this.snap.groups;
      return Promise.resolve(
        sortByName(
          u.groups.flatMap((g) => {
            const group = groups.get(low(g));
            return group ? [{ name: group.name, arn: group.arn }] : [];
          }),
        ),
      );
    }
    return this.read(
      `groups:user:${low(userName)}`,
      async (abort) => (await this.source.listGroupsForUser(userName, abort)).map(named),
      signal,
    );
  }

  membersOf(groupName: string, signal?: AbortSignal): Promise<NamedArn[]> {
    if (this.snap?.groups.has(low(groupName)) && !this.refreshed.has(`group:${low(groupName)}`)) {
      const g = low(groupName);
      return Promise.resolve(
        sortByName([...this.snap.users.values()].filter((u) => u.groups.some((x) => low(x) === g)).map(named)),
      );
    }
    return this.read(
      `members:group:${low(groupName)}`,
      async (abort) => (await this.source.listGroupMembers(groupName, abort)).map(named),
      signal,
    );
  }

  attached(entity: EntityRef, signal?: AbortSignal): Promise<AttachedPolicy[]> {
    const d = this.details(entity);
    if (d) return Promise.resolve(sortByArn(d.attachedPolicies.map((p) => ({ name: p.name, arn: p.arn }))));
    return this.read(
      `attached:${entity.type}:${low(entity.name)}`,
      (abort) => this.source.listAttachedPolicies(entity, abort),
      signal,
    );
  }

  inlineNames(entity: EntityRef, signal?: AbortSignal): Promise<string[]> {
    const d = this.details(entity);
    if (d) return Promise.resolve(sortNames(d.inlinePolicies.map((p) => p.name)));
    return this.read(
      `inline:${entity.type}:${low(entity.name)}`,
      (abort) => this.source.listInlinePolicyNames(entity, abort),
      signal,
    );
  }

  /** An inline policy's document from the snapshot; undefined when the model does not hold it. */
  inlineDocument(entity: EntityRef, policyName: string): PolicyDocument | undefined {
    return this.details(entity)?.inlinePolicies.find((p) => p.name === policyName)?.document;
  }

  /** A role's trust policy from the snapshot; undefined when the model does not hold it. */
  trustPolicy(roleName: string): PolicyDocument | undefined {
    return this.snap?.roles.get(low(roleName))?.trustPolicy;
  }

  versions(policyArn: string, signal?: AbortSignal): Promise<PolicyVersion[]> {
    const p = this.refreshed.has(policyArn) ? undefined : this.snap?.policies.get(policyArn);
    if (p && p.versions.length > 0)
      return Promise.resolve(
        p.versions.map((v) => ({ versionId: v.versionId, isDefault: v.isDefault, created: v.created })),
      );
    return this.read(`versions:${policyArn}`, (abort) => this.source.listPolicyVersions(policyArn, abort), signal);
  }

  attachedTo(policyArn: string, signal?: AbortSignal): Promise<PolicyAttachments> {
    const s = this.snap;
    if (s && !this.refreshed.has(policyArn) && (s.policies.has(policyArn) || isAwsManagedPolicyArn(policyArn))) {
      const has = (d: { attachedPolicies: readonly { arn: string }[] }) =>
        d.attachedPolicies.some((a) => a.arn === policyArn);
      return Promise.resolve({
        users: [...s.users.values()].filter(has).map((u) => u.name),
        groups: [...s.groups.values()].filter(has).map((g) => g.name),
        roles: [...s.roles.values()].filter(has).map((r) => r.name),
      });
    }
    return this.read(`attachedTo:${policyArn}`, (abort) => this.source.listEntitiesForPolicy(policyArn, abort), signal);
  }

  /** What the snapshot says of an entity, for reads (not for an entity refreshed since). */
  private details(entity: EntityRef): UserDetails | GroupDetails | RoleDetails | undefined {
    return this.refreshed.has(`${entity.type}:${low(entity.name)}`) ? undefined : this.held(entity);
  }

  /** What the snapshot holds of an entity, for mutations (kept current either way). */
  private held(entity: EntityRef): UserDetails | GroupDetails | RoleDetails | undefined {
    const s = this.snap;
    if (!s) return undefined;
    return entity.type === 'user'
      ? s.users.get(low(entity.name))
      : entity.type === 'group'
        ? s.groups.get(low(entity.name))
        : s.roles.get(low(entity.name));
  }

  // ---- mutations --------------------------------------------------------------------

  /** Applies a mutation the extension made, in place, and emits what changed. */
  apply(m: Mutation): void {
    const events: ModelEvent[] = [];
    const changed = (entity: EntityKey, what: Aspect) => events.push({ type: 'changed', entity, what });
    switch (m.kind) {
      case 'created':
        this.created(m.entity, m.trustPolicy, m.document);
        events.push({ type: 'created', entity: key(m.entity) });
        break;
      case 'deleted':
        this.deleted(m.entity, changed);
        events.push({ type: 'deleted', entity: m.entity });
        break;
      case 'membership':
        this.membership(m.user, m.group, m.member);
        changed(this.keyOf({ type: 'user', name: m.user }), 'groups');
        changed(this.keyOf({ type: 'group', name: m.group }), 'members');
        break;
      case 'attachment':
        this.attachment(m.entity, m.policyArn, m.attached);
        changed(this.keyOf(m.entity), 'attached');
        changed(this.policyKey(m.policyArn), 'attachedTo');
        changed(this.policyKey(m.policyArn), 'attachmentCount');
        break;
      case 'inline':
        this.inline(m.entity, m.policyName, m.document);
        changed(this.keyOf(m.entity), 'inline');
        break;
      case 'trust': {
        const r = this.snap?.roles.get(low(m.role));
        if (r && this.snap) this.snap.roles.set(low(m.role), { ...r, trustPolicy: policyDocument(m.document) });
        changed(this.keyOf({ type: 'role', name: m.role }), 'trust');
        break;
      }
      case 'versionCreated':
      case 'versionDeleted':
      case 'defaultVersion':
        this.version(m);
        changed(this.policyKey(m.policyArn), 'versions');
        break;
      case 'tags':
        this.tags(m.entity, m.tags);
        changed(m.entity, 'tags');
        break;
    }
    this.built = undefined;
    for (const e of events) this.emit(e);
  }

  private keyOf(ref: EntityRef): EntityKey {
    const d = this.held(ref);
    const listed = (this.cache.get(FOLDER_OF_TYPE[ref.type]) as Entity[] | undefined)?.find(
      (e) => low(e.name) === low(ref.name),
    );
    return { type: ref.type, name: ref.name, arn: d?.arn ?? listed?.arn ?? '' };
  }

  private policyKey(arn: string): EntityKey {
    return { type: 'policy', name: arn.slice(arn.lastIndexOf('/') + 1), arn };
  }

  private created(entity: Entity, trust: string | undefined, document: string | undefined): void {
    const folder = entity.type === 'policy' ? POLICY_FOLDER(entity.arn) : FOLDER_OF_TYPE[entity.type];
    this.patch<Entity[]>(folder, (list) => byName([...list.filter((e) => e.arn !== entity.arn), entity]));
    const s = this.snap;
    if (!s) return;
    const base = {
      name: entity.name,
      id: entity.id,
      arn: entity.arn,
      path: entity.path,
      created: entity.created,
      inlinePolicies: [],
      attachedPolicies: [],
    };
    switch (entity.type) {
      case 'user':
        s.users.set(low(entity.name), { ...base, kind: 'user', groups: [], tags: entity.tags ?? [] });
        break;
      case 'group':
        s.groups.set(low(entity.name), { ...base, kind: 'group' });
        break;
      case 'role':
        s.roles.set(low(entity.name), {
          ...base,
          kind: 'role',
          trustPolicy: policyDocument(trust ?? ''),
          instanceProfiles: [],
          tags: entity.tags ?? [],
          description: entity.description,
          maxSessionDuration: entity.maxSessionDuration,
        });
        break;
      case 'policy': {
        const doc = document === undefined ? undefined : policyDocument(document);
        const versionId = entity.defaultVersionId ?? 'v1';
        s.policies.set(entity.arn, {
          kind: 'policy',
          name: entity.name,
          id: entity.id,
          arn: entity.arn,
          path: entity.path,
          awsManaged: isAwsManagedPolicyArn(entity.arn),
          defaultVersionId: versionId,
          attachmentCount: 0,
          permissionsBoundaryUsageCount: 0,
          isAttachable: true,
          description: entity.description,
          created: entity.created,
          updated: entity.created,
          versions: doc ? [{ versionId, isDefault: true, created: entity.created, document: doc }] : [],
          defaultDocument: doc,
        });
        break;
      }
    }
  }

  private deleted(entity: EntityKey, changed: (e: EntityKey, what: Aspect) => void): void {
    const folder = entity.type === 'policy' ? POLICY_FOLDER(entity.arn) : FOLDER_OF_TYPE[entity.type];
    const gone = (e: Entity) => (entity.type === 'policy' ? e.arn === entity.arn : low(e.name) === low(entity.name));
    this.patch<Entity[]>(folder, (list) => list.filter((e) => !gone(e)));
    this.forgetEntity(entity);
    const name = low(entity.name);
    const s = this.snap;
    switch (entity.type) {
      case 'user': {
        // Its memberships and attachments go with it (the delete plan reported each step too).
        for (const g of s?.users.get(name)?.groups ?? []) changed(this.keyOf({ type: 'group', name: g }), 'members');
        for (const k of this.cache.keys())
          if (k.startsWith('members:')) this.patch<NamedArn[]>(k, (l) => l.filter((u) => low(u.name) !== name));
        for (const k of this.cache.keys())
          if (k.startsWith('attachedTo:'))
            this.patch<PolicyAttachments>(k, (a) => ({ ...a, users: a.users.filter((u) => low(u) !== name) }));
        s?.users.delete(name);
        break;
      }
      case 'group': {
        for (const k of this.cache.keys())
          if (k.startsWith('groups:user:')) this.patch<NamedArn[]>(k, (l) => l.filter((g) => low(g.name) !== name));
        for (const k of this.cache.keys())
          if (k.startsWith('attachedTo:'))
            this.patch<PolicyAttachments>(k, (a) => ({ ...a, groups: a.groups.filter((g) => low(g) !== name) }));
        if (s) {
          for (const [k, u] of s.users) {
            if (u.groups.some((g) => low(g) === name)) {
              s.users.set(k, { ...u, groups: u.groups.filter((g) => low(g) !== name) });
              changed(this.keyOf({ type: 'user', name: u.name }), 'groups');
            }
          }
          s.groups.delete(name);
        }
        break;
      }
      case 'role':
        for (const k of this.cache.keys())
          if (k.startsWith('attachedTo:'))
            this.patch<PolicyAttachments>(k, (a) => ({ ...a, roles: a.roles.filter((r) => low(r) !== name) }));
        s?.roles.delete(name);
        break;
      case 'policy': {
        const drop = (l: AttachedPolicy[]) => l.filter((p) => p.arn !== entity.arn);
        for (const k of this.cache.keys()) if (k.startsWith('attached:')) this.patch<AttachedPolicy[]>(k, drop);
        if (s) {
          for (const map of [s.users, s.groups, s.roles] as Map<string, UserDetails | GroupDetails | RoleDetails>[]) {
            for (const [k, d] of map) {
              if (d.attachedPolicies.some((p) => p.arn === entity.arn)) {
                map.set(k, { ...d, attachedPolicies: drop(d.attachedPolicies as AttachedPolicy[]) });
                changed({ type: d.kind, name: d.name, arn: d.arn }, 'attached');
              }
            }
          }
          s.policies.delete(entity.arn);
        }
        break;
      }
    }
  }

  private membership(user: string, group: string, member: boolean): void {
    const s = this.snap;
    const userKey = low(user);
    const groupKey = low(group);
    const groupArn = s?.groups.get(groupKey)?.arn ?? this.listedArn('groups', group);
    const userArn = s?.users.get(userKey)?.arn ?? this.listedArn('users', user);
    this.patch<NamedArn[]>(`groups:user:${userKey}`, (l) => {
      const rest = l.filter((g) => low(g.name) !== groupKey);
      return member && groupArn ? sortByName([...rest, { name: group, arn: groupArn }]) : rest;
    });
    this.patch<NamedArn[]>(`members:group:${groupKey}`, (l) => {
      const rest = l.filter((u) => low(u.name) !== userKey);
      return member && userArn ? sortByName([...rest, { name: user, arn: userArn }]) : rest;
    });
    if (member && (!groupArn || !userArn)) {
      // The other side is not known to the model: list both again on the next read.
      this.forget(`groups:user:${userKey}`);
      this.forget(`members:group:${groupKey}`);
    }
    const u = s?.users.get(userKey);
    if (s && u) {
      const rest = u.groups.filter((g) => low(g) !== groupKey);
      s.users.set(userKey, { ...u, groups: member ? [...rest, s.groups.get(groupKey)?.name ?? group] : rest });
    }
  }

  private listedArn(kind: ListKind, name: string): string | undefined {
    return (this.cache.get(kind) as Entity[] | undefined)?.find((e) => low(e.name) === low(name))?.arn;
  }

  private attachment(entity: EntityRef, policyArn: string, attached: boolean): void {
    const s = this.snap;
    const policyName = s?.policies.get(policyArn)?.name ?? policyArn.slice(policyArn.lastIndexOf('/') + 1);
    this.patch<AttachedPolicy[]>(`attached:${entity.type}:${low(entity.name)}`, (l) => {
      const rest = l.filter((p) => p.arn !== policyArn);
      return attached ? sortByArn([...rest, { name: policyName, arn: policyArn }]) : rest;
    });
    const field = entity.type === 'user' ? 'users' : entity.type === 'group' ? 'groups' : 'roles';
    this.patch<PolicyAttachments>(`attachedTo:${policyArn}`, (a) => {
      const rest = a[field].filter((n) => low(n) !== low(entity.name));
      return { ...a, [field]: attached ? [...rest, entity.name] : rest };
    });
    const delta = attached ? 1 : -1;
    this.patch<Entity[]>(POLICY_FOLDER(policyArn), (list) =>
      list.map((p) =>
        p.arn === policyArn ? { ...p, attachmentCount: Math.max(0, (p.attachmentCount ?? 0) + delta) } : p,
      ),
    );
    const d = this.held(entity);
    if (s && d) {
      const rest = d.attachedPolicies.filter((p) => p.arn !== policyArn);
      const next = { ...d, attachedPolicies: attached ? [...rest, { name: policyName, arn: policyArn }] : rest };
      if (next.kind === 'user') s.users.set(low(entity.name), next);
      else if (next.kind === 'group') s.groups.set(low(entity.name), next);
      else s.roles.set(low(entity.name), next);
    }
    const p = s?.policies.get(policyArn);
    if (s && p) s.policies.set(policyArn, { ...p, attachmentCount: Math.max(0, p.attachmentCount + delta) });
  }

  private inline(entity: EntityRef, policyName: string, document: string | undefined): void {
    this.patch<string[]>(`inline:${entity.type}:${low(entity.name)}`, (l) => {
      const rest = l.filter((n) => n !== policyName);
      return document === undefined ? rest : sortNames([...rest, policyName]);
    });
    const s = this.snap;
    const d = this.held(entity);
    if (s && d) {
      const rest = d.inlinePolicies.filter((p) => p.name !== policyName);
      const inlinePolicies =
        document === undefined ? rest : [...rest, { name: policyName, document: policyDocument(document) }];
      const next = { ...d, inlinePolicies };
      if (next.kind === 'user') s.users.set(low(entity.name), next);
      else if (next.kind === 'group') s.groups.set(low(entity.name), next);
      else s.roles.set(low(entity.name), next);
    }
  }

  private version(m: Extract<Mutation, { kind: 'versionCreated' | 'versionDeleted' | 'defaultVersion' }>): void {
    const setDefault = m.kind === 'defaultVersion' || (m.kind === 'versionCreated' && m.setAsDefault);
    this.patch<PolicyVersion[]>(`versions:${m.policyArn}`, (list) => {
      if (m.kind === 'versionDeleted') return list.filter((v) => v.versionId !== m.versionId);
      const base = setDefault ? list.map((v) => ({ ...v, isDefault: v.versionId === m.versionId })) : list;
      return m.kind === 'versionCreated'
        ? [...base, { versionId: m.versionId, isDefault: m.setAsDefault, created: new Date() }]
        : base;
    });
    if (setDefault) {
      this.patch<Entity[]>(POLICY_FOLDER(m.policyArn), (list) =>
        list.map((p) => (p.arn === m.policyArn ? { ...p, defaultVersionId: m.versionId } : p)),
      );
    }
    const s = this.snap;
    const p = s?.policies.get(m.policyArn);
    if (!s || !p) return;
    let versions = p.versions;
    if (m.kind === 'versionDeleted') versions = versions.filter((v) => v.versionId !== m.versionId);
    if (setDefault) versions = versions.map((v) => ({ ...v, isDefault: v.versionId === m.versionId }));
    if (m.kind === 'versionCreated')
      versions = [
        ...versions,
        {
          versionId: m.versionId,
          isDefault: m.setAsDefault,
          created: new Date(),
          document: policyDocument(m.document),
        },
      ];
    const def = versions.find((v) => v.isDefault);
    s.policies.set(m.policyArn, {
      ...p,
      versions,
      defaultVersionId: def?.versionId ?? p.defaultVersionId,
      defaultDocument: def?.document,
      updated: setDefault ? new Date() : p.updated,
    });
  }

  private tags(entity: EntityKey, tags: readonly Tag[]): void {
    const folder = entity.type === 'policy' ? POLICY_FOLDER(entity.arn) : FOLDER_OF_TYPE[entity.type];
    this.patch<Entity[]>(folder, (list) => list.map((e) => (e.arn === entity.arn ? { ...e, tags } : e)));
    const s = this.snap;
    if (!s) return;
    const u = entity.type === 'user' ? s.users.get(low(entity.name)) : undefined;
    if (u) s.users.set(low(entity.name), { ...u, tags });
    const r = entity.type === 'role' ? s.roles.get(low(entity.name)) : undefined;
    if (r) s.roles.set(low(entity.name), { ...r, tags });
  }
}

/** What a caller's fired signal rejects with: its reason (an AbortError unless the caller gave one). */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** IAM lists inline policy names in order. */
function sortNames(names: string[]): string[] {
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** IAM's order for groups and members (by name, regardless of case) and attached policies (by ARN). */
function sortByName<T extends { name: string }>(list: T[]): T[] {
  return list.sort((a, b) => (low(a.name) < low(b.name) ? -1 : low(a.name) > low(b.name) ? 1 : 0));
}
function sortByArn<T extends { arn: string }>(list: T[]): T[] {
  return list.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

/** IAM lists users, groups, roles and policies by name, regardless of case. */
function byName(list: Entity[]): Entity[] {
  return list.sort((a, b) => {
    const x = low(a.name);
    const y = low(b.name);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function key(e: Entity): EntityKey {
  return { type: e.type, name: e.name, arn: e.arn };
}

function named(e: { name: string; arn: string }): NamedArn {
  return { name: e.name, arn: e.arn };
}

function userEntity(u: UserDetails): Entity {
  return { type: 'user', name: u.name, arn: u.arn, id: u.id, path: u.path, created: u.created, tags: u.tags };
}

function groupEntity(g: GroupDetails): Entity {
  return { type: 'group', name: g.name, arn: g.arn, id: g.id, path: g.path, created: g.created };
}

function roleEntity(r: RoleDetails): Entity {
  return {
    type: 'role',
    name: r.name,
    arn: r.arn,
    id: r.id,
    path: r.path,
    created: r.created,
    description: r.description,
    maxSessionDuration: r.maxSessionDuration,
    roleLastUsed: r.lastUsed,
    tags: r.tags,
  };
}

function policyEntity(p: ManagedPolicyDetails): Entity {
  return {
    type: 'policy',
    name: p.name,
    arn: p.arn,
    id: p.id,
    path: p.path,
    created: p.created,
    description: p.description,
    attachmentCount: p.attachmentCount,
    defaultVersionId: p.defaultVersionId,
    awsManaged: p.awsManaged,
  };
}
