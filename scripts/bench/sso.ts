// An IAM Identity Center sign-in reaching 200 accounts with 50 roles each (issue 19):
// listing accounts and roles through src/aws/sso.ts against a bare client-sso walk with the
// same concurrency, and loading every account's Roles folder with SSO credentials under
// the same limit, with its heap growth.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { ListAccountRolesCommand, ListAccountsCommand, type SSOClient } from '@aws-sdk/client-sso';
import { STSClient } from '@aws-sdk/client-sts';
import { SdkIamService } from '../../src/aws/iamService';
import { openSsoSession, type SsoSession } from '../../src/aws/sso';
import { Limiter } from '../../src/core/iam/paging';
import { DEFAULT_MAX_CONCURRENT_ACCOUNTS, SSO_MAX_RESULTS } from '../../src/core/sso';
import { start, writeSsoTokenCache } from '../../test/emulator';
import { median, type Figure } from './stats';

const ACCOUNTS = 200;
const ROLES_PER_ACCOUNT = 50;
const LATENCY_MS = 20;
const RUNS = 7;
const QUICK_RUNS = 5;

/** In-flight requests of one client, counted in its middleware. */
function countInFlight(client: SSOClient | IAMClient): { now: number; max: number } {
  const flight = { now: 0, max: 0 };
  (client.middlewareStack as SSOClient['middlewareStack']).add(
    (next) => async (args) => {
      flight.now++;
      flight.max = Math.max(flight.max, flight.now);
      try {
        return await next(args);
      } finally {
        flight.now--;
      }
    },
    { step: 'finalizeRequest', name: 'inFlightCounter' },
  );
  return flight;
}

