// STS: who am I, and AssumeRole with temporary credentials the emulator
// then accepts. The trust policy is evaluated for the caller's principal and
// an aws:MultiFactorAuthPresent condition.
import { validation } from '../errors.js';
import { accessKeyId, secretAccessKey, sessionToken } from '../ids.js';
import { accessDenied, type OperationContext, type OperationTable } from '../operation.js';
import type { RoleRecord, RoleSessionRecord } from '../state.js';

function callerIdentity(ctx: OperationContext) {
  const { caller, state } = ctx;
  if (caller.kind === 'user') return { UserId: caller.user.id, Account: state.accountId, Arn: caller.user.arn };
  return {
    UserId: `${caller.session.role.id}:${caller.session.sessionName}`,
    Account: state.accountId,
    Arn: state.callerArn(caller),
  };
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Whether the trust policy lets this caller assume the role, and whether it wants MFA. */
function trustDecision(ctx: OperationContext, role: RoleRecord): { allowed: boolean; needsMfa: boolean } {
  const callerArn = ctx.caller.kind === 'user' ? ctx.caller.user.arn : ctx.state.callerArn(ctx.caller);
  const accountRoot = `arn:aws:iam::${ctx.state.accountId}:root`;
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(role.trustPolicy) as { Statement?: unknown };
  } catch {
    return { allowed: false, needsMfa: false };
  }
  let allowed = false;
  let needsMfa = false;
  for (const raw of asArray(parsed.Statement)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const statement = raw as Record<string, unknown>;
    if (statement.Effect !== 'Allow') continue;
    const actions = asArray(statement.Action).map((a) => String(a).toLowerCase());
    if (!actions.some((a) => a === '*' || a === 'sts:*' || a === 'sts:assumerole')) continue;
    const principal = statement.Principal;
    const aws =
      principal === '*' ? ['*'] : asArray((principal as Record<string, unknown> | undefined)?.AWS).map(String);
    if (!aws.some((p) => p === '*' || p === callerArn || p === accountRoot || p === ctx.state.accountId)) continue;
    allowed = true;
    if (JSON.stringify(statement.Condition ?? {}).includes('aws:MultiFactorAuthPresent')) needsMfa = true;
  }
  return { allowed, needsMfa };
}

export const stsOperations: OperationTable = {
  GetCallerIdentity: callerIdentity,

  AssumeRole: (ctx) => {
    const roleArn = ctx.params.required('RoleArn');
    const sessionName = ctx.params.required('RoleSessionName');
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw validation(
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    // The role's account: the caller's own, or (several accounts) the one the ARN names.
    const target = ctx.account?.(/^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? '') ?? ctx.state;
    const role = [...target.roles.values()].find((r) => r.arn === roleArn);
    const denied = () => accessDenied(ctx.state, ctx.caller, 'sts:AssumeRole', roleArn);
    if (!role) throw denied();
    const duration = ctx.params.optionalInt('DurationSeconds') ?? 3600;
    if (duration < 900) {
      throw validation(
        `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
      );
    }
    if (duration > role.maxSessionDuration)
      throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const decision = trustDecision(ctx, role);
    if (!decision.allowed) throw denied();
    if (
      decision.needsMfa &&
      (ctx.params.optional('SerialNumber') === undefined || ctx.params.optional('TokenCode') === undefined)
    ) {
      throw denied();
    }
    const now = ctx.now();
    const session: RoleSessionRecord = {
      accessKeyId: accessKeyId(true),
      secret: secretAccessKey(),
      sessionToken: sessionToken(),
      role,
      sessionName,
      expiration: new Date(now.getTime() + duration * 1000),
    };
    target.sessions.set(session.accessKeyId, session);
    role.lastUsed = { date: now, region: ctx.region };
    return {
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secret,
        SessionToken: session.sessionToken,
        Expiration: session.expiration,
      },
      AssumedRoleUser: {
        AssumedRoleId: `${role.id}:${sessionName}`,
        Arn: `arn:aws:sts::${target.accountId}:assumed-role/${role.name}/${sessionName}`,
      },
    };
  },
};
