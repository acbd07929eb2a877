/**
 * Cancelling the model's listings, against the emulator with a slow ListUsers: a listing whose
 * only caller's signal fires stops between pages (the SDK cuts the page in flight), while a
 * listing another caller still waits for goes on to the end. The emulator's request log is
 * what proves the request stream stopped.
 */
import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { SdkIamService } from '../../../../src/aws/iamService';
import { isCancelled } from '../../../../src/core/cancelled';
import { AccountModel } from '../../../../src/core/model/accountModel';
import { generateAccount } from '../../../emulator/index.js';
import { stsClient, useEmulator } from '../../emulator/helpers';

/** 2,500 users and the admin: three pages of ListUsers at MaxItems 1,000. */
const PAGES = 3;
const PAGE_MS = 250;

describe('core/model/accountModel: cancelling listings', () => {
  const ctx = useEmulator(() => ({
    seed: generateAccount({ users: 2500 }),
    latency: { operation: 'ListUsers', fixedMs: PAGE_MS },
  }));
  let service: SdkIamService;
  before(() => {
    service = new SdkIamService(ctx.iam, stsClient(ctx.emulator));
  });
  beforeEach(() => {
    ctx.emulator.log.length = 0;
  });

  const listUsersRequests = () => ctx.emulator.log.filter((e) => e.operation === 'ListUsers').length;
  /** Waits until the emulator has answered `n` ListUsers requests. */
  async function answered(n: number): Promise<void> {
    for (let i = 0; i < 200 && listUsersRequests() < n; i++) await sleep(10);
    assert.ok(listUsersRequests() >= n, `expected ${n} ListUsers answered, saw ${listUsersRequests()}`);
  }
  /** Rejection of a promise expected to be cancelled (fails the test when it resolves). */
  async function rejection(p: Promise<unknown>): Promise<unknown> {
    try {
      await p;
    } catch (error) {
      return error;
    }
    assert.fail('expected the listing to be cancelled, it completed');
  }

  it('without a signal, listing the users takes three pages (the baseline the other tests cut short)', async () => {
    const users = await new AccountModel(service).list('users');
    assert.equal(users.length, 2501);
    assert.equal(listUsersRequests(), PAGES);
  });

  it('the only caller aborting stops the listing between pages: no further ListUsers is sent', async () => {
    const model = new AccountModel(service);
    const abort = new AbortController();
    const listing = model.list('users', abort.signal);
    await answered(1);
    abort.abort();
    assert.ok(isCancelled(await rejection(listing)), 'the caller sees an AbortError (a cancel)');
    const atAbort = listUsersRequests();
    // Longer than the remaining pages would have taken: the stream has stopped.
    await sleep(PAGE_MS * (PAGES + 1));
    const sent = listUsersRequests();
    assert.ok(sent < PAGES, `the listing went on to ${sent} pages after the abort`);
    assert.ok(sent <= atAbort + 1, `pages after the abort: ${sent - atAbort}, at most the one in flight`);
    // Nothing was kept: the next read lists afresh, to the end.
    assert.equal((await model.list('users')).length, 2501);
  });

  it('a listing shared with a caller that passed no signal goes on to the end when the other aborts', async () => {
    const model = new AccountModel(service);
    const abort = new AbortController();
    const tree = model.list('users', abort.signal);
    const command = model.list('users');
    await answered(1);
    abort.abort();
    assert.ok(isCancelled(await rejection(tree)));
    assert.equal((await command).length, 2501, 'the command still gets every user');
    assert.equal(listUsersRequests(), PAGES, 'one listing, shared: three pages in all');
    // It was kept: the next read costs nothing.
    await model.list('users');
    assert.equal(listUsersRequests(), PAGES);
  });

  it('a listing two callers wait for (each with a signal) stops only when both abort', async () => {
    const model = new AccountModel(service);
    const first = new AbortController();
    const second = new AbortController();
    const a = model.list('users', first.signal);
    const b = model.list('users', second.signal);
    await answered(1);
    first.abort();
    assert.ok(isCancelled(await rejection(a)));
    // The first abort did not stop it: the second page is answered for the other caller.
    await answered(2);
    const atAbort = listUsersRequests();
    second.abort();
    assert.ok(isCancelled(await rejection(b)));
    await sleep(PAGE_MS * (PAGES + 1));
    const sent = listUsersRequests();
    assert.ok(sent <= atAbort + 1, `pages after the abort: ${sent - atAbort}, at most the one in flight`);
    // Nothing was kept: the next read lists afresh, to the end.
    assert.equal((await model.list('users')).length, 2501);
    assert.equal(listUsersRequests(), sent + PAGES);
  });

  it('a caller whose signal already fired gets an AbortError and starts no request', async () => {
    const model = new AccountModel(service);
    const abort = new AbortController();
    abort.abort();
    assert.ok(isCancelled(await rejection(model.list('users', abort.signal))));
    await sleep(PAGE_MS * 2);
    assert.equal(listUsersRequests(), 0);
  });

  it("a relation's listing takes the signal too (ListGroupsForUser stops, the next read lists again)", async () => {
    ctx.emulator.setLatency({ operation: 'ListGroupsForUser', fixedMs: PAGE_MS });
    try {
      const model = new AccountModel(service);
      const abort = new AbortController();
      const listing = model.groupsOfUser('emulator-admin', abort.signal);
      await sleep(PAGE_MS / 2);
      abort.abort();
      assert.ok(isCancelled(await rejection(listing)));
      assert.deepEqual(await model.groupsOfUser('emulator-admin'), []);
      const calls = ctx.emulator.log.filter((e) => e.operation === 'ListGroupsForUser').length;
      assert.equal(calls, 2, 'the aborted one and the fresh one');
    } finally {
      ctx.emulator.setLatency({ operation: 'ListUsers', fixedMs: PAGE_MS });
    }
  });
});
