// The emulator's programmatic API: start({ seed, faults }) → endpoint, admin key, log, stop().
import { faultSeed, type FaultRule, type LatencyRule } from './faults.js';
import { accessKeyId, secretAccessKey } from './ids.js';
import { addAwsManagedPolicies } from './managed-policies.js';
import { applySeed, type Seed } from './seed.js';
import { EmulatorServer, type PolicyDocumentEncoding, type RequestLogEntry } from './server.js';
import { provisionSsoRole, SsoPortal } from './sso.js';
import { IamState } from './state.js';

export type { FaultKind, FaultRule, LatencyRule } from './faults.js';
export type {
  Seed,
  SeedUser,
  SeedGroup,
  SeedRole,
  SeedPolicy,
  SeedAccessKey,
  SeedRoot,
  SeedPasswordPolicy,
  SeedOidcProvider,
  SeedServerCertificate,
  GenerateOptions,
} from './seed.js';
export type { RequestLogEntry, PolicyDocumentEncoding } from './server.js';
export { generateAccount, readSeedFile } from './seed.js';
export { OPERATIONS } from './server.js';
export { IamState } from './state.js';
export { SsoPortal, SSO_DEFAULT_PAGE_SIZE, SSO_MAX_PAGE_SIZE, type SsoAccount, type SsoTokenRecord } from './sso.js';
export { writeSsoTokenCache, ssoTokenCachePath, type SsoCacheEntry } from './ssoCache.js';

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_ADMIN_USER = 'emulator-admin';
const ADMIN_POLICY_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: Seed;
  faults?: FaultRule[];
  latency?: LatencyRule | LatencyRule[];
  /** Default: the seed's, else 123456789012. */
  accountId?: string;
  /** 'url' (default) returns policy documents URL-encoded as IAM does; 'raw' returns plain JSON. */
  policyDocumentEncoding?: PolicyDocumentEncoding;
  /** Seed of probabilistic faults and jitter; default IAM_EXPLORER_FAULT_SEED, else random. */
  faultSeed?: number;
  /**
   * Several accounts in one process: the first is the emulator's `state`, `accountId` and
   * `adminKey` (then `seed` and `accountId` above are not used); a request is served by the
   * account whose user key or role session signed it.
   */
  accounts?: AccountOptions[];
  /** An IAM Identity Center portal in front of the accounts (only those with `ssoRoles`). */
  sso?: { startUrl?: string; region?: string };
}

export interface AccountOptions {
  accountId: string;
  /** The account's name in the SSO portal; default `account-<id>`. */
  name?: string;
  /** Default `aws+<id>@example.com`. */
  email?: string;
  seed?: Seed;
  /**
   * Permission sets assigned to the signed-in user in this account: each becomes an
   * `AWSReservedSSO_<name>_<hex>` role (with the AWS managed policy of that name attached
   * when there is one). Default `['AdministratorAccess', 'ReadOnlyAccess']`; `[]` hides the
   * account from the portal.
   */
  ssoRoles?: string[];
}

export interface EmulatorAccount {
  accountId: string;
  name: string;
  email: string;
  state: IamState;
  adminKey: AdminKey;
}

