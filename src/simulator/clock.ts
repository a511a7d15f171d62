/** A simulated clock for tests and demos: time moves only when told to. */
export interface ManualClock {
  now: () => number;
  /** Moves time forward by `ms`. */
  advance: (ms: number) => void;
  /** Jumps to an instant (never backwards: exports and mutations assume time only grows). */
  set: (instantMs: number) => void;
}

/** Creates a {@link ManualClock} starting at `startMs`; pass `clock.now` as the simulator's `now`. */
export function createManualClock(startMs: number): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += Math.max(0, ms);
    },
    set: (instantMs) => {
      current = Math.max(current, instantMs);
    },
  };
}
