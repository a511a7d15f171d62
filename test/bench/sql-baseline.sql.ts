/**
 * The set-based SQL baseline: the per-ticket calendar metrics of metrics.md §1, §3, §4 and §5 the
 * way warehouse packages (dbt_zendesk) compute them — status history and comments as source
 * tables, LAG/LEAD over each ticket's status changes, FILTER aggregates per ticket.
 *
 * Instants are epoch milliseconds (bigint) so every duration is an exact integer subtraction and
 * can be compared with the engine's seconds without rounding.
 */

/** Source tables, as a helpdesk export lands in a warehouse; `seq` is the event's history order. */
export function createTablesSql(schema: string): string {
  return `
    CREATE UNLOGGED TABLE ${schema}.tickets (id integer PRIMARY KEY, created_at bigint NOT NULL);
    CREATE UNLOGGED TABLE ${schema}.status_history (
      ticket_id integer NOT NULL, seq integer NOT NULL, at bigint NOT NULL,
      from_status text, to_status text NOT NULL);
    CREATE UNLOGGED TABLE ${schema}.comments (
      ticket_id integer NOT NULL, seq integer NOT NULL, at bigint NOT NULL,
      is_public boolean NOT NULL, author_kind text NOT NULL, is_creating boolean NOT NULL);`;
}

/** After the load, as a warehouse model would have them: the window's sort order as an index. */
export function indexTablesSql(schema: string): string {
  return `
    CREATE INDEX ON ${schema}.status_history (ticket_id, seq);
    ANALYZE ${schema}.tickets; ANALYZE ${schema}.status_history; ANALYZE ${schema}.comments;`;
}

/**
 * Materialises one row per ticket into `${schema}.sql_metrics`; `$1` is "now" (epoch ms). Events
 * before creation count at creation and events after now are ignored, as in the engine.
 *
 * - status_rows: each status change with the status before it (LAG; before the first change,
 *   the status a `from = null` change at creation set, else `new`) and the instant the next
 *   change replaced it (LEAD; the last one lasts until now). A change to the current status is a
 *   no-op: it only splits a segment, so sums are unaffected and solves/closes require a change.
 * - per_ticket: reopens = solved/closed → unsolved transitions (metrics.md §5(b), not solves − 1);
 *   first/last solve; first close (the resolution of a ticket closed without a solve, §0.4);
 *   time in new/open/hold; the status after the last change.
 * - requester wait adds the stretch from creation to the first change, spent in `new`.
 * - full resolution and requester wait are null unless the ticket is solved/closed as of now.
 */
export function metricsQuerySql(schema: string): string {
  return `
CREATE UNLOGGED TABLE ${schema}.sql_metrics AS
WITH status_rows AS (
  SELECT s.ticket_id,
         GREATEST(s.at, t.created_at) AS at,
         s.to_status,
         COALESCE(LAG(s.to_status) OVER w,
                  CASE WHEN s.from_status IS NULL AND s.at <= t.created_at
                       THEN s.to_status ELSE 'new' END) AS prev_status,
         LEAD(GREATEST(s.at, t.created_at), 1, $1::bigint) OVER w AS until_at,
         LEAD(s.seq) OVER w IS NULL AS is_last
  FROM ${schema}.status_history s
  JOIN ${schema}.tickets t ON t.id = s.ticket_id
  WHERE GREATEST(s.at, t.created_at) <= $1::bigint
  WINDOW w AS (PARTITION BY s.ticket_id ORDER BY s.seq)
),
per_ticket AS (
  SELECT ticket_id,
         MIN(at) AS first_change_at,
         COUNT(*) FILTER (WHERE prev_status IN ('solved', 'closed')
                            AND to_status IN ('new', 'open', 'pending', 'hold')) AS reopens,
         MIN(at) FILTER (WHERE to_status = 'solved' AND prev_status <> 'solved') AS first_solved_at,
         MAX(at) FILTER (WHERE to_status = 'solved' AND prev_status <> 'solved') AS last_solved_at,
         MIN(at) FILTER (WHERE to_status = 'closed' AND prev_status <> 'closed') AS first_closed_at,
         SUM(until_at - at) FILTER (WHERE to_status IN ('new', 'open', 'hold')) AS waiting_ms,
         MAX(to_status) FILTER (WHERE is_last) AS final_status
  FROM status_rows
  GROUP BY ticket_id
),
first_reply AS (
  SELECT c.ticket_id, MIN(GREATEST(c.at, t.created_at)) AS first_reply_at
  FROM ${schema}.comments c
  JOIN ${schema}.tickets t ON t.id = c.ticket_id
  WHERE c.is_public AND c.author_kind = 'agent' AND NOT c.is_creating
    AND GREATEST(c.at, t.created_at) <= $1::bigint
  GROUP BY c.ticket_id
)
SELECT t.id AS ticket_id,
       r.first_reply_at - t.created_at AS first_reply_ms,
       COALESCE(p.first_solved_at, p.first_closed_at) - t.created_at AS first_resolution_ms,
       CASE WHEN p.final_status IN ('solved', 'closed')
            THEN COALESCE(p.last_solved_at, p.first_closed_at) - t.created_at END
         AS full_resolution_ms,
       CASE WHEN p.final_status IN ('solved', 'closed')
            THEN COALESCE(p.waiting_ms, 0) + (p.first_change_at - t.created_at) END
         AS requester_wait_ms,
       COALESCE(p.reopens, 0)::integer AS reopens
FROM ${schema}.tickets t
LEFT JOIN per_ticket p ON p.ticket_id = t.id
LEFT JOIN first_reply r ON r.ticket_id = t.id`;
}
