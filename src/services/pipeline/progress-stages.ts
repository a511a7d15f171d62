import type { Instant } from '../../domain/index.js';

/** The stages a backfill goes through, in order; each has its own count and ETA. */
export const PROGRESS_STAGES = [
  'tickets',
  'events',
  'ratings',
  'analysis',
  'summaries',
  'push-back',
] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];

/** Where one stage stands. */
export interface StageProgress {
  stage: ProgressStage;
  state: 'waiting' | 'running' | 'done';
  /** Items done: records stored (sync stages) or outbox rows worked off (the rest). */
  done: number;
  /** Estimated items in all; null while unknown. */
  total: number | null;
  /** Estimated time left; 0 once done, null while unknown. */
  etaMs: number | null;
}

/** What a time-walk estimate starts from (see {@link TimeWalk}). */
export interface WalkFacts {
  origin: Instant;
  watermark: Instant;
  /** When the walk began: the time base of its rate. */
  startedAt: Instant;
  now: Instant;
  done: number;
}

/**
 * The total and time left of a walk through `[origin, now]`: the share its watermark covered
 * estimates the share of records done, the time per record so far extrapolates the rest. Null
 * while nothing is known yet (no record, or no time covered).
 */
export function estimateWalk(f: WalkFacts): { total: number; etaMs: number } | null {
  if (f.now <= f.origin || f.done <= 0) return null;
  const covered = Math.min(1, Math.max(0, (f.watermark - f.origin) / (f.now - f.origin)));
  if (covered <= 0) return null;
  const total = Math.max(f.done, Math.round(f.done / covered));
  return { total, etaMs: Math.round((total - f.done) * ((f.now - f.startedAt) / f.done)) };
}

/**
 * Progress of one stream that walks time forwards (the incremental exports walk `updatedAt` or
 * event time upwards): the share of `[origin, now]` its watermark has covered estimates the share
 * of records done — a good guess when records are spread evenly over time, corrected page by
 * page — and the ETA extrapolates the observed time per record, which already includes the
 * connector's waits for the rate budget.
 */
export interface TimeWalk {
  /** The stream starts; `origin` is the backfill start, or null on a resume (first page's). */
  start(origin: Instant | null): void;
  /** A stored page: its record count, its oldest and newest instants, whether it caught up. */
  page(count: number, oldest: Instant | null, newest: Instant | null, caughtUp: boolean): void;
  /** The stage's progress as of now. */
  snapshot(stage: ProgressStage): StageProgress;
  /** Records done, the estimated total and the newest instant seen, for the older fields. */
  readonly done: number;
  readonly watermark: Instant | null;
}

/** A {@link TimeWalk} on the clock `now`. */
export function createTimeWalk(now: () => number): TimeWalk {
  let started = false;
  let caughtUp = false;
  let origin: Instant | null = null;
  let watermark: Instant | null = null;
  let startedAt = now();
  let done = 0;
  return {
    start(start) {
      started = true;
      origin = start;
      startedAt = now();
    },
    page(count, oldest, newest, isCaughtUp) {
      done += count;
      origin ??= oldest;
      if (newest !== null && (watermark === null || newest > watermark)) watermark = newest;
      caughtUp = isCaughtUp;
    },
    snapshot(stage) {
      if (!started) return { stage, state: 'waiting', done, total: null, etaMs: null };
      if (caughtUp) return { stage, state: 'done', done, total: done, etaMs: 0 };
      const estimate =
        origin === null || watermark === null
          ? null
          : estimateWalk({ origin, watermark, startedAt, now: now(), done });
      const total = estimate?.total ?? null;
      const etaMs = estimate?.etaMs ?? null;
      return { stage, state: 'running', done, total, etaMs };
    },
    get done() {
      return done;
    },
    get watermark() {
      return watermark;
    },
  };
}
