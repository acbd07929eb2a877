import { displayPath } from './paths';
import {
  parseIniText,
  prefixOf,
  profileNameOf,
  type EntryLine,
  type IniLine,
  type InvalidLine,
  type ParsedIni,
  type SectionLine,
  type SharedFileKind,
} from './ini';
import { resolveSharedFiles, type ResolvedProfile, type SharedFilesText } from './profiles';

/** One thing wrong with a shared file: what, where, and how to fix it. Never quotes a secret. */
export interface CredentialsProblem {
  readonly severity: 'error' | 'warning';
  /** A stable identifier for the kind of problem, e.g. `duplicate-profile`. */
  readonly code: string;
  readonly file: SharedFileKind;
  readonly path: string;
  /** 1-based line number, when the problem sits on one line. */
  readonly line?: number;
  readonly profile?: string;
  /**
   * Other profiles the problem changes: an unclosed header is meant to open `profile`, and
   * the profile above it silently takes in the lines below. Shown on each of them.
   */
  readonly affects?: readonly string[];
  /** What is wrong and how to fix it, in one or two sentences. */
  readonly message: string;
}

/** `~/.aws/credentials:4: error: …` — a problem as one line of text. */
export function formatProblem(problem: CredentialsProblem): string {
  const where = problem.line === undefined ? displayPath(problem.path) : `${displayPath(problem.path)}:${problem.line}`;
  return `${where}: ${problem.severity}: ${problem.message}`;
}

/** Problems that make a whole file unreadable, so every profile it defines is affected. */
const FILE_WIDE = new Set(['not-utf8', 'rejected-file']);

/**
 * The problems to show on one profile: those located in its sections (or in a header meant
 * to open it), and those that spoil a whole file. Errors first, then in file order.
 */
export function problemsOfProfile(problems: readonly CredentialsProblem[], profile: string): CredentialsProblem[] {
  const mine = problems.filter(
    (p) => p.profile === profile || p.affects?.includes(profile) || (p.profile === undefined && FILE_WIDE.has(p.code)),
  );
  return mine
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.severity === b.p.severity ? a.i - b.i : a.p.severity === 'error' ? -1 : 1))
    .map(({ p }) => p);
}

/** Keys whose name case matters to the SDK and which people commonly write. */
const KNOWN_KEYS = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_account_id',
  'region',
  'output',
  'role_arn',
  'source_profile',
  'credential_source',
  'mfa_serial',
  'external_id',
  'role_session_name',
  'credential_process',
  'sso_session',
  'sso_start_url',
  'sso_region',
  'sso_account_id',
  'sso_role_name',
  'endpoint_url',
  'services',
  'web_identity_token_file',
];
const CREDENTIAL_KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

type Report = (
  line: IniLine | undefined,
  severity: CredentialsProblem['severity'],
  code: string,
  message: string,
  profile?: string,
  affects?: readonly string[],
) => void;

/**
 * Checks both shared files for what the AWS SDK would silently misread: malformed or
 * misplaced section headers, duplicate profiles and keys, keys without their secret,
 * dangling references. Pure: give it the texts, get the problems in file order.
 */
export function lintSharedFiles(files: SharedFilesText): CredentialsProblem[] {
  const problems: CredentialsProblem[] = [];
  const parsed: Partial<Record<SharedFileKind, ParsedIni>> = {};
  for (const kind of ['credentials', 'config'] as const) {
    const file = files[kind];
    if (!file) continue;
    parsed[kind] = parseIniText(file.text);
    const report: Report = (line, severity, code, message, profile, affects) =>
      problems.push({
        severity,
        code,
        file: kind,
        path: file.path,
        line: line?.number,
        profile,
        ...(affects?.length ? { affects } : {}),
        message,
      });
    lintFile(file.text, parsed[kind], kind, report);
  }
  lintProfiles(files, parsed, problems);
  return problems;
}

