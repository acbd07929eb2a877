import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, manifest } from './support';

describe('activation and contributions', () => {
  it('activates lazily, on its view, never on "*"', async () => {
    const events = manifest().activationEvents;
    assert.ok(!events.includes('*'), 'activationEvents must not contain "*"');
    assert.ok(events.includes('onView:iamExplorer.explorer'));
    await activateExtension();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('registers every command contributed in package.json', async () => {
    await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0);
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('contributes the IAM view container, the explorer and findings views, which can be shown', async () => {
    const m = manifest();
    assert.deepEqual(
      m.contributes.viewsContainers.activitybar.map((c) => [c.id, c.title]),
      [['iamExplorer', 'IAM']],
    );
    assert.deepEqual(
      m.contributes.views.iamExplorer.map((v) => v.id),
      ['iamExplorer.explorer', 'iamExplorer.findings'],
    );
    // VS Code registers "<view id>.focus" for every view it knows; running it opens the view.
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('iamExplorer.explorer.focus'), 'the workbench does not know iamExplorer.explorer');
    assert.ok(registered.has('iamExplorer.findings.focus'), 'the workbench does not know iamExplorer.findings');
    await vscode.commands.executeCommand('iamExplorer.explorer.focus');
  });

  it('declares the contract settings with their defaults', () => {
    const config = vscode.workspace.getConfiguration('iamExplorer');
    assert.deepEqual(config.get('profiles'), []);
    assert.equal(config.get('endpoint'), '');
    assert.equal(config.get('region'), 'us-east-1');
    assert.equal(config.get('showAwsManagedPolicies'), false);
    assert.equal(config.get('accessKeyMaxAgeDays'), 90);
  });
});
