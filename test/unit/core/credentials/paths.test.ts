import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { displayPath, sharedFilePaths } from '../../../../src/core/credentials';

describe('credentials/paths', () => {
  it('defaults to ~/.aws/credentials and ~/.aws/config under HOME', () => {
    const paths = sharedFilePaths({ HOME: '/home/ana' });
    assert.deepEqual(paths, {
      credentials: join('/home/ana', '.aws', 'credentials'),
      config: join('/home/ana', '.aws', 'config'),
    });
  });

  it('honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE', () => {
    const paths = sharedFilePaths({
      HOME: '/home/ana',
      AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds',
      AWS_CONFIG_FILE: '/etc/aws/conf',
    });
    assert.deepEqual(paths, { credentials: '/etc/aws/creds', config: '/etc/aws/conf' });
  });

  it('expands a leading ~/ in the environment variables, as the SDK does', () => {
    const paths = sharedFilePaths({
      HOME: '/home/ana',
      AWS_SHARED_CREDENTIALS_FILE: '~/work/creds',
      AWS_CONFIG_FILE: '~/work/conf',
    });
    assert.deepEqual(paths, {
      credentials: join('/home/ana', 'work', 'creds'),
      config: join('/home/ana', 'work', 'conf'),
    });
  });

  it('treats an empty variable as unset', () => {
    const paths = sharedFilePaths({ HOME: '/home/ana', AWS_SHARED_CREDENTIALS_FILE: '' });
    assert.equal(paths.credentials, join('/home/ana', '.aws', 'credentials'));
  });

  it('falls back to USERPROFILE, then HOMEDRIVE+HOMEPATH, when HOME is unset', () => {
    assert.equal(sharedFilePaths({ USERPROFILE: '/Users/bo' }).config, join('/Users/bo', '.aws', 'config'));
    assert.equal(sharedFilePaths({ HOMEDRIVE: 'D:', HOMEPATH: '/bo' }).config, join('D:/bo', '.aws', 'config'));
  });

  it('shows paths under the home folder with ~', () => {
    assert.equal(displayPath('/home/ana/.aws/credentials', { HOME: '/home/ana' }), '~/.aws/credentials');
    assert.equal(displayPath('/home/anabel/x', { HOME: '/home/ana' }), '/home/anabel/x');
  });
});
