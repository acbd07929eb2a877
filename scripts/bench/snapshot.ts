// The account snapshot of the 15,000-entity bench account, side by side with a bare SDK walk
// of GetAccountAuthorizationDetails in the same run, and the expansion of 200 users after it.
import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { SdkIamService } from '../../src/aws/iamService';
import { loadAccountSnapshot, SNAPSHOT_FILTER } from '../../src/aws/snapshotLoader';
import { AccountModel } from '../../src/core/model/accountModel';
import type { AccountSnapshot } from '../../src/core/model/snapshot';
import { generateAccount, start } from '../../test/emulator';
import { median, type Figure } from './stats';

const RUNS = 5;
const LATENCY_MS = 20;

const inline = (what: string) => ({
  name: `inline-${what}`,
  document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: `arn:aws:sqs:us-east-1:123456789012:${what}` },
    ],
  },
});

/**
 * The bare page walk a careful script would write: same filter, MaxItems 1000, follow Marker, no document
 * parsed; then, as the snapshot must, the default version of each attached AWS managed policy (the filter
 * leaves those out), so both sides make the same requests and the ratio is what the snapshot adds.
 */
async function bareWalk(iam: IAMClient): Promise<number> {
  let marker: string | undefined;
  let pages = 0;
  const awsManaged = new Set<string>();
  for (;;) {
    const r = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: [...SNAPSHOT_FILTER], MaxItems: 1000, Marker: marker }),
    );
    pages++;
    for (const e of [...(r.UserDetailList ?? []), ...(r.GroupDetailList ?? []), ...(r.RoleDetailList ?? [])])
      for (const p of e.AttachedManagedPolicies ?? [])
        if (p.PolicyArn?.startsWith('arn:aws:iam::aws:')) awsManaged.add(p.PolicyArn);
    if (!r.IsTruncated) break;
    marker = r.Marker;
  }
  for (const PolicyArn of awsManaged) {
    const policy = await iam.send(new GetPolicyCommand({ PolicyArn }));
    await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: policy.Policy?.DefaultVersionId }));
  }
  return pages;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function snapshotBenchmarks(): Promise<Figure[]> {
  // 5,000 users in groups with inline policies, 5,000 roles with trust and inline policies, 5,000 policies.
  const seed = generateAccount({ users: 5000, roles: 5000, policies: 5000, groups: 300, keysPerUser: 1 });
  for (const u of seed.users ?? []) u.inlinePolicies = [inline(u.name)];
  for (const r of seed.roles ?? []) r.inlinePolicies = [inline(r.name)];
  const emulator = await start({ seed, latency: { fixedMs: LATENCY_MS } });
  const figures: Figure[] = [];
  try {
    const config = { endpoint: emulator.endpoint, region: 'us-east-1', credentials: emulator.adminKey };
    const iam = new IAMClient(config);
    const sts = new STSClient(config);
    const bare: number[] = [];
    const ours: number[] = [];
    let pages = 0;
    let requests = 0;
    let walkRequests = 0;
    let awsPolicies = 0;
    let entities = 0;
    for (let run = 0; run < RUNS; run++) {
      for (const side of run % 2 === 0 ? ['bare', 'ours'] : ['ours', 'bare']) {
        emulator.log.length = 0;
        gc();
        const t0 = performance.now();
        if (side === 'bare') {
          pages = await bareWalk(iam);
          bare.push(performance.now() - t0);
        } else {
          const r = await loadAccountSnapshot(iam, { accountId: emulator.accountId });
          ours.push(performance.now() - t0);
          requests = emulator.log.length;
          walkRequests = emulator.log.filter((e) => e.operation === 'GetAccountAuthorizationDetails').length;
          awsPolicies = r.awsPolicies;
          const s = r.snapshot;
          entities = s.users.length + s.groups.length + s.roles.length + s.policies.length;
        }
      }
    }
    const ratio = median(ours) / median(bare);
    figures.push({
      what: `account snapshot of ${entities} entities (${LATENCY_MS} ms per request)`,
      value:
        `${median(ours).toFixed(0)} ms, ${walkRequests} GetAccountAuthorizationDetails + ` +
        `${requests - walkRequests} for ${awsPolicies} attached AWS managed policy; bare SDK walk ` +
        `${median(bare).toFixed(0)} ms, ${pages} pages and the same AWS managed policy requests; ` +
        `ratio ${ratio.toFixed(3)}`,
      budget:
        `GetAccountAuthorizationDetails requests = ${pages}; ` +
        `others = 2 per attached AWS managed policy; ratio ≤ 1.15`,
      ok: walkRequests === pages && requests - walkRequests === 2 * awsPolicies && ratio <= 1.15,
    });

    gc();
    const baseline = process.memoryUsage().heapUsed;
    const kept: AccountSnapshot = (await loadAccountSnapshot(iam, { accountId: emulator.accountId })).snapshot;
    gc();
    const heapMb = (process.memoryUsage().heapUsed - baseline) / 1024 / 1024;
    figures.push({
      what:
        `heap holding the snapshot (` +
        `${kept.users.length + kept.groups.length + kept.roles.length + kept.policies.length} entities, documents ` +
        `parsed)`,
      value: `${heapMb.toFixed(1)} MB above the baseline`,
      budget: '≤ 150 MB',
      ok: heapMb <= 150,
    });

    // After the snapshot: expanding the four folders of 200 users costs only their access keys.
    const service = new SdkIamService(iam, sts);
    const model = new AccountModel(service);
    model.setSnapshot(kept);
    const users = (await model.list('users')).filter((u) => u.name.startsWith('user-')).slice(0, 200);
    emulator.log.length = 0;
    const t0 = performance.now();
    const keys = await Promise.all(
      users.flatMap((u) => [
        service.listAccessKeys(u.name).then((k) => k.length),
        model.groupsOfUser(u.name).then(() => 0),
        model.attached({ type: 'user', name: u.name }).then(() => 0),
        model.inlineNames({ type: 'user', name: u.name }).then(() => 0),
      ]),
    );
    const wall = performance.now() - t0;
    const keyCount = keys.reduce((a, b) => a + b, 0);
    const ops = new Set(emulator.log.map((e) => e.operation));
    const expected = users.length + keyCount;
    figures.push({
      what: `expand the 4 folders of ${users.length} users after the snapshot (${keyCount} keys)`,
      value:
        `${wall.toFixed(0)} ms wall, ${emulator.log.length} requests (${[...ops].sort().join(', ')}); without the ` +
        `snapshot ${users.length * 4 + keyCount}`,
      budget: `requests = ${expected}, only ListAccessKeys and GetAccessKeyLastUsed`,
      ok:
        emulator.log.length === expected &&
        [...ops].every((o) => o === 'ListAccessKeys' || o === 'GetAccessKeyLastUsed'),
    });
    iam.destroy();
    sts.destroy();
  } finally {
    await emulator.stop();
  }
  return figures;
}
