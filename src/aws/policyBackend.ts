/**
 * The IAM calls behind the policy editor's save (see core/iam/policySave.ts), over the
 * profile's SDK client. Documents are sent as the editor holds them (IAM stores the
 * text; the size quota ignores white space).
 */
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  ListPolicyVersionsCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { isNoSuchEntity } from '../core/iam/errors';
import type { EntityRef, PolicyVersion } from '../core/iam/model';
import type { PolicyBackend, PolicyTarget, Snapshot } from '../core/iam/policySave';
import { decodePolicyDocument } from '../core/policy/document';
import type { Connection } from './connections';

const GONE: Snapshot = { exists: false, text: '' };

/** Reads that treat "not there" as a snapshot rather than an error. */
async function orGone(read: () => Promise<Snapshot>): Promise<Snapshot> {
  try {
    return await read();
  } catch (err) {
    if (isNoSuchEntity(err)) return GONE;
    throw err;
  }
}

export class SdkPolicyBackend implements PolicyBackend {
  constructor(
    private readonly connection: Connection,
    private readonly iam: IAMClient,
  ) {}

  static for(connection: Connection): SdkPolicyBackend {
    return new SdkPolicyBackend(connection, connection.iam);
  }

  async read(target: PolicyTarget): Promise<Snapshot> {
    const service = this.connection.service;
    switch (target.kind) {
      case 'managed':
        return orGone(async () => {
          const p = await this.iam.send(new GetPolicyCommand({ PolicyArn: target.policyArn }));
          const defaultId = p.Policy?.DefaultVersionId ?? '';
          const versionId = target.versionId ?? defaultId;
          const text = await service.getPolicyVersion(target.policyArn, versionId);
          return { exists: true, text, versionId, isDefault: versionId === defaultId };
        });
      case 'inline':
      case 'newInline':
        return orGone(async () => ({
          exists: true,
          text: await service.getInlinePolicy(target.owner, target.policyName),
        }));
      case 'trust':
        return orGone(async () => ({ exists: true, text: await service.getTrustPolicy(target.roleName) }));
      case 'newManaged': {
        const { account } = await service.whoAmI();
        const arn = `arn:${this.connection.partition}:iam::${account}:policy${target.path}${target.policyName}`;
        return orGone(async () => {
          const p = await this.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
          const versionId = p.Policy?.DefaultVersionId ?? '';
          return {
            exists: true,
            text: await service.getPolicyVersion(arn, versionId),
            versionId,
            isDefault: true,
            policyArn: p.Policy?.Arn ?? arn,
          };
        });
      }
    }
  }

  async listVersions(PolicyArn: string): Promise<PolicyVersion[]> {
    const r = await this.iam.send(new ListPolicyVersionsCommand({ PolicyArn }));
    return (r.Versions ?? []).map((v) => ({
      versionId: v.VersionId ?? '',
      isDefault: v.IsDefaultVersion === true,
      created: v.CreateDate,
    }));
  }

  async deleteVersion(PolicyArn: string, VersionId: string): Promise<void> {
    await this.iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId }));
  }

  async createVersion(PolicyArn: string, PolicyDocument: string): Promise<string> {
    const r = await this.iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument, SetAsDefault: true }));
    return r.PolicyVersion?.VersionId ?? '';
  }

  async setDefaultVersion(PolicyArn: string, VersionId: string): Promise<void> {
    await this.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn, VersionId }));
  }

  async putInline(owner: EntityRef, PolicyName: string, PolicyDocument: string): Promise<void> {
    if (owner.type === 'user')
      await this.iam.send(new PutUserPolicyCommand({ UserName: owner.name, PolicyName, PolicyDocument }));
    else if (owner.type === 'group')
      await this.iam.send(new PutGroupPolicyCommand({ GroupName: owner.name, PolicyName, PolicyDocument }));
    else await this.iam.send(new PutRolePolicyCommand({ RoleName: owner.name, PolicyName, PolicyDocument }));
  }

  async updateTrust(RoleName: string, PolicyDocument: string): Promise<void> {
    await this.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument }));
  }

  async createPolicy(
    PolicyName: string,
    Path: string,
    Description: string | undefined,
    PolicyDocument: string,
  ): Promise<{ arn: string; versionId: string }> {
    const r = await this.iam.send(
      new CreatePolicyCommand({ PolicyName, Path, Description: Description || undefined, PolicyDocument }),
    );
    return { arn: r.Policy?.Arn ?? '', versionId: r.Policy?.DefaultVersionId ?? 'v1' };
  }

  /** Characters (white space not counted) of the owner's other inline policies: they share one quota. */
  async otherInlineSize(owner: EntityRef, except: string, size: (text: string) => number): Promise<number> {
    const names = await this.connection.service.listInlinePolicyNames(owner);
    const texts = await Promise.all(
      names.filter((n) => n !== except).map((n) => this.connection.service.getInlinePolicy(owner, n)),
    );
    return texts.reduce((sum, t) => sum + size(decodePolicyDocument(t)), 0);
  }
}
