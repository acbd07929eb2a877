/**
 * Loads what the findings checks read, with real IAM calls: the snapshot (the account
 * model's when it has one, else src/aws/snapshotLoader.ts: GetAccountAuthorizationDetails
 * plus the AWS managed policies the account attaches), the
 * credential report, the password policy, OIDC providers, server certificates and, on
 * request, Access Advisor per principal. A source the caller may not read (AccessDenied)
 * is left out and recorded, so only the checks that need it are skipped; any other error
 * fails the load. No vscode import: the `findings` command line uses this too.
 */
import {
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  GetOpenIDConnectProviderCommand,
  GetServiceLastAccessedDetailsCommand,
  ListOpenIDConnectProvidersCommand,
  ListServerCertificatesCommand,
  type IAMClient,
  type ServiceLastAccessed as SdkServiceLastAccessed,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { parseCredentialReport, type CredentialReport } from '../core/findings/credentialReport';
import type {
  DataSource,
  FindingsInput,
  OidcProvider,
  PasswordPolicy,
  ServerCertificate,
  ServiceLastAccessed,
} from '../core/findings/types';
import { awsErrorInfo, describeAwsError, isNoSuchEntity } from '../core/iam/errors';
import { collectPages, Limiter, MAX_ITEMS } from '../core/iam/paging';
import type { AccountSnapshot } from '../core/model/snapshot';
import { loadAccountSnapshot } from './snapshotLoader';

export type FindingsData = Omit<FindingsInput, 'now' | 'settings'>;

export interface LoadFindingsOptions {
  readonly signal?: AbortSignal;
  /** Run an Access Advisor job per user and role (slow on large accounts). */
  readonly accessAdvisor?: boolean;
  /** How long to wait for the credential report and each Access Advisor job. Default 120 s. */
  readonly waitMs?: number;
  readonly onProgress?: (message: string) => void;
  /** The account model's snapshot, when it holds one: used instead of reading it again. */
  readonly snapshot?: AccountSnapshot;
  /** Injected in tests; defaults to a timer that stops on abort. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface LoadedFindingsData extends FindingsData {
  /** When IAM generated the credential report used (it reuses one for four hours). */
  readonly credentialReportGenerated?: Date;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
      },
      { once: true },
    );
  });

/** IAM's error code, or the SDK's exception name for it (the SDK names modeled errors itself). */
const isError = (err: unknown, code: string, exceptionName: string): boolean => {
  const info = awsErrorInfo(err);
  return (
    info.code === code || info.code === exceptionName || (err as { name?: unknown } | undefined)?.name === exceptionName
  );
};

const isDenied = (err: unknown) => {
  const code = awsErrorInfo(err).code;
  return code === 'AccessDenied' || code === 'AccessDeniedException' || code === 'UnauthorizedOperation';
};

export async function loadFindingsData(
  iam: IAMClient,
  sts: STSClient,
  options: LoadFindingsOptions = {},
): Promise<LoadedFindingsData> {
  const { signal } = options;
  const sleep = options.sleep ?? defaultSleep;
  const waitMs = options.waitMs ?? 120_000;
  const progress = options.onProgress ?? (() => undefined);
  const unavailable: Partial<Record<DataSource, string>> = {};

  /** Runs one source's load; AccessDenied disables that source, anything else fails. */
  async function source<T>(name: DataSource, load: () => Promise<T>): Promise<T | undefined> {
    signal?.throwIfAborted();
    try {
      return await load();
    } catch (err) {
      if (isDenied(err)) {
        unavailable[name] = describeAwsError(err);
        return undefined;
      }
      throw err;
    }
  }

  progress('Identifying the account (sts:GetCallerIdentity)');
  const identity = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
  const accountId = identity.Account;
  if (!accountId) throw new Error('sts:GetCallerIdentity returned no account id.');

  let snapshot = options.snapshot;
  if (snapshot && snapshot.accountId !== accountId)
    throw new Error(`The snapshot given is of account ${snapshot.accountId}, the credentials are of ${accountId}.`);
  if (!snapshot) {
    progress('Reading users, groups, roles and policies (iam:GetAccountAuthorizationDetails)');
    snapshot = await source('snapshot', async () => (await loadAccountSnapshot(iam, { accountId, signal })).snapshot);
  }

  progress('Getting the credential report (iam:GenerateCredentialReport)');
  let credentialReportGenerated: Date | undefined;
  const credentialReport = await source('credentialReport', async () => {
    const report = await loadCredentialReport(iam, { signal, sleep, waitMs });
    credentialReportGenerated = report.generatedTime;
    return report;
  });

  progress('Reading the password policy (iam:GetAccountPasswordPolicy)');
  const passwordPolicy = await source('passwordPolicy', async (): Promise<PasswordPolicy | null> => {
    try {
      return (await iam.send(new GetAccountPasswordPolicyCommand({}), { abortSignal: signal })).PasswordPolicy ?? null;
    } catch (err) {
      if (isNoSuchEntity(err)) return null;
      throw err;
    }
  });

  progress('Listing OpenID Connect providers');
  const oidcProviders = await source('oidcProviders', async (): Promise<OidcProvider[]> => {
    const list =
      (await iam.send(new ListOpenIDConnectProvidersCommand({}), { abortSignal: signal })).OpenIDConnectProviderList ??
      [];
    const out: OidcProvider[] = [];
    for (const p of list) {
      if (!p.Arn) continue;
      const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: p.Arn }), {
        abortSignal: signal,
      });
      out.push({ arn: p.Arn, url: got.Url ?? p.Arn.slice(p.Arn.indexOf('/') + 1), clientIds: got.ClientIDList ?? [] });
    }
    return out;
  });

  progress('Listing server certificates');
  const serverCertificates = await source('serverCertificates', async (): Promise<ServerCertificate[]> => {
    const list = await collectPages(async (Marker) => {
      const r = await iam.send(new ListServerCertificatesCommand({ Marker, MaxItems: MAX_ITEMS }), {
        abortSignal: signal,
      });
      return { items: r.ServerCertificateMetadataList ?? [], isTruncated: r.IsTruncated, marker: r.Marker };
    }, signal);
    return list.flatMap((c) =>
      c.Arn && c.ServerCertificateName && c.Expiration
        ? [{ name: c.ServerCertificateName, arn: c.Arn, expiration: c.Expiration, uploadDate: c.UploadDate }]
        : [],
    );
  });

  let serviceLastAccessed: Map<string, ServiceLastAccessed[]> | undefined;
  if (options.accessAdvisor && snapshot) {
    serviceLastAccessed = await source('serviceLastAccessed', () =>
      loadAccessAdvisor(iam, [...snapshot.users, ...snapshot.roles], { signal, sleep, waitMs, progress }),
    );
  } else if (!options.accessAdvisor) {
    unavailable.serviceLastAccessed = 'Access Advisor was not requested';
  }

  return {
    accountId,
    snapshot,
    credentialReport,
    credentialReportGenerated,
    passwordPolicy,
    oidcProviders,
    serverCertificates,
    serviceLastAccessed,
    unavailable,
  };
}

