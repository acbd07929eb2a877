import * as assert from 'node:assert/strict';
import { evaluate, identityMayAllow, preparePolicies, resourceAccountOf } from '../../../../src/core/eval/engine';
import { parsePrincipal } from '../../../../src/core/eval/principal';
import { EvalInputError, type EvalInput } from '../../../../src/core/eval/types';

const USER = 'arn:aws:iam::111122223333:user/Alice';
const req = (action: string, resource = '*', context?: Record<string, string | string[]>): EvalInput['request'] => ({
  principal: USER,
  action,
  resource,
  ...(context ? { context } : {}),
});

function inputError(input: unknown): EvalInputError {
  try {
    evaluate(input as EvalInput);
  } catch (err) {
    assert.ok(err instanceof EvalInputError, String(err));
    return err;
  }
  assert.fail('expected an EvalInputError');
}

describe('eval: explanation', () => {
  const text = [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {"Sid": "ReadAll", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},',
    '    {',
    '      "Sid": "NoSecrets",',
    '      "Effect": "Deny",',
    '      "Action": "s3:*",',
    '      "Resource": "arn:aws:s3:::secret/*"',
    '    }',
    '  ]',
    '}',
  ].join('\n');

  it('names the deciding Deny statement with its Sid, index and position in the text', () => {
    const r = evaluate({
      identityPolicies: [{ Version: '2012-10-17', Statement: [] }, text],
      request: req('s3:GetObject', 'arn:aws:s3:::secret/k'),
    });
    assert.equal(r.decision, 'explicitDeny');
    assert.equal(r.explain.decidingLayer, 'identity');
    const deny = r.explain.deciding[0];
    assert.deepEqual(deny, {
      layer: 'identity',
      policy: 1,
      statement: 1,
      effect: 'Deny',
      sid: 'NoSecrets',
      position: { offset: text.indexOf('{\n      "Sid": "NoSecrets"'), line: 5, column: 5 },
    });
    assert.equal(r.explain.matched.length, 2, 'the Allow statement matched too');
    assert.match(r.explain.reason, /"NoSecrets".*line 5/);
  });

  it('names the granting statement for an allowed request; objects carry no position', () => {
    const r = evaluate({
      identityPolicies: [
        { Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
      ],
      request: req('s3:GetObject', 'arn:aws:s3:::b/k'),
    });
    assert.equal(r.decision, 'allowed');
    assert.deepEqual(r.explain.deciding, [{ layer: 'identity', policy: 0, statement: 0, effect: 'Allow', sid: 'A' }]);
  });

  it('lists every missing condition key of the statements that applied, once, sorted', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::b/${aws:username}/*',
          Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'red' }, Bool: { 'aws:SecureTransport': 'true' } },
        },
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'ec2:Region': 'x' } } },
      ],
    };
    const r = evaluate({
      identityPolicies: [policy],
      request: req('s3:GetObject', 'arn:aws:s3:::b/alice/k', { 'aws:SecureTransport': 'true' }),
    });
    assert.equal(r.decision, 'implicitDeny');
    assert.deepEqual(r.explain.missingContextKeys, ['aws:PrincipalTag/Team', 'aws:username']);
  });

  it('decodes a policy given URL-encoded, as IAM returns documents', () => {
    const r = evaluate({
      identityPolicies: [encodeURIComponent(text)],
      request: req('s3:GetObject', 'arn:aws:s3:::secret/k'),
    });
    assert.equal(r.decision, 'explicitDeny');
    assert.equal(r.explain.deciding[0]?.position?.line, 5);
  });

  it('reports the accounts and whether the request crosses them', () => {
    const r = evaluate({
      identityPolicies: [],
      request: { principal: USER, action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:444455556666:q' },
    });
    assert.equal(r.explain.principalAccount, '111122223333');
    assert.equal(r.explain.resourceAccount, '444455556666');
    assert.equal(r.explain.crossAccount, true);
  });
});

describe('eval: lenient where the meaning is plain', () => {
  it('context numbers and booleans count as their strings; null context and "" resourceAccount as absent', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: '*',
          Condition: { NumericLessThanEquals: { 's3:max-keys': '10' }, Bool: { 'aws:SecureTransport': 'true' } },
        },
      ],
    };
    const context = { 's3:max-keys': 10, 'aws:SecureTransport': true } as unknown as Record<string, string>;
    assert.equal(
      evaluate({ identityPolicies: [policy], request: { ...req('s3:ListBucket', 'arn:aws:s3:::b'), context } })
        .decision,
      'allowed',
    );
    const bare = {
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
      request: { ...req('s3:ListBucket', 'arn:aws:s3:::b'), context: null, resourceAccount: '' },
    };
    assert.equal(evaluate(bare as unknown as EvalInput).decision, 'allowed');
  });
});

describe('eval: a flat list of SCPs is one level', () => {
  const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const onlyS3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  it('any policy of the level may allow', () => {
    const input = {
      identityPolicies: [full],
      serviceControlPolicies: [full, onlyS3],
      request: req('ec2:RunInstances'),
    } as unknown as EvalInput;
    assert.equal(evaluate(input).decision, 'allowed');
    assert.equal(
      evaluate({ ...input, serviceControlPolicies: [[full], [onlyS3]] }).decision,
      'implicitDeny',
      'as two levels, both must allow',
    );
  });
});

describe('eval: identityMayAllow (the Who Can prefilter)', () => {
  const prepared = preparePolicies({
    identityPolicies: [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }],
      },
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: 'arn:aws:iam::111122223333:user/${aws:username}' },
        ],
      },
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] },
    ],
  });
  it('is true only where an Allow statement could apply; a Resource with variables may apply', () => {
    assert.equal(identityMayAllow(prepared, 's3:GetObject', 'arn:aws:s3:::data/k'), true);
    assert.equal(identityMayAllow(prepared, 's3:GetObject', 'arn:aws:s3:::other/k'), false);
    assert.equal(identityMayAllow(prepared, 'iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/Bob'), true);
    assert.equal(identityMayAllow(prepared, 'ec2:RunInstances'), false, 'a Deny never allows');
  });
});

describe('eval: resource account rule', () => {
  const p = parsePrincipal(USER);
  it('resourceAccount wins over the ARN', () =>
    assert.equal(
      resourceAccountOf(
        {
          principal: USER,
          action: 'sqs:X',
          resource: 'arn:aws:sqs:us-east-1:444455556666:q',
          resourceAccount: '999988887777',
        },
        p,
      ),
      '999988887777',
    ));
  it("the ARN's account field next", () =>
    assert.equal(
      resourceAccountOf({ principal: USER, action: 'sqs:X', resource: 'arn:aws:sqs:us-east-1:444455556666:q' }, p),
      '444455556666',
    ));
  it("else the principal's account (S3 ARNs carry none)", () =>
    assert.equal(
      resourceAccountOf({ principal: USER, action: 's3:X', resource: 'arn:aws:s3:::b' }, p),
      '111122223333',
    ));
});

describe('eval: principals', () => {
  it('parses users, roles with paths, sessions, federated users, root, services, anonymous', () => {
    assert.equal(parsePrincipal(USER).kind, 'user');
    assert.deepEqual(
      [
        parsePrincipal('arn:aws:iam::111122223333:role/a/b/Dev').kind,
        parsePrincipal('arn:aws:iam::111122223333:role/a/b/Dev').roleName,
      ],
      ['role', 'Dev'],
    );
    const s = parsePrincipal('arn:aws:sts::111122223333:assumed-role/Dev/alice');
    assert.deepEqual([s.kind, s.roleName, s.account], ['session', 'Dev', '111122223333']);
    assert.equal(parsePrincipal('arn:aws:sts::111122223333:federated-user/Bob').kind, 'federated');
    assert.equal(parsePrincipal('arn:aws:iam::111122223333:root').kind, 'root');
    assert.equal(parsePrincipal('s3.amazonaws.com').kind, 'service');
    assert.equal(parsePrincipal('*').kind, 'anonymous');
    assert.equal(
      parsePrincipal(
        'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
      ).serviceLinkedRole,
      true,
    );
  });
});

describe('eval: bad input says what and where', () => {
  const ok = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const cases: [string, unknown, string, RegExp][] = [
    [
      'an Effect other than Allow/Deny',
      { identityPolicies: [{ Statement: [{ Effect: 'allow', Action: '*' }] }], request: req('s3:X') },
      'identityPolicies[0].Statement[0].Effect',
      /"Allow" or "Deny"/,
    ],
    [
      'no Statement',
      { identityPolicies: [ok, { Version: '2012-10-17' }], request: req('s3:X') },
      'identityPolicies[1].Statement',
      /missing/,
    ],
    [
      'neither Action nor NotAction',
      {
        identityPolicies: [],
        permissionsBoundary: { Statement: { Effect: 'Allow', Resource: '*' } },
        request: req('s3:X'),
      },
      'permissionsBoundary.Statement',
      /neither Action nor NotAction/,
    ],
    [
      'an unknown condition operator',
      {
        identityPolicies: [{ Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEqual: { k: 'v' } } }] }],
        request: req('s3:X'),
      },
      'identityPolicies[0].Statement[0].Condition.StringEqual',
      /not a condition operator/,
    ],
    [
      'policy text that is not JSON',
      { identityPolicies: ['{"Statement": [}'], request: req('s3:X') },
      'identityPolicies[0]',
      /not valid JSON/,
    ],
    ['a number as a policy', { identityPolicies: [42], request: req('s3:X') }, 'identityPolicies[0]', /JSON object/],
    [
      'SCP levels mixed with bare policies',
      { identityPolicies: [], serviceControlPolicies: [[ok], ok], request: req('s3:X') },
      'serviceControlPolicies[1]',
      /list of policies/,
    ],
    [
      'a bad Principal',
      {
        identityPolicies: [],
        resourcePolicy: { Statement: [{ Effect: 'Allow', Principal: 5, Action: '*' }] },
        request: req('s3:X'),
      },
      'resourcePolicy.Statement[0].Principal',
      /"\*" or an object/,
    ],
    [
      'an action without a service',
      { identityPolicies: [], request: req('GetObject') },
      'request.action',
      /service:Action/,
    ],
    [
      'a missing resource',
      { identityPolicies: [], request: { principal: USER, action: 's3:X' } },
      'request.resource',
      /non-empty string/,
    ],
    [
      'a context object',
      { identityPolicies: [], request: { ...req('s3:X'), context: { 's3:max-keys': { n: 10 } } } },
      'request.context.s3:max-keys',
      /string or a list of strings/,
    ],
    [
      'a bad resourceAccount',
      { identityPolicies: [], request: { ...req('s3:X'), resourceAccount: '12' } },
      'request.resourceAccount',
      /12-digit/,
    ],
  ];
  for (const [what, input, field, message] of cases) {
    it(what, () => {
      const err = inputError(input);
      assert.equal(err.field, field);
      assert.match(err.message, message);
    });
  }
});
