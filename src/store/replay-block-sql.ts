import { SlaMetricSchema } from '../domain/index.js';
import { sqlWords } from './sql-values.js';
import { packEventsSql } from './timeline-pack-sql.js';

/**
 * A ticket's stored SLA times in binary: their count (int2), then per instance the metric's
 * index in {@link SlaMetricSchema}'s order (int2), breach and fulfilment instants (float8, NaN for
 * none). Parsing them as JSON objects was most of a block's decoding.
 */
const SLA_BINARY = `(SELECT int2send(count(*)::int2) || coalesce(string_agg(
    int2send((array_position(ARRAY[${sqlWords(SlaMetricSchema.options)}], x->>'metric') - 1)::int2)
    || float8send(coalesce((x->>'breachAt')::float8, 'NaN'))
    || float8send(coalesce((x->>'fulfilledAt')::float8, 'NaN')), ''::bytea ORDER BY o), ''::bytea)
  FROM jsonb_array_elements(m.whatif_sla::jsonb) WITH ORDINALITY AS s(x, o))`;

/** Analysed tickets per replay block: a few hundred kB of payload, one row to read. */
export const REPLAY_BLOCK_TICKETS = 1_000;

/** The advisory lock key of an installation's replay blocks ($1 = installation id). */
const LOCK_KEY = `hashtext('deskpulse.replay_blocks.' || current_schema()), hashtext($1::uuid::text)`;

/** Taken by a block build: fails while a write that could stale a block is uncommitted. */
export const TRY_BUILD_LOCK = `SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS locked`;

/**
 * The hole the id `$2` lies in, if it lies in one: `lo` is the end of the block before it (''
 * when none), `hi` the start of the block after it (null when none). `covered` when a block
 * covers the ids just after `$2`: nothing to build there.
 */
export const HOLE_AT = `
SELECT coalesce((SELECT max(b.hi) FROM ticket_replay_blocks b
    WHERE b.installation_id = $1 AND b.hi <= $2), '') AS lo,
  n.lo AS hi, coalesce(n.lo <= $2, false) AS covered
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (SELECT b.lo FROM ticket_replay_blocks b
  WHERE b.installation_id = $1 AND b.hi > $2 ORDER BY b.hi LIMIT 1) AS n ON true`;

/**
 * Where the first hole at or after the id `$2` begins: `$2` itself when no block covers the ids
 * just after it, else the end of the first block not followed at once by the next (the end of
 * the last block when none: the ids after it are a hole, possibly without tickets). A block
 * covers (lo, hi] and blocks never overlap, so a hole is where a block's `lo` is past the end of
 * the one before it.
 */
export const NEXT_HOLE = `
WITH b AS (
  SELECT lo, hi, lag(hi) OVER (ORDER BY hi) AS prev FROM ticket_replay_blocks
  WHERE installation_id = $1 AND hi > $2)
SELECT coalesce(
  (SELECT coalesce(prev, $2) FROM b WHERE lo > coalesce(prev, $2) ORDER BY hi LIMIT 1),
  (SELECT max(hi) FROM b), $2) AS at`;

/**
 * Builds the blocks ($5 tickets each) of the analysed tickets with ids in ($2, $3] ($3 null: no
 * upper end), at most $4 tickets, and returns how many tickets they hold. Consecutive blocks share their boundary (a
 * block holds the ids in (lo, hi]), so every id lies in exactly one block or in a hole; the last
 * block ends at $3 when the build reached it. The payload, all big-endian:
 * n (int4), created-at (float8 × n), the stored business seconds (float8 × 5n), each ticket's
 * event count (int4 × n), the instants (float8 per event), the codes (int2 per event), the
 * stored SLA times (per ticket, `SLA_BINARY`), then a UTF-8 JSON array: ids, priorities,
 * requesters, submitters, schedules, groups, assignees, brands, channels, the schedule changes'
 * ids (in event order), from byte
 * `texts_at` on. Each value
 * is what the per-ticket read (sql-timeline-columns.ts) returns; a ticket without a timeline pack
 * is packed from its events here, as the analysis would pack it. The aggregates take the rows in
 * the sorted subquery's order, so all stay aligned ticket by ticket (as the per-ticket read's
 * do): an ORDER BY in each aggregate would sort a block's rows once per aggregate.
 */
