// The AWS managed policies every account sees, from test/fixtures.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IamState } from './state.js';

export interface AwsManagedPolicy {
  name: string;
  path: string;
  arn: string;
  id: string;
  description: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  document: Record<string, unknown>;
}

const FIXTURE = fileURLToPath(new URL('../fixtures/aws-managed-policies.json', import.meta.url));

let cache: AwsManagedPolicy[] | undefined;

export function awsManagedPolicies(): AwsManagedPolicy[] {
  cache ??= JSON.parse(readFileSync(FIXTURE, 'utf8')) as AwsManagedPolicy[];
  return cache;
}

export function addAwsManagedPolicies(state: IamState): void {
  for (const p of awsManagedPolicies()) {
    state.addPolicy({
      name: p.name,
      path: p.path,
      arn: p.arn,
      id: p.id,
      description: p.description,
      createDate: new Date(p.createDate),
      updateDate: new Date(p.updateDate),
      documents: [JSON.stringify(p.document, null, 4)],
      versionId: p.defaultVersionId,
      awsManaged: true,
    });
  }
}
