import { strict as assert } from 'node:assert';
import { copySecret, type Clipboard } from '../../../../src/core/credentials';

/** A clipboard in memory, and a timer the test fires by hand. */
function setUp(): { board: Clipboard & { text: string }; timers: { ms: number; run: () => void }[] } {
  const board = {
    text: 'before',
    read: async () => board.text,
    write: async (t: string) => void (board.text = t),
  };
  return { board, timers: [] };
}

describe('credentials/clipboard: a secret copied to the clipboard is cleared after 60 s if unchanged', () => {
  it('clears it when the clipboard still holds it', async () => {
    const { board, timers } = setUp();
    const { cleared } = await copySecret(board, 'secret', { setTimer: (run, ms) => timers.push({ run, ms }) });
    assert.equal(board.text, 'secret');
    assert.deepEqual(
      timers.map((t) => t.ms),
      [60_000],
    );
    timers[0]?.run();
    assert.equal(await cleared, true);
    assert.equal(board.text, '');
  });

  it('leaves what the user copied since', async () => {
    const { board, timers } = setUp();
    const { cleared } = await copySecret(board, 'secret', { setTimer: (run, ms) => timers.push({ run, ms }) });
    board.text = 'something else';
    timers[0]?.run();
    assert.equal(await cleared, false);
    assert.equal(board.text, 'something else');
  });

  it('gives up quietly when the clipboard cannot be read', async () => {
    const { board, timers } = setUp();
    board.read = () => Promise.reject(new Error('no clipboard'));
    const { cleared } = await copySecret(board, 'secret', { setTimer: (run, ms) => timers.push({ run, ms }) });
    timers[0]?.run();
    assert.equal(await cleared, false);
  });
});
