/** The AWS partition a region belongs to, which decides ARN prefixes and IAM's signing region. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** IAM is global per partition; requests are signed for this region. */
export function iamSigningRegion(partition: Partition): string {
  switch (partition) {
    case 'aws-cn':
      return 'cn-north-1';
    case 'aws-us-gov':
      return 'us-gov-west-1';
    default:
      return 'us-east-1';
  }
}

/** arn:<partition>:iam::aws:policy/… is an AWS managed policy. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}
