import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { CredentialsFileError, readProfiles, sharedFilePaths } from '../../../../src/core/credentials';
import { fileError } from '../../../../src/core/credentials/errors';
import { OLD_KEY, tempFolder } from './helpers';

describe('credentials/read', () => {
  it('reads the files named by the environment variables', async () => {
    const { dir, cleanup } = await tempFolder();
    try {
      await fs.writeFile(join(dir, 'creds'), `[dev]\naws_access_key_id = ${OLD_KEY.accessKeyId}\n`);
      await fs.writeFile(join(dir, 'conf'), '[profile dev]\nregion = eu-west-1\n');
      const paths = sharedFilePaths({
        HOME: dir,
        AWS_SHARED_CREDENTIALS_FILE: '~/creds',
        AWS_CONFIG_FILE: join(dir, 'conf'),
      });
      const report = await readProfiles(paths);
      assert.deepEqual(
        report.profiles.map((p) => [p.name, p.region, p.accessKeyId]),
        [['dev', 'eu-west-1', OLD_KEY.accessKeyId]],
      );
      assert.deepEqual(
        report.problems.map((p) => [p.code, p.file, p.line]),
        [['missing-secret', 'credentials', 2]],
      );
    } finally {
      await cleanup();
    }
  });

  it('treats missing files as empty', async () => {
    const report = await readProfiles({ credentials: '/nonexistent/credentials', config: '/nonexistent/config' });
    assert.deepEqual(report.profiles, []);
    assert.deepEqual(report.problems, []);
  });

  it('says which file could not be read and why', async () => {
    await assert.rejects(
      readProfiles({ credentials: '/', config: '/nonexistent/config' }),
      (e: unknown) =>
        e instanceof CredentialsFileError &&
        e.code === 'not-a-file' &&
        /^cannot read \/: it is a folder/.test(e.message),
    );
  });

  it('turns EACCES into "permission denied" with a fix, naming the file with ~', () => {
    const home = process.env.HOME ?? '/root';
    const error = fileError(
      'write',
      join(home, '.aws', 'credentials'),
      Object.assign(new Error('EACCES'), { code: 'EACCES' }),
    );
    assert.equal(error.code, 'permission-denied');
    assert.equal(
      error.message,
      'cannot write ~/.aws/credentials: permission denied — check that you own the file and its folder (ls -l) and that the file is mode 600.',
    );
  });
});
