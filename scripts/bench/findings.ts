// All findings checks over the 15,000-entity bench account, after the snapshot and the
// credential report are loaded (emulator, SDK over HTTP, no added latency).
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { loadFindingsData } from '../../src/aws/findingsData';
import { DEFAULT_SETTINGS, runChecks, type FindingsInput } from '../../src/core/findings/index';
import { generateAccount, start } from '../../test/emulator';
import { median, type Figure } from './stats';

const RUNS = 5;
const BUDGET_MS = 3000;
const BUDGET_HEAP_MB = 100;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function findingsBenchmarks(): Promise<Figure[]> {
  const emulator = await start({
    seed: generateAccount({ users: 5000, roles: 5000, policies: 5000, groups: 300, keysPerUser: 1 }),
  });
  const config = { endpoint: emulator.endpoint, region: 'us-east-1', credentials: emulator.adminKey };
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  try {
    const t0 = performance.now();
    const data = await loadFindingsData(iam, sts);
    const loadMs = performance.now() - t0;
    const snapshot = data.snapshot;
    if (!snapshot || !data.credentialReport) throw new Error('bench: the snapshot or the report did not load');
    const entities = snapshot.users.length + snapshot.groups.length + snapshot.roles.length + snapshot.policies.length;
    const now = new Date();
    // Each run gets its own copy of the snapshot, so no per-snapshot cache of an earlier run helps.
    const times: number[] = [];
    let heapMb = 0;
    let findings = 0;
    for (let i = 0; i < RUNS; i++) {
      const input: FindingsInput = { ...data, snapshot: structuredClone(snapshot), now, settings: DEFAULT_SETTINGS };
      gc();
      const before = process.memoryUsage().heapUsed;
      const start = performance.now();
      const result = runChecks(input);
      times.push(performance.now() - start);
      const after = process.memoryUsage().heapUsed;
      heapMb = Math.max(heapMb, (after - before) / 1024 ** 2);
      findings = result.findings.length;
    }
    const ms = median(times);
    return [
      {
        what:
          `load snapshot + credential report (${entities} entities, ${data.credentialReport.rows.length} report ` +
          `rows; no added latency)`,
        value: `${Math.round(loadMs)} ms`,
        budget: 'informational',
        ok: true,
      },
      {
        what: `all checks over them (${findings} findings)`,
        value: `${ms.toFixed(0)} ms (median of ${RUNS})`,
        budget: `≤ ${BUDGET_MS} ms`,
        ok: ms <= BUDGET_MS,
      },
      {
        what: 'heap growth during the checks (largest of the runs, result held)',
        value: `${heapMb.toFixed(1)} MB`,
        budget: `≤ ${BUDGET_HEAP_MB} MB`,
        ok: heapMb <= BUDGET_HEAP_MB,
      },
    ];
  } finally {
    iam.destroy();
    sts.destroy();
    await emulator.stop();
  }
}
