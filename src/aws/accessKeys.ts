import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AccessKeyPair } from '../core/credentials';
import { collectPages, MAX_ITEMS } from '../core/iam/paging';
import type { KeyMeta, RotationIam, SignedIdentity } from '../core/rotation';

export interface AccessKeyLastUsed {
  readonly userName?: string;
  readonly date?: Date;
  readonly service?: string;
  readonly region?: string;
}

/**
 * Access-key calls for one profile: the RotationIam port, plus last-used. Secrets pass
 * through (CreateAccessKey's answer, a key to verify) and are never logged here.
 */
export class SdkAccessKeyService implements RotationIam {
  constructor(
    readonly iam: IAMClient,
    /** An STS client signing with explicit credentials and no SDK retries; the caller destroys it. */
    private readonly stsWith: (key: AccessKeyPair) => STSClient,
  ) {}

  listAccessKeys(UserName: string): Promise<KeyMeta[]> {
    return collectPages(async (Marker) => {
      const r = await this.iam.send(new ListAccessKeysCommand({ UserName, MaxItems: MAX_ITEMS, Marker }));
      const items = (r.AccessKeyMetadata ?? []).map((k): KeyMeta => ({
        accessKeyId: k.AccessKeyId ?? '',
        status: k.Status === 'Inactive' ? 'Inactive' : 'Active',
        created: k.CreateDate,
      }));
      return { items, isTruncated: r.IsTruncated, marker: r.Marker };
    });
  }

  async createAccessKey(UserName: string): Promise<AccessKeyPair> {
    const r = await this.iam.send(new CreateAccessKeyCommand({ UserName }));
    const id = r.AccessKey?.AccessKeyId;
    const secret = r.AccessKey?.SecretAccessKey;
    if (!id || !secret) throw new Error('CreateAccessKey answered without a key id or secret.');
    return { accessKeyId: id, secretAccessKey: secret };
  }

  async setAccessKeyStatus(UserName: string, AccessKeyId: string, Status: 'Active' | 'Inactive'): Promise<void> {
    await this.iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId, Status }));
  }

  async deleteAccessKey(UserName: string, AccessKeyId: string): Promise<void> {
    await this.iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId }));
  }

  async lastUsed(AccessKeyId: string): Promise<AccessKeyLastUsed> {
    const r = await this.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId }));
    const u = r.AccessKeyLastUsed;
    const orNone = (s: string | undefined) => (s && s !== 'N/A' ? s : undefined);
    return { userName: r.UserName, date: u?.LastUsedDate, service: orNone(u?.ServiceName), region: orNone(u?.Region) };
  }

  async callerIdentityWith(key: AccessKeyPair): Promise<SignedIdentity> {
    const sts = this.stsWith(key);
    try {
      const r = await sts.send(new GetCallerIdentityCommand({}));
      return { arn: r.Arn ?? '', userId: r.UserId, account: r.Account };
    } finally {
      sts.destroy();
    }
  }
}
