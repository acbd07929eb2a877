import { strict as assert } from 'node:assert';
import { requestTimeoutMs } from '../../../../src/core/settings/bounds';

describe('core/settings/bounds: iamExplorer.requestTimeoutSeconds', () => {
  it('keeps a value between 1 and 300 seconds', () => {
    assert.equal(requestTimeoutMs(30), 30_000);
    assert.equal(requestTimeoutMs(1), 1_000);
    assert.equal(requestTimeoutMs(300), 300_000);
    assert.equal(requestTimeoutMs(2.5), 2_500);
  });

  it("takes a value outside as the nearest bound: 1e7 no longer overflows Node's 32-bit timer", () => {
    assert.equal(requestTimeoutMs(1e7), 300_000);
    assert.ok(requestTimeoutMs(1e7) <= 2 ** 31 - 1);
    assert.equal(requestTimeoutMs(Number.MAX_VALUE), 300_000);
    assert.equal(requestTimeoutMs(0), 1_000);
    assert.equal(requestTimeoutMs(-5), 1_000);
  });

  it('takes the default 30 s for what is not a finite number', () => {
    for (const value of [undefined, null, '600', Number.NaN, Number.POSITIVE_INFINITY, {}, []])
      assert.equal(requestTimeoutMs(value), 30_000, String(value));
  });
});
