import type { Instant, SlaPolicy } from '../../domain/index.js';
import { runClockKernel } from '../../metrics/clock-kernel.js';
import { ClockKernelOutput } from '../../metrics/clock-kernel-output.js';
import { evaluateSlaColumns, resolveTargets } from '../../metrics/sla-columns.js';
import { priorityIndex, SlaOutcomes, storedOutcomes } from '../../metrics/sla-outcomes.js';
import type { CalendarSet } from '../../metrics/ticket-clock.js';
import type { TimelineColumns } from '../../store/store.js';

/** The settings a replay computes under: today's, or a proposal's. */
export interface ReplaySettings {
  calendars: CalendarSet;
  slaPolicy: SlaPolicy | null;
}

/**
 * A batch's values under the replayed settings beside what the analysis stored, column by
 * column: ticket i's business seconds at `i * 5 + k` in WHATIF_DURATIONS order (NaN for none),
 * its outcomes in `current` and `proposed`. Valid until the next replay: the buffers are reused.
 */
export interface ReplayedBatch {
  tickets: number;
  /** Ticket i's priority as its index in PRIORITY_KEYS. */
  priorities: Uint8Array;
  currentBusiness: Float64Array;
  proposedBusiness: Float64Array;
  current: SlaOutcomes;
  proposed: SlaOutcomes;
}

/** Replays under one settings: the policy's targets are resolved once, not per batch or ticket. */
export interface Replayer {
  replay(columns: TimelineColumns, asOf: Instant): ReplayedBatch;
}

/**
 * A replayer of columnar batches through the clock kernel under `settings`, as of `asOf`. The
 * kernel computes exactly what the engine computes as the analysis runs it (analyze-ticket.ts):
 * the ticket's assigned schedule, its calendar (own, else the default) for the SLA, instances with
 * a deciding time; the SLA columns give exactly evaluateSla's outcomes of them.
 */
export function createReplayer(settings: ReplaySettings): Replayer {
  const targets = settings.slaPolicy === null ? null : resolveTargets(settings.slaPolicy);
  // One set of buffers for every batch (tens of MB for a large batch): a batch's values are
  // read before the next is replayed.
  const out = new ClockKernelOutput();
  const batch: ReplayedBatch = {
    tickets: 0,
    priorities: new Uint8Array(0),
    currentBusiness: new Float64Array(0),
    proposedBusiness: out.business,
    current: new SlaOutcomes(),
    proposed: new SlaOutcomes(),
  };
  return {
    replay(columns, asOf) {
      const tickets = columns.ticketIds.length;
      runClockKernel(columns, settings.calendars, asOf, out);
      if (batch.priorities.length < tickets) batch.priorities = new Uint8Array(tickets);
      for (let i = 0; i < tickets; i += 1)
        batch.priorities[i] = priorityIndex(columns.priorities[i] ?? null);
      batch.tickets = tickets;
      batch.currentBusiness = columns.storedBusiness;
      batch.proposedBusiness = out.business;
      storedOutcomes(columns.storedSla, tickets, asOf, batch.current);
      if (targets === null) {
        batch.proposed.begin(tickets);
        for (let i = 0; i < tickets; i += 1) batch.proposed.next();
      } else {
        evaluateSlaColumns(out, columns.createdAt, batch.priorities, targets, asOf, batch.proposed);
      }
      return batch;
    },
  };
}
