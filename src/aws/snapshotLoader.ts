/**
 * The account snapshot: GetAccountAuthorizationDetails, paged (MaxItems 1000, following Marker
 * while IsTruncated, as a page may be shorter than MaxItems), filtered to users, groups, roles
 * and customer managed policies. Without a filter the call also returns every AWS managed
 * policy with every version (over a thousand policies): instead, the AWS managed policies the
 * account actually attaches (or uses as a boundary) are read one by one, GetPolicy and
 * GetPolicyVersion of the default version each.
 *
 * Each page is parsed as it arrives (documents URL-decoded and parsed once), so the raw pages
 * are never all held at the same time.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type EntityType as SdkEntityFilter,
  type IAMClient,
  type ManagedPolicyDetail,
} from '@aws-sdk/client-iam';
import { isAwsManagedPolicyArn } from '../core/iam/partition';
import { Limiter, MAX_ITEMS } from '../core/iam/paging';
import { parseAuthorizationDetails, type AccountSnapshot } from '../core/model/snapshot';

/** What the snapshot asks for: the account's own entities (see the note above on AWS managed policies). */
export const SNAPSHOT_FILTER: readonly SdkEntityFilter[] = ['User', 'Role', 'Group', 'LocalManagedPolicy'];

/** AWS managed policies read at once after the walk. */
const AWS_POLICY_CONCURRENCY = 4;

export interface SnapshotProgress {
  readonly pages: number;
  readonly entities: number;
  /** The step under way, for a progress message. */
  readonly step: 'pages' | 'awsPolicies';
}

export interface SnapshotLoadOptions {
  readonly accountId: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SnapshotProgress) => void;
}

export interface SnapshotLoadResult {
  readonly snapshot: AccountSnapshot;
  /** GetAccountAuthorizationDetails pages read. */
  readonly pages: number;
  /** AWS managed policies read with GetPolicy and GetPolicyVersion. */
  readonly awsPolicies: number;
}

export async function loadAccountSnapshot(iam: IAMClient, options: SnapshotLoadOptions): Promise<SnapshotLoadResult> {
  const { signal, onProgress } = options;
  const started = new Date();
  const parts: AccountSnapshot[] = [];
  let marker: string | undefined;
  let pages = 0;
  let entities = 0;
  for (;;) {
    signal?.throwIfAborted();
    const page = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: [...SNAPSHOT_FILTER], MaxItems: MAX_ITEMS, Marker: marker }),
      {
        abortSignal: signal,
      },
    );
    pages++;
    const part = parseAuthorizationDetails([page], options.accountId, started);
    parts.push(part);
    entities += part.users.length + part.groups.length + part.roles.length + part.policies.length;
    onProgress?.({ pages, entities, step: 'pages' });
    if (!page.IsTruncated) break;
    if (!page.Marker)
      throw new Error(
        'GetAccountAuthorizationDetails returned IsTruncated without a Marker; the snapshot is incomplete.',
      );
    marker = page.Marker;
  }
  const users = parts.flatMap((p) => p.users);
  const groups = parts.flatMap((p) => p.groups);
  const roles = parts.flatMap((p) => p.roles);
  const policies = parts.flatMap((p) => p.policies);

  const awsArns = new Set<string>();
  for (const e of [...users, ...groups, ...roles])
    for (const a of e.attachedPolicies) if (isAwsManagedPolicyArn(a.arn)) awsArns.add(a.arn);
  for (const e of [...users, ...roles])
    if (e.permissionsBoundaryArn && isAwsManagedPolicyArn(e.permissionsBoundaryArn))
      awsArns.add(e.permissionsBoundaryArn);
  onProgress?.({ pages, entities, step: 'awsPolicies' });
  const limiter = new Limiter(AWS_POLICY_CONCURRENCY);
  const details = await Promise.all([...awsArns].map((arn) => limiter.run(() => awsManagedPolicy(iam, arn, signal))));
  const aws = parseAuthorizationDetails(
    [{ Policies: details.filter((d): d is ManagedPolicyDetail => d !== undefined) }],
    options.accountId,
    started,
  );
  return {
    snapshot: {
      accountId: options.accountId,
      users,
      groups,
      roles,
      policies: [...policies, ...aws.policies],
      loadedAt: started,
    },
    pages,
    awsPolicies: awsArns.size,
  };
}

/** An attached AWS managed policy with its default version's document, in the call's own shape. */
async function awsManagedPolicy(
  iam: IAMClient,
  PolicyArn: string,
  signal: AbortSignal | undefined,
): Promise<ManagedPolicyDetail | undefined> {
  signal?.throwIfAborted();
  const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }), { abortSignal: signal });
  if (!Policy?.DefaultVersionId) return undefined;
  const { PolicyVersion } = await iam.send(
    new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy.DefaultVersionId }),
    { abortSignal: signal },
  );
  return {
    PolicyName: Policy.PolicyName,
    PolicyId: Policy.PolicyId,
    Arn: Policy.Arn,
    Path: Policy.Path,
    DefaultVersionId: Policy.DefaultVersionId,
    AttachmentCount: Policy.AttachmentCount,
    PermissionsBoundaryUsageCount: Policy.PermissionsBoundaryUsageCount,
    IsAttachable: Policy.IsAttachable,
    Description: Policy.Description,
    CreateDate: Policy.CreateDate,
    UpdateDate: Policy.UpdateDate,
    PolicyVersionList: PolicyVersion ? [{ ...PolicyVersion, IsDefaultVersion: true }] : [],
  };
}
