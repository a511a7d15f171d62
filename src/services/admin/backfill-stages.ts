import { z } from 'zod';
import type { OutboxKind, StreamPass, StreamTimes } from '../../store/store.js';
import { estimateWalk, PROGRESS_STAGES, type ProgressStage } from '../pipeline/progress-stages.js';

/**
 * One stage of a backfill as the admin API reports it — the stages `deskpulse backfill` draws, in
 * the same order. Read from durable state because the sync runs in another process: the tickets
 * stage counts the tickets stored since the request; events and ratings count the records their
 * stream's pass has read (migration 015); the stages after the sync have the rows still pending
 * in their outbox. Zendesk's incremental exports never say how many records are left, so a
 * sync stage's `total` is an estimate — the share of `[since, now]` its newest record time has
 * covered — and its ETA extrapolates the rate so far; both are exact (`total` = `done`, ETA 0)
 * once the stage is done.
 */
export const BackfillStageSchema = z.object({
  stage: z.enum(PROGRESS_STAGES),
  state: z.enum(['waiting', 'running', 'done']),
  /** Items done since the backfill was requested (records read); null for the outbox stages. */
  done: z.number().int().nullable(),
  /** Estimated items in all (sync stages: from the time covered, see above); null while unknown. */
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
  now: number;
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
    if (stage !== 'tickets') return passStage(stage, state, pass, facts.now);
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

/**
 * Events or ratings from their pass: nothing yet while waiting (the pass may still hold an earlier
 * pass's count until the rewind restarts it), else the records read, estimated as the sync does.
 */
function passStage(
  stage: ProgressStage,
  state: BackfillStage['state'],
  pass: StreamPass | undefined,
  now: number,
): BackfillStage {
  const none = { pending: null, etaSeconds: null, total: null };
  if (pass === undefined || state === 'waiting') return { stage, state, done: 0, ...none };
  const done = pass.records;
  if (state === 'done') return { stage, state, done, total: done, pending: null, etaSeconds: 0 };
  const estimate =
    pass.watermark === null
      ? null
      : estimateWalk({
          origin: pass.origin,
          watermark: pass.watermark,
          startedAt: pass.startedAt,
          now,
          done,
        });
  return {
    stage,
    state,
    done,
    total: estimate?.total ?? null,
    pending: null,
    etaSeconds: estimate === null ? null : Math.round(estimate.etaMs / 1000),
  };
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
