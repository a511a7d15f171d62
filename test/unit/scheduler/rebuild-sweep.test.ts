import { describe, expect, it } from 'vitest';
import { startRebuildSweep } from '../../../src/scheduler/rebuild-sweep.js';
import { rebuildSweepIntervalMs } from '../../../src/services/whatif/rebuild-asks.js';

/** A timer the test fires by hand: `fire()` runs the one armed callback. */
function manualTimer() {
  const armed = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  return {
    armed,
    setTimer: (fn: () => void, ms: number) => {
      next += 1;
      armed.set(next, { fn, ms });
      return next;
    },
    clearTimer: (handle: unknown) => {
      armed.delete(handle as number);
    },
    fire() {
      const [entry] = [...armed.entries()];
      if (entry === undefined) throw new Error('no timer armed');
      armed.delete(entry[0]);
      entry[1].fn();
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('replay-rebuild sweep', () => {
  it('sweeps every period, one sweep at a time, and reports errors without stopping', async () => {
    const timer = manualTimer();
    const errors: unknown[] = [];
    let sweeps = 0;
    let release: () => void = () => undefined;
    const sweep = startRebuildSweep({
      everyMs: 1_234,
      sweep: async () => {
        sweeps += 1;
        if (sweeps === 2) throw new Error('database down');
        if (sweeps === 3) {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        }
      },
      onError: (error) => errors.push(error),
      setTimer: timer.setTimer,
      clearTimer: timer.clearTimer,
    });
    expect([...timer.armed.values()].map((t) => t.ms)).toEqual([1_234]);
    timer.fire();
    await settle();
    expect(sweeps).toBe(1);
    // Re-armed after the sweep ended; the failing one is reported and the next still comes.
    timer.fire();
    await settle();
    expect(sweeps).toBe(2);
    expect(errors).toEqual([new Error('database down')]);
    timer.fire();
    await settle();
    expect(sweeps).toBe(3);
    // The third is still running: nothing is armed, and a tick now waits for it.
    expect(timer.armed.size).toBe(0);
    const tick = sweep.tick();
    await settle();
    expect(sweeps).toBe(3);
    release();
    await tick;
    expect(sweeps).toBe(4);
    await sweep.stop();
    await settle();
    expect(timer.armed.size).toBe(0);
  });

  it('stop clears the armed timer', async () => {
    const timer = manualTimer();
    const sweep = startRebuildSweep({
      everyMs: 10,
      sweep: () => Promise.resolve(),
      onError: () => undefined,
      setTimer: timer.setTimer,
      clearTimer: timer.clearTimer,
    });
    expect(timer.armed.size).toBe(1);
    await sweep.stop();
    expect(timer.armed.size).toBe(0);
  });

  it('looks a quarter of the quiet time apart, at least once a minute', () => {
    expect(rebuildSweepIntervalMs({ quietMs: 300_000, maxWaitMs: 1_800_000 })).toBe(60_000);
    expect(rebuildSweepIntervalMs({ quietMs: 120_000, maxWaitMs: 1_800_000 })).toBe(30_000);
    expect(rebuildSweepIntervalMs({ quietMs: 100, maxWaitMs: 100 })).toBe(50);
  });
});
