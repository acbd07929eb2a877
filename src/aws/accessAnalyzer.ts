/**
 * IAM Access Analyzer's ValidatePolicy, called directly (one signed REST request) rather
 * than through its SDK client: the client would add a second copy of the SDK core to the
 * bundle for one operation. Only against AWS: an emulator or LocalStack endpoint has none.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';
import { dnsSuffixOf, regionProblem } from '../core/iam/partition';
import { analyzerFindings, type ExternalFinding } from '../core/policy/analyzerFindings';
import type { PolicyKind } from '../core/policy/types';
import type { Connection } from './connections';

class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', typeof this.secret === 'string' ? this.secret : Buffer.from(this.secret as Uint8Array));
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

/** Why Access Analyzer cannot be asked for this connection, or undefined when it can. */
export function analyzerUnavailable(connection: Connection): string | undefined {
  if (connection.iamEndpoint) return `Access Analyzer runs only against AWS; this profile uses the endpoint ${connection.iamEndpoint}.`;
  return undefined;
}

export async function validateWithAccessAnalyzer(connection: Connection, text: string, kind: PolicyKind, timeoutMs = 15_000): Promise<ExternalFinding[]> {
  const why = analyzerUnavailable(connection);
  if (why) throw new Error(why);
  // The region becomes the host name: anything but a region name could send the signed policy elsewhere.
  const badRegion = regionProblem(connection.region);
  if (badRegion) throw new Error(badRegion);
  const { iam } = connection;
  const credentials = await iam.config.credentials();
  const suffix = dnsSuffixOf(connection.region);
  const hostname = `access-analyzer.${connection.region}.${suffix}`;
  const body = JSON.stringify({
    policyDocument: text,
    policyType: kind === 'identity' ? 'IDENTITY_POLICY' : 'RESOURCE_POLICY',
    ...(kind === 'trust' ? { validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument' } : {}),
    locale: 'EN',
  });
  const request = new HttpRequest({ method: 'POST', protocol: 'https:', hostname, path: '/policy/validation', headers: { host: hostname, 'content-type': 'application/json' }, body });
  const signer = new SignatureV4({ service: 'access-analyzer', region: connection.region, credentials, sha256: NodeSha256 });
  const signed = await signer.sign(request);
  const response = await fetch(`https://${hostname}/policy/validation`, {
    method: 'POST',
    // fetch sets Host itself (the same value that was signed).
    headers: Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host')),
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = typeof json === 'object' && json !== null && 'message' in json ? String((json as { message: unknown }).message) : response.statusText;
    throw new Error(`${response.headers.get('x-amzn-errortype')?.split(':')[0] ?? `HTTP ${response.status}`}: ${message}`);
  }
  return analyzerFindings(json, text.length);
}
