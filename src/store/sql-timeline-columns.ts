import type { Id, Priority } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import { toTimestamp } from './sql-values.js';
import type {
  StoredSlaTimes,
  TimelineColumns,
  TimelineColumnsStore,
  TimelineColumnsWindow,
  TimelinePackStore,
} from './roles/whatif.js';
import { EVENT_CODE_SQL, EVENT_KIND } from './timeline-codes.js';
import { CLOCK_EVENT_TYPES_SQL, upsertTimelinePacksSql } from './timeline-pack-sql.js';

/** Stored business seconds read per ticket, in {@link TimelineColumns.storedBusiness} order. */
export const STORED_BUSINESS_FIELDS = 5;

// Analysed tickets only: the comparison is against what the analysis stored. NaN stands for null
// so the five values travel as one float8 array. The stored metrics' JSONB is decompressed once
// per row (`md`: jsonb || '{}' returns its detoasted left side; OFFSET 0 keeps it one value)
// instead of once per field read from it, which took over half of this query's time. The
// ticket's timeline pack comes along (null when the ticket has none yet: its events are then
// read from ticket_events).
const TICKETS = `
SELECT t.id, (extract(epoch FROM t.created_at) * 1000)::float8 AS "createdAt", t.priority,
  t.requester_id AS "requesterId", t.data->>'submitterId' AS "submitterId",
  t.data->>'scheduleId' AS "scheduleId", t.group_id AS "groupId", t.assignee_id AS "assigneeId",
  t.brand_id AS "brandId", t.channel,
  ARRAY[coalesce(m.first_reply_seconds_business, 'NaN'),
    coalesce((md.data#>>'{metrics,firstResolution,business}')::float8, 'NaN'),
    coalesce(m.full_resolution_seconds_business, 'NaN'),
    coalesce((md.data#>>'{metrics,requesterWait,business}')::float8, 'NaN'),
    coalesce((md.data#>>'{metrics,agentWait,business}')::float8, 'NaN')]::float8[] AS business,
  md.data#>'{dims,sla}' AS sla,
  p.ats AS "packAts", p.codes AS "packCodes", p.schedules AS "packSchedules"
FROM tickets t JOIN ticket_metrics m ON m.installation_id = t.installation_id AND m.ticket_id = t.id
CROSS JOIN LATERAL (SELECT m.data || '{}'::jsonb AS data OFFSET 0) AS md
LEFT JOIN ticket_timeline_packs p ON p.installation_id = t.installation_id AND p.ticket_id = t.id
WHERE t.installation_id = $1 AND t.id > $2 AND t.created_at >= $3 AND t.created_at < $4
ORDER BY t.id LIMIT $5`;

