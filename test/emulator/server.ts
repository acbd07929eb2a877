// The HTTP front: reads a Query request, authenticates it, applies latency
// and faults, runs the operation and writes AWS's XML. Binds 127.0.0.1 only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IamError } from './errors.js';
import { FaultInjector, latencyFor, seededRandom, type FaultKind, type FaultRule, type LatencyRule } from './faults.js';
import { requestId } from './ids.js';
import { accessDenied, type OperationContext, type OperationTable } from './operation.js';
import { accountOperations } from './ops/account.js';
import { credentialOperations } from './ops/credentials.js';
import { groupOperations } from './ops/groups.js';
import { policyOperations } from './ops/policies.js';
import { roleOperations } from './ops/roles.js';
import { securityOperations } from './ops/security.js';
import { simulateOperations } from './ops/simulate.js';
import { stsOperations } from './ops/sts.js';
import { userOperations } from './ops/users.js';
import { Params } from './params.js';
import { authenticate, parseAuthorization } from './sigv4.js';
import { SsoError, SsoPortal } from './sso.js';
import type { Caller, IamState } from './state.js';
import { errorXml, IAM_NAMESPACE, STS_NAMESPACE, successXml } from './xml.js';

export interface RequestLogEntry {
  service: 'iam' | 'sts' | 'sso';
  operation: string;
  accessKeyId?: string;
  /** When the request arrived (epoch ms). */
  time: number;
  /** HTTP status; 0 for a dropped or hung request. */
  status: number;
  errorCode?: string;
}

export type PolicyDocumentEncoding = 'url' | 'raw';

const IAM_OPERATIONS: OperationTable = {
  ...userOperations,
  ...groupOperations,
  ...roleOperations,
  ...policyOperations,
  ...credentialOperations,
  ...accountOperations,
  ...securityOperations,
  ...simulateOperations,
};

/** Every operation the emulator answers, by service. */
export const OPERATIONS = { iam: Object.keys(IAM_OPERATIONS).sort(), sts: Object.keys(stsOperations).sort() };

const MAX_BODY = 1024 * 1024;

export interface ServerOptions {
  /** The first account: unsigned requests and unknown keys are answered from it. */
  state: IamState;
  /** Every account, the first included: a request is served by the account that issued its access key. */
  accounts?: () => Iterable<IamState>;
  /** The IAM Identity Center portal, when the emulator has one. */
  sso?: SsoPortal;
  faults: FaultRule[];
  latency: LatencyRule[];
  policyDocumentEncoding: PolicyDocumentEncoding;
  /** Seeds probabilistic faults and latency jitter (see faultSeed). */
  seed: number;
}

export class EmulatorServer {
  readonly log: RequestLogEntry[] = [];
  private readonly faults: FaultInjector;
  latency: LatencyRule[];
  private readonly jitter: () => number;
  private readonly server: Server;

