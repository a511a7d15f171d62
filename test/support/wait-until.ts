import { iso } from '../../src/services/sidebar/iso.js';
import type { QueueProbe } from './queue-probe.js';

/** How a wait learns that nothing more can arrive, and its bounds. */
export interface Wait {
  probe: Pick<QueueProbe, 'inFlight' | 'failed'>;
  timeoutMs: number;
  /** Between polls (default 1 s). */
  pollMs?: number;
}

/** Polls in a row with no job left to run before a wait gives up on what is still missing. */
export const QUIET_POLLS = 3;

/** How often a long wait logs what it still misses. */
const LOG_EVERY_MS = 60_000;

/**
 * Polls `missing` (null once done, else what is still missing) until it is done. It fails,
 * naming what is missing and any job that failed for good, as soon as no job is left to bring it
 * ({@link QUIET_POLLS} polls in a row: a job may enqueue its follow-up just after a poll read
 * that queue), or when `timeoutMs` passes; meanwhile it logs what is missing every minute.
 */
export async function until(
  wait: Wait,
  what: string,
  missing: () => Promise<string | null>,
): Promise<void> {
  const start = Date.now();
  let logged = start;
  let quiet = 0;
  for (;;) {
    const left = await missing();
    if (left === null) return;
    quiet = (await wait.probe.inFlight()) === 0 ? quiet + 1 : 0;
    const stuck = quiet >= QUIET_POLLS;
    if (stuck || Date.now() - start > wait.timeoutMs) {
      const failed = await wait.probe.failed();
      const jobs = failed.length === 0 ? '' : `; jobs failed for good: ${failed.join('; ')}`;
      const why = stuck ? 'no job left to run' : 'timed out';
      throw new Error(`${why} waiting for ${what}: ${left}${jobs}`);
    }
    if (Date.now() - logged >= LOG_EVERY_MS) {
      logged = Date.now();
      console.error(`[wait] ${iso(logged)} waiting for ${what}: ${left}`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait.pollMs ?? 1_000));
  }
}
