import { AuthorKindSchema, TICKET_STATUSES } from '../../src/domain/index.js';
import type { ClockKernelInput } from '../../src/metrics/clock-kernel.js';
import type { EngineTimeline } from '../../src/metrics/ticket-metrics.js';

/** The kernel's input with the ticket ids, in arrays a caller may extend to the store's columns. */
export interface KernelColumns extends ClockKernelInput {
  ticketIds: string[];
  scheduleIds: (string | null)[];
  submitterIds: (string | null)[];
  requesterIds: string[];
  scheduleChanges: (string | null)[];
}

/**
 * Timelines in the clock kernel's columnar form, packed here by the layout that the store's SQL
 * (EVENT_CODE_SQL) writes, spelled out again rather than imported so a test of the kernel does
 * not read its input through the kernel's own constants. Events that move no clock are left out,
 * as the store's columnar read leaves them out.
 */
export function toKernelColumns(timelines: readonly EngineTimeline[]): KernelColumns {
  let events = 0;
  for (const t of timelines) for (const e of t.events) if (movesClock(e.type)) events += 1;
  const columns = {
    ticketIds: timelines.map((t) => t.ticket.id),
    createdAt: Float64Array.from(timelines, (t) => t.ticket.createdAt),
    scheduleIds: timelines.map((t) => t.ticket.scheduleId),
    submitterIds: timelines.map((t) => t.ticket.submitterId),
    requesterIds: timelines.map((t) => t.ticket.requesterId),
    eventStart: new Int32Array(timelines.length + 1),
    eventAt: new Float64Array(events),
    eventCode: new Uint16Array(events),
    scheduleChanges: [] as (string | null)[],
  };
  let j = 0;
  timelines.forEach((t, i) => {
    columns.eventStart[i] = j;
    for (const e of t.events) {
      let code: number;
      if (e.type === 'status_change')
        code = TICKET_STATUSES.indexOf(e.to) * 4 + (e.from === null ? 64 : 0);
      else if (e.type === 'delete') code = 1;
      else if (e.type === 'comment')
        code =
          2 +
          (e.public ? 4 : 0) +
          (e.isCreating ? 8 : 0) +
          AuthorKindSchema.options.indexOf(e.authorKind) * 16;
      else if (e.type === 'schedule_change') {
        code = 3;
        columns.scheduleChanges.push(e.scheduleId);
      } else continue;
      columns.eventAt[j] = e.at;
      columns.eventCode[j] = code;
      j += 1;
    }
  });
  columns.eventStart[timelines.length] = j;
  return columns;
}

function movesClock(type: string): boolean {
  return (
    type === 'status_change' ||
    type === 'delete' ||
    type === 'comment' ||
    type === 'schedule_change'
  );
}
