/** resource-type-mismatch: a Resource no resource type of the statement's actions accepts (real catalog). */
import * as assert from 'node:assert/strict';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import { validatePolicy } from '../../../../src/core/policy/validate';
import { globsIntersect } from '../../../../src/core/policy/wildcard';
import { identity } from './helpers';

describe('policy: resource types of actions', () => {
  const catalog = createIamDataCatalog();
  const mismatches = async (body: string): Promise<string[]> =>
    (await validatePolicy(identity(body), 'identity', { catalog }))
      .filter((f) => f.code === 'resource-type-mismatch')
      .map((f) => f.message);

  it('flags a bucket ARN for an object-only action, and an ARN for actions that take only "*"', async () => {
    const [bucket] = await mismatches('"Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket"');
    assert.match(bucket ?? '', /s3:GetObject\) applies to "arn:aws:s3:::my-bucket"/);
    const [star] = await mismatches(
      '"Action": ["ec2:DescribeInstances"], "Resource": "arn:aws:ec2:us-east-1:111122223333:instance/i-1"',
    );
    assert.match(star ?? '', /supports only "Resource": "\*"/);
  });

  it('flags an ARN of another service than the actions', async () => {
    assert.equal((await mismatches('"Action": "dynamodb:GetItem", "Resource": "arn:aws:s3:::table"')).length, 1);
  });

  it('accepts resources some action of the statement takes, wildcards and variables as patterns', async () => {
    assert.deepEqual(
      await mismatches(
        '"Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]',
      ),
      [],
    );
    assert.deepEqual(
      await mismatches('"Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:*:*:*"'),
      [],
    );
    assert.deepEqual(
      await mismatches('"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/home/${aws:username}/*"'),
      [],
    );
    assert.deepEqual(await mismatches('"Action": "s3:Get*", "Resource": "arn:aws:s3:::b"'), []);
    assert.deepEqual(
      await mismatches('"Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/deploy"'),
      [],
    );
  });

  it('stays silent when it cannot judge: "*", unknown actions, service wildcards, NotAction, NotResource', async () => {
    assert.deepEqual(await mismatches('"Action": "*", "Resource": "arn:aws:s3:::b"'), []);
    assert.deepEqual(await mismatches('"Action": ["s3:GetObject", "nosuch:Thing"], "Resource": "arn:aws:s3:::b"'), []);
    assert.deepEqual(await mismatches('"Action": "s*:GetObject", "Resource": "arn:aws:s3:::b"'), []);
    assert.deepEqual(await mismatches('"NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::b"'), []);
    assert.deepEqual(await mismatches('"Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b"'), []);
  });

  it('globsIntersect: some text matches both patterns', () => {
    assert.equal(globsIntersect('arn:aws:s3:::b/*', 'arn:*:s3:::*/*'), true);
    assert.equal(globsIntersect('arn:aws:s3:::b', 'arn:*:s3:::*/*'), false);
    assert.equal(globsIntersect('arn:aws:logs:*:*:*', 'arn:*:logs:*:*:log-group:*:log-stream:*'), true);
    assert.equal(globsIntersect('a?c', 'abc'), true);
    assert.equal(globsIntersect('a?c', 'abbc'), false);
    assert.equal(globsIntersect('ABC', 'abc'), true);
    assert.equal(globsIntersect('*', ''), true);
    assert.equal(globsIntersect('', 'x'), false);
    // Long patterns stay fast (memoized): 200 stars against 200 characters.
    assert.equal(globsIntersect('*a'.repeat(100), 'b'.repeat(200)), false);
  });

  it('accepts a CloudFront origin access identity as an AWS principal', async () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
    assert.deepEqual(
      (await validatePolicy(text, 'resource', { catalog })).map((f) => f.code),
      [],
    );
  });

  it('accepts the execute-api:/ shorthand of API Gateway resource policies', async () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*/*/*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]}';
    assert.deepEqual(
      (await validatePolicy(text, 'resource', { catalog })).map((f) => f.code),
      [],
    );
  });
});

describe('policy: condition operators against the key type', () => {
  const catalog = createIamDataCatalog();
  const mismatch = async (condition: string): Promise<string[]> =>
    (
      await validatePolicy(
        identity(`"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": ${condition}`),
        'identity',
        { catalog },
      )
    )
      .filter((f) => f.code === 'condition-type-mismatch')
      .map((f) => f.message);

  it('flags an operator that cannot compare the key type', async () => {
    const [ip] = await mismatch('{"StringEquals": {"aws:SourceIp": "203.0.113.7"}}');
    assert.match(
      ip ?? '',
      /StringEquals does not compare IPAddress values: use IpAddress or NotIpAddress \(aws:SourceIp is IPAddress\)/,
    );
    assert.equal((await mismatch('{"NumericLessThan": {"aws:username": "3"}}')).length, 1);
    assert.equal((await mismatch('{"DateGreaterThan": {"aws:SecureTransport": "2020-01-01"}}')).length, 1);
  });

  it('accepts the right families, ARN operators on String keys, strings on Bool keys, Null on anything, and sets', async () => {
    assert.deepEqual(
      await mismatch('{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "NumericLessThan": {"s3:TlsVersion": "1.2"}}'),
      [],
    );
    assert.deepEqual(
      await mismatch(
        '{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:t"}, "StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}',
      ),
      [],
    );
    assert.deepEqual(
      await mismatch('{"StringEquals": {"aws:SecureTransport": "true"}, "Null": {"aws:SourceIp": "false"}}'),
      [],
    );
    assert.deepEqual(
      await mismatch(
        '{"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}',
      ),
      [],
    );
  });
});

describe('policy: unknown condition keys with the closest real one', () => {
  const catalog = createIamDataCatalog();
  it('suggests global and service keys, keeping the tag part of a tag key', async () => {
    const text = identity(
      '"Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAcount": "111122223333", "aws:PrincipalTg/team": "ops", "s3:prefx": "home/"}}',
    );
    const messages = (await validatePolicy(text, 'identity', { catalog }))
      .filter((f) => f.code === 'unknown-condition-key')
      .map((f) => f.message);
    assert.equal(messages.length, 3);
    assert.match(messages[0] ?? '', /Did you mean "aws:SourceAccount"\?/);
    assert.match(messages[1] ?? '', /Did you mean "aws:PrincipalTag\/team"\?/);
    assert.match(messages[2] ?? '', /Did you mean "s3:prefix"\?/);
  });
});
