import type { CommandDef } from '.';
import { describeAwsError } from '../core/iam/errors';
import { Cancelled, isCancelled } from '../core/cancelled';
import {
  cancelledMessage,
  confirmationMessage,
  describeDependents,
  describeStep,
  describeUnchecked,
  hasDependents,
  partialFailureMessage,
  planDelete,
  runPlan,
  type DeletableType,
  type DeletePlan,
  type PlanStep,
} from '../core/iam/deletePlan';
import type { Services } from '../services';
import {
  confirm,
  confirmByTyping,
  connectionOf,
  plural,
  report,
  resolveTarget,
  selectedEntities,
  withProgress,
  type Mutation,
} from './ops';

const NOUN: Record<DeletableType, string> = { user: 'user', group: 'group', role: 'role', policy: 'managed policy' };

/** What a finished step changed, for the account model. */
function changeOf(plan: DeletePlan, step: PlanStep): Mutation | undefined {
  const t = plan.target;
  if (step.kind === 'target')
    return t.arn === undefined ? undefined : { kind: 'deleted', entity: { type: t.type, name: t.name, arn: t.arn } };
  const d = step.dependent;
  const owner = t.type === 'policy' ? undefined : ({ type: t.type, name: t.name } as const);
  switch (d.kind) {
    case 'groupMembership':
      return { kind: 'membership', user: t.name, group: d.id, member: false };
    case 'groupMember':
      return { kind: 'membership', user: d.id, group: t.name, member: false };
    case 'attachedPolicy':
      return owner && { kind: 'attachment', entity: owner, policyArn: d.id, attached: false };
    case 'inlinePolicy':
      return owner && { kind: 'inline', entity: owner, policyName: d.id };
    case 'policyAttachment':
      return d.entityType && t.arn
        ? { kind: 'attachment', entity: { type: d.entityType, name: d.id }, policyArn: t.arn, attached: false }
        : undefined;
    case 'policyVersion':
      return t.arn ? { kind: 'versionDeleted', policyArn: t.arn, versionId: d.id } : undefined;
    default:
      return undefined;
  }
}

/**
 * Deletes users, groups, roles or customer managed policies (multi-select). Reads what IAM
 * would refuse the delete over, names it all in one modal, asks for the name to be typed
 * when more than the entity goes, removes things in IAM's order with progress, and on a
 * failure says exactly what was removed and what remains; running it again finishes.
 */
function deleteCommand(type: DeletableType, id: string): CommandDef {
  return {
    id,
    async run(services: Services, node?: unknown, selection?: unknown) {
      const nodes = selectedEntities(node, selection, [type])?.filter(
        (n) => !(n.entity.type === 'policy' && n.entity.awsManaged),
      );
      const targets = nodes?.length
        ? nodes
        : [await resolveTarget(services, node, [type], `Delete which ${NOUN[type]}?`)];
      const profile = targets[0]?.profile ?? '';
      if (targets.some((t) => t.entity.awsManaged)) throw new Error('AWS managed policies cannot be deleted.');
      const conn = await connectionOf(services, profile);
      const { service } = conn;
      const plans = await Promise.all(
        targets.map(async ({ entity }) => {
          const target = { type, name: entity.name, arn: entity.arn };
          const { dependents, unchecked } = await service.listDependents(target);
          return planDelete(target, dependents, unchecked);
        }),
      );
      const needsTyping = plans.some(hasDependents);
      if (plans.length === 1 && plans[0]) {
        await confirm(services, confirmationMessage(plans[0]), 'Delete');
        if (needsTyping)
          await confirmByTyping(services, plans[0].target.name, `delete ${NOUN[type]} ${plans[0].target.name}`);
      } else {
        const lines = plans.map((p) => {
          const notes = [
            ...(hasDependents(p) ? [`with ${describeDependents(p).join(', ')}`] : []),
            ...(p.unchecked.length ? [`could not check: ${describeUnchecked(p).join(', ')}`] : []),
          ];
          return notes.length ? `${p.target.name} (${notes.join('; ')})` : p.target.name;
        });
        const what = plural(plans.length, NOUN[type], type === 'policy' ? 'managed policies' : `${NOUN[type]}s`);
        const unchecked = plans.some((p) => p.unchecked.length)
          ? 'Where something could not be checked and exists, IAM refuses that delete (DeleteConflict). '
          : '';
        await confirm(
          services,
          `Delete ${what}: ${lines.join('; ')}? ${needsTyping ? 'Everything listed is removed first. ' : ''}` +
            `${unchecked}This cannot be undone.`,
          'Delete',
        );
        if (needsTyping) await confirmByTyping(services, `delete ${plans.length}`, `delete ${what}`);
      }

      const changes: Mutation[] = [];
      const total = plans.reduce((n, p) => n + p.steps.length, 0);
      let failure: string | undefined;
      let cancelled: string | undefined;
      try {
        const title =
          `Deleting ` +
          `${plans.length === 1 ? `${NOUN[type]} ${plans[0]?.target.name}` : plural(plans.length, NOUN[type])}`;
        await withProgress(
          services,
          title,
          async (progress, signal) => {
            let n = 0;
            for (const [i, plan] of plans.entries()) {
              const outcome = await runPlan(
                plan,
                (step) => {
                  // Between IAM calls: a cancel stops before the next one.
                  if (signal.aborted) throw new Cancelled();
                  return service.runDeleteStep(plan.target, step);
                },
                (_, step) => progress(`${++n}/${total}: ${describeStep(step, plan.target)}`),
              );
              for (const step of outcome.done) {
                const c = changeOf(plan, step);
                if (c) changes.push(c);
                services.log.info(`${describeStep(step, plan.target)}: done`);
              }
              if (!outcome.ok) {
                const notStarted = plans.slice(i + 1).map((p) => p.target.name);
                const others =
                  (notStarted.length ? ` Not started: ${notStarted.join(', ')}.` : '') +
                  (plans.length > 1 && i > 0
                    ? ` Deleted: ${plans
                        .slice(0, i)
                        .map((p) => p.target.name)
                        .join(', ')}.`
                    : '');
                if (isCancelled(outcome.error)) cancelled = cancelledMessage(plan, outcome) + others;
                else failure = partialFailureMessage(plan, outcome, describeAwsError(outcome.error)) + others;
                return;
              }
              services.log.info(`deleted ${NOUN[type]} ${plan.target.name}`);
            }
          },
          conn.profile,
        );
      } finally {
        report(conn, changes);
      }
      if (cancelled) {
        services.log.info(`${id}: ${cancelled}`);
        void services.ui.showInformationMessage(cancelled);
        return { ok: false, message: cancelled };
      }
      if (failure) {
        services.log.error(`${id}: ${failure}`);
        const choice = await services.ui.showErrorMessage(failure, 'Show Log');
        if (choice === 'Show Log') services.log.show();
        return { ok: false, message: failure };
      }
      void services.ui.showInformationMessage(
        plans.length === 1
          ? `Deleted ${NOUN[type]} ${plans[0]?.target.name}.`
          : `Deleted ${plural(plans.length, NOUN[type])}.`,
      );
      return { ok: true };
    },
  };
}

export const deleteUser = deleteCommand('user', 'iamExplorer.deleteUser');
export const deleteGroup = deleteCommand('group', 'iamExplorer.deleteGroup');
export const deleteRole = deleteCommand('role', 'iamExplorer.deleteRole');
export const deletePolicy = deleteCommand('policy', 'iamExplorer.deletePolicy');
