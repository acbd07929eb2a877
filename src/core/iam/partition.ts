import { partition as sdkPartition } from '@aws-sdk/core/client';

/**
 * The AWS partition a region belongs to ('aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b',
 * 'aws-iso-e', 'aws-iso-f', 'aws-eusc', and any the SDK learns), which decides ARN prefixes, DNS
 * suffixes and IAM's signing region. From the AWS SDK's own partition table, not a copy.
 */
export type Partition = string;

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
  return (
    `The region ${shown} is not an AWS region name (like us-east-1, eu-west-3 or us-gov-west-1). Fix ` +
    `iamExplorer.region, or the profile's region in the AWS config file.`
  );
}

export function partitionOf(region: string): Partition {
  return sdkPartition(region).name;
}

/** The partition's DNS suffix ("amazonaws.com", "amazonaws.com.cn", "c2s.ic.gov", "amazonaws.eu"). */
export function dnsSuffixOf(region: string): string {
  return sdkPartition(region).dnsSuffix;
}

/**
 * IAM is global per partition: the region its requests are signed for, which a custom endpoint
 * (an emulator, LocalStack) is signed with too. The three partitions whose IAM lives in one
 * named region; elsewhere the partition's global region, as the SDK's partition table gives it.
 */
export function iamSigningRegion(region: string): string {
  const info = sdkPartition(region);
  if (info.name === 'aws') return 'us-east-1';
  if (info.name === 'aws-cn') return 'cn-north-1';
  if (info.name === 'aws-us-gov') return 'us-gov-west-1';
  // In the SDK's table (partitions.json), not yet in its EndpointPartition type.
  return (info as { implicitGlobalRegion?: string }).implicitGlobalRegion ?? region;
}

/** arn:<partition>:iam::aws:policy/… is an AWS managed policy. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}
