// Principals' effective identity permissions: admin-equivalent users and roles, and the
// documented IAM privilege-escalation combinations. Both read the principal's policies
// through principalGrant (statements.ts), the seam the evaluation engine will replace.
import type { RoleDetails, UserDetails } from '../model/snapshot';
import { principalGrant, StatementIndex, type Grant } from './statements';
import { need, type Check, type FindingDraft, type FindingsInput } from './types';

/** A name no policy spells out: a pattern matching it covers arbitrary entities. */
const PROBE = 'iam-explorer-any-entity';

interface EscalationPath {
  readonly id: string;
  readonly description: string;
  /** Every (action, resource) must be granted. */
  readonly needs: ReadonlyArray<readonly [action: string, resource: (account: string) => string]>;
}

const user = (a: string) => `arn:aws:iam::${a}:user/${PROBE}`;
const group = (a: string) => `arn:aws:iam::${a}:group/${PROBE}`;
const role = (a: string) => `arn:aws:iam::${a}:role/${PROBE}`;
const policy = (a: string) => `arn:aws:iam::${a}:policy/${PROBE}`;
const any = (service: string, type: string) => (a: string) => `arn:aws:${service}:us-east-1:${a}:${type}/${PROBE}`;

/**
 * The IAM privilege-escalation combinations documented by Rhino Security Labs ("AWS IAM
 * Privilege Escalation – Methods and Mitigation") and used by Cloudsplaining and Prowler.
 */
export const ESCALATION_PATHS: readonly EscalationPath[] = [
  {
    id: 'CreatePolicyVersion',
    description: 'write a new default version of any managed policy',
    needs: [['iam:CreatePolicyVersion', policy]],
  },
  {
    id: 'SetDefaultPolicyVersion',
    description: 'switch any managed policy to another (more permissive) version',
    needs: [['iam:SetDefaultPolicyVersion', policy]],
  },
  {
    id: 'AttachUserPolicy',
    description: 'attach any managed policy to a user',
    needs: [['iam:AttachUserPolicy', user]],
  },
  {
    id: 'AttachGroupPolicy',
    description: 'attach any managed policy to a group',
    needs: [['iam:AttachGroupPolicy', group]],
  },
  {
    id: 'AttachRolePolicy',
    description: 'attach any managed policy to a role',
    needs: [['iam:AttachRolePolicy', role]],
  },
  { id: 'PutUserPolicy', description: 'write an inline policy on a user', needs: [['iam:PutUserPolicy', user]] },
  { id: 'PutGroupPolicy', description: 'write an inline policy on a group', needs: [['iam:PutGroupPolicy', group]] },
  { id: 'PutRolePolicy', description: 'write an inline policy on a role', needs: [['iam:PutRolePolicy', role]] },
  { id: 'CreateAccessKey', description: 'create access keys for other users', needs: [['iam:CreateAccessKey', user]] },
  {
    id: 'CreateLoginProfile',
    description: 'give other users a console password',
    needs: [['iam:CreateLoginProfile', user]],
  },
  {
    id: 'UpdateLoginProfile',
    description: "change other users' console passwords",
    needs: [['iam:UpdateLoginProfile', user]],
  },
  { id: 'AddUserToGroup', description: 'add users (itself) to any group', needs: [['iam:AddUserToGroup', group]] },
  {
    id: 'UpdateAssumeRolePolicy+AssumeRole',
    description: "rewrite a role's trust policy and assume the role",
    needs: [
      ['iam:UpdateAssumeRolePolicy', role],
      ['sts:AssumeRole', role],
    ],
  },
  {
    id: 'PassRole+ec2:RunInstances',
    description: 'launch an instance with any role',
    needs: [
      ['iam:PassRole', role],
      ['ec2:RunInstances', any('ec2', 'instance')],
    ],
  },
  {
    id: 'PassRole+lambda:CreateFunction',
    description: 'create a Lambda function with any role',
    needs: [
      ['iam:PassRole', role],
      ['lambda:CreateFunction', (a) => `arn:aws:lambda:us-east-1:${a}:function:${PROBE}`],
    ],
  },
  {
    id: 'PassRole+cloudformation:CreateStack',
    description: 'create a CloudFormation stack with any role',
    needs: [
      ['iam:PassRole', role],
      ['cloudformation:CreateStack', (a) => `arn:aws:cloudformation:us-east-1:${a}:stack/${PROBE}/1`],
    ],
  },
  {
    id: 'PassRole+glue:CreateDevEndpoint',
    description: 'create a Glue development endpoint with any role',
    needs: [
      ['iam:PassRole', role],
      ['glue:CreateDevEndpoint', any('glue', 'devEndpoint')],
    ],
  },
];

