/**
 * `npm run --silent findings -- [--profile NAME] [--endpoint URL] [--region R]
 *    [--format json|sarif|csv|markdown] [--fail-on SEVERITY] [--max-key-age DAYS]
 *    [--known-account ID]... [--access-advisor] [--now ISO-DATE]`
 * or, from files instead of an account (no AWS call at all):
 * `npm run --silent findings -- [--credential-report FILE] [--password-policy FILE|none]
 *    [--authorization-details FILE] [--account-id ID] [...the output options]`
 *
 * The findings checks outside VS Code, for CI and cron. Profiles resolve as in the extension
 * (the same Connections: AWS shared config and credentials files, AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, assume-role, SSO, credential_process; no --profile means
 * AWS_PROFILE, else `default`). Findings go to stdout; progress, skipped checks and the
 * summary go to stderr. Exit 0 when no finding is at or above --fail-on (always, without
 * --fail-on), 1 when one is, 2 on an error. With files, only the checks whose data was given
 * run; the others are listed as skipped, naming the option that would give their data.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Connections } from '../aws/connections';
import { loadFindingsData } from '../aws/findingsData';
import { FORMATS, formatFindings, type FindingsFormat } from '../core/findings/format';
import {
  DEFAULT_SETTINGS,
  isSeverity,
  runChecks,
  SEVERITIES,
  severityRank,
  type Severity,
} from '../core/findings/index';
import {
  FindingsFileError,
  readAuthorizationDetailsFile,
  readCredentialReportFile,
  readPasswordPolicyFile,
} from '../core/findings/offline';
import type { DataSource, FindingsInput } from '../core/findings/types';
import { describeAwsError } from '../core/iam/errors';

const USAGE = `usage: npm run --silent findings -- [options]
  --profile NAME         AWS profile (default: AWS_PROFILE, else "default")
  --endpoint URL         one endpoint for IAM and STS (an emulator, LocalStack)
  --region REGION        signing region (default: the profile's, else us-east-1)
  --format FORMAT        ${FORMATS.join(' | ')} (default json: one object per line)
  --fail-on SEVERITY     exit 1 when a finding is at or above: ${SEVERITIES.join(' | ')}
  --max-key-age DAYS     access key age limit (default ${DEFAULT_SETTINGS.accessKeyMaxAgeDays})
  --known-account ID     an account trusted without a finding (repeatable)
  --access-advisor       also run an Access Advisor job per user and role (slow)
  --now ISO-DATE         the date the checks count days from (default: the clock)
 from files instead of an account (no AWS call; only the checks whose data is given run):
  --credential-report FILE       the CSV, or the JSON of \`aws iam get-credential-report\`
  --password-policy FILE|none    the JSON of \`aws iam get-account-password-policy\`; none: no policy
  --authorization-details FILE   the JSON of \`aws iam get-account-authorization-details\`
  --account-id ID                the account (default: from the ARNs in the files)
  --help`;

class UsageError extends Error {}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

interface Options {
  profile: string;
  endpoint: string;
  region?: string;
  format: FindingsFormat;
  failOn?: Severity;
  maxKeyAge: number;
  knownAccounts: string[];
  accessAdvisor: boolean;
  now?: Date;
  files?: OfflineFiles;
}

interface OfflineFiles {
  credentialReport?: string;
  passwordPolicy?: string;
  authorizationDetails?: string;
  accountId?: string;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        profile: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        format: { type: 'string', default: 'json' },
        'fail-on': { type: 'string' },
        'max-key-age': { type: 'string' },
        'known-account': { type: 'string', multiple: true },
        'access-advisor': { type: 'boolean', default: false },
        now: { type: 'string' },
        'credential-report': { type: 'string' },
        'password-policy': { type: 'string' },
        'authorization-details': { type: 'string' },
        'account-id': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return 'help';
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format: '${format}' is not one of ${FORMATS.join(', ')}.`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !isSeverity(failOn))
    throw new UsageError(`--fail-on: '${failOn}' is not a severity; use one of ${SEVERITIES.join(', ')}.`);
  const maxKeyAgeText = values['max-key-age'];
  const maxKeyAge = maxKeyAgeText === undefined ? DEFAULT_SETTINGS.accessKeyMaxAgeDays : Number(maxKeyAgeText);
  if (!Number.isInteger(maxKeyAge) || maxKeyAge < 1)
    throw new UsageError(`--max-key-age: '${maxKeyAgeText}' is not a whole number of days (1 or more).`);
  const knownAccounts = values['known-account'] ?? [];
  for (const a of knownAccounts)
    if (!/^\d{12}$/.test(a)) throw new UsageError(`--known-account: '${a}' is not a 12-digit AWS account id.`);
  const endpoint = values.endpoint ?? '';
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new UsageError(`--endpoint: '${endpoint}' is not a URL; write it as http://host:port or https://host.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new UsageError(`--endpoint: '${endpoint}' must start with http:// or https://.`);
  }
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(values.now) ? new Date(values.now) : undefined;
    if (!now || Number.isNaN(now.getTime()))
      throw new UsageError(`--now: '${values.now}' is not an ISO 8601 date; write 2026-01-31 or 2026-01-31T12:00:00Z.`);
  }
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    throw new UsageError(`--account-id: '${accountId}' is not a 12-digit AWS account id.`);
  const fileOptions = {
    credentialReport: values['credential-report'],
    passwordPolicy: values['password-policy'],
    authorizationDetails: values['authorization-details'],
  };
  for (const [name, v] of Object.entries(fileOptions))
    if (v === '') throw new UsageError(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: give a file name.`);
  let files: OfflineFiles | undefined;
  if (Object.values(fileOptions).some((v) => v !== undefined)) {
    for (const online of ['profile', 'endpoint', 'region', 'access-advisor'] as const)
      if (values[online] !== undefined && values[online] !== false)
        throw new UsageError(
          `--${online} reads an account, but --credential-report, --password-policy and --authorization-details ` +
            'read files: use one or the other.',
        );
    files = { ...fileOptions, accountId };
  } else if (accountId !== undefined) {
    throw new UsageError(
      '--account-id goes with the file options (--credential-report, ...): an account names itself.',
    );
  }
  return {
    profile: values.profile || env.AWS_PROFILE || 'default',
    endpoint,
    region: values.region,
    format: format as FindingsFormat,
    failOn,
    maxKeyAge,
    knownAccounts,
    accessAdvisor: values['access-advisor'] === true,
    now,
    files,
  };
}

/** What the checks read, from the files given; a source not given is recorded as such. */
function loadFromFiles(files: OfflineFiles, cwd: string, now: Date): Omit<FindingsInput, 'now' | 'settings'> {
  const read = (file: string): string => {
    try {
      return readFileSync(file === '-' ? 0 : resolve(cwd, file), 'utf8');
    } catch (err) {
      throw new FindingsFileError(file, `cannot be read (${err instanceof Error ? err.message : String(err)}).`);
    }
  };
  const unavailable: Partial<Record<DataSource, string>> = {};
  const notGiven = (option: string) => `not given: add ${option}`;
  const credentialReport =
    files.credentialReport === undefined
      ? undefined
      : readCredentialReportFile(read(files.credentialReport), files.credentialReport);
  if (!credentialReport) unavailable.credentialReport = notGiven('--credential-report FILE');
  const passwordPolicy =
    files.passwordPolicy === undefined
      ? undefined
      : files.passwordPolicy === 'none'
        ? null
        : readPasswordPolicyFile(read(files.passwordPolicy), files.passwordPolicy);
  if (passwordPolicy === undefined) unavailable.passwordPolicy = notGiven('--password-policy FILE');
  const snapshot =
    files.authorizationDetails === undefined
      ? undefined
      : readAuthorizationDetailsFile(
          read(files.authorizationDetails),
          files.authorizationDetails,
          files.accountId,
          now,
        );
  if (!snapshot) unavailable.snapshot = notGiven('--authorization-details FILE');
  unavailable.oidcProviders = 'not read from files';
  unavailable.serverCertificates = 'not read from files';
  const rootArn = credentialReport?.rows.find((r) => r.isRoot)?.arn;
  const accountId = files.accountId ?? snapshot?.accountId ?? /^arn:[^:]+:iam::(\d{12}):root$/.exec(rootArn ?? '')?.[1];
  if (!accountId)
    throw new FindingsFileError(
      files.credentialReport ?? files.passwordPolicy ?? '-',
      'the account id is not in the files given (no <root_account> row, no ARNs); add --account-id ID.',
    );
  if (snapshot && snapshot.accountId !== accountId)
    throw new FindingsFileError(
      files.authorizationDetails ?? '-',
      `is of account ${snapshot.accountId}, --account-id says ${accountId}.`,
    );
  return {
    accountId,
    ...(snapshot ? { snapshot } : {}),
    ...(credentialReport ? { credentialReport } : {}),
    ...(passwordPolicy !== undefined ? { passwordPolicy } : {}),
    unavailable,
  };
}

