/**
 * The findings store behind the view, on real SDK clients against the emulator: one load per
 * profile shared by concurrent callers, suppressions kept per account in the injected
 * storage, and a fixed key finding hidden until data read after the fix.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SdkAccessKeyService } from '../../../src/aws/accessKeys';
import type { Connection } from '../../../src/aws/connections';
import { FindingsStore, type KeyValueStore } from '../../../src/aws/findingsStore';
import { SdkIamService } from '../../../src/aws/iamService';
import { DEFAULT_SETTINGS } from '../../../src/core/findings/types';
import { AccountModel } from '../../../src/core/model/accountModel';
import type { Seed } from '../../emulator/index.js';
import { iamClient, stsClient, useEmulator } from '../emulator/helpers.js';

const seed = JSON.parse(readFileSync(new URL('../../fixtures/findings-account.json', import.meta.url), 'utf8')) as Seed;

class MapStorage implements KeyValueStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

describe('aws/findingsStore against the emulator', () => {
  const ctx = useEmulator({ seed });
  let connection: Connection;
  let loads = 0;
  let clock = new Date();
  const storage = new MapStorage();
  let store: FindingsStore;

  before(() => {
    const iam = iamClient(ctx.emulator);
    const sts = stsClient(ctx.emulator);
    const service = new SdkIamService(iam, sts);
    connection = {
      profile: 'demo',
      service,
      iam,
      sts,
      model: new AccountModel(service),
      accessKeys: new SdkAccessKeyService(iam, () => sts),
      region: 'us-east-1',
      partition: 'aws',
    };
    store = new FindingsStore({
      connection: async () => {
        loads++;
        return connection;
      },
      settings: () => ({ ...DEFAULT_SETTINGS, knownAccounts: ['444455556666'] }),
      storage,
      now: () => clock,
    });
  });

  after(() => {
    connection.iam.destroy();
    connection.sts.destroy();
  });

  it('loads once for concurrent callers, until forgotten; loaded() answers at once with a finished load', async () => {
    assert.equal(store.loaded('demo'), undefined, 'nothing loaded yet');
    const pending = store.load('demo');
    assert.equal(store.loaded('demo'), undefined, 'not while the load runs');
    const [a, b] = await Promise.all([pending, store.load('demo')]);
    assert.equal(a, b);
    assert.equal(loads, 1);
    assert.equal(a.accountId, '123456789012');
    assert.equal(a.result.findings.length, 32);
    assert.equal(store.loaded('demo'), a);
    store.forget('demo');
    assert.equal(store.loaded('demo'), undefined, 'forgotten');
    await store.load('demo');
    assert.equal(loads, 2);
  });

  it('suppressions are stored per account and survive a reload; restore brings the finding back', async () => {
    const loaded = await store.load('demo');
    const target = loaded.result.findings.find((f) => f.check === 'IAM.USERS.NO_GROUP');
    assert.ok(target);
    let events = 0;
    const sub = store.onDidChange(() => events++);
    await store.suppress(loaded.accountId, target, 'break-glass user, reviewed quarterly');
    assert.deepEqual([...storage.values.keys()], ['iamExplorer.findings.suppressions.123456789012']);
    store.forget('demo');
    const view = store.view(await store.load('demo'));
    assert.ok(!view.shown.some((f) => f.check === 'IAM.USERS.NO_GROUP'));
    assert.equal(view.suppressed[0]?.suppression.reason, 'break-glass user, reviewed quarterly');
    assert.equal(await store.unsuppress(loaded.accountId, target), true);
    assert.equal(await store.unsuppress(loaded.accountId, target), false, 'nothing left to restore');
    assert.ok(store.view(await store.load('demo')).shown.some((f) => f.check === 'IAM.USERS.NO_GROUP'));
    assert.ok(events >= 3);
    sub.dispose();
  });

  it('a fixed key finding stays hidden while the credential report predates the fix, and shows again once a newer report has it', async () => {
    const loaded = await store.load('demo');
    const old = loaded.result.findings.find((f) => f.check === 'IAM.KEYS.OLD');
    assert.ok(old && loaded.credentialReportGenerated);
    clock = new Date(loaded.credentialReportGenerated.getTime() + 60_000);
    store.markFixed('demo', old);
    assert.ok(!store.view(loaded).shown.some((f) => f.check === 'IAM.KEYS.OLD'));
    // A report generated after the fix that still shows the key (the fix did not take): shown again.
    const report = ctx.emulator.state.security.credentialReport;
    assert.ok(report);
    report.startedAt = new Date(Date.now() - 5 * 3_600_000);
    report.readyAt = report.startedAt;
    clock = new Date(Date.now() - 60_000);
    store.markFixed('demo', old);
    store.forget('demo');
    const reloaded = await store.load('demo');
    assert.ok(reloaded.credentialReportGenerated && reloaded.credentialReportGenerated > clock);
    assert.ok(store.view(reloaded).shown.some((f) => f.check === 'IAM.KEYS.OLD'));
  });

  it('Access Advisor for one user adds its unused services as a finding and the check no longer counts as skipped', async () => {
    store.forget('demo');
    const before = await store.load('demo');
    assert.ok(before.result.skipped.some((x) => x.check === 'IAM.ACCESS_ADVISOR.UNUSED_SERVICES'));
    const arn = 'arn:aws:iam::123456789012:user/inline-user';
    const states: string[] = [];
    const after = await store.accessAdvisor('demo', [arn], undefined, (m) => states.push(m));
    assert.ok(
      states.some((m) => /inline-user: IN_PROGRESS/.test(m)),
      states.join('; '),
    );
    const advisor = after.result.findings.filter((f) => f.check === 'IAM.ACCESS_ADVISOR.UNUSED_SERVICES');
    assert.deepEqual(
      advisor.map((f) => [f.entity, (f.evidence.services as Array<{ namespace: string }>).map((x) => x.namespace)]),
      [[arn, ['s3']]],
    );
    assert.ok(!after.result.skipped.some((x) => x.check === 'IAM.ACCESS_ADVISOR.UNUSED_SERVICES'));
    assert.equal(await store.load('demo'), after, 'the cached result now holds the Access Advisor data');
    await assert.rejects(
      store.accessAdvisor('demo', ['arn:aws:iam::123456789012:user/nobody']),
      /None of arn:aws:iam::123456789012:user\/nobody is a user or role of demo/,
    );
  });
});
