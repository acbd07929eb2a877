import * as assert from 'node:assert/strict';
import type { ActionCatalog, ServiceData } from '../../../../src/core/policy/catalog';
import type { Finding } from '../../../../src/core/policy/types';

/** The span of the `n`th (0-based) occurrence of `needle` in `text`. */
export function spanOf(text: string, needle: string, n = 0): { from: number; to: number } {
  let from = -1;
  for (let i = 0; i <= n; i++) {
    from = text.indexOf(needle, from + 1);
    assert.ok(from >= 0, `"${needle}" occurs ${i} times in the text, expected more than ${n}`);
  }
  return { from, to: from + needle.length };
}

/** Finds the one finding with `code`, failing with the list of codes otherwise. */
export function only(findings: Finding[], code: string): Finding {
  const matching = findings.filter((f) => f.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got: ${JSON.stringify(findings.map((f) => f.code))}`);
  return matching[0] as Finding;
}

export function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

/** Text with a `|` marking the cursor, to [text, offset]. */
export function cursor(marked: string): [string, number] {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'no cursor mark');
  return [marked.slice(0, offset) + marked.slice(offset + 1), offset];
}

/** A policy with one Allow statement around the given elements (a JSON fragment). */
export function identity(statementBody: string): string {
  return `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ${statementBody}}]}`;
}

const action = (
  name: string,
  accessLevels: ServiceData['actions'][number]['accessLevels'],
  description = `Grants permission to ${name}`,
): ServiceData['actions'][number] => ({
  name,
  description,
  accessLevels,
  resourceTypes: [{ name: 'bucket', required: true }],
  conditionKeys: [],
});

/** A small fixed catalog, so counts and orders in tests do not move with the daily data. */
export const SERVICES: ServiceData[] = [
  {
    prefix: 's3',
    name: 'Amazon S3',
    actions: [
      action('GetObject', ['Read'], 'Grants permission to retrieve objects from Amazon S3'),
      action('GetBucketPolicy', ['Read']),
      action('ListBucket', ['List']),
      action('ListAllMyBuckets', ['List']),
      action('PutObject', ['Write']),
      action('DeleteBucket', ['Write']),
      action('PutBucketPolicy', ['Permissions management', 'Write']),
      action('PutObjectTagging', ['Tagging', 'Write']),
    ],
    conditionKeys: [
      { key: 's3:prefix', type: 'String', description: 'Filters access by key name prefix' },
      {
        key: 's3:ExistingObjectTag/${TagKey}',
        type: 'String',
        description: 'Filters access by an existing object tag',
      },
    ],
    resourceTypes: [{ name: 'bucket', arn: 'arn:${Partition}:s3:::${BucketName}' }],
  },
  {
    prefix: 'iam',
    name: 'AWS Identity and Access Management (IAM)',
    actions: [
      action('PassRole', ['Write']),
      action('GetRole', ['Read']),
      action('ListRoles', ['List']),
      action('AttachRolePolicy', ['Permissions management']),
    ],
    conditionKeys: [
      { key: 'iam:PassedToService', type: 'String', description: 'Filters by the service the role is passed to' },
    ],
    resourceTypes: [{ name: 'role', arn: 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}' }],
  },
  {
    prefix: 'sts',
    name: 'AWS Security Token Service',
    actions: [
      action('AssumeRole', ['Write']),
      action('AssumeRoleWithWebIdentity', ['Write']),
      action('TagSession', ['Tagging']),
    ],
    conditionKeys: [{ key: 'sts:ExternalId', type: 'String', description: 'Filters by the external ID' }],
    resourceTypes: [],
  },
];

export const GLOBAL_KEYS = [
  { key: 'aws:SourceIp', type: 'IPAddress', description: 'The requester IP address' },
  { key: 'aws:PrincipalTag/${TagKey}', type: 'String', description: 'A tag on the principal' },
  { key: 'aws:SecureTransport', type: 'Bool', description: 'Whether the request used TLS' },
];

/** An ActionCatalog over SERVICES that counts the questions it was asked. */
export function fakeCatalog(): ActionCatalog & { calls: string[] } {
  const calls: string[] = [];
  const templateMatch = (template: string, key: string): boolean =>
    new RegExp('^' + template.replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{[^}]*\}/g, '.+') + '$', 'i').test(key);
  return {
    calls,
    services: async () => {
      calls.push('services');
      return SERVICES.map((s) => ({ prefix: s.prefix, name: s.name }));
    },
    service: async (prefix) => {
      calls.push(`service:${prefix}`);
      return SERVICES.find((s) => s.prefix === prefix.toLowerCase());
    },
    conditionKey: async (key) => {
      calls.push(`conditionKey:${key}`);
      return [...GLOBAL_KEYS, ...SERVICES.flatMap((s) => s.conditionKeys)].find((k) => templateMatch(k.key, key));
    },
    globalConditionKeys: async () => GLOBAL_KEYS,
  };
}
