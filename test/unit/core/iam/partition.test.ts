import { strict as assert } from 'node:assert';
import { dnsSuffixOf, iamSigningRegion, isAwsManagedPolicyArn, partitionOf } from '../../../../src/core/iam/partition';

describe("core/iam/partition: partitions from the AWS SDK's table", () => {
  const cases: [region: string, partition: string, signing: string, suffix: string][] = [
    ['eu-west-3', 'aws', 'us-east-1', 'amazonaws.com'],
    ['cn-northwest-1', 'aws-cn', 'cn-north-1', 'amazonaws.com.cn'],
    ['us-gov-east-1', 'aws-us-gov', 'us-gov-west-1', 'amazonaws.com'],
    ['us-iso-west-1', 'aws-iso', 'us-iso-east-1', 'c2s.ic.gov'],
    ['us-isob-east-1', 'aws-iso-b', 'us-isob-east-1', 'sc2s.sgov.gov'],
    ['eusc-de-east-1', 'aws-eusc', 'eusc-de-east-1', 'amazonaws.eu'],
  ];
  for (const [region, partition, signing, suffix] of cases) {
    it(`${region}: ${partition}, IAM signed for ${signing}, hosts under ${suffix}`, () => {
      assert.equal(partitionOf(region), partition);
      assert.equal(iamSigningRegion(region), signing);
      assert.equal(dnsSuffixOf(region), suffix);
    });
  }
  it('AWS managed policy ARNs in every partition, and not a customer policy named "aws"', () => {
    for (const p of ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b', 'aws-eusc'])
      assert.equal(isAwsManagedPolicyArn(`arn:${p}:iam::aws:policy/ReadOnlyAccess`), true, p);
    assert.equal(isAwsManagedPolicyArn('arn:aws:iam::123456789012:policy/aws'), false);
  });
});