const statementEvidence = (g: Grant) => ({
  policy: g.source.name,
  policyArn: g.source.kind === 'managed' ? g.source.arn : null,
  inlineOn: g.source.kind === 'inline' ? g.source.arn : null,
  statementIndex: g.statement.index,
  sid: g.statement.sid ?? null,
  statement: g.statement.raw,
});

function principals(input: FindingsInput): { index: StatementIndex; list: Array<UserDetails | RoleDetails> } {
  const snapshot = need(input.snapshot, 'snapshot');
  return { index: statementIndexFor(snapshot), list: [...snapshot.users, ...snapshot.roles] };
}

/** One index per snapshot, shared by the checks of one run. */
const indexes = new WeakMap<object, StatementIndex>();
export function statementIndexFor(snapshot: NonNullable<FindingsInput['snapshot']>): StatementIndex {
  let index = indexes.get(snapshot);
  if (!index) indexes.set(snapshot, (index = new StatementIndex(snapshot)));
  return index;
}

const isAdmin = (index: StatementIndex, p: UserDetails | RoleDetails) => principalGrant(index, p, '*', '*');

const draft = (p: UserDetails | RoleDetails, detail: string, evidence: Record<string, unknown>): FindingDraft => ({
  entity: p.arn,
  entityType: p.kind,
  entityName: p.name,
  detail,
  evidence,
});

const ANALYSIS_NOTE =
  'statement-level reading of identity policies: unconditional Allow not taken back by an unconditional Deny, ' +
  'within the permissions boundary';

export const permissionChecks: Check[] = [
  {
    id: 'IAM.PRINCIPALS.ADMIN',
    severity: 'high',
    title: 'Admin-equivalent principal',
    rule:
      "A user (with its groups' policies) or role allowed Action `*` on Resource `*` by an unconditional Allow, " +
      'with no unconditional Deny of `*` and within its permissions boundary.',
    needs: ['snapshot'],
    run(input) {
      const { index, list } = principals(input);
      const out: FindingDraft[] = [];
      for (const p of list) {
        const grant = isAdmin(index, p);
        if (grant)
          out.push(
            draft(
              p,
              `${p.kind === 'user' ? 'User' : 'Role'} ${p.name} can do anything in the account (via ` +
                `${grant.source.name}).`,
              { grant: statementEvidence(grant), analysis: ANALYSIS_NOTE },
            ),
          );
      }
      return out;
    },
  },
  {
    id: 'IAM.PRINCIPALS.PRIVILEGE_ESCALATION',
    severity: 'high',
    title: 'Principal can escalate its privileges',
    rule:
      `A user or role that is not already admin-equivalent and is allowed one of the documented escalation ` +
      `combinations on any entity: ${ESCALATION_PATHS.map((p) => p.id).join(', ')}.`,
    needs: ['snapshot'],
    run(input) {
      const { index, list } = principals(input);
      const account = need(input.snapshot, 'snapshot').accountId;
      const out: FindingDraft[] = [];
      for (const p of list) {
        if (isAdmin(index, p)) continue;
        const found: Array<{ path: EscalationPath; grants: Grant[] }> = [];
        for (const path of ESCALATION_PATHS) {
          const grants: Grant[] = [];
          for (const [action, resource] of path.needs) {
            const g = principalGrant(index, p, action, resource(account));
            if (!g) break;
            grants.push(g);
          }
          if (grants.length === path.needs.length) found.push({ path, grants });
        }
        if (!found.length) continue;
        out.push(
          draft(
            p,
            `${p.name} can make itself more powerful: ` +
              `${found.map((f) => `${f.path.id} (${f.path.description})`).join('; ')}.`,
            {
              paths: found.map((f) => ({
                path: f.path.id,
                actions: f.path.needs.map(([a]) => a),
                grants: f.grants.map(statementEvidence),
              })),
              analysis: ANALYSIS_NOTE,
            },
          ),
        );
      }
      return out;
    },
  },
];
