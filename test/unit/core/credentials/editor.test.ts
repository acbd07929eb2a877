import { strict as assert } from 'node:assert';
import {
  checkReplaceAccessKey,
  CredentialsFileError,
  replaceAccessKey,
  setProfileKeys,
} from '../../../../src/core/credentials';
import { NEW_KEY, OLD_KEY, OTHER_KEY } from './helpers';

/** Asserts text equality without ever printing it (it holds fake secrets). */
function assertSameText(actual: string, expected: string): void {
  assert.ok(
    actual === expected,
    `edited text differs from the expected bytes (lengths ${actual.length} vs ${expected.length})`,
  );
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
    assertSameText(
      result.text,
      text.replace(old.accessKeyId, neu.accessKeyId).replace(old.secretAccessKey, neu.secretAccessKey),
    );
    assert.deepEqual(result.profiles, ['default']);
    assert.deepEqual(result.removedSessionTokens, []);
  });

  it('keeps CRLF line endings', () => {
    const text = `[default]\r\naws_access_key_id = ${old.accessKeyId}\r\naws_secret_access_key = ${old.secretAccessKey}\r\n\r\n[b]\r\nregion = x\r\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(
      result.text,
      `[default]\r\naws_access_key_id = ${neu.accessKeyId}\r\naws_secret_access_key = ${neu.secretAccessKey}\r\n\r\n[b]\r\nregion = x\r\n`,
    );
  });

  it('keeps a missing final newline', () => {
    const text = `[default]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(
      result.text,
      `[default]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}`,
    );
  });

  it('updates every profile that holds the key, and no other', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n[b]\naws_access_key_id = ${OTHER_KEY.accessKeyId}\naws_secret_access_key = ${OTHER_KEY.secretAccessKey}\n[c]\naws_secret_access_key = ${old.secretAccessKey}\naws_access_key_id = ${old.accessKeyId}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(
      result.text,
      text.replaceAll(old.accessKeyId, neu.accessKeyId).replaceAll(old.secretAccessKey, neu.secretAccessKey),
    );
    assert.deepEqual(result.profiles, ['a', 'c']);
  });

  it('edits a [profile x] section in place (config file) and reports it by profile name', () => {
    const text = `[profile dev]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu, { kind: 'config' });
    assertSameText(
      result.text,
      `[profile dev]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\n`,
    );
    assert.deepEqual(result.profiles, ['dev']);
  });

  it('also rewrites a misplaced [profile x] section in the credentials file, so no copy of the old key survives', () => {
    const text = `[profile dev]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assert.ok(
      !result.text.includes(old.accessKeyId) && !result.text.includes(old.secretAccessKey),
      'old key left behind',
    );
    assert.deepEqual(result.profiles, ['profile.dev']);
  });

  it('removes an aws_session_token that belonged to the old key, and says so', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\naws_session_token = fake-token\naws_secret_access_key = ${old.secretAccessKey}\n[b]\naws_session_token = keep-me\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(
      result.text,
      `[a]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\n[b]\naws_session_token = keep-me\n`,
    );
    assert.deepEqual(result.removedSessionTokens, ['a']);
  });

  it('removes a session token on the last line without adding a final newline', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\naws_session_token = fake-token`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(
      result.text,
      `[a]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}`,
    );
  });

  it('adds a missing secret after the key id, in the same style', () => {
    const text = `[a]\n  aws_access_key_id=${old.accessKeyId}\nregion = x\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(
      result.text,
      `[a]\n  aws_access_key_id=${neu.accessKeyId}\n  aws_secret_access_key=${neu.secretAccessKey}\nregion = x\n`,
    );
  });

  it('matches the key id ignoring case, and tolerates spaces and tabs around =', () => {
    const text = `[a]\naws_access_key_id\t=  ${old.accessKeyId.toLowerCase()}\naws_secret_access_key   =   ${old.secretAccessKey}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(
      result.text,
      `[a]\naws_access_key_id\t=  ${neu.accessKeyId}\naws_secret_access_key   =   ${neu.secretAccessKey}\n`,
    );
  });

  it('changes every copy in a duplicated profile, so the merged profile is consistent', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\n[b]\nregion = x\n[a]\naws_secret_access_key = ${old.secretAccessKey}\n`;
    const result = replaceAccessKey(text, old.accessKeyId, neu);
    assertSameText(
      result.text,
      `[a]\naws_access_key_id = ${neu.accessKeyId}\n[b]\nregion = x\n[a]\naws_secret_access_key = ${neu.secretAccessKey}\n`,
    );
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
    assertSameText(
      result.text,
      text.replace(old.accessKeyId, neu.accessKeyId).replace(old.secretAccessKey, neu.secretAccessKey),
    );
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
    assert.ok(
      !serialised.includes(neu.secretAccessKey) && !serialised.includes(old.secretAccessKey),
      'description holds a secret',
    );
  });
});

