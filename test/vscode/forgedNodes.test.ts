import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { Emulator, Seed } from '../emulator';
import { activateExtension, children, connect, disconnect, nodeAt, ScriptedUi } from './support';

const seed: Seed = {
  users: [{ name: 'alice', accessKeys: [{ id: 'AKIAALICE00000000001', secret: 'a'.repeat(40) }] }, { name: 'bob' }],
};

/**
 * Issue 20: a command given a look-alike of a tree node (as a `command:` link or another
 * extension could pass one) refuses it, and nothing reaches IAM; the tree's own nodes work.
 */
describe('security: commands accept only nodes the tree created', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;
  let ui: ScriptedUi;
  let previousUi: ExtensionTestApi['services']['ui'];

  before(async () => {
    api = await activateExtension();
  });

  beforeEach(async () => {
    emulator = await connect(api, seed);
    ui = new ScriptedUi();
    previousUi = api.services.ui;
    api.services.ui = ui;
  });

  afterEach(async () => {
    api.services.ui = previousUi;
    await disconnect(emulator);
    emulator = undefined;
  });

  const writes = () => emulator!.log.filter((e) => !/^(Get|List)/.test(e.operation)).map((e) => e.operation);

  it('security: a forged user node (delete, rotate, copy) is refused with a message and no request; a copy of a real node is refused too', async () => {
    const alice = await nodeAt(api, 'demo', 'Users', 'alice');
    const keyNode = (await children(api, await nodeAt(api, 'demo', 'Users', 'alice', 'Access Keys'))).find(
      (n) => n.kind === 'accessKey',
    );
    assert.ok(keyNode);
    emulator!.log.length = 0;
    const forgedUser = {
      kind: 'entity',
      id: 'demo/x',
      profile: 'demo',
      entity: { type: 'user', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice', id: 'AIDA', path: '/' },
    };
    const attempts: [string, unknown[]][] = [
      ['iamExplorer.deleteUser', [forgedUser]],
      ['iamExplorer.deleteUser', [alice, [alice, forgedUser]]],
      ['iamExplorer.deleteUser', [JSON.parse(JSON.stringify({ ...alice, parent: undefined })) as unknown]],
      ['iamExplorer.rotateAccessKey', [{ ...keyNode }]],
      [
        'iamExplorer.deleteAccessKey',
        [
          JSON.parse(
            JSON.stringify({
              kind: 'accessKey',
              id: 'k',
              profile: 'demo',
              key: { accessKeyId: 'AKIAALICE00000000001', status: 'Active' },
            }),
          ) as unknown,
        ],
      ],
      ['iamExplorer.copyArn', [forgedUser]],
    ];
    for (const [command, args] of attempts) {
      const before = ui.messages.length;
      await vscode.commands.executeCommand(command, ...args);
      const shown = ui.messages.slice(before);
      assert.equal(shown.length, 1, `${command}: one message`);
      assert.equal(shown[0]?.kind, 'error');
      assert.match(
        shown[0]?.text ?? '',
        new RegExp(
          `^${command.replace('.', '\\.')} was given an item that did not come from the IAM tree, so nothing was done\\. Run it from the IAM tree's context menu, or from the Command Palette`,
        ),
      );
    }
    assert.deepEqual(writes(), [], 'nothing was written to IAM');
    assert.deepEqual(
      emulator!.log.map((e) => e.operation),
      [],
      'no request at all',
    );
    assert.ok(emulator!.state.getUser('alice'), 'alice still exists');
    assert.equal(emulator!.state.getUser('alice').accessKeys.length, 1, 'her key is untouched');
  });

  it("the tree's own node still works (Copy ARN)", async () => {
    const bob = await nodeAt(api, 'demo', 'Users', 'bob');
    await vscode.commands.executeCommand('iamExplorer.copyArn', bob);
    assert.equal(await vscode.env.clipboard.readText(), 'arn:aws:iam::123456789012:user/bob');
    assert.deepEqual(
      ui.messages.filter((m) => m.kind === 'error'),
      [],
    );
  });
});
