import { strict as assert } from 'node:assert';
import { collectPages, Limiter } from '../../../../src/core/iam/paging';

describe('core/iam/paging', () => {
  it('follows Marker while IsTruncated, including short truncated pages', async () => {
    const pages = [
      { items: [1, 2], isTruncated: true, marker: 'a' },
      { items: [], isTruncated: true, marker: 'b' },
      { items: [3], isTruncated: false },
    ];
    const seen: (string | undefined)[] = [];
    const all = await collectPages(async (marker) => {
      seen.push(marker);
      return pages[seen.length - 1]!;
    });
    assert.deepEqual(all, [1, 2, 3]);
    assert.deepEqual(seen, [undefined, 'a', 'b']);
  });

  it('refuses a truncated page without a marker instead of looping', async () => {
    await assert.rejects(
      collectPages(async () => ({ items: [1], isTruncated: true })),
      /IsTruncated without a Marker/,
    );
  });

  it('stops when the signal aborts', async () => {
    const ctl = new AbortController();
    let calls = 0;
    await assert.rejects(
      collectPages(async () => {
        calls++;
        ctl.abort();
        return { items: [1], isTruncated: true, marker: 'm' };
      }, ctl.signal),
    );
    assert.equal(calls, 1);
  });

  it('Limiter caps concurrent work shared by independent callers', async () => {
    const limiter = new Limiter(3);
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          inFlight--;
        }),
      ),
    );
    assert.equal(peak, 3);
  });
});
