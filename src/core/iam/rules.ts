/**
 * IAM's input rules, checked locally before any API call: entity names, paths, tags,
 * descriptions, role session durations, account ids. Each check returns undefined when the
 * value is fine, or one sentence saying what is wrong and how to fix it (shown as the
 * user types, and again if a command is given bad input from elsewhere).
 */
import type { Tag } from './model';

/** What can be named: the four entity types, plus inline policies and the pieces of a tag. */
export type NamedKind = 'user' | 'group' | 'role' | 'policy' | 'inlinePolicy';

const NAME_MAX: Record<NamedKind, number> = { user: 64, group: 128, role: 64, policy: 128, inlinePolicy: 128 };
const NAME_NOUN: Record<NamedKind, string> = {
  user: 'user name',
  group: 'group name',
  role: 'role name',
  policy: 'policy name',
  inlinePolicy: 'inline policy name',
};
/** IAM's name pattern, [\w+=,.@-]+, with \w as ASCII. */
const NAME_CHAR = /[A-Za-z0-9_+=,.@-]/;

export function nameMaxLength(kind: NamedKind): number {
  return NAME_MAX[kind];
}

/** Shows a character so a message can name it: visible ones quoted, the others as U+XXXX. */
function showChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (ch === ' ') return 'A space'; // always the start of a message
  if (cp < 0x21 || (cp >= 0x7f && cp <= 0xa0) || /\p{Z}|\p{C}/u.test(ch)) return hex;
  return cp > 0x7e ? `"${ch}" (${hex})` : `"${ch}"`;
}

/**
 * A user, group, role, managed policy or inline policy name. `existing` (any case) makes a
 * name that IAM would refuse as a duplicate fail here: IAM names are case-insensitive.
 */
export function checkName(kind: NamedKind, value: string, existing: readonly string[] = []): string | undefined {
  const noun = NAME_NOUN[kind];
  const max = NAME_MAX[kind];
  if (value.length === 0) return `Enter a ${noun}.`;
  if (value.trim() !== value) return `A ${noun} cannot start or end with white space: remove it.`;
  const chars = [...value];
  if (chars.length > max)
    return `A ${noun} can have at most ${max} characters; this one has ${chars.length}. Shorten it.`;
  const bad = chars.find((c) => !NAME_CHAR.test(c));
  if (bad !== undefined) {
    return `${showChar(bad)} is not allowed in a ${noun}. Use only letters A–Z and a–z, digits and + = , . @ _ -`;
  }
  const lower = value.toLowerCase();
  const clash = existing.find((e) => e.toLowerCase() === lower);
  if (clash !== undefined) {
    return clash === value
      ? `A ${kind === 'inlinePolicy' ? 'inline policy' : kind} named ${value} already exists. Choose another name.`
      : `${clash} already exists, and IAM names are not case-sensitive. Choose another name.`;
  }
  return undefined;
}

/** An IAM path: "/" or "/a/b/", at most 512 characters, printable ASCII. */
export function checkPath(value: string): string | undefined {
  if (value.length === 0) return 'Enter a path, or "/" for none.';
  if (value.length > 512) return `A path can have at most 512 characters; this one has ${value.length}. Shorten it.`;
  if (!value.startsWith('/')) return `A path must start with "/": try "/${value.replace(/^\/+|\/+$/g, '')}/".`;
  if (!value.endsWith('/')) return `A path must end with "/": try "${value}/".`;
  const bad = [...value].find((c) => c < '\u0021' || c > '\u007e');
  if (bad !== undefined)
    return `${showChar(bad)} is not allowed in a path. Use printable ASCII characters without spaces.`;
  if (value.includes('//')) return 'A path cannot contain an empty segment ("//"). Remove the extra "/".';
  return undefined;
}

/** IAM tag characters: Unicode letters, digits, spaces and _ . : / = + - @ */
const TAG_CHAR = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]$/u;
export const MAX_TAGS = 50;

export function checkTagKey(key: string): string | undefined {
  if (key.length === 0) return 'A tag key cannot be empty: write each tag as key=value, with a key before the "=".';
  if ([...key].length > 128) return `Tag key "${key.slice(0, 20)}…" is longer than 128 characters. Shorten it.`;
  if (/^aws:/i.test(key)) return `Tag key "${key}" starts with "aws:", which AWS reserves. Choose another key.`;
  const bad = [...key].find((c) => !TAG_CHAR.test(c));
  if (bad !== undefined)
    return `${showChar(bad)} is not allowed in tag key "${key}". Use letters, digits, spaces and _ . : / = + - @`;
  return undefined;
}

export function checkTagValue(key: string, value: string): string | undefined {
  if ([...value].length > 256) return `The value of tag "${key}" is longer than 256 characters. Shorten it.`;
  const bad = [...value].find((c) => !TAG_CHAR.test(c));
  if (bad !== undefined)
    return (
      `${showChar(bad)} is not allowed in the value of tag "` +
      `${key}". Use letters, digits, spaces and _ . : / = + - @`
    );
  return undefined;
}

export type TagsParse = { readonly ok: true; readonly tags: Tag[] } | { readonly ok: false; readonly message: string };

/**
 * "team=platform, cost center=42" as tags. Commas separate tags (IAM does not allow a comma
 * in a key or value); the first "=" separates key and value; an empty text is no tag.
 * `existing` tags count towards IAM's 50, and are replaced when a key repeats.
 */
