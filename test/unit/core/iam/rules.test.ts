import { strict as assert } from 'node:assert';
import {
  checkAccountId,
  checkAttachQuota,
  checkDescription,
  checkExternalId,
  checkName,
  checkPath,
  checkServicePrincipal,
  checkVersionQuota,
  MAX_TAGS,
  parseSessionDuration,
  parseTags,
} from '../../../../src/core/iam/rules';

/** A bad input must be refused with a message naming the problem (matched by `why`). */
function refused(message: string | undefined, why: RegExp): void {
  assert.ok(message, 'expected the input to be refused');
  assert.match(message, why);
}

describe('core/iam/rules: bad input refused locally', () => {
  describe('entity names', () => {
    it('accepts IAM’s characters at the maximum length of each kind', () => {
      assert.equal(checkName('user', 'alice.smith+ci=1,x@corp_ok-2'), undefined);
      assert.equal(checkName('user', 'a'.repeat(64)), undefined);
      assert.equal(checkName('role', 'r'.repeat(64)), undefined);
      assert.equal(checkName('group', 'g'.repeat(128)), undefined);
      assert.equal(checkName('policy', 'p'.repeat(128)), undefined);
      assert.equal(checkName('inlinePolicy', 'i'.repeat(128)), undefined);
    });

    const cases: [string, Parameters<typeof checkName>[0], string, RegExp][] = [
      ['empty', 'user', '', /Enter a user name/],
      ['65 characters for a user', 'user', 'a'.repeat(65), /at most 64 characters; this one has 65/],
      ['65 characters for a role', 'role', 'r'.repeat(65), /at most 64/],
      ['129 characters for a group', 'group', 'g'.repeat(129), /at most 128/],
      ['129 characters for a policy', 'policy', 'p'.repeat(129), /at most 128/],
      ['129 characters for an inline policy', 'inlinePolicy', 'p'.repeat(129), /at most 128/],
      ['a space', 'user', 'alice smith', /a space is not allowed in a user name/],
      ['leading white space', 'user', ' alice', /white space/],
      ['trailing white space', 'group', 'dev ', /white space/],
      ['a slash', 'role', 'team/app', /"\/" is not allowed in a role name/],
      ['a colon', 'policy', 'a:b', /":" is not allowed/],
      ['an asterisk', 'user', 'ali*', /"\*" is not allowed/],
      ['HTML', 'user', '<script>', /"<" is not allowed/],
      ['a Cyrillic look-alike a', 'user', 'аlice', /U\+0430/],
      ['a zero-width space', 'user', 'al\u200bice', /U\+200B/],
      ['an emoji', 'group', 'dev🚀', /U\+1F680/],
      ['a tab', 'role', 'a\tb', /U\+0009/],
      ['a NUL', 'user', 'a\u0000b', /U\+0000/],
      ['a non-breaking space', 'user', 'a\u00a0b', /U\+00A0/],
      ['an accented letter', 'user', 'josé', /"é" \(U\+00E9\)/],
    ];
    for (const [what, kind, value, why] of cases) {
      it(`refuses ${what}`, () => {
        const message = checkName(kind, value);
        refused(message, why);
        assert.match(message ?? '', /Use only|Shorten|remove|Enter/, 'the message says how to fix it');
      });
    }

    it('refuses a duplicate in any case, since IAM names are case-insensitive', () => {
      refused(checkName('user', 'alice', ['bob', 'alice']), /user named alice already exists/);
      refused(checkName('user', 'Alice', ['alice']), /alice already exists, and IAM names are not case-sensitive/);
      assert.equal(checkName('user', 'alice2', ['alice']), undefined);
    });
  });

  describe('paths', () => {
    it('accepts "/" and nested paths', () => {
      assert.equal(checkPath('/'), undefined);
      assert.equal(checkPath('/eng/platform/'), undefined);
      assert.equal(checkPath(`/${'a'.repeat(510)}/`), undefined);
    });
    const cases: [string, string, RegExp][] = [
      ['empty', '', /Enter a path/],
      ['no leading slash', 'eng/', /must start with "\/": try "\/eng\/"/],
      ['no trailing slash', '/eng', /must end with "\/": try "\/eng\/"/],
      ['a space', '/my team/', /a space is not allowed in a path/],
      ['non-ASCII', '/équipe/', /U\+00E9/],
      ['an empty segment', '/a//b/', /empty segment/],
      ['513 characters', `/${'a'.repeat(511)}/`, /at most 512/],
      ['a tab', '/a\tb/', /U\+0009/],
    ];
    for (const [what, value, why] of cases) it(`refuses ${what}`, () => refused(checkPath(value), why));
  });

  describe('tags', () => {
    it('parses key=value lists, trimming, allowing spaces, Unicode letters and an empty value', () => {
      const r = parseTags(' team=platform , cost center = 42,owner=, projet=café ');
      assert.deepEqual(r, {
        ok: true,
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'cost center', value: '42' },
          { key: 'owner', value: '' },
          { key: 'projet', value: 'café' },
        ],
      });
      assert.deepEqual(parseTags(''), { ok: true, tags: [] });
      assert.deepEqual(parseTags('url=a=b'), { ok: true, tags: [{ key: 'url', value: 'a=b' }] }, 'the first = splits');
    });
    const cases: [string, string, RegExp][] = [
      ['a tag without =', 'team', /has no "="/],
      ['an empty key', '=value', /key cannot be empty/],
      ['an aws: key', 'aws:createdBy=me', /reserves/],
      ['an AWS: key in capitals', 'AWS:x=1', /reserves/],
      ['a key over 128 characters', `${'k'.repeat(129)}=v`, /longer than 128/],
      ['a value over 256 characters', `k=${'v'.repeat(257)}`, /longer than 256/],
      ['a key with *', 'a*b=1', /"\*" is not allowed in tag key/],
      ['a value with <', 'k=<b>', /"<" is not allowed in the value of tag "k"/],
      ['a value with a semicolon', 'k=a;b', /";" is not allowed/],
      ['a duplicate key in another case', 'Team=a, team=b', /appears twice/],
      ['an emoji value', 'k=🚀', /U\+1F680/],
    ];
    for (const [what, value, why] of cases) {
      it(`refuses ${what}`, () => {
        const r = parseTags(value);
        assert.equal(r.ok, false);
        if (!r.ok) assert.match(r.message, why);
      });
    }
    it('refuses going over 50 tags, counting the existing ones but not the replaced ones', () => {
      const existing = Array.from({ length: 49 }, (_, i) => ({ key: `k${i}`, value: '' }));
      assert.equal(parseTags('new=1', existing).ok, true);
      const r = parseTags('new=1, other=2', existing);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.message, new RegExp(`at most ${MAX_TAGS} tags per entity; this would make 51`));
      assert.equal(parseTags('K0=replaced, new=1', existing).ok, true, 'a repeated key replaces, case-insensitively');
    });
  });

  describe('role session durations', () => {
    it('reads seconds, minutes and hours from 1 to 12 hours', () => {
      assert.deepEqual(parseSessionDuration('3600'), { ok: true, seconds: 3600 });
      assert.deepEqual(parseSessionDuration('1h'), { ok: true, seconds: 3600 });
      assert.deepEqual(parseSessionDuration(' 12 h '), { ok: true, seconds: 43200 });
      assert.deepEqual(parseSessionDuration('90m'), { ok: true, seconds: 5400 });
      assert.deepEqual(parseSessionDuration('1.5 hours'), { ok: true, seconds: 5400 });
      assert.deepEqual(parseSessionDuration('7200s'), { ok: true, seconds: 7200 });
    });
    const cases: [string, string, RegExp][] = [
      ['under an hour', '3599', /between 1 hour \(3600 s\) and 12 hours \(43200 s\); 3599 is 3599 s/],
      ['over 12 hours', '13h', /46800 s/],
      ['zero', '0', /between 1 hour/],
      ['a negative number', '-3600', /not a duration/],
      ['words', 'one hour', /not a duration/],
      ['days', '1d', /not a duration/],
      ['a fraction of a second', '3600.5', /whole number of seconds/],
      ['empty', '', /Enter a maximum session duration/],
    ];
    for (const [what, value, why] of cases) {
      it(`refuses ${what}`, () => {
        const r = parseSessionDuration(value);
        assert.equal(r.ok, false);
        if (!r.ok) assert.match(r.message, why);
      });
    }
  });

  describe('descriptions, account ids, external ids, service principals', () => {
    it('accepts good values', () => {
      assert.equal(checkDescription('Reads the reports bucket — daily (Latin-1: café)'.replace('—', '-')), undefined);
      assert.equal(checkAccountId('123456789012'), undefined);
      assert.equal(checkExternalId(''), undefined);
      assert.equal(checkExternalId('partner-42:abc/def'), undefined);
      assert.equal(checkServicePrincipal('lambda.amazonaws.com'), undefined);
    });
    it('refuses bad ones with a reason', () => {
      refused(checkDescription('x'.repeat(1001)), /at most 1,000 characters; this one has 1001/);
      refused(checkDescription('rocket 🚀'), /U\+1F680\) is not allowed in a description/);
      refused(checkAccountId('12345678901'), /12 digits; this one has 11/);
      refused(checkAccountId('12345678901a'), /12 digits/);
      refused(checkExternalId('x'), /2 to 1,224/);
      refused(checkExternalId('a b'), /a space is not allowed in an external id/);
      refused(checkServicePrincipal('lambda'), /looks like "lambda.amazonaws.com"/);
      refused(checkServicePrincipal('Lambda.amazonaws.com'), /lower-case/);
    });
  });

  describe('quotas checked before calling', () => {
    it('attached managed policies per entity', () => {
      assert.equal(checkAttachQuota({ type: 'user', name: 'alice' }, 8, 2, 10), undefined);
      refused(checkAttachQuota({ type: 'user', name: 'alice' }, 8, 3, 10), /8 managed policies attached and IAM allows 10; 3 more .* Pick at most 2/);
      refused(checkAttachQuota({ type: 'role', name: 'r' }, 10, 1, 10), /Detach one first/);
    });
    it('versions per policy', () => {
      assert.equal(checkVersionQuota('p', 4, 5), undefined);
      refused(checkVersionQuota('p', 5, 5), /already has 5 versions.*Delete a non-default version first/);
    });
  });
});