interface WaitOptions {
  readonly signal?: AbortSignal;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly waitMs: number;
}

/** Polls with a growing pause (0.5 s doubling to 5 s) until `done` or the deadline. */
async function poll<T>(what: string, step: () => Promise<T | undefined>, o: WaitOptions): Promise<T> {
  let pause = 500;
  let waited = 0;
  for (;;) {
    const result = await step();
    if (result !== undefined) return result;
    if (waited >= o.waitMs)
      throw new Error(`${what} was not ready after ${Math.round(waited / 1000)} s; run again later.`);
    await o.sleep(pause, o.signal);
    waited += pause;
    pause = Math.min(pause * 2, 5_000);
  }
}

/** GenerateCredentialReport (IAM returns the last one if it is under four hours old), then GetCredentialReport. */
export async function loadCredentialReport(iam: IAMClient, o: WaitOptions): Promise<CredentialReport> {
  await poll(
    'The credential report',
    async () =>
      (await iam.send(new GenerateCredentialReportCommand({}), { abortSignal: o.signal })).State === 'COMPLETE'
        ? true
        : undefined,
    o,
  );
  const got = await poll(
    'The credential report',
    async () => {
      try {
        return await iam.send(new GetCredentialReportCommand({}), { abortSignal: o.signal });
      } catch (err) {
        if (isError(err, 'ReportInProgress', 'CredentialReportNotReadyException')) return undefined;
        throw err;
      }
    },
    o,
  );
  if (got.ReportFormat && got.ReportFormat !== 'text/csv')
    throw new Error(`GetCredentialReport returned ${got.ReportFormat}, not text/csv.`);
  const text = new TextDecoder('utf-8').decode(got.Content ?? new Uint8Array());
  return parseCredentialReport(text, got.GeneratedTime);
}

/**
 * One Access Advisor job per principal (four at a time): GenerateServiceLastAccessedDetails,
 * then GetServiceLastAccessedDetails until COMPLETED, reporting each job's state.
 */
export async function loadAccessAdvisor(
  iam: IAMClient,
  principals: ReadonlyArray<{ readonly arn: string; readonly name: string }>,
  o: Partial<WaitOptions> & { progress: (m: string) => void },
): Promise<Map<string, ServiceLastAccessed[]>> {
  const wait: WaitOptions = { signal: o.signal, sleep: o.sleep ?? defaultSleep, waitMs: o.waitMs ?? 120_000 };
  const out = new Map<string, ServiceLastAccessed[]>();
  const limiter = new Limiter(4);
  let done = 0;
  await Promise.all(
    principals.map((p) =>
      limiter.run(async () => {
        const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: p.arn }), {
          abortSignal: o.signal,
        });
        if (!JobId) throw new Error(`GenerateServiceLastAccessedDetails returned no JobId for ${p.arn}.`);
        o.progress(`Access Advisor for ${p.name}: job started`);
        const services: SdkServiceLastAccessed[] = [];
        let marker: string | undefined;
        for (;;) {
          const page = await poll(
            `Access Advisor for ${p.arn}`,
            async () => {
              const r = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: marker }), {
                abortSignal: o.signal,
              });
              if (r.JobStatus === 'FAILED')
                throw new Error(`Access Advisor job for ${p.arn} failed: ${r.Error?.Message ?? 'no reason given'}`);
              if (r.JobStatus !== 'COMPLETED') o.progress(`Access Advisor for ${p.name}: ${r.JobStatus ?? 'no state'}`);
              return r.JobStatus === 'COMPLETED' ? r : undefined;
            },
            wait,
          );
          services.push(...(page.ServicesLastAccessed ?? []));
          if (!page.IsTruncated || !page.Marker) break;
          marker = page.Marker;
        }
        out.set(
          p.arn,
          services.flatMap((s) =>
            s.ServiceNamespace
              ? [
                  {
                    namespace: s.ServiceNamespace,
                    name: s.ServiceName ?? s.ServiceNamespace,
                    lastAuthenticated: s.LastAuthenticated,
                  },
                ]
              : [],
          ),
        );
        o.progress(`Access Advisor: ${++done} of ${principals.length} complete`);
      }),
    ),
  );
  return out;
}