export function parseTags(text: string, existing: readonly Tag[] = []): TagsParse {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const tags: Tag[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0)
      return { ok: false, message: `"${part}" has no "=": write each tag as key=value, separated by commas.` };
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    const problem = checkTagKey(key) ?? checkTagValue(key, value);
    if (problem) return { ok: false, message: problem };
    const dup = tags.find((t) => t.key.toLowerCase() === key.toLowerCase());
    if (dup)
      return { ok: false, message: `Tag key "${key}" appears twice (tag keys are not case-sensitive). Keep one.` };
    tags.push({ key, value });
  }
  const kept = existing.filter((e) => !tags.some((t) => t.key.toLowerCase() === e.key.toLowerCase()));
  if (kept.length + tags.length > MAX_TAGS) {
    return {
      ok: false,
      message:
        `IAM allows at most ${MAX_TAGS} tags per entity; this would make ${kept.length + tags.length}. Remove ` +
        `some first.`,
    };
  }
  return { ok: true, tags };
}

/** A role or policy description: at most 1,000 characters of IAM's allowed set. */
export function checkDescription(value: string): string | undefined {
  if ([...value].length > 1000)
    return `A description can have at most 1,000 characters; this one has ${[...value].length}. Shorten it.`;
  const bad = [...value].find((c) => !/[\t\n\r\u0020-\u007e\u00a1-\u00ff]/.test(c));
  if (bad !== undefined) {
    return (
      `${showChar(bad)} is not allowed in a description. Use printable Latin-1 characters (no emoji or control ` +
      `characters).`
    );
  }
  return undefined;
}

export const MIN_SESSION_SECONDS = 3600;
export const MAX_SESSION_SECONDS = 43200;

export type DurationParse =
  { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly message: string };

/** A role's maximum session duration: "3600", "3600s", "90m", "1h", "12 h"; 1 to 12 hours. */
export function parseSessionDuration(text: string): DurationParse {
  if (text.trim() === '')
    return { ok: false, message: 'Enter a maximum session duration: seconds (3600) or hours (1h to 12h).' };
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|seconds?|m|min|minutes?|h|hours?)?\s*$/i.exec(text);
  if (!m) return { ok: false, message: `"${text}" is not a duration. Enter seconds (3600) or hours (1h to 12h).` };
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const seconds = unit.startsWith('h') ? n * 3600 : unit.startsWith('m') ? n * 60 : n;
  if (!Number.isInteger(seconds)) {
    return {
      ok: false,
      message: `${text.trim()} is ${seconds} s, not a whole number of seconds. Round it, as in 3600 or 1h.`,
    };
  }
  if (seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
    return {
      ok: false,
      message:
        `A maximum session duration must be between 1 hour (3600 s) and 12 hours (43200 s); ${text.trim()} is ` +
        `${seconds} s. Enter a value from 1h to 12h.`,
    };
  }
  return { ok: true, seconds };
}

/** A 12-digit AWS account id. */
export function checkAccountId(value: string): string | undefined {
  const v = value.trim();
  if (!/^\d+$/.test(v)) return 'An AWS account id is 12 digits, such as 123456789012.';
  if (v.length !== 12) return `An AWS account id has 12 digits; this one has ${v.length}.`;
  return undefined;
}

/** An sts:ExternalId: 2 to 1,224 characters of [\w+=,.@:/-]. Empty means none. */
export function checkExternalId(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length < 2 || value.length > 1224) return 'An external id has 2 to 1,224 characters.';
  const bad = [...value].find((c) => !/[A-Za-z0-9_+=,.@:/-]/.test(c));
  if (bad !== undefined)
    return `${showChar(bad)} is not allowed in an external id. Use letters, digits and + = , . @ : / _ -`;
  return undefined;
}

/** A service principal typed by hand: "lambda.amazonaws.com" and the like. */
export function checkServicePrincipal(value: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(value.trim())) {
    return (
      'A service principal looks like "lambda.amazonaws.com": lower-case letters, digits, dots and dashes, ending ' +
      'in .amazonaws.com.'
    );
  }
  return undefined;
}

/**
 * IAM's quota of managed policies per user, group or role (AttachedPoliciesPer*Quota: 10 by
 * default, up to 20). Checked before calling, since the SDK retries LimitExceeded.
 */
export function checkAttachQuota(
  owner: { type: string; name: string },
  attached: number,
  adding: number,
  quota: number,
): string | undefined {
  if (attached + adding <= quota) return undefined;
  const room = Math.max(0, quota - attached);
  return (
    `${owner.type} ${owner.name} has ${attached} managed ${attached === 1 ? 'policy' : 'policies'} attached and ` +
    `IAM allows ${quota}; ` +
    `${adding} more would exceed that. ` +
    `${room === 0 ? 'Detach one first' : `Pick at most ${room}, or detach some first`}, ` +
    'or ask AWS Support to raise the quota.'
  );
}

/** IAM's quota of versions per managed policy (VersionsPerPolicyQuota, 5). */
export function checkVersionQuota(policyName: string, versions: number, quota: number): string | undefined {
  if (versions < quota) return undefined;
  return (
    `Policy ${policyName} already has ${versions} versions, ` +
    `the most IAM allows. Delete a non-default version first.`
  );
}
