import { strict as assert } from 'node:assert';
import { replaceAccessKey, setProfileKeys } from '../../../../src/core/credentials';
import { NEW_KEY, OLD_KEY, OTHER_KEY } from './helpers';

/** Asserts text equality without ever printing it (it holds fake secrets). */
function assertSameText(actual: string, expected: string): void {
  assert.ok(actual === expected, `edited text differs from the expected bytes (lengths ${actual.length} vs ${expected.length})`);
}

const old = OLD_KEY;
const neu = NEW_KEY;

describe('credentials/editor: replaceAccessKey', () => {
  it('replaces only the two values, keeping comments, spacing and order', () => {
    const text = [
      '# my keys',
      '[default]',
      `aws_access_key_id = ${old.accessKeyId} # laptop`,
      `aws_secret_access_key=${old.secretAccessKey}`,
      'region = eu-west-1',
      '; keep me',
      '[other]',
      `aws_access_key_id = ${OTHER_KEY.accessKeyId}`,
      `aws_secret_access_key = ${OTHER_KEY.secretAccessKey}`,
      '',
    ].join('\n');
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, text.replace(old.accessKeyId, neu.accessKeyId).replace(old.secretAccessKey, neu.secretAccessKey));
    assert.deepEqual(result.profiles, ['default']);
    assert.deepEqual(result.removedSessionTokens, []);
  });

  it('keeps CRLF line endings', () => {
    const text = `[default]\r\naws_access_key_id = ${old.accessKeyId}\r\naws_secret_access_key = ${old.secretAccessKey}\r\n\r\n[b]\r\nregion = x\r\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, `[default]\r\naws_access_key_id = ${neu.accessKeyId}\r\naws_secret_access_key = ${neu.secretAccessKey}\r\n\r\n[b]\r\nregion = x\r\n`);
  });

  it('keeps a missing final newline', () => {
    const text = `[default]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, `[default]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}`);
  });

  it('updates every profile that holds the key, and no other', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n[b]\naws_access_key_id = ${OTHER_KEY.accessKeyId}\naws_secret_access_key = ${OTHER_KEY.secretAccessKey}\n[c]\naws_secret_access_key = ${old.secretAccessKey}\naws_access_key_id = ${old.accessKeyId}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, text.replaceAll(old.accessKeyId, neu.accessKeyId).replaceAll(old.secretAccessKey, neu.secretAccessKey));
    assert.deepEqual(result.profiles, ['a', 'c']);
  });

  it('edits a [profile x] section in place (config file) and reports it by profile name', () => {
    const text = `[profile dev]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu, { kind: 'config' });
    assertSameText(result.text, `[profile dev]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\n`);
    assert.deepEqual(result.profiles, ['dev']);
  });

  it('also rewrites a misplaced [profile x] section in the credentials file, so no copy of the old key survives', () => {
    const text = `[profile dev]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assert.ok(!result.text.includes(old.accessKeyId) && !result.text.includes(old.secretAccessKey), 'old key left behind');
    assert.deepEqual(result.profiles, ['profile.dev']);
  });

  it('removes an aws_session_token that belonged to the old key, and says so', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\naws_session_token = fake-token\naws_secret_access_key = ${old.secretAccessKey}\n[b]\naws_session_token = keep-me\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, `[a]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\n[b]\naws_session_token = keep-me\n`);
    assert.deepEqual(result.removedSessionTokens, ['a']);
  });

  it('removes a session token on the last line without adding a final newline', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\naws_session_token = fake-token`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, `[a]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}`);
  });

  it('adds a missing secret after the key id, in the same style', () => {
    const text = `[a]\n  aws_access_key_id=${old.accessKeyId}\nregion = x\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, `[a]\n  aws_access_key_id=${neu.accessKeyId}\n  aws_secret_access_key=${neu.secretAccessKey}\nregion = x\n`);
  });

  it('matches the key id ignoring case, and tolerates spaces and tabs around =', () => {
    const text = `[a]\naws_access_key_id\t=  ${old.accessKeyId.toLowerCase()}\naws_secret_access_key   =   ${old.secretAccessKey}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, `[a]\naws_access_key_id\t=  ${neu.accessKeyId}\naws_secret_access_key   =   ${neu.secretAccessKey}\n`);
  });

  it('changes every copy in a duplicated profile, so the merged profile is consistent', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\n[b]\nregion = x\n[a]\naws_secret_access_key = ${old.secretAccessKey}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, `[a]\naws_access_key_id = ${neu.accessKeyId}\n[b]\nregion = x\n[a]\naws_secret_access_key = ${neu.secretAccessKey}\n`);
  });

  it('leaves a key id inside a sub-section or a comment alone', () => {
    const text = `[a]\nnested =\n  aws_access_key_id = ${old.accessKeyId}\n# aws_access_key_id = ${old.accessKeyId}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, text);
    assert.deepEqual(result.profiles, []);
  });

  it('keeps a UTF-8 byte order mark and non-ASCII comments', () => {
    const text = `\ufeff# clés — ключи\n[a]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, text.replace(old.accessKeyId, neu.accessKeyId).replace(old.secretAccessKey, neu.secretAccessKey));
  });

  it('returns the text unchanged when no profile holds the key', () => {
    const text = `[a]\naws_access_key_id = ${OTHER_KEY.accessKeyId}\naws_secret_access_key = ${OTHER_KEY.secretAccessKey}`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(result.text, text);
    assert.deepEqual(result.profiles, []);
  });

  it('never puts a secret in the description of the change', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n`;
    const { text: _text, ...description } = replaceAccessKey(text, old.accessKeyId, neu);
    const serialised = JSON.stringify(description);
    assert.ok(!serialised.includes(neu.secretAccessKey) && !serialised.includes(old.secretAccessKey), 'description holds a secret');
  });
});

