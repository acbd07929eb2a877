import { strict as assert } from 'node:assert';
import { Cancelled, isCancelled } from '../../../src/core/cancelled';

describe('core/cancelled: a cancel is recognised by type, not by its text', () => {
  it('Cancelled and an AbortError (the SDK aborted by a signal) are cancels', () => {
    assert.equal(isCancelled(new Cancelled()), true);
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    assert.equal(isCancelled(abort), true);
  });
  it('an error that only says "cancelled" is a failure, not a cancel', () => {
    assert.equal(isCancelled(new Error('cancelled')), false);
    assert.equal(isCancelled(Object.assign(new Error('x'), { name: 'Cancelled' })), false);
    assert.equal(isCancelled('cancelled'), false);
  });
});
