import { SlaMetricSchema, type Id, type Priority } from '../domain/index.js';
import { EVENT_KIND } from '../metrics/event-codes.js';
import type { StoredSlaTimes, TimelineColumns } from './roles/whatif.js';

const SLA_METRICS = SlaMetricSchema.options;

/** Stored business seconds per ticket, in {@link TimelineColumns.storedBusiness} order. */
const BUSINESS = 5;

/** Some tickets of a batch of columns, by index, in the order they are returned. */
export interface ColumnsPick {
  columns: TimelineColumns;
  picked: readonly number[];
}

/**
 * A replay block's payload (replay-block-sql.ts lays it out: its numbers, then its JSON texts) as
 * columns, every ticket of it.
 */
export function decodeBlock(numbers: Uint8Array, texts: string): TimelineColumns {
  const data = new DataView(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  const n = data.getInt32(0);
  let at = 4;
  const float64s = (count: number) => {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i += 1) values[i] = data.getFloat64(at + i * 8);
    at += count * 8;
    return values;
  };
  const createdAt = float64s(n);
  const storedBusiness = float64s(n * BUSINESS);
  const eventStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1)
    eventStart[i + 1] = (eventStart[i] ?? 0) + data.getInt32(at + i * 4);
  at += n * 4;
  const events = eventStart[n] ?? 0;
  const eventAt = float64s(events);
  const eventCode = new Uint16Array(events);
  for (let k = 0; k < events; k += 1) eventCode[k] = data.getUint16(at + k * 2);
  at += events * 2;
  const storedSla: StoredSlaTimes[][] = [];
  const orNull = (value: number) => (Number.isNaN(value) ? null : value);
  for (let i = 0; i < n; i += 1) {
    const times: StoredSlaTimes[] = [];
    for (let k = data.getInt16(at); k > 0; k -= 1) {
      times.push({
        metric: SLA_METRICS[data.getInt16(at + 2)] ?? 'first_reply_time',
        breachAt: orNull(data.getFloat64(at + 4)),
        fulfilledAt: orNull(data.getFloat64(at + 12)),
      });
      at += 18;
    }
    at += 2;
    storedSla.push(times);
  }
  const [
    ticketIds,
    priorities,
    requesterIds,
    submitterIds,
    scheduleIds,
    groupIds,
    assigneeIds,
    brandIds,
    channels,
    scheduleChanges,
  ] = JSON.parse(texts) as BlockTexts;
  return {
    ticketIds,
    createdAt,
    priorities,
    requesterIds,
    submitterIds,
    scheduleIds,
    groupIds,
    assigneeIds,
    brandIds,
    channels,
    storedBusiness,
    storedSla,
    eventStart,
    eventAt,
    eventCode,
    scheduleChanges,
  };
}

type BlockTexts = [
  Id[],
  (Priority | null)[],
  Id[],
  (Id | null)[],
  (Id | null)[],
  (Id | null)[],
  (Id | null)[],
  (Id | null)[],
  string[],
  (Id | null)[],
];

/** The picked tickets of each batch, in order, as one batch of columns. */
export function joinPicks(picks: readonly ColumnsPick[]): TimelineColumns {
  let tickets = 0;
  let events = 0;
  for (const { columns, picked } of picks)
    for (const i of picked) {
      tickets += 1;
      events += (columns.eventStart[i + 1] ?? 0) - (columns.eventStart[i] ?? 0);
    }
  const out: TimelineColumns = {
    ticketIds: [],
    createdAt: new Float64Array(tickets),
    priorities: [],
    requesterIds: [],
    submitterIds: [],
    scheduleIds: [],
    groupIds: [],
    assigneeIds: [],
    brandIds: [],
    channels: [],
    storedBusiness: new Float64Array(tickets * BUSINESS),
    storedSla: [],
    eventStart: new Int32Array(tickets + 1),
    eventAt: new Float64Array(events),
    eventCode: new Uint16Array(events),
    scheduleChanges: [],
  };
  let t = 0;
  for (const pick of picks) {
    const firstSchedule = scheduleOffsets(pick.columns);
    for (const i of pick.picked) {
      appendTicket(out, t, pick.columns, i, firstSchedule);
      t += 1;
    }
  }
  return out;
}

/** Copies ticket `i` of `from` to slot `t` of `out`, whose slots before `t` are filled. */
function appendTicket(
  out: TimelineColumns,
  t: number,
  from: TimelineColumns,
  i: number,
  firstSchedule: Int32Array,
): void {
  out.ticketIds.push(from.ticketIds[i] ?? '');
  out.createdAt[t] = from.createdAt[i] ?? 0;
  out.priorities.push(from.priorities[i] ?? null);
  out.requesterIds.push(from.requesterIds[i] ?? '');
  out.submitterIds.push(from.submitterIds[i] ?? null);
  out.scheduleIds.push(from.scheduleIds[i] ?? null);
  out.groupIds.push(from.groupIds[i] ?? null);
  out.assigneeIds.push(from.assigneeIds[i] ?? null);
  out.brandIds.push(from.brandIds[i] ?? null);
  out.channels.push(from.channels[i] ?? '');
  out.storedBusiness.set(
    from.storedBusiness.subarray(i * BUSINESS, (i + 1) * BUSINESS),
    t * BUSINESS,
  );
  out.storedSla.push(from.storedSla[i] ?? []);
  const start = from.eventStart[i] ?? 0;
  const end = from.eventStart[i + 1] ?? start;
  const to = out.eventStart[t] ?? 0;
  out.eventStart[t + 1] = to + end - start;
  out.eventAt.set(from.eventAt.subarray(start, end), to);
  out.eventCode.set(from.eventCode.subarray(start, end), to);
  const schedules = from.scheduleChanges.slice(firstSchedule[i], firstSchedule[i + 1]);
  for (const id of schedules) out.scheduleChanges.push(id);
}

/** Per ticket, the index of its first schedule change in `scheduleChanges` (n + 1 entries). */
function scheduleOffsets(columns: TimelineColumns): Int32Array {
  const n = columns.ticketIds.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1) {
    let count = 0;
    const end = columns.eventStart[i + 1] ?? 0;
    for (let k = columns.eventStart[i] ?? 0; k < end; k += 1)
      if (((columns.eventCode[k] ?? 0) & 3) === EVENT_KIND.schedule) count += 1;
    offsets[i + 1] = (offsets[i] ?? 0) + count;
  }
  return offsets;
}
