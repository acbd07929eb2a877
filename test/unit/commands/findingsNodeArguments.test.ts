import { strict as assert } from 'node:assert';
import { refuseForgedNodes } from '../../../src/commands/nodeArguments';
import { issueFindingsNodes } from '../../../src/tree/findingsNodes';

describe("commands/nodeArguments: the Findings view's own nodes are accepted, look-alikes refused", () => {
  const [real] = issueFindingsNodes([{ kind: 'findingsProfile', profile: 'demo' }]);

  it('accepts a node the Findings view handed out', () => {
    assert.doesNotThrow(() => refuseForgedNodes('iamExplorer.findings.suppress', [real]));
  });

  it('refuses a copy of it and a finding node nobody issued', () => {
    for (const args of [
      [{ ...real }],
      [{ kind: 'finding', profile: 'demo', accountId: '123456789012', finding: {} }],
    ]) {
      assert.throws(
        () => refuseForgedNodes('iamExplorer.findings.fix', args),
        /iamExplorer\.findings\.fix was given an item that did not come from the IAM tree/,
      );
    }
  });
});
