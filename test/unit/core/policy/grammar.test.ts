/** The IAM grammar per kind: each rule with its code, severity and position. */
import * as assert from 'node:assert/strict';
import type { PolicyKind, Severity } from '../../../../src/core/policy/types';
import { validatePolicySync } from '../../../../src/core/policy/validate';
import { codes, identity, only, spanOf } from './helpers';

interface Case {
  name: string;
  kind: PolicyKind;
  text: string;
  code: string;
  /** The text the finding must cover, exactly. */
  at: string;
  /** Which occurrence of `at` (default the first). */
  nth?: number;
  severity?: Severity;
}

const trust = (body: string): string =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", ${body}}]}`;
const resource = (body: string): string =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", ${body}}]}`;
const condition = (block: string): string =>
  identity(`"Action": "s3:GetObject", "Resource": "*", "Condition": ${block}`);

const CASES: Case[] = [
  // Version, Id, top level
  {
    name: 'missing Version',
    kind: 'identity',
    text: '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    code: 'version-missing',
    at: '{',
    severity: 'warning',
  },
  {
    name: 'old Version',
    kind: 'identity',
    text: '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    code: 'version-old',
    at: '"2008-10-17"',
    severity: 'warning',
  },
  {
    name: "today's date as Version",
    kind: 'identity',
    text: '{"Version": "2024-01-01", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    code: 'version-invalid',
    at: '"2024-01-01"',
  },
  {
    name: 'Version as a number',
    kind: 'identity',
    text: '{"Version": 2012, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    code: 'version-invalid',
    at: '2012',
  },
  {
    name: 'Id not a string',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Id": 7, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    code: 'element-type',
    at: '7',
    nth: 1,
  },
  {
    name: 'unknown top-level element',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Statements": [], "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    code: 'unknown-element',
    at: '"Statements"',
  },
  {
    name: 'lower-case element name',
    kind: 'identity',
    text: '{"version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    code: 'unknown-element',
    at: '"version"',
  },
  {
    name: 'missing Statement',
    kind: 'identity',
    text: '{"Version": "2012-10-17"}',
    code: 'statement-missing',
    at: '{',
  },
  {
    name: 'empty Statement list',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Statement": []}',
    code: 'statement-empty',
    at: '[]',
  },
  {
    name: 'Statement is a string',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Statement": "Allow all"}',
    code: 'element-type',
    at: '"Allow all"',
  },
  {
    name: 'a statement that is not an object',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, 5]}',
    code: 'element-type',
    at: '5',
  },
  // Sid
  {
    name: 'Sid with spaces in an identity policy',
    kind: 'identity',
    text: identity('"Sid": "Read objects", "Action": "s3:GetObject", "Resource": "*"'),
    code: 'sid-format',
    at: '"Read objects"',
  },
  {
    name: 'Sid with a hyphen in a trust policy',
    kind: 'trust',
    text: trust('"Sid": "allow-ci", "Principal": {"AWS": "123456789012"}'),
    code: 'sid-format',
    at: '"allow-ci"',
  },
  {
    name: 'duplicate Sid',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Statement": [{"Sid": "A1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "A1", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}]}',
    code: 'duplicate-sid',
    at: '"A1"',
    nth: 1,
  },
  {
    name: 'Sid not a string',
    kind: 'identity',
    text: identity('"Sid": 1, "Action": "s3:GetObject", "Resource": "*"'),
    code: 'element-type',
    at: '1',
    nth: 3,
  },
  // Effect
  {
    name: 'missing Effect',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Statement": {"Action": "s3:GetObject", "Resource": "*"}}',
    code: 'effect-missing',
    at: '{',
    nth: 1,
  },
  {
    name: 'lower-case Effect',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Statement": {"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}}',
    code: 'effect-invalid',
    at: '"allow"',
  },
  {
    name: 'Effect Permit',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Statement": {"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}}',
    code: 'effect-invalid',
    at: '"Permit"',
  },
  {
    name: 'Effect true',
    kind: 'identity',
    text: '{"Version": "2012-10-17", "Statement": {"Effect": true, "Action": "s3:GetObject", "Resource": "*"}}',
    code: 'effect-invalid',
    at: 'true',
  },
  {
    name: 'unknown statement element',
    kind: 'identity',
    text: identity('"Actions": "s3:GetObject", "Action": "s3:GetObject", "Resource": "*"'),
    code: 'unknown-element',
    at: '"Actions"',
  },
  // Action / NotAction
  { name: 'no Action', kind: 'identity', text: identity('"Resource": "*"'), code: 'action-missing', at: '{', nth: 1 },
  {
    name: 'both Action and NotAction',
    kind: 'identity',
    text: identity('"Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"'),
    code: 'action-conflict',
    at: '"NotAction"',
  },
  {
    name: 'action without a service prefix',
    kind: 'identity',
    text: identity('"Action": "GetObject", "Resource": "*"'),
    code: 'action-format',
    at: '"GetObject"',
  },
  {
    name: 'action with a space',
    kind: 'identity',
    text: identity('"Action": ["s3:Get Object"], "Resource": "*"'),
    code: 'action-format',
    at: '"s3:Get Object"',
  },
  {
    name: 'empty action string',
    kind: 'identity',
    text: identity('"Action": "", "Resource": "*"'),
    code: 'action-format',
    at: '""',
  },
  {
    name: 'empty Action list',
    kind: 'identity',
    text: identity('"Action": [], "Resource": "*"'),
    code: 'empty-list',
    at: '[]',
  },
  {
    name: 'Action as an object',
    kind: 'identity',
    text: identity('"Action": {"s3": "GetObject"}, "Resource": "*"'),
    code: 'element-type',
    at: '{"s3": "GetObject"}',
  },
  {
    name: 'number in an Action list',
    kind: 'identity',
    text: identity('"Action": ["s3:GetObject", 3], "Resource": "*"'),
    code: 'element-type',
    at: '3',
    nth: 1,
  },
  // Resource / NotResource
  {
    name: 'identity policy without Resource',
    kind: 'identity',
    text: identity('"Action": "s3:GetObject"'),
    code: 'resource-missing',
    at: '{',
    nth: 1,
  },
  {
    name: 'both Resource and NotResource',
    kind: 'identity',
    text: identity('"Action": "s3:GetObject", "Resource": "*", "NotResource": "arn:aws:s3:::b"'),
    code: 'resource-conflict',
    at: '"NotResource"',
  },
  {
    name: 'bucket name instead of an ARN',
    kind: 'identity',
    text: identity('"Action": "s3:GetObject", "Resource": "my-bucket"'),
    code: 'resource-format',
    at: '"my-bucket"',
  },
  {
    name: 'ARN with too few parts',
    kind: 'identity',
    text: identity('"Action": "s3:GetObject", "Resource": "arn:aws:s3:bucket"'),
    code: 'resource-format',
    at: '"arn:aws:s3:bucket"',
  },
  {
    name: 'ARN with an unknown partition',
    kind: 'identity',
    text: identity('"Action": "s3:GetObject", "Resource": "arn:amazon:s3:::b"'),
    code: 'resource-format',
    at: '"arn:amazon:s3:::b"',
  },
  {
    name: 'ARN without a service',
    kind: 'identity',
    text: identity('"Action": "s3:GetObject", "Resource": "arn:aws::::b"'),
    code: 'resource-format',
    at: '"arn:aws::::b"',
  },
  {
    name: 'ARN with an 11-digit account',
    kind: 'identity',
    text: identity('"Action": "iam:GetRole", "Resource": "arn:aws:iam::12345678901:role/x"'),
    code: 'resource-format',
    at: '"arn:aws:iam::12345678901:role/x"',
    severity: 'warning',
  },
  {
    name: 'ARN without a resource part',
    kind: 'identity',
    text: identity('"Action": "s3:GetObject", "Resource": "arn:aws:s3:::"'),
    code: 'resource-format',
    at: '"arn:aws:s3:::"',
  },
  {
    name: 'Resource in a trust policy',
    kind: 'trust',
    text: trust('"Principal": {"Service": "ec2.amazonaws.com"}, "Resource": "*"'),
    code: 'resource-not-allowed',
    at: '"Resource"',
  },
  {
    name: 'resource policy without Resource',
    kind: 'resource',
    text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject"}]}',
    code: 'resource-missing',
    at: '{',
    nth: 1,
  },
  // Principal / NotPrincipal
  {
    name: 'Principal in an identity policy',
    kind: 'identity',
    text: identity('"Principal": "*", "Action": "s3:GetObject", "Resource": "*"'),
    code: 'principal-not-allowed',
    at: '"Principal"',
  },
  {
    name: 'trust policy without Principal',
    kind: 'trust',
    text: trust('"Sid": "NoOne"'),
    code: 'principal-missing',
    at: '{',
    nth: 1,
  },
  {
    name: 'both Principal and NotPrincipal',
    kind: 'resource',
    text: resource('"Principal": {"AWS": "123456789012"}, "NotPrincipal": {"AWS": "123456789012"}'),
    code: 'principal-conflict',
    at: '"NotPrincipal"',
  },
  {
    name: 'Principal as a bare account ID string',
    kind: 'trust',
    text: trust('"Principal": "123456789012"'),
    code: 'principal-format',
    at: '"123456789012"',
  },
  {
    name: 'unknown principal type',
    kind: 'trust',
    text: trust('"Principal": {"Services": "ec2.amazonaws.com"}'),
    code: 'principal-type',
    at: '"Services"',
  },
  {
    name: 'principal type in the wrong case',
    kind: 'trust',
    text: trust('"Principal": {"aws": "123456789012"}'),
    code: 'principal-type',
    at: '"aws"',
  },
  {
    name: 'wildcard inside a principal ARN',
    kind: 'trust',
    text: trust('"Principal": {"AWS": "arn:aws:iam::123456789012:role/*"}'),
    code: 'principal-format',
    at: '"arn:aws:iam::123456789012:role/*"',
  },
  {
    name: 'AWS principal that is not an ARN',
    kind: 'trust',
    text: trust('"Principal": {"AWS": "alice"}'),
    code: 'principal-format',
    at: '"alice"',
  },
  {
    name: 'deleted principal shown as unique ID',
    kind: 'trust',
    text: trust('"Principal": {"AWS": "AROAEXAMPLEID12345678"}'),
    code: 'principal-format',
    at: '"AROAEXAMPLEID12345678"',
    severity: 'warning',
  },
  {
    name: 'service principal without the domain',
    kind: 'trust',
    text: trust('"Principal": {"Service": "ec2"}'),
    code: 'principal-format',
    at: '"ec2"',
    severity: 'warning',
  },
  {
    name: 'Federated that is neither a provider ARN nor a domain',
    kind: 'trust',
    text: trust('"Principal": {"Federated": "saml"}'),
    code: 'principal-format',
    at: '"saml"',
    severity: 'warning',
  },
  {
    name: 'CanonicalUser that is not 64 hex digits',
    kind: 'resource',
    text: resource('"Principal": {"CanonicalUser": "abc"}'),
    code: 'principal-format',
    at: '"abc"',
    severity: 'warning',
  },
  { name: 'empty Principal object', kind: 'trust', text: trust('"Principal": {}'), code: 'principal-format', at: '{}' },
  {
    name: 'non-STS action in a trust policy',
    kind: 'trust',
    text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "s3:GetObject"}]}',
    code: 'trust-action',
    at: '"s3:GetObject"',
    severity: 'warning',
  },
  // Condition
  {
    name: 'unknown condition operator',
    kind: 'identity',
    text: condition('{"StringEqual": {"aws:username": "alice"}}'),
    code: 'condition-operator',
    at: '"StringEqual"',
  },
  {
    name: 'condition operator in the wrong case',
    kind: 'identity',
    text: condition('{"stringequals": {"aws:username": "alice"}}'),
    code: 'condition-operator',
    at: '"stringequals"',
  },
  {
    name: 'NullIfExists',
    kind: 'identity',
    text: condition('{"NullIfExists": {"aws:TokenIssueTime": "true"}}'),
    code: 'condition-operator',
    at: '"NullIfExists"',
  },
  {
    name: 'Condition is a list',
    kind: 'identity',
    text: condition('[{"StringEquals": {"aws:username": "alice"}}]'),
    code: 'element-type',
    at: '[{"StringEquals": {"aws:username": "alice"}}]',
  },
  {
    name: 'operator block is a string',
    kind: 'identity',
    text: condition('{"StringEquals": "aws:username=alice"}'),
    code: 'element-type',
    at: '"aws:username=alice"',
  },
  {
    name: 'condition key without a prefix',
    kind: 'identity',
    text: condition('{"StringEquals": {"username": "alice"}}'),
    code: 'condition-key-format',
    at: '"username"',
  },
  {
    name: 'condition value is an object',
    kind: 'identity',
    text: condition('{"StringEquals": {"aws:username": {"is": "alice"}}}'),
    code: 'element-type',
    at: '{"is": "alice"}',
  },
  {
    name: 'empty condition value list',
    kind: 'identity',
    text: condition('{"StringEquals": {"aws:username": []}}'),
    code: 'empty-list',
    at: '[]',
  },
  {
    name: 'IpAddress with a bad address',
    kind: 'identity',
    text: condition('{"IpAddress": {"aws:SourceIp": "203.0.113.300/24"}}'),
    code: 'condition-value',
    at: '"203.0.113.300/24"',
  },
  {
    name: 'IpAddress with a bad prefix length',
    kind: 'identity',
    text: condition('{"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "10.0.0.0/33"]}}'),
    code: 'condition-value',
    at: '"10.0.0.0/33"',
  },
  {
    name: 'Bool with yes',
    kind: 'identity',
    text: condition('{"Bool": {"aws:SecureTransport": "yes"}}'),
    code: 'condition-value',
    at: '"yes"',
  },
  {
    name: 'NumericLessThan with text',
    kind: 'identity',
    text: condition('{"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}}'),
    code: 'condition-value',
    at: '"one hour"',
  },
  {
    name: 'DateGreaterThan with a non-date',
    kind: 'identity',
    text: condition('{"DateGreaterThan": {"aws:CurrentTime": "tomorrow"}}'),
    code: 'condition-value',
    at: '"tomorrow"',
  },
  {
    name: 'ArnLike with a plain name',
    kind: 'identity',
    text: condition('{"ArnLike": {"aws:SourceArn": "my-topic"}}'),
    code: 'condition-value',
    at: '"my-topic"',
  },
  {
    name: 'Null with a non-boolean',
    kind: 'identity',
    text: condition('{"Null": {"aws:TokenIssueTime": "maybe"}}'),
    code: 'condition-value',
    at: '"maybe"',
  },
  {
    name: 'BinaryEquals with non-base64',
    kind: 'identity',
    text: condition('{"BinaryEquals": {"s3:x": "not base64!"}}'),
    code: 'condition-value',
    at: '"not base64!"',
  },
  {
    name: 'policy variable with the 2008 language',
    kind: 'identity',
    text: '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}',
    code: 'variable-needs-2012',
    at: '"arn:aws:s3:::home/${aws:username}/*"',
    severity: 'warning',
  },
];

