import { describe, expect, it } from 'vitest';
import { mapCooperatively } from '../../../../src/services/pipeline/cooperative.js';

/** A clock that moves `stepMs` each time it is read: the work's length without real time. */
function steppingClock(stepMs: number): () => number {
  let now = 0;
  return () => (now += stepMs);
}

describe('mapCooperatively', () => {
  it('returns what items.map returns, in order', async () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const mapped = await mapCooperatively(items, (i) => ({ i, square: i * i }), {
      clock: steppingClock(3),
      sliceMs: 10,
    });
    expect(mapped).toEqual(items.map((i) => ({ i, square: i * i })));
  });

  it('lets a waiting macrotask (I/O, another job) run once a slice has used its time', async () => {
    const seenAt: number[] = [];
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    // Each item reads the clock once after it: 4 ms apiece, so the slice of 10 ends after 3.
    await mapCooperatively(
      [0, 1, 2, 3, 4],
      (i) => {
        if (turned) seenAt.push(i);
      },
      { clock: steppingClock(4), sliceMs: 10 },
    );
    expect(seenAt).toEqual([3, 4]);
  });

  it('computes a short batch without giving the event loop a turn', async () => {
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const seen: boolean[] = [];
    await mapCooperatively([0, 1, 2], () => seen.push(turned), {
      clock: steppingClock(1),
      sliceMs: 10,
    });
    expect(seen).toEqual([false, false, false]);
  });
});