  constructor(private readonly options: ServerOptions) {
    this.faults = new FaultInjector(options.faults, seededRandom(options.seed));
    this.jitter = seededRandom(options.seed ^ 0x9e3779b9);
    this.latency = options.latency;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        process.stderr.write(
          `iam emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        if (!res.headersSent)
          this.send(res, 'iam', new IamError('ServiceFailure', 'Service encountered an internal error.'));
      });
    });
  }

  setFaults(rules: FaultRule[]): void {
    this.faults.set(rules);
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  /** Stops listening and cuts every open connection, hung requests included. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const body = await readBody(req);
    if (body === undefined) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const ssoOperation = this.options.sso ? SsoPortal.operationFor(req.method ?? 'GET', url.pathname) : undefined;
    if (ssoOperation) {
      await this.handleSso(req, res, ssoOperation, url, headers, time, body);
      return;
    }
    const form = new URLSearchParams(url.search);
    if (req.method === 'POST') for (const [k, v] of new URLSearchParams(body.toString('utf8'))) form.append(k, v);
    const params = new Params(form);
    const operation = params.action;
    const scope = parseAuthorization(headers['authorization']);
    const service: 'iam' | 'sts' = scope?.service === 'sts' || (!scope && operation in stsOperations) ? 'sts' : 'iam';
    const entry: RequestLogEntry = { service, operation, accessKeyId: scope?.accessKeyId, time, status: 0 };

    const delay = latencyFor(this.latency, operation, this.jitter);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

    const state = this.accountOf(scope?.accessKeyId);
    let caller: Caller;
    let region: string;
    try {
      const auth = await authenticate(state, {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers,
        body,
      });
      caller = auth.caller;
      region = auth.region;
    } catch (error) {
      this.finish(res, entry, service, error);
      return;
    }
    if (caller.kind === 'user') {
      const key = state.accessKeys.get(caller.accessKeyId);
      if (key) key.lastUsed = { date: new Date(time), service, region };
    }

    const fault = this.faults.next(operation);
    if (fault === 'Drop') {
      this.log.push({ ...entry, errorCode: 'Drop' });
      req.socket.destroy();
      return;
    }
    if (fault === 'Hang') {
      this.log.push({ ...entry, errorCode: 'Hang' });
      return;
    }
    if (fault === 'HtmlError') {
      this.log.push({ ...entry, status: 500, errorCode: 'HtmlError' });
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>The server encountered an internal error.</body></html>',
      );
      return;
    }

    const table = service === 'sts' ? stsOperations : IAM_OPERATIONS;
    const handler = Object.hasOwn(table, operation) ? table[operation] : undefined;
    const encoding = this.options.policyDocumentEncoding;
    const ctx: OperationContext = {
      state,
      params,
      caller,
      region,
      document: (raw) => (encoding === 'url' ? encodeURIComponent(raw) : raw),
      now: () => new Date(),
      account: (accountId) =>
        [...(this.options.accounts?.() ?? [this.options.state])].find((s) => s.accountId === accountId),
    };
    try {
      if (fault) throw faultError(fault, ctx, operation, service);
      if (!handler)
        throw new IamError(
          'InvalidAction',
          `Could not find operation ${operation} for version ${service === 'sts' ? '2011-06-15' : '2010-05-08'}`,
        );
      const result = handler(ctx);
      const id = requestId();
      entry.status = 200;
      this.log.push(entry);
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': id });
      res.end(successXml(operation, service === 'sts' ? STS_NAMESPACE : IAM_NAMESPACE, result, id));
    } catch (error) {
      this.finish(res, entry, service, error);
    }
  }

  /** The account that issued this access key (a user's key or a role session); the first account otherwise. */
  private accountOf(accessKeyId: string | undefined): IamState {
    if (accessKeyId && this.options.accounts) {
      for (const state of this.options.accounts()) {
        if (state.accessKeys.has(accessKeyId) || state.sessions.has(accessKeyId)) return state;
      }
    }
    return this.options.state;
  }

  /**
   * The SSO portal's REST JSON: same latency and fault rules as IAM, errors as `x-amzn-errortype` plus a JSON message.
   */
  private async handleSso(
    req: IncomingMessage,
    res: ServerResponse,
    operation: NonNullable<ReturnType<typeof SsoPortal.operationFor>>,
    url: URL,
    headers: Record<string, string>,
    time: number,
    requestBody: Buffer,
  ): Promise<void> {
    const portal = this.options.sso as SsoPortal;
    const entry: RequestLogEntry = { service: 'sso', operation, time, status: 0 };
    const delay = latencyFor(this.latency, operation, this.jitter);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const id = requestId();
    const fail = (error: SsoError) => {
      this.log.push({ ...entry, status: error.status, errorCode: error.code });
      res.writeHead(error.status, {
        'content-type': 'application/json',
        'x-amzn-errortype': error.code,
        'x-amzn-requestid': id,
      });
      // The portal's errors carry `message`; SSO-OIDC's carry OAuth's `error` and `error_description`.
      const oidc = operation === 'CreateToken';
      res.end(
        JSON.stringify(
          oidc
            ? {
                error: error.code
                  .replace(/Exception$/, '')
                  .replace(/[A-Z]/g, (c, i: number) => (i ? '_' : '') + c.toLowerCase()),
                error_description: error.message,
              }
            : { message: error.message },
        ),
      );
    };
    const fault = this.faults.next(operation);
    if (fault === 'Drop' || fault === 'Hang') {
      this.log.push({ ...entry, errorCode: fault });
      if (fault === 'Drop') req.socket.destroy();
      return;
    }
    if (fault === 'Throttling') return fail(new SsoError('TooManyRequestsException', 429, 'Rate exceeded'));
    if (fault === 'AccessDenied') return fail(new SsoError('ForbiddenException', 403, 'No access'));
    if (fault) {
      this.log.push({ ...entry, status: 500, errorCode: fault });
      res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-requestid': id });
      res.end(JSON.stringify({ message: 'An internal error occurred.' }));
      return;
    }
    let body: unknown;
    try {
      let json: unknown;
      try {
        json = requestBody.length ? JSON.parse(requestBody.toString('utf8')) : undefined;
      } catch {
        throw new SsoError('InvalidRequestException', 400, 'The request body is not JSON.');
      }
      body = portal.handle(operation, url.searchParams, headers['x-amz-sso_bearer_token'], json);
    } catch (error) {
      if (error instanceof SsoError) return fail(error);
      throw error;
    }
    this.log.push({ ...entry, status: 200 });
    res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': id });
    res.end(JSON.stringify(body));
  }

  private finish(res: ServerResponse, entry: RequestLogEntry, service: 'iam' | 'sts', error: unknown): void {
    const iamError = error instanceof IamError ? error : internalError(error);
    this.log.push({ ...entry, status: iamError.status, errorCode: iamError.code });
    this.send(res, service, iamError);
  }

  private send(res: ServerResponse, service: 'iam' | 'sts', error: IamError): void {
    const id = requestId();
    res.writeHead(error.status, { 'content-type': 'text/xml', 'x-amzn-requestid': id });
    res.end(errorXml(error.type, error.code, error.message, id, service === 'sts' ? STS_NAMESPACE : IAM_NAMESPACE));
  }
}

function internalError(error: unknown): IamError {
  process.stderr.write(`iam emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return new IamError('ServiceFailure', 'Service encountered an internal error.');
}

/** The resource an AccessDenied fault names, guessed from the request as AWS would show it. */
function faultResource(ctx: OperationContext, operation: string): string {
  const account = ctx.state.accountId;
  const { params } = ctx;
  const named = (kind: string, member: string) => {
    const name = params.optional(member);
    return name === undefined ? undefined : `arn:aws:iam::${account}:${kind}/${name}`;
  };
  const explicit =
    params.optional('PolicyArn') ??
    params.optional('RoleArn') ??
    named('user', 'UserName') ??
    named('role', 'RoleName') ??
    named('group', 'GroupName');
  if (explicit) return explicit;
  const noun = /^List(Users|Roles|Groups|Policies|InstanceProfiles)$/.exec(operation)?.[1];
  const kinds: Record<string, string> = {
    Users: 'user',
    Roles: 'role',
    Groups: 'group',
    Policies: 'policy',
    InstanceProfiles: 'instance-profile',
  };
  if (noun) return `arn:aws:iam::${account}:${kinds[noun]}/`;
  if (ctx.caller.kind === 'user' && /AccessKey|LoginProfile|MFADevice|GetUser/.test(operation))
    return ctx.caller.user.arn;
  return '*';
}

function faultError(
  kind: Exclude<FaultKind, 'Drop' | 'Hang' | 'HtmlError'>,
  ctx: OperationContext,
  operation: string,
  service: 'iam' | 'sts',
): IamError {
  switch (kind) {
    case 'Throttling':
      return new IamError('Throttling', 'Rate exceeded');
    case 'ServiceFailure':
      return new IamError('ServiceFailure', 'Service encountered an internal error.');
    case 'ServiceUnavailable':
      return new IamError('ServiceUnavailable', 'Service is unavailable. Please try again later.');
    case 'LimitExceeded':
      return new IamError('LimitExceeded', 'Cannot exceed quota for the requested resource.');
    case 'AccessDenied':
      return accessDenied(ctx.state, ctx.caller, `${service}:${operation}`, faultResource(ctx, operation));
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) resolve(undefined);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
