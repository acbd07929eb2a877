import { strict as assert } from 'node:assert';
import {
  accessDiff,
  describeDiff,
  headline,
  patternCovers,
  resourceCovers,
  type AccessDiff,
} from '../../../../src/core/access/diff';
import { fakeCatalog } from '../policy/helpers';

const V = '2012-10-17';
type Stmt = Record<string, unknown>;
const pol = (...Statement: Stmt[]) => ({ Version: V, Statement });
const allow = (Action: unknown, Resource: unknown = '*', extra: Stmt = {}): Stmt => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: unknown, Resource: unknown = '*', extra: Stmt = {}): Stmt => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});
const trust = (Principal: unknown, extra: Stmt = {}): Stmt => ({
  Effect: 'Allow',
  Principal,
  Action: 'sts:AssumeRole',
  ...extra,
});
const BUCKET = 'arn:aws:s3:::reports/*';

/** What a case expects: the granted actions (as "action on resource"), and other facts. */
interface Expect {
  granted?: string[];
  revoked?: string[];
  denyRemoved?: string[];
  trusted?: string[];
  loosened?: string[];
  noNew?: boolean;
  firstLevel?: string;
  reason?: string;
}

const grantedOf = (d: AccessDiff) =>
  d.granted
    .flatMap((g) => g.items.map((i) => `${i.action} on ${i.resource}${i.principal ? ` to ${i.principal}` : ''}`))
    .sort();
const revokedOf = (d: AccessDiff) =>
  d.revoked
    .flatMap((g) => g.items.map((i) => `${i.action} on ${i.resource}${i.principal ? ` to ${i.principal}` : ''}`))
    .sort();

const cases: Array<[string, object, object, Expect]> = [
  // --- no change
  [
    'identical documents',
    pol(allow('s3:GetObject', BUCKET)),
    pol(allow('s3:GetObject', BUCKET)),
    { noNew: true, granted: [], revoked: [] },
  ],
  [
    'formatting only (white space, key order)',
    pol(allow('s3:GetObject', BUCKET)),
    pol({ Resource: BUCKET, Action: 's3:GetObject', Effect: 'Allow' }),
    { noNew: true, granted: [], revoked: [] },
  ],
  [
    'statements reordered',
    pol(allow('s3:GetObject', BUCKET), allow('iam:GetRole')),
    pol(allow('iam:GetRole'), allow('s3:GetObject', BUCKET)),
    { noNew: true, granted: [], revoked: [] },
  ],
  [
    'a string and a one-element array',
    pol(allow('s3:GetObject', BUCKET)),
    pol(allow(['s3:GetObject'], [BUCKET])),
    { noNew: true, granted: [] },
  ],
  [
    'action case changed',
    pol(allow('s3:GetObject', BUCKET)),
    pol(allow('S3:getobject', BUCKET)),
    { noNew: true, granted: [] },
  ],
  [
    'a Sid added',
    pol(allow('s3:GetObject', BUCKET)),
    pol(allow('s3:GetObject', BUCKET, { Sid: 'Read' })),
    { noNew: true, granted: [] },
  ],
  [
    'a statement split in two',
    pol(allow(['s3:GetObject', 's3:PutObject'], BUCKET)),
    pol(allow('s3:GetObject', BUCKET), allow('s3:PutObject', BUCKET)),
    { noNew: true, granted: [], revoked: [] },
  ],
  [
    'two statements merged',
    pol(allow('s3:GetObject', BUCKET), allow('s3:PutObject', BUCKET)),
    pol(allow(['s3:GetObject', 's3:PutObject'], BUCKET)),
    { noNew: true, granted: [], revoked: [] },
  ],
  [
    'a wildcard written out as the actions it matches',
    pol(allow('s3:Get*', BUCKET)),
    pol(allow(['s3:GetObject', 's3:GetBucketPolicy'], BUCKET)),
    { noNew: true, granted: [], revoked: [] },
  ],
  // --- actions
  [
    'an action added',
    pol(allow('s3:GetObject', BUCKET)),
    pol(allow(['s3:GetObject', 's3:PutObject'], BUCKET)),
    { granted: [`s3:PutObject on ${BUCKET}`], firstLevel: 'Write', reason: 'action' },
  ],
  [
    'an action removed',
    pol(allow(['s3:GetObject', 's3:PutObject'], BUCKET)),
    pol(allow('s3:GetObject', BUCKET)),
    { noNew: true, granted: [], revoked: [`s3:PutObject on ${BUCKET}`] },
  ],
  [
    'a wildcard widening: s3:Get* → s3:*',
    pol(allow('s3:Get*', BUCKET)),
    pol(allow('s3:*', BUCKET)),
    {
      granted: [
        'DeleteBucket',
        'ListAllMyBuckets',
        'ListBucket',
        'PutBucketPolicy',
        'PutObject',
        'PutObjectTagging',
      ].map((a) => `s3:${a} on ${BUCKET}`),
      firstLevel: 'Permissions management',
    },
  ],
  [
    'a wildcard narrowing: s3:* → s3:Get*',
    pol(allow('s3:*', BUCKET)),
    pol(allow('s3:Get*', BUCKET)),
    {
      noNew: true,
      granted: [],
      revoked: [
        'DeleteBucket',
        'ListAllMyBuckets',
        'ListBucket',
        'PutBucketPolicy',
        'PutObject',
        'PutObjectTagging',
      ].map((a) => `s3:${a} on ${BUCKET}`),
    },
  ],
  [
    'a concrete action to its service wildcard',
    pol(allow('iam:GetRole')),
    pol(allow('iam:*')),
    {
      granted: ['iam:AttachRolePolicy on *', 'iam:ListRoles on *', 'iam:PassRole on *'],
      firstLevel: 'Permissions management',
    },
  ],
  [
    'a ? wildcard',
    pol(allow('sts:AssumeRole')),
    pol(allow('sts:AssumeRole*')),
    { granted: ['sts:AssumeRoleWithWebIdentity on *'] },
  ],
  [
    'Action "*" replaces a list',
    pol(allow('s3:GetObject')),
    pol(allow('*')),
    { granted: ['* on *'], reason: 'action' },
  ],
  [
    'an action of a service the catalog does not know',
    pol(allow('s3:GetObject')),
    pol(allow(['s3:GetObject', 'foo:Bar'])),
    { granted: ['foo:Bar on *'] },
  ],
  [
    'a new statement for another service',
    pol(allow('s3:GetObject', BUCKET)),
    pol(allow('s3:GetObject', BUCKET), allow('iam:PassRole', 'arn:aws:iam::123456789012:role/app')),
    { granted: ['iam:PassRole on arn:aws:iam::123456789012:role/app'] },
  ],
  [
    'Allow changed to Deny',
    pol(allow('s3:PutObject', BUCKET)),
    pol(deny('s3:PutObject', BUCKET)),
    { noNew: true, revoked: [`s3:PutObject on ${BUCKET}`] },
  ],
  // --- resources
  [
    'a resource widened to *',
    pol(allow('s3:GetObject', 'arn:aws:s3:::logs/*')),
    pol(allow('s3:GetObject', '*')),
    { granted: ['s3:GetObject on *'], reason: 'resource' },
  ],
  [
    'a resource narrowed',
    pol(allow('s3:GetObject', '*')),
    pol(allow('s3:GetObject', 'arn:aws:s3:::logs/*')),
    { noNew: true, revoked: ['s3:GetObject on *'] },
  ],
  [
    'a resource prefix widened: logs/app/* → logs/*',
    pol(allow('s3:GetObject', 'arn:aws:s3:::logs/app/*')),
    pol(allow('s3:GetObject', 'arn:aws:s3:::logs/*')),
    { granted: ['s3:GetObject on arn:aws:s3:::logs/*'], reason: 'resource' },
  ],
  [
    'a resource added',
    pol(allow('s3:GetObject', ['arn:aws:s3:::a/*'])),
    pol(allow('s3:GetObject', ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'])),
    { granted: ['s3:GetObject on arn:aws:s3:::b/*'] },
  ],
  [
    'resource ARNs are case-sensitive',
    pol(allow('s3:GetObject', 'arn:aws:s3:::Logs/*')),
    pol(allow('s3:GetObject', 'arn:aws:s3:::logs/*')),
    { granted: ['s3:GetObject on arn:aws:s3:::logs/*'] },
  ],
  [
    'a ? in the old resource does not cover a * in the new',
    pol(allow('s3:GetObject', 'arn:aws:s3:::log?')),
    pol(allow('s3:GetObject', 'arn:aws:s3:::log*')),
    { granted: ['s3:GetObject on arn:aws:s3:::log*'] },
  ],
  // --- NotAction / NotResource
  [
    'NotAction replaces an Action list',
    pol(allow('s3:GetObject')),
    pol({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    { granted: ['* except iam:* on *'] },
  ],
  [
    'NotAction excluding less than before widens',
    pol({ Effect: 'Allow', NotAction: ['iam:*', 's3:*'], Resource: '*' }),
    pol({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    { granted: ['* except iam:* on *'] },
  ],
  [
    'NotAction excluding more than before narrows',
    pol({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    pol({ Effect: 'Allow', NotAction: ['iam:*', 's3:*'], Resource: '*' }),
    { noNew: true, granted: [] },
  ],
  [
    'NotAction under Action "*" adds nothing',
    pol(allow('*')),
    pol({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    { noNew: true, granted: [] },
  ],
  [
    'NotResource replaces a resource',
    pol(allow('s3:GetObject', BUCKET)),
    pol({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }),
    { granted: ['s3:GetObject on * except arn:aws:s3:::secret/*'] },
  ],
  [
    'NotResource excluding less widens',
    pol({ Effect: 'Allow', Action: 's3:GetObject', NotResource: ['arn:aws:s3:::secret/*', 'arn:aws:s3:::keys/*'] }),
    pol({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }),
    { granted: ['s3:GetObject on * except arn:aws:s3:::secret/*'] },
  ],
  [
    'a literal resource outside the old NotResource is covered',
    pol({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }),
    pol(allow('s3:GetObject', 'arn:aws:s3:::public/a.txt')),
    { noNew: true, granted: [] },
  ],
  // --- conditions
  [
    'a condition removed',
    pol(allow('s3:GetObject', BUCKET, { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })),
    pol(allow('s3:GetObject', BUCKET)),
    { granted: [`s3:GetObject on ${BUCKET}`], reason: 'condition', loosened: ['aws:SourceIp removed'] },
  ],
  [
    'a condition added narrows',
    pol(allow('s3:GetObject', BUCKET)),
    pol(allow('s3:GetObject', BUCKET, { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })),
    { noNew: true, granted: [] },
  ],
  [
    'a condition value added (widened)',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } } })),
    { granted: [`s3:GetObject on ${BUCKET}`], loosened: ['aws:PrincipalTag/team widened'] },
  ],
  [
    'a condition value removed (narrowed)',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } })),
    { noNew: true },
  ],
  [
    'a StringLike pattern widened',
    pol(allow('s3:ListBucket', '*', { Condition: { StringLike: { 's3:prefix': 'home/alice/*' } } })),
    pol(allow('s3:ListBucket', '*', { Condition: { StringLike: { 's3:prefix': 'home/*' } } })),
    { granted: ['s3:ListBucket on *'], loosened: ['s3:prefix widened'] },
  ],
  [
    'a StringLike pattern narrowed',
    pol(allow('s3:ListBucket', '*', { Condition: { StringLike: { 's3:prefix': 'home/*' } } })),
    pol(allow('s3:ListBucket', '*', { Condition: { StringLike: { 's3:prefix': 'home/alice/*' } } })),
    { noNew: true },
  ],
  [
    'the operator loosened to IfExists',
    pol(allow('s3:GetObject', BUCKET, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { BoolIfExists: { 'aws:SecureTransport': 'true' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`] },
  ],
  [
    'condition keys compare without case',
    pol(allow('s3:GetObject', BUCKET, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { Bool: { 'AWS:securetransport': 'true' } } })),
    { noNew: true },
  ],
  [
    'a number changed in a NumericLessThan',
    pol(allow('s3:GetObject', BUCKET, { Condition: { NumericLessThan: { 's3:max-keys': '10' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { NumericLessThan: { 's3:max-keys': '100' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`], loosened: ['s3:max-keys widened'] },
  ],
  [
    'a StringNotEquals excluding fewer values widens',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'a' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`] },
  ],
  // --- conditions, as the evaluation engine reads them (src/core/eval)
  [
    'operator names compare without case, as the engine parses them',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { stringequals: { 'aws:PrincipalTag/team': 'a' } } })),
    { noNew: true },
  ],
  [
    'StringEquals → StringLike with the same literal value: the same test',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringLike: { 'aws:PrincipalTag/team': 'a' } } })),
    { noNew: true },
  ],
  [
    'StringEquals → StringLike with a wildcard widens',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringLike: { 'aws:PrincipalTag/team': 'ops*' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`], loosened: ['aws:PrincipalTag/team widened'] },
  ],
  [
    'StringLike → StringEquals on a value the pattern held narrows',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringLike: { 'aws:PrincipalTag/team': 'ops*' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops-eu' } } })),
    { noNew: true },
  ],
  [
    'StringEquals → StringEqualsIgnoreCase widens (every spelling passes)',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'ops' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`], loosened: ['aws:PrincipalTag/team widened'] },
  ],
  [
    'StringEqualsIgnoreCase → StringEquals narrows',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'OPS' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } })),
    { noNew: true },
  ],
  [
    'StringNotEquals → StringNotLike excluding more narrows',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'guest' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringNotLike: { 'aws:PrincipalTag/team': 'guest*' } } })),
    { noNew: true },
  ],
  [
    'ArnEquals → ArnLike with the same ARN: the engine matches them alike',
    pol(
      allow('iam:PassRole', '*', {
        Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:t' } },
      }),
    ),
    pol(
      allow('iam:PassRole', '*', {
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:t' } },
      }),
    ),
    { noNew: true },
  ],
  [
    'ARN condition values are case-sensitive',
    pol(
      allow('iam:PassRole', '*', {
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::123456789012:role/Admin' } },
      }),
    ),
    pol(
      allow('iam:PassRole', '*', {
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::123456789012:role/admin' } },
      }),
    ),
    { granted: ['iam:PassRole on *'], loosened: ['aws:SourceArn widened'] },
  ],
  [
    'an ArnLike pattern widened',
    pol(
      allow('iam:PassRole', '*', {
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::123456789012:role/app-*' } },
      }),
    ),
    pol(allow('iam:PassRole', '*', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::*:role/app-*' } } })),
    { granted: ['iam:PassRole on *'], loosened: ['aws:SourceArn widened'] },
  ],
  [
    'IfExists removed narrows',
    pol(allow('s3:GetObject', BUCKET, { Condition: { BoolIfExists: { 'aws:SecureTransport': 'true' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
    { noNew: true },
  ],
  [
    'IfExists added widens (a request without the key passes)',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'ops' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`], loosened: ['aws:PrincipalTag/team widened'] },
  ],
  [
    'ForAnyValue:StringEquals is the plain StringEquals test',
    pol(allow('s3:GetObject', BUCKET, { Condition: { StringEquals: { 'aws:TagKeys': 'env' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'env' } } })),
    { noNew: true },
  ],
  [
    'ForAnyValue → ForAllValues is another test (a request without the key passes)',
    pol(allow('s3:GetObject', BUCKET, { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'env' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'env' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`], loosened: ['aws:TagKeys changed'] },
  ],
  [
    'ForAllValues with fewer allowed values narrows',
    pol(
      allow('s3:GetObject', BUCKET, { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } } }),
    ),
    pol(allow('s3:GetObject', BUCKET, { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'env' } } })),
    { noNew: true },
  ],
  [
    'a NumericLessThan limit lowered narrows',
    pol(allow('s3:GetObject', BUCKET, { Condition: { NumericLessThan: { 's3:max-keys': '100' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { NumericLessThan: { 's3:max-keys': '10' } } })),
    { noNew: true },
  ],
  [
    'NumericLessThan → NumericLessThanEquals on the same limit widens',
    pol(allow('s3:GetObject', BUCKET, { Condition: { NumericLessThan: { 's3:max-keys': '10' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`], loosened: ['s3:max-keys widened'] },
  ],
  [
    'a DateLessThan moved earlier narrows',
    pol(allow('s3:GetObject', BUCKET, { Condition: { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { DateLessThan: { 'aws:CurrentTime': '2026-12-01' } } })),
    { noNew: true },
  ],
  [
    'a DateLessThan moved later widens',
    pol(allow('s3:GetObject', BUCKET, { Condition: { DateLessThan: { 'aws:CurrentTime': '2026-12-01' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { DateLessThan: { 'aws:CurrentTime': '2027-01-01' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`], loosened: ['aws:CurrentTime widened'] },
  ],
  [
    'an IpAddress block narrowed to a block inside it',
    pol(allow('s3:GetObject', BUCKET, { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { IpAddress: { 'aws:SourceIp': ['10.1.0.0/16', '10.2.3.4'] } } })),
    { noNew: true },
  ],
  [
    'an IpAddress block widened',
    pol(allow('s3:GetObject', BUCKET, { Condition: { IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`], loosened: ['aws:SourceIp widened'] },
  ],
  [
    'Null "true" → "false" is another test',
    pol(allow('s3:GetObject', BUCKET, { Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })),
    pol(allow('s3:GetObject', BUCKET, { Condition: { Null: { 'aws:TokenIssueTime': 'false' } } })),
    { granted: [`s3:GetObject on ${BUCKET}`] },
  ],
  // --- resources and actions, as the engine matches them
  [
    'a resource pattern of fewer than six parts matches the whole ARN',
    pol(allow('s3:GetObject', 'arn:aws:s3:*')),
    pol(allow('s3:GetObject', 'arn:aws:s3:::reports/*')),
    { noNew: true },
  ],
  [
    'a wildcard in an ARN part does not run across its colons',
    pol(allow('sns:Publish', 'arn:aws:sns:*:123456789012:alerts')),
    pol(allow('sns:Publish', 'arn:aws:sns:us-east-1:555555555555:123456789012:alerts')),
    { granted: ['sns:Publish on arn:aws:sns:us-east-1:555555555555:123456789012:alerts'], reason: 'resource' },
  ],
  [
    'a service wildcard written in capitals covers the action',
    pol(allow('S3:Get*', BUCKET)),
    pol(allow('s3:getobject', BUCKET)),
    { noNew: true },
  ],
  // --- principals, as the engine matches them
  [
    'a trust narrowed from an account to one of its roles adds nothing',
    pol(trust({ AWS: '999999999999' })),
    pol(trust({ AWS: 'arn:aws:iam::999999999999:role/deploy' })),
    { noNew: true, trusted: [] },
  ],
  [
    'a wildcard inside a principal ARN is not a wildcard',
    pol(trust({ AWS: 'arn:aws:iam::999999999999:role/*' })),
    pol(trust({ AWS: 'arn:aws:iam::999999999999:role/deploy' })),
    { trusted: ['AWS:arn:aws:iam::999999999999:role/deploy account another'], reason: 'principal' },
  ],
  [
    'service principals compare without case',
    pol(trust({ Service: 'lambda.amazonaws.com' })),
    pol(trust({ Service: 'Lambda.amazonaws.com' })),
    { noNew: true, trusted: [] },
  ],
  [
    'NotPrincipal excluding fewer principals widens',
    pol({
      Effect: 'Allow',
      NotPrincipal: { AWS: ['arn:aws:iam::123456789012:user/a', 'arn:aws:iam::123456789012:user/b'] },
      Action: 's3:GetObject',
      Resource: BUCKET,
    }),
    pol({
      Effect: 'Allow',
      NotPrincipal: { AWS: 'arn:aws:iam::123456789012:user/a' },
      Action: 's3:GetObject',
      Resource: BUCKET,
    }),
    { granted: [`s3:GetObject on ${BUCKET} to * except AWS:arn:aws:iam::123456789012:user/a`], reason: 'principal' },
  ],
  [
    'NotPrincipal excluding more principals narrows',
    pol({
      Effect: 'Allow',
      NotPrincipal: { AWS: 'arn:aws:iam::123456789012:user/a' },
      Action: 's3:GetObject',
      Resource: BUCKET,
    }),
    pol({
      Effect: 'Allow',
      NotPrincipal: { AWS: ['arn:aws:iam::123456789012:user/a', 'arn:aws:iam::123456789012:user/b'] },
      Action: 's3:GetObject',
      Resource: BUCKET,
    }),
    { noNew: true },
  ],
  // --- Deny
  [
    'a Deny removed',
    pol(allow('s3:*', '*'), deny('s3:DeleteBucket')),
    pol(allow('s3:*', '*')),
    { denyRemoved: ['s3:DeleteBucket on *'], noNew: false, granted: [] },
  ],
  [
    'a Deny narrowed to fewer resources',
    pol(allow('s3:*'), deny('s3:GetObject', 'arn:aws:s3:::secret*')),
    pol(allow('s3:*'), deny('s3:GetObject', 'arn:aws:s3:::secret/*')),
    { denyRemoved: ['s3:GetObject on arn:aws:s3:::secret*'] },
  ],
  [
    'a Deny given a condition (narrower)',
    pol(allow('s3:*'), deny('s3:DeleteBucket')),
    pol(
      allow('s3:*'),
      deny('s3:DeleteBucket', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }),
    ),
    { denyRemoved: ['s3:DeleteBucket on *'] },
  ],
  [
    'a Deny widened adds no access',
    pol(allow('s3:*'), deny('s3:DeleteBucket')),
    pol(allow('s3:*'), deny('s3:Delete*')),
    { noNew: true, denyRemoved: [] },
  ],
  [
    'a Deny added adds no access',
    pol(allow('s3:*')),
    pol(allow('s3:*'), deny('s3:DeleteBucket')),
    { noNew: true, granted: [] },
  ],
  // --- trust policies
  [
    'a trust policy trusts another account',
    pol(trust({ Service: 'lambda.amazonaws.com' })),
    pol(trust({ Service: 'lambda.amazonaws.com' }), trust({ AWS: 'arn:aws:iam::999999999999:root' })),
    {
      granted: ['sts:AssumeRole on * to AWS:arn:aws:iam::999999999999:root'],
      trusted: ['AWS:arn:aws:iam::999999999999:root account another'],
      reason: 'principal',
    },
  ],
  [
    'a bare account id is that account’s root',
    pol(trust({ AWS: 'arn:aws:iam::999999999999:root' })),
    pol(trust({ AWS: '999999999999' })),
    { noNew: true, granted: [] },
  ],
  [
    'Principal "*" trusts anyone',
    pol(trust({ Service: 'ec2.amazonaws.com' })),
    pol(trust('*')),
    { trusted: ['* anyone'], reason: 'principal' },
  ],
  [
    '{"AWS": "*"} trusts anyone',
    pol(trust({ AWS: 'arn:aws:iam::123456789012:root' })),
    pol(trust({ AWS: '*' })),
    { trusted: ['* anyone'] },
  ],
  [
    'a new service trusted',
    pol(trust({ Service: 'lambda.amazonaws.com' })),
    pol(trust({ Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] })),
    { trusted: ['Service:ec2.amazonaws.com service'] },
  ],
  [
    'a trusted service removed',
    pol(trust({ Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] })),
    pol(trust({ Service: 'lambda.amazonaws.com' })),
    { noNew: true, revoked: ['sts:AssumeRole on * to Service:ec2.amazonaws.com'] },
  ],
  [
    'sts:ExternalId dropped',
    pol(
      trust({ AWS: 'arn:aws:iam::999999999999:root' }, { Condition: { StringEquals: { 'sts:ExternalId': 'x-123' } } }),
    ),
    pol(trust({ AWS: 'arn:aws:iam::999999999999:root' })),
    { loosened: ['sts:ExternalId removed'], reason: 'condition' },
  ],
  [
    'aws:MultiFactorAuthPresent dropped',
    pol(
      trust(
        { AWS: 'arn:aws:iam::123456789012:root' },
        { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      ),
    ),
    pol(trust({ AWS: 'arn:aws:iam::123456789012:root' })),
    { loosened: ['aws:MultiFactorAuthPresent removed'], trusted: [] },
  ],
  [
    'a federated provider trusted',
    pol(trust({ Service: 'lambda.amazonaws.com' })),
    pol(trust({ Service: 'lambda.amazonaws.com' }), {
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
    }),
    { trusted: ['Federated:arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com federated'] },
  ],
  [
    'a trust policy statement reordered with its principals',
    pol(trust({ Service: ['a.amazonaws.com', 'b.amazonaws.com'] })),
    pol(trust({ Service: ['b.amazonaws.com', 'a.amazonaws.com'] })),
    { noNew: true, trusted: [] },
  ],
];

describe('core/access/diff: what a change grants', () => {
  it(`has at least 40 table cases (${cases.length})`, () => assert.ok(cases.length >= 40));

  for (const [name, before, after, expect] of cases) {
    it(name, async () => {
      const d = await accessDiff(before, after, fakeCatalog(), { accountId: '123456789012' });
      const text = describeDiff(d).join('\n');
      if (expect.noNew !== undefined) assert.equal(d.noNewAccess, expect.noNew, text);
      if (expect.granted) assert.deepEqual(grantedOf(d), [...expect.granted].sort(), text);
      if (expect.revoked) assert.deepEqual(revokedOf(d), [...expect.revoked].sort(), text);
      if (expect.denyRemoved)
        assert.deepEqual(
          d.denyRemoved.map((i) => `${i.action} on ${i.resource}`).sort(),
          [...expect.denyRemoved].sort(),
          text,
        );
      if (expect.trusted)
        assert.deepEqual(
          d.newlyTrusted.map(
            (p) => `${p.principal} ${p.kind}${p.kind === 'account' ? (p.otherAccount ? ' another' : ' own') : ''}`,
          ),
          expect.trusted,
          text,
        );
      if (expect.loosened)
        assert.deepEqual(
          d.conditionsLoosened.map((c) => `${c.key} ${c.change}`),
          expect.loosened,
          text,
        );
      if (expect.firstLevel) assert.equal(d.granted[0]?.accessLevel, expect.firstLevel, text);
      if (expect.reason)
        assert.equal([...d.granted.flatMap((g) => g.items), ...d.denyRemoved][0]?.reason, expect.reason, text);
      // The headline always leads with one of the two phrases.
      assert.match(headline(d), d.noNewAccess ? /^No new access/ : /^Grants new access: /);
    });
  }

  it('the headline names the action and the resource, Permissions management and Write first', async () => {
    const d = await accessDiff(
      pol(allow('s3:GetObject', BUCKET)),
      pol(allow(['s3:GetObject', 's3:DeleteBucket', 's3:ListBucket', 's3:PutBucketPolicy'], BUCKET)),
      fakeCatalog(),
    );
    assert.equal(
      headline(d),
      `Grants new access: s3:PutBucketPolicy on ${BUCKET}; s3:DeleteBucket on ${BUCKET}; s3:ListBucket on ${BUCKET}.`,
    );
    assert.deepEqual(
      d.granted.map((g) => g.accessLevel),
      ['Permissions management', 'Write', 'List'],
    );
  });

  it('says where it is approximate', async () => {
    const d = await accessDiff(
      pol(allow('s3:GetObject')),
      pol({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, allow('foo:Bar')),
      fakeCatalog(),
    );
    const text = describeDiff(d).join('\n');
    assert.match(text, /Approximate: .*does not know service "foo"/);
    assert.match(text, /NotAction\/NotResource/);
  });

  it('reads the catalog only for the services the documents name', async () => {
    const catalog = fakeCatalog();
    await accessDiff(pol(allow('s3:GetObject')), pol(allow('s3:*')), catalog);
    assert.deepEqual(catalog.calls, ['service:s3']);
  });

  it('refuses a document that is not a policy object, with a message', async () => {
    await assert.rejects(() => accessDiff([], pol(), fakeCatalog()), /not a JSON object/);
  });

  describe('patternCovers', () => {
    const table: Array<[string, string, boolean, boolean]> = [
      ['*', 'anything*', false, true],
      ['a*', 'ab*', false, true],
      ['ab*', 'a*', false, false],
      ['a?c', 'abc', false, true],
      ['a?c', 'a*c', false, false],
      ['a*c', 'a?c', false, true],
      ['S3:Get*', 's3:getobject', true, true],
      ['S3:Get*', 's3:getobject', false, false],
      ['a*b*c', 'a1b2c', false, true],
      ['abc', 'abc', false, true],
      ['abc', 'ab', false, false],
    ];
    for (const [outer, inner, ci, want] of table)
      it(`${outer} ⊇ ${inner}${ci ? ' (ignoring case)' : ''}: ${want}`, () =>
        assert.equal(patternCovers(outer, inner, ci), want));
  });
});

describe('core/access/diff: resourceCovers (ARNs as the engine matches them)', () => {
  const table: Array<[string, string, boolean]> = [
    ['*', 'arn:aws:s3:::x', true],
    ['arn:aws:s3:::*', 'arn:aws:s3:::a/*', true],
    ['arn:aws:s3:*', 'arn:aws:s3:::a/*', true],
    ['arn:aws:s3:::Logs/*', 'arn:aws:s3:::logs/a', false],
    ['arn:aws:iam::*:role/app-*', 'arn:aws:iam::123456789012:role/app-?', true],
    ['arn:aws:sns:*:123456789012:alerts', 'arn:aws:sns:us-east-1:555555555555:123456789012:alerts', false],
    ['arn:aws:logs:*:123456789012:*', 'arn:aws:logs:us-east-1:123456789012:log-group:x:*', true],
    ['arn:aws:iam::123456789012:role/*', '*', false],
  ];
  for (const [outer, inner, want] of table)
    it(`${outer} ⊇ ${inner}: ${want}`, () => assert.equal(resourceCovers(outer, inner), want));
});

describe('core/access: accessChange from texts', () => {
  it('a new policy (nothing in IAM) grants everything it allows', async () => {
    const { accessChange } = await import('../../../../src/core/access');
    const r = await accessChange(undefined, JSON.stringify(pol(allow('s3:PutObject', BUCKET))), fakeCatalog());
    assert.ok(r.ok);
    assert.equal(r.headline, `Grants new access: s3:PutObject on ${BUCKET}.`);
  });

  it('URL-encoded text from IAM is decoded; a trust policy names no resource', async () => {
    const { accessChange } = await import('../../../../src/core/access');
    const before = encodeURIComponent(JSON.stringify(pol(trust({ Service: 'lambda.amazonaws.com' }))));
    const r = await accessChange(
      before,
      JSON.stringify(pol(trust({ Service: 'lambda.amazonaws.com' }), trust({ AWS: '999999999999' }))),
      fakeCatalog(),
      { accountId: '123456789012' },
    );
    assert.ok(r.ok);
    assert.equal(r.headline, 'Grants new access: sts:AssumeRole to AWS:arn:aws:iam::999999999999:root.');
    assert.ok(
      r.lines.includes('Newly trusted: AWS:arn:aws:iam::999999999999:root (another account 999999999999)'),
      r.lines.join('\n'),
    );
  });

  it('an edit that is not JSON says so instead of a difference', async () => {
    const { accessChange } = await import('../../../../src/core/access');
    const r = await accessChange('{}', '{"Statement": [', fakeCatalog());
    assert.deepEqual(r, {
      ok: false,
      message: 'The edit is not JSON yet: the access difference shows once it parses.',
    });
  });
});
