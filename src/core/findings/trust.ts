// Role trust policies: who may assume each role, and on which conditions.
import type { RoleDetails } from '../model/snapshot';
import { need, type Check, type FindingDraft, type FindingsInput } from './types';

export interface TrustStatement {
  readonly index: number;
  readonly sid?: string;
  readonly anyone: boolean;
  readonly aws: readonly string[];
  readonly services: readonly string[];
  readonly federated: readonly string[];
  readonly actions: readonly string[];
  /** Condition keys, lower-cased, over every operator. */
  readonly conditionKeys: ReadonlySet<string>;
  readonly raw: unknown;
}

const list = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The Allow statements of a trust policy, principals sorted by kind. */
export function trustStatements(json: unknown): TrustStatement[] {
  if (typeof json !== 'object' || json === null) return [];
  const body = (json as { Statement?: unknown }).Statement;
  const statements = Array.isArray(body) ? body : body === undefined ? [] : [body];
  const out: TrustStatement[] = [];
  statements.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null) return;
    const s = raw as Record<string, unknown>;
    if (s.Effect !== 'Allow') return;
    const principal = s.Principal;
    const obj = typeof principal === 'object' && principal !== null ? (principal as Record<string, unknown>) : {};
    const aws = list(obj.AWS);
    const keys = new Set<string>();
    if (typeof s.Condition === 'object' && s.Condition !== null) {
      for (const block of Object.values(s.Condition as Record<string, unknown>)) {
        if (typeof block === 'object' && block !== null) for (const k of Object.keys(block)) keys.add(k.toLowerCase());
      }
    }
    out.push({
      index,
      sid: typeof s.Sid === 'string' ? s.Sid : undefined,
      anyone: principal === '*' || aws.includes('*'),
      aws: aws.filter((a) => a !== '*'),
      services: list(obj.Service),
      federated: list(obj.Federated),
      actions: list(s.Action),
      conditionKeys: keys,
      raw,
    });
  });
  return out;
}

/** The account id an AWS principal names: `123456789012` or an iam/sts ARN in that account. */
export function principalAccount(p: string): string | undefined {
  if (/^\d{12}$/.test(p)) return p;
  return /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(p)?.[1];
}

const cache = new WeakMap<RoleDetails, TrustStatement[]>();
const trustOf = (r: RoleDetails): TrustStatement[] => {
  let t = cache.get(r);
  if (!t) cache.set(r, (t = trustStatements(r.trustPolicy.json)));
  return t;
};

/**
 * Service principals whose AWS documentation recommends `aws:SourceArn` / `aws:SourceAccount`
 * in the trust policy of the role they assume (cross-service confused deputy prevention).
 * Compute services that run the account's own code with the role (Lambda, EC2, ECS tasks)
 * are not here: their role is passed by a caller who needs iam:PassRole.
 */
export const CONFUSED_DEPUTY_SERVICES: ReadonlySet<string> = new Set([
  'config.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'sns.amazonaws.com',
  'events.amazonaws.com',
  'scheduler.amazonaws.com',
  'logs.amazonaws.com',
  'delivery.logs.amazonaws.com',
  'backup.amazonaws.com',
  'datasync.amazonaws.com',
  'appsync.amazonaws.com',
  'firehose.amazonaws.com',
  'states.amazonaws.com',
]);

const draft = (
  r: RoleDetails,
  s: TrustStatement,
  detail: string,
  extra: Record<string, unknown> = {},
): FindingDraft => ({
  entity: r.arn,
  entityType: 'role',
  entityName: r.name,
  detail,
  evidence: { statementIndex: s.index, sid: s.sid ?? null, statement: s.raw, ...extra },
});

function perStatement(
  input: FindingsInput,
  test: (s: TrustStatement, r: RoleDetails) => FindingDraft[] | FindingDraft | undefined,
): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const r of need(input.snapshot, 'snapshot').roles) {
    for (const s of trustOf(r)) {
      const f = test(s, r);
      if (Array.isArray(f)) out.push(...f);
      else if (f) out.push(f);
    }
  }
  return out;
}

const foreignAccounts = (s: TrustStatement, input: FindingsInput): string[] => {
  const accounts = new Set<string>();
  for (const p of s.aws) {
    const a = principalAccount(p);
    if (a && a !== input.accountId) accounts.add(a);
  }
  return [...accounts];
};

/**
 * Condition keys that limit who the caller is or where it comes from (IAM Access Analyzer does not
 * call a `*` grant public when one of them is tested for a value).
 */
export const CALLER_KEYS: ReadonlySet<string> = new Set([
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalservicename',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourceowner',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:userid',
  'aws:username',
]);

/**
 * Does the statement's Condition require one of CALLER_KEYS to have a value it names? Only a
 * positive String, Arn or IpAddress test counts: a negated operator, `...IfExists` and
 * `ForAllValues:` all hold for a caller whose request lacks the key.
 */
export function limitsCaller(raw: unknown): boolean {
  const condition = (raw as { Condition?: unknown } | null)?.Condition;
  if (typeof condition !== 'object' || condition === null) return false;
  for (const [op, block] of Object.entries(condition as Record<string, unknown>)) {
    const lower = op.toLowerCase();
    if (lower.startsWith('forallvalues:') || lower.endsWith('ifexists')) continue;
    const base = lower.replace(/^foranyvalue:/, '');
    if (!/^(string(equals|like)(ignorecase)?|arn(equals|like)|ipaddress)$/.test(base)) continue;
    if (typeof block !== 'object' || block === null) continue;
    if (Object.keys(block).some((k) => CALLER_KEYS.has(k.toLowerCase()))) return true;
  }
  return false;
}

