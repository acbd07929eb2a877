/** IAM's size count and quotas. */
import * as assert from 'node:assert/strict';
import { checkSize, defaultSizeLimit, policySize, SIZE_LIMITS } from '../../../../src/core/policy/size';
import { validatePolicySync } from '../../../../src/core/policy/validate';
import { policyOfSize } from '../../../fixtures/policies/generate';
import { codes, only } from './helpers';

describe('policy size', () => {
  it('counts characters without white space (also inside strings), as IAM does', () => {
    assert.equal(policySize('{ "a" :\n\t"b c" }\r\n'), 10);
    assert.equal(policySize(''), 0);
  });

  it('has the documented quotas', () => {
    assert.deepEqual(SIZE_LIMITS, {
      managed: 6144,
      inlineUser: 2048,
      inlineGroup: 5120,
      inlineRole: 10240,
      trust: 2048,
    });
    assert.equal(defaultSizeLimit('identity'), 6144);
    assert.equal(defaultSizeLimit('trust'), 2048);
    assert.equal(defaultSizeLimit('resource'), undefined);
  });

  it('accepts a managed policy of exactly 6,144 characters, rejects 6,145', () => {
    const exact = policyOfSize(6144);
    assert.equal(policySize(exact), 6144);
    assert.ok(!codes(validatePolicySync(exact, 'identity')).includes('size-limit'));
    const over = exact.replace('"Sid": "Stmt0"', '"Sid": "Stmt0x"');
    const f = only(validatePolicySync(over, 'identity'), 'size-limit');
    assert.match(f.message, /6,145 characters.*6,144/);
    assert.equal(policySize(over.slice(0, f.from)), 6144, 'the finding starts at the first character over the limit');
    assert.equal(f.to, over.length);
  });

  it('uses the trust quota for trust policies and a given limit when passed', () => {
    const text = policyOfSize(3000);
    assert.ok(codes(validatePolicySync(text, 'trust')).includes('size-limit'));
    assert.ok(
      !codes(validatePolicySync(text, 'identity', { sizeLimit: SIZE_LIMITS.inlineRole })).includes('size-limit'),
    );
    assert.ok(
      codes(validatePolicySync(text, 'identity', { sizeLimit: SIZE_LIMITS.inlineUser })).includes('size-limit'),
    );
    assert.ok(!codes(validatePolicySync(text, 'identity', { sizeLimit: Infinity })).includes('size-limit'));
  });

  it('checkSize returns nothing under the limit', () => {
    assert.equal(checkSize('{"a": 1}', 7), undefined);
    assert.equal(checkSize('{"a": 1}', 6)?.code, 'size-limit');
  });
});
