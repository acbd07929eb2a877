import { CredentialsFileError } from './errors';
import {
  parseIniText,
  profileNameOf,
  sdkSections,
  type EntryLine,
  type IniLine,
  type IniSections,
  type ParsedIni,
  type SectionLine,
  type SharedFileKind,
} from './ini';

/** A new access key. The secret only ever goes into the returned text, never into a description. */
export interface AccessKeyPair {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Options for the editors: which file the text is (headers differ); credentials by default. */
export interface EditOptions {
  readonly kind?: SharedFileKind;
}

/** The edited text and a secret-free description of what changed. */
export interface EditResult {
  readonly text: string;
  /** Profiles whose keys were written, in file order. Empty when nothing matched. */
  readonly profiles: readonly string[];
  /** Profiles from which an aws_session_token line was removed (it belonged to the old key). */
  readonly removedSessionTokens: readonly string[];
  /** True when a new profile section was appended. */
  readonly addedProfile: boolean;
}

const ID = 'aws_access_key_id';
const SECRET = 'aws_secret_access_key';
/** `aws_security_token` is the old botocore name; Python tools still read it. */
const TOKENS = ['aws_session_token', 'aws_security_token'];
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
/** Printable ASCII without spaces: a value the SDK reads back exactly. */
const SAFE_SECRET = /^[\x21-\x7e]+$/;
/** Names the SDK reads back as written in both `[name]` and `[profile name]`. */
const PROFILE_NAME = /^[\w\-@+.%:/]+$/;

/**
 * Writes `key` into every section whose effective aws_access_key_id is `oldAccessKeyId`
 * (compared case-insensitively), replacing each aws_access_key_id and
 * aws_secret_access_key value in place and removing aws_session_token lines, which
 * belonged to the old key and would make AWS reject the new one. Every other byte —
 * comments, order, spacing, line endings, a missing final newline — is kept.
 */
export function replaceAccessKey(
  text: string,
  oldAccessKeyId: string,
  key: AccessKeyPair,
  options: EditOptions = {},
): EditResult {
  assertKeyPair(key);
  const parsed = parseIniText(text);
  const wanted = oldAccessKeyId.trim().toUpperCase();
  const holding = (sections: IniSections) =>
    [...sections].filter(([, values]) => values[ID]?.toUpperCase() === wanted).map(([sectionKey]) => sectionKey);
  if (parsed.rejectedAtLine !== undefined) {
    // The SDK ignores the whole file, so sdkSections finds nothing in it; read it as if it did not.
    const ignored = holding(sdkSections({ ...parsed, rejectedAtLine: undefined }));
    if (ignored.length > 0) {
      const keys = sectionKeysOf(parsed);
      const names = ignored.map(
        (sectionKey) => profileNameOf(sectionKey, options.kind ?? 'credentials', keys) ?? sectionKey,
      );
      throw new CredentialsFileError(
        'invalid-input',
        `The section at line ${parsed.rejectedAtLine} is named __proto__, which makes the AWS SDK ignore this ` +
          `whole file, so the key of profile ${names.join(', ')} in it is never used and would not be rotated. ` +
          `Rename that section, then try again`,
        undefined,
        { outcome: 'nothing was written' },
      );
    }
  }
  return applyKeys(text, parsed, holding(sdkSections(parsed)), key, options.kind ?? 'credentials', false);
}

/**
 * What replaceAccessKey would do to `text`, before there is a new key: the profiles it
 * would rewrite, or the refusal it would throw. It runs replaceAccessKey itself with a
 * stand-in key (AWS's documented example key, which never leaves this function): where
 * the edits go and what verify checks do not depend on the key's value, so the two
 * cannot disagree. `text` is the edited text with the stand-in, for a dry run of the
 * writer (checkCredentialsWrite); it must not be written.
 */
export function checkReplaceAccessKey(text: string, oldAccessKeyId: string, options: EditOptions = {}): EditResult {
  return replaceAccessKey(text, oldAccessKeyId, STAND_IN_KEY, options);
}

const STAND_IN_KEY: AccessKeyPair = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/**
 * Sets the keys of the named profile: overwrites them in place when the profile exists,
 * otherwise appends a new `[name]` section (`[profile name]` in config).
 */
export function setProfileKeys(
  text: string,
  profile: string,
  key: AccessKeyPair,
  options: EditOptions = {},
): EditResult {
  assertKeyPair(key);
  assertProfileName(profile);
  const kind = options.kind ?? 'credentials';
  const parsed = parseIniText(text);
  assertReadable(parsed);
  const keys = sectionKeysOf(parsed);
  const existing = [...keys].find((sectionKey) => profileNameOf(sectionKey, kind, keys) === profile);
  if (existing !== undefined) return applyKeys(text, parsed, [existing], key, kind, false);
  const appended = appendSection(text, headerFor(profile, kind), key);
  return applyKeys(appended, parseIniText(appended), [], key, kind, true, [profile]);
}

function applyKeys(
  text: string,
  parsed: ParsedIni,
  targets: readonly string[],
  key: AccessKeyPair,
  kind: SharedFileKind,
  added: boolean,
  addedNames: readonly string[] = [],
): EditResult {
  const keys = sectionKeysOf(parsed);
  const nameOf = (sectionKey: string): string => profileNameOf(sectionKey, kind, keys) ?? sectionKey;
  // Two passes, so that a removed line never overlaps an insertion point.
  const removals = targets.map((target) => ({ target, edits: tokenRemovals(parsed, target) }));
  const withoutTokens = applyEdits(
    text,
    removals.flatMap((r) => r.edits),
  );
  const reparsed = parseIniText(withoutTokens);
  assertSettingsKept(
    parsed,
    reparsed,
    removals.filter((r) => r.edits.length > 0).map((r) => r.target),
    nameOf,
  );
  const result = applyEdits(
    withoutTokens,
    targets.flatMap((target) => keyEdits(withoutTokens, reparsed, target, key)),
  );
  verify(text, result, targets, key);
  return {
    text: result,
    profiles: [...targets.map(nameOf), ...addedNames],
    removedSessionTokens: removals.filter((r) => r.edits.length > 0).map((r) => nameOf(r.target)),
    addedProfile: added,
  };
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

/** The top-level entries of one section, across all its occurrences in the file. */
function entriesOf(parsed: ParsedIni, sectionKey: string): EntryLine[] {
  return parsed.lines.filter(
    (l): l is EntryLine => l.kind === 'entry' && l.sectionKey === sectionKey && !l.inSubsection,
  );
}

/**
 * Refuses a profile whose other settings would read differently once its session token
 * line is gone. The SDK ends an `s3 =` sub-section at the first line that is not indented,
 * so a token line can be what ends one; without it, the indented lines below it would
 * join the sub-section (`region` would become `s3.region`).
 */
function assertSettingsKept(
  before: ParsedIni,
  after: ParsedIni,
  targets: readonly string[],
  nameOf: (sectionKey: string) => string,
): void {
  const old = sdkSections(before);
  const now = sdkSections(after);
  const kept = (key: string) => key !== ID && key !== SECRET && !TOKENS.includes(key);
  for (const target of targets) {
    const a = old.get(target) ?? {};
    const b = now.get(target) ?? {};
    const moved = Object.keys(a).filter((k) => kept(k) && a[k] !== b[k]);
    const added = Object.keys(b).filter((k) => kept(k) && !(k in a));
    if (moved.length === 0 && added.length === 0) continue;
    const lines = entriesOf(before, target)
      .filter((e) => TOKENS.includes(e.name))
      .map((e) => e.number);
    throw new CredentialsFileError(
      'invalid-input',
      `Profile ${nameOf(target)} has an aws_session_token line (line ${lines.join(', ')}) that ends a ` +
        `sub-section (a \`name =\` line followed by indented lines). Rotation removes that line, as the token ` +
        `belonged to the old key, and the indented lines below it would then join the sub-section, changing the ` +
        `profile's settings (${[...moved, ...added].join(', ')}). Remove the indentation of those lines, then ` +
        `try again`,
      undefined,
      { outcome: 'nothing was written' },
    );
  }
}

/** Removes the section's session tokens: they belonged to the old key. */
function tokenRemovals(parsed: ParsedIni, sectionKey: string): Edit[] {
  return entriesOf(parsed, sectionKey)
    .filter((e) => TOKENS.includes(e.name))
    .map((e) => removeLine(parsed, e));
}

/** Replaces every key id and secret value of the section, inserting whichever is missing. */
function keyEdits(text: string, parsed: ParsedIni, sectionKey: string, key: AccessKeyPair): Edit[] {
  const entries = entriesOf(parsed, sectionKey);
  const ids = entries.filter((e) => e.name === ID);
  const secrets = entries.filter((e) => e.name === SECRET);
  const edits: Edit[] = [
    ...ids.map((e) => ({ start: e.valueStart, end: e.valueEnd, insert: key.accessKeyId })),
    ...secrets.map((e) => ({ start: e.valueStart, end: e.valueEnd, insert: key.secretAccessKey })),
  ];
  const eol = fileEol(text);
  const lastId = ids.at(-1);
  if (!lastId) {
    const lines = [
      `${ID} = ${key.accessKeyId}`,
      ...(secrets.length === 0 ? [`${SECRET} = ${key.secretAccessKey}`] : []),
    ];
    edits.push(insertAfter(lastHeader(parsed, sectionKey), lines, eol));
  } else if (secrets.length === 0) {
    edits.push(insertAfter(lastId, [sameStyle(text, lastId, SECRET, key.secretAccessKey)], eol));
  }
  return edits;
}

/** `  aws_access_key_id=X` → `  aws_secret_access_key=Y`: keeps indentation and spacing around `=`. */
function sameStyle(text: string, line: EntryLine, name: string, value: string): string {
  const prefix = text.slice(line.start, line.valueStart);
  const at = prefix.indexOf(line.name);
  return prefix.slice(0, at) + name + prefix.slice(at + line.name.length) + value;
}

function lastHeader(parsed: ParsedIni, sectionKey: string): SectionLine {
  const headers = parsed.lines.filter((l): l is SectionLine => l.kind === 'section' && l.sectionKey === sectionKey);
  const last = headers.at(-1);
  if (!last) throw new Error(`No header for section ${sectionKey}.`);
  return last;
}

/** Inserts whole lines after `line`; at a last line without a newline, none is added at the end. */
function insertAfter(line: IniLine, lines: readonly string[], eol: string): Edit {
  if (line.eol === '') return { start: line.end, end: line.end, insert: lines.map((l) => eol + l).join('') };
  const at = line.end + line.eol.length;
  return { start: at, end: at, insert: lines.map((l) => l + line.eol).join('') };
}

/** Removes a line; for a last line without a newline, removes the newline before it instead. */
function removeLine(parsed: ParsedIni, line: IniLine): Edit {
  if (line.eol !== '' || line.number === 1) return { start: line.start, end: line.end + line.eol.length, insert: '' };
  const previous = parsed.lines[line.number - 2];
  return { start: line.start - (previous?.eol.length ?? 0), end: line.end, insert: '' };
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    result = result.slice(0, edit.start) + edit.insert + result.slice(edit.end);
  }
  return result;
}

function appendSection(text: string, header: string, key: AccessKeyPair): string {
  const eol = fileEol(text);
  const lines = [header, `${ID} = ${key.accessKeyId}`, `${SECRET} = ${key.secretAccessKey}`];
  if (text === '') return lines.join(eol) + eol;
  const endsWithNewline = /\r?\n$/.test(text);
  const separator = endsWithNewline ? (/(\r?\n){2}$/.test(text) || /^\s*$/.test(text) ? '' : eol) : eol + eol;
  return text + separator + lines.join(eol) + (endsWithNewline ? eol : '');
}

function headerFor(profile: string, kind: SharedFileKind): string {
  return kind === 'config' && profile !== 'default' ? `[profile ${profile}]` : `[${profile}]`;
}

/** The file's line ending: that of its first line, else `\n`. */
function fileEol(text: string): string {
  const match = /\r?\n/.exec(text);
  return match ? match[0] : '\n';
}

function sectionKeysOf(parsed: ParsedIni): Set<string> {
  return new Set(parsed.lines.flatMap((l) => (l.kind === 'section' && l.sectionKey ? [l.sectionKey] : [])));
}

/**
 * Re-reads the edited text and checks that the targets now hold exactly the new keys and
 * no session token, and that every other section reads back unchanged. A failure is a bug
 * in this module; it throws so that nothing is written.
 */
function verify(before: string, after: string, targets: readonly string[], key: AccessKeyPair): void {
  const old = sdkSections(parseIniText(before));
  const now = sdkSections(parseIniText(after));
  for (const sectionKey of old.keys()) {
    if (!now.has(sectionKey))
      throw new CredentialsFileError('io', `internal error: editing lost section ${sectionKey}`, undefined, {
        outcome: 'nothing was written',
      });
  }
  for (const [sectionKey, values] of now) {
    if (targets.includes(sectionKey) || !old.has(sectionKey)) {
      const ok =
        values[ID] === key.accessKeyId &&
        values[SECRET] === key.secretAccessKey &&
        TOKENS.every((t) => values[t] === undefined);
      if (!ok)
        throw new CredentialsFileError(
          'io',
          `internal error: the edited profile ${sectionKey} does not read back with the new key`,
          undefined,
          { outcome: 'nothing was written' },
        );
    } else if (!sameValues(old.get(sectionKey), values)) {
      throw new CredentialsFileError(
        'io',
        `internal error: editing changed profile ${sectionKey}, which it should not touch`,
        undefined,
        { outcome: 'nothing was written' },
      );
    }
  }
}

function sameValues(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (!a) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function assertKeyPair(key: AccessKeyPair): void {
  if (!ACCESS_KEY_ID.test(key.accessKeyId)) {
    // The value is not echoed: a caller that swapped the two would otherwise show the secret.
    throw new CredentialsFileError(
      'invalid-input',
      'The access key id is not valid: expected 16 to 128 upper-case letters and digits (AKIA…). Check that the ' +
        'id and the secret are not swapped.',
    );
  }
  if (!SAFE_SECRET.test(key.secretAccessKey) || /^[#;]/.test(key.secretAccessKey)) {
    throw new CredentialsFileError(
      'invalid-input',
      'The secret access key is empty or contains spaces, control characters or a leading # or ;, which a ' +
        'credentials file cannot hold. Check that the whole secret was copied.',
    );
  }
}

/**
 * Why `profile` cannot name a new profile (one sentence: what is wrong, how to fix it), or
 * undefined when the SDK reads it back as written in both `[name]` and `[profile name]`.
 */
export function checkProfileName(profile: string): string | undefined {
  if (profile === '') return 'The profile name is empty: enter a name of letters, digits and - _ . @ + % : / only.';
  const bad = [...profile].find((c) => !PROFILE_NAME.test(c));
  if (bad !== undefined) {
    const shown =
      bad === ' '
        ? 'a space'
        : /[\x21-\x7e]/.test(bad)
          ? `"${bad}"`
          : `U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `${shown} cannot be in a profile name: use letters, digits and - _ . @ + % : / only.`;
  }
  if (profile === '__proto__' || profile in Object.prototype) {
    return (
      `"${profile}" cannot be a profile name: the AWS SDK cannot read a profile named like a JavaScript built-in. ` +
      `Choose another name.`
    );
  }
  return undefined;
}

function assertProfileName(profile: string): void {
  const problem = checkProfileName(profile);
  if (problem) throw new CredentialsFileError('invalid-input', problem);
}

/**
 * Refuses to edit a file the SDK ignores as a whole (a `[__proto__]` section): a key
 * written there would never be used, though the write would seem to succeed.
 */
function assertReadable(parsed: ParsedIni): void {
  if (parsed.rejectedAtLine !== undefined) {
    throw new CredentialsFileError(
      'invalid-input',
      `The section at line ${parsed.rejectedAtLine} is named __proto__, which makes the AWS SDK ignore this ` +
        `whole file, so a key written into it would never be used. Rename that section, then try again`,
      undefined,
      { outcome: 'nothing was written' },
    );
  }
}
