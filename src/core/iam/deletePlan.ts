/**
 * Deleting a user, group, role or managed policy that has things attached: what must go
 * first (IAM answers DeleteConflict otherwise), in the order IAM's documentation gives,
 * how to say so in one confirmation, how to run the steps, and, when a step fails, what
 * was already removed and what remains. Plans are rebuilt from IAM on every run, so
 * running the command again after a failure finishes the job.
 */

import { isNoSuchEntity } from './errors';

export type DeletableType = 'user' | 'group' | 'role' | 'policy';

export type DependentKind =
  | 'loginProfile'
  | 'accessKey'
  | 'signingCertificate'
  | 'sshPublicKey'
  | 'serviceSpecificCredential'
  | 'mfaDevice'
  /**
   * A virtual MFA device named after the user and assigned to no one: what a delete
   * interrupted between deactivating the user's device and deleting it leaves behind.
   */
  | 'virtualMfaDevice'
  | 'inlinePolicy'
  | 'attachedPolicy'
  | 'groupMembership'
  | 'groupMember'
  | 'instanceProfile'
  | 'policyAttachment'
  | 'policyVersion';

/** One thing that stands in the way of a delete. `id` is what the API call needs. */
export interface Dependent {
  readonly kind: DependentKind;
  /** Key id, certificate id, MFA serial, policy name or ARN, group or user name, version id… */
  readonly id: string;
  /** How to show it, when not the id (a policy's name for its ARN). */
  readonly label?: string;
  /** Policy attachments: what the policy is attached to. */
  readonly entityType?: 'user' | 'group' | 'role';
}

export interface DeleteTarget {
  readonly type: DeletableType;
  readonly name: string;
  /** Policies are deleted by ARN. */
  readonly arn?: string;
}

/** One API call of a plan: removing a dependent, or (last) deleting the target itself. */
export type PlanStep =
  | { readonly kind: 'dependent'; readonly dependent: Dependent }
  | { readonly kind: 'target'; readonly target: DeleteTarget };

/**
 * A kind of dependent that could not be listed: the endpoint does not implement the listing
 * (an IAM-compatible endpoint answering HTML 500 or NotImplemented), a server error left after
 * the retries, or AccessDenied. The delete goes on: if any exist, IAM refuses the delete itself
 * with DeleteConflict, which removes nothing more.
 */
export interface Unchecked {
  readonly kind: DependentKind;
  /** The failure, described (operation, HTTP status, code, request id). */
  readonly reason: string;
}

/** What listing a target's dependents found, and what it could not check. */
export interface DependentsListing {
  readonly dependents: readonly Dependent[];
  readonly unchecked: readonly Unchecked[];
}

export interface DeletePlan {
  readonly target: DeleteTarget;
  readonly steps: readonly PlanStep[];
  readonly unchecked: readonly Unchecked[];
}

/**
 * IAM's order, from "Deleting an IAM user / role / group / policy" (AWS CLI procedure):
 * credentials first, then MFA, policies, memberships; roles leave their instance profiles
 * first; a policy is detached everywhere and loses its non-default versions.
 */
const ORDER: Record<DeletableType, readonly DependentKind[]> = {
  user: [
    'loginProfile',
    'accessKey',
    'signingCertificate',
    'sshPublicKey',
    'serviceSpecificCredential',
    'mfaDevice',
    'virtualMfaDevice',
    'inlinePolicy',
    'attachedPolicy',
    'groupMembership',
  ],
  group: ['groupMember', 'inlinePolicy', 'attachedPolicy'],
  role: ['instanceProfile', 'inlinePolicy', 'attachedPolicy'],
  policy: ['policyAttachment', 'policyVersion'],
};

/** Which dependents can stand in the way of deleting each type. */
export function dependentKinds(type: DeletableType): readonly DependentKind[] {
  return ORDER[type];
}

/** Orders the dependents as IAM requires and ends with the target. Unknown kinds for the type are refused. */
export function planDelete(
  target: DeleteTarget,
  dependents: readonly Dependent[],
  unchecked: readonly Unchecked[] = [],
): DeletePlan {
  const order = ORDER[target.type];
  for (const d of [...dependents, ...unchecked]) {
    if (!order.includes(d.kind)) throw new Error(`A ${target.type} has no ${d.kind} to remove.`);
  }
  const sorted = [...dependents].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return {
    target,
    steps: [...sorted.map((dependent): PlanStep => ({ kind: 'dependent', dependent })), { kind: 'target', target }],
    unchecked: [...unchecked].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)),
  };
}

