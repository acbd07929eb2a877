/**
 * Cross-account trust decided by the evaluation engine over snapshots that the real SDK
 * loaded (GetAccountAuthorizationDetails, every page) from two accounts of one emulator.
 */
import assert from 'node:assert/strict';
import {
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsResponse,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { assumableFrom, canAssume } from '../../../../src/core/model/crossAccount';
import { parseAuthorizationDetails, type AccountSnapshot } from '../../../../src/core/model/snapshot';
import { iamClient, useEmulator } from '../../emulator/helpers';

const A = '111111111111';
const B = '222222222222';
const allow = (action: string, resource: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
});
const trust = (principal: unknown, condition?: unknown) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: 'sts:AssumeRole',
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});

async function snapshot(iam: IAMClient, accountId: string): Promise<AccountSnapshot> {
  const pages: GetAccountAuthorizationDetailsResponse[] = [];
  let Marker: string | undefined;
  do {
    const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Marker, MaxItems: 2 }));
    pages.push(page);
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return parseAuthorizationDetails(pages, accountId);
}

describe('core/model/crossAccount: who may assume a role from another loaded account (engine over snapshots)', () => {
  const ctx = useEmulator({
    accounts: [
      {
        accountId: A,
        name: 'workloads',
        seed: {
          policies: [
            { name: 'AssumeAuditRoles', versions: [allow('sts:AssumeRole', `arn:aws:iam::${B}:role/Audit*`)] },
          ],
          groups: [{ name: 'auditors', attachedPolicies: ['AssumeAuditRoles'] }],
          users: [
            {
              name: 'alice',
              inlinePolicies: [{ name: 'assume', document: allow('sts:AssumeRole', `arn:aws:iam::${B}:role/*`) }],
            },
            { name: 'bob', inlinePolicies: [{ name: 's3', document: allow('s3:GetObject', '*') }] },
            { name: 'carol', groups: ['auditors'] },
            {
              name: 'dave',
              inlinePolicies: [{ name: 'assume', document: allow('sts:AssumeRole', '*') }],
              permissionsBoundary: 'AmazonS3ReadOnlyAccess',
            },
          ],
          roles: [
            {
              name: 'Deployer',
              trustPolicy: trust(`arn:aws:iam::${B}:root`),
              inlinePolicies: [{ name: 'assume', document: allow('sts:AssumeRole', '*') }],
            },
          ],
        },
      },
      {
        accountId: B,
        name: 'security',
        seed: {
          roles: [
            { name: 'AuditReadOnly', trustPolicy: trust(`arn:aws:iam::${A}:root`) },
            { name: 'OnlyAlice', trustPolicy: trust(`arn:aws:iam::${A}:user/alice`) },
            { name: 'AuditWithMfa', trustPolicy: trust(A, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) },
            { name: 'Local', trustPolicy: trust(`arn:aws:iam::${B}:root`) },
          ],
        },
      },
    ],
  });
  let a: AccountSnapshot;
  let b: AccountSnapshot;
  before(async () => {
    const [first, second] = ctx.emulator.accounts;
    a = await snapshot(iamClient(ctx.emulator, { credentials: first.adminKey }), A);
    b = await snapshot(iamClient(ctx.emulator, { credentials: second.adminKey }), B);
  });
  const role = (s: AccountSnapshot, name: string) => s.roles.find((r) => r.name === name)!;
  const user = (s: AccountSnapshot, name: string) => s.users.find((u) => u.name === name)!;
  const names = (links: { principal: { name: string } }[]) => links.map((l) => l.principal.name).sort();

  it("a role in B trusting A admits A's users whose policies allow sts:AssumeRole on it (inline or through a group), not the others", () => {
    const links = assumableFrom(b, role(b, 'AuditReadOnly'), [a, b]);
    // Roles of A count too: Deployer's own policy allows sts:AssumeRole on any role.
    assert.deepEqual(names(links), ['Deployer', 'alice', 'carol', 'emulator-admin']);
    assert.equal(links.find((l) => l.principal.name === 'Deployer')?.principal.kind, 'role');
    assert.ok(links.every((l) => l.principalAccountId === A && l.roleAccountId === B));
    assert.equal(names(links).includes('bob'), false, 'bob: his policy does not allow sts:AssumeRole');
    assert.equal(names(links).includes('dave'), false, 'dave: his boundary (S3 read-only) does not allow it');
  });

  it('a trust naming one user admits only that user; a trust wanting MFA admits no one without it; a same-account trust shows nothing', () => {
    assert.deepEqual(names(assumableFrom(b, role(b, 'OnlyAlice'), [a, b])), ['alice']);
    assert.deepEqual(assumableFrom(b, role(b, 'AuditWithMfa'), [a, b]), []);
    assert.deepEqual(assumableFrom(b, role(b, 'Local'), [a, b]), []);
  });

  it('"Can assume" is the same relation seen from the principal, roles in other accounts only', () => {
    assert.deepEqual(
      canAssume(a, user(a, 'alice'), [a, b])
        .map((l) => l.role.name)
        .sort(),
      ['AuditReadOnly', 'OnlyAlice'],
    );
    assert.deepEqual(
      canAssume(a, user(a, 'carol'), [a, b]).map((l) => l.role.name),
      ['AuditReadOnly'],
    );
    assert.deepEqual(canAssume(a, user(a, 'bob'), [a, b]), []);
    // A role in A trusting B's root, but no principal of B has a policy allowing it.
    assert.deepEqual(
      assumableFrom(a, role(a, 'Deployer'), [a, b]).map((l) => l.principal.name),
      ['emulator-admin'],
    );
  });

  it('says what the principal side left out: a managed policy the snapshot does not hold', () => {
    const gone = `arn:aws:iam::${A}:policy/Gone`;
    const alice = { ...user(a, 'alice'), attachedPolicies: [{ name: 'Gone', arn: gone }] };
    const changed: AccountSnapshot = { ...a, users: a.users.map((u) => (u.name === 'alice' ? alice : u)) };
    const links = canAssume(changed, alice, [changed, b]);
    assert.deepEqual(links.map((l) => l.role.name).sort(), ['AuditReadOnly', 'OnlyAlice']);
    assert.match(links[0].problems.join(' '), /Gone: not in the snapshot/);
    assert.deepEqual(canAssume(a, user(a, 'alice'), [a, b])[0].problems, []);
  });
});
