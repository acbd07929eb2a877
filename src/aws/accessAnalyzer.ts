/**
 * IAM Access Analyzer through its SDK client (`@aws-sdk/client-accessanalyzer`, which npm
 * dedupes onto the SDK core the IAM and STS clients already bring): ValidatePolicy for the
 * editor's findings, CheckNoNewAccess beside the save confirmation's own access difference.
 * Only against AWS: an emulator or LocalStack endpoint has no Access Analyzer.
 */
import { AccessAnalyzerClient, CheckNoNewAccessCommand, ValidatePolicyCommand } from '@aws-sdk/client-accessanalyzer';
import { regionProblem } from '../core/iam/partition';
import { analyzerFindings, type ExternalFinding } from '../core/policy/analyzerFindings';
import type { PolicyKind } from '../core/policy/types';
import type { Connection } from './connections';

/** Why Access Analyzer cannot be asked for this connection, or undefined when it can. */
export function analyzerUnavailable(connection: Connection): string | undefined {
  if (connection.iamEndpoint)
    return `Access Analyzer runs only against AWS; this profile uses the endpoint ${connection.iamEndpoint}.`;
  return undefined;
}

const clients = new WeakMap<Connection, AccessAnalyzerClient>();

/**
 * The connection's Access Analyzer client (its credentials and region), after the checks that keep the policy text from
 * going anywhere else.
 */
function clientFor(connection: Connection): AccessAnalyzerClient {
  const why = analyzerUnavailable(connection);
  if (why) throw new Error(why);
  // The region becomes the host name: anything but a region name could send the signed policy elsewhere.
  const badRegion = regionProblem(connection.region);
  if (badRegion) throw new Error(badRegion);
  let client = clients.get(connection);
  if (!client) {
    client = new AccessAnalyzerClient({
      region: connection.region,
      credentials: connection.iam.config.credentials,
      // AWS's own endpoint (a custom one makes it unavailable above), never the one the SDK would read for
      // another profile (AWS_PROFILE or default) from the shared files.
      ignoreConfiguredEndpointUrls: true,
      maxAttempts: 2,
    });
    clients.set(connection, client);
  }
  return client;
}

const policyType = (kind: PolicyKind) => (kind === 'identity' ? 'IDENTITY_POLICY' : 'RESOURCE_POLICY');

export async function validateWithAccessAnalyzer(
  connection: Connection,
  text: string,
  kind: PolicyKind,
  timeoutMs = 15_000,
): Promise<ExternalFinding[]> {
  const client = clientFor(connection);
  const out = await client.send(
    new ValidatePolicyCommand({
      policyDocument: text,
      policyType: policyType(kind),
      ...(kind === 'trust' ? { validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument' } : {}),
      locale: 'EN',
    }),
    { abortSignal: AbortSignal.timeout(timeoutMs) },
  );
  return analyzerFindings({ findings: out.findings ?? [] }, text.length);
}

export interface NoNewAccess {
  /** PASS: the edit grants nothing `existing` did not; FAIL: it does (reasons say where). */
  readonly result: string;
  readonly message: string;
  readonly reasons: readonly { readonly description: string; readonly statement?: string }[];
}

/** Access Analyzer's CheckNoNewAccess: does `next` grant anything `existing` does not? */
export async function checkNoNewAccess(
  connection: Connection,
  existing: string,
  next: string,
  kind: PolicyKind,
  timeoutMs = 15_000,
): Promise<NoNewAccess> {
  const client = clientFor(connection);
  const out = await client.send(
    new CheckNoNewAccessCommand({
      existingPolicyDocument: existing,
      newPolicyDocument: next,
      policyType: policyType(kind),
    }),
    {
      abortSignal: AbortSignal.timeout(timeoutMs),
    },
  );
  return {
    result: out.result ?? 'UNKNOWN',
    message: out.message ?? '',
    reasons: (out.reasons ?? []).map((r) => ({
      description: r.description ?? '',
      ...(r.statementId
        ? { statement: `"${r.statementId}"` }
        : r.statementIndex !== undefined
          ? { statement: `#${r.statementIndex + 1}` }
          : {}),
    })),
  };
}
