/** Security warnings: each one fires where it should and stays quiet where it should not. */
import * as assert from 'node:assert/strict';
import { validatePolicySync } from '../../../../src/core/policy/validate';
import { codes, identity, only, spanOf } from './helpers';

const SECURITY = new Set([
  'star-on-star',
  'passrole-star',
  'allow-not-action',
  'allow-not-resource',
  'allow-not-principal',
  'open-principal',
]);
const securityCodes = (text: string, kind: 'identity' | 'trust' | 'resource' = 'identity'): string[] =>
  codes(validatePolicySync(text, kind)).filter((c) => SECURITY.has(c));

describe('policy security warnings', () => {
  it('"*" on "*" warns at the action', () => {
    const text = identity('"Action": "*", "Resource": "*"');
    const f = only(validatePolicySync(text, 'identity'), 'star-on-star');
    assert.equal(f.severity, 'warning');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"*"'));
  });

  it('"*:*" in a list on "*" warns too', () => {
    assert.deepEqual(
      securityCodes(identity('"Action": ["s3:GetObject", "*:*"], "Resource": ["arn:aws:s3:::b", "*"]')),
      ['star-on-star'],
    );
  });

  it('"*" on one bucket, or Deny "*" on "*", does not warn', () => {
    assert.deepEqual(securityCodes(identity('"Action": "*", "Resource": "arn:aws:s3:::b"')), []);
    assert.deepEqual(
      securityCodes('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}'),
      [],
    );
  });

  it('iam:PassRole on "*" warns at the action', () => {
    const text = identity('"Action": ["ec2:RunInstances", "iam:PassRole"], "Resource": "*"');
    const f = only(validatePolicySync(text, 'identity'), 'passrole-star');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"iam:PassRole"'));
  });

  it('a wildcard that covers PassRole (iam:Pass*, iam:*) on all roles warns, case-insensitively', () => {
    assert.deepEqual(securityCodes(identity('"Action": "iam:pass*", "Resource": "*"')), ['passrole-star']);
    assert.deepEqual(securityCodes(identity('"Action": "iam:*", "Resource": "arn:aws:iam::*:role/*"')), [
      'passrole-star',
    ]);
  });

  it('iam:PassRole on one named role does not warn', () => {
    assert.deepEqual(
      securityCodes(identity('"Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app"')),
      [],
    );
  });

  it('Allow with NotAction warns at the key; Deny with NotAction does not', () => {
    const text = identity('"NotAction": "iam:*", "Resource": "*"');
    const f = only(validatePolicySync(text, 'identity'), 'allow-not-action');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"NotAction"'));
    assert.deepEqual(
      securityCodes(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]}',
      ),
      [],
    );
  });

  it('Allow with NotResource warns at the key', () => {
    const text = identity('"Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"');
    const f = only(validatePolicySync(text, 'identity'), 'allow-not-resource');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"NotResource"'));
  });

  it('a trust policy open to "*" without a Condition warns', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}';
    const f = only(validatePolicySync(text, 'trust'), 'open-principal');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"Principal"'));
    assert.match(f.message, /any AWS account can assume this role/);
  });

  it('a trust policy open to {"AWS": "*"} (also in a list) warns', () => {
    assert.deepEqual(
      securityCodes(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:root", "*"]}, "Action": "sts:AssumeRole"}]}',
        'trust',
      ),
      ['open-principal'],
    );
  });

  it('an open trust policy with a Condition does not warn', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}';
    assert.deepEqual(securityCodes(text, 'trust'), []);
  });

  it('an Allow to everyone that a conditional Deny to everyone covers (actions and resources) does not warn', () => {
    const policy = (allow: string, deny: string): string =>
      `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", ${allow}}, ` +
      `{"Effect": "Deny", "Principal": "*", ${deny}}]}`;
    const vpce = '"Condition": {"StringNotEquals": {"aws:sourceVpce": "vpce-1a2b3c4d"}}';
    // API Gateway's private API policy: allow everyone, deny unless through the endpoint.
    const api = '"Action": "execute-api:Invoke", "Resource": "execute-api:/*"';
    assert.deepEqual(securityCodes(policy(api, `${api}, ${vpce}`), 'resource'), []);
    assert.deepEqual(
      securityCodes(
        policy('"Action": "execute-api:Invoke", "Resource": "execute-api:/*/GET/*"', `${api}, ${vpce}`),
        'resource',
      ),
      [],
    );
    // The Deny must cover: narrower actions, other resources or no Condition leave the Allow open.
    const bucket = '"Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"';
    for (const deny of [
      `"Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", ${vpce}`,
      `"Action": "s3:*", "Resource": "arn:aws:s3:::other/*", ${vpce}`,
      '"Action": "s3:*", "Resource": "arn:aws:s3:::b/*"',
      // Denying plain HTTP still lets anyone in over TLS; denying from the endpoint (StringEquals) too.
      '"Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}',
      '"Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:sourceVpce": "vpce-1a2b3c4d"}}',
    ])
      assert.deepEqual(securityCodes(policy(bucket, deny), 'resource'), ['open-principal'], deny);
    assert.deepEqual(securityCodes(policy(bucket, `"Action": "s3:*", "Resource": "*", ${vpce}`), 'resource'), []);
    const org = '"Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}';
    const ip = '"Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}';
    for (const deny of [org, ip])
      assert.deepEqual(securityCodes(policy(bucket, `"Action": "s3:*", "Resource": "*", ${deny}`), 'resource'), []);
  });

  it('a resource policy open to everyone warns; Deny to everyone does not', () => {
    assert.deepEqual(
      securityCodes(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
        'resource',
      ),
      ['open-principal'],
    );
    assert.deepEqual(
      securityCodes(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}',
        'resource',
      ),
      [],
    );
  });

  it('Allow with NotPrincipal warns', () => {
    assert.deepEqual(
      securityCodes(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
        'resource',
      ),
      ['allow-not-principal'],
    );
  });
});