/** What a careful script would write with client-sso alone: largest pages, `limit` accounts' roles at once. */
async function bareWalk(client: SSOClient, accessToken: string, limit: number): Promise<number> {
  const accounts: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListAccountsCommand({ accessToken, nextToken, maxResults: SSO_MAX_RESULTS }));
    for (const a of page.accountList ?? []) if (a.accountId) accounts.push(a.accountId);
    nextToken = page.nextToken;
  } while (nextToken);
  let roles = 0;
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const accountId = accounts[next++] as string;
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListAccountRolesCommand({ accessToken, accountId, nextToken: token, maxResults: SSO_MAX_RESULTS }),
        );
        roles += page.roleList?.length ?? 0;
        token = page.nextToken;
      } while (token);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return roles;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function ssoBenchmarks({ quick = false } = {}): Promise<Figure[]> {
  const runs = quick ? QUICK_RUNS : RUNS;
  const limit = DEFAULT_MAX_CONCURRENT_ACCOUNTS;
  const roleNames = Array.from({ length: ROLES_PER_ACCOUNT }, (_, i) => `PermissionSet${String(i).padStart(2, '0')}`);
  const emulator = await start({
    sso: {},
    latency: { fixedMs: LATENCY_MS },
    accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({
      accountId: String(100000000000 + i),
      name: `account-${i}`,
      ssoRoles: roleNames,
    })),
  });
  const home = mkdtempSync(join(tmpdir(), 'bench-sso-'));
  const savedHome = process.env.HOME;
  process.env.HOME = home; // the SDK's SSO provider reads the token cache under HOME
  const figures: Figure[] = [];
  let session: SsoSession | undefined;
  try {
    writeFileSync(
      join(home, 'config'),
      `[sso-session bench]\nsso_start_url = ${emulator.sso!.startUrl}\nsso_region = us-east-1\n\n[profile ` +
        `bench]\nsso_session = bench\nsso_account_id = 100000000000\nsso_role_name = PermissionSet00\n`,
    );
    const { accessToken, expiresAt } = emulator.sso!.signIn();
    writeSsoTokenCache(home, {
      sessionName: 'bench',
      startUrl: emulator.sso!.startUrl,
      region: 'us-east-1',
      accessToken,
      expiresAt,
    });
    session = await openSsoSession(
      { ssoSession: 'bench' },
      {
        paths: { config: join(home, 'config'), credentials: join(home, 'credentials') },
        env: { HOME: home },
        endpoint: emulator.endpoint,
      },
    );
    const flight = countInFlight(session.client);

    const bare: number[] = [];
    const ours: number[] = [];
    let bareRequests = 0;
    let ourRequests = 0;
    let ourFlight = 0;
    let roles = 0;
    let listed = 0;
    for (let run = 0; run < runs; run++) {
      for (const side of run % 2 === 0 ? ['bare', 'ours'] : ['ours', 'bare']) {
        emulator.log.length = 0;
        flight.max = 0;
        gc();
        const t0 = performance.now();
        if (side === 'bare') {
          roles = await bareWalk(session.client, accessToken, limit);
          bare.push(performance.now() - t0);
          bareRequests = emulator.log.length;
        } else {
          const accounts = await session.listAccounts({ maxConcurrent: limit });
          ours.push(performance.now() - t0);
          ourRequests = emulator.log.length;
          ourFlight = flight.max;
          listed = accounts.reduce((n, a) => n + a.roles.length, 0);
        }
      }
    }
    const ratio = median(ours) / median(bare);
    figures.push({
      what:
        `list ${ACCOUNTS} accounts × ${ROLES_PER_ACCOUNT} roles (${listed} roles; ${LATENCY_MS} ms per request; ` +
        `${limit} accounts at once)`,
      value:
        `${median(ours).toFixed(0)} ms, ${ourRequests} requests, at most ${ourFlight} in flight; bare SDK walk ` +
        `${median(bare).toFixed(0)} ms, ${bareRequests} requests; ratio ${ratio.toFixed(3)}`,
      budget: `requests = bare (${bareRequests}); in flight ≤ ${limit}; ratio ≤ 1.15`,
      ok: ourRequests === bareRequests && listed === roles && ourFlight <= limit && ratio <= 1.15,
    });

    // Every account's Roles folder, with its own SSO credentials, at most `limit` accounts at once.
    gc();
    const baseline = process.memoryUsage().heapUsed;
    emulator.log.length = 0;
    const accountLimiter = new Limiter(limit);
    const accounts = { now: 0, max: 0 };
    const kept: unknown[][] = [];
    const clients: IAMClient[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: ACCOUNTS }, (_, i) =>
        accountLimiter.run(async () => {
          accounts.max = Math.max(accounts.max, ++accounts.now);
          try {
            const credentials = session!.credentials(String(100000000000 + i), 'PermissionSet00');
            const iam = new IAMClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials });
            clients.push(iam);
            kept.push(
              await new SdkIamService(
                iam,
                new STSClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials }),
              ).listRoles(),
            );
          } finally {
            accounts.now--;
          }
        }),
      ),
    );
    const wall = performance.now() - t0;
    gc();
    const heapMb = (process.memoryUsage().heapUsed - baseline) / 1024 / 1024;
    const roleCount = kept.reduce((n, l) => n + l.length, 0);
    figures.push({
      what: `load the Roles folder of ${ACCOUNTS} accounts with SSO credentials (${roleCount} roles)`,
      value:
        `${wall.toFixed(0)} ms wall, ${emulator.log.length} requests, at most ${accounts.max} accounts in flight; ` +
        `heap ${heapMb.toFixed(1)} MB above the baseline`,
      budget: `accounts in flight ≤ ${limit}; heap ≤ 200 MB`,
      ok: accounts.max <= limit && heapMb <= 200 && roleCount >= ACCOUNTS * ROLES_PER_ACCOUNT,
    });
    for (const c of clients) c.destroy();
  } finally {
    session?.destroy();
    if (savedHome === undefined) delete process.env.HOME;
    else process.env.HOME = savedHome;
    rmSync(home, { recursive: true, force: true });
    await emulator.stop();
  }
  return figures;
}
