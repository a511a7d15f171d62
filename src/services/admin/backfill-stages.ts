import { z } from 'zod';
import type { StreamTimes } from '../../store/store.js';
import type { StreamPass } from '../../store/store.js';
import type { OutboxKind } from '../../store/store.js';
import { PROGRESS_STAGES, type ProgressStage } from '../pipeline/progress-stages.js';

/**
 * One stage of a backfill as the admin API reports it — the stages `deskpulse backfill` draws, in
 * the same order. Read from durable state because the sync runs in another process: the tickets
 * stage has a count, estimate and ETA (tickets carry the time they were stored); events and
 * ratings have a state only (their rows keep no such time); the stages after the sync have the
 * rows still pending in their outbox.
 */
export const BackfillStageSchema = z.object({
  stage: z.enum(PROGRESS_STAGES),
  state: z.enum(['waiting', 'running', 'done']),
  /** Items done since the backfill was requested; null where the store cannot count them. */
  done: z.number().int().nullable(),
  /** Estimated items in all; null while unknown. */
  total: z.number().int().nullable(),
  /** Outbox rows still to work (analysis, summaries, push-back); null for the sync stages. */
  pending: z.number().int().nullable(),
  etaSeconds: z.number().int().nullable(),
});
export type BackfillStage = z.infer<typeof BackfillStageSchema>;

const SYNC_STAGES: readonly [ProgressStage, string][] = [
  ['tickets', 'tickets'],
  ['events', 'ticket_events'],
  ['ratings', 'satisfaction'],
];
const OUTBOX_STAGES: readonly [ProgressStage, OutboxKind][] = [
  ['analysis', 'ticket'],
  ['summaries', 'requester'],
  ['push-back', 'push'],
];

/** What {@link backfillStages} reads. */
export interface BackfillFacts {
  requestedAt: number;
  passes: readonly StreamPass[];
  times: readonly StreamTimes[];
  pending: Readonly<Record<OutboxKind, number>>;
  tickets: { stored: number; estimatedTotal: number | null; etaSeconds: number | null };
}

/**
 * A sync stage is done once its stream's pass has reached the end with no rewind left to apply,
 * running once the stream stored a page after the request, else waiting. A stage after the sync
 * runs while its outbox holds rows, and is done once it is empty after every sync stage is done.
 */
export function backfillStages(facts: BackfillFacts): BackfillStage[] {
  const sync = SYNC_STAGES.map(([stage, stream]): BackfillStage => {
    const pass = facts.passes.find((p) => p.stream === stream);
    const time = facts.times.find((t) => t.stream === stream);
    const finished = pass !== undefined && pass.doneAt !== null && pass.rewindTo === null;
    const started = time !== undefined && time.updatedAt >= facts.requestedAt;
    const state = finished ? 'done' : started ? 'running' : 'waiting';
    if (stage !== 'tickets') {
      return { stage, state, done: null, total: null, pending: null, etaSeconds: null };
    }
    const { stored, estimatedTotal, etaSeconds } = facts.tickets;
    return {
      stage,
      state: state === 'waiting' && stored > 0 ? 'running' : state,
      done: stored,
      total: state === 'done' ? stored : estimatedTotal,
      pending: null,
      etaSeconds: state === 'done' ? 0 : etaSeconds,
    };
  });
  const synced = sync.every((s) => s.state === 'done');
  const after = OUTBOX_STAGES.map(([stage, kind]): BackfillStage => {
    const pending = facts.pending[kind];
    const state = pending > 0 ? 'running' : synced ? 'done' : 'waiting';
    return {
      stage,
      state,
      done: null,
      total: null,
      pending,
      etaSeconds: state === 'done' ? 0 : null,
    };
  });
  return [...sync, ...after];
}

/** `tickets: 298 done | events: done | analysis: 12 pending | push-back: waiting`. */
export function formatBackfillStages(stages: readonly BackfillStage[]): string {
  return stages
    .map((s) => {
      if (s.state === 'waiting') return `${s.stage}: waiting`;
      const amount = s.done === null ? '' : `${s.done.toLocaleString('en')} `;
      if (s.state === 'done') return `${s.stage}: ${amount}done`;
      if (s.pending !== null) return `${s.stage}: ${s.pending.toLocaleString('en')} pending`;
      return `${s.stage}: ${amount}running`;
    })
    .join(' | ');
}
