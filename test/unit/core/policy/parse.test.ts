/**
 * The JSON layer: good documents pass, and nothing hangs or throws. The bad-input list of
 * issue 9 for policy documents is test/unit/reliability/badInput.test.ts.
 */
import * as assert from 'node:assert/strict';
import { validatePolicySync } from '../../../../src/core/policy/validate';
import { codes, identity } from './helpers';

const GOOD = identity('"Action": "s3:GetObject", "Resource": "*"');

describe('policy JSON layer', () => {
  it('accepts a plain valid policy without findings', () => {
    assert.deepEqual(validatePolicySync(GOOD, 'identity'), []);
  });

  it('ignores brackets inside strings when measuring nesting', () => {
    const text = identity(`"Sid": "${'['.repeat(50)}", "Action": "s3:GetObject", "Resource": "*"`);
    assert.ok(!codes(validatePolicySync(text, 'identity')).includes('nesting-too-deep'));
  });

  it('accepts the deepest real nesting (condition value lists)', () => {
    const text = identity(
      '"Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}}',
    );
    assert.deepEqual(validatePolicySync(text, 'identity'), []);
  });

  it('accepts Latin-1 characters, which IAM allows', () => {
    const text = identity('"Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/caf\u00e9/*"');
    assert.deepEqual(validatePolicySync(text, 'identity'), []);
  });

  it('never throws on arbitrary text', () => {
    const samples = [
      '{',
      '}',
      '{"Statement":',
      '{"Statement": [{"Condition": {"X": [',
      '\\',
      '{"a":"\\u12"}',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["',
      'nul',
      '{"Statement": {"Principal": {"AWS": {}}}}',
    ];
    for (const s of samples) {
      for (const kind of ['identity', 'trust', 'resource'] as const) {
        const findings = validatePolicySync(s, kind);
        assert.ok(
          findings.some((f) => f.severity === 'error'),
          `${kind}: ${s}`,
        );
        for (const f of findings)
          assert.ok(f.from >= 0 && f.to <= s.length && f.from <= f.to, `${f.code} span inside the text`);
      }
    }
  });
});
