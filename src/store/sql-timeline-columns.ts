import type { Id, Priority } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import { toTimestamp } from './sql-values.js';
import type {
  ReplayBlockBuildStore,
  StoredSlaTimes,
  TimelineColumns,
  TimelineColumnsStore,
  TimelineColumnsWindow,
  TimelinePackStore,
} from './roles/whatif.js';
import { EVENT_KIND } from '../metrics/event-codes.js';
import { EVENT_CODE_SQL } from './timeline-codes.js';
import { CLOCK_EVENT_TYPES_SQL, upsertTimelinePacksSql } from './timeline-pack-sql.js';
import { buildNextReplayBlocks, readFromBlocks } from './sql-replay-blocks.js';

/** Stored business seconds read per ticket, in {@link TimelineColumns.storedBusiness} order. */
export const STORED_BUSINESS_FIELDS = 5;

// Analysed tickets only: the comparison is against what the analysis stored. The whole batch comes
// back as ONE row of a few large values (JSON arrays for the text columns, big-endian bytea for the
// numbers and the packed timelines) instead of a row per ticket: parsing ~15 fields per ticket was
// most of the read's time in Node. Every aggregate reads the ordered, limited subquery's rows in
// the same sequence, so the arrays stay aligned ticket by ticket. The stored values come from
// migration 020's generated columns, never from the metrics' JSONB (decompressing it per ticket
// was most of the read's time in PostgreSQL). A ticket without a timeline pack counts -1 events:
// its events are read from ticket_events. The joins repeat `> $2` so a merge join's index scans
// start at the batch instead of at the installation's first ticket (quadratic over a history).
const TICKETS = `
SELECT json_agg(b.id) AS ids, string_agg(float8send(b.created), ''::bytea) AS "createdAt",
  json_agg(b.priority) AS priorities, json_agg(b.requester_id) AS "requesterIds",
  json_agg(b.submitter_id) AS "submitterIds", json_agg(b.schedule_id) AS "scheduleIds",
  json_agg(b.group_id) AS "groupIds", json_agg(b.assignee_id) AS "assigneeIds",
  json_agg(b.brand_id) AS "brandIds", json_agg(b.channel) AS channels,
  string_agg(b.whatif_business, ''::bytea) AS business,
  '[' || string_agg(b.whatif_sla, ',') || ']' AS sla,
  string_agg(int4send(coalesce(length(b.codes) / 2, -1)), ''::bytea) AS "packCounts",
  string_agg(b.ats, ''::bytea) AS "packAts", string_agg(b.codes, ''::bytea) AS "packCodes",
  '[' || coalesce(string_agg(substr(b.schedules, 2, length(b.schedules) - 2), ',')
    FILTER (WHERE b.schedules <> '[]'), '') || ']' AS "packSchedules"
FROM (
  SELECT t.id, (extract(epoch FROM t.created_at) * 1000)::float8 AS created, t.priority,
    t.requester_id, t.data->>'submitterId' AS submitter_id, t.data->>'scheduleId' AS schedule_id,
    t.group_id, t.assignee_id, t.brand_id, t.channel, m.whatif_business, m.whatif_sla,
    p.ats, p.codes, p.schedules
  FROM tickets t JOIN ticket_metrics m ON m.installation_id = t.installation_id AND m.ticket_id = t.id
    AND m.ticket_id > $2
  LEFT JOIN ticket_timeline_packs p ON p.installation_id = t.installation_id AND p.ticket_id = t.id
    AND p.ticket_id > $2
  WHERE t.installation_id = $1 AND t.id > $2 AND t.created_at >= $3 AND t.created_at < $4
    AND ($6::text IS NULL OR t.id <= $6)
  ORDER BY t.id LIMIT $5) AS b`;