export const BUILD_BLOCKS = `
WITH src AS (
  SELECT t.id, (extract(epoch FROM t.created_at) * 1000)::float8 AS created,
    t.priority, t.requester_id, t.data->>'submitterId' AS submitter_id,
    t.data->>'scheduleId' AS schedule_id, t.group_id, t.assignee_id, t.brand_id, t.channel,
    m.whatif_business, ${SLA_BINARY} AS sla, coalesce(p.ats, e.ats, ''::bytea) AS ats,
    coalesce(p.codes, e.codes, ''::bytea) AS codes, coalesce(p.schedules, e.schedules, '[]') AS schedules
  FROM tickets t JOIN ticket_metrics m ON m.installation_id = t.installation_id AND m.ticket_id = t.id
    AND m.ticket_id > $2
  LEFT JOIN ticket_timeline_packs p ON p.installation_id = t.installation_id AND p.ticket_id = t.id
    AND p.ticket_id > $2
  LEFT JOIN LATERAL (${packEventsSql(' AND p.ticket_id IS NULL')}) AS e ON true
  WHERE t.installation_id = $1 AND t.id > $2 AND ($3::text IS NULL OR t.id <= $3)
  ORDER BY t.id LIMIT $4
), numbered AS (
  SELECT src.*, (row_number() OVER (ORDER BY src.id) - 1) / $5 AS g,
    count(*) OVER () AS total
  FROM src
), grouped AS (
  SELECT g, max(total) AS total, max(id) AS last_id, count(*)::int AS n,
    min(created) AS min_created, max(created) AS max_created, array_agg(id) AS ids,
    int4send(count(*)::int) || string_agg(float8send(created), ''::bytea)
      || string_agg(whatif_business, ''::bytea)
      || string_agg(int4send(length(codes) / 2), ''::bytea)
      || string_agg(ats, ''::bytea) || string_agg(codes, ''::bytea)
      || string_agg(sla, ''::bytea) AS numbers,
    convert_to('[' || json_agg(id)::text || ',' || json_agg(priority)::text
        || ',' || json_agg(requester_id)::text
        || ',' || json_agg(submitter_id)::text
        || ',' || json_agg(schedule_id)::text || ',' || json_agg(group_id)::text
        || ',' || json_agg(assignee_id)::text || ',' || json_agg(brand_id)::text
        || ',' || json_agg(channel)::text || ',['
        || coalesce(string_agg(substr(schedules, 2, length(schedules) - 2), ',')
          FILTER (WHERE schedules <> '[]'), '') || ']]', 'UTF8') AS texts
  FROM (SELECT * FROM numbered ORDER BY g, id) AS o GROUP BY g
), inserted AS (
  INSERT INTO ticket_replay_blocks
    (installation_id, lo, hi, n, min_created, max_created, ids, payload, texts_at)
  SELECT $1, coalesce(lag(last_id) OVER (ORDER BY g), $2),
    CASE WHEN g = max(g) OVER () AND total < $4 AND $3 IS NOT NULL THEN $3 ELSE last_id END,
    n, min_created, max_created, ids, numbers || texts, length(numbers)
  FROM grouped
  RETURNING n
)
SELECT coalesce(sum(n), 0)::int AS tickets FROM inserted`;

/** A block holding no ticket: the hole ($2, $3] has no analysed ticket. */
export const EMPTY_BLOCK = `
INSERT INTO ticket_replay_blocks (installation_id, lo, hi, n, ids, payload, texts_at)
VALUES ($1, $2, $3, 0, '{}', int4send(0) || convert_to('[[],[],[],[],[],[],[],[],[],[]]', 'UTF8'), 4)`;

/**
 * The next blocks after the id $2, in id order: `skip` = how many of the first block's tickets
 * are at or before $2, `gap` when ids between $2 and the first block are in a hole. The payload
 * comes only for a block with tickets created in [$3, $4) (epoch ms), in two parts: its numbers
 * in base64 (pg sends bytea as hex text, twice the bytes; its binary mode would decode the bytes
 * as UTF-8 first and corrupt them) and its JSON as text (no encoding at all).
 *
 * The $5 blocks are chosen on their keys alone, then their rows fetched: a plan that sorts the
 * blocks after $2 (the planner's choice on a table with dead rows and no statistics, as after a
 * rebuild) would otherwise read every later block's payload to keep $5 of them, on every call
 * (issue 17: the first replay after a background rebuild at 1M tickets took 80 s of PostgreSQL).
 */
export const NEXT_BLOCKS = `
SELECT b.lo, b.hi, b.lo > $2 AS gap,
  CASE WHEN b.lo < $2 THEN (SELECT count(*)::int FROM unnest(b.ids) AS x(id) WHERE x.id <= $2)
    ELSE 0 END AS skip,
  CASE WHEN b.n > 0 AND b.max_created >= $3 AND b.min_created < $4
    THEN encode(substr(b.payload, 1, b.texts_at), 'base64') END AS numbers,
  CASE WHEN b.n > 0 AND b.max_created >= $3 AND b.min_created < $4
    THEN convert_from(substr(b.payload, b.texts_at + 1), 'UTF8') END AS texts
FROM (SELECT k.hi FROM ticket_replay_blocks k WHERE k.installation_id = $1 AND k.hi > $2
  ORDER BY k.hi LIMIT $5) AS next
JOIN ticket_replay_blocks b ON b.installation_id = $1 AND b.hi = next.hi
ORDER BY b.hi`;

/**
 * Drops the block covering each changed row's ticket (`changed`, a transition table; `id` its
 * ticket id column) and takes the installation's lock shared, so a block build running meanwhile
 * either sees this write (it waits for the lock) or is dropped here after it commits.
 */
export function dropCoveringBlocksSql(id: string): string {
  return `
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('deskpulse.replay_blocks.' || current_schema()),
    hashtext(c.installation_id::text))
  FROM (SELECT DISTINCT installation_id FROM changed) AS c;
  DELETE FROM ticket_replay_blocks b USING (
    SELECT DISTINCT k.installation_id, k.hi
    FROM changed c CROSS JOIN LATERAL (
      SELECT b2.installation_id, b2.hi, b2.lo FROM ticket_replay_blocks b2
      WHERE b2.installation_id = c.installation_id AND b2.hi >= c.${id}
      ORDER BY b2.hi LIMIT 1) AS k
    WHERE k.lo < c.${id}) AS s
  WHERE b.installation_id = s.installation_id AND b.hi = s.hi;
  RETURN NULL;
END`;
}