// The fallback for tickets without a pack: one row for the whole batch, each column the batch's
// events packed big-endian into one bytea, so a batch of events arrives as a few buffers instead
// of one JS object per event. The id range (not a list) lets the timeline index deliver the
// events in ticket, time, arrival order.
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
    AND e.type IN ${CLOCK_EVENT_TYPES_SQL}
  GROUP BY e.ticket_id) AS g`;

// bytea arrives as a Buffer from pg and as a Uint8Array from PGlite: read both through a DataView.
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
  packAts: Uint8Array | null;
  packCodes: Uint8Array | null;
  /** JSON array of the schedule changes' ids, in event order. */
  packSchedules: string | null;
}

interface EventRow {
  ids: Id[] | null;
  counts: Uint8Array | null;
  ats: Uint8Array | null;
  codes: Uint8Array | null;
  /** JSON array of the schedule changes' ids, in event order. */
  schedules: string;
}

const NO_EVENTS: EventRow = { ids: null, counts: null, ats: null, codes: null, schedules: '[]' };

/** Where one ticket's events sit in a source's buffers. */
interface Slice {
  ats: DataView;
  codes: DataView;
  from: number;
  count: number;
  schedules: readonly (Id | null)[];
  scheduleFrom: number;
}

export function timelineColumnQueries(client: SqlClient): TimelineColumnsStore & TimelinePackStore {
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
      const unpacked = rows.some((r) => r.packCodes === null);
      const events =
        last === undefined || !unpacked
          ? NO_EVENTS
          : ((await client.query<EventRow>(EVENTS, [installationId, window.after, last])).rows[0] ??
            NO_EVENTS);
      return toColumns(rows, events);
    },
    async saveTimelinePacks(installationId: string, ticketIds: readonly Id[]) {
      if (ticketIds.length === 0) return;
      await client.query(UPSERT_PACKS, [installationId, ticketIds]);
    },
  };
}

const UPSERT_PACKS = upsertTimelinePacksSql('t.installation_id = $1 AND t.id = ANY($2::text[])');

function toColumns(rows: readonly TicketRow[], events: EventRow): TimelineColumns {
  const n = rows.length;
  const storedBusiness = new Float64Array(n * 5);
  const createdAt = new Float64Array(n);
  const fallback = fallbackSlices(events);
  const slices: Slice[] = [];
  const eventStart = new Int32Array(n + 1);
  rows.forEach((r, i) => {
    createdAt[i] = r.createdAt;
    // float8[] elements may arrive as text ('NaN' always does): Number() reads both.
    for (let k = 0; k < 5; k += 1) storedBusiness[i * 5 + k] = Number(r.business[k]);
    const slice = packSlice(r) ?? fallback.get(r.id) ?? EMPTY_SLICE;
    slices.push(slice);
    eventStart[i + 1] = (eventStart[i] ?? 0) + slice.count;
  });
  const total = eventStart[n] ?? 0;
  const eventAt = new Float64Array(total);
  const eventCode = new Uint16Array(total);
  const scheduleChanges: (Id | null)[] = [];
  let kept = 0;
  for (const s of slices) {
    let schedule = s.scheduleFrom;
    for (let j = s.from; j < s.from + s.count; j += 1) {
      const code = s.codes.getUint16(j * 2);
      if ((code & 3) === EVENT_KIND.schedule) scheduleChanges.push(s.schedules[schedule++] ?? null);
      eventAt[kept] = s.ats.getFloat64(j * 8);
      eventCode[kept] = code;
      kept += 1;
    }
  }
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
    scheduleChanges,
  };
}

const NO_SCHEDULES: readonly (Id | null)[] = [];
const EMPTY_SLICE: Slice = {
  ats: view(null),
  codes: view(null),
  from: 0,
  count: 0,
  schedules: NO_SCHEDULES,
  scheduleFrom: 0,
};

function packSlice(r: TicketRow): Slice | null {
  if (r.packCodes === null || r.packAts === null) return null;
  return {
    ats: view(r.packAts),
    codes: view(r.packCodes),
    from: 0,
    count: r.packCodes.length / 2,
    // Most tickets never change schedule: their '[]' is not parsed.
    schedules:
      r.packSchedules === null || r.packSchedules === '[]'
        ? NO_SCHEDULES
        : (JSON.parse(r.packSchedules) as (Id | null)[]),
    scheduleFrom: 0,
  };
}

/** The fallback read's events, per ticket (the batch's groups come in id order). */
function fallbackSlices(events: EventRow): Map<Id, Slice> {
  const result = new Map<Id, Slice>();
  const schedules = JSON.parse(events.schedules) as (Id | null)[];
  const counts = view(events.counts);
  const ats = view(events.ats);
  const codes = view(events.codes);
  let from = 0;
  let scheduleFrom = 0;
  (events.ids ?? []).forEach((id, g) => {
    const count = counts.getInt32(g * 4);
    result.set(id, { ats, codes, from, count, schedules, scheduleFrom });
    for (let j = from; j < from + count; j += 1)
      if ((codes.getUint16(j * 2) & 3) === EVENT_KIND.schedule) scheduleFrom += 1;
    from += count;
  });
  return result;
}

function view(bytes: Uint8Array | null): DataView {
  return bytes === null
    ? new DataView(new ArrayBuffer(0))
    : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
