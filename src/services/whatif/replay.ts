import type { Instant, Priority, SlaPolicy } from '../../domain/index.js';
import { runClockKernel } from '../../metrics/clock-kernel.js';
import { ClockKernelOutput, KERNEL_STRIDE } from '../../metrics/clock-kernel-output.js';
import { kernelSlaView } from '../../metrics/clock-kernel-sla.js';
import { evaluateSla, slaOutcome, type SlaOutcome } from '../../metrics/sla.js';
import type { CalendarSet } from '../../metrics/ticket-clock.js';
import type { TimelineColumns } from '../../store/store.js';

/** The settings a replay computes under: today's, or a proposal's. */
export interface ReplaySettings {
  calendars: CalendarSet;
  slaPolicy: SlaPolicy | null;
}

/** One ticket's values under the replayed settings, beside what the analysis stored. */
export interface ReplayedTicket {
  index: number;
  priority: Priority | null;
  /** Business seconds, NaN for none, in WHATIF_DURATIONS order. */
  proposedBusiness: Float64Array;
  currentOutcomes: SlaOutcome[];
  proposedOutcomes: SlaOutcome[];
}

// One set of kernel buffers for every batch (tens of MB for a large batch): replayBatch is
// synchronous and its sink never replays, so no two batches share them at once.
const KERNEL_OUTPUT = new ClockKernelOutput();

/**
 * Replays every ticket of a columnar batch through the clock kernel under `settings`, as of
 * `asOf`, and hands each result to `sink` (one reused buffer: the sink copies what it keeps).
 * The kernel computes exactly what the engine computes as the analysis runs it (analyze-ticket.ts):
 * the ticket's assigned schedule, its calendar (own, else the default) for the SLA, instances with
 * a deciding time.
 */
export function replayBatch(
  columns: TimelineColumns,
  settings: ReplaySettings,
  asOf: Instant,
  sink: (ticket: ReplayedTicket) => void,
): void {
  const proposedBusiness = new Float64Array(KERNEL_STRIDE);
  const out = KERNEL_OUTPUT;
  runClockKernel(columns, settings.calendars, asOf, out);
  for (let i = 0; i < columns.ticketIds.length; i += 1) {
    for (let k = 0; k < KERNEL_STRIDE; k += 1)
      proposedBusiness[k] = out.business[i * KERNEL_STRIDE + k] ?? NaN;
    const priority = columns.priorities[i] ?? null;
    sink({
      index: i,
      priority,
      proposedBusiness,
      currentOutcomes: outcomes(columns.storedSla[i] ?? [], asOf),
      proposedOutcomes:
        settings.slaPolicy === null
          ? []
          : outcomes(
              evaluateSla(
                kernelSlaView(out, i, columns.ticketIds[i] ?? '', columns.createdAt[i] ?? 0),
                priority,
                settings.slaPolicy,
                out.ticketCalendars[i] ?? null,
                asOf,
              ),
              asOf,
            ),
    });
  }
}

/** Outcomes of the instances that have a deciding time (the ones the analysis stores). */
function outcomes(
  times: readonly {
    metric: SlaOutcome['metric'];
    breachAt: Instant | null;
    fulfilledAt: Instant | null;
  }[],
  asOf: Instant,
): SlaOutcome[] {
  const result: SlaOutcome[] = [];
  for (const t of times) {
    if (t.breachAt === null && t.fulfilledAt === null) continue;
    const outcome = slaOutcome(t, asOf);
    if (outcome !== null) result.push(outcome);
  }
  return result;
}
