// The AWS managed policies every account sees, from test/fixtures.
// Imported as JSON (not read from disk) so the emulator also works bundled into the tier-2 tests.
import fixture from '../fixtures/aws-managed-policies.json';
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

export function awsManagedPolicies(): AwsManagedPolicy[] {
  return fixture as AwsManagedPolicy[];
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