// The fallback for tickets without a pack: one row for the whole batch, each column the batch's
// events packed big-endian into one bytea, so a batch of events arrives as a few buffers instead
// of one JS object per event. A change to no schedule is JSON null, as in the packs. The id range (not a list) lets the timeline index deliver the
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
    string_agg(coalesce(to_json(e.data->>'scheduleId')::text, 'null'), ',' ORDER BY e.at, e.seq)
      FILTER (WHERE e.type = 'schedule_change') AS schedules
  FROM ticket_events e
  WHERE e.installation_id = $1 AND e.ticket_id > $2 AND e.ticket_id <= $3
    AND e.type IN ${CLOCK_EVENT_TYPES_SQL}
  GROUP BY e.ticket_id) AS g`;

// bytea arrives as a Buffer from pg and as a Uint8Array from PGlite: read both through a DataView.
// Every column is null when the batch is empty.
interface BatchRow {
  ids: Id[] | null;
  createdAt: Uint8Array | null;
  priorities: (Priority | null)[] | null;
  requesterIds: Id[] | null;
  submitterIds: (Id | null)[] | null;
  scheduleIds: (Id | null)[] | null;
  groupIds: (Id | null)[] | null;
  assigneeIds: (Id | null)[] | null;
  brandIds: (Id | null)[] | null;
  channels: string[] | null;
  business: Uint8Array | null;
  /** JSON array of each ticket's stored SLA times. */
  sla: string | null;
  /** int4 per ticket: its packed events, -1 when it has no pack. */
  packCounts: Uint8Array | null;
  packAts: Uint8Array | null;
  packCodes: Uint8Array | null;
  /** JSON array of the packed tickets' schedule changes' ids, in event order. */
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

/** A run of tickets' events in one source's buffers, read from `event` and `schedule` on. */
interface EventSource {
  ats: DataView;
  codes: DataView;
  schedules: readonly (Id | null)[];
  event: number;
  schedule: number;
}

export function timelineColumnQueries(
  client: SqlClient,
): TimelineColumnsStore & TimelinePackStore & ReplayBlockBuildStore {
  return {
    readTimelineColumns: (installationId, window) =>
      readFromBlocks(client, installationId, window, readTicketColumns),
    buildNextReplayBlocks: (installationId, from) =>
      buildNextReplayBlocks(client, installationId, from),
    async saveTimelinePacks(installationId: string, ticketIds: readonly Id[]) {
      if (ticketIds.length === 0) return;
      await client.query(UPSERT_PACKS, [installationId, ticketIds]);
    },
  };
}

/**
 * The window's tickets with ids up to `upTo` (null: no upper end) read ticket by ticket: where
 * the replay blocks (sql-replay-blocks.ts) are missing and cannot be built, and the reference
 * their tests compare them with.
 */
export async function readTicketColumns(
  client: SqlClient,
  installationId: string,
  window: TimelineColumnsWindow,
  upTo: Id | null,
): Promise<TimelineColumns> {
  const { rows } = await client.query<BatchRow>(TICKETS, [
    installationId,
    window.after,
    toTimestamp(window.start),
    toTimestamp(window.end),
    window.limit,
    upTo,
  ]);
  const batch = rows[0];
  const ids = batch?.ids ?? [];
  if (batch === undefined || ids.length === 0) return toColumns(EMPTY_BATCH, new Map());
  const counts = view(batch.packCounts);
  let unpacked = false;
  for (let i = 0; i < ids.length && !unpacked; i += 1) unpacked = counts.getInt32(i * 4) < 0;
  const events = unpacked
    ? (await client.query<EventRow>(EVENTS, [installationId, window.after, ids.at(-1) ?? '']))
        .rows[0]
    : undefined;
  return toColumns(batch, fallbackTimelines(events));
}

const UPSERT_PACKS = upsertTimelinePacksSql('t.installation_id = $1 AND t.id = ANY($2::text[])');

const EMPTY_BATCH: BatchRow = {
  ids: [],
  createdAt: null,
  priorities: [],
  requesterIds: [],
  submitterIds: [],
  scheduleIds: [],
  groupIds: [],
  assigneeIds: [],
  brandIds: [],
  channels: [],
  business: null,
  sla: null,
  packCounts: null,
  packAts: null,
  packCodes: null,
  packSchedules: null,
};

function toColumns(batch: BatchRow, fallback: Map<Id, FallbackTimeline>): TimelineColumns {
  const ticketIds = batch.ids ?? [];
  const n = ticketIds.length;
  const createdAt = float64s(batch.createdAt, n);
  const storedBusiness = float64s(batch.business, n * STORED_BUSINESS_FIELDS);
  const counts = view(batch.packCounts);
  const packed: EventSource = {
    ats: view(batch.packAts),
    codes: view(batch.packCodes),
    schedules: parseList(batch.packSchedules) as (Id | null)[],
    event: 0,
    schedule: 0,
  };
  const eventStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1) {
    const count = counts.getInt32(i * 4);
    eventStart[i + 1] =
      (eventStart[i] ?? 0) + (count >= 0 ? count : (fallback.get(ticketIds[i] ?? '')?.count ?? 0));
  }
  const total = eventStart[n] ?? 0;
  const eventAt = new Float64Array(total);
  const eventCode = new Uint16Array(total);
  const scheduleChanges: (Id | null)[] = [];
  for (let i = 0; i < n; i += 1) {
    const from = eventStart[i] ?? 0;
    const to = eventStart[i + 1] ?? from;
    const own = counts.getInt32(i * 4) >= 0 ? packed : fallback.get(ticketIds[i] ?? '')?.source;
    if (own === undefined) continue;
    for (let k = from; k < to; k += 1) {
      const code = own.codes.getUint16(own.event * 2);
      if ((code & 3) === EVENT_KIND.schedule)
        scheduleChanges.push(own.schedules[own.schedule++] ?? null);
      eventAt[k] = own.ats.getFloat64(own.event * 8);
      eventCode[k] = code;
      own.event += 1;
    }
  }
  return {
    ticketIds,
    createdAt,
    priorities: batch.priorities ?? [],
    requesterIds: batch.requesterIds ?? [],
    submitterIds: batch.submitterIds ?? [],
    scheduleIds: batch.scheduleIds ?? [],
    groupIds: batch.groupIds ?? [],
    assigneeIds: batch.assigneeIds ?? [],
    brandIds: batch.brandIds ?? [],
    channels: batch.channels ?? [],
    storedBusiness,
    storedSla: parseList(batch.sla) as StoredSlaTimes[][],
    eventStart,
    eventAt,
    eventCode,
    scheduleChanges,
  };
}

/** One unpacked ticket's events: `count` of them in `source` from where its cursors stand. */
interface FallbackTimeline {
  count: number;
  source: EventSource;
}

/**
 * The fallback read's events, per ticket (its groups come in id order). The read covers the
 * batch's whole id range, packed tickets included, so each ticket's cursors start at its own group.
 */
function fallbackTimelines(events: EventRow | undefined): Map<Id, FallbackTimeline> {
  const result = new Map<Id, FallbackTimeline>();
  if (events === undefined) return result;
  const ats = view(events.ats);
  const codes = view(events.codes);
  const schedules = parseList(events.schedules) as (Id | null)[];
  const counts = view(events.counts);
  let event = 0;
  let schedule = 0;
  (events.ids ?? []).forEach((id, g) => {
    const count = counts.getInt32(g * 4);
    result.set(id, { count, source: { ats, codes, schedules, event, schedule } });
    for (let j = event; j < event + count; j += 1)
      if ((codes.getUint16(j * 2) & 3) === EVENT_KIND.schedule) schedule += 1;
    event += count;
  });
  return result;
}

/** A JSON array the store built (schedule ids, SLA times); '[]' is not parsed. */
function parseList(json: string | null): unknown[] {
  return json === null || json === '[]' ? [] : (JSON.parse(json) as unknown[]);
}

/** `count` big-endian float8s (the bytea's byte order), as a native typed array. */
function float64s(bytes: Uint8Array | null, count: number): Float64Array {
  const source = view(bytes);
  const result = new Float64Array(count);
  for (let i = 0; i < count; i += 1) result[i] = source.getFloat64(i * 8);
  return result;
}

function view(bytes: Uint8Array | null): DataView {
  return bytes === null
    ? new DataView(new ArrayBuffer(0))
    : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
