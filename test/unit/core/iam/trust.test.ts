import { strict as assert } from 'node:assert';
import {
  checkPolicyJson,
  COMMON_SERVICE_PRINCIPALS,
  POLICY_TEMPLATES,
  trustPolicyDocument,
} from '../../../../src/core/iam/trust';
import { checkName, checkServicePrincipal } from '../../../../src/core/iam/rules';

describe('core/iam/trust', () => {
  it('trusts one or several AWS services', () => {
    assert.deepEqual(JSON.parse(trustPolicyDocument({ kind: 'service', services: ['lambda.amazonaws.com'] })), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const two = JSON.parse(
      trustPolicyDocument({ kind: 'service', services: ['ec2.amazonaws.com', 'ssm.amazonaws.com'] }),
    );
    assert.deepEqual(two.Statement[0].Principal, { Service: ['ec2.amazonaws.com', 'ssm.amazonaws.com'] });
    assert.throws(() => trustPolicyDocument({ kind: 'service', services: [] }), /at least one/);
  });

  it('trusts an account’s root in the right partition, with an external id and MFA when asked', () => {
    const doc = JSON.parse(
      trustPolicyDocument(
        { kind: 'account', accountId: '210987654321', externalId: 'partner-42', requireMfa: true },
        'aws-cn',
      ),
    );
    assert.deepEqual(doc.Statement[0], {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws-cn:iam::210987654321:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'partner-42' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    const plain = JSON.parse(trustPolicyDocument({ kind: 'account', accountId: '123456789012' }));
    assert.equal(plain.Statement[0].Condition, undefined);
  });

  it('lists valid, distinct service principals', () => {
    const names = COMMON_SERVICE_PRINCIPALS.map((s) => s.principal);
    assert.equal(new Set(names).size, names.length);
    for (const n of names) assert.equal(checkServicePrincipal(n), undefined, n);
  });

  it('offers templates that are valid policy documents', () => {
    for (const t of POLICY_TEMPLATES) {
      assert.equal(checkPolicyJson(t.document), undefined, t.label);
      assert.equal(checkName('policy', 'x'), undefined);
    }
  });

  it('refuses documents that are not policies', () => {
    assert.match(checkPolicyJson('{"Version": "2012-10-17",}') ?? '', /not valid JSON/);
    assert.match(checkPolicyJson('[]') ?? '', /JSON object/);
    assert.match(checkPolicyJson('{"Version":"2012-10-17"}') ?? '', /needs a "Statement"/);
    assert.equal(checkPolicyJson('\uFEFF{"Statement":[]}'), undefined, 'a BOM is tolerated');
  });
});
