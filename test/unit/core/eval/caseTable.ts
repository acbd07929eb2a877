/**
 * The engine's case table, built from examples and rules of AWS's documentation; every
 * case cites the page it follows. `npm run --silent evaluate` reads the same cases from
 * test/fixtures/eval/cases.json, which `caseTable.test.ts` keeps equal to this table
 * (regenerate it with `npx tsx test/unit/core/eval/writeFixture.ts`).
 */
import type { Decision, EvalInput, Layer } from '../../../../src/core/eval/types';

export interface TableCase extends EvalInput {
  name: string;
  /** The documentation page the case follows. */
  doc: string;
  expected: Decision;
  /** When given: the layer that must decide. */
  expectedLayer?: Layer | null;
  /** When given: the missing context keys the explanation must list. */
  expectedMissing?: string[];
}

const IAM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/';
const DOC = {
  eval: `${IAM}reference_policies_evaluation-logic.html`,
  denyAllow: `${IAM}reference_policies_evaluation-logic_policy-eval-denyallow.html`,
  interplay: `${IAM}reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html`,
  cross: `${IAM}reference_policies_evaluation-logic-cross-account.html`,
  action: `${IAM}reference_policies_elements_action.html`,
  notAction: `${IAM}reference_policies_elements_notaction.html`,
  resource: `${IAM}reference_policies_elements_resource.html`,
  notResource: `${IAM}reference_policies_elements_notresource.html`,
  principal: `${IAM}reference_policies_elements_principal.html`,
  notPrincipal: `${IAM}reference_policies_elements_notprincipal.html`,
  condition: `${IAM}reference_policies_elements_condition.html`,
  operators: `${IAM}reference_policies_elements_condition_operators.html`,
  multi: `${IAM}reference_policies_condition-logic-multiple-context-keys-or-values.html`,
  sets: `${IAM}reference_policies_condition-single-vs-multi-valued-context-keys.html`,
  variables: `${IAM}reference_policies_variables.html`,
  version: `${IAM}reference_policies_elements_version.html`,
  boundaries: `${IAM}access_policies_boundaries.html`,
  session: `${IAM}access_policies.html#policies_session`,
  scp: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html',
  scpSlr: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html',
  rcp: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html',
  rcpServices: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html',
  trust: `${IAM}id_roles_compare-resource-policies.html`,
  kms: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html',
  multiExamples: `${IAM}reference_policies_condition_examples-multi-valued-context-keys.html`,
  singleExamples: `${IAM}reference_policies_condition_examples-single-valued-context-keys.html`,
  keys: `${IAM}reference_policies_condition-keys.html`,
  abac: `${IAM}tutorial_attribute-based-access-control.html`,
  rcpScope: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html',
  scpExamples: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples.html',
};

const A = '111122223333';
const B = '444455556666';
const user = (name = 'Alice', account = A): string => `arn:aws:iam::${account}:user/${name}`;
const role = (name = 'Dev', account = A): string => `arn:aws:iam::${account}:role/${name}`;
const sess = (r = 'Dev', s = 'sess', account = A): string => `arn:aws:sts::${account}:assumed-role/${r}/${s}`;
const fed = (name = 'Bob', account = A): string => `arn:aws:sts::${account}:federated-user/${name}`;
const root = (account = A): string => `arn:aws:iam::${account}:root`;

type Statement = Record<string, unknown>;
const pol = (...Statement: Statement[]): Record<string, unknown> => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Statement = {}): Statement => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: Statement = {}): Statement => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});
const cond = (Condition: Record<string, Record<string, unknown>>): Statement => ({ Condition });
const allowAll = pol(allow('*'));

interface Req {
  principal?: string;
  resourceAccount?: string;
  context?: Record<string, string | string[]>;
}
const req = (action: string, resource = '*', more: Req = {}): EvalInput['request'] => ({
  principal: more.principal ?? user(),
  action,
  resource,
  ...(more.resourceAccount ? { resourceAccount: more.resourceAccount } : {}),
  ...(more.context ? { context: more.context } : {}),
});

const cases: TableCase[] = [];
function add(
  name: string,
  doc: string,
  expected: Decision,
  input: Omit<EvalInput, 'identityPolicies'> & { identityPolicies?: EvalInput['identityPolicies'] },
  extra: Pick<TableCase, 'expectedLayer' | 'expectedMissing'> = {},
): void {
  cases.push({ name, doc, expected, ...extra, ...input, identityPolicies: input.identityPolicies ?? [] });
}

