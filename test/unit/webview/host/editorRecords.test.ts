import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import type { PolicyTarget } from '../../../../src/core/iam/policySave';
import { EditorRecords, newHandle, withNamesFromArn } from '../../../../src/webview/host/editorRecords';

/** A Memento over a Map, as VS Code's workspaceState behaves for these calls. */
function memento(): vscode.Memento & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    keys: () => [...data.keys()],
    get: <T>(key: string, fallback?: T) => (data.has(key) ? (data.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void data.set(key, value),
  } as vscode.Memento & { data: Map<string, unknown> };
}

describe('webview/host/editorRecords', () => {
  const target: PolicyTarget = { kind: 'trust', profile: 'demo', roleName: 'app' };

  it('gives out 128-bit random hex ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newHandle));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
  });

  it('recalls what it was given under an id, nothing under another id or an inherited name, and keeps at most 30', () => {
    const store = memento();
    const records = new EditorRecords(store);
    const handle = newHandle();
    records.remember(handle, { target, opened: { exists: true, text: '{}' }, savedText: '{}' });
    assert.deepEqual(records.recall(handle)?.target, target);
    assert.equal(records.recall(newHandle()), undefined);
    assert.equal(records.recall('__proto__'), undefined);
    assert.equal(records.recall('constructor'), undefined);
    for (let i = 0; i < 40; i++) records.remember(newHandle(), { target, opened: { exists: false, text: '' }, savedText: '' });
    assert.equal(Object.keys(store.data.get('iamExplorer.policyEditor.panels') as object).length, 30);
  });

  it('names a managed policy after its ARN, whatever name came with it', () => {
    const arn = 'arn:aws:iam::123456789012:policy/team/reports-read';
    assert.deepEqual(withNamesFromArn({ kind: 'managed', profile: 'p', policyArn: arn, policyName: 'innocent' }), { kind: 'managed', profile: 'p', policyArn: arn, policyName: 'reports-read' });
    assert.equal(withNamesFromArn(target), target);
  });
});
