/** Security warnings: statements that grant far more than they appear to. */
import type { PolicyModel, StatementModel } from './model';
import { actionPatternMatches, wildcardMatch } from './wildcard';
import type { Finding, PolicyKind } from './types';

function allResources(st: StatementModel): boolean {
  return st.resource?.key === 'Resource' && st.resource.values.some((v) => v.value === '*');
}

function allRoles(value: string): boolean {
  return value === '*' || /^arn:[^:]+:iam::[^:]*:role\/\*$/.test(value);
}

/** Keys that say who calls or from where: a Deny unless one of them matches narrows who is allowed. */
const WHO_OR_WHERE = new Set(
  [
    'aws:SourceVpce',
    'aws:SourceVpc',
    'aws:SourceIp',
    'aws:VpcSourceIp',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:userid',
    'aws:username',
  ].map((k) => k.toLowerCase()),
);

/**
 * `StringNotEquals`, `NotIpAddress`, `ArnNotLike`… (with a set prefix or IfExists) on such a key:
 * the Deny applies unless the value matches.
 */
function denyUnless(c: { operator: { value: string }; key: { value: string } }): boolean {
  const base = c.operator.value.replace(/^For(Any|All)Value:/, '').replace(/IfExists$/, '');
  const negated = /^(StringNot(Equals|Like)(IgnoreCase)?|NotIpAddress|ArnNot(Equals|Like))$/.test(base);
  return negated && WHO_OR_WHERE.has(c.key.value.toLowerCase());
}

/**
 * A Deny to any principal unless the caller is someone or somewhere (a VPC endpoint, an address
 * range, an organization), over every action and resource of `allow`: the documented "allow
 * everyone, deny unless" form of a private API or a VPC-only bucket, where the Allow alone is not
 * open. A Deny on another condition (no TLS, no encryption header) leaves the Allow open to anyone.
 */
function guardedByDeny(allow: StatementModel, policy: PolicyModel): boolean {
  const actions = allow.action?.key === 'Action' ? allow.action.values.map((v) => v.value) : undefined;
  const resources = allow.resource?.key === 'Resource' ? allow.resource.values.map((v) => v.value) : ['*'];
  if (!actions) return false;
  return policy.statements.some((deny) => {
    if (deny.effect?.value !== 'Deny' || !deny.conditions.some(denyUnless)) return false;
    if (deny.principal?.key !== 'Principal' || !deny.principal.anyone) return false;
    if (deny.action?.key !== 'Action' || deny.resource?.key === 'NotResource') return false;
    const denied = deny.action.values.map((v) => v.value);
    const deniedOn = deny.resource ? deny.resource.values.map((v) => v.value) : ['*'];
    return (
      actions.every((a) => denied.some((d) => d === '*' || actionPatternMatches(d, a))) &&
      resources.every((r) => deniedOn.some((d) => d === '*' || wildcardMatch(d, r, false)))
    );
  });
}

export function checkSecurity(policy: PolicyModel, kind: PolicyKind): Finding[] {
  const out: Finding[] = [];
  for (const st of policy.statements) {
    if (st.effect?.value !== 'Allow') continue;
    const action = st.action;
    if (action?.key === 'Action') {
      const star = action.values.find((v) => v.value === '*' || v.value === '*:*');
      if (star && allResources(st)) {
        out.push({
          severity: 'warning',
          code: 'star-on-star',
          message:
            'This statement allows every action on every resource (full administrator access). Name the actions ' +
            'and resources this policy really needs.',
          from: star.from,
          to: star.to,
        });
      }
      const passRole = action.values.find(
        (v) => v.value !== '*' && v.value !== '*:*' && actionPatternMatches(v.value, 'iam:PassRole'),
      );
      if (passRole && st.resource?.key === 'Resource' && st.resource.values.some((v) => allRoles(v.value))) {
        out.push({
          severity: 'warning',
          code: 'passrole-star',
          message:
            'iam:PassRole on all roles lets the holder hand any role, including administrator roles, to a ' +
            'service. Restrict Resource to the roles needed and add an iam:PassedToService condition.',
          from: passRole.from,
          to: passRole.to,
        });
      }
    }
    if (action?.key === 'NotAction') {
      out.push({
        severity: 'warning',
        code: 'allow-not-action',
        message:
          'Allow with NotAction allows every action not listed, including actions of services added later. ' +
          'Prefer Allow with Action, or use NotAction only with Deny.',
        from: action.keyFrom,
        to: action.keyTo,
      });
    }
    if (st.resource?.key === 'NotResource') {
      out.push({
        severity: 'warning',
        code: 'allow-not-resource',
        message:
          'Allow with NotResource allows every resource not listed, including resources created later. Prefer ' +
          'Allow with Resource, or use NotResource only with Deny.',
        from: st.resource.keyFrom,
        to: st.resource.keyTo,
      });
    }
    if (st.principal?.key === 'NotPrincipal') {
      out.push({
        severity: 'warning',
        code: 'allow-not-principal',
        message:
          'Allow with NotPrincipal grants access to every principal not listed, including anonymous users. Use ' +
          'Principal instead.',
        from: st.principal.keyFrom,
        to: st.principal.keyTo,
      });
    }
    if (
      kind !== 'identity' &&
      st.principal?.key === 'Principal' &&
      st.principal.anyone &&
      st.conditions.length === 0 &&
      !(kind === 'resource' && guardedByDeny(st, policy))
    ) {
      const message =
        kind === 'trust'
          ? 'Anyone in any AWS account can assume this role: the principal is "*" and there is no Condition. Name ' +
            'the trusted account, role or service, or add a Condition (aws:PrincipalOrgID, sts:ExternalId...).'
          : 'This statement is open to any principal, including anonymous users: the principal is "*" and there ' +
            'is no Condition. Name the principals, or add a Condition such as aws:PrincipalOrgID.';
      out.push({
        severity: 'warning',
        code: 'open-principal',
        message,
        from: st.principal.keyFrom,
        to: st.principal.keyTo,
      });
    }
  }
  return out;
}
