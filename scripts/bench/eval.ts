// The evaluation engine (issue 14): one decision over ten 6 KB policies, and the
// `evaluate` command line over 1,000 cases including the process start.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  type GetAccountAuthorizationDetailsResponse,
} from '@aws-sdk/client-iam';
import { evaluatePrepared, preparePolicies } from '../../src/core/eval';
import { whoCan } from '../../src/core/eval/account';
import { indexSnapshot, parseAuthorizationDetails } from '../../src/core/model/snapshot';
import { generateAccount, start } from '../../test/emulator';
import { policyOfSize } from '../../test/fixtures/policies/generate';
import { median, type Figure } from './stats';

/** CPU seconds of this process's waited-for children (Linux /proc; undefined elsewhere). */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // After the ") ", field 3 is the state; cutime and cstime are fields 16 and 17 (1-based), in ticks of 10 ms.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds of this process (user + system). */
function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function evalBenchmarks(): Promise<Figure[]> {
  // Ten different 6,144-character policies; the request matches one of the last statements of the last one.
  const base = policyOfSize(6144);
  const policies = Array.from(
    { length: 10 },
    (_, k) => JSON.parse(base.replaceAll('bucket-', `bucket-p${k}-`)) as Record<string, unknown>,
  );
  const statements = (policies[9]?.Statement as unknown[]).length;
  // Statement i lists s3:GetObject when i % 5 === 0 (see generate.ts): take the last such one.
  const last = statements - 1 - ((statements - 1) % 5);
  const prepared = preparePolicies({ identityPolicies: policies });
  const request = {
    principal: 'arn:aws:iam::123456789012:user/bench',
    action: 's3:GetObject',
    resource: `arn:aws:s3:::bucket-p9-${last}/key`,
    context: { 'aws:PrincipalTag/team': `team-${last}`, 'aws:SourceIp': '203.0.113.9' },
  };
  const check = evaluatePrepared(prepared, request);
  if (check.decision !== 'allowed') throw new Error(`bench request not allowed: ${check.explain.reason}`);
  // Warm up, then time batches of 200 decisions (a single one is below the timer's resolution).
  for (let i = 0; i < 2000; i++) evaluatePrepared(prepared, request);
  const perDecision: number[] = [];
  for (let b = 0; b < 50; b++) {
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) evaluatePrepared(prepared, request);
    perDecision.push((performance.now() - t0) / 200);
  }
  const decision = median(perDecision);

  // 1,000 cases from the documented fixture, through `npm run --silent evaluate`.
  const fixture = JSON.parse(readFileSync('test/fixtures/eval/cases.json', 'utf8')) as { cases: unknown[] };
  const cases = Array.from({ length: 1000 }, (_, i) => fixture.cases[i % fixture.cases.length]);
  const dir = mkdtempSync(join(tmpdir(), 'iam-eval-bench-'));
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify({ cases }));
  const walls: number[] = [];
  const cpus: number[] = [];
  let lines = 0;
  try {
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      const c0 = childrenCpuMs();
      const r = spawnSync('npm', ['run', '--silent', 'evaluate', '--', file], { encoding: 'utf8' });
      walls.push(performance.now() - t0);
      const c1 = childrenCpuMs();
      if (c0 !== undefined && c1 !== undefined) cpus.push(c1 - c0);
      if (r.status !== 0) throw new Error(`evaluate exited ${r.status}: ${r.stderr}`);
      lines = r.stdout.trim().split('\n').length;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const wall = median(walls);
  const cliCpu = cpus.length ? ` (${median(cpus).toFixed(0)} ms of CPU)` : '';

  // Who Can over the bench account (5,000 users, 5,000 roles, 5,000 policies, 300 groups),
  // once the snapshot is loaded from the emulator through the SDK.
  const emulator = await start({
    seed: generateAccount({ users: 5000, roles: 5000, policies: 5000, groups: 300, keysPerUser: 0 }),
  });
  let whoCold = 0;
  let whoColdCpu = 0;
  let whoWarm = 0;
  let found = 0;
  let entities = 0;
  try {
    const iam = new IAMClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: emulator.adminKey });
    const pages: GetAccountAuthorizationDetailsResponse[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000, Marker: marker }));
      pages.push(page);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const snapshot = indexSnapshot(parseAuthorizationDetails(pages, emulator.accountId));
    entities =
      snapshot.snapshot.users.length +
      snapshot.snapshot.roles.length +
      snapshot.snapshot.groups.length +
      snapshot.snapshot.policies.length;
    const ask = (): number => whoCan(snapshot, 's3:GetObject', 'arn:aws:s3:::bucket-00042/report.csv').length;
    let t0 = performance.now();
    const cpu0 = ownCpuMs();
    found = ask();
    whoCold = performance.now() - t0;
    whoColdCpu = ownCpuMs() - cpu0;
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      ask();
      warm.push(performance.now() - t0);
    }
    whoWarm = median(warm);
  } finally {
    await emulator.stop();
  }
  return [
    {
      what: `one decision, 10 identity policies of 6,144 characters (${statements * 10} statements), warm`,
      value: `${(decision * 1000).toFixed(1)} µs`,
      budget: '≤ 100 µs',
      ok: decision <= 0.1,
    },
    {
      what: `\`npm run --silent evaluate\` on 1,000 cases, process start included (${lines} lines)`,
      value: `${wall.toFixed(0)} ms${cliCpu}, median of 5`,
      budget: '≤ 1000 ms',
      ok: wall <= 1000 && lines === 1000,
    },
    {
      what:
        `who can s3:GetObject on one object, ${entities.toLocaleString('en-US')}-entity account after the ` +
        `snapshot (${found} principals)`,
      value: `${whoCold.toFixed(0)} ms first (${whoColdCpu.toFixed(0)} ms of CPU), ${whoWarm.toFixed(0)} ms again`,
      budget: '≤ 500 ms',
      ok: whoCold <= 500 && found > 0,
    },
  ];
}

// `node --import tsx scripts/bench/eval.ts`: this section alone, as Markdown rows.
if (process.argv[1]?.endsWith('eval.ts')) {
  evalBenchmarks().then(
    (figures) => {
      for (const f of figures)
        process.stdout.write(`| ${f.what} | ${f.value} | ${f.budget} | ${f.ok ? 'ok' : '**over**'} |\n`);
      if (figures.some((f) => !f.ok)) process.exitCode = 1;
    },
    (err: unknown) => {
      process.stderr.write(`bench eval: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
