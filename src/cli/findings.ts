/**
 * `npm run --silent findings -- [--profile NAME] [--endpoint URL] [--region R]
 *    [--format json|sarif|csv|markdown] [--fail-on SEVERITY] [--max-key-age DAYS]
 *    [--known-account ID]... [--access-advisor]`
 *
 * The findings checks outside VS Code, for CI and cron. Profiles resolve as in the extension
 * (the same Connections: AWS shared config and credentials files, AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, assume-role, SSO, credential_process; no --profile means
 * AWS_PROFILE, else `default`). Findings go to stdout; progress, skipped checks and the
 * summary go to stderr. Exit 0 when no finding is at or above --fail-on (always, without
 * --fail-on), 1 when one is, 2 on an error.
 */
import { createInterface } from 'node:readline/promises';
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
  return {
    profile: values.profile || env.AWS_PROFILE || 'default',
    endpoint,
    region: values.region,
    format: format as FindingsFormat,
    failOn,
    maxKeyAge,
    knownAccounts,
    accessAdvisor: values['access-advisor'] === true,
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
    const now = new Date();
    const result = runChecks({
      ...data,
      now,
      settings: { ...DEFAULT_SETTINGS, accessKeyMaxAgeDays: opts.maxKeyAge, knownAccounts: opts.knownAccounts },
    });
    io.stdout(formatFindings(result.findings, opts.format));
    for (const s of result.skipped) io.stderr(`findings: skipped ${s.check}: ${s.reason}\n`);
    if (data.credentialReportGenerated) {
      const minutes = Math.max(0, Math.round((now.getTime() - data.credentialReportGenerated.getTime()) / 60_000));
      io.stderr(
        `findings: credential report generated ${data.credentialReportGenerated.toISOString()} (${minutes} min ` +
          `ago; IAM makes a new one at most every four hours)\n`,
      );
    }
    const counts = SEVERITIES.map((s) => `${result.findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
    io.stderr(
      `findings: account ${data.accountId}: ${result.findings.length} finding(s) (${counts}) from ` +
        `${result.checksRun} check(s), ${result.skipped.length} skipped\n`,
    );
    const failOn = opts.failOn;
    return failOn !== undefined && result.findings.some((f) => severityRank(f.severity) <= severityRank(failOn))
      ? 1
      : 0;
  } catch (err) {
    io.stderr(`findings: ${describeAwsError(err)}\n`);
    return 2;
  } finally {
    if (connection) connections.close(connection);
  }
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
