import type { OutboxKind } from '../../store/store.js';
import type { ProgressStage, StageProgress } from './progress-stages.js';

/** The outbox kinds behind the stages after the sync (rollups have no stage of their own). */
const STAGES: readonly [ProgressStage, OutboxKind][] = [
  ['analysis', 'ticket'],
  ['summaries', 'requester'],
  ['push-back', 'push'],
];

/** Turns successive outbox counts (`TicketStore.countPending`) into stage progress. */
export interface OutboxProgress {
  observe(pending: Readonly<Record<OutboxKind, number>>): StageProgress[];
}

/**
 * Progress of the analysis, summaries and push-back stages from how their outbox rows drain.
 * Between two observations a fall in the count is work done; a rise is new work (a sync page
 * marked more tickets), so `total` is the work done plus what is still pending, and the ETA
 * extrapolates the rate since the stage first had work. Work marked and drained between two
 * observations goes unseen, so `done` is a lower bound and the ETA errs long.
 */
export function createOutboxProgress(now: () => number): OutboxProgress {
  const seen = new Map<ProgressStage, { last: number; worked: number; since: number | null }>();
  return {
    observe(pending) {
      const at = now();
      return STAGES.map(([stage, kind]) => {
        const count = pending[kind];
        const state = seen.get(stage) ?? { last: 0, worked: 0, since: null };
        state.worked += Math.max(0, state.last - count);
        state.last = count;
        if (count > 0) state.since ??= at;
        seen.set(stage, state);
        return stageOf(stage, count, state.worked, state.since === null ? 0 : at - state.since);
      });
    },
  };
}

function stageOf(
  stage: ProgressStage,
  pending: number,
  worked: number,
  elapsedMs: number,
): StageProgress {
  const total = worked + pending;
  if (pending === 0) {
    return worked === 0
      ? { stage, state: 'waiting', done: 0, total: null, etaMs: null }
      : { stage, state: 'done', done: worked, total, etaMs: 0 };
  }
  const etaMs = worked === 0 ? null : Math.round((pending * elapsedMs) / worked);
  return { stage, state: 'running', done: worked, total, etaMs };
}
