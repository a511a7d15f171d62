import type { Id, Priority } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import { toTimestamp } from './sql-values.js';
import type {
  StoredSlaTimes,
  TimelineColumns,
  TimelineColumnsStore,
  TimelineColumnsWindow,
} from './roles/whatif.js';
import { EVENT_CODE_SQL, EVENT_KIND } from './timeline-codes.js';

/** Stored business seconds read per ticket, in {@link TimelineColumns.storedBusiness} order. */
export const STORED_BUSINESS_FIELDS = 5;

// Analysed tickets only: the comparison is against what the analysis stored. NaN stands for null
// so the five values travel as one float8 array.
const TICKETS = `
SELECT t.id, (extract(epoch FROM t.created_at) * 1000)::float8 AS "createdAt", t.priority,
  t.requester_id AS "requesterId", t.data->>'submitterId' AS "submitterId",
  t.data->>'scheduleId' AS "scheduleId", t.group_id AS "groupId", t.assignee_id AS "assigneeId",
  t.brand_id AS "brandId", t.channel,
  ARRAY[coalesce(m.first_reply_seconds_business, 'NaN'),
    coalesce((m.data#>>'{metrics,firstResolution,business}')::float8, 'NaN'),
    coalesce(m.full_resolution_seconds_business, 'NaN'),
    coalesce((m.data#>>'{metrics,requesterWait,business}')::float8, 'NaN'),
    coalesce((m.data#>>'{metrics,agentWait,business}')::float8, 'NaN')]::float8[] AS business,
  m.data#>'{dims,sla}' AS sla
FROM tickets t JOIN ticket_metrics m ON m.installation_id = t.installation_id AND m.ticket_id = t.id
WHERE t.installation_id = $1 AND t.id > $2 AND t.created_at >= $3 AND t.created_at < $4
ORDER BY t.id LIMIT $5`;

// One row for the whole batch: each column is the batch's events packed big-endian into one
// bytea, so a batch of events arrives as a few buffers instead of one JS object per event. The id
// range (not a list) lets the timeline index deliver the events in ticket, time, arrival order.
const EVENTS = `
SELECT array_agg(g.ticket_id ORDER BY g.ticket_id) AS ids,
  string_agg(int4send(g.n), ''::bytea ORDER BY g.ticket_id) AS counts,
  string_agg(g.ats, ''::bytea ORDER BY g.ticket_id) AS ats,
  string_agg(g.codes, ''::bytea ORDER BY g.ticket_id) AS codes,
  '[' || coalesce(string_agg(g.schedules, ',' ORDER BY g.ticket_id), '') || ']' AS schedules
FROM (
  SELECT e.ticket_id, count(*)::int AS n,
    string_agg(float8send((extract(epoch FROM e.at) * 1000)::float8), ''::bytea
      ORDER BY e.at, e.seq) AS ats,
    string_agg(int2send((${EVENT_CODE_SQL})::int2), ''::bytea ORDER BY e.at, e.seq) AS codes,
    string_agg(to_json(e.data->>'scheduleId')::text, ',' ORDER BY e.at, e.seq)
      FILTER (WHERE e.type = 'schedule_change') AS schedules
  FROM ticket_events e
  WHERE e.installation_id = $1 AND e.ticket_id > $2 AND e.ticket_id <= $3
    AND e.type IN ('status_change', 'delete', 'comment', 'schedule_change')
  GROUP BY e.ticket_id) AS g`;

interface TicketRow {
  id: Id;
  createdAt: number;
  priority: Priority | null;
  requesterId: Id;
  submitterId: Id | null;
  scheduleId: Id | null;
  groupId: Id | null;
  assigneeId: Id | null;
  brandId: Id | null;
  channel: string;
  business: (number | string)[];
  sla: StoredSlaTimes[] | null;
}