export const trustChecks: Check[] = [
  {
    id: 'IAM.TRUST.ANY_PRINCIPAL',
    severity: 'critical',
    title: 'Role anyone can assume',
    rule:
      'A trust policy Allow statement whose Principal is `*` (or AWS `*`) and whose Condition does not limit the ' +
      'caller (no positive String, Arn or IpAddress test of aws:PrincipalAccount, aws:PrincipalArn, ' +
      'aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalServiceName, aws:SourceAccount, aws:SourceArn, ' +
      'aws:SourceOrgID, aws:SourceOrgPaths, aws:SourceOwner, aws:SourceIp, aws:SourceVpc, aws:SourceVpce, aws:userid ' +
      'or aws:username; ...IfExists, negated and ForAllValues: tests hold without the key): any AWS account can ' +
      'assume the role, as IAM Access Analyzer would report it public.',
    needs: ['snapshot'],
    run(input) {
      return perStatement(input, (s, r) =>
        s.anyone && !limitsCaller(s.raw)
          ? draft(
              r,
              s,
              s.conditionKeys.size === 0
                ? `Anyone with an AWS account can assume role ${r.name}: the trust policy allows Principal * ` +
                    'without a condition.'
                : `Anyone with an AWS account can assume role ${r.name}: the trust policy allows Principal * and ` +
                    'its conditions do not limit the caller to an account, organization or network.',
            )
          : undefined,
      );
    },
  },
  {
    id: 'IAM.TRUST.CROSS_ACCOUNT_NO_EXTERNAL_ID',
    severity: 'high',
    title: 'Another account trusted without ExternalId or MFA',
    rule:
      'A trust policy Allow statement naming an AWS principal in another account (not in ' +
      'iamExplorer.knownAccounts) with no sts:ExternalId and no aws:MultiFactorAuthPresent / ' +
      'aws:MultiFactorAuthAge condition.',
    needs: ['snapshot'],
    run(input) {
      const known = new Set(input.settings.knownAccounts);
      return perStatement(input, (s, r) => {
        const accounts = foreignAccounts(s, input).filter((a) => !known.has(a));
        if (!accounts.length) return undefined;
        const guarded = ['sts:externalid', 'aws:multifactorauthpresent', 'aws:multifactorauthage'].some((k) =>
          s.conditionKeys.has(k),
        );
        return guarded
          ? undefined
          : draft(
              r,
              s,
              `Role ${r.name} trusts ${accounts.length === 1 ? 'account' : 'accounts'} ${accounts.join(', ')} ` +
                `with no sts:ExternalId or MFA condition.`,
              { accounts },
            );
      });
    },
  },
  {
    id: 'IAM.TRUST.UNKNOWN_ACCOUNT',
    severity: 'medium',
    title: 'Trust in an account outside the known accounts',
    rule:
      'A trust policy Allow statement naming an AWS principal in an account that is neither this account nor in ' +
      'iamExplorer.knownAccounts.',
    needs: ['snapshot'],
    run(input) {
      const known = new Set(input.settings.knownAccounts);
      return perStatement(input, (s, r) => {
        const accounts = foreignAccounts(s, input).filter((a) => !known.has(a));
        return accounts.length
          ? draft(
              r,
              s,
              `Role ${r.name} trusts ${accounts.length === 1 ? 'account' : 'accounts'} ${accounts.join(', ')}, ` +
                `not in iamExplorer.knownAccounts; add ${accounts.length === 1 ? 'it' : 'them'} there if ` +
                `${accounts.length === 1 ? 'it is' : 'they are'} yours.`,
              { accounts },
            )
          : undefined;
      });
    },
  },
  {
    id: 'IAM.TRUST.SERVICE_NO_SOURCE',
    severity: 'low',
    title: 'Service principal without aws:SourceAccount or aws:SourceArn',
    rule:
      `A trust policy Allow statement naming a service principal for which AWS recommends confused-deputy ` +
      `conditions (${[...CONFUSED_DEPUTY_SERVICES].join(', ')}) with neither aws:SourceAccount nor aws:SourceArn ` +
      `(nor aws:SourceOrgID).`,
    needs: ['snapshot'],
    run(input) {
      return perStatement(input, (s, r) => {
        const services = s.services.filter((svc) => CONFUSED_DEPUTY_SERVICES.has(svc.toLowerCase()));
        if (
          !services.length ||
          ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid'].some((k) => s.conditionKeys.has(k))
        )
          return undefined;
        return draft(
          r,
          s,
          `Role ${r.name} trusts ${services.join(', ')} without aws:SourceAccount or aws:SourceArn: another ` +
            `account's resources could make the service use this role.`,
          { services },
        );
      });
    },
  },
  {
    id: 'IAM.TRUST.OIDC_NO_SUB',
    severity: 'critical',
    title: 'OIDC provider trusted without a `sub` condition',
    rule:
      'A trust policy Allow statement naming an OIDC provider (Federated `arn:…:oidc-provider/HOST`) with no ' +
      'condition on `HOST:sub`: every identity of that provider (for GitHub Actions, every repository on GitHub) ' +
      'can assume the role.',
    needs: ['snapshot'],
    run(input) {
      return perStatement(input, (s, r) => {
        const out: FindingDraft[] = [];
        for (const f of s.federated) {
          const host = /^arn:[\w-]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(f)?.[1];
          if (!host || s.conditionKeys.has(`${host.toLowerCase()}:sub`)) continue;
          out.push(
            draft(
              r,
              s,
              `Role ${r.name} trusts ${host} with no condition on ${host}:sub: any of its identities can assume it.`,
              { provider: f },
            ),
          );
        }
        return out;
      });
    },
  },
];
