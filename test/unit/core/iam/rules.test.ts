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
      assert.equal(checkName('user', 'alice2', ['alice']), undefined, 'only the same name in any case is taken');
    });

    // The refusals (too long, bad characters, duplicates in any case) are in test/unit/reliability/badInput.test.ts.
  });

  describe('paths', () => {
    it('accepts "/" and nested paths', () => {
      assert.equal(checkPath('/'), undefined);
      assert.equal(checkPath('/eng/platform/'), undefined);
      assert.equal(checkPath(`/${'a'.repeat(510)}/`), undefined);
    });
    // The refusals are in test/unit/reliability/badInput.test.ts.
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
    // The refusals are in test/unit/reliability/badInput.test.ts.
    it(`counts the existing tags towards IAM's ${MAX_TAGS}, but not the ones a repeated key replaces`, () => {
      const existing = Array.from({ length: 49 }, (_, i) => ({ key: `k${i}`, value: '' }));
      assert.equal(parseTags('new=1', existing).ok, true);
      assert.equal(parseTags('new=1, other=2', existing).ok, false, 'the 51st is refused');
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
    // The refusals are in test/unit/reliability/badInput.test.ts.
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
      refused(checkExternalId('a b'), /A space is not allowed in an external id/);
      refused(checkServicePrincipal('lambda'), /looks like "lambda.amazonaws.com"/);
      refused(checkServicePrincipal('Lambda.amazonaws.com'), /lower-case/);
    });
  });

  describe('quotas checked before calling', () => {
    it('attached managed policies per entity', () => {
      assert.equal(checkAttachQuota({ type: 'user', name: 'alice' }, 8, 2, 10), undefined);
      refused(
        checkAttachQuota({ type: 'user', name: 'alice' }, 8, 3, 10),
        /8 managed policies attached and IAM allows 10; 3 more .* Pick at most 2/,
      );
      refused(checkAttachQuota({ type: 'role', name: 'r' }, 10, 1, 10), /Detach one first/);
    });
    it('versions per policy', () => {
      assert.equal(checkVersionQuota('p', 4, 5), undefined);
      refused(checkVersionQuota('p', 5, 5), /already has 5 versions.*Delete a non-default version first/);
    });
  });
});
