import { strict as assert } from 'node:assert';
import { refuseForgedNodes } from '../../../src/commands/nodeArguments';
import { issueNodes, type ExplorerNode } from '../../../src/tree/nodes';

describe("commands/nodeArguments: only the tree's own nodes are accepted", () => {
  const real = issueNodes([{ kind: 'profile', id: 'p', profile: 'demo' } as ExplorerNode])[0];

  it("accepts the tree's nodes, a multi-selection of them, no argument and plain values", () => {
    for (const args of [[], [undefined], [real], [real, [real]], ['demo'], [42]])
      assert.doesNotThrow(() => refuseForgedNodes('iamExplorer.x', args));
  });

  it('refuses a look-alike, a copy of a real node, and a look-alike hidden in a multi-selection', () => {
    for (const args of [
      [{ kind: 'profile', id: 'p', profile: 'demo' }],
      [{ ...real }],
      [real, [real, { kind: 'entity' }]],
      [JSON.parse(JSON.stringify(real)) as unknown],
    ]) {
      assert.throws(
        () => refuseForgedNodes('iamExplorer.deleteUser', args),
        /^Error: iamExplorer\.deleteUser was given an item that did not come from the IAM tree, so nothing was done\./,
      );
    }
  });
});
