import type { Id, Priority } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import { toTimestamp } from './sql-values.js';
import type {
  StoredSlaTimes,
  TimelineColumns,
  TimelineColumnsStore,
  TimelineColumnsWindow,
} from './roles/whatif.js';
import { EVENT_CODE_SQL } from './timeline-codes.js';

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
// bytea, so a batch of events arrives as a few buffers instead of one JS object per event.
const EVENTS = `
SELECT string_agg(int4send(b.ord::int), ''::bytea ORDER BY b.ord, e.at, e.seq) AS tickets,
  string_agg(float8send((extract(epoch FROM e.at) * 1000)::float8), ''::bytea
    ORDER BY b.ord, e.at, e.seq) AS ats,
  string_agg(int2send((${EVENT_CODE_SQL})::int2), ''::bytea ORDER BY b.ord, e.at, e.seq) AS codes,
  array_agg(e.data->>'scheduleId' ORDER BY b.ord, e.at, e.seq)
    FILTER (WHERE e.type = 'schedule_change') AS schedules
FROM unnest($2::text[]) WITH ORDINALITY AS b(id, ord)
JOIN ticket_events e ON e.installation_id = $1 AND e.ticket_id = b.id
WHERE e.type IN ('status_change', 'delete', 'comment', 'schedule_change')`;

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
  tickets: Uint8Array | null;
  ats: Uint8Array | null;
  codes: Uint8Array | null;
  schedules: (Id | null)[] | null;
}

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
      const ids = rows.map((r) => r.id);
      const events =
        ids.length === 0
          ? { tickets: null, ats: null, codes: null, schedules: null }
          : (await client.query<EventRow>(EVENTS, [installationId, ids])).rows[0];
      return toColumns(rows, events ?? { tickets: null, ats: null, codes: null, schedules: null });
    },
  };
}

function toColumns(rows: readonly TicketRow[], events: EventRow): TimelineColumns {
  const n = rows.length;
  const storedBusiness = new Float64Array(n * 5);
  const createdAt = new Float64Array(n);
  rows.forEach((r, i) => {
    createdAt[i] = r.createdAt;
    // float8[] elements may arrive as text ('NaN' always does): Number() reads both.
    for (let k = 0; k < 5; k += 1) storedBusiness[i * 5 + k] = Number(r.business[k]);
  });
  const count = events.codes === null ? 0 : events.codes.length / 2;
  const eventAt = new Float64Array(count);
  const eventCode = new Uint16Array(count);
  const eventStart = new Int32Array(n + 1);
  const tickets = view(events.tickets);
  const ats = view(events.ats);
  const codes = view(events.codes);
  for (let j = 0; j < count; j += 1) {
    // Ordinalities are 1-based; count each ticket's events, then prefix-sum into starts.
    const ord = tickets.getInt32(j * 4);
    eventStart[ord] = (eventStart[ord] ?? 0) + 1;
    eventAt[j] = ats.getFloat64(j * 8);
    eventCode[j] = codes.getUint16(j * 2);
  }
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
    eventAt,
    eventCode,
    scheduleChanges: events.schedules ?? [],
  };
}

function view(bytes: Uint8Array | null): DataView {
  return bytes === null
    ? new DataView(new ArrayBuffer(0))
    : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
