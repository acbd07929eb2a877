import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { isSsoRootKey, sourceKey, ssoRootKey, SsoRoots } from '../../../src/aws/ssoRoots';

/** The workspace state as VS Code keeps it: values go through JSON. */
class Memento {
  private readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
  }
  keys(): string[] {
    return [...this.values.keys()];
  }
}

const roots = (state: Memento) =>
  new SsoRoots(state as unknown as vscode.Memento, () => ({ endpoint: '', requestTimeoutMs: 1000 }));

describe('aws/ssoRoots: the accounts added from SSO, kept in the workspace state', () => {
  it('keeps the accounts per sign-in, adds without repeating an account and role, and reads them back after a reload', async () => {
    const state = new Memento();
    const first = roots(state);
    await first.add({ ssoSession: 'corp' }, [
      { accountId: '111111111111', accountName: 'prod', roleName: 'ReadOnly' },
      { accountId: '222222222222', accountName: 'dev', roleName: 'ReadOnly' },
    ]);
    await first.add({ ssoSession: 'corp' }, [
      { accountId: '222222222222', accountName: 'dev', roleName: 'ReadOnly' },
      { accountId: '222222222222', accountName: 'dev', roleName: 'Admin' },
    ]);
    await first.add({ profile: 'legacy' }, [{ accountId: '333333333333', accountName: 'old', roleName: 'R' }]);
    const reloaded = roots(state);
    assert.deepEqual(
      reloaded.treeGroups().map((g) => [g.label, g.loginArgs, g.roots.map((r) => `${r.accountName}/${r.roleName}`)]),
      [
        ['sso-session corp', ['--sso-session', 'corp'], ['prod/ReadOnly', 'dev/ReadOnly', 'dev/Admin']],
        ['profile legacy', ['--profile', 'legacy'], ['old/R']],
      ],
    );
    const key = ssoRootKey({ ssoSession: 'corp' }, '222222222222', 'Admin');
    assert.deepEqual(reloaded.root(key), {
      accountId: '222222222222',
      accountName: 'dev',
      roleName: 'Admin',
      source: { ssoSession: 'corp' },
    });
    assert.deepEqual(reloaded.sourceOf(sourceKey({ profile: 'legacy' })), { profile: 'legacy' });
  });

  it('root keys never collide with profile names nor with each other, whatever the names hold', () => {
    const a = ssoRootKey({ ssoSession: 'a:b' }, '111111111111', 'c');
    const b = ssoRootKey({ ssoSession: 'a' }, '111111111111', 'b:c');
    assert.notEqual(a, b);
    assert.notEqual(
      ssoRootKey({ ssoSession: 'x' }, '111111111111', 'R'),
      ssoRootKey({ profile: 'x' }, '111111111111', 'R'),
    );
    assert.ok(isSsoRootKey(a));
    assert.equal(isSsoRootKey('sso-dev'), false);
  });

  it('drops what an older or damaged state holds instead of failing', async () => {
    const state = new Memento();
    await state.update('iamExplorer.ssoAccounts', [
      'junk',
      { source: { ssoSession: 7 }, accounts: [] },
      {
        source: { ssoSession: 'ok' },
        accounts: [
          { accountId: 'not-an-id', accountName: 'x', roleName: 'R' },
          { accountId: '111111111111', accountName: 'fine', roleName: 'R' },
          null,
        ],
      },
    ]);
    assert.deepEqual(roots(state).choices(), [
      { source: { ssoSession: 'ok' }, accounts: [{ accountId: '111111111111', accountName: 'fine', roleName: 'R' }] },
    ]);
    await state.update('iamExplorer.ssoAccounts', { not: 'a list' });
    assert.deepEqual(roots(state).choices(), []);
  });
});