// bytea arrives as a Buffer from pg and as a Uint8Array from PGlite: read both through a DataView.
interface EventRow {
  ids: Id[] | null;
  counts: Uint8Array | null;
  ats: Uint8Array | null;
  codes: Uint8Array | null;
  /** JSON array of the schedule changes' ids, in event order. */
  schedules: string;
}

const NO_EVENTS: EventRow = { ids: null, counts: null, ats: null, codes: null, schedules: '[]' };

export function timelineColumnQueries(client: SqlClient): TimelineColumnsStore {
  return {
    async readTimelineColumns(installationId: string, window: TimelineColumnsWindow) {
      const { rows } = await client.query<TicketRow>(TICKETS, [
        installationId,
        window.after,
        toTimestamp(window.start),
        toTimestamp(window.end),
        window.limit,
      ]);
      const last = rows.at(-1)?.id;
      const events =
        last === undefined
          ? NO_EVENTS
          : ((await client.query<EventRow>(EVENTS, [installationId, window.after, last])).rows[0] ??
            NO_EVENTS);
      return toColumns(rows, events);
    },
  };
}

function toColumns(rows: readonly TicketRow[], events: EventRow): TimelineColumns {
  const n = rows.length;
  const storedBusiness = new Float64Array(n * 5);
  const createdAt = new Float64Array(n);
  const position = new Map<Id, number>();
  rows.forEach((r, i) => {
    position.set(r.id, i);
    createdAt[i] = r.createdAt;
    // float8[] elements may arrive as text ('NaN' always does): Number() reads both.
    for (let k = 0; k < 5; k += 1) storedBusiness[i * 5 + k] = Number(r.business[k]);
  });
  const total = events.codes === null ? 0 : events.codes.length / 2;
  const eventAt = new Float64Array(total);
  const eventCode = new Uint16Array(total);
  const eventStart = new Int32Array(n + 1);
  const scheduleIds = JSON.parse(events.schedules) as (Id | null)[];
  const scheduleChanges: (Id | null)[] = [];
  const counts = view(events.counts);
  const ats = view(events.ats);
  const codes = view(events.codes);
  // Groups come in the batch's id order; a group of a ticket outside the batch (not analysed,
  // created outside the range) is skipped, its schedule ids too.
  let from = 0;
  let kept = 0;
  let schedule = 0;
  (events.ids ?? []).forEach((id, g) => {
    const count = counts.getInt32(g * 4);
    const index = position.get(id);
    for (let j = from; j < from + count; j += 1) {
      const code = codes.getUint16(j * 2);
      const isSchedule = (code & 3) === EVENT_KIND.schedule;
      if (index === undefined) {
        if (isSchedule) schedule += 1;
        continue;
      }
      if (isSchedule) scheduleChanges.push(scheduleIds[schedule++] ?? null);
      eventAt[kept] = ats.getFloat64(j * 8);
      eventCode[kept] = code;
      kept += 1;
    }
    if (index !== undefined) eventStart[index + 1] = count;
    from += count;
  });
  for (let i = 1; i <= n; i += 1) eventStart[i] = (eventStart[i] ?? 0) + (eventStart[i - 1] ?? 0);
  return {
    ticketIds: rows.map((r) => r.id),
    createdAt,
    priorities: rows.map((r) => r.priority),
    requesterIds: rows.map((r) => r.requesterId),
    submitterIds: rows.map((r) => r.submitterId),
    scheduleIds: rows.map((r) => r.scheduleId),
    groupIds: rows.map((r) => r.groupId),
    assigneeIds: rows.map((r) => r.assigneeId),
    brandIds: rows.map((r) => r.brandId),
    channels: rows.map((r) => r.channel),
    storedBusiness,
    storedSla: rows.map((r) => r.sla ?? []),
    eventStart,
    eventAt: eventAt.subarray(0, kept),
    eventCode: eventCode.subarray(0, kept),
    scheduleChanges,
  };
}

function view(bytes: Uint8Array | null): DataView {
  return bytes === null
    ? new DataView(new ArrayBuffer(0))
    : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
