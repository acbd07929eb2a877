/** The extension's catalog over the compact file the build writes (dist/iam-data.jsonl). */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedCatalog } from '../../../src/aws/iamDataFile';
import { extractCompactText } from '../../../src/core/policy/iamDataExtract';

describe('shippedCatalog (dist/iam-data.jsonl)', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iam-data-file-'));
    writeFileSync(join(dir, 'iam-data.jsonl'), await extractCompactText());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers from the file: a service, a condition key, the global keys', async () => {
    const catalog = shippedCatalog(join(dir, 'iam-data.jsonl'));
    const iam = await catalog.service('iam');
    assert.equal(iam?.name, 'AWS Identity and Access Management (IAM)');
    assert.deepEqual(iam?.actions.find((a) => a.name === 'CreateUser')?.accessLevels, ['Write']);
    assert.equal((await catalog.conditionKey('iam:PassedToService'))?.type, 'String');
    assert.ok((await catalog.globalConditionKeys()).some((k) => k.key === 'aws:SourceIp'));
  });

  it('says which file is missing and how to get it back', async () => {
    const missing = join(dir, 'nothing-here.jsonl');
    await assert.rejects(shippedCatalog(missing).services(), (err: Error) => {
      assert.ok(err.message.startsWith(`The IAM action data ${missing} cannot be read (ENOENT`), err.message);
      assert.match(err.message, /rebuild the extension \(node scripts\/build\.mjs\) or reinstall it/);
      return true;
    });
  });
});
