/** The AWS partition a region belongs to, which decides ARN prefixes and IAM's signing region. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/**
 * AWS's region names: two letters, one or more words, a number (us-east-1, eu-central-2,
 * us-gov-west-1, cn-northwest-1, us-isob-east-1, il-central-1). Anything else must not
 * become part of a host name.
 */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Why `region` is not a region name (with the fix), or undefined when it is one. */
export function regionProblem(region: string): string | undefined {
  if (REGION_PATTERN.test(region)) return undefined;
  const shown = JSON.stringify(region.length > 40 ? `${region.slice(0, 40)}…` : region);
  return `The region ${shown} is not an AWS region name (like us-east-1, eu-west-3 or us-gov-west-1). Fix iamExplorer.region, or the profile's region in the AWS config file.`;
}

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
