/** Options of {@link startRebuildSweep}. */
export interface RebuildSweepOptions {
  /** Time between the end of one sweep and the start of the next. */
  everyMs: number;
  /** One sweep: queues the due replay-block rebuilds (services/whatif/rebuild-asks.ts). */
  sweep: () => Promise<unknown>;
  onError: (error: unknown) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** A running sweep. */
export interface RebuildSweep {
  /** Runs one sweep now (also what each scheduled one does). */
  tick(): Promise<void>;
  /** Stops the timer and waits for a sweep still running; idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs the replay-rebuild sweep on a timer, one at a time (production mode; the sync schedule's
 * companion in `deskpulse serve`). A plain timer rather than node-cron: the period follows
 * REPLAY_REBUILD_QUIET_MS (tests use a fraction of a second, which cron cannot express), and a
 * sweep's time of day means nothing. No business logic: `sweep` decides what is due.
 */
export function startRebuildSweep(options: RebuildSweepOptions): RebuildSweep {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ??
    ((h) => {
      clearTimeout(h as NodeJS.Timeout);
    });
  let running: Promise<void> = Promise.resolve();
  let timer: unknown = null;
  let stopped = false;
  const tick = (): Promise<void> => {
    running = running.then(async () => {
      try {
        await options.sweep();
      } catch (error) {
        options.onError(error);
      }
    });
    return running;
  };
  const arm = (): void => {
    if (stopped) return;
    timer = setTimer(() => {
      timer = null;
      void tick().then(arm);
    }, options.everyMs);
  };
  arm();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      await running;
    },
  };
}
