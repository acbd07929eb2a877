/** The three kinds of IAM principal that hold policies. */
export type EntityType = 'user' | 'group' | 'role';

/** A user, group or role, named as IAM's API names it. */
export interface EntityRef {
  readonly type: EntityType;
  readonly name: string;
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** What the tree shows of a user, group, role or managed policy. */
export interface Entity {
  readonly type: EntityType | 'policy';
  readonly name: string;
  readonly arn: string;
  readonly id: string;
  readonly path: string;
  readonly created?: Date;
  readonly description?: string;
  readonly tags?: readonly Tag[];
  /** Users: when the password was last used. */
  readonly passwordLastUsed?: Date;
  /** Roles: last time the role was assumed, and where. */
  readonly roleLastUsed?: { date?: Date; region?: string };
  /** Roles: max session duration in seconds. */
  readonly maxSessionDuration?: number;
  /** Policies: attachments and default version. */
  readonly attachmentCount?: number;
  readonly defaultVersionId?: string;
  readonly awsManaged?: boolean;
}

export interface AccessKey {
  readonly userName: string;
  readonly accessKeyId: string;
  readonly status: 'Active' | 'Inactive';
  readonly created?: Date;
  readonly lastUsed?: { date?: Date; service?: string; region?: string };
  /**
   * Why the last use could not be read (GetAccessKeyLastUsed not allowed, or not implemented by the
   * endpoint): then `lastUsed` says nothing, not "never used".
   */
  readonly lastUsedUnknown?: string;
}

export interface AttachedPolicy {
  readonly name: string;
  readonly arn: string;
}

export interface PolicyVersion {
  readonly versionId: string;
  readonly isDefault: boolean;
  readonly created?: Date;
}

export interface PolicyAttachments {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly roles: readonly string[];
}

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}