const NOUNS: Record<DependentKind, [string, string]> = {
  loginProfile: ['console password (login profile)', 'console passwords'],
  accessKey: ['access key', 'access keys'],
  signingCertificate: ['signing certificate', 'signing certificates'],
  sshPublicKey: ['SSH public key', 'SSH public keys'],
  serviceSpecificCredential: ['service-specific credential', 'service-specific credentials'],
  mfaDevice: ['MFA device', 'MFA devices'],
  virtualMfaDevice: ['unassigned virtual MFA device', 'unassigned virtual MFA devices'],
  inlinePolicy: ['inline policy', 'inline policies'],
  attachedPolicy: ['attached managed policy', 'attached managed policies'],
  groupMembership: ['group membership', 'group memberships'],
  groupMember: ['member', 'members'],
  instanceProfile: ['instance profile', 'instance profiles'],
  policyAttachment: ['attachment', 'attachments'],
  policyVersion: ['non-default version', 'non-default versions'],
};

function show(d: Dependent): string {
  const name = d.label ?? d.id;
  return d.kind === 'policyAttachment' && d.entityType ? `${d.entityType} ${name}` : name;
}

/** "2 access keys (AKIA…1, AKIA…2)", "a console password (login profile)". */
function group(kind: DependentKind, items: readonly Dependent[]): string {
  const [one, many] = NOUNS[kind];
  if (kind === 'loginProfile') return `a ${one}`;
  const names = items.map(show);
  const shown = names.length > 10 ? [...names.slice(0, 10), `and ${names.length - 10} more`] : names;
  return `${items.length} ${items.length === 1 ? one : many} (${shown.join(', ')})`;
}

/** What stands in the way, grouped by kind in IAM's order: ["2 access keys (…)", "1 inline policy (…)"]. */
export function describeDependents(plan: DeletePlan): string[] {
  const deps = plan.steps.flatMap((s) => (s.kind === 'dependent' ? [s.dependent] : []));
  const kinds = ORDER[plan.target.type].filter((k) => deps.some((d) => d.kind === k));
  return kinds.map((k) =>
    group(
      k,
      deps.filter((d) => d.kind === k),
    ),
  );
}

export function hasDependents(plan: DeletePlan): boolean {
  return plan.steps.length > 1;
}

/**
 * What could not be listed, in IAM's order: ["service-specific credentials (The endpoint answered
 * HTTP 500 with an HTML page to ListServiceSpecificCredentials; …)"].
 */
export function describeUnchecked(plan: DeletePlan): string[] {
  return plan.unchecked.map((u) => `${NOUNS[u.kind][1]} (${u.reason.replace(/\.$/, '')})`);
}

/** "Could not check: …. If any exist, IAM refuses the delete (DeleteConflict)…", or '' when everything was checked. */
export function uncheckedNotice(plan: DeletePlan): string {
  if (!plan.unchecked.length) return '';
  return (
    `Could not check: ${describeUnchecked(plan).join('; ')}. ` +
    `If any exist, IAM refuses to delete the ` +
    `${plan.target.type === 'policy' ? 'managed policy' : plan.target.type} (DeleteConflict) and it stays.`
  );
}

/** The modal's text: the target, everything that goes first, and what could not be checked. */
export function confirmationMessage(plan: DeletePlan): string {
  const { target } = plan;
  const what = `${target.type === 'policy' ? 'managed policy' : target.type} ${target.name}`;
  const unchecked = uncheckedNotice(plan);
  const tail = `${unchecked ? `${unchecked} ` : ''}This cannot be undone.`;
  if (!hasDependents(plan)) return `Delete ${what}? ${tail}`;
  return (
    `Delete ${what}? IAM requires removing these first, and they will be removed: ` +
    `${describeDependents(plan).join('; ')}. ${tail}`
  );
}

