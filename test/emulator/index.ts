// The emulator's programmatic API: start({ seed, faults }) → endpoint, admin key, log, stop().
import { faultSeed, type FaultRule, type LatencyRule } from './faults.js';
import { accessKeyId, secretAccessKey } from './ids.js';
import { addAwsManagedPolicies } from './managed-policies.js';
import { applySeed, type Seed } from './seed.js';
import { EmulatorServer, type PolicyDocumentEncoding, type RequestLogEntry } from './server.js';
import { IamState } from './state.js';

export type { FaultKind, FaultRule, LatencyRule } from './faults.js';
export type { Seed, SeedUser, SeedGroup, SeedRole, SeedPolicy, SeedAccessKey, SeedRoot, SeedPasswordPolicy, SeedOidcProvider, SeedServerCertificate, GenerateOptions } from './seed.js';
export type { RequestLogEntry, PolicyDocumentEncoding } from './server.js';
export { generateAccount, readSeedFile } from './seed.js';
export { OPERATIONS } from './server.js';
export { IamState } from './state.js';

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
  stop(): Promise<void>;
}

const asList = (latency: LatencyRule | LatencyRule[] | undefined): LatencyRule[] =>
  latency === undefined ? [] : Array.isArray(latency) ? latency : [latency];

export async function start(options: StartOptions = {}): Promise<Emulator> {
  const accountId = options.accountId ?? options.seed?.accountId ?? DEFAULT_ACCOUNT_ID;
  const state = new IamState(accountId);
  addAwsManagedPolicies(state);
  if (options.seed) applySeed(state, options.seed);

  const adminName = options.seed?.adminUserName ?? DEFAULT_ADMIN_USER;
  const admin = state.users.get(adminName.toLowerCase()) ?? state.addUser({ name: adminName });
  if (admin.attached.size === 0) state.attach(admin, state.getPolicy(ADMIN_POLICY_ARN));
  if (admin.accessKeys.length >= 2) throw new Error(`seed: admin user ${adminName} already has two access keys`);
  const adminKey = state.addAccessKey(admin, { id: accessKeyId(), secret: secretAccessKey() });

  const seed = options.faultSeed ?? faultSeed();
  const server = new EmulatorServer({
    seed,
    state,
    faults: options.faults ?? [],
    latency: asList(options.latency),
    policyDocumentEncoding: options.policyDocumentEncoding ?? 'url',
  });
  const port = await server.listen(options.port ?? 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    adminKey: { accessKeyId: adminKey.id, secretAccessKey: adminKey.secret },
    accountId,
    log: server.log,
    setFaults: (rules) => server.setFaults(rules),
    faultSeed: seed,
    setLatency: (latency) => {
      server.latency = asList(latency);
    },
    state,
    stop: () => server.close(),
  };
}