function lintFile(text: string, parsed: ParsedIni, kind: SharedFileKind, report: Report): void {
  if (text.includes('\u0000')) {
    report(
      undefined,
      'error',
      'not-utf8',
      "The file contains NUL bytes: it looks UTF-16 encoded (PowerShell's `>` writes UTF-16). Save it as UTF-8.",
    );
    return;
  }
  if (parsed.rejectedAtLine !== undefined) {
    const line = parsed.lines[parsed.rejectedAtLine - 1];
    report(
      line,
      'error',
      'rejected-file',
      'A section named `__proto__` makes the AWS SDK ignore this whole file. Rename the section.',
    );
  }
  const keys = new Set(parsed.lines.flatMap((l) => (l.kind === 'section' && l.sectionKey ? [l.sectionKey] : [])));
  const seenSections = new Map<string, SectionLine>();
  const seenKeys = new Map<string, EntryLine>();
  let current: SectionLine | undefined;
  for (const line of parsed.lines) {
    if (line.kind === 'section') {
      current = line;
      lintHeader(line, kind, keys, report);
      if (line.sectionKey) {
        const first = seenSections.get(line.sectionKey);
        if (first)
          report(
            line,
            'warning',
            'duplicate-section',
            `[${line.header}] is also defined at line ${first.number}; the SDK merges the two and later values ` +
              `win. Merge them into one section.`,
            profileNameOf(line.sectionKey, kind, keys),
          );
        else seenSections.set(line.sectionKey, line);
      }
    } else {
      // A problem inside a section shows on the profile that section defines (or was meant to).
      const profile = current
        ? (intendedProfile(current.header) ?? profileNameOf(current.sectionKey, kind, keys))
        : undefined;
      const inSection: Report = (l, severity, code, message) => report(l, severity, code, message, profile);
      if (line.kind === 'entry') lintEntry(line, current, seenKeys, inSection);
      else if (line.kind === 'subsection') lintEmptyValue(line.name, line, inSection);
      else if (line.kind === 'invalid') lintInvalid(line, current, kind, report, inSection, profile);
    }
  }
}

/**
 * The profile a header (or an unclosed `[header`) was meant to define, so that its problem
 * shows on that profile: `dev` for `[ dev ]`, `[profile  dev]` or `[dev`.
 */
