/**
 * Issue 18, through the real commands inside VS Code: a delete against a partial backend says
 * what it could not check and goes on; a bulk delete can be cancelled between IAM calls and
 * says what was done; retries show in the progress notification.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { Ui } from '../../src/commands/ui';
import type { Emulator, Seed } from '../emulator';
import { activateExtension, connect, disconnect, nodeAt, ScriptedUi } from './support';

const seed: Seed = {
  users: [
    { name: 'half', inlinePolicies: [{ name: 'notes', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }] },
    ...['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4'].map((name) => ({ name })),
  ],
};

describe('issue 18: partial backends, cancel and retries in the real commands', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator;
  let original: Ui;

  before(async () => {
    api = await activateExtension();
    original = api.services.ui;
  });
  beforeEach(async () => {
    emulator = await connect(api, seed);
  });
  afterEach(async () => {
    api.services.ui = original;
    await disconnect(emulator);
  });

  it('Delete User against an endpoint answering HTML 500 to ListServiceSpecificCredentials: "Could not check" in the confirmation, and the delete goes on', async () => {
    emulator.setFaults([{ operation: 'ListServiceSpecificCredentials', kind: 'HtmlError' }]);
    const half = await nodeAt(api, 'demo', 'Users', 'half');
    let confirmation = '';
    const ui = new ScriptedUi().answer(
      (kind, message) => {
        assert.equal(kind, 'warning');
        confirmation = String(message);
        return 'Delete';
      },
      () => 'half',
    );
    api.services.ui = ui;
    await vscode.commands.executeCommand('iamExplorer.deleteUser', half);
    assert.match(confirmation, /they will be removed: 1 inline policy \(notes\)/);
    assert.match(
      confirmation,
      /Could not check: service-specific credentials \(The endpoint answered HTTP 500 with an HTML page to ListServiceSpecificCredentials; it may not implement this operation\)/,
    );
    assert.deepEqual(ui.messages.filter((m) => m.kind === 'error'), []);
    assert.equal(emulator.state.users.get('half'), undefined, 'the user is deleted');
    assert.equal(emulator.log.filter((e) => e.operation === 'ListServiceSpecificCredentials').length, 1, 'the HTML page is not retried');
  });

  it('cancelling a bulk delete of four users stops between IAM calls, says what was done, and a throttled call shows "Retrying" in the notification', async () => {
    // DeleteUser of the first user is throttled twice: the notification says it is retrying.
    emulator.setFaults([{ operation: 'DeleteUser', kind: 'Throttling', count: 2 }]);
    const users = await Promise.all(['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4'].map((n) => nodeAt(api, 'demo', 'Users', n)));
    const ui = new ScriptedUi().answer(() => 'Delete');
    // Cancel when the second user's delete is announced: it is not started.
    ui.cancelProgressWhen = (message) => message.startsWith('2/4');
    api.services.ui = ui;
    await vscode.commands.executeCommand('iamExplorer.deleteUser', users[0], users);

    const [shown] = ui.progress;
    assert.ok(shown, 'a progress notification was shown');
    assert.equal(shown.cancellable, true, 'it has a Cancel button');
    assert.equal(shown.title, 'Deleting 4 users');
    assert.deepEqual(shown.messages, ['1/4: delete user bulk-1', 'Retrying DeleteUser, attempt 2 of 10', 'Retrying DeleteUser, attempt 3 of 10', '2/4: delete user bulk-2']);
    assert.equal(emulator.state.users.get('bulk-1'), undefined, 'the call in flight completed');
    for (const n of ['bulk-2', 'bulk-3', 'bulk-4']) assert.ok(emulator.state.users.get(n), `${n} is untouched`);
    assert.deepEqual(
      emulator.log.filter((e) => e.operation === 'DeleteUser').length,
      3,
      'DeleteUser was called for bulk-1 only (three attempts), none after the cancel',
    );
    const info = ui.messages.filter((m) => m.kind === 'info').map((m) => m.text);
    assert.deepEqual(info, ['Deleting user bulk-2 was cancelled before its first step; nothing was removed. Not started: bulk-3, bulk-4. Deleted: bulk-1.']);
    assert.deepEqual(ui.messages.filter((m) => m.kind === 'error'), []);
  });
});
