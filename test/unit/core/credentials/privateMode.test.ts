import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { privateModeCaveat } from '../../../../src/core/credentials';
import { tempFolder } from './helpers';

describe('credentials/privateMode: "mode 600" is claimed only where it holds', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  beforeEach(async () => ({ dir, cleanup } = await tempFolder()));
  afterEach(() => cleanup());

  it('says nothing for a file that is 0600', async function () {
    if (process.platform === 'win32') this.skip();
    const file = join(dir, 'keys.csv');
    await fs.writeFile(file, 'x', { mode: 0o600 });
    await fs.chmod(file, 0o600);
    assert.equal(await privateModeCaveat(file), undefined);
  });

  it('says so when the file system did not keep the mode (as FAT, SMB and WSL drives do), with the mode it shows', async function () {
    if (process.platform === 'win32') this.skip();
    const file = join(dir, 'keys.csv');
    await fs.writeFile(file, 'x');
    await fs.chmod(file, 0o755); // what such a file system reports whatever chmod asked
    assert.match(
      (await privateModeCaveat(file)) ?? '',
      /^the file system did not keep mode 600 \(it shows 755: FAT, an SMB share or a Windows drive under WSL\?\), so others may be able to read .*keys\.csv; move it to a private folder$/,
    );
  });

  it('on Windows, says that mode 600 does not apply', async () => {
    assert.match(
      (await privateModeCaveat(join(dir, 'keys.csv'), 'win32')) ?? '',
      /^Windows does not use mode 600: .*keys\.csv is as private as its folder's permissions make it$/,
    );
  });
});