describe('policy grammar', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.code}`, () => {
      const f = only(validatePolicySync(c.text, c.kind), c.code);
      assert.deepEqual({ from: f.from, to: f.to }, spanOf(c.text, c.at, c.nth ?? 0), `${c.code} covers ${c.at}`);
      assert.equal(f.severity, c.severity ?? 'error');
      assert.ok(f.message.length > 20, 'the message explains');
    });
  }

  it('accepts any Sid text in a resource policy, as S3, KMS, SNS and SQS do', () => {
    for (const sid of ['Enable IAM User Permissions', '__default_statement_ID', 'es-sns-to-sqs-policy']) {
      const text = resource(`"Sid": "${sid}", "Principal": {"AWS": "123456789012"}`);
      assert.deepEqual(codes(validatePolicySync(text, 'resource')), [], sid);
    }
  });

  it('warns of a "*" in StringEquals (it matches only an asterisk), not in StringLike, ArnEquals or ${*}', () => {
    const text = condition(`{
      "StringEquals": {"kms:ViaService": "s3.*.amazonaws.com", "aws:PrincipalTag/team": "\${*}"},
      "StringNotEqualsIgnoreCase": {"aws:userid": ["AIDA*"]},
      "StringLike": {"s3:prefix": "home/*"},
      "ArnEquals": {"aws:SourceArn": "arn:aws:sns:*:123456789012:topic"}
    }`);
    const found = validatePolicySync(text, 'identity');
    assert.deepEqual(
      found.map((f) => [f.code, f.severity, text.slice(f.from, f.to)]),
      [
        ['condition-value', 'warning', '"s3.*.amazonaws.com"'],
        ['condition-value', 'warning', '"AIDA*"'],
      ],
    );
    assert.match(found[0]?.message ?? '', /Use StringLike/);
    assert.match(found[1]?.message ?? '', /Use StringNotLike/);
  });

  it('accepts Statement as a single object', () => {
    assert.deepEqual(
      validatePolicySync(
        '{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}',
        'identity',
      ),
      [],
    );
  });

  it('accepts every condition family with good values, set prefixes and IfExists', () => {
    const text = condition(`{
      "StringLikeIfExists": {"aws:PrincipalTag/team": ["dev*", "ops"]},
      "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]},
      "ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*"},
      "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]},
      "Bool": {"aws:SecureTransport": true, "aws:MultiFactorAuthPresent": "true"},
      "NumericLessThanEquals": {"aws:MultiFactorAuthAge": 3600, "s3:max-keys": "10"},
      "DateGreaterThan": {"aws:CurrentTime": "2026-01-31T12:00:00Z", "aws:EpochTime": 1767225600},
      "DateLessThan": {"aws:TokenIssueTime": "2026-02-01"},
      "ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:topic-*"},
      "Null": {"aws:TokenIssueTime": "false"},
      "BinaryEquals": {"s3:x": "QmluYXJ5"},
      "StringEquals": {"aws:username": "\${aws:username}"}
    }`);
    assert.deepEqual(validatePolicySync(text, 'identity'), []);
  });

  it('accepts every principal shape in a resource policy', () => {
    const text = resource(`"Principal": {
      "AWS": ["123456789012", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/path/app", "arn:aws:sts::123456789012:assumed-role/app/session", "arn:aws-cn:iam::123456789012:user/bob"],
      "Service": ["ec2.amazonaws.com", "states.us-east-1.amazonaws.com"],
      "Federated": ["arn:aws:iam::123456789012:saml-provider/Okta", "cognito-identity.amazonaws.com", "accounts.google.com"],
      "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }`);
    assert.deepEqual(validatePolicySync(text, 'resource'), []);
  });

  it('accepts wildcard and variable ARNs', () => {
    const text = identity(
      '"Action": "s3:GetObject", "Resource": ["arn:aws:s3:::*", "arn:aws:s3:*", "arn:aws:iam::*:user/${aws:username}", "arn:*:ec2:*:*:instance/*", "arn:aws-us-gov:s3:::gov-bucket/*"]',
    );
    assert.deepEqual(validatePolicySync(text, 'identity'), []);
  });

  it('accepts every STS action a trust policy uses, and wildcards over them', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity", "sts:Assume*"]}]}';
    assert.deepEqual(validatePolicySync(text, 'trust'), []);
  });

  it('reports several problems of one statement together', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "GetObject", "Resource": "bucket"}]}';
    assert.deepEqual(codes(validatePolicySync(text, 'identity')), [
      'effect-invalid',
      'action-format',
      'resource-format',
    ]);
  });

  it('returns findings ordered by position', () => {
    const text = '{"Version": "2024-01-01", "Statement": [{"Sid": "a b", "Effect": "Alow", "Action": "GetObject"}]}';
    const froms = validatePolicySync(text, 'identity').map((f) => f.from);
    assert.deepEqual(
      froms,
      [...froms].sort((a, b) => a - b),
    );
  });
});
