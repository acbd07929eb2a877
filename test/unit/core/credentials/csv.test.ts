import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import {
  ACCESS_KEY_CSV_HEADER,
  CredentialsFileError,
  formatAccessKeyCsv,
  writeAccessKeyCsv,
} from '../../../../src/core/credentials';
import { modeOf, NEW_KEY, OLD_KEY, tempFolder } from './helpers';

describe('credentials/csv', () => {
  it("uses the console's accessKeys.csv columns", () => {
    assert.equal(ACCESS_KEY_CSV_HEADER, 'Access key ID,Secret access key');
    const text = formatAccessKeyCsv(NEW_KEY);
    assert.ok(
      text === `Access key ID,Secret access key\n${NEW_KEY.accessKeyId},${NEW_KEY.secretAccessKey}\n`,
      'CSV text differs',
    );
  });

  it('writes the file with mode 0600, replacing an older one', async () => {
    const { dir, cleanup } = await tempFolder();
    try {
      const path = join(dir, 'accessKeys.csv');
      await fs.writeFile(path, formatAccessKeyCsv(OLD_KEY), { mode: 0o644 });
      await writeAccessKeyCsv(path, NEW_KEY);
      assert.ok((await fs.readFile(path, 'utf8')) === formatAccessKeyCsv(NEW_KEY), 'CSV file differs');
      assert.equal(await modeOf(path), 0o600);
      assert.deepEqual(await fs.readdir(dir), ['accessKeys.csv']);
    } finally {
      await cleanup();
    }
  });

  it('refuses values that would need CSV quoting', () => {
    assert.throws(
      () => formatAccessKeyCsv({ accessKeyId: NEW_KEY.accessKeyId, secretAccessKey: 'fake,secret' }),
      CredentialsFileError,
    );
  });

  it('reports a folder that does not exist clearly', async () => {
    await assert.rejects(
      writeAccessKeyCsv('/nonexistent-folder-for-test/accessKeys.csv', NEW_KEY),
      (e: unknown) =>
        e instanceof CredentialsFileError &&
        e.code === 'not-found' &&
        /^cannot write .*accessKeys\.csv: no such file or folder/.test(e.message),
    );
  });
});
