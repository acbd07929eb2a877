/**
 * Trust policies for new roles, generated from who may assume the role, and the starting
 * documents for new managed and inline policies.
 */
import type { Partition } from './partition';

/** Common AWS service principals, for the "AWS service" choice of the role wizard. */
export const COMMON_SERVICE_PRINCIPALS: readonly { readonly principal: string; readonly description: string }[] = [
  { principal: 'lambda.amazonaws.com', description: 'AWS Lambda functions' },
  { principal: 'ec2.amazonaws.com', description: 'Amazon EC2 instances (through an instance profile)' },
  { principal: 'ecs-tasks.amazonaws.com', description: 'Amazon ECS tasks' },
  { principal: 'eks.amazonaws.com', description: 'Amazon EKS clusters' },
  { principal: 'pods.eks.amazonaws.com', description: 'Amazon EKS Pod Identity' },
  { principal: 'states.amazonaws.com', description: 'AWS Step Functions state machines' },
  { principal: 'events.amazonaws.com', description: 'Amazon EventBridge rules' },
  { principal: 'apigateway.amazonaws.com', description: 'Amazon API Gateway' },
  { principal: 'codebuild.amazonaws.com', description: 'AWS CodeBuild projects' },
  { principal: 'codepipeline.amazonaws.com', description: 'AWS CodePipeline' },
  { principal: 'cloudformation.amazonaws.com', description: 'AWS CloudFormation stacks' },
  { principal: 'glue.amazonaws.com', description: 'AWS Glue' },
  { principal: 'sagemaker.amazonaws.com', description: 'Amazon SageMaker' },
  { principal: 'firehose.amazonaws.com', description: 'Amazon Data Firehose' },
  { principal: 'scheduler.amazonaws.com', description: 'Amazon EventBridge Scheduler' },
  { principal: 'edgelambda.amazonaws.com', description: 'Lambda@Edge' },
  { principal: 'ssm.amazonaws.com', description: 'AWS Systems Manager' },
  { principal: 'backup.amazonaws.com', description: 'AWS Backup' },
  { principal: 'rds.amazonaws.com', description: 'Amazon RDS' },
  { principal: 'batch.amazonaws.com', description: 'AWS Batch' },
];

/** Who may assume a new role. */
export type TrustedEntity =
  | { readonly kind: 'service'; readonly services: readonly string[] }
  | {
      readonly kind: 'account';
      readonly accountId: string;
      readonly externalId?: string;
      readonly requireMfa?: boolean;
    };

/** The trust policy IAM's console would generate for `trusted`, as formatted JSON. */
export function trustPolicyDocument(trusted: TrustedEntity, partition: Partition = 'aws'): string {
  if (trusted.kind === 'service') {
    if (trusted.services.length === 0) throw new Error('Pick at least one service.');
    const service = trusted.services.length === 1 ? trusted.services[0] : [...trusted.services];
    return format({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    });
  }
  const condition: Record<string, Record<string, string>> = {};
  if (trusted.externalId) condition.StringEquals = { 'sts:ExternalId': trusted.externalId };
  if (trusted.requireMfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
  return format({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${trusted.accountId}:root` },
        Action: 'sts:AssumeRole',
        ...(Object.keys(condition).length ? { Condition: condition } : {}),
      },
    ],
  });
}

export interface PolicyTemplate {
  readonly label: string;
  readonly description: string;
  readonly document: string;
}

/**
 * Starting points for a new policy. Each is valid as it stands and grants nothing anyone
 * could not already do, so a policy created from one is safe until it is edited.
 */
export const POLICY_TEMPLATES: readonly PolicyTemplate[] = [
  {
    label: 'Placeholder (grants nothing new)',
    description: 'Allows only sts:GetCallerIdentity, which every principal may call; edit it afterwards',
    document: format({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Placeholder', Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }],
    }),
  },
  {
    label: 'Read one S3 bucket',
    description: 'List and read objects of a bucket named "example-bucket"; change the name afterwards',
    document: format({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ListBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example-bucket' },
        { Sid: 'ReadObjects', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' },
      ],
    }),
  },
  {
    label: 'Deny everything',
    description: 'An explicit Deny of all actions: blocks the principal whatever else it is granted',
    document: format({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' }],
    }),
  },
];

/** A policy document typed or pasted by the user: it must parse as a JSON object with a Statement. */
export function checkPolicyJson(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return `The document is not valid JSON: ${(err as Error).message}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'A policy document is a JSON object.';
  if (!('Statement' in parsed)) return 'A policy document needs a "Statement".';
  return undefined;
}

function format(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