describe('credentials/editor: setProfileKeys', () => {
  it('overwrites the keys of an existing profile in place', () => {
    const text = `[a]\nregion = x\n[dev]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\noutput = json\n`;
    const result = setProfileKeys(text, 'dev', neu);
    assertSameText(result.text, `[a]\nregion = x\n[dev]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\noutput = json\n`);
    assert.equal(result.addedProfile, false);
  });

  it('adds the keys to an existing profile that has none', () => {
    const text = '[dev]\r\nregion = x\r\n';
    const result = setProfileKeys(text, 'dev', neu);
    assertSameText(result.text, `[dev]\r\naws_access_key_id = ${neu.accessKeyId}\r\naws_secret_access_key = ${neu.secretAccessKey}\r\nregion = x\r\n`);
  });

  it('appends a new profile after a blank line, using the file\'s line endings', () => {
    const text = '[a]\r\nregion = x\r\n';
    const result = setProfileKeys(text, 'new', neu);
    assertSameText(result.text, `[a]\r\nregion = x\r\n\r\n[new]\r\naws_access_key_id = ${neu.accessKeyId}\r\naws_secret_access_key = ${neu.secretAccessKey}\r\n`);
    assert.equal(result.addedProfile, true);
    assert.deepEqual(result.profiles, ['new']);
  });

  it('appends to a file without a final newline and keeps it without one', () => {
    const result = setProfileKeys('[a]\nregion = x', 'new', neu);
    assertSameText(result.text, `[a]\nregion = x\n\n[new]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}`);
  });

  it('creates the first profile of an empty file', () => {
    const result = setProfileKeys('', 'default', neu);
    assertSameText(result.text, `[default]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\n`);
  });

  it('writes [profile x] headers in the config file', () => {
    const result = setProfileKeys('[default]\nregion = x\n', 'dev', neu, { kind: 'config' });
    assertSameText(result.text, `[default]\nregion = x\n\n[profile dev]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\n`);
  });
});