describe('credentials/editor: what replaceAccessKey refuses, and checkReplaceAccessKey', () => {
  const holding = `[dev]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\n`;

  it('refuses a file the SDK ignores ([__proto__]) when a section in it holds the key, naming the line, the profile and the fix', () => {
    const text = `${holding}[__proto__]\nregion = x\n`;
    for (const edit of [
      () => replaceAccessKey(text, old.accessKeyId, neu),
      () => checkReplaceAccessKey(text, old.accessKeyId),
    ]) {
      assert.throws(edit, (e: unknown) => {
        assert.ok(e instanceof CredentialsFileError);
        assert.equal(e.code, 'invalid-input');
        assert.equal(
          e.message,
          'The section at line 4 is named __proto__, which makes the AWS SDK ignore this whole file, so the key of profile dev in it is never used and would not be rotated. Rename that section, then try again; nothing was written.',
        );
        return true;
      });
    }
  });

  it('leaves a file the SDK ignores alone when it does not hold the key', () => {
    const text = `[other]\nregion = x\n[profile __proto__]\n`;
    assertSameText(replaceAccessKey(text, old.accessKeyId, neu).text, text);
    assert.deepEqual(checkReplaceAccessKey(text, old.accessKeyId).profiles, []);
  });

  it("refuses a profile whose session token line ends a sub-section (removing it would change the profile's other settings)", () => {
    const text = `${holding}s3 =\n  addressing_style = path\naws_session_token = stale\n  region = eu-west-1\n[ops]\nregion = x\n`;
    assert.throws(
      () => replaceAccessKey(text, old.accessKeyId, neu),
      /^CredentialsFileError: Profile dev has an aws_session_token line \(line 6\) that ends a sub-section .*changing the profile's settings \(region, s3\.region\)\. Remove the indentation of those lines, then try again; nothing was written\.$/,
    );
    // The same layout with the line below not indented reads the same without the token: no refusal.
    const plain = text.replace('  region = eu-west-1', 'region = eu-west-1');
    assertSameText(
      replaceAccessKey(plain, old.accessKeyId, neu).text,
      plain
        .replace(old.accessKeyId, neu.accessKeyId)
        .replace(old.secretAccessKey, neu.secretAccessKey)
        .replace('aws_session_token = stale\n', ''),
    );
  });

  it('checkReplaceAccessKey reports the profiles and session tokens replaceAccessKey would edit', () => {
    const text = `[a]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\naws_session_token = stale\n[b]\naws_access_key_id = ${OTHER_KEY.accessKeyId}\naws_secret_access_key = ${OTHER_KEY.secretAccessKey}\n[profile c]\naws_access_key_id = ${old.accessKeyId.toLowerCase()}\n`;
    for (const kind of ['credentials', 'config'] as const) {
      const checked = checkReplaceAccessKey(text, old.accessKeyId, { kind });
      const real = replaceAccessKey(text, old.accessKeyId, neu, { kind });
      assert.deepEqual(
        [checked.profiles, checked.removedSessionTokens],
        [real.profiles, real.removedSessionTokens],
        kind,
      );
    }
    assert.deepEqual(checkReplaceAccessKey(text, old.accessKeyId, { kind: 'config' }).profiles, ['a', 'c']);
    assert.deepEqual(checkReplaceAccessKey(text, old.accessKeyId).removedSessionTokens, ['a']);
    const untouched = `[b]\naws_access_key_id = ${OTHER_KEY.accessKeyId}\naws_secret_access_key = ${OTHER_KEY.secretAccessKey}\n`;
    assertSameText(checkReplaceAccessKey(untouched, old.accessKeyId).text, untouched);
  });
});

describe('credentials/editor: setProfileKeys', () => {
  it('overwrites the keys of an existing profile in place', () => {
    const text = `[a]\nregion = x\n[dev]\naws_access_key_id = ${old.accessKeyId}\naws_secret_access_key = ${old.secretAccessKey}\noutput = json\n`;
    const result = setProfileKeys(text, 'dev', neu);
    assertSameText(
      result.text,
      `[a]\nregion = x\n[dev]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\noutput = json\n`,
    );
    assert.equal(result.addedProfile, false);
  });

  it('adds the keys to an existing profile that has none', () => {
    const text = '[dev]\r\nregion = x\r\n';
    const result = setProfileKeys(text, 'dev', neu);
    assertSameText(
      result.text,
      `[dev]\r\naws_access_key_id = ${neu.accessKeyId}\r\naws_secret_access_key = ${neu.secretAccessKey}\r\nregion = x\r\n`,
    );
  });

  it("appends a new profile after a blank line, using the file's line endings", () => {
    const text = '[a]\r\nregion = x\r\n';
    const result = setProfileKeys(text, 'new', neu);
    assertSameText(
      result.text,
      `[a]\r\nregion = x\r\n\r\n[new]\r\naws_access_key_id = ${neu.accessKeyId}\r\naws_secret_access_key = ${neu.secretAccessKey}\r\n`,
    );
    assert.equal(result.addedProfile, true);
    assert.deepEqual(result.profiles, ['new']);
  });

  it('appends to a file without a final newline and keeps it without one', () => {
    const result = setProfileKeys('[a]\nregion = x', 'new', neu);
    assertSameText(
      result.text,
      `[a]\nregion = x\n\n[new]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}`,
    );
  });

  it('creates the first profile of an empty file', () => {
    const result = setProfileKeys('', 'default', neu);
    assertSameText(
      result.text,
      `[default]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\n`,
    );
  });

  it('writes [profile x] headers in the config file', () => {
    const result = setProfileKeys('[default]\nregion = x\n', 'dev', neu, { kind: 'config' });
    assertSameText(
      result.text,
      `[default]\nregion = x\n\n[profile dev]\naws_access_key_id = ${neu.accessKeyId}\naws_secret_access_key = ${neu.secretAccessKey}\n`,
    );
  });
});