// ---------------------------------------------------------------- evaluation basics
add(
  'no policy at all: implicit deny',
  DOC.interplay,
  'implicitDeny',
  { request: req('s3:GetObject', 'arn:aws:s3:::b/k') },
  { expectedLayer: 'identity' },
);
add(
  'identity policy allows the action',
  DOC.eval,
  'allowed',
  { identityPolicies: [pol(allow('s3:GetObject'))], request: req('s3:GetObject', 'arn:aws:s3:::b/k') },
  { expectedLayer: 'identity' },
);
add('identity policy allows another action only', DOC.interplay, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:PutObject'))],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k'),
});
add(
  'allow and deny in one policy: deny wins',
  DOC.denyAllow,
  'explicitDeny',
  { identityPolicies: [pol(allow('s3:*'), deny('s3:GetObject'))], request: req('s3:GetObject', 'arn:aws:s3:::b/k') },
  { expectedLayer: 'identity' },
);
add('deny in a second policy overrides an allow', DOC.denyAllow, 'explicitDeny', {
  identityPolicies: [pol(allow('s3:*')), pol(deny('s3:*'))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b'),
});
add('allow in any one of several policies suffices', DOC.eval, 'allowed', {
  identityPolicies: [pol(allow('ec2:*')), pol(allow('s3:ListBucket'))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b'),
});
const carlos = pol(
  {
    Sid: 'AllowS3ListRead',
    Effect: 'Allow',
    Action: ['s3:GetBucketLocation', 's3:GetAccountPublicAccessBlock', 's3:ListAccessPoints', 's3:ListAllMyBuckets'],
    Resource: 'arn:aws:s3:::*',
  },
  {
    Sid: 'AllowS3Self',
    Effect: 'Allow',
    Action: 's3:*',
    Resource: ['arn:aws:s3:::carlossalazar/*', 'arn:aws:s3:::carlossalazar'],
  },
  { Sid: 'DenyS3Logs', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::*log*' },
);
const carlosBucket = pol({
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${A}:user/carlossalazar` },
  Action: 's3:*',
  Resource: ['arn:aws:s3:::carlossalazar/*', 'arn:aws:s3:::carlossalazar'],
});
add('Carlos: saving into carlossalazar-logs is denied by DenyS3Logs', DOC.denyAllow, 'explicitDeny', {
  identityPolicies: [carlos],
  resourcePolicy: carlosBucket,
  request: req('s3:PutObject', 'arn:aws:s3:::carlossalazar-logs/file.txt', { principal: user('carlossalazar') }),
});
add('Carlos: saving into carlossalazar is allowed by both policies', DOC.denyAllow, 'allowed', {
  identityPolicies: [carlos],
  resourcePolicy: carlosBucket,
  request: req('s3:PutObject', 'arn:aws:s3:::carlossalazar/file.txt', { principal: user('carlossalazar') }),
});
add(
  'Carlos: the bucket policy alone allows him (same account)',
  DOC.denyAllow,
  'allowed',
  {
    resourcePolicy: carlosBucket,
    request: req('s3:PutObject', 'arn:aws:s3:::carlossalazar/file.txt', { principal: user('carlossalazar') }),
  },
  { expectedLayer: 'resource' },
);
add('Carlos: the identity policy alone allows him (same account)', DOC.denyAllow, 'allowed', {
  identityPolicies: [carlos],
  request: req('s3:GetObject', 'arn:aws:s3:::carlossalazar/file.txt', { principal: user('carlossalazar') }),
});
add('Carlos: another user is not named by the bucket policy', DOC.denyAllow, 'implicitDeny', {
  resourcePolicy: carlosBucket,
  request: req('s3:GetObject', 'arn:aws:s3:::carlossalazar/file.txt', { principal: user('mary') }),
});
const getList = pol(
  { Sid: 'AllowGetList', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
  { Sid: 'DenyReports', Effect: 'Deny', Action: 'iam:*Report', Resource: '*' },
);
add('AllowGetList allows iam:GetUser', DOC.interplay, 'allowed', {
  identityPolicies: [getList],
  request: req('iam:GetUser', user()),
});
add('AllowGetList allows iam:ListRoles', DOC.interplay, 'allowed', {
  identityPolicies: [getList],
  request: req('iam:ListRoles'),
});
add('AllowGetList: iam:CreatePolicy is implicitly denied', DOC.interplay, 'implicitDeny', {
  identityPolicies: [getList],
  request: req('iam:CreatePolicy'),
});
add('DenyReports: iam:GetCredentialReport is explicitly denied', DOC.interplay, 'explicitDeny', {
  identityPolicies: [getList],
  request: req('iam:GetCredentialReport'),
});
add('DenyReports: iam:GenerateCredentialReport stays denied even if allowed elsewhere', DOC.interplay, 'explicitDeny', {
  identityPolicies: [getList, pol(allow('iam:GenerateCredentialReport'))],
  request: req('iam:GenerateCredentialReport'),
});
add('the account root user has full access without policies', DOC.denyAllow, 'allowed', {
  request: req('iam:CreateUser', user('x'), { principal: root() }),
});
add('an explicit deny in a resource policy applies to the root user too', DOC.denyAllow, 'explicitDeny', {
  resourcePolicy: pol(deny('s3:DeleteBucket', 'arn:aws:s3:::b', { Principal: '*' })),
  request: req('s3:DeleteBucket', 'arn:aws:s3:::b', { principal: root() }),
});

// ---------------------------------------------------------------- Action / NotAction
add('Action s3:* matches s3:GetObject', DOC.action, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k'),
});
add('Action names are case-insensitive (policy)', DOC.action, 'allowed', {
  identityPolicies: [pol(allow('S3:GETOBJECT'))],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k'),
});
add('Action names are case-insensitive (request)', DOC.action, 'allowed', {
  identityPolicies: [pol(allow('s3:GetObject'))],
  request: req('S3:getobject', 'arn:aws:s3:::b/k'),
});
add('Action iam:*AccessKey* matches iam:CreateAccessKey', DOC.action, 'allowed', {
  identityPolicies: [pol(allow('iam:*AccessKey*'))],
  request: req('iam:CreateAccessKey', user()),
});
add('Action iam:*AccessKey* matches iam:ListAccessKeys', DOC.action, 'allowed', {
  identityPolicies: [pol(allow('iam:*AccessKey*'))],
  request: req('iam:ListAccessKeys', user()),
});
add('Action iam:*AccessKey* does not match iam:GetUser', DOC.action, 'implicitDeny', {
  identityPolicies: [pol(allow('iam:*AccessKey*'))],
  request: req('iam:GetUser', user()),
});
add('Action "*" matches every action', DOC.action, 'allowed', {
  identityPolicies: [allowAll],
  request: req('dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${A}:table/T`),
});
add('Action ? matches exactly one character', DOC.action, 'allowed', {
  identityPolicies: [pol(allow('iam:Get?ser'))],
  request: req('iam:GetUser', user()),
});
add('Action ? does not match two characters', DOC.action, 'implicitDeny', {
  identityPolicies: [pol(allow('iam:Get?er'))],
  request: req('iam:GetUser', user()),
});
add('a list of actions is ORed', DOC.action, 'allowed', {
  identityPolicies: [pol(allow(['sqs:SendMessage', 'sqs:ReceiveMessage']))],
  request: req('sqs:ReceiveMessage', `arn:aws:sqs:us-east-1:${A}:q`),
});
add('Action ec2:Describe* does not match ec2:RunInstances', DOC.action, 'implicitDeny', {
  identityPolicies: [pol(allow('ec2:Describe*'))],
  request: req('ec2:RunInstances'),
});
add('the service prefix must match: s3 is not s3-object-lambda', DOC.action, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:GetObject'))],
  request: req('s3-object-lambda:GetObject'),
});
add('Allow NotAction iam:* allows s3 actions', DOC.notAction, 'allowed', {
  identityPolicies: [pol({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k'),
});
add('Allow NotAction iam:* does not allow iam actions', DOC.notAction, 'implicitDeny', {
  identityPolicies: [pol({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
  request: req('iam:CreateUser', user('x')),
});
add('Allow NotAction s3:DeleteBucket on s3 resources allows s3:ListBucket', DOC.notAction, 'allowed', {
  identityPolicies: [pol({ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: 'arn:aws:s3:::*' })],
  request: req('s3:ListBucket', 'arn:aws:s3:::b'),
});
add('Allow NotAction s3:DeleteBucket does not allow s3:DeleteBucket', DOC.notAction, 'implicitDeny', {
  identityPolicies: [pol({ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: 'arn:aws:s3:::*' })],
  request: req('s3:DeleteBucket', 'arn:aws:s3:::b'),
});
add('Allow NotAction on s3 resources also covers other services on those ARNs', DOC.notAction, 'allowed', {
  identityPolicies: [pol({ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: 'arn:aws:s3:::*' })],
  request: req('sqs:SendMessage', 'arn:aws:s3:::b'),
});
add('Deny NotAction iam:* denies everything but IAM', DOC.notAction, 'explicitDeny', {
  identityPolicies: [allowAll, pol({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })],
  request: req('ec2:RunInstances'),
});
add('Deny NotAction iam:* does not deny IAM actions', DOC.notAction, 'allowed', {
  identityPolicies: [allowAll, pol({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })],
  request: req('iam:ListUsers'),
});
const mfaDeny = pol(allow('*'), {
  Sid: 'DenyAllExceptListedIfNoMFA',
  Effect: 'Deny',
  NotAction: [
    'iam:CreateVirtualMFADevice',
    'iam:EnableMFADevice',
    'iam:GetUser',
    'iam:ListMFADevices',
    'iam:ListVirtualMFADevices',
    'iam:ResyncMFADevice',
    'sts:GetSessionToken',
  ],
  Resource: '*',
  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
});
add('NotAction+BoolIfExists: without MFA, s3 is denied', DOC.notAction, 'explicitDeny', {
  identityPolicies: [mfaDeny],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:MultiFactorAuthPresent': 'false' } }),
});
add('NotAction+BoolIfExists: without MFA, the listed MFA actions stay allowed', DOC.notAction, 'allowed', {
  identityPolicies: [mfaDeny],
  request: req('iam:EnableMFADevice', user(), { context: { 'aws:MultiFactorAuthPresent': 'false' } }),
});
add('NotAction+BoolIfExists: with MFA, s3 is allowed', DOC.notAction, 'allowed', {
  identityPolicies: [mfaDeny],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:MultiFactorAuthPresent': 'true' } }),
});
add('NotAction+BoolIfExists: long-term keys (key absent) are denied', DOC.operators, 'explicitDeny', {
  identityPolicies: [mfaDeny],
  request: req('s3:ListAllMyBuckets'),
});

// ---------------------------------------------------------------- Resource / NotResource
add('Resource: the exact ARN matches', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('sqs:*', `arn:aws:sqs:us-east-2:${A}:queue1`))],
  request: req('sqs:SendMessage', `arn:aws:sqs:us-east-2:${A}:queue1`),
});
add('Resource: another queue does not match', DOC.resource, 'implicitDeny', {
  identityPolicies: [pol(allow('sqs:*', `arn:aws:sqs:us-east-2:${A}:queue1`))],
  request: req('sqs:SendMessage', `arn:aws:sqs:us-east-2:${A}:queue2`),
});
add('Resource ARNs are case-sensitive', DOC.resource, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::MyBucket/*'))],
  request: req('s3:GetObject', 'arn:aws:s3:::mybucket/k'),
});
add('Resource bucket/* matches an object', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::b/*'))],
  request: req('s3:GetObject', 'arn:aws:s3:::b/a/b/c.txt'),
});
add('Resource bucket/* does not match the bucket itself', DOC.resource, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::b/*'))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b'),
});
add('Resource with a wildcard account and region', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('ec2:*', 'arn:aws:ec2:*:*:instance/*'))],
  request: req('ec2:StopInstances', `arn:aws:ec2:us-west-2:${A}:instance/i-0abc`),
});
add('Resource: a fixed account does not match another account', DOC.resource, 'implicitDeny', {
  identityPolicies: [pol(allow('iam:*', `arn:aws:iam::${A}:user/*`))],
  request: req('iam:GetUser', user('x', B), { resourceAccount: A }),
});
add('Resource ? matches one character', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::bucket-?'))],
  request: req('s3:ListBucket', 'arn:aws:s3:::bucket-a'),
});
add('Resource ? does not match two characters', DOC.resource, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::bucket-?'))],
  request: req('s3:ListBucket', 'arn:aws:s3:::bucket-ab'),
});
add('Resource "*" matches everything', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('iam:GetRole', '*'))],
  request: req('iam:GetRole', role()),
});
add('a list of resources is ORed', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('s3:*', ['arn:aws:s3:::a', 'arn:aws:s3:::b']))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b'),
});
add('Resource with a path wildcard matches a user in a path', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('iam:*', `arn:aws:iam::${A}:user/division_abc/*`))],
  request: req('iam:GetUser', `arn:aws:iam::${A}:user/division_abc/subdivision_xyz/Bob`),
});
add('Allow NotResource: a resource outside the list is allowed', DOC.notResource, 'allowed', {
  identityPolicies: [
    pol({ Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::secret', 'arn:aws:s3:::secret/*'] }),
  ],
  request: req('s3:GetObject', 'arn:aws:s3:::public/k'),
});
add('Allow NotResource: a listed resource is not allowed', DOC.notResource, 'implicitDeny', {
  identityPolicies: [
    pol({ Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::secret', 'arn:aws:s3:::secret/*'] }),
  ],
  request: req('s3:GetObject', 'arn:aws:s3:::secret/k'),
});
const payroll = pol(allow('s3:*'), {
  Effect: 'Deny',
  Action: 's3:*',
  NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'],
});
add('Deny NotResource: everything outside Payroll is denied', DOC.notResource, 'explicitDeny', {
  identityPolicies: [payroll],
  request: req('s3:GetObject', 'arn:aws:s3:::HRBucket/Other/x'),
});
add('Deny NotResource: Payroll itself is not denied', DOC.notResource, 'allowed', {
  identityPolicies: [payroll],
  request: req('s3:GetObject', 'arn:aws:s3:::HRBucket/Payroll/x'),
});

// ---------------------------------------------------------------- condition operators: String
const tagAdmin = pol(
  allow(
    'iam:*AccessKey*',
    `arn:aws:iam::${A}:user/*`,
    cond({ StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }),
  ),
);
add('StringEquals: the tag value matches', DOC.operators, 'allowed', {
  identityPolicies: [tagAdmin],
  request: req('iam:CreateAccessKey', user('x'), { context: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }),
});
add('StringEquals: another value does not match', DOC.operators, 'implicitDeny', {
  identityPolicies: [tagAdmin],
  request: req('iam:CreateAccessKey', user('x'), { context: { 'aws:PrincipalTag/job-category': 'developer' } }),
});
add(
  'StringEquals: a missing key does not match',
  DOC.operators,
  'implicitDeny',
  { identityPolicies: [tagAdmin], request: req('iam:CreateAccessKey', user('x')) },
  { expectedMissing: ['aws:PrincipalTag/job-category'] },
);
add('StringEquals compares values case-sensitively', DOC.operators, 'implicitDeny', {
  identityPolicies: [tagAdmin],
  request: req('iam:CreateAccessKey', user('x'), { context: { 'aws:PrincipalTag/job-category': 'IAMUser-Admin' } }),
});
add('condition key names are case-insensitive', DOC.condition, 'allowed', {
  identityPolicies: [tagAdmin],
  request: req('iam:CreateAccessKey', user('x'), { context: { 'AWS:PRINCIPALTAG/JOB-CATEGORY': 'iamuser-admin' } }),
});
add('StringEquals does not treat * as a wildcard', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ StringEquals: { 's3:prefix': 'home/*' } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:prefix': 'home/alice' } }),
});
const notEq = pol(
  allow('ec2:*', '*', cond({ StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } })),
);
add('StringNotEquals: a value outside the list holds', DOC.operators, 'allowed', {
  identityPolicies: [notEq],
  request: req('ec2:RunInstances', '*', { context: { 'aws:RequestedRegion': 'eu-west-1' } }),
});
add('StringNotEquals with several values is a NOR: a listed value fails', DOC.multi, 'implicitDeny', {
  identityPolicies: [notEq],
  request: req('ec2:RunInstances', '*', { context: { 'aws:RequestedRegion': 'us-west-2' } }),
});
add('StringNotEquals holds when the key is missing', DOC.operators, 'allowed', {
  identityPolicies: [notEq],
  request: req('ec2:RunInstances'),
});
add('StringEqualsIgnoreCase ignores case', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Admins' } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 'aws:PrincipalTag/team': 'ADMINS' } }),
});
add('StringNotEqualsIgnoreCase: same value in other case fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [
    pol(allow('s3:*', '*', cond({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Admins' } }))),
  ],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 'aws:PrincipalTag/team': 'admins' } }),
});
const likePrefix = pol(
  allow('s3:ListBucket', 'arn:aws:s3:::b', cond({ StringLike: { 's3:prefix': ['marketing/*'] } })),
);
add('StringLike: marketing/* matches marketing/2024/q1', DOC.operators, 'allowed', {
  identityPolicies: [likePrefix],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:prefix': 'marketing/2024/q1' } }),
});
add('StringLike: marketing/* does not match finance/', DOC.operators, 'implicitDeny', {
  identityPolicies: [likePrefix],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:prefix': 'finance/' } }),
});
add('StringLike is case-sensitive', DOC.operators, 'implicitDeny', {
  identityPolicies: [likePrefix],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:prefix': 'Marketing/x' } }),
});
add('StringLike ? matches one character', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('ec2:*', '*', cond({ StringLike: { 'ec2:InstanceType': 't?.micro' } })))],
  request: req('ec2:RunInstances', '*', { context: { 'ec2:InstanceType': 't3.micro' } }),
});
add('StringNotLike: a matching value fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('ec2:*', '*', cond({ StringNotLike: { 'ec2:InstanceType': '*.metal' } })))],
  request: req('ec2:RunInstances', '*', { context: { 'ec2:InstanceType': 'c5.metal' } }),
});
add('StringNotLike: a non-matching value holds', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('ec2:*', '*', cond({ StringNotLike: { 'ec2:InstanceType': '*.metal' } })))],
  request: req('ec2:RunInstances', '*', { context: { 'ec2:InstanceType': 'c5.large' } }),
});
add('StringNotLike holds when the key is missing', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('ec2:*', '*', cond({ StringNotLike: { 'ec2:InstanceType': '*.metal' } })))],
  request: req('ec2:RunInstances'),
});
add('several values for one key are ORed', DOC.multi, 'allowed', {
  identityPolicies: [
    pol(allow('ec2:*', '*', cond({ StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } }))),
  ],
  request: req('ec2:RunInstances', '*', { context: { 'aws:RequestedRegion': 'us-west-2' } }),
});
const twoKeys = pol(
  allow(
    's3:*',
    '*',
    cond({
      StringEquals: {
        'aws:PrincipalTag/department': ['finance', 'hr'],
        'aws:PrincipalTag/role': ['audit', 'security'],
      },
    }),
  ),
);
add('several keys under one operator are ANDed: both hold', DOC.multi, 'allowed', {
  identityPolicies: [twoKeys],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', {
    context: { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit' },
  }),
});
add('several keys under one operator are ANDed: one fails', DOC.multi, 'implicitDeny', {
  identityPolicies: [twoKeys],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', {
    context: { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'dev' },
  }),
});
add(
  'several keys under one operator are ANDed: one missing',
  DOC.multi,
  'implicitDeny',
  {
    identityPolicies: [twoKeys],
    request: req('s3:GetObject', 'arn:aws:s3:::b/k', { context: { 'aws:PrincipalTag/department': 'hr' } }),
  },
  { expectedMissing: ['aws:PrincipalTag/role'] },
);
const twoOps = pol(
  allow(
    's3:*',
    '*',
    cond({ StringEquals: { 'aws:PrincipalTag/department': 'finance' }, IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }),
  ),
);
add('several operators are ANDed: both hold', DOC.multi, 'allowed', {
  identityPolicies: [twoOps],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', {
    context: { 'aws:PrincipalTag/department': 'finance', 'aws:SourceIp': '192.0.2.10' },
  }),
});
add('several operators are ANDed: one fails', DOC.multi, 'implicitDeny', {
  identityPolicies: [twoOps],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', {
    context: { 'aws:PrincipalTag/department': 'finance', 'aws:SourceIp': '198.51.100.1' },
  }),
});

// ---------------------------------------------------------------- Numeric, Date, Bool, Binary
const maxKeys = pol(allow('s3:ListBucket', 'arn:aws:s3:::b', cond({ NumericLessThanEquals: { 's3:max-keys': '10' } })));
add('NumericLessThanEquals: 10 <= 10', DOC.operators, 'allowed', {
  identityPolicies: [maxKeys],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:max-keys': '10' } }),
});
add('NumericLessThanEquals: 11 is too many', DOC.operators, 'implicitDeny', {
  identityPolicies: [maxKeys],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:max-keys': '11' } }),
});
add('NumericLessThanEquals: a missing key fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [maxKeys],
  request: req('s3:ListBucket', 'arn:aws:s3:::b'),
});
add('NumericLessThanEquals: a value that is not a number fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [maxKeys],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:max-keys': 'ten' } }),
});
add('NumericLessThan: 9 < 10', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ NumericLessThan: { 's3:max-keys': 10 } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:max-keys': '9' } }),
});
add('NumericGreaterThan: 5 > 5 is false', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ NumericGreaterThan: { 's3:max-keys': '5' } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:max-keys': '5' } }),
});
add('NumericGreaterThanEquals: 5 >= 5', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ NumericGreaterThanEquals: { 's3:max-keys': '5' } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 's3:max-keys': '5' } }),
});
add('NumericEquals compares numbers, not text (1.50 = 1.5)', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ NumericEquals: { 'aws:MultiFactorAuthAge': '1.50' } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 'aws:MultiFactorAuthAge': '1.5' } }),
});
add('NumericNotEquals holds when the key is missing', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ NumericNotEquals: { 's3:max-keys': '5' } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b'),
});
add('NumericLessThanEquals on MFA age: a session one hour old passes 3600', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('ec2:*', '*', cond({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3601' } })))],
  request: req('ec2:StopInstances', '*', { context: { 'aws:MultiFactorAuthAge': '3600' } }),
});
const after2020 = pol(allow('iam:*', '*', cond({ DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } })));
add('DateGreaterThan: a later time holds', DOC.operators, 'allowed', {
  identityPolicies: [after2020],
  request: req('iam:ListUsers', '*', { context: { 'aws:CurrentTime': '2021-06-30T12:00:00Z' } }),
});
add('DateGreaterThan: an earlier time fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [after2020],
  request: req('iam:ListUsers', '*', { context: { 'aws:CurrentTime': '2019-12-31T23:59:59Z' } }),
});
add('DateGreaterThan: a missing key fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [after2020],
  request: req('iam:ListUsers'),
});
add('DateLessThan accepts epoch seconds in the request', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('iam:*', '*', cond({ DateLessThan: { 'aws:EpochTime': '2020-04-01T00:00:00Z' } })))],
  request: req('iam:ListUsers', '*', { context: { 'aws:EpochTime': '1577836800' } }),
});
add('DateLessThan accepts epoch seconds in the policy', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('iam:*', '*', cond({ DateLessThan: { 'aws:CurrentTime': '1577836800' } })))],
  request: req('iam:ListUsers', '*', { context: { 'aws:CurrentTime': '2020-06-01T00:00:00Z' } }),
});
add('DateLessThanEquals: the same instant holds', DOC.operators, 'allowed', {
  identityPolicies: [
    pol(allow('iam:*', '*', cond({ DateLessThanEquals: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } }))),
  ],
  request: req('iam:ListUsers', '*', { context: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } }),
});
add('DateEquals: different instants fail', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('iam:*', '*', cond({ DateEquals: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } })))],
  request: req('iam:ListUsers', '*', { context: { 'aws:CurrentTime': '2020-04-01T00:00:01Z' } }),
});
add('DateNotEquals holds when the key is missing', DOC.operators, 'allowed', {
  identityPolicies: [
    pol(allow('iam:*', '*', cond({ DateNotEquals: { 'aws:TokenIssueTime': '2020-04-01T00:00:00Z' } }))),
  ],
  request: req('iam:ListUsers'),
});
add('DateGreaterThan on aws:TokenIssueTime: long-term credentials lack the key', DOC.variables, 'implicitDeny', {
  identityPolicies: [
    pol(allow('iam:*', '*', cond({ DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } }))),
  ],
  request: req('iam:ListUsers'),
});
const tls = pol(allow('s3:*', '*', cond({ Bool: { 'aws:SecureTransport': 'true' } })));
add('Bool: aws:SecureTransport true holds', DOC.operators, 'allowed', {
  identityPolicies: [tls],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', { context: { 'aws:SecureTransport': 'true' } }),
});
add('Bool: aws:SecureTransport false fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [tls],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', { context: { 'aws:SecureTransport': 'false' } }),
});
add('Bool: a missing key fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [tls],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k'),
});
add('Bool: a JSON true in the policy is the string "true"', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ Bool: { 'aws:SecureTransport': true } })))],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', { context: { 'aws:SecureTransport': 'true' } }),
});
const denyHttp = {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: pol(
    deny('s3:*', ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], {
      Principal: '*',
      ...cond({ Bool: { 'aws:SecureTransport': 'false' } }),
    }),
  ),
};
add(
  'bucket policy denies requests over plain HTTP',
  DOC.operators,
  'explicitDeny',
  { ...denyHttp, request: req('s3:GetObject', 'arn:aws:s3:::b/k', { context: { 'aws:SecureTransport': 'false' } }) },
  { expectedLayer: 'resource' },
);
add('bucket policy does not deny requests over TLS', DOC.operators, 'allowed', {
  ...denyHttp,
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', { context: { 'aws:SecureTransport': 'true' } }),
});
const binary = pol(allow('s3:*', '*', cond({ BinaryEquals: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } })));
add('BinaryEquals: the same bytes hold', DOC.operators, 'allowed', {
  identityPolicies: [binary],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', { context: { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }),
});
add('BinaryEquals: other bytes fail', DOC.operators, 'implicitDeny', {
  identityPolicies: [binary],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', { context: { key: 'T3RoZXJWYWx1ZQ==' } }),
});

// ---------------------------------------------------------------- IP address, ARN, Null
const ip = pol(allow('*', '*', cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })));
add('IpAddress: an address inside the CIDR', DOC.operators, 'allowed', {
  identityPolicies: [ip],
  request: req('ec2:DescribeInstances', '*', { context: { 'aws:SourceIp': '203.0.113.45' } }),
});
add('IpAddress: an address outside the CIDR', DOC.operators, 'implicitDeny', {
  identityPolicies: [ip],
  request: req('ec2:DescribeInstances', '*', { context: { 'aws:SourceIp': '203.0.114.1' } }),
});
add('IpAddress: a missing key fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [ip],
  request: req('ec2:DescribeInstances'),
});
const notIp = pol(
  allow('*'),
  deny('*', '*', cond({ NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } })),
);
add('NotIpAddress deny: a request from an allowed range is not denied', DOC.operators, 'allowed', {
  identityPolicies: [notIp],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:SourceIp': '192.0.2.5' } }),
});
add('NotIpAddress deny: a request from elsewhere is denied', DOC.operators, 'explicitDeny', {
  identityPolicies: [notIp],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:SourceIp': '10.1.2.3' } }),
});
add('NotIpAddress holds when aws:SourceIp is missing', DOC.operators, 'explicitDeny', {
  identityPolicies: [notIp],
  request: req('s3:ListAllMyBuckets'),
});
const ip6 = pol(
  allow('*', '*', cond({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } })),
);
add('IpAddress: an IPv6 address inside the prefix', DOC.operators, 'allowed', {
  identityPolicies: [ip6],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:SourceIp': '2001:db8:1234:5678::1' } }),
});
add('IpAddress: an IPv6 address outside the prefix', DOC.operators, 'implicitDeny', {
  identityPolicies: [ip6],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:SourceIp': '2001:db8:1234:5679::1' } }),
});
add('IpAddress: a full IPv6 address inside the prefix', DOC.operators, 'allowed', {
  identityPolicies: [ip6],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:SourceIp': '2001:0db8:1234:5678:abcd:0000:0000:0001' } }),
});
add('IpAddress: an IPv4 address never matches an IPv6 prefix', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('*', '*', cond({ IpAddress: { 'aws:SourceIp': '::/0' } })))],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:SourceIp': '192.0.2.1' } }),
});
add('IpAddress: a single address without a prefix length', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('*', '*', cond({ IpAddress: { 'aws:SourceIp': '203.0.113.7' } })))],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:SourceIp': '203.0.113.7' } }),
});
add('IpAddress: /32 excludes the neighbour', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('*', '*', cond({ IpAddress: { 'aws:SourceIp': '203.0.113.7/32' } })))],
  request: req('s3:ListAllMyBuckets', '*', { context: { 'aws:SourceIp': '203.0.113.8' } }),
});
const arnLike = pol(
  allow('sns:Publish', '*', cond({ ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:*:${A}:alarm:*` } })),
);
add('ArnLike: wildcards per component match', DOC.operators, 'allowed', {
  identityPolicies: [arnLike],
  request: req('sns:Publish', `arn:aws:sns:us-east-1:${A}:t`, {
    context: { 'aws:SourceArn': `arn:aws:cloudwatch:us-east-1:${A}:alarm:high-cpu` },
  }),
});
add('ArnLike: another account does not match', DOC.operators, 'implicitDeny', {
  identityPolicies: [arnLike],
  request: req('sns:Publish', `arn:aws:sns:us-east-1:${A}:t`, {
    context: { 'aws:SourceArn': `arn:aws:cloudwatch:us-east-1:${B}:alarm:high-cpu` },
  }),
});
add('ArnEquals takes wildcards like ArnLike', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('sns:Publish', '*', cond({ ArnEquals: { 'aws:SourceArn': `arn:aws:s3:::bucket-*` } })))],
  request: req('sns:Publish', `arn:aws:sns:us-east-1:${A}:t`, {
    context: { 'aws:SourceArn': 'arn:aws:s3:::bucket-logs' },
  }),
});
add('ArnEquals is case-sensitive', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('sns:Publish', '*', cond({ ArnEquals: { 'aws:PrincipalArn': role('Admin') } })))],
  request: req('sns:Publish', `arn:aws:sns:us-east-1:${A}:t`, { context: { 'aws:PrincipalArn': role('admin') } }),
});
add('ArnNotEquals holds when the key is missing', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('sns:Publish', '*', cond({ ArnNotEquals: { 'aws:SourceArn': `arn:aws:s3:::b` } })))],
  request: req('sns:Publish', `arn:aws:sns:us-east-1:${A}:t`),
});
add('ArnNotLike: a matching ARN fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [
    pol(allow('sqs:*', '*', cond({ ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/admin-*` } }))),
  ],
  request: req('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:q`, {
    context: { 'aws:PrincipalArn': role('admin-ops') },
  }),
});
const financeArn = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
add("ArnLike matches component by component: the docs' finance example fails", DOC.operators, 'implicitDeny', {
  identityPolicies: [
    pol(
      allow(
        'someservice:*',
        '*',
        cond({ ArnLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } }),
      ),
    ),
  ],
  request: req('someservice:Read', '*', { context: { 'aws:SourceArn': financeArn } }),
});
add("StringLike matches across colons: the docs' finance example succeeds", DOC.operators, 'allowed', {
  identityPolicies: [
    pol(
      allow(
        'someservice:*',
        '*',
        cond({ StringLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } }),
      ),
    ),
  ],
  request: req('someservice:Read', '*', { context: { 'aws:SourceArn': financeArn } }),
});
add('ArnEquals on the SQS queue policy example: the right topic', DOC.operators, 'allowed', {
  resourcePolicy: pol({
    Effect: 'Allow',
    Principal: { AWS: '123456789012' },
    Action: 'SQS:SendMessage',
    Resource: 'arn:aws:sqs:us-east-2:123456789012:QUEUE-ID',
    Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-2:123456789012:TOPIC-ID' } },
  }),
  identityPolicies: [pol(allow('sqs:*'))],
  request: req('sqs:SendMessage', 'arn:aws:sqs:us-east-2:123456789012:QUEUE-ID', {
    principal: 'arn:aws:iam::123456789012:user/sender',
    context: { 'aws:SourceArn': 'arn:aws:sns:us-east-2:123456789012:TOPIC-ID' },
  }),
});
add('ArnEquals on the SQS queue policy example: a direct call lacks aws:SourceArn', DOC.operators, 'implicitDeny', {
  resourcePolicy: pol({
    Effect: 'Allow',
    Principal: { AWS: '123456789012' },
    Action: 'SQS:SendMessage',
    Resource: 'arn:aws:sqs:us-east-2:123456789012:QUEUE-ID',
    Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-2:123456789012:TOPIC-ID' } },
  }),
  request: req('sqs:SendMessage', 'arn:aws:sqs:us-east-2:123456789012:QUEUE-ID', {
    principal: 'arn:aws:iam::123456789012:user/sender',
  }),
});
add('a Bool condition value may be a policy variable', DOC.operators, 'allowed', {
  identityPolicies: [
    pol(allow('s3:*', '*', cond({ Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/needs-tls}' } }))),
  ],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k', {
    context: { 'aws:SecureTransport': 'true', 'aws:PrincipalTag/needs-tls': 'true' },
  }),
});
const nullTrue = pol(allow('ec2:*', '*', cond({ Null: { 'aws:TokenIssueTime': 'true' } })));
add('Null true: holds when the key is absent (long-term keys)', DOC.operators, 'allowed', {
  identityPolicies: [nullTrue],
  request: req('ec2:DescribeInstances'),
});
add('Null true: fails when the key is present', DOC.operators, 'implicitDeny', {
  identityPolicies: [nullTrue],
  request: req('ec2:DescribeInstances', '*', { context: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' } }),
});
add('Null false: holds when the key is present', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('ec2:*', '*', cond({ Null: { 'aws:TokenIssueTime': 'false' } })))],
  request: req('ec2:DescribeInstances', '*', { context: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' } }),
});
add('Null false: fails when the key is absent', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('ec2:*', '*', cond({ Null: { 'aws:TokenIssueTime': 'false' } })))],
  request: req('ec2:DescribeInstances'),
});
add('Deny with Null true: creating without a Project tag is denied', DOC.operators, 'explicitDeny', {
  identityPolicies: [
    pol(allow('ec2:*'), deny('ec2:RunInstances', '*', cond({ Null: { 'aws:RequestTag/Project': 'true' } }))),
  ],
  request: req('ec2:RunInstances'),
});
add('Deny with Null true: creating with a Project tag is allowed', DOC.operators, 'allowed', {
  identityPolicies: [
    pol(allow('ec2:*'), deny('ec2:RunInstances', '*', cond({ Null: { 'aws:RequestTag/Project': 'true' } }))),
  ],
  request: req('ec2:RunInstances', '*', { context: { 'aws:RequestTag/Project': 'apollo' } }),
});

// ---------------------------------------------------------------- IfExists
const ifExists = pol(
  allow('ec2:*', '*', cond({ StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } })),
);
add('StringLikeIfExists: holds when the key is absent', DOC.operators, 'allowed', {
  identityPolicies: [ifExists],
  request: req('ec2:DescribeInstances'),
});
add('StringLikeIfExists: a present matching value holds', DOC.operators, 'allowed', {
  identityPolicies: [ifExists],
  request: req('ec2:RunInstances', '*', { context: { 'ec2:InstanceType': 't2.micro' } }),
});
add('StringLikeIfExists: a present other value fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [ifExists],
  request: req('ec2:RunInstances', '*', { context: { 'ec2:InstanceType': 'm5.large' } }),
});
add('StringNotEqualsIfExists: a present listed value fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [
    pol(allow('ec2:*', '*', cond({ StringNotEqualsIfExists: { 'ec2:InstanceType': 'p4d.24xlarge' } }))),
  ],
  request: req('ec2:RunInstances', '*', { context: { 'ec2:InstanceType': 'p4d.24xlarge' } }),
});
add('Deny with StringNotEqualsIfExists: a missing tag is still denied', DOC.operators, 'explicitDeny', {
  identityPolicies: [
    pol(allow('ec2:*'), deny('ec2:*', '*', cond({ StringNotEqualsIfExists: { 'aws:ResourceTag/env': 'dev' } }))),
  ],
  request: req('ec2:StopInstances'),
});
add('Deny with StringNotEqualsIfExists: the listed tag value is not denied', DOC.operators, 'allowed', {
  identityPolicies: [
    pol(allow('ec2:*'), deny('ec2:*', '*', cond({ StringNotEqualsIfExists: { 'aws:ResourceTag/env': 'dev' } }))),
  ],
  request: req('ec2:StopInstances', '*', { context: { 'aws:ResourceTag/env': 'dev' } }),
});
add('NumericLessThanIfExists: holds when the key is absent', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ NumericLessThanIfExists: { 's3:max-keys': '10' } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b'),
});
add('IpAddressIfExists: holds when aws:SourceIp is absent', DOC.operators, 'allowed', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ IpAddressIfExists: { 'aws:SourceIp': '192.0.2.0/24' } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b'),
});
add('IpAddressIfExists: a present address outside fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:*', '*', cond({ IpAddressIfExists: { 'aws:SourceIp': '192.0.2.0/24' } })))],
  request: req('s3:ListBucket', 'arn:aws:s3:::b', { context: { 'aws:SourceIp': '198.51.100.7' } }),
});

// ---------------------------------------------------------------- set operators
const allTags = pol(
  allow(
    'ec2:CreateTags',
    '*',
    cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }),
  ),
);
add('ForAllValues: every request value is listed', DOC.sets, 'allowed', {
  identityPolicies: [allTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['environment', 'cost-center'] } }),
});
add('ForAllValues: one value is listed', DOC.sets, 'allowed', {
  identityPolicies: [allTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['environment'] } }),
});
add('ForAllValues: one request value is not listed', DOC.sets, 'implicitDeny', {
  identityPolicies: [allTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['environment', 'owner'] } }),
});
add('ForAllValues: true when the key is missing', DOC.sets, 'allowed', {
  identityPolicies: [allTags],
  request: req('ec2:CreateTags'),
});
add('ForAllValues: true when the key is empty', DOC.sets, 'allowed', {
  identityPolicies: [allTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': [] } }),
});
add('ForAllValues on a single-valued request value', DOC.sets, 'allowed', {
  identityPolicies: [allTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': 'cost-center' } }),
});
const anyTags = pol(
  allow('ec2:CreateTags', '*', cond({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } })),
);
add('ForAnyValue: one listed value suffices', DOC.sets, 'allowed', {
  identityPolicies: [anyTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['owner', 'environment'] } }),
});
add('ForAnyValue: no listed value fails', DOC.sets, 'implicitDeny', {
  identityPolicies: [anyTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['owner'] } }),
});
add('ForAnyValue: false when the key is missing', DOC.sets, 'implicitDeny', {
  identityPolicies: [anyTags],
  request: req('ec2:CreateTags'),
});
add('ForAnyValue: false when the key is empty', DOC.sets, 'implicitDeny', {
  identityPolicies: [anyTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': [] } }),
});
const ddbRead = pol({
  Effect: 'Allow',
  Action: 'dynamodb:GetItem',
  Resource: `arn:aws:dynamodb:us-east-1:${A}:table/Thread`,
  Condition: { 'ForAllValues:StringLike': { 'dynamodb:requestedAttributes': ['PostDateTime', 'Message', 'Tags'] } },
});
add('ForAllValues:StringLike: PostDateTime and Message are allowed attributes', DOC.sets, 'allowed', {
  identityPolicies: [ddbRead],
  request: req('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/Thread`, {
    context: { 'dynamodb:requestedAttributes': ['PostDateTime', 'Message'] },
  }),
});
add('ForAllValues:StringLike: UserName is not an allowed attribute', DOC.sets, 'implicitDeny', {
  identityPolicies: [ddbRead],
  request: req('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/Thread`, {
    context: { 'dynamodb:requestedAttributes': ['PostDateTime', 'UserName'] },
  }),
});
const ddbPut = pol(allow('dynamodb:*'), {
  Effect: 'Deny',
  Action: 'dynamodb:PutItem',
  Resource: `arn:aws:dynamodb:us-east-1:${A}:table/Thread`,
  Condition: { 'ForAnyValue:StringLike': { 'dynamodb:requestedAttributes': ['ID', 'PostDateTime'] } },
});
add('ForAnyValue deny: updating PostDateTime is denied', DOC.sets, 'explicitDeny', {
  identityPolicies: [ddbPut],
  request: req('dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${A}:table/Thread`, {
    context: { 'dynamodb:requestedAttributes': ['UserName', 'Message', 'PostDateTime'] },
  }),
});
add('ForAnyValue deny: updating only UserName is not denied', DOC.sets, 'allowed', {
  identityPolicies: [ddbPut],
  request: req('dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${A}:table/Thread`, {
    context: { 'dynamodb:requestedAttributes': ['UserName'] },
  }),
});
const allNot = pol(
  allow('ec2:CreateTags', '*', cond({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } })),
);
add('ForAllValues:StringNotEquals: no request value is listed', DOC.sets, 'allowed', {
  identityPolicies: [allNot],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['a', 'b'] } }),
});
add('ForAllValues:StringNotEquals: one request value is listed', DOC.sets, 'implicitDeny', {
  identityPolicies: [allNot],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['a', 'secret'] } }),
});
add('ForAllValues:StringNotEquals: true when the key is missing', DOC.sets, 'allowed', {
  identityPolicies: [allNot],
  request: req('ec2:CreateTags'),
});
const anyNot = pol(allow('ec2:CreateTags', '*', cond({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } })));
add('ForAnyValue:StringNotEquals: some request value is not listed', DOC.sets, 'allowed', {
  identityPolicies: [anyNot],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['a', 'b'] } }),
});
add('ForAnyValue:StringNotEquals: every request value is listed', DOC.sets, 'implicitDeny', {
  identityPolicies: [anyNot],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['a'] } }),
});
add('ForAnyValue:StringNotEquals: false when the key is missing', DOC.sets, 'implicitDeny', {
  identityPolicies: [anyNot],
  request: req('ec2:CreateTags'),
});
add('ForAllValues: an empty string is an empty data set (true)', DOC.sets, 'allowed', {
  identityPolicies: [allTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': '' } }),
});
add('ForAnyValue: an empty string is an empty data set (false)', DOC.sets, 'implicitDeny', {
  identityPolicies: [anyTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': '' } }),
});
add('ForAnyValue:StringEqualsIgnoreCase ignores case', DOC.sets, 'allowed', {
  identityPolicies: [
    pol(
      allow('ec2:CreateTags', '*', cond({ 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': ['Environment'] } })),
    ),
  ],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['ENVIRONMENT'] } }),
});
add('ForAllValues deny with a missing key denies (a trap the docs warn of)', DOC.sets, 'explicitDeny', {
  identityPolicies: [
    pol(
      allow('ec2:*'),
      deny('ec2:CreateTags', '*', cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['temp'] } })),
    ),
  ],
  request: req('ec2:CreateTags'),
});

// ---------------------------------------------------------------- policy variables
const home = pol(
  allow('s3:ListBucket', 'arn:aws:s3:::mybucket', cond({ StringLike: { 's3:prefix': ['${aws:username}/*'] } })),
  allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::mybucket/${aws:username}/*'),
);
add("${aws:username} in Resource: the user's own folder", DOC.variables, 'allowed', {
  identityPolicies: [home],
  request: req('s3:GetObject', 'arn:aws:s3:::mybucket/David/notes.txt', {
    principal: user('David'),
    context: { 'aws:username': 'David' },
  }),
});
add("${aws:username} in Resource: another user's folder", DOC.variables, 'implicitDeny', {
  identityPolicies: [home],
  request: req('s3:GetObject', 'arn:aws:s3:::mybucket/Adele/notes.txt', {
    principal: user('David'),
    context: { 'aws:username': 'David' },
  }),
});
add(
  '${aws:username} in Resource: no value, no match',
  DOC.variables,
  'implicitDeny',
  {
    identityPolicies: [home],
    request: req('s3:GetObject', 'arn:aws:s3:::mybucket/David/notes.txt', { principal: sess('Dev', 'David') }),
  },
  { expectedMissing: ['aws:username'] },
);
add('${aws:username} in a StringLike condition', DOC.variables, 'allowed', {
  identityPolicies: [home],
  request: req('s3:ListBucket', 'arn:aws:s3:::mybucket', {
    principal: user('David'),
    context: { 'aws:username': 'David', 's3:prefix': 'David/photos' },
  }),
});
add('${aws:username} in a StringLike condition: another prefix fails', DOC.variables, 'implicitDeny', {
  identityPolicies: [home],
  request: req('s3:ListBucket', 'arn:aws:s3:::mybucket', {
    principal: user('David'),
    context: { 'aws:username': 'David', 's3:prefix': 'Adele/' },
  }),
});
add('variable names are case-insensitive', DOC.variables, 'allowed', {
  identityPolicies: [pol(allow('iam:*AccessKey*', `arn:aws:iam::${A}:user/\${AWS:UserName}`))],
  request: req('iam:CreateAccessKey', user('David'), {
    principal: user('David'),
    context: { 'aws:username': 'David' },
  }),
});
add('${aws:PrincipalTag/department} in Resource', DOC.variables, 'allowed', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::bucket/${aws:PrincipalTag/department}'))],
  request: req('s3:GetObject', 'arn:aws:s3:::bucket/finance', {
    context: { 'aws:PrincipalTag/department': 'finance' },
  }),
});
add('a tag variable in a condition value', DOC.variables, 'allowed', {
  identityPolicies: [
    pol(allow('ec2:*', '*', cond({ StringEquals: { 'aws:ResourceTag/owner': '${aws:PrincipalTag/owner}' } }))),
  ],
  request: req('ec2:StopInstances', '*', {
    context: { 'aws:ResourceTag/owner': 'team-a', 'aws:PrincipalTag/owner': 'team-a' },
  }),
});
add('a tag variable in a condition value: different tags fail', DOC.variables, 'implicitDeny', {
  identityPolicies: [
    pol(allow('ec2:*', '*', cond({ StringEquals: { 'aws:ResourceTag/owner': '${aws:PrincipalTag/owner}' } }))),
  ],
  request: req('ec2:StopInstances', '*', {
    context: { 'aws:ResourceTag/owner': 'team-a', 'aws:PrincipalTag/owner': 'team-b' },
  }),
});
add(
  'a variable with no value in StringEquals does not match',
  DOC.variables,
  'implicitDeny',
  {
    identityPolicies: [
      pol(allow('ec2:*', '*', cond({ StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } }))),
    ],
    request: req('ec2:StopInstances', '*', { context: { 'aws:ResourceTag/owner': 'bob' } }),
  },
  { expectedMissing: ['aws:username'] },
);
add('a variable with no value in StringNotEquals matches', DOC.variables, 'allowed', {
  identityPolicies: [
    pol(allow('ec2:*', '*', cond({ StringNotEquals: { 'aws:ResourceTag/owner': '${aws:username}' } }))),
  ],
  request: req('ec2:StopInstances', '*', { context: { 'aws:ResourceTag/owner': 'bob' } }),
});
const withDefault = pol(allow('s3:*', "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'company-wide'}/*"));
add('default value used when the tag is missing', DOC.variables, 'allowed', {
  identityPolicies: [withDefault],
  request: req('s3:GetObject', 'arn:aws:s3:::bucket/company-wide/x'),
});
add('default value not used when the tag is present', DOC.variables, 'implicitDeny', {
  identityPolicies: [withDefault],
  request: req('s3:GetObject', 'arn:aws:s3:::bucket/company-wide/x', { context: { 'aws:PrincipalTag/team': 'red' } }),
});
add('the tag value is used when present', DOC.variables, 'allowed', {
  identityPolicies: [withDefault],
  request: req('s3:GetObject', 'arn:aws:s3:::bucket/red/x', { context: { 'aws:PrincipalTag/team': 'red' } }),
});
add('${*} is a literal asterisk', DOC.variables, 'allowed', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::bucket/${*}'))],
  request: req('s3:GetObject', 'arn:aws:s3:::bucket/*'),
});
add('${*} is not a wildcard', DOC.variables, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::bucket/${*}'))],
  request: req('s3:GetObject', 'arn:aws:s3:::bucket/anything'),
});
add('${?} is a literal question mark', DOC.variables, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::bucket/a${?}'))],
  request: req('s3:GetObject', 'arn:aws:s3:::bucket/ab'),
});
add('${?} matches a question mark', DOC.variables, 'allowed', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::bucket/a${?}'))],
  request: req('s3:GetObject', 'arn:aws:s3:::bucket/a?'),
});
add('${$} is a literal dollar sign', DOC.variables, 'allowed', {
  identityPolicies: [pol(allow('s3:*', 'arn:aws:s3:::bucket/${$}{literal}'))],
  request: req('s3:GetObject', 'arn:aws:s3:::bucket/${literal}'),
});
add('Version 2008-10-17: variables are literal text', DOC.version, 'implicitDeny', {
  identityPolicies: [{ Version: '2008-10-17', Statement: [allow('s3:*', 'arn:aws:s3:::mybucket/${aws:username}/*')] }],
  request: req('s3:GetObject', 'arn:aws:s3:::mybucket/David/x', { context: { 'aws:username': 'David' } }),
});
add('Version 2008-10-17: the literal text matches itself', DOC.version, 'allowed', {
  identityPolicies: [{ Version: '2008-10-17', Statement: [allow('s3:*', 'arn:aws:s3:::mybucket/${aws:username}/*')] }],
  request: req('s3:GetObject', 'arn:aws:s3:::mybucket/${aws:username}/x', { context: { 'aws:username': 'David' } }),
});
add('no Version element: variables are literal text', DOC.version, 'implicitDeny', {
  identityPolicies: [{ Statement: [allow('s3:*', 'arn:aws:s3:::mybucket/${aws:username}/*')] }],
  request: req('s3:GetObject', 'arn:aws:s3:::mybucket/David/x', { context: { 'aws:username': 'David' } }),
});
add('a variable in an ArnLike condition', DOC.variables, 'allowed', {
  identityPolicies: [
    pol(allow('iam:*', '*', cond({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/\${aws:username}` } }))),
  ],
  request: req('iam:GetUser', user('David'), {
    principal: user('David'),
    context: { 'aws:username': 'David', 'aws:PrincipalArn': user('David') },
  }),
});

// ---------------------------------------------------------------- Principal (resource-based policies, same account)
const bucket = 'arn:aws:s3:::shared/doc.txt';
const rp = (Principal: unknown, extra: Statement = {}): Record<string, unknown> =>
  pol({ Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*', ...extra });
add(
  'Principal names the user: allowed without identity policies',
  DOC.principal,
  'allowed',
  { resourcePolicy: rp({ AWS: user() }), request: req('s3:GetObject', bucket) },
  { expectedLayer: 'resource' },
);
add('Principal names another user', DOC.principal, 'implicitDeny', {
  resourcePolicy: rp({ AWS: user('Mary') }),
  request: req('s3:GetObject', bucket),
});
add(
  'Principal names the account root: the user still needs an identity policy',
  DOC.principal,
  'implicitDeny',
  { resourcePolicy: rp({ AWS: root() }), request: req('s3:GetObject', bucket) },
  { expectedLayer: 'identity' },
);
add('Principal names the account root, and the identity policy allows', DOC.principal, 'allowed', {
  identityPolicies: [pol(allow('s3:GetObject'))],
  resourcePolicy: rp({ AWS: root() }),
  request: req('s3:GetObject', bucket),
});
add('Principal as a bare account id delegates like the root ARN', DOC.principal, 'implicitDeny', {
  resourcePolicy: rp({ AWS: A }),
  request: req('s3:GetObject', bucket),
});
add('Principal "*" allows anyone', DOC.principal, 'allowed', {
  resourcePolicy: rp('*'),
  request: req('s3:GetObject', bucket),
});
add('Principal {"AWS": "*"} allows anyone', DOC.principal, 'allowed', {
  resourcePolicy: rp({ AWS: '*' }),
  request: req('s3:GetObject', bucket),
});
add('Principal "*" allows an anonymous request', DOC.principal, 'allowed', {
  resourcePolicy: rp('*'),
  request: req('s3:GetObject', bucket, { principal: '*' }),
});
add('an anonymous request needs a resource policy for everyone', DOC.principal, 'implicitDeny', {
  resourcePolicy: rp({ AWS: root() }),
  request: req('s3:GetObject', bucket, { principal: '*' }),
});
add('Principal names the role: its session is allowed', DOC.principal, 'allowed', {
  resourcePolicy: rp({ AWS: role() }),
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add('Principal names the role with a path: its session is allowed', DOC.principal, 'allowed', {
  resourcePolicy: rp({ AWS: `arn:aws:iam::${A}:role/division_abc/Dev` }),
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add('Principal names another role', DOC.principal, 'implicitDeny', {
  resourcePolicy: rp({ AWS: role('Ops') }),
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add('Principal names the session itself', DOC.principal, 'allowed', {
  resourcePolicy: rp({ AWS: sess('Dev', 'alice') }),
  request: req('s3:GetObject', bucket, { principal: sess('Dev', 'alice') }),
});
add('Principal names another session of the role', DOC.principal, 'implicitDeny', {
  resourcePolicy: rp({ AWS: sess('Dev', 'bob') }),
  request: req('s3:GetObject', bucket, { principal: sess('Dev', 'alice') }),
});
add('Principal in a list of several', DOC.principal, 'allowed', {
  resourcePolicy: rp({ AWS: [user('Mary'), user()] }),
  request: req('s3:GetObject', bucket),
});
add('Service principal: the service is allowed', DOC.principal, 'allowed', {
  resourcePolicy: rp({ Service: 'cloudtrail.amazonaws.com' }, { Action: 's3:PutObject' }),
  request: req('s3:PutObject', bucket, { principal: 'cloudtrail.amazonaws.com' }),
});
add('Service principal: another service is not', DOC.principal, 'implicitDeny', {
  resourcePolicy: rp({ Service: 'cloudtrail.amazonaws.com' }, { Action: 's3:PutObject' }),
  request: req('s3:PutObject', bucket, { principal: 'config.amazonaws.com' }),
});
add('Federated principal in a trust policy', DOC.principal, 'allowed', {
  resourcePolicy: pol({
    Effect: 'Allow',
    Principal: { Federated: 'cognito-identity.amazonaws.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
  }),
  request: req('sts:AssumeRoleWithWebIdentity', role('WebApp'), { principal: 'cognito-identity.amazonaws.com' }),
});
add('a resource-policy statement without Principal applies to no one', DOC.principal, 'implicitDeny', {
  resourcePolicy: pol(allow('s3:GetObject', 'arn:aws:s3:::shared/*')),
  request: req('s3:GetObject', bucket),
});
add('Principal with a condition that fails', DOC.principal, 'implicitDeny', {
  resourcePolicy: rp({ AWS: user() }, cond({ IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } })),
  request: req('s3:GetObject', bucket, { context: { 'aws:SourceIp': '198.51.100.1' } }),
});
add('Allow with NotPrincipal: anyone but the named user', DOC.notPrincipal, 'allowed', {
  resourcePolicy: pol({
    Effect: 'Allow',
    NotPrincipal: { AWS: user('Mary') },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::shared/*',
  }),
  request: req('s3:GetObject', bucket),
});
add('Allow with NotPrincipal: the named user is not allowed by it', DOC.notPrincipal, 'implicitDeny', {
  resourcePolicy: pol({
    Effect: 'Allow',
    NotPrincipal: { AWS: user() },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::shared/*',
  }),
  request: req('s3:GetObject', bucket),
});
const bob = `arn:aws:iam::${B}:user/Bob`;
const notBob = (list: string[]): Record<string, unknown> =>
  pol(
    {
      Effect: 'Deny',
      NotPrincipal: { AWS: list },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::BUCKETNAME', 'arn:aws:s3:::BUCKETNAME/*'],
    },
    { Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', Resource: 'arn:aws:s3:::BUCKETNAME/*' },
  );
add('Deny NotPrincipal [Bob, his account]: Bob is not denied', DOC.notPrincipal, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: notBob([bob, root(B)]),
  request: req('s3:GetObject', 'arn:aws:s3:::BUCKETNAME/x', { principal: bob, resourceAccount: A }),
});
add('Deny NotPrincipal [Bob, his account]: another user of his account is denied', DOC.notPrincipal, 'explicitDeny', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: notBob([bob, root(B)]),
  request: req('s3:GetObject', 'arn:aws:s3:::BUCKETNAME/x', {
    principal: `arn:aws:iam::${B}:user/Eve`,
    resourceAccount: A,
  }),
});
add('Deny NotPrincipal naming Bob without his account denies Bob', DOC.notPrincipal, 'explicitDeny', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: notBob([bob]),
  request: req('s3:GetObject', 'arn:aws:s3:::BUCKETNAME/x', { principal: bob, resourceAccount: A }),
});
const auditSession = `arn:aws:sts::${B}:assumed-role/cross-account-read-only-role/cross-account-audit-app`;
const notAudit = (list: string[]): Record<string, unknown> =>
  pol(
    {
      Effect: 'Deny',
      NotPrincipal: { AWS: list },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::Bucket_AccountAudit', 'arn:aws:s3:::Bucket_AccountAudit/*'],
    },
    { Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', Resource: 'arn:aws:s3:::Bucket_AccountAudit/*' },
  );
add('Deny NotPrincipal [session, role, account]: the session is not denied', DOC.notPrincipal, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: notAudit([auditSession, `arn:aws:iam::${B}:role/cross-account-read-only-role`, root(B)]),
  request: req('s3:GetObject', 'arn:aws:s3:::Bucket_AccountAudit/x', { principal: auditSession, resourceAccount: A }),
});
add('Deny NotPrincipal [session, account] without the role denies the session', DOC.notPrincipal, 'explicitDeny', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: notAudit([auditSession, root(B)]),
  request: req('s3:GetObject', 'arn:aws:s3:::Bucket_AccountAudit/x', { principal: auditSession, resourceAccount: A }),
});

// ---------------------------------------------------------------- same account: resource policies vs. boundaries and
// sessions
const onlyEc2 = pol(allow('ec2:*'));
add(
  'a resource policy naming the user is not limited by the boundary',
  DOC.denyAllow,
  'allowed',
  { permissionsBoundary: onlyEc2, resourcePolicy: rp({ AWS: user() }), request: req('s3:GetObject', bucket) },
  { expectedLayer: 'resource' },
);
add('a resource policy naming the user is not limited by missing identity policies', DOC.denyAllow, 'allowed', {
  identityPolicies: [pol(allow('ec2:*'))],
  resourcePolicy: rp({ AWS: user() }),
  request: req('s3:GetObject', bucket),
});
add(
  'a resource policy naming only the account is limited by the boundary',
  DOC.boundaries,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    permissionsBoundary: onlyEc2,
    resourcePolicy: rp({ AWS: root() }),
    request: req('s3:GetObject', bucket),
  },
  { expectedLayer: 'boundary' },
);
add('a resource policy naming the session is not limited by the boundary', DOC.denyAllow, 'allowed', {
  permissionsBoundary: onlyEc2,
  resourcePolicy: rp({ AWS: sess() }),
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add('a resource policy naming the session is not limited by session policies', DOC.denyAllow, 'allowed', {
  sessionPolicies: [onlyEc2],
  resourcePolicy: rp({ AWS: sess() }),
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add(
  'a resource policy naming the role is limited by the boundary',
  DOC.denyAllow,
  'implicitDeny',
  {
    permissionsBoundary: onlyEc2,
    resourcePolicy: rp({ AWS: role() }),
    request: req('s3:GetObject', bucket, { principal: sess() }),
  },
  { expectedLayer: 'boundary' },
);
add(
  'a resource policy naming the role is limited by session policies',
  DOC.denyAllow,
  'implicitDeny',
  {
    sessionPolicies: [onlyEc2],
    resourcePolicy: rp({ AWS: role() }),
    request: req('s3:GetObject', bucket, { principal: sess() }),
  },
  { expectedLayer: 'session' },
);
add(
  'a request made as the role ARN, named by the resource policy, is limited by the boundary',
  DOC.denyAllow,
  'implicitDeny',
  {
    permissionsBoundary: onlyEc2,
    resourcePolicy: rp({ AWS: role() }),
    request: req('s3:GetObject', bucket, { principal: role() }),
  },
  { expectedLayer: 'boundary' },
);
add('a request made as the role ARN, named by the resource policy, without boundary', DOC.denyAllow, 'allowed', {
  resourcePolicy: rp({ AWS: role() }),
  request: req('s3:GetObject', bucket, { principal: role() }),
});
add('a resource policy naming the role, within the boundary, needs no identity policy', DOC.denyAllow, 'allowed', {
  permissionsBoundary: pol(allow('s3:*')),
  resourcePolicy: rp({ AWS: role() }),
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add('a resource policy naming the federated user session grants directly', DOC.denyAllow, 'allowed', {
  resourcePolicy: rp({ AWS: fed() }),
  request: req('s3:GetObject', bucket, { principal: fed() }),
});
add(
  'a resource policy naming the IAM user who federated is limited by the session policy',
  DOC.denyAllow,
  'implicitDeny',
  {
    sessionPolicies: [onlyEc2],
    resourcePolicy: rp({ AWS: user('Bob') }),
    request: req('s3:GetObject', bucket, { principal: fed('Bob') }),
  },
  { expectedLayer: 'session' },
);
add('a resource policy naming the IAM user who federated, within the session policy', DOC.denyAllow, 'allowed', {
  sessionPolicies: [pol(allow('s3:*'))],
  resourcePolicy: rp({ AWS: user('Bob') }),
  request: req('s3:GetObject', bucket, { principal: fed('Bob') }),
});
add(
  'a federated user session without a session policy has no permissions',
  DOC.denyAllow,
  'implicitDeny',
  { identityPolicies: [pol(allow('s3:*'))], request: req('s3:GetObject', bucket, { principal: fed() }) },
  { expectedLayer: 'session' },
);
add('a federated user session: identity and session policy both allow', DOC.denyAllow, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  sessionPolicies: [pol(allow('s3:GetObject'))],
  request: req('s3:GetObject', bucket, { principal: fed() }),
});
add(
  'a deny in the resource policy beats an identity allow',
  DOC.denyAllow,
  'explicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    resourcePolicy: pol({
      Effect: 'Deny',
      Principal: { AWS: user() },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::shared/*',
    }),
    request: req('s3:GetObject', bucket),
  },
  { expectedLayer: 'resource' },
);
add(
  'a deny in the identity policy beats a resource-policy allow',
  DOC.denyAllow,
  'explicitDeny',
  {
    identityPolicies: [pol(deny('s3:GetObject'))],
    resourcePolicy: rp({ AWS: user() }),
    request: req('s3:GetObject', bucket),
  },
  { expectedLayer: 'identity' },
);
const trustAccount = pol({ Effect: 'Allow', Principal: { AWS: root() }, Action: 'sts:AssumeRole' });
add('trust policy naming the account: the identity policy must allow AssumeRole', DOC.trust, 'allowed', {
  identityPolicies: [pol(allow('sts:AssumeRole', role('Admin')))],
  resourcePolicy: trustAccount,
  request: req('sts:AssumeRole', role('Admin')),
});
add('trust policy naming the account, without an identity allow', DOC.trust, 'implicitDeny', {
  resourcePolicy: trustAccount,
  request: req('sts:AssumeRole', role('Admin')),
});
add(
  'trust policy not naming the caller: the identity policy alone does not suffice',
  DOC.denyAllow,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('sts:AssumeRole', role('Admin')))],
    resourcePolicy: pol({ Effect: 'Allow', Principal: { AWS: user('Mary') }, Action: 'sts:AssumeRole' }),
    request: req('sts:AssumeRole', role('Admin')),
  },
  { expectedLayer: 'resource' },
);
add('trust policy naming the user directly: no identity policy needed (same account)', DOC.denyAllow, 'allowed', {
  resourcePolicy: pol({ Effect: 'Allow', Principal: { AWS: user() }, Action: 'sts:AssumeRole' }),
  request: req('sts:AssumeRole', role('Admin')),
});
const keyArn = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
add('KMS default key policy (account root): IAM policies then grant', DOC.kms, 'allowed', {
  identityPolicies: [pol(allow('kms:Decrypt', keyArn))],
  resourcePolicy: pol({
    Sid: 'Enable IAM User Permissions',
    Effect: 'Allow',
    Principal: { AWS: root() },
    Action: 'kms:*',
    Resource: '*',
  }),
  request: req('kms:Decrypt', keyArn),
});
add('KMS key policy not allowing the account: IAM policies do not suffice', DOC.denyAllow, 'implicitDeny', {
  identityPolicies: [pol(allow('kms:Decrypt', keyArn))],
  resourcePolicy: pol({ Effect: 'Allow', Principal: { AWS: role('KeyAdmin') }, Action: 'kms:*', Resource: '*' }),
  request: req('kms:Decrypt', keyArn),
});

// ---------------------------------------------------------------- permissions boundaries
const shirleyBoundary = pol(allow(['s3:*', 'cloudwatch:*', 'ec2:*']));
add(
  'Shirley: the boundary does not allow iam:CreateUser',
  DOC.boundaries,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('iam:CreateUser'))],
    permissionsBoundary: shirleyBoundary,
    request: req('iam:CreateUser', user('new'), { principal: user('ShirleyRodriguez') }),
  },
  { expectedLayer: 'boundary' },
);
add('Shirley: identity and boundary both allow s3', DOC.boundaries, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  permissionsBoundary: shirleyBoundary,
  request: req('s3:ListAllMyBuckets', '*', { principal: user('ShirleyRodriguez') }),
});
add(
  'a boundary alone grants nothing',
  DOC.boundaries,
  'implicitDeny',
  {
    permissionsBoundary: shirleyBoundary,
    request: req('s3:ListAllMyBuckets', '*', { principal: user('ShirleyRodriguez') }),
  },
  { expectedLayer: 'identity' },
);
add(
  'a deny in the boundary is an explicit deny',
  DOC.boundaries,
  'explicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    permissionsBoundary: pol(allow('s3:*'), deny('s3:*', ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'])),
    request: req('s3:GetObject', 'arn:aws:s3:::logs/x'),
  },
  { expectedLayer: 'boundary' },
);
add('a boundary condition that fails limits the identity allow', DOC.boundaries, 'implicitDeny', {
  identityPolicies: [pol(allow('iam:CreateUser'))],
  permissionsBoundary: pol(
    allow(
      'iam:CreateUser',
      '*',
      cond({ StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/XCompanyBoundaries` } }),
    ),
  ),
  request: req('iam:CreateUser', user('new'), {
    context: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/Other` },
  }),
});
add('a boundary condition that holds', DOC.boundaries, 'allowed', {
  identityPolicies: [pol(allow('iam:CreateUser'))],
  permissionsBoundary: pol(
    allow(
      'iam:CreateUser',
      '*',
      cond({ StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/XCompanyBoundaries` } }),
    ),
  ),
  request: req('iam:CreateUser', user('new'), {
    context: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/XCompanyBoundaries` },
  }),
});
add('Deny NotPrincipal always denies a principal that has a boundary', DOC.boundaries, 'explicitDeny', {
  identityPolicies: [pol(allow('s3:*'))],
  permissionsBoundary: pol(allow('s3:*')),
  resourcePolicy: pol({
    Effect: 'Deny',
    NotPrincipal: { AWS: [user(), root()] },
    Action: 's3:*',
    Resource: 'arn:aws:s3:::shared/*',
  }),
  request: req('s3:GetObject', bucket),
});
add('the same Deny NotPrincipal spares the principal without a boundary', DOC.notPrincipal, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: pol({
    Effect: 'Deny',
    NotPrincipal: { AWS: [user(), root()] },
    Action: 's3:*',
    Resource: 'arn:aws:s3:::shared/*',
  }),
  request: req('s3:GetObject', bucket),
});

// ---------------------------------------------------------------- session policies
add('role session: identity and session policy both allow', DOC.session, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  sessionPolicies: [pol(allow('s3:GetObject'))],
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add(
  'role session: the session policy does not allow',
  DOC.session,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    sessionPolicies: [pol(allow('s3:GetObject'))],
    request: req('s3:PutObject', bucket, { principal: sess() }),
  },
  { expectedLayer: 'session' },
);
add(
  'role session: a session policy cannot grant beyond the identity policy',
  DOC.session,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('ec2:*'))],
    sessionPolicies: [pol(allow('s3:*'))],
    request: req('s3:GetObject', bucket, { principal: sess() }),
  },
  { expectedLayer: 'identity' },
);
add('role session without session policies: identity policy decides', DOC.denyAllow, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add('role session: any one of several session policies may allow', DOC.session, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  sessionPolicies: [pol(allow('ec2:*')), pol(allow('s3:GetObject'))],
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add(
  'role session: a deny in a session policy',
  DOC.session,
  'explicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    sessionPolicies: [pol(allow('s3:*'), deny('s3:GetObject'))],
    request: req('s3:GetObject', bucket, { principal: sess() }),
  },
  { expectedLayer: 'session' },
);
add('role session: identity, boundary and session policy all allow', DOC.boundaries, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  permissionsBoundary: pol(allow('s3:*')),
  sessionPolicies: [pol(allow('s3:*'))],
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add(
  'role session: the boundary limits even when the session policy allows',
  DOC.boundaries,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    permissionsBoundary: onlyEc2,
    sessionPolicies: [pol(allow('s3:*'))],
    request: req('s3:GetObject', bucket, { principal: sess() }),
  },
  { expectedLayer: 'boundary' },
);

// ---------------------------------------------------------------- cross account
const xBucket = 'arn:aws:s3:::shared-b/doc.txt';
const xPolicy = (principal: unknown): Record<string, unknown> =>
  pol({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-b/*' });
const alice = user('Alice', B);
add('cross-account: identity policy and bucket policy (account) both allow', DOC.cross, 'allowed', {
  identityPolicies: [pol(allow('s3:GetObject', 'arn:aws:s3:::shared-b/*'))],
  resourcePolicy: xPolicy({ AWS: B }),
  request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
});
add(
  'cross-account: no resource policy, identity allows',
  DOC.cross,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:GetObject'))],
    request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
  },
  { expectedLayer: 'resource' },
);
add(
  'cross-account: the bucket policy names the user, identity silent',
  DOC.cross,
  'implicitDeny',
  {
    resourcePolicy: xPolicy({ AWS: alice }),
    request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
  },
  { expectedLayer: 'identity' },
);
add('cross-account: the bucket policy names the user and identity allows', DOC.cross, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: xPolicy({ AWS: alice }),
  request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
});
add(
  'cross-account: the bucket policy names another account',
  DOC.cross,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    resourcePolicy: xPolicy({ AWS: '999988887777' }),
    request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
  },
  { expectedLayer: 'resource' },
);
add(
  'cross-account: the resource account comes from the ARN',
  DOC.cross,
  'implicitDeny',
  {
    resourcePolicy: pol({
      Effect: 'Allow',
      Principal: { AWS: alice },
      Action: 'sqs:SendMessage',
      Resource: `arn:aws:sqs:us-east-1:${A}:q`,
    }),
    request: req('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:q`, { principal: alice }),
  },
  { expectedLayer: 'identity' },
);
add('same account by default when the ARN has no account', DOC.denyAllow, 'allowed', {
  resourcePolicy: xPolicy({ AWS: alice }),
  request: req('s3:GetObject', xBucket, { principal: alice }),
});
add('cross-account: a deny in the bucket policy', DOC.cross, 'explicitDeny', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: pol(
    { Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', Resource: '*' },
    { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' },
  ),
  request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
});
add('cross-account AssumeRole: trust names the account, identity allows', DOC.cross, 'allowed', {
  identityPolicies: [pol(allow('sts:AssumeRole', role('Audit')))],
  resourcePolicy: pol({ Effect: 'Allow', Principal: { AWS: root(B) }, Action: 'sts:AssumeRole' }),
  request: req('sts:AssumeRole', role('Audit'), { principal: alice }),
});
add('cross-account AssumeRole: trust names the account, identity silent', DOC.cross, 'implicitDeny', {
  resourcePolicy: pol({ Effect: 'Allow', Principal: { AWS: root(B) }, Action: 'sts:AssumeRole' }),
  request: req('sts:AssumeRole', role('Audit'), { principal: alice }),
});
add(
  "cross-account: the caller's boundary limits",
  DOC.cross,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    permissionsBoundary: onlyEc2,
    resourcePolicy: xPolicy({ AWS: alice }),
    request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
  },
  { expectedLayer: 'boundary' },
);
add('cross-account: a role session named by its role ARN', DOC.cross, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: xPolicy({ AWS: role('Reader', B) }),
  request: req('s3:GetObject', xBucket, { principal: sess('Reader', 'job', B), resourceAccount: A }),
});
add('cross-account: Principal "*" with the identity allow', DOC.cross, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: xPolicy('*'),
  request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
});
add('cross-account: Principal "*" without the identity allow', DOC.cross, 'implicitDeny', {
  resourcePolicy: xPolicy('*'),
  request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
});

// ---------------------------------------------------------------- SCPs
const fullAccess = pol({ Effect: 'Allow', Action: '*', Resource: '*' });
add('SCP FullAWSAccess and an identity allow', DOC.scp, 'allowed', {
  identityPolicies: [pol(allow('ec2:*'))],
  serviceControlPolicies: [[fullAccess]],
  request: req('ec2:RunInstances'),
});
add(
  'SCP allows only s3: ec2 is implicitly denied',
  DOC.scp,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('ec2:*'))],
    serviceControlPolicies: [[pol(allow('s3:*'))]],
    request: req('ec2:RunInstances'),
  },
  { expectedLayer: 'scp' },
);
add(
  'an SCP never grants',
  DOC.scp,
  'implicitDeny',
  { serviceControlPolicies: [[fullAccess]], request: req('ec2:RunInstances') },
  { expectedLayer: 'identity' },
);
add(
  'SCP levels: the root allows all, the OU only s3: ec2 denied',
  DOC.scp,
  'implicitDeny',
  {
    identityPolicies: [allowAll],
    serviceControlPolicies: [[fullAccess], [pol(allow('s3:*'))], [fullAccess]],
    request: req('ec2:RunInstances'),
  },
  { expectedLayer: 'scp' },
);
add('SCP levels: every level allows s3', DOC.scp, 'allowed', {
  identityPolicies: [allowAll],
  serviceControlPolicies: [[fullAccess], [pol(allow('s3:*'))], [fullAccess]],
  request: req('s3:GetObject', bucket),
});
add('SCP levels: the account level lacks an allow', DOC.scp, 'implicitDeny', {
  identityPolicies: [allowAll],
  serviceControlPolicies: [[fullAccess], [fullAccess], [pol(allow('sqs:*'))]],
  request: req('s3:GetObject', bucket),
});
add('SCP: any one policy of a level may allow', DOC.scp, 'allowed', {
  identityPolicies: [allowAll],
  serviceControlPolicies: [[pol(allow('sqs:*')), pol(allow('s3:*'))]],
  request: req('s3:GetObject', bucket),
});
add(
  'SCP: a deny at any level',
  DOC.scp,
  'explicitDeny',
  {
    identityPolicies: [allowAll],
    serviceControlPolicies: [[fullAccess, pol(deny('s3:DeleteBucket'))], [fullAccess]],
    request: req('s3:DeleteBucket', 'arn:aws:s3:::b'),
  },
  { expectedLayer: 'scp' },
);
const regionDeny = [
  [
    fullAccess,
    pol({
      Effect: 'Deny',
      NotAction: ['iam:*', 'sts:*'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
    }),
  ],
];
add('SCP region guard: a request to eu-west-1 is denied', DOC.scp, 'explicitDeny', {
  identityPolicies: [allowAll],
  serviceControlPolicies: regionDeny,
  request: req('ec2:RunInstances', '*', { context: { 'aws:RequestedRegion': 'eu-west-1' } }),
});
add('SCP region guard: a request to us-east-1 is allowed', DOC.scp, 'allowed', {
  identityPolicies: [allowAll],
  serviceControlPolicies: regionDeny,
  request: req('ec2:RunInstances', '*', { context: { 'aws:RequestedRegion': 'us-east-1' } }),
});
add('SCP region guard: IAM is exempt', DOC.scp, 'allowed', {
  identityPolicies: [allowAll],
  serviceControlPolicies: regionDeny,
  request: req('iam:ListUsers', '*', { context: { 'aws:RequestedRegion': 'eu-west-1' } }),
});
add('SCPs do not affect service-linked roles', DOC.scpSlr, 'allowed', {
  identityPolicies: [pol(allow('ec2:*'))],
  serviceControlPolicies: [[pol(allow('s3:*'))]],
  request: req('ec2:DescribeInstances', '*', { principal: sess('AWSServiceRoleForAutoScaling', 'AutoScaling') }),
});
add(
  "SCPs restrict the member account's root user",
  DOC.scp,
  'implicitDeny',
  { serviceControlPolicies: [[pol(allow('s3:*'))]], request: req('ec2:RunInstances', '*', { principal: root() }) },
  { expectedLayer: 'scp' },
);
add(
  'SCPs restrict grants of resource-based policies too',
  DOC.scp,
  'implicitDeny',
  {
    serviceControlPolicies: [[pol(allow('ec2:*'))]],
    resourcePolicy: rp({ AWS: user() }),
    request: req('s3:GetObject', bucket),
  },
  { expectedLayer: 'scp' },
);
add('an SCP level with no policy allows nothing', DOC.scp, 'implicitDeny', {
  identityPolicies: [allowAll],
  serviceControlPolicies: [[fullAccess], []],
  request: req('s3:GetObject', bucket),
});
add('SCP allow-list with a condition that fails', DOC.scp, 'implicitDeny', {
  identityPolicies: [allowAll],
  serviceControlPolicies: [[pol(allow('*', '*', cond({ StringEquals: { 'aws:PrincipalTag/tier': 'gold' } })))]],
  request: req('s3:GetObject', bucket, { context: { 'aws:PrincipalTag/tier': 'silver' } }),
});

// ---------------------------------------------------------------- RCPs
const rcpFull = pol({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
const rcpPerimeter = pol({
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: '*',
  Condition: {
    StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' },
    BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
  },
});
add('RCPFullAWSAccess and an identity allow', DOC.rcp, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourceControlPolicies: [[rcpFull]],
  request: req('s3:GetObject', bucket),
});
add(
  'an RCP never grants',
  DOC.rcp,
  'implicitDeny',
  { resourceControlPolicies: [[rcpFull]], request: req('s3:GetObject', bucket) },
  { expectedLayer: 'identity' },
);
add(
  'RCP perimeter: a principal outside the organization is denied',
  DOC.rcp,
  'explicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    resourcePolicy: xPolicy({ AWS: B }),
    resourceControlPolicies: [[rcpFull, rcpPerimeter]],
    request: req('s3:GetObject', xBucket, {
      principal: alice,
      resourceAccount: A,
      context: { 'aws:PrincipalOrgID': 'o-other', 'aws:PrincipalIsAWSService': 'false' },
    }),
  },
  { expectedLayer: 'rcp' },
);
add('RCP perimeter: a principal inside the organization is allowed', DOC.rcp, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourcePolicy: xPolicy({ AWS: B }),
  resourceControlPolicies: [[rcpFull, rcpPerimeter]],
  request: req('s3:GetObject', xBucket, {
    principal: alice,
    resourceAccount: A,
    context: { 'aws:PrincipalOrgID': 'o-abc123', 'aws:PrincipalIsAWSService': 'false' },
  }),
});
add(
  'RCP: a level without an allow denies',
  DOC.rcp,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    resourceControlPolicies: [[rcpFull], [pol({ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' })]],
    request: req('s3:GetObject', bucket),
  },
  { expectedLayer: 'rcp' },
);
add('RCPs do not apply to services they do not support (EC2)', DOC.rcpServices, 'allowed', {
  identityPolicies: [pol(allow('ec2:*'))],
  resourceControlPolicies: [[pol({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' })]],
  request: req('ec2:RunInstances'),
});
add('RCP deny on plain-HTTP requests to S3', DOC.rcp, 'explicitDeny', {
  identityPolicies: [pol(allow('s3:*'))],
  resourceControlPolicies: [
    [
      rcpFull,
      pol({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
      }),
    ],
  ],
  request: req('s3:GetObject', bucket, { context: { 'aws:SecureTransport': 'false' } }),
});
add('RCP deny on plain HTTP: TLS requests pass', DOC.rcp, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourceControlPolicies: [
    [
      rcpFull,
      pol({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
      }),
    ],
  ],
  request: req('s3:GetObject', bucket, { context: { 'aws:SecureTransport': 'true' } }),
});
add(
  'an RCP statement without Principal is read as Principal "*" (the only value RCPs take)',
  DOC.rcp,
  'explicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    resourceControlPolicies: [[rcpFull, pol(deny('s3:DeleteBucket'))]],
    request: req('s3:DeleteBucket', 'arn:aws:s3:::b'),
  },
  { expectedLayer: 'rcp' },
);
add(
  'RCPs and SCPs together: both must allow',
  DOC.rcp,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    resourceControlPolicies: [[rcpFull]],
    serviceControlPolicies: [[pol(allow('ec2:*'))]],
    request: req('s3:GetObject', bucket),
  },
  { expectedLayer: 'scp' },
);
add(
  'RCPs restrict resource-policy grants to the user too',
  DOC.rcp,
  'implicitDeny',
  {
    resourcePolicy: rp({ AWS: user() }),
    resourceControlPolicies: [[pol({ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' })]],
    request: req('s3:GetObject', bucket),
  },
  { expectedLayer: 'rcp' },
);

// ---------------------------------------------------------------- documents as text
const text =
  '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "Read",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}';
add('a policy given as text decides like the object', DOC.eval, 'allowed', {
  identityPolicies: [text],
  request: req('s3:GetObject', bucket),
});
add('a statement given as a single object (not a list)', DOC.eval, 'allowed', {
  identityPolicies: [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }],
  request: req('s3:GetObject', bucket),
});

// ================================================================ second pass: what the first did not cover
// ---------------------------------------------------------------- missing keys, negated operators, per family
const onKey = (op: string, key: string, value: unknown): Record<string, unknown> =>
  pol(allow('s3:GetObject', '*', cond({ [op]: { [key]: value } })));
const getWith = (context?: Record<string, string | string[]>): EvalInput['request'] =>
  req('s3:GetObject', bucket, context ? { context } : {});
add('StringNotEqualsIgnoreCase holds when the key is missing', DOC.operators, 'allowed', {
  identityPolicies: [onKey('StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'red')],
  request: getWith(),
});
add('StringNotLike with several values is a NOR: matching the second pattern fails', DOC.multi, 'implicitDeny', {
  identityPolicies: [onKey('StringNotLike', 's3:prefix', ['home/*', 'tmp/*'])],
  request: getWith({ 's3:prefix': 'tmp/x' }),
});
add('StringNotLike with several values: matching none of them holds', DOC.multi, 'allowed', {
  identityPolicies: [onKey('StringNotLike', 's3:prefix', ['home/*', 'tmp/*'])],
  request: getWith({ 's3:prefix': 'public/x' }),
});
add('StringEqualsIgnoreCase: several values are ORed', DOC.multi, 'allowed', {
  identityPolicies: [onKey('StringEqualsIgnoreCase', 'aws:PrincipalTag/dept', ['Finance', 'HR'])],
  request: getWith({ 'aws:PrincipalTag/dept': 'hr' }),
});
add('StringLike: * matches an empty run', DOC.operators, 'allowed', {
  identityPolicies: [onKey('StringLike', 's3:prefix', 'home/*')],
  request: getWith({ 's3:prefix': 'home/' }),
});
add('StringLike without a wildcard is an exact match', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('StringLike', 's3:prefix', 'home')],
  request: getWith({ 's3:prefix': 'home/x' }),
});
add('StringEquals: an empty policy value matches an empty request value', DOC.operators, 'allowed', {
  identityPolicies: [onKey('StringLike', 's3:prefix', ['', 'home/'])],
  request: getWith({ 's3:prefix': '' }),
});
add('NumericNotEquals: the same number fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('NumericNotEquals', 's3:max-keys', '10')],
  request: getWith({ 's3:max-keys': '10' }),
});
add('NumericNotEquals: another number holds', DOC.operators, 'allowed', {
  identityPolicies: [onKey('NumericNotEquals', 's3:max-keys', '10')],
  request: getWith({ 's3:max-keys': '11' }),
});
add('NumericNotEquals with several values is a NOR', DOC.multi, 'implicitDeny', {
  identityPolicies: [onKey('NumericNotEquals', 's3:max-keys', ['10', '20'])],
  request: getWith({ 's3:max-keys': '20' }),
});
add('NumericGreaterThanEquals: a missing key fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('NumericGreaterThanEquals', 's3:max-keys', '1')],
  request: getWith(),
});
add('NumericLessThan compares negative numbers', DOC.operators, 'allowed', {
  identityPolicies: [onKey('NumericLessThan', 'ec2:Offset', '-1')],
  request: getWith({ 'ec2:Offset': '-5' }),
});
add('NumericEquals: an integer equals its decimal form (10 = 10.0)', DOC.operators, 'allowed', {
  identityPolicies: [onKey('NumericEquals', 's3:max-keys', '10.0')],
  request: getWith({ 's3:max-keys': '10' }),
});
add('NumericLessThan compares numbers, not text (9 < 10)', DOC.operators, 'allowed', {
  identityPolicies: [onKey('NumericLessThan', 's3:max-keys', '10')],
  request: getWith({ 's3:max-keys': '9' }),
});
add('NumericGreaterThan compares numbers, not text (100 > 20)', DOC.operators, 'allowed', {
  identityPolicies: [onKey('NumericGreaterThan', 's3:max-keys', '20')],
  request: getWith({ 's3:max-keys': '100' }),
});
add('NumericLessThanEqualsIfExists: a present value over the limit fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('NumericLessThanEqualsIfExists', 's3:max-keys', '10')],
  request: getWith({ 's3:max-keys': '11' }),
});
add('Numeric operators take no policy variables: the text is not a number', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('NumericEquals', 's3:max-keys', '${aws:PrincipalTag/limit}')],
  request: getWith({ 's3:max-keys': '10', 'aws:PrincipalTag/limit': '10' }),
});
add('DateEquals: a date alone is midnight UTC', DOC.operators, 'allowed', {
  identityPolicies: [onKey('DateEquals', 'aws:CurrentTime', '2020-01-01')],
  request: getWith({ 'aws:CurrentTime': '2020-01-01T00:00:00Z' }),
});
add('DateEquals: epoch seconds and ISO 8601 name the same instant', DOC.operators, 'allowed', {
  identityPolicies: [onKey('DateEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z')],
  request: getWith({ 'aws:CurrentTime': '1577836800' }),
});
add('DateNotEquals: the same instant in another format fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('DateNotEquals', 'aws:CurrentTime', '1577836800')],
  request: getWith({ 'aws:CurrentTime': '2020-01-01T00:00:00Z' }),
});
add('DateLessThan: a time zone offset is honoured', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('DateLessThan', 'aws:CurrentTime', '2020-01-01T01:00:00+01:00')],
  request: getWith({ 'aws:CurrentTime': '2020-01-01T00:30:00Z' }),
});
add('DateLessThan: fractional seconds are read', DOC.operators, 'allowed', {
  identityPolicies: [onKey('DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00.500Z')],
  request: getWith({ 'aws:CurrentTime': '2020-01-01T00:00:00.100Z' }),
});
add('DateGreaterThanEquals: a year alone (W3C ISO 8601) is its first instant', DOC.operators, 'allowed', {
  identityPolicies: [onKey('DateGreaterThanEquals', 'aws:CurrentTime', '2026')],
  request: getWith({ 'aws:CurrentTime': '2026-01-01T00:00:00Z' }),
});
add('DateLessThan: a year and month alone (W3C ISO 8601)', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('DateLessThan', 'aws:CurrentTime', '2026-03')],
  request: getWith({ 'aws:CurrentTime': '2026-03-01T00:00:00Z' }),
});
add('DateLessThan: hours and minutes without seconds (W3C ISO 8601)', DOC.operators, 'allowed', {
  identityPolicies: [onKey('DateLessThan', 'aws:CurrentTime', '2026-03-01T12:30Z')],
  request: getWith({ 'aws:CurrentTime': '2026-03-01T12:29:59Z' }),
});
add('DateGreaterThanEquals: a missing key fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('DateGreaterThanEquals', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z')],
  request: getWith(),
});
add('DateLessThanIfExists: holds when the key is missing', DOC.operators, 'allowed', {
  identityPolicies: [onKey('DateLessThanIfExists', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z')],
  request: getWith(),
});
add('DateGreaterThan: a request value that is not a date fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z')],
  request: getWith({ 'aws:CurrentTime': 'yesterday' }),
});
add('Date operators take no policy variables', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('DateLessThan', 'aws:CurrentTime', '${aws:PrincipalTag/expires}')],
  request: getWith({ 'aws:CurrentTime': '2020-01-01T00:00:00Z', 'aws:PrincipalTag/expires': '2030-01-01T00:00:00Z' }),
});
add('BinaryEquals: a missing key fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('BinaryEquals', 'key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==')],
  request: getWith(),
});
add('BinaryEqualsIfExists: holds when the key is missing', DOC.operators, 'allowed', {
  identityPolicies: [onKey('BinaryEqualsIfExists', 'key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==')],
  request: getWith(),
});
add('Bool: "false" matches a request value false', DOC.operators, 'allowed', {
  identityPolicies: [onKey('Bool', 'aws:MultiFactorAuthPresent', 'false')],
  request: getWith({ 'aws:MultiFactorAuthPresent': 'false' }),
});
const mfaBoolDeny = pol(allow('*'), deny('*', '*', cond({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } })));
add('Deny with Bool MultiFactorAuthPresent false: long-term keys (key absent) are not denied', DOC.keys, 'allowed', {
  identityPolicies: [mfaBoolDeny],
  request: getWith(),
});
add('Deny with Bool MultiFactorAuthPresent false: a session without MFA is denied', DOC.keys, 'explicitDeny', {
  identityPolicies: [mfaBoolDeny],
  request: getWith({ 'aws:MultiFactorAuthPresent': 'false' }),
});
add('BoolIfExists: a present true value holds', DOC.operators, 'allowed', {
  identityPolicies: [onKey('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true')],
  request: getWith({ 'aws:MultiFactorAuthPresent': 'true' }),
});
add('BoolIfExists: a present false value fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true')],
  request: getWith({ 'aws:MultiFactorAuthPresent': 'false' }),
});
const ipMixed = pol(
  allow('someservice:*', '*', cond({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } })),
);
add('IpAddress with IPv4 and IPv6 ranges: an IPv4 address in the first', DOC.operators, 'allowed', {
  identityPolicies: [ipMixed],
  request: req('someservice:Do', '*', { context: { 'aws:SourceIp': '203.0.113.77' } }),
});
add('IpAddress with IPv4 and IPv6 ranges: a lower-case IPv6 address in the second', DOC.operators, 'allowed', {
  identityPolicies: [ipMixed],
  request: req('someservice:Do', '*', { context: { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' } }),
});
add('IpAddress with IPv4 and IPv6 ranges: an address in neither', DOC.operators, 'implicitDeny', {
  identityPolicies: [ipMixed],
  request: req('someservice:Do', '*', { context: { 'aws:SourceIp': '2001:db8:1234:5679::1' } }),
});
add('IpAddress 0.0.0.0/0 takes every IPv4 address', DOC.operators, 'allowed', {
  identityPolicies: [onKey('IpAddress', 'aws:SourceIp', '0.0.0.0/0')],
  request: getWith({ 'aws:SourceIp': '198.51.100.9' }),
});
add('IpAddress: a request value that is not an address fails', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('IpAddress', 'aws:SourceIp', '203.0.113.0/24')],
  request: getWith({ 'aws:SourceIp': 'vpce-1a2b3c4d' }),
});
add('NotIpAddress with several ranges is a NOR: an address in the second fails', DOC.multi, 'implicitDeny', {
  identityPolicies: [onKey('NotIpAddress', 'aws:SourceIp', ['192.0.2.0/24', '203.0.113.0/24'])],
  request: getWith({ 'aws:SourceIp': '203.0.113.5' }),
});
add('NotIpAddressIfExists in a Deny: a missing key denies', DOC.operators, 'explicitDeny', {
  identityPolicies: [
    pol(allow('*'), deny('*', '*', cond({ NotIpAddressIfExists: { 'aws:SourceIp': '192.0.2.0/24' } }))),
  ],
  request: getWith(),
});
add('IpAddress takes no policy variables', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('IpAddress', 'aws:SourceIp', '${aws:PrincipalTag/office}')],
  request: getWith({ 'aws:SourceIp': '192.0.2.1', 'aws:PrincipalTag/office': '192.0.2.0/24' }),
});
add('ArnLike: ? matches one character in a component', DOC.operators, 'allowed', {
  identityPolicies: [onKey('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/app-?')],
  request: getWith({ 'aws:PrincipalArn': role('app-1') }),
});
add('ArnNotLike in a Deny: a missing key denies', DOC.operators, 'explicitDeny', {
  identityPolicies: [
    pol(allow('*'), deny('*', '*', cond({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' } }))),
  ],
  request: getWith(),
});
add('ArnLike: a value that is not an ARN does not match', DOC.operators, 'implicitDeny', {
  identityPolicies: [onKey('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:111122223333:*')],
  request: getWith({ 'aws:SourceArn': 'topic-1' }),
});
add('ArnLike: * in the resource part runs across colons and slashes', DOC.operators, 'allowed', {
  identityPolicies: [onKey('ArnLike', 'aws:SourceArn', 'arn:aws:logs:*:111122223333:log-group:*')],
  request: getWith({ 'aws:SourceArn': 'arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:a/b' }),
});
add('Null with two keys: both must hold (AND)', DOC.operators, 'implicitDeny', {
  identityPolicies: [
    pol(allow('ec2:*', '*', cond({ Null: { 'aws:TokenIssueTime': 'true', 'aws:SourceIp': 'true' } }))),
  ],
  request: req('ec2:DescribeInstances', '*', { context: { 'aws:SourceIp': '192.0.2.1' } }),
});
add('Null false on aws:TagKeys: a request with tags holds', DOC.multiExamples, 'allowed', {
  identityPolicies: [pol(allow('ec2:CreateTags', '*', cond({ Null: { 'aws:TagKeys': 'false' } })))],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['a', 'b'] } }),
});
add('operator names are case-insensitive (stringequals)', DOC.operators, 'allowed', {
  identityPolicies: [onKey('stringequals', 'aws:PrincipalTag/team', 'red')],
  request: getWith({ 'aws:PrincipalTag/team': 'red' }),
});
add('a condition with values in other types: a JSON number 10 is "10"', DOC.operators, 'allowed', {
  identityPolicies: [onKey('NumericLessThanEquals', 's3:max-keys', 10)],
  request: getWith({ 's3:max-keys': '10' }),
});

// ---------------------------------------------------------------- multivalued keys: the docs' example tables
const denyNotKey1 = pol(allow('iam:*'), {
  Sid: 'DenyRestrictedTags',
  Effect: 'Deny',
  Action: ['iam:Tag*', 'iam:UnTag*'],
  Resource: ['*'],
  Condition: { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } },
});
const tagUser = (keys?: string[]): EvalInput['request'] =>
  req('iam:TagUser', user('Bob'), keys ? { context: { 'aws:TagKeys': keys } } : {});
add('ForAllValues:StringNotLike key1*: key1:legal is not denied', DOC.multiExamples, 'allowed', {
  identityPolicies: [denyNotKey1],
  request: tagUser(['key1:legal']),
});
add('ForAllValues:StringNotLike key1*: key1:hr and key1:personnel are not denied', DOC.multiExamples, 'allowed', {
  identityPolicies: [denyNotKey1],
  request: tagUser(['key1:hr', 'key1:personnel']),
});
add('ForAllValues:StringNotLike key1*: key2:audit is denied', DOC.multiExamples, 'explicitDeny', {
  identityPolicies: [denyNotKey1],
  request: tagUser(['key2:audit']),
});
add('ForAllValues:StringNotLike key1*: no aws:TagKeys in the request is denied', DOC.multiExamples, 'explicitDeny', {
  identityPolicies: [denyNotKey1],
  request: tagUser(),
});
add('ForAllValues:StringNotLike key1*: key1:a with key2:b is not denied', DOC.multiExamples, 'allowed', {
  identityPolicies: [denyNotKey1],
  request: tagUser(['key1:a', 'key2:b']),
});
const denyListedTags = pol(allow('iam:*'), {
  Sid: 'DenyRestrictedTags',
  Effect: 'Deny',
  Action: ['iam:Tag*', 'iam:UnTag*'],
  Resource: ['*'],
  Condition: {
    Null: { 'aws:TagKeys': 'false' },
    'ForAllValues:StringLike': { 'aws:TagKeys': ['key1*', 'key2*', 'key3*'] },
  },
});
add('Null false + ForAllValues:StringLike: listed prefixes only are denied', DOC.multiExamples, 'explicitDeny', {
  identityPolicies: [denyListedTags],
  request: tagUser(['key1:legal', 'key3:hr']),
});
add('Null false + ForAllValues:StringLike: one unlisted key lifts the deny', DOC.multiExamples, 'allowed', {
  identityPolicies: [denyListedTags],
  request: tagUser(['key1:legal', 'key4:hr']),
});
add('Null false + ForAllValues:StringLike: no tags in the request is not denied', DOC.multiExamples, 'allowed', {
  identityPolicies: [denyListedTags],
  request: tagUser(),
});
const denySnapshotTags = pol(allow('ec2:*'), {
  Effect: 'Deny',
  Action: 'ec2:CreateSnapshot',
  Resource: '*',
  Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['webserver', 'environment'] } },
});
const snapshot = (keys?: string[]): EvalInput['request'] =>
  req('ec2:CreateSnapshot', '*', keys ? { context: { 'aws:TagKeys': keys } } : {});
add('ForAnyValue deny on snapshots: tag key webserver is denied', DOC.multiExamples, 'explicitDeny', {
  identityPolicies: [denySnapshotTags],
  request: snapshot(['webserver']),
});
add('ForAnyValue deny on snapshots: environment among others is denied', DOC.multiExamples, 'explicitDeny', {
  identityPolicies: [denySnapshotTags],
  request: snapshot(['environment', 'webserver', 'test']),
});
add('ForAnyValue deny on snapshots: only other keys are not denied', DOC.multiExamples, 'allowed', {
  identityPolicies: [denySnapshotTags],
  request: snapshot(['test']),
});
add('ForAnyValue deny on snapshots: no tag keys are not denied', DOC.multiExamples, 'allowed', {
  identityPolicies: [denySnapshotTags],
  request: snapshot(),
});
add('ForAnyValue deny on snapshots: tag keys compare case-sensitively', DOC.multiExamples, 'allowed', {
  identityPolicies: [denySnapshotTags],
  request: snapshot(['WebServer']),
});
const allowOnlyTags = pol(
  allow(
    'ec2:CreateTags',
    '*',
    cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }),
  ),
);
add('ForAllValues allow: both listed keys', DOC.sets, 'allowed', {
  identityPolicies: [allowOnlyTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['environment', 'cost-center'] } }),
});
add('ForAllValues allow: a listed key with another in other case fails', DOC.sets, 'implicitDeny', {
  identityPolicies: [allowOnlyTags],
  request: req('ec2:CreateTags', '*', { context: { 'aws:TagKeys': ['environment', 'Cost-Center'] } }),
});
add('ForAnyValue:StringEquals on aws:CalledVia: a call through CloudFormation', DOC.keys, 'allowed', {
  identityPolicies: [
    pol(
      allow(
        'dynamodb:*',
        '*',
        cond({ 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } }),
      ),
    ),
  ],
  request: req('dynamodb:CreateTable', '*', {
    context: { 'aws:CalledVia': ['cloudformation.amazonaws.com', 'dynamodb.amazonaws.com'] },
  }),
});
add('ForAnyValue:StringEquals on aws:CalledVia: a direct call (no key) fails', DOC.keys, 'implicitDeny', {
  identityPolicies: [
    pol(
      allow(
        'dynamodb:*',
        '*',
        cond({ 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } }),
      ),
    ),
  ],
  request: req('dynamodb:CreateTable'),
});
add('ForAllValues:StringEqualsIfExists: holds when the key is missing', DOC.operators, 'allowed', {
  identityPolicies: [onKey('ForAllValues:StringEqualsIfExists', 'aws:TagKeys', ['a'])],
  request: getWith(),
});
add('ForAnyValue:StringEqualsIfExists: holds when the key is missing (IfExists)', DOC.operators, 'allowed', {
  identityPolicies: [onKey('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', ['a'])],
  request: getWith(),
});
add('ForAnyValue:StringLike: a wildcard value matches one request value', DOC.sets, 'allowed', {
  identityPolicies: [onKey('ForAnyValue:StringLike', 'aws:TagKeys', ['team-*'])],
  request: getWith({ 'aws:TagKeys': ['owner', 'team-red'] }),
});
add('ForAllValues:StringLike: every request value must match some pattern', DOC.sets, 'implicitDeny', {
  identityPolicies: [onKey('ForAllValues:StringLike', 'aws:TagKeys', ['team-*'])],
  request: getWith({ 'aws:TagKeys': ['owner', 'team-red'] }),
});
add('ForAnyValue on a single-valued key: the one value is listed', DOC.singleExamples, 'allowed', {
  identityPolicies: [onKey('ForAnyValue:StringEquals', 'aws:RequestedRegion', ['us-east-1', 'us-west-2'])],
  request: getWith({ 'aws:RequestedRegion': 'us-west-2' }),
});
add('set operator names are case-insensitive (forallvalues:stringequals)', DOC.sets, 'allowed', {
  identityPolicies: [onKey('forallvalues:stringequals', 'aws:TagKeys', ['a', 'b'])],
  request: getWith({ 'aws:TagKeys': ['a'] }),
});

// ---------------------------------------------------------------- policy variables, more places
add("${aws:username} in NotResource: another user's folder is outside the exemption", DOC.variables, 'explicitDeny', {
  identityPolicies: [
    pol(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:username}/*' }),
  ],
  request: req('s3:GetObject', 'arn:aws:s3:::home/Bob/x', { context: { 'aws:username': 'Alice' } }),
});
add('${aws:username} in NotResource: the own folder is not denied', DOC.variables, 'allowed', {
  identityPolicies: [
    pol(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:username}/*' }),
  ],
  request: req('s3:GetObject', 'arn:aws:s3:::home/Alice/x', { context: { 'aws:username': 'Alice' } }),
});
add('two variables in one Resource', DOC.variables, 'allowed', {
  identityPolicies: [pol(allow('s3:GetObject', 'arn:aws:s3:::${aws:PrincipalTag/dept}/${aws:username}/*'))],
  request: req('s3:GetObject', 'arn:aws:s3:::finance/Alice/x', {
    context: { 'aws:username': 'Alice', 'aws:PrincipalTag/dept': 'finance' },
  }),
});
add('two variables in one Resource: one without a value matches nothing', DOC.variables, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:GetObject', 'arn:aws:s3:::${aws:PrincipalTag/dept}/${aws:username}/*'))],
  request: req('s3:GetObject', 'arn:aws:s3:::finance/Alice/x', { context: { 'aws:username': 'Alice' } }),
});
add('a user name of "*" is literal in Resource: it is not a wildcard', DOC.variables, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))],
  request: req('s3:GetObject', 'arn:aws:s3:::home/Bob/x', { context: { 'aws:username': '*' } }),
});
add('a variable in the account part of a Resource ARN', DOC.variables, 'allowed', {
  identityPolicies: [pol(allow('iam:ChangePassword', 'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}'))],
  request: req('iam:ChangePassword', user('Alice'), {
    context: { 'aws:username': 'Alice', 'aws:PrincipalAccount': A },
  }),
});
add('ABAC: the resource tag equals the principal tag (variable in StringEquals)', DOC.abac, 'allowed', {
  identityPolicies: [
    pol(
      allow(
        'secretsmanager:GetSecretValue',
        '*',
        cond({ StringEquals: { 'aws:ResourceTag/access-project': '${aws:PrincipalTag/access-project}' } }),
      ),
    ),
  ],
  request: req('secretsmanager:GetSecretValue', '*', {
    context: { 'aws:ResourceTag/access-project': 'peg', 'aws:PrincipalTag/access-project': 'peg' },
  }),
});
add('ABAC: a different project tag fails', DOC.abac, 'implicitDeny', {
  identityPolicies: [
    pol(
      allow(
        'secretsmanager:GetSecretValue',
        '*',
        cond({ StringEquals: { 'aws:ResourceTag/access-project': '${aws:PrincipalTag/access-project}' } }),
      ),
    ),
  ],
  request: req('secretsmanager:GetSecretValue', '*', {
    context: { 'aws:ResourceTag/access-project': 'peg', 'aws:PrincipalTag/access-project': 'uni' },
  }),
});
add('ABAC: an untagged principal matches nothing, even an untagged-looking resource', DOC.abac, 'implicitDeny', {
  identityPolicies: [
    pol(
      allow(
        'secretsmanager:GetSecretValue',
        '*',
        cond({ StringEquals: { 'aws:ResourceTag/access-project': '${aws:PrincipalTag/access-project}' } }),
      ),
    ),
  ],
  request: req('secretsmanager:GetSecretValue', '*', { context: { 'aws:ResourceTag/access-project': '' } }),
});
add('a variable default in a condition value, tag missing', DOC.variables, 'allowed', {
  identityPolicies: [onKey('StringEquals', 'aws:ResourceTag/team', "${aws:PrincipalTag/team, 'none'}")],
  request: getWith({ 'aws:ResourceTag/team': 'none' }),
});
const noValue = `${DOC.variables}#policy-vars-no-value`;
const teamObjects = pol(allow('s3:GetObject', 'arn:aws:s3:::example-bucket/*'), {
  Effect: 'Deny',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::example-bucket/*',
  Condition: { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } },
});
add('no-value example: the object tag equals the principal tag', noValue, 'allowed', {
  identityPolicies: [teamObjects],
  request: req('s3:GetObject', 'arn:aws:s3:::example-bucket/a', {
    context: { 's3:ExistingObjectTag/Team': 'blue', 'aws:PrincipalTag/Team': 'blue' },
  }),
});
add("no-value example: another team's object is denied", noValue, 'explicitDeny', {
  identityPolicies: [teamObjects],
  request: req('s3:GetObject', 'arn:aws:s3:::example-bucket/a', {
    context: { 's3:ExistingObjectTag/Team': 'red', 'aws:PrincipalTag/Team': 'blue' },
  }),
});
add(
  'no-value example: a principal without the Team tag is denied (StringNotEquals matches null)',
  noValue,
  'explicitDeny',
  {
    identityPolicies: [teamObjects],
    request: req('s3:GetObject', 'arn:aws:s3:::example-bucket/a', { context: { 's3:ExistingObjectTag/Team': 'blue' } }),
  },
);
add('no-value: StringLike against a variable with no value does not match', noValue, 'implicitDeny', {
  identityPolicies: [onKey('StringLike', 's3:prefix', '${aws:PrincipalTag/Team}*')],
  request: getWith({ 's3:prefix': 'blue/x' }),
});
add('no-value: StringNotLike against a variable with no value matches', noValue, 'allowed', {
  identityPolicies: [onKey('StringNotLike', 's3:prefix', '${aws:PrincipalTag/Team}*')],
  request: getWith({ 's3:prefix': 'blue/x' }),
});
add('no-value: a NotResource with no value excludes nothing, so the Deny applies', noValue, 'explicitDeny', {
  identityPolicies: [
    pol(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:username}/*' }),
  ],
  request: req('s3:GetObject', 'arn:aws:s3:::home/Alice/x', { principal: sess() }),
});
add('a multivalued key is no policy variable: it matches nothing', DOC.sets, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:GetObject', 'arn:aws:s3:::b/${aws:TagKeys}/*'))],
  request: req('s3:GetObject', 'arn:aws:s3:::b/a/x', { context: { 'aws:TagKeys': ['a', 'b'] } }),
});
add('a variable in a StringLike value keeps the wildcards around it', DOC.variables, 'allowed', {
  identityPolicies: [onKey('StringLike', 's3:prefix', 'home/${aws:username}/*')],
  request: getWith({ 's3:prefix': 'home/Alice/docs/', 'aws:username': 'Alice' }),
});
add('${aws:username} is compared with case: alice is not Alice', DOC.variables, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))],
  request: req('s3:GetObject', 'arn:aws:s3:::home/Alice/x', { context: { 'aws:username': 'alice' } }),
});

// ---------------------------------------------------------------- actions and resources
add('Action wildcard with upper-case request (IAM:GETUSER)', DOC.action, 'allowed', {
  identityPolicies: [pol(allow('iam:Get*'))],
  request: req('IAM:GETUSER', user()),
});
add('Action pattern in mixed case matches (S3:get*)', DOC.action, 'allowed', {
  identityPolicies: [pol(allow('S3:get*'))],
  request: req('s3:GetObject', bucket),
});
add('Resource arn:aws:s3:::* does not match an SQS queue', DOC.resource, 'implicitDeny', {
  identityPolicies: [pol(allow('*', 'arn:aws:s3:::*'))],
  request: req('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:q`),
});
add('Resource with a wildcard partition', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('s3:GetObject', 'arn:*:s3:::b/*'))],
  request: req('s3:GetObject', 'arn:aws:s3:::b/k'),
});
add('Resource log-group:* covers its log streams (colons in the last part)', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('logs:PutLogEvents', `arn:aws:logs:us-east-1:${A}:log-group:*`))],
  request: req('logs:PutLogEvents', `arn:aws:logs:us-east-1:${A}:log-group:app:log-stream:s1`),
});
add('Resource: a specific ARN does not match a request on "*"', DOC.resource, 'implicitDeny', {
  identityPolicies: [pol(allow('s3:ListAllMyBuckets', 'arn:aws:s3:::b'))],
  request: req('s3:ListAllMyBuckets', '*'),
});
add('Resource: wildcards for region and account match a table', DOC.resource, 'allowed', {
  identityPolicies: [pol(allow('dynamodb:GetItem', 'arn:aws:dynamodb:*:*:table/Books'))],
  request: req('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/Books`),
});
add('Allow NotAction with NotResource: s3 on other buckets is allowed', DOC.notResource, 'allowed', {
  identityPolicies: [pol({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' })],
  request: req('s3:GetObject', 'arn:aws:s3:::public/x'),
});
add('Allow NotAction with NotResource: the excluded bucket is not allowed', DOC.notResource, 'implicitDeny', {
  identityPolicies: [pol({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' })],
  request: req('s3:GetObject', 'arn:aws:s3:::secret/x'),
});
add('a statement with an unmatched condition does not deny', DOC.condition, 'allowed', {
  identityPolicies: [
    pol(allow('s3:*'), deny('s3:*', '*', cond({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }))),
  ],
  request: req('s3:GetObject', bucket, { context: { 'aws:RequestedRegion': 'us-east-1' } }),
});

// ---------------------------------------------------------------- principals and NotPrincipal
add('Principal names a user with a path', DOC.principal, 'allowed', {
  resourcePolicy: rp({ AWS: `arn:aws:iam::${A}:user/division/Alice` }),
  request: req('s3:GetObject', bucket, { principal: `arn:aws:iam::${A}:user/division/Alice` }),
});
add('Principal: an account id written as a JSON number is the account', DOC.principal, 'allowed', {
  identityPolicies: [pol(allow('s3:GetObject'))],
  resourcePolicy: rp({ AWS: Number(A) }),
  request: req('s3:GetObject', bucket),
});
add('Principal: a partial wildcard in a user ARN matches no one', DOC.principal, 'implicitDeny', {
  resourcePolicy: rp({ AWS: `arn:aws:iam::${A}:user/*` }),
  request: req('s3:GetObject', bucket),
});
add('Principal {"AWS": ["*"]} (a list) allows anyone', DOC.principal, 'allowed', {
  resourcePolicy: rp({ AWS: ['*'] }),
  request: req('s3:GetObject', bucket, { principal: user('Mary') }),
});
add('Principal "*" with aws:PrincipalOrgID: a member of the organization', DOC.principal, 'allowed', {
  resourcePolicy: rp('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
  request: req('s3:GetObject', bucket, { context: { 'aws:PrincipalOrgID': 'o-abc123' } }),
});
add('Principal "*" with aws:PrincipalOrgID: an anonymous request lacks the key', DOC.principal, 'implicitDeny', {
  resourcePolicy: rp('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
  request: req('s3:GetObject', bucket, { principal: '*' }),
});
const snsToSqs = pol({
  Effect: 'Allow',
  Principal: { Service: 'sns.amazonaws.com' },
  Action: 'sqs:SendMessage',
  Resource: `arn:aws:sqs:us-east-1:${A}:queue`,
  Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic` } },
});
add('Service principal with aws:SourceArn: the right topic is allowed', DOC.operators, 'allowed', {
  resourcePolicy: snsToSqs,
  request: req('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:queue`, {
    principal: 'sns.amazonaws.com',
    context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic` },
  }),
});
add('Service principal with aws:SourceArn: another topic is not', DOC.operators, 'implicitDeny', {
  resourcePolicy: snsToSqs,
  request: req('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:queue`, {
    principal: 'sns.amazonaws.com',
    context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${B}:topic` },
  }),
});
add('Deny NotPrincipal naming only the account: its users are denied', DOC.notPrincipal, 'explicitDeny', {
  identityPolicies: [allowAll],
  resourcePolicy: pol(
    { Effect: 'Allow', Principal: { AWS: A }, Action: 's3:*', Resource: '*' },
    { Effect: 'Deny', NotPrincipal: { AWS: root() }, Action: 's3:*', Resource: '*' },
  ),
  request: req('s3:GetObject', bucket),
});
add('Deny NotPrincipal naming the account: the root user is not denied', DOC.notPrincipal, 'allowed', {
  resourcePolicy: pol({ Effect: 'Deny', NotPrincipal: { AWS: root() }, Action: 's3:*', Resource: '*' }),
  request: req('s3:GetObject', bucket, { principal: root() }),
});

// ---------------------------------------------------------------- layers: boundaries, sessions, SCPs, RCPs
add('a Deny in the boundary beats a resource policy naming the user', DOC.boundaries, 'explicitDeny', {
  permissionsBoundary: pol(allow('*'), deny('s3:GetObject')),
  resourcePolicy: rp({ AWS: user() }),
  request: req('s3:GetObject', bucket),
});
add('a Deny in a session policy beats a resource policy naming the session', DOC.session, 'explicitDeny', {
  identityPolicies: [allowAll],
  sessionPolicies: [pol(deny('s3:GetObject'))],
  resourcePolicy: rp({ AWS: sess() }),
  request: req('s3:GetObject', bucket, { principal: sess() }),
});
add(
  'a boundary does not limit the root user... but an identity Deny does',
  DOC.eval,
  'explicitDeny',
  { identityPolicies: [pol(deny('s3:*'))], request: req('s3:GetObject', bucket, { principal: root() }) },
  { expectedLayer: 'identity' },
);
add(
  "cross-account: an SCP of the principal's account applies",
  DOC.scp,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:GetObject'))],
    resourcePolicy: xPolicy({ AWS: B }),
    serviceControlPolicies: [[pol(allow('ec2:*'))]],
    request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
  },
  { expectedLayer: 'scp' },
);
add(
  "cross-account: the session policy limits the principal's side",
  DOC.cross,
  'implicitDeny',
  {
    identityPolicies: [pol(allow('s3:*'))],
    sessionPolicies: [pol(allow('ec2:*'))],
    resourcePolicy: xPolicy({ AWS: `arn:aws:iam::${B}:role/Reader` }),
    request: req('s3:GetObject', xBucket, {
      principal: `arn:aws:sts::${B}:assumed-role/Reader/s1`,
      resourceAccount: A,
    }),
  },
  { expectedLayer: 'session' },
);
add("cross-account: an identity Deny on the principal's side wins", DOC.cross, 'explicitDeny', {
  identityPolicies: [pol(allow('s3:*'), deny('s3:GetObject'))],
  resourcePolicy: xPolicy({ AWS: B }),
  request: req('s3:GetObject', xBucket, { principal: alice, resourceAccount: A }),
});
add('cross-account KMS: key policy naming the account and an identity allow', DOC.cross, 'allowed', {
  identityPolicies: [pol(allow('kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/*`))],
  resourcePolicy: pol({ Effect: 'Allow', Principal: { AWS: root(B) }, Action: 'kms:Decrypt', Resource: '*' }),
  request: req('kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/k1`, { principal: alice }),
});
add(
  'SCP deny-list: FullAWSAccess with a Deny on ec2 denies explicitly',
  DOC.scpExamples,
  'explicitDeny',
  {
    identityPolicies: [allowAll],
    serviceControlPolicies: [[fullAccess, pol(deny('ec2:*'))]],
    request: req('ec2:RunInstances'),
  },
  { expectedLayer: 'scp' },
);
add(
  'SCP denying the root user (ArnLike aws:PrincipalArn root)',
  DOC.scpExamples,
  'explicitDeny',
  {
    serviceControlPolicies: [
      [fullAccess, pol(deny('*', '*', cond({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } })))],
    ],
    request: req('s3:GetObject', bucket, { principal: root(), context: { 'aws:PrincipalArn': root() } }),
  },
  { expectedLayer: 'scp' },
);
add('the same SCP does not deny an IAM user', DOC.scpExamples, 'allowed', {
  identityPolicies: [allowAll],
  serviceControlPolicies: [
    [fullAccess, pol(deny('*', '*', cond({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } })))],
  ],
  request: req('s3:GetObject', bucket, { context: { 'aws:PrincipalArn': user() } }),
});
add('an SCP Deny applies to a session of a role', DOC.scp, 'explicitDeny', {
  identityPolicies: [allowAll],
  serviceControlPolicies: [[fullAccess, pol(deny('s3:DeleteBucket'))]],
  request: req('s3:DeleteBucket', 'arn:aws:s3:::b', { principal: sess() }),
});
add('RCPs do not restrict service-linked roles', DOC.rcpScope, 'allowed', {
  identityPolicies: [pol(allow('s3:*'))],
  resourceControlPolicies: [[rcpFull, pol({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' })]],
  request: req('s3:GetObject', bucket, {
    principal: `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForConfig/session`,
  }),
});
add(
  'RCP: a deny on an external principal of another account',
  DOC.rcp,
  'explicitDeny',
  {
    identityPolicies: [pol(allow('sqs:*'))],
    resourcePolicy: pol({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sqs:*', Resource: '*' }),
    resourceControlPolicies: [
      [
        rcpFull,
        pol({
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': A } },
        }),
      ],
    ],
    request: req('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:q`, {
      principal: alice,
      context: { 'aws:PrincipalAccount': B },
    }),
  },
  { expectedLayer: 'rcp' },
);

// ---------------------------------------------------------------- the identity-based policy examples
const EX = (page: string): string => `${IAM}reference_policies_examples_${page}.html`;
const dates = pol(
  allow(
    'service-prefix:action-name',
    '*',
    cond({
      DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' },
      DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' },
    }),
  ),
);
add('dates example: a request inside the window', EX('aws-dates'), 'allowed', {
  identityPolicies: [dates],
  request: req('service-prefix:action-name', '*', { context: { 'aws:CurrentTime': '2020-05-15T10:00:00Z' } }),
});
add('dates example: a request after the window', EX('aws-dates'), 'implicitDeny', {
  identityPolicies: [dates],
  request: req('service-prefix:action-name', '*', { context: { 'aws:CurrentTime': '2020-07-01T00:00:00Z' } }),
});
const regionGuard = pol(allow('*'), {
  Sid: 'DenyAllOutsideRequestedRegions',
  Effect: 'Deny',
  NotAction: ['cloudfront:*', 'iam:*', 'route53:*', 'support:*'],
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3'] } },
});
add('Region example: EC2 in us-east-1 is denied', EX('aws_deny-requested-region'), 'explicitDeny', {
  identityPolicies: [regionGuard],
  request: req('ec2:RunInstances', '*', { context: { 'aws:RequestedRegion': 'us-east-1' } }),
});
add('Region example: EC2 in eu-west-1 is allowed', EX('aws_deny-requested-region'), 'allowed', {
  identityPolicies: [regionGuard],
  request: req('ec2:RunInstances', '*', { context: { 'aws:RequestedRegion': 'eu-west-1' } }),
});
add('Region example: IAM (a global service) in us-east-1 is not denied', EX('aws_deny-requested-region'), 'allowed', {
  identityPolicies: [regionGuard],
  request: req('iam:ListUsers', '*', { context: { 'aws:RequestedRegion': 'us-east-1' } }),
});
const ipGuard = pol(allow('*'), {
  Effect: 'Deny',
  Action: '*',
  Resource: '*',
  Condition: {
    NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] },
    Bool: { 'aws:ViaAWSService': 'false' },
  },
});
add('source IP example: a direct call from elsewhere is denied', EX('aws_deny-ip'), 'explicitDeny', {
  identityPolicies: [ipGuard],
  request: req('s3:GetObject', bucket, { context: { 'aws:SourceIp': '198.51.100.7', 'aws:ViaAWSService': 'false' } }),
});
add('source IP example: a call from the listed range is not denied', EX('aws_deny-ip'), 'allowed', {
  identityPolicies: [ipGuard],
  request: req('s3:GetObject', bucket, { context: { 'aws:SourceIp': '203.0.113.9', 'aws:ViaAWSService': 'false' } }),
});
add('source IP example: a call an AWS service makes for the user is not denied', EX('aws_deny-ip'), 'allowed', {
  identityPolicies: [ipGuard],
  request: req('s3:GetObject', bucket, { context: { 'aws:SourceIp': '198.51.100.7', 'aws:ViaAWSService': 'true' } }),
});
const ownKeys = pol(
  allow(
    ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
    'arn:aws:iam::*:user/${aws:username}',
  ),
);
add('own access keys example: Alice manages her own keys', EX('iam_credentials_console'), 'allowed', {
  identityPolicies: [ownKeys],
  request: req('iam:CreateAccessKey', user('Alice'), { context: { 'aws:username': 'Alice' } }),
});
add("own access keys example: Alice cannot manage Bob's keys", EX('iam_credentials_console'), 'implicitDeny', {
  identityPolicies: [ownKeys],
  request: req('iam:CreateAccessKey', user('Bob'), { context: { 'aws:username': 'Alice' } }),
});
const ec2Mfa = pol(
  allow(
    ['ec2:StopInstances', 'ec2:TerminateInstances'],
    '*',
    cond({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }),
  ),
);
add('EC2 MFA example: MFA used ten minutes ago', EX('ec2_require-mfa'), 'allowed', {
  identityPolicies: [ec2Mfa],
  request: req('ec2:StopInstances', '*', { context: { 'aws:MultiFactorAuthAge': '600' } }),
});
add('EC2 MFA example: MFA used two hours ago', EX('ec2_require-mfa'), 'implicitDeny', {
  identityPolicies: [ec2Mfa],
  request: req('ec2:StopInstances', '*', { context: { 'aws:MultiFactorAuthAge': '7200' } }),
});
add(
  'EC2 MFA example: long-term keys have no aws:MultiFactorAuthAge',
  EX('ec2_require-mfa'),
  'implicitDeny',
  {
    identityPolicies: [ec2Mfa],
    request: req('ec2:StopInstances'),
  },
  { expectedMissing: ['aws:MultiFactorAuthAge'] },
);

// ---------------------------------------------------------------- the RCP examples: confused-deputy protection
const rcpExamples =
  'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html';
const rcpDeputy = pol({
  Sid: 'RCPEnforceConfusedDeputyProtection',
  Effect: 'Deny',
  Principal: '*',
  Action: ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*', 'sts:*'],
  Resource: '*',
  Condition: {
    StringNotEqualsIfExists: { 'aws:SourceOrgID': 'o-myorg' },
    Null: { 'aws:SourceAccount': 'false' },
    Bool: { 'aws:PrincipalIsAWSService': 'true' },
  },
});
const trailBucket = pol({
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::trail-bucket/*',
});
const trailPut = (context: Record<string, string>, principal = 'cloudtrail.amazonaws.com'): EvalInput['request'] =>
  req('s3:PutObject', 'arn:aws:s3:::trail-bucket/AWSLogs/x', { principal, context });
add(
  'RCP confused deputy: a service acting for another organization is denied',
  rcpExamples,
  'explicitDeny',
  {
    resourcePolicy: trailBucket,
    resourceControlPolicies: [[rcpFull, rcpDeputy]],
    request: trailPut({
      'aws:SourceOrgID': 'o-other',
      'aws:SourceAccount': B,
      'aws:PrincipalIsAWSService': 'true',
    }),
  },
  { expectedLayer: 'rcp' },
);
add('RCP confused deputy: a service acting for this organization is allowed', rcpExamples, 'allowed', {
  resourcePolicy: trailBucket,
  resourceControlPolicies: [[rcpFull, rcpDeputy]],
  request: trailPut({ 'aws:SourceOrgID': 'o-myorg', 'aws:SourceAccount': A, 'aws:PrincipalIsAWSService': 'true' }),
});
add('RCP confused deputy: a service call without aws:SourceAccount is not denied', rcpExamples, 'allowed', {
  resourcePolicy: trailBucket,
  resourceControlPolicies: [[rcpFull, rcpDeputy]],
  request: trailPut({ 'aws:PrincipalIsAWSService': 'true' }),
});
add('RCP confused deputy: an IAM user is not a service principal, so not denied', rcpExamples, 'allowed', {
  identityPolicies: [pol(allow('s3:PutObject'))],
  resourceControlPolicies: [[rcpFull, rcpDeputy]],
  request: trailPut({ 'aws:PrincipalIsAWSService': 'false', 'aws:SourceAccount': B }, user()),
});

export const CASE_TABLE: readonly TableCase[] = cases;