async function askMfaCode(profile: string, serial: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new Error(
      `Profile ${profile} needs an MFA code (${serial}); run the command in a terminal, or use a profile ` +
        `without mfa_serial.`,
    );
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(`MFA code for ${serial}: `)).trim();
  } finally {
    rl.close();
  }
}

/** Runs the command; returns the exit code. */
export async function runFindingsCli(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(argv, io.env);
  } catch (err) {
    io.stderr(`findings: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(USAGE + '\n');
    return 0;
  }
  const opts = options;
  if (opts.files) {
    const now = opts.now ?? new Date();
    let data;
    try {
      data = loadFromFiles(opts.files, io.env.INIT_CWD ?? process.cwd(), now);
    } catch (err) {
      if (err instanceof FindingsFileError) {
        io.stderr(`findings: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    return report(data, now, opts, io);
  }
  const connections = new Connections(
    () => ({
      endpoint: opts.endpoint,
      region: opts.region ?? 'us-east-1',
      regionIsDefault: opts.region === undefined,
      requestTimeoutMs: 30_000,
      maxAttempts: 5,
    }),
    { mfaCode: askMfaCode },
    io.env,
  );
  let connection;
  try {
    connection = await connections.open(opts.profile);
    const { iam, sts } = connection;
    const data = await loadFindingsData(iam, sts, {
      signal,
      accessAdvisor: opts.accessAdvisor,
      onProgress: (m) => io.stderr(`findings: ${m}\n`),
    });
    const now = opts.now ?? new Date();
    if (data.credentialReportGenerated) {
      const minutes = Math.max(0, Math.round((now.getTime() - data.credentialReportGenerated.getTime()) / 60_000));
      io.stderr(
        `findings: credential report generated ${data.credentialReportGenerated.toISOString()} ` +
          `(${minutes} min ago; IAM makes a new one at most every four hours)\n`,
      );
    }
    return report(data, now, opts, io);
  } catch (err) {
    io.stderr(`findings: ${describeAwsError(err)}\n`);
    return 2;
  } finally {
    if (connection) connections.close(connection);
  }
}

