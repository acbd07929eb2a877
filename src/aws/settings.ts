import * as vscode from 'vscode';
import type { ConnectionSettings } from './connections';

const section = () => vscode.workspace.getConfiguration('iamExplorer');

/** Profiles shown in the tree: the setting, else AWS_PROFILE, else `default`. */
export function selectedProfiles(): string[] {
  const configured = section().get<string[]>('profiles', []);
  if (configured.length > 0) return [...new Set(configured)];
  return [process.env.AWS_PROFILE || 'default'];
}

export function connectionSettings(): ConnectionSettings {
  const s = section();
  const region = s.get<string>('region', 'us-east-1').trim();
  const inspected = s.inspect<string>('region');
  const regionIsDefault =
    inspected?.globalValue === undefined && inspected?.workspaceValue === undefined && inspected?.workspaceFolderValue === undefined;
  return {
    endpoint: s.get<string>('endpoint', '').trim(),
    region: region || 'us-east-1',
    regionIsDefault,
    requestTimeoutMs: Math.max(1, s.get<number>('requestTimeoutSeconds', 30)) * 1000,
    // IAM throttles per account; standard retries with backoff ride through bursts.
    maxAttempts: 10,
  };
}

export function treeSettings(): { accessKeyMaxAgeDays: number; showAwsManagedPolicies: boolean } {
  const s = section();
  return {
    accessKeyMaxAgeDays: s.get<number>('accessKeyMaxAgeDays', 90),
    showAwsManagedPolicies: s.get<boolean>('showAwsManagedPolicies', false),
  };
}