export interface AdminKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>`, for the SDK clients' `endpoint`. */
  endpoint: string;
  region: 'us-east-1';
  /** Belongs to the IAM user `seed.adminUserName` (default `emulator-admin`), which has AdministratorAccess. */
  adminKey: AdminKey;
  accountId: string;
  /** Every request, in arrival order; clear with `log.length = 0`. */
  log: RequestLogEntry[];
  setFaults(rules: FaultRule[]): void;
  /** The seed probabilistic faults use: put it in failure messages; replay with IAM_EXPLORER_FAULT_SEED. */
  faultSeed: number;
  setLatency(latency: LatencyRule | LatencyRule[] | undefined): void;
  /** The account itself, for tests that seed or inspect directly. */
  state: IamState;
  /** Every account, the first being `state`'s. */
  accounts: EmulatorAccount[];
  /** Adds an account while running (a new account in the organization). */
  addAccount(options: AccountOptions): EmulatorAccount;
  /** The SSO portal, when started with `sso`. */
  sso?: SsoPortal;
  stop(): Promise<void>;
}

const DEFAULT_SSO_ROLES = ['AdministratorAccess', 'ReadOnlyAccess'];

/** One account's IAM: AWS managed policies, the seed, an admin user with a fresh key. */
function createAccount(options: AccountOptions): EmulatorAccount {
  const state = new IamState(options.accountId);
  addAwsManagedPolicies(state);
  if (options.seed) applySeed(state, options.seed);
  const adminName = options.seed?.adminUserName ?? DEFAULT_ADMIN_USER;
  const admin = state.users.get(adminName.toLowerCase()) ?? state.addUser({ name: adminName });
  if (admin.attached.size === 0) state.attach(admin, state.getPolicy(ADMIN_POLICY_ARN));
  if (admin.accessKeys.length >= 2) throw new Error(`seed: admin user ${adminName} already has two access keys`);
  const key = state.addAccessKey(admin, { id: accessKeyId(), secret: secretAccessKey() });
  return {
    accountId: options.accountId,
    name: options.name ?? `account-${options.accountId}`,
    email: options.email ?? `aws+${options.accountId}@example.com`,
    state,
    adminKey: { accessKeyId: key.id, secretAccessKey: key.secret },
  };
}

const asList = (latency: LatencyRule | LatencyRule[] | undefined): LatencyRule[] =>
  latency === undefined ? [] : Array.isArray(latency) ? latency : [latency];

export async function start(options: StartOptions = {}): Promise<Emulator> {
  const accountOptions: AccountOptions[] = options.accounts?.length
    ? options.accounts
    : [
        {
          accountId: options.accountId ?? options.seed?.accountId ?? DEFAULT_ACCOUNT_ID,
          seed: options.seed,
          ...(options.sso ? {} : { ssoRoles: [] }),
        },
      ];
  const ids = new Set<string>();
  for (const account of options.accounts ?? []) {
    if (!/^\d{12}$/.test(account.accountId))
      throw new Error(`emulator: account id ${account.accountId} is not 12 digits`);
    if (ids.has(account.accountId)) throw new Error(`emulator: account ${account.accountId} is given twice`);
    ids.add(account.accountId);
  }
  const sso = options.sso
    ? new SsoPortal(options.sso.startUrl ?? 'https://d-9067c1a2b3.awsapps.com/start', options.sso.region ?? 'us-east-1')
    : undefined;
  const accounts: EmulatorAccount[] = [];
  const addAccount = (account: AccountOptions): EmulatorAccount => {
    if (accounts.some((a) => a.accountId === account.accountId))
      throw new Error(`emulator: account ${account.accountId} already exists`);
    const created = createAccount(account);
    accounts.push(created);
    if (sso) {
      const roles = new Map(
        (account.ssoRoles ?? DEFAULT_SSO_ROLES).map((name) => [name, provisionSsoRole(created.state, name)] as const),
      );
      sso.accounts.set(created.accountId, {
        accountId: created.accountId,
        accountName: created.name,
        emailAddress: created.email,
        roles,
        state: created.state,
      });
    }
    return created;
  };
  for (const account of accountOptions) addAccount(account);
  const [first] = accounts;

  const seed = options.faultSeed ?? faultSeed();
  const server = new EmulatorServer({
    seed,
    state: first.state,
    accounts: () => accounts.map((a) => a.state),
    sso,
    faults: options.faults ?? [],
    latency: asList(options.latency),
    policyDocumentEncoding: options.policyDocumentEncoding ?? 'url',
  });
  const port = await server.listen(options.port ?? 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    adminKey: first.adminKey,
    accountId: first.accountId,
    log: server.log,
    setFaults: (rules) => server.setFaults(rules),
    faultSeed: seed,
    setLatency: (latency) => {
      server.latency = asList(latency);
    },
    state: first.state,
    accounts,
    addAccount,
    sso,
    stop: () => server.close(),
  };
}
