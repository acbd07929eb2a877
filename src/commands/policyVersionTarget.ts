import type { PolicyVersion } from '../core/iam/model';
import type { Services } from '../services';
import { connectionOf, resolveTarget, selectedOfKind, type Target } from './ops';
import { Cancelled } from '../core/cancelled';

/** The customer managed policy a version command acts on (from a node, else picked). */
export async function policyTarget(services: Services, node: unknown, title: string): Promise<Target> {
  const target = await resolveTarget(services, node, ['policy'], title);
  if (target.entity.awsManaged)
    throw new Error(`${target.entity.name} is an AWS managed policy: only AWS can change its versions.`);
  return target;
}

/** Selected version nodes, or versions picked (non-default only when `nonDefault`) from a policy. */
export async function pickVersions(
  services: Services,
  node: unknown,
  selection: unknown,
  opts: { title: string; many: boolean },
): Promise<{ target: Target; versions: PolicyVersion[] }> {
  const selected = selectedOfKind(node, selection, 'policyVersion').filter((n) => !n.version.isDefault);
  if (selected[0]) {
    const first = selected[0];
    return { target: { profile: first.profile, entity: first.policy }, versions: selected.map((n) => n.version) };
  }
  const target = await policyTarget(services, node, opts.title);
  const { service } = await connectionOf(services, target.profile);
  const versions = (await service.listPolicyVersions(target.entity.arn)).filter((v) => !v.isDefault);
  if (versions.length === 0) throw new Error(`Policy ${target.entity.name} has only its default version.`);
  const items = versions.map((v) => ({
    label: v.versionId,
    description: v.created?.toISOString().slice(0, 19).replace('T', ' '),
    version: v,
  }));
  const picked = opts.many
    ? await services.ui.showQuickPick(items, { title: `${opts.title} ${target.entity.name}`, canPickMany: true })
    : await services.ui
        .showQuickPick(items, { title: `${opts.title} ${target.entity.name}` })
        .then((p) => (p ? [p] : undefined));
  if (!picked || picked.length === 0) throw new Cancelled();
  return { target, versions: picked.map((p) => p.version) };
}
