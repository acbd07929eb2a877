import assert from 'node:assert/strict';
import {
  chooseRole,
  filterAccounts,
  listSsoAccounts,
  roleCounts,
  type SsoAccountRoles,
  type SsoPortalPort,
} from '../../../../src/core/sso';

const source = { label: 'sso-session corp', loginArgs: ['--sso-session', 'corp'] };
const accounts: SsoAccountRoles[] = [
  {
    accountId: '111111111111',
    accountName: 'Prod EU',
    emailAddress: 'prod@corp.example',
    roles: ['AdministratorAccess', 'ReadOnly'],
  },
  { accountId: '222222222222', accountName: 'dev', roles: ['ReadOnly'] },
  { accountId: '333333333333', accountName: 'billing', roles: ['Billing'] },
];

/** A port whose answers are given as data: for the error paths a live portal does not produce on demand. */
function port(pages: {
  accounts: SsoPortalPort['listAccounts'];
  roles: SsoPortalPort['listAccountRoles'];
}): SsoPortalPort {
  return { listAccounts: pages.accounts, listAccountRoles: pages.roles };
}

describe('core/sso/accounts: choosing accounts and roles', () => {
  it('filters by name, id or e-mail, case-insensitively', () => {
    assert.deepEqual(
      filterAccounts(accounts, 'prod').map((a) => a.accountId),
      ['111111111111'],
    );
    assert.deepEqual(
      filterAccounts(accounts, '2222').map((a) => a.accountName),
      ['dev'],
    );
    assert.deepEqual(
      filterAccounts(accounts, 'CORP.example').map((a) => a.accountName),
      ['Prod EU'],
    );
    assert.equal(filterAccounts(accounts, '  ').length, 3);
  });

  it('counts role names across accounts, most common first; one role for all picks the accounts that have it', () => {
    assert.deepEqual(roleCounts(accounts), [
      { roleName: 'ReadOnly', accounts: 2 },
      { roleName: 'AdministratorAccess', accounts: 1 },
      { roleName: 'Billing', accounts: 1 },
    ]);
    const { chosen, without } = chooseRole(accounts, 'ReadOnly');
    assert.deepEqual(
      chosen.map((c) => [c.account.accountName, c.roleName]),
      [
        ['Prod EU', 'ReadOnly'],
        ['dev', 'ReadOnly'],
      ],
    );
    assert.deepEqual(
      without.map((a) => a.accountName),
      ['billing'],
    );
  });

  it('keeps one account’s failure on that account and lists the others', async () => {
    const denied = Object.assign(new Error('No access'), {
      name: 'ForbiddenException',
      $metadata: { httpStatusCode: 403 },
    });
    const listed = await listSsoAccounts(
      port({
        accounts: async () => ({ accounts: accounts.map(({ roles: _roles, ...info }) => info) }),
        roles: async (_t, id) => {
          if (id === '222222222222') throw denied;
          return { roles: ['R'] };
        },
      }),
      'token',
      source,
    );
    assert.deepEqual(
      listed.map((a) => [a.accountName, [...a.roles], a.error === denied]),
      [
        ['Prod EU', ['R'], false],
        ['dev', [], true],
        ['billing', ['R'], false],
      ],
    );
  });

  it('stops, with a message, when the portal repeats a nextToken instead of looping', async () => {
    await assert.rejects(
      listSsoAccounts(
        port({ accounts: async () => ({ accounts: [], nextToken: 'same' }), roles: async () => ({ roles: [] }) }),
        'token',
        source,
      ),
      /returned the same nextToken twice while listing accounts/,
    );
  });

  it('an abort stops the listing', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      listSsoAccounts(
        port({ accounts: async () => ({ accounts: [] }), roles: async () => ({ roles: [] }) }),
        'token',
        source,
        { signal: controller.signal },
      ),
      { name: 'AbortError' },
    );
  });
});