/** Runs the checks on the data, prints the findings and the summary; returns the exit code. */
function report(data: Omit<FindingsInput, 'now' | 'settings'>, now: Date, opts: Options, io: CliIo): number {
  const result = runChecks({
    ...data,
    now,
    settings: { ...DEFAULT_SETTINGS, accessKeyMaxAgeDays: opts.maxKeyAge, knownAccounts: opts.knownAccounts },
  });
  io.stdout(formatFindings(result.findings, opts.format));
  for (const s of result.skipped) io.stderr(`findings: skipped ${s.check}: ${s.reason}\n`);
  const counts = SEVERITIES.map((s) => `${result.findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
  io.stderr(
    `findings: account ${data.accountId}: ${result.findings.length} finding(s) (${counts}) ` +
      `from ${result.checksRun} check(s), ${result.skipped.length} skipped\n`,
  );
  const failOn = opts.failOn;
  return failOn !== undefined && result.findings.some((f) => severityRank(f.severity) <= severityRank(failOn)) ? 1 : 0;
}

// Run when executed directly (npm run findings), not when a test imports it.
if (process.argv[1] && /findings\.[cm]?[jt]s$/.test(process.argv[1])) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('cancelled (SIGINT)')));
  runFindingsCli(
    process.argv.slice(2),
    { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env },
    controller.signal,
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`findings: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
