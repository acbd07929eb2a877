import * as assert from 'node:assert/strict';
import { evaluateCondition, ipInCidr, parseDate, parseOperator } from '../../../../src/core/eval/conditions';
import { contextLookup } from '../../../../src/core/eval/engine';
import { arnMatch, maskedMatch } from '../../../../src/core/eval/pattern';
import { isMissing, substitute } from '../../../../src/core/eval/variables';

describe('eval: condition operators', () => {
  it('parses qualifiers and IfExists, case-insensitively; rejects unknown names and Null with IfExists', () => {
    assert.deepEqual(parseOperator('ForAllValues:StringLikeIfExists'), {
      name: 'ForAllValues:StringLikeIfExists',
      family: 'string',
      test: 'like',
      negated: false,
      ifExists: true,
      set: 'all',
    });
    assert.equal(parseOperator('numericlessthan')?.test, 'lt');
    assert.equal(parseOperator('NotIpAddress')?.negated, true);
    assert.equal(parseOperator('StringEqual'), undefined);
    assert.equal(parseOperator('NullIfExists'), undefined);
    assert.equal(parseOperator('Sometimes:StringEquals'), undefined);
  });

  const run = (op: string, values: string[], context: Record<string, string | string[]>, key = 'k'): boolean => {
    const parsed = parseOperator(op);
    assert.ok(parsed);
    return evaluateCondition(parsed, key, values, contextLookup(context), true).ok;
  };

  it('negated operators are the NOR of their values', () => {
    assert.equal(run('StringNotEquals', ['a', 'b'], { k: 'c' }), true);
    assert.equal(run('StringNotEquals', ['a', 'b'], { k: 'b' }), false);
    assert.equal(run('StringNotLike', ['a*', 'b*'], { k: 'bz' }), false);
  });

  it('a plain operator on a multivalued request key: positive if any value matches', () => {
    assert.equal(run('StringEquals', ['b'], { k: ['a', 'b'] }), true);
    assert.equal(run('StringNotEquals', ['b'], { k: ['a', 'b'] }), false);
  });

  it('IP: CIDRs for IPv4 and IPv6, embedded IPv4, malformed input never matches', () => {
    assert.equal(ipInCidr('10.1.2.3', '10.0.0.0/8'), true);
    assert.equal(ipInCidr('11.1.2.3', '10.0.0.0/8'), false);
    assert.equal(ipInCidr('1.2.3.4', '0.0.0.0/0'), true);
    assert.equal(ipInCidr('2001:db8::1', '2001:db8::/32'), true);
    assert.equal(ipInCidr('2001:db9::1', '2001:db8::/32'), false);
    assert.equal(ipInCidr('::ffff:192.0.2.1', '::ffff:192.0.2.0/120'), true);
    assert.equal(ipInCidr('::1', '::1'), true);
    assert.equal(ipInCidr('300.1.1.1', '0.0.0.0/0'), false);
    assert.equal(ipInCidr('10.0.0.1', '10.0.0.0/33'), false);
    assert.equal(ipInCidr('1:2:3:4:5:6:7:8:9', '::/0'), false);
  });

  it('dates: ISO 8601 with and without time, epoch seconds; other text is not a date', () => {
    assert.equal(parseDate('2020-04-01'), Date.UTC(2020, 3, 1));
    assert.equal(parseDate('2020-04-01T00:00:00Z'), Date.UTC(2020, 3, 1));
    assert.equal(parseDate('1585699200'), Date.UTC(2020, 3, 1));
    assert.equal(parseDate('yesterday'), undefined);
    assert.equal(parseDate('2020-04-01T00:00:00'), Date.UTC(2020, 3, 1), 'no zone: UTC, whatever TZ says');
    assert.equal(parseDate('2020-04-01T02:00:00+02:00'), Date.UTC(2020, 3, 1));
  });

  it('numbers: a value that is not a number matches nothing, even negated it does not make a number', () => {
    assert.equal(run('NumericEquals', ['10'], { k: '1e1' }), true);
    assert.equal(run('NumericLessThan', ['10'], { k: '' }), false);
    assert.equal(run('NumericLessThan', ['abc'], { k: '5' }), false);
  });

  it('Bool compares true/false without case and nothing else', () => {
    assert.equal(run('Bool', ['true'], { k: 'TRUE' }), true);
    assert.equal(run('Bool', ['yes'], { k: 'yes' }), false);
  });
});

describe('eval: ARN matching and masks', () => {
  it('matches each of the six components on its own', () => {
    assert.equal(arnMatch({ text: 'arn:aws:iam::*:user/*' }, 'arn:aws:iam::111122223333:user/a/b'), true);
    assert.equal(arnMatch({ text: 'arn:aws:iam::*:user/*' }, 'arn:aws:iam::111122223333:role/a'), false);
    assert.equal(
      arnMatch({ text: 'arn:aws:s3:::b*' }, 'arn:aws:s3:::b/x:y'),
      true,
      'the last component keeps its colons',
    );
    assert.equal(arnMatch({ text: 'arn:aws:sqs:*:111122223333:*' }, 'arn:aws:sqs:us-east-1:444455556666:q'), false);
    assert.equal(arnMatch({ text: '*' }, 'anything'), true);
  });

  it('masked characters are literal', () => {
    assert.equal(maskedMatch('a*', Uint8Array.from([0, 1]), 'a*'), true);
    assert.equal(maskedMatch('a*', Uint8Array.from([0, 1]), 'ab'), false);
    assert.equal(maskedMatch('a*?', Uint8Array.from([0, 0, 1]), 'axyz?'), true);
    assert.equal(maskedMatch('a*?', Uint8Array.from([0, 0, 1]), 'axyz'), false);
  });
});

describe('eval: policy variables', () => {
  const look = contextLookup({
    'aws:username': 'Bob',
    'aws:PrincipalTag/team': 'red',
    'aws:TagKeys': ['a', 'b'],
    odd: 'x*y',
  });
  const sub = (t: string): string | string[] => {
    const s = substitute(t, look);
    return isMissing(s) ? s.missing : s.text;
  };
  it('substitutes case-insensitive names, defaults, escapes', () => {
    assert.equal(sub('home/${AWS:USERNAME}/*'), 'home/Bob/*');
    assert.equal(sub("${aws:PrincipalTag/dept, 'none'}-${aws:PrincipalTag/team, 'none'}"), 'none-red');
    assert.equal(sub("${aws:x, 'it''s'}"), "it's");
    assert.equal(sub('${*}${?}${$}'), '*?$');
  });
  it('a missing or multivalued key without a default has no value', () => {
    assert.deepEqual(sub('${aws:userid}'), ['aws:userid']);
    assert.deepEqual(sub('${aws:TagKeys}'), ['aws:TagKeys']);
  });
  it('malformed variables stay as text; substituted text is not scanned again and is literal', () => {
    assert.equal(sub('${aws:username'), '${aws:username');
    assert.equal(sub("${aws:nothing, '${aws:username}'}"), '${aws:username}');
    const s = substitute('p/${odd}', look);
    assert.ok(!isMissing(s) && s.literal);
    assert.deepEqual(Array.from(s.literal), [0, 0, 1, 1, 1]);
  });
});
