// SigV4 verification: rebuild the request from what arrived, sign it again
// with the secret the emulator knows for the key, compare signatures.
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';
import { IamError } from './errors.js';
import type { Caller, IamState } from './state.js';

/** node:crypto behind the Checksum interface the signer wants. */
export class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export interface ReceivedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Authenticated {
  caller: Caller;
  service: string;
  region: string;
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** The credential scope of a request, if it has a well-formed Authorization header. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  if (!header) return undefined;
  const match = AUTH_PATTERN.exec(header.trim());
  if (!match) return undefined;
  return {
    accessKeyId: match[1],
    date: match[2],
    region: match[3],
    service: match[4],
    signedHeaders: match[5].split(';'),
    signature: match[6],
  };
}

function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** Finds the caller and checks the signature; throws IAM's auth errors. */
export async function authenticate(state: IamState, request: ReceivedRequest): Promise<Authenticated> {
  const authorization = request.headers['authorization'];
  if (!authorization) throw new IamError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  const auth = parseAuthorization(authorization);
  if (!auth)
    throw new IamError(
      'IncompleteSignature',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.`,
    );
  const signingDate = parseAmzDate(request.headers['x-amz-date']);
  if (!signingDate)
    throw new IamError(
      'IncompleteSignature',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );

  let caller: Caller;
  let secret: string;
  let sessionToken: string | undefined;
  const key = state.accessKeys.get(auth.accessKeyId);
  const session = state.sessions.get(auth.accessKeyId);
  if (key && state.users.get(key.user.name.toLowerCase()) === key.user) {
    if (key.status !== 'Active') throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    caller = { kind: 'user', user: key.user, accessKeyId: key.id };
    secret = key.secret;
  } else if (session) {
    if (request.headers['x-amz-security-token'] !== session.sessionToken)
      throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    if (session.expiration.getTime() < Date.now())
      throw new IamError('ExpiredToken', 'The security token included in the request is expired');
    caller = { kind: 'role', session, accessKeyId: session.accessKeyId };
    secret = session.secret;
    sessionToken = session.sessionToken;
  } else {
    throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
  }

  // Only the headers the client signed take part; the payload hash is
  // recomputed from the body, never taken from the header.
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    if (name === 'x-amz-content-sha256') continue;
    const value = request.headers[name];
    if (value === undefined) throw new IamError('SignatureDoesNotMatch', SIGNATURE_MISMATCH);
    headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of request.query) {
    const existing = query[k];
    query[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  const [hostname, port] = (request.headers['host'] ?? '').split(':');
  const toSign = new HttpRequest({
    method: request.method,
    protocol: 'http:',
    hostname,
    port: port ? Number(port) : undefined,
    path: request.path,
    query,
    headers,
    body: request.body.length ? request.body : undefined,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: secret, sessionToken },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    applyChecksum: auth.signedHeaders.includes('x-amz-content-sha256'),
  });
  const signed = await signer.sign(toSign, { signingDate, signingRegion: auth.region, signingService: auth.service });
  const expected = parseAuthorization(signed.headers['authorization'])?.signature ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(auth.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new IamError('SignatureDoesNotMatch', SIGNATURE_MISMATCH);
  return { caller, service: auth.service, region: auth.region };
}
