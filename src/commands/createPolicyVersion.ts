import type { CommandDef } from '.';
import { checkVersionQuota } from '../core/iam/rules';
import { connectionOf, pickPolicyDocument, report } from './ops';
import { openInEditor } from './editPolicy';
import { policyTarget } from './policyVersionTarget';
import { Cancelled } from '../core/cancelled';

/**
 * IAM: Create Policy Version… — from a copy of the default version, a template or the JSON
 * in the active editor; optionally the new default. At IAM's 5 versions, offers to delete the
 * oldest non-default version first. (The policy editor takes over editing the document.)
 */
export const createPolicyVersion: CommandDef = {
  id: 'iamExplorer.createPolicyVersion',
  async run(services, node?: unknown) {
    const { profile, entity } = await policyTarget(services, node, 'New version of which policy?');
    const conn = await connectionOf(services, profile);
    const { service } = conn;
    // Read from IAM, not the model: IAM's answer to a sixth version is LimitExceeded, which the SDK retries for
    // seconds.
    const versions = await service.listPolicyVersions(entity.arn);
    const summary = await service.accountSummary().catch(() => ({}) as Record<string, number>);
    const full = checkVersionQuota(entity.name, versions.length, summary.VersionsPerPolicyQuota ?? 5);
    if (full) {
      // IAM's dates are to the second; version numbers only grow, so they break ties.
      const num = (id: string) => Number(/\d+/.exec(id)?.[0] ?? 0);
      const oldest = versions
        .filter((v) => !v.isDefault)
        .sort(
          (a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0) || num(a.versionId) - num(b.versionId),
        )[0];
      if (!oldest) throw new Error(full);
      const action = `Delete ${oldest.versionId} and Continue`;
      const choice = await services.ui.showWarningMessage(
        `${full} Delete the oldest non-default version, ${oldest.versionId}?`,
        { modal: true },
        action,
      );
      if (choice !== action) throw new Cancelled();
      await service.deletePolicyVersion(entity.arn, oldest.versionId);
      services.log.info(`deleted version ${oldest.versionId} of ${entity.arn} to make room`);
      report(conn, [{ kind: 'versionDeleted', policyArn: entity.arn, versionId: oldest.versionId }]);
    }
    const def = versions.find((v) => v.isDefault);
    const document = await pickPolicyDocument(
      services,
      `New version of ${entity.name}: document`,
      def
        ? [
            {
              label: `Copy of the default version (${def.versionId})`,
              document: () => service.getPolicyVersion(entity.arn, def.versionId),
            },
          ]
        : [],
    );
    const asDefault = await services.ui.showQuickPick(
      [
        { label: 'Make it the default version', description: 'takes effect at once', value: true },
        { label: 'Keep the current default', description: 'set it as default later', value: false },
      ],
      { title: `New version of ${entity.name}` },
    );
    if (!asDefault) throw new Cancelled();
    const versionId = await service.createPolicyVersion(entity.arn, document, asDefault.value);
    services.log.info(`created version ${versionId} of ${entity.arn}${asDefault.value ? ' (default)' : ''}`);
    report(conn, [
      { kind: 'versionCreated', policyArn: entity.arn, versionId, document, setAsDefault: asDefault.value },
    ]);
    void services.ui.showInformationMessage(
      `Created version ${versionId} of ${entity.name}${asDefault.value ? ', now the default' : ''}.`,
    );
    const editing = { kind: 'managed', profile, policyArn: entity.arn, policyName: entity.name } as const;
    openInEditor(services, asDefault.value ? editing : { ...editing, versionId });
    return versionId;
  },
};
