// Shared set-up: an emulator per suite and real SDK clients pointed at it.
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { start, type Emulator, type StartOptions } from '../../emulator/index.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ClientOptions {
  credentials?: Credentials;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  region?: string;
}

export function iamClient(emulator: Emulator, options: ClientOptions = {}): IAMClient {
  return new IAMClient({
    endpoint: emulator.endpoint,
    region: options.region ?? emulator.region,
    credentials: options.credentials ?? emulator.adminKey,
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.requestTimeoutMs
      ? { requestHandler: { requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true } }
      : {}),
  });
}

export function stsClient(emulator: Emulator, options: ClientOptions = {}): STSClient {
  return new STSClient({
    endpoint: emulator.endpoint,
    region: options.region ?? emulator.region,
    credentials: options.credentials ?? emulator.adminKey,
    maxAttempts: options.maxAttempts ?? 1,
  });
}

/** Starts an emulator before the suite's tests and stops it after. */
export function useEmulator(options: StartOptions | (() => StartOptions) = {}): {
  readonly emulator: Emulator;
  readonly iam: IAMClient;
} {
  let emulator: Emulator | undefined;
  let iam: IAMClient | undefined;
  before(async () => {
    emulator = await start(typeof options === 'function' ? options() : options);
    iam = iamClient(emulator);
  });
  after(async () => {
    iam?.destroy();
    await emulator?.stop();
  });
  return {
    get emulator() {
      if (!emulator) throw new Error('emulator not started');
      return emulator;
    },
    get iam() {
      if (!iam) throw new Error('emulator not started');
      return iam;
    },
  };
}

/** The error an SDK call rejects with (fails the test if it resolves). */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name ?? 'unknown', message: e.message ?? '', status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, it succeeded');
}

export const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
});

export const TRUST = (principal: Record<string, unknown> = { Service: 'lambda.amazonaws.com' }): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });
