/** Completion and hover: what is offered where, and the span it replaces. */
import * as assert from 'node:assert/strict';
import { complete, hover } from '../../../../src/core/policy/completion';
import { cursor, fakeCatalog } from './helpers';

const labels = (r: { items: { label: string }[] } | undefined): string[] => (r ? r.items.map((i) => i.label) : []);

describe('policy completion', () => {
  it("offers the ARN templates of the statement's actions in Resource, partition filled in", async () => {
    const [text, offset] = cursor(
      '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:|"]}]}',
    );
    const r = await complete(text, offset, fakeCatalog());
    assert.ok(r);
    assert.ok(r.items.length > 0);
    assert.ok(
      r.items.every(
        (i) => i.kind === 'value' && i.label.startsWith('arn:${Partition}:s3:') && i.insert.startsWith('arn:aws:s3:'),
      ),
      JSON.stringify(r.items),
    );
    assert.equal(text.slice(r.from, r.to), 'arn:');
    const none = cursor('{"Statement": [{"Effect": "Allow", "Action": "nosuch:Thing", "Resource": "|"}]}');
    assert.equal(await complete(none[0], none[1], fakeCatalog()), undefined);
  });

  it('offers service prefixes in an Action string before the colon, replacing the typed text', async () => {
    const [text, offset] = cursor('{"Statement": [{"Effect": "Allow", "Action": ["s|"]}]}');
    const r = await complete(text, offset, fakeCatalog());
    assert.ok(r);
    assert.deepEqual(labels(r), ['s3:', 'iam:', 'sts:']);
    assert.deepEqual([r.from, r.to], [offset - 1, offset]);
    assert.equal(r.items[0]?.detail, 'Amazon S3');
  });

  it('offers the actions of the typed service with access level and description', async () => {
    const [text, offset] = cursor('{"Statement": [{"Effect": "Allow", "Action": "s3:Get|"}]}');
    const r = await complete(text, offset, fakeCatalog());
    assert.ok(r);
    assert.equal(r.items[0]?.label, 's3:*');
    const get = r.items.find((i) => i.label === 's3:GetObject');
    assert.deepEqual(get, {
      label: 's3:GetObject',
      kind: 'action',
      detail: 'Read',
      description: 'Grants permission to retrieve objects from Amazon S3',
      insert: 's3:GetObject',
    });
    assert.equal(r.items.find((i) => i.label === 's3:PutBucketPolicy')?.detail, 'Permissions management, Write');
    assert.equal(text.slice(r.from, r.to), 's3:Get', 'replaces the whole string content');
  });

  it('works in NotAction, with a single-object Statement, and in an unterminated string', async () => {
    const [text, offset] = cursor('{"Statement": {"Effect": "Deny", "NotAction": "iam:|');
    const r = await complete(text, offset, fakeCatalog());
    assert.ok(labels(r).includes('iam:PassRole'));
    assert.equal(r?.to, text.length);
  });

  it('offers nothing for an unknown service', async () => {
    const [text, offset] = cursor('{"Statement": [{"Action": "nosuch:|"}]}');
    assert.deepEqual(labels(await complete(text, offset, fakeCatalog())), []);
  });

  it('offers statement elements by kind, quoted outside a string', async () => {
    const [text, offset] = cursor('{"Statement": [{ | }]}');
    const identity = await complete(text, offset, fakeCatalog(), 'identity');
    assert.deepEqual(labels(identity), [
      'Sid',
      'Effect',
      'Action',
      'NotAction',
      'Condition',
      'Resource',
      'NotResource',
    ]);
    assert.equal(identity?.items[0]?.insert, '"Sid"');
    const trust = await complete(text, offset, fakeCatalog(), 'trust');
    assert.ok(labels(trust).includes('Principal') && !labels(trust).includes('Resource'));
  });

  it('offers top-level elements, the Version value and Effect values', async () => {
    const [t1, o1] = cursor('{"|"}');
    assert.deepEqual(labels(await complete(t1, o1, fakeCatalog())), ['Version', 'Id', 'Statement']);
    const [t2, o2] = cursor('{"Version": "|"}');
    assert.deepEqual(labels(await complete(t2, o2, fakeCatalog())), ['2012-10-17']);
    const [t3, o3] = cursor('{"Statement": [{"Effect": "A|"}]}');
    assert.deepEqual(labels(await complete(t3, o3, fakeCatalog())), ['Allow', 'Deny']);
  });

  it('offers condition operators under Condition', async () => {
    const [text, offset] = cursor('{"Statement": [{"Condition": {"Str|": {}}}]}');
    const r = await complete(text, offset, fakeCatalog());
    for (const op of [
      'StringEquals',
      'StringLikeIfExists',
      'ForAnyValue:StringLike',
      'ArnLike',
      'IpAddress',
      'Bool',
      'Null',
      'NumericLessThan',
      'DateGreaterThan',
    ]) {
      assert.ok(labels(r).includes(op), op);
    }
    assert.ok(!labels(r).includes('NullIfExists'));
  });

  it('offers global keys and the keys of the statement’s services under an operator', async () => {
    const [text, offset] = cursor(
      '{"Statement": [{"Action": ["s3:GetObject"], "Condition": {"StringEquals": {"|"}}}]}',
    );
    const r = await complete(text, offset, fakeCatalog());
    assert.deepEqual(labels(r), [
      'aws:SourceIp',
      'aws:PrincipalTag/${TagKey}',
      'aws:SecureTransport',
      's3:prefix',
      's3:ExistingObjectTag/${TagKey}',
    ]);
    assert.equal(
      r?.items.find((i) => i.label === 'aws:PrincipalTag/${TagKey}')?.insert,
      'aws:PrincipalTag/',
      'a template inserts up to its variable',
    );
  });

  it('offers the keys of a typed service prefix too', async () => {
    const [text, offset] = cursor(
      '{"Statement": [{"Action": "s3:GetObject", "Condition": {"StringEquals": {"iam:P|"}}}]}',
    );
    assert.ok(labels(await complete(text, offset, fakeCatalog())).includes('iam:PassedToService'));
  });

  it('offers principal types and service principals', async () => {
    const [t1, o1] = cursor('{"Statement": [{"Principal": {"|"}}]}');
    assert.deepEqual(labels(await complete(t1, o1, fakeCatalog(), 'trust')), [
      'AWS',
      'Service',
      'Federated',
      'CanonicalUser',
    ]);
    const [t2, o2] = cursor('{"Statement": [{"Principal": {"Service": "|"}}]}');
    assert.ok(labels(await complete(t2, o2, fakeCatalog(), 'trust')).includes('sts.amazonaws.com'));
  });

  it('offers nothing in a Resource string or after a closing quote', async () => {
    const [t1, o1] = cursor('{"Statement": [{"Resource": "arn:|"}]}');
    assert.equal(await complete(t1, o1, fakeCatalog()), undefined);
    const [t2, o2] = cursor('{"Statement": [{"Action": "s3:GetObject"|}]}');
    assert.equal(await complete(t2, o2, fakeCatalog()), undefined);
  });
});

describe('policy hover', () => {
  const text =
    '{"Statement": [{"Effect": "Allow", "Action": ["s3:getobject", "s3:List*", "s3:Nope", "nosuch:X"], "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}';
  const at = (needle: string): number => text.indexOf(needle) + 2;

  it('describes an action: description, access level, resource types with ARN formats', async () => {
    const h = await hover(text, at('"s3:getobject"'), fakeCatalog());
    assert.deepEqual(h, {
      from: text.indexOf('"s3:getobject"'),
      to: text.indexOf('"s3:getobject"') + '"s3:getobject"'.length,
      kind: 'action',
      title: 's3:GetObject',
      service: 'Amazon S3',
      description: 'Grants permission to retrieve objects from Amazon S3',
      accessLevels: ['Read'],
      resourceTypes: [{ name: 'bucket', required: true, arn: 'arn:${Partition}:s3:::${BucketName}' }],
    });
  });

  it('lists the actions a wildcard matches', async () => {
    const h = await hover(text, at('"s3:List*"'), fakeCatalog());
    assert.equal(h?.kind, 'actionPattern');
    assert.deepEqual(
      h?.matches?.map((m) => m.name),
      ['s3:ListBucket', 's3:ListAllMyBuckets'],
    );
    assert.deepEqual(h?.accessLevels, ['List']);
  });

  it('says so for unknown actions and services', async () => {
    assert.equal((await hover(text, at('"s3:Nope"'), fakeCatalog()))?.kind, 'unknown');
    assert.match((await hover(text, at('"nosuch:X"'), fakeCatalog()))?.description ?? '', /not a known service/);
  });

  it('describes a condition key', async () => {
    const h = await hover(text, at('"aws:SourceIp"'), fakeCatalog());
    assert.equal(h?.kind, 'conditionKey');
    assert.equal(h?.type, 'IPAddress');
  });

  it('has nothing to say elsewhere', async () => {
    assert.equal(await hover(text, at('"Allow"'), fakeCatalog()), undefined);
    assert.equal(await hover(text, at('"203.0.113.0/24"'), fakeCatalog()), undefined);
    assert.equal(await hover('not json', 2, fakeCatalog()), undefined);
  });
});