function intendedProfile(header: string): string | undefined {
  return /^\s*(?:profile\s+)?(["']?)([\w\-@+.%:/]+)\1\s*$/.exec(header)?.[2];
}

function lintHeader(line: SectionLine, kind: SharedFileKind, keys: ReadonlySet<string>, reportAny: Report): void {
  const { header, sectionKey } = line;
  // '' marks a section that is not a profile at all (an sso-session, an unknown type).
  const report: Report = (l, severity, code, message, profile) =>
    reportAny(l, severity, code, message, profile === '' ? undefined : (profile ?? intendedProfile(header)));
  const trimmed = header.trim();
  if (trimmed === '')
    return report(
      line,
      'error',
      'empty-header',
      '`[]` has no name, so the SDK ignores it and every line under it. Write a profile name inside the brackets.',
    );
  if (trimmed !== header)
    return report(
      line,
      'warning',
      'header-spaces',
      `[${header}] has spaces inside the brackets, so the SDK reads the name with those spaces. Write [${trimmed}].`,
    );
  const looksPrefixed = /^(profile|sso-session|services)\s/.exec(header);
  const prefix = sectionKey ? prefixOf(sectionKey) : undefined;
  if (looksPrefixed && prefix === undefined) {
    return report(
      line,
      'warning',
      'malformed-header',
      `[${header}] is not read as a ${looksPrefixed[1]} section: use exactly one space and a name of letters, ` +
        `digits and - _ . @ + % : / only, e.g. [${looksPrefixed[1]} ` +
        `${header.slice(looksPrefixed[0].length).trim().replace(/\s+/g, '-')}].`,
    );
  }
  if (sectionKey === undefined) {
    return report(
      line,
      'warning',
      'unknown-section',
      `[${header}] is not a section type the SDK knows (profile, sso-session, services), so it is ignored. ` +
        `Remove it or fix its type.`,
      '',
    );
  }
  if (kind === 'credentials' && prefix !== undefined) {
    const name = sectionKey.slice(prefix.length + 1);
    const fix =
      prefix === 'profile'
        ? `write [${name}] here (the \`profile\` prefix belongs in the config file only)`
        : 'move it to the config file';
    return report(
      line,
      'warning',
      'misplaced-header',
      `In the credentials file the SDK does not read [${header}] as ${prefix} ${name}: ${fix}.`,
      prefix === 'profile' ? name : '',
    );
  }
  if (kind === 'config' && prefix === undefined && sectionKey !== 'default') {
    return report(
      line,
      'warning',
      'config-missing-profile-prefix',
      `In the config file the SDK ignores [${header}]: named profiles there need the prefix. Write [profile ` +
        `${header}].`,
    );
  }
  if (kind === 'config' && sectionKey === 'default' && keys.has('profile.default')) {
    report(
      line,
      'warning',
      'shadowed-default',
      'The config file has both [default] and [profile default]; the SDK uses only [profile default] and ' +
        'ignores this one. Merge them.',
    );
  }
  const name = profileNameOf(sectionKey, kind, keys);
  if (name !== undefined && name in Object.prototype) {
    report(
      line,
      'warning',
      'reserved-name',
      `The SDK cannot read a profile named "${name}" (a JavaScript built-in name). Rename it.`,
      name,
    );
  }
}

function lintEntry(
  line: EntryLine,
  section: SectionLine | undefined,
  seenKeys: Map<string, EntryLine>,
  report: Report,
): void {
  if (!line.sectionKey) {
    if (!section)
      report(
        line,
        'warning',
        'outside-section',
        `\`${line.name}\` is above the first section header, so the SDK ignores it. Move it under a [profile] header.`,
      );
    return;
  }
  const lower = line.name.toLowerCase();
  if (line.name !== lower && KNOWN_KEYS.includes(lower)) {
    report(
      line,
      'warning',
      'key-case',
      `\`${line.name}\` is ignored: the SDK's keys are case-sensitive. Write \`${lower}\`.`,
    );
  }
  const id = `${line.sectionKey}\u0000${line.key}`;
  const first = seenKeys.get(id);
  if (first)
    report(
      line,
      'warning',
      'duplicate-key',
      `\`${line.key}\` is set again (first at line ${first.number}); the SDK uses the last value. Remove one of them.`,
    );
  else seenKeys.set(id, line);
}

function lintEmptyValue(name: string, line: IniLine, report: Report): void {
  if (!KNOWN_KEYS.includes(name)) return;
  const severity = CREDENTIAL_KEYS.includes(name) ? 'error' : 'warning';
  report(
    line,
    severity,
    'empty-value',
    `\`${name}\` has no value, so the SDK ignores it. Give it a value or remove the line.`,
  );
}

function lintInvalid(
  line: InvalidLine,
  section: SectionLine | undefined,
  kind: SharedFileKind,
  reportAny: Report,
  report: Report,
  above: string | undefined,
): void {
  const where = section?.sectionKey ? `[${section.header}]` : 'the file';
  if (line.content.startsWith('[')) {
    const after = section?.sectionKey
      ? `the lines below it are read as part of [${section.header}]`
      : 'the lines below it are ignored';
    // Shown on the profile it was meant to open (in config, only a [profile x] or [default] one).
    const meant = intendedProfile(line.content.slice(1));
    const profile =
      kind === 'config' && !/^\s*profile\s/.test(line.content.slice(1)) && meant !== 'default' ? undefined : meant;
    // Also shown on the profile above, which takes in the lines below it.
    const affects = section?.sectionKey && above !== undefined && above !== profile ? [above] : undefined;
    return reportAny(
      line,
      'error',
      'unclosed-header',
      `This section header has no closing \`]\`, so the SDK ignores it and ${after}. Add the \`]\`.`,
      profile,
      affects,
    );
  }
  if (line.reason === 'no-key')
    return report(
      line,
      'warning',
      'missing-key',
      `This line in ${where} has no key before \`=\` and is ignored. Add the key name or remove the line.`,
    );
  const colon = /^[\w-]+\s*:/.exec(line.content);
  if (colon)
    return report(
      line,
      'warning',
      'colon-separator',
      `This line in ${where} uses \`:\`; the SDK only understands \`key = value\`, so it is ignored. Replace ` +
        `the \`:\` with \`=\`.`,
    );
  report(
    line,
    'warning',
    'not-key-value',
    `This line in ${where} is not \`key = value\` and is ignored. Fix or remove it (comments start with # or ;).`,
  );
}

function lintProfiles(
  files: SharedFilesText,
  parsed: Partial<Record<SharedFileKind, ParsedIni>>,
  problems: CredentialsProblem[],
): void {
  const resolved = resolveSharedFiles(files);
  for (const profile of resolved.profiles.values()) {
    const report = (
      key: string | undefined,
      severity: CredentialsProblem['severity'],
      code: string,
      message: string,
    ): void => {
      const at = locate(files, parsed, profile.name, key);
      if (at) problems.push({ severity, code, profile: profile.name, message, ...at });
    };
    lintCredentials(profile, report);
    lintReferences(profile, resolved, report);
  }
}

type ProfileReport = (
  key: string | undefined,
  severity: CredentialsProblem['severity'],
  code: string,
  message: string,
) => void;

function lintCredentials(profile: ResolvedProfile, report: ProfileReport): void {
  const v = profile.values;
  const name = profile.name;
  if (v.aws_access_key_id !== undefined && v.aws_secret_access_key === undefined) {
    report(
      'aws_access_key_id',
      'error',
      'missing-secret',
      `Profile ${name} has aws_access_key_id but no aws_secret_access_key, so the SDK cannot use its keys. Add ` +
        `the secret, or remove the key id.`,
    );
  }
  if (v.aws_secret_access_key !== undefined && v.aws_access_key_id === undefined) {
    report(
      'aws_secret_access_key',
      'error',
      'missing-key-id',
      `Profile ${name} has aws_secret_access_key but no aws_access_key_id. Add the key id, or remove the secret.`,
    );
  }
  if (v.aws_access_key_id !== undefined && !ACCESS_KEY_ID.test(v.aws_access_key_id)) {
    report(
      'aws_access_key_id',
      'warning',
      'malformed-key-id',
      `Profile ${name}'s aws_access_key_id does not look like an access key id (AKIA… or ASIA…, upper-case ` +
        `letters and digits). Check it is not swapped with the secret.`,
    );
  }
  if (v.aws_session_token !== undefined && v.aws_access_key_id?.startsWith('AKIA')) {
    report(
      'aws_session_token',
      'warning',
      'stale-session-token',
      `Profile ${name} pairs a long-term key (AKIA…) with aws_session_token, which AWS will reject. Remove the ` +
        `aws_session_token line.`,
    );
  }
}

function lintReferences(
  profile: ResolvedProfile,
  resolved: ReturnType<typeof resolveSharedFiles>,
  report: ProfileReport,
): void {
  const v = profile.values;
  const name = profile.name;
  if (v.source_profile !== undefined && v.credential_source !== undefined) {
    report(
      'source_profile',
      'error',
      'conflicting-source',
      `Profile ${name} sets both source_profile and credential_source; the SDK then cannot assume its role. Keep one.`,
    );
  }
  if (v.source_profile !== undefined && !resolved.profiles.has(v.source_profile)) {
    report(
      'source_profile',
      'error',
      'missing-source-profile',
      `Profile ${name} uses source_profile ${v.source_profile}, which is not defined. Add that profile or fix ` +
        `the name.`,
    );
  }
  if (
    v.role_arn !== undefined &&
    v.source_profile === undefined &&
    v.credential_source === undefined &&
    v.web_identity_token_file === undefined
  ) {
    report(
      'role_arn',
      'warning',
      'role-without-source',
      `Profile ${name} has role_arn but nothing to assume it with. Add source_profile (or credential_source).`,
    );
  }
  if (v.sso_session !== undefined && !resolved.ssoSessions.has(v.sso_session)) {
    report(
      'sso_session',
      'error',
      'missing-sso-session',
      `Profile ${name} uses sso_session ${v.sso_session}, but the config file has no [sso-session ` +
        `${v.sso_session}]. Add that section or fix the name.`,
    );
  }
  if (v.services !== undefined && !resolved.services.has(v.services)) {
    report(
      'services',
      'error',
      'missing-services',
      `Profile ${name} uses services ${v.services}, but the config file has no [services ${v.services}]. Add ` +
        `that section or fix the name.`,
    );
  }
}

/** The file and line where a profile's key is (last) set, or its header when key is undefined. */
function locate(
  files: SharedFilesText,
  parsed: Partial<Record<SharedFileKind, ParsedIni>>,
  profile: string,
  key: string | undefined,
): Pick<CredentialsProblem, 'file' | 'path' | 'line'> | undefined {
  let found: Pick<CredentialsProblem, 'file' | 'path' | 'line'> | undefined;
  for (const kind of ['config', 'credentials'] as const) {
    const file = files[kind];
    const lines = parsed[kind]?.lines;
    if (!file || !lines) continue;
    const keys = new Set(lines.flatMap((l) => (l.kind === 'section' && l.sectionKey ? [l.sectionKey] : [])));
    for (const line of lines) {
      if (line.kind === 'section' && key === undefined && profileNameOf(line.sectionKey, kind, keys) === profile)
        found = { file: kind, path: file.path, line: line.number };
      if (line.kind === 'entry' && line.key === key && profileNameOf(line.sectionKey, kind, keys) === profile)
        found = { file: kind, path: file.path, line: line.number };
    }
  }
  return found;
}
