// Statements in the account's own policies: customer managed policies (default version) and
// inline policies of users, groups and roles. AWS managed policies are left out: the account
// cannot change them, and attaching them is judged through the principals.
import type { AccountSnapshot } from '../model/snapshot';
import {
  coversAction,
  coversResource,
  normalizeStatements,
  type NormalizedStatement,
  type PolicySource,
} from './statements';
import { need, type Check, type FindingDraft } from './types';

interface OwnPolicy {
  readonly source: PolicySource;
  readonly statements: readonly NormalizedStatement[];
}

const cache = new WeakMap<AccountSnapshot, OwnPolicy[]>();

/** The account's own policy documents, each with where it lives. */
export function ownPolicies(snapshot: AccountSnapshot): OwnPolicy[] {
  let list = cache.get(snapshot);
  if (list) return list;
  list = [];
  for (const p of snapshot.policies) {
    if (p.awsManaged || !p.defaultDocument) continue;
    list.push({
      source: { kind: 'managed', name: p.name, arn: p.arn, awsManaged: false },
      statements: normalizeStatements(p.defaultDocument.json),
    });
  }
  const holders = [
    ...snapshot.users.map((h) => ['user', h] as const),
    ...snapshot.groups.map((h) => ['group', h] as const),
    ...snapshot.roles.map((h) => ['role', h] as const),
  ];
  for (const [holder, h] of holders) {
    for (const i of h.inlinePolicies)
      list.push({
        source: { kind: 'inline', name: i.name, arn: h.arn, awsManaged: false, holder },
        statements: normalizeStatements(i.document.json),
      });
  }
  cache.set(snapshot, list);
  return list;
}

function policyDraft(p: OwnPolicy, s: NormalizedStatement | undefined, detail: string): FindingDraft {
  const name =
    p.source.kind === 'managed'
      ? p.source.name
      : `${p.source.arn.slice(p.source.arn.lastIndexOf('/') + 1)} (inline ${p.source.name})`;
  return {
    entity: p.source.arn,
    entityType: p.source.kind === 'managed' ? 'policy' : (p.source.holder ?? 'user'),
    entityName: name,
    detail,
    evidence: {
      policy: p.source.name,
      kind: p.source.kind,
      ...(s ? { statementIndex: s.index, sid: s.sid ?? null, statement: s.raw } : {}),
    },
  };
}

const where = (p: OwnPolicy) =>
  p.source.kind === 'managed'
    ? `Policy ${p.source.name}`
    : `Inline policy ${p.source.name} on ${p.source.holder ?? 'user'} ` +
      `${p.source.arn.slice(p.source.arn.lastIndexOf('/') + 1)}`;
const stmt = (s: NormalizedStatement) => (s.sid ? `statement ${s.index + 1} (${s.sid})` : `statement ${s.index + 1}`);

/** One finding per Allow statement of the account's own policies that `test` picks. */
function perStatement(
  snapshot: AccountSnapshot,
  test: (s: NormalizedStatement, p: OwnPolicy) => string | undefined,
): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const p of ownPolicies(snapshot)) {
    for (const s of p.statements) {
      if (s.effect !== 'Allow') continue;
      const detail = test(s, p);
      if (detail) out.push(policyDraft(p, s, detail));
    }
  }
  return out;
}

const fullAdmin = (s: NormalizedStatement) => coversAction(s, '*') && coversResource(s, '*');

export const policyChecks: Check[] = [
  {
    id: 'IAM.POLICIES.FULL_ADMIN',
    severity: 'high',
    title: 'Customer managed policy grants full admin',
    rule:
      'A customer managed policy whose default version has an Allow statement with Action `*` (or `*:*`) on ' +
      'Resource `*` and no Condition.',
    needs: ['snapshot'],
    run(input) {
      return perStatement(need(input.snapshot, 'snapshot'), (s, p) =>
        p.source.kind === 'managed' && !s.hasCondition && fullAdmin(s)
          ? `${where(p)} grants every action on every resource (${stmt(s)}); scope it to what its users need.`
          : undefined,
      );
    },
  },
  {
    id: 'IAM.POLICIES.PASSROLE_ALL',
    severity: 'medium',
    title: 'iam:PassRole on every role',
    rule:
      'An Allow statement (customer managed or inline) whose actions cover iam:PassRole on Resource `*`. ' +
      'Full-admin statements (`*` on `*`) are reported by IAM.POLICIES.FULL_ADMIN / IAM.PRINCIPALS.ADMIN instead.',
    needs: ['snapshot'],
    run(input) {
      return perStatement(need(input.snapshot, 'snapshot'), (s, p) =>
        !fullAdmin(s) && coversAction(s, 'iam:PassRole') && coversResource(s, '*')
          ? `${where(p)} allows iam:PassRole on every role (${stmt(s)}); name the roles it may pass.`
          : undefined,
      );
    },
  },
  {
    id: 'IAM.POLICIES.ASSUME_ROLE_ALL',
    severity: 'medium',
    title: 'sts:AssumeRole on every role',
    rule:
      'An Allow statement (customer managed or inline) whose actions cover sts:AssumeRole on Resource `*` ' +
      '(full-admin statements excepted, as above).',
    needs: ['snapshot'],
    run(input) {
      return perStatement(need(input.snapshot, 'snapshot'), (s, p) =>
        !fullAdmin(s) && coversAction(s, 'sts:AssumeRole') && coversResource(s, '*')
          ? `${where(p)} allows sts:AssumeRole on every role (${stmt(s)}); name the roles.`
          : undefined,
      );
    },
  },
  {
    id: 'IAM.POLICIES.ALLOW_NOT_ACTION',
    severity: 'medium',
    title: 'Allow with NotAction',
    rule:
      'An Allow statement (customer managed or inline) with NotAction: it grants every action not listed, ' +
      'including services added later.',
    needs: ['snapshot'],
    run(input) {
      return perStatement(need(input.snapshot, 'snapshot'), (s, p) =>
        s.notActions
          ? `${where(p)} allows everything except ${s.notActions.join(', ')} (${stmt(s)}); list the actions instead.`
          : undefined,
      );
    },
  },
  {
    id: 'IAM.POLICIES.ALLOW_NOT_RESOURCE',
    severity: 'medium',
    title: 'Allow with NotResource',
    rule:
      'An Allow statement (customer managed or inline) with NotResource: it grants on every resource not listed, ' +
      'including ones created later.',
    needs: ['snapshot'],
    run(input) {
      return perStatement(need(input.snapshot, 'snapshot'), (s, p) =>
        s.notResources
          ? `${where(p)} allows on every resource except ${s.notResources.join(', ')} (${stmt(s)}); list the ` +
            `resources instead.`
          : undefined,
      );
    },
  },
  {
    id: 'IAM.POLICIES.UNATTACHED',
    severity: 'low',
    title: 'Unattached customer managed policy',
    rule: 'A customer managed policy with AttachmentCount 0 that is not used as a permissions boundary.',
    needs: ['snapshot'],
    run(input) {
      return need(input.snapshot, 'snapshot')
        .policies.filter((p) => !p.awsManaged && p.attachmentCount === 0 && p.permissionsBoundaryUsageCount === 0)
        .map((p) => ({
          entity: p.arn,
          entityType: 'policy' as const,
          entityName: p.name,
          detail: `Policy ${p.name} is attached to nothing; delete it if it is not needed.`,
          evidence: { attachmentCount: 0, permissionsBoundaryUsageCount: 0 },
        }));
    },
  },
];
