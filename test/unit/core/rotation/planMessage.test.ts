import { strict as assert } from 'node:assert';
import { rotationPlanMessage } from '../../../../src/core/rotation';

describe('core/rotation/planMessage: the plan the rotation dialog shows', () => {
  const displayPath = (p: string) => p.replace('/home/me', '~');

  it('names the key, every profile in every file (backed up), and a deleted old key as not restorable', () => {
    const text = rotationPlanMessage({
      userName: 'alice',
      accessKeyId: 'AKIAOLD',
      oldKeyAction: 'delete',
      displayPath,
      planned: [
        { path: '/home/me/.aws/credentials', kind: 'credentials', profiles: ['dev', 'ci', 'ops'] },
        { path: '/home/me/.aws/config', kind: 'config', profiles: ['legacy'] },
      ],
    });
    const lines = text.split('\n');
    assert.equal(lines[0], 'Rotate access key AKIAOLD of user alice?');
    assert.equal(
      lines[2],
      '2. Write it into profiles dev, ci and ops in ~/.aws/credentials and profile legacy in ~/.aws/config, after backing up each file (the backup is removed once the new key works).',
    );
    assert.match(lines[4] ?? '', /^4\. Delete the old key AKIAOLD; it cannot be restored/);
  });

  it('when no profile holds the key, says the user chooses where the new secret goes; a deactivated key can come back', () => {
    const text = rotationPlanMessage({
      userName: 'bob',
      accessKeyId: 'AKIAB',
      oldKeyAction: 'deactivate',
      displayPath,
      planned: [],
    });
    assert.match(text, /\n2\. No local profile holds this key: you choose where the new secret goes/);
    assert.match(text, /\n4\. Deactivate the old key AKIAB; it can be activated again/);
    assert.doesNotMatch(text, /backup/);
  });
});