/** One step as a sentence fragment: "delete access key AKIA…", "remove user alice from group dev". */
export function describeStep(step: PlanStep, target: DeleteTarget): string {
  if (step.kind === 'target')
    return `delete ${target.type === 'policy' ? 'managed policy' : target.type} ${target.name}`;
  const d = step.dependent;
  const name = d.label ?? d.id;
  switch (d.kind) {
    case 'loginProfile':
      return 'delete the console password (login profile)';
    case 'accessKey':
      return `delete access key ${name}`;
    case 'signingCertificate':
      return `delete signing certificate ${name}`;
    case 'sshPublicKey':
      return `delete SSH public key ${name}`;
    case 'serviceSpecificCredential':
      return `delete service-specific credential ${name}`;
    case 'mfaDevice':
      return `deactivate MFA device ${name}`;
    case 'virtualMfaDevice':
      return `delete unassigned virtual MFA device ${name}`;
    case 'inlinePolicy':
      return `delete inline policy ${name}`;
    case 'attachedPolicy':
      return `detach managed policy ${name}`;
    case 'groupMembership':
      return `remove from group ${name}`;
    case 'groupMember':
      return `remove user ${name} from the group`;
    case 'instanceProfile':
      return `remove from instance profile ${name}`;
    case 'policyAttachment':
      return `detach from ${d.entityType ?? 'entity'} ${name}`;
    case 'policyVersion':
      return `delete version ${name}`;
  }
}

export type PlanOutcome =
  | { readonly ok: true; readonly done: readonly PlanStep[] }
  | {
      readonly ok: false;
      readonly done: readonly PlanStep[];
      readonly failed: PlanStep;
      readonly error: unknown;
      /** The failed step and everything after it. */
      readonly remaining: readonly PlanStep[];
    };

/**
 * Runs the steps in order, one at a time. A step whose thing is already gone (NoSuchEntity:
 * someone else removed it, or an earlier run did) counts as done. Stops at the first failure.
 */
export async function runPlan(
  plan: DeletePlan,
  exec: (step: PlanStep) => Promise<void>,
  onStep?: (index: number, step: PlanStep) => void,
  isGone: (err: unknown) => boolean = isNoSuchEntity,
): Promise<PlanOutcome> {
  const done: PlanStep[] = [];
  for (const [i, step] of plan.steps.entries()) {
    onStep?.(i, step);
    try {
      await exec(step);
    } catch (error) {
      if (!isGone(error)) return { ok: false, done, failed: step, error, remaining: plan.steps.slice(i) };
    }
    done.push(step);
  }
  return { ok: true, done };
}

/**
 * After a failed step: exactly what was removed, what failed and why, what remains, and
 * that running the command again finishes the job. `reason` is the AWS error, described.
 */
/**
 * After the user cancelled between steps: what was removed, what remains, and that running the
 * delete again finishes it (or that nothing changed).
 */
export function cancelledMessage(plan: DeletePlan, outcome: Extract<PlanOutcome, { ok: false }>): string {
  const { target } = plan;
  const what = `${target.type === 'policy' ? 'managed policy' : target.type} ${target.name}`;
  const index = plan.steps.indexOf(outcome.failed) + 1;
  const removed = outcome.done.map((s) => describeStep(s, target));
  if (!removed.length) return `Deleting ${what} was cancelled before its first step; nothing was removed.`;
  return [
    `Deleting ${what} was cancelled before step ${index} of ${plan.steps.length}.`,
    `Already done: ${removed.join('; ')}.`,
    `Still to do: ${outcome.remaining.map((s) => describeStep(s, target)).join('; ')}.`,
    'Run the delete again to finish.',
  ].join(' ');
}

export function partialFailureMessage(
  plan: DeletePlan,
  outcome: Extract<PlanOutcome, { ok: false }>,
  reason: string,
): string {
  const { target } = plan;
  const what = `${target.type === 'policy' ? 'managed policy' : target.type} ${target.name}`;
  const index = plan.steps.indexOf(outcome.failed) + 1;
  const removed = outcome.done.map((s) => describeStep(s, target));
  const left = outcome.remaining.map((s) => describeStep(s, target));
  return [
    `Deleting ${what} stopped at step ${index} of ${plan.steps.length}: could not ` +
      `${describeStep(outcome.failed, target)} (${reason}).`,
    removed.length ? `Already done: ${removed.join('; ')}.` : 'Nothing was removed.',
    `Still to do: ${left.join('; ')}.`,
    'Fix the cause and run the delete again to finish.',
  ].join(' ');
}
