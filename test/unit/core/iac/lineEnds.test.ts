/**
 * Files written on Windows (CRLF line ends, as many public templates are) get the same findings,
 * at the same lines and columns, as the same files with LF: over every planted and public fixture.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex, lintText } from '../../../../src/core/iac/files';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import type { ActionCatalog } from '../../../../src/core/policy/catalog';
import { filesUnder, FIXTURES } from './fixtureSupport';

async function findingsOf(path: string, text: string, catalog: ActionCatalog): Promise<string[]> {
  const result = await lintText(path, text, catalog);
  const index = new LineIndex(text);
  return result.findings.map((f) => {
    const at = index.position(f.from);
    return `${at.line}:${at.column} ${f.severity} ${f.code}`;
  });
}

describe('iac: CRLF line ends', () => {
  const catalog = createIamDataCatalog();
  const files = [...filesUnder(join(FIXTURES, 'planted')), ...filesUnder(join(FIXTURES, 'public'))];

  for (const file of files) {
    const name = relative(FIXTURES, file);
    it(`${name}: the same findings at the same places with CRLF`, async () => {
      const lf = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
      const crlf = lf.replace(/\n/g, '\r\n');
      const expected = await findingsOf(file, lf, catalog);
      assert.deepEqual(await findingsOf(file, crlf, catalog), expected);
    });
  }
});
