import type { SqlClient } from './sql-client.js';
import type { OutboxKind, PendingWork } from './types.js';

// Marking again re-versions the row, so a change that lands while a drain works on the old
// version survives that drain's acknowledgement. It keeps the lease: freeing it would let a
// second drain compute the subject beside the first, and the slower (older) write would win.
// The holder's acknowledgement frees it instead (ACK). A ticket's row keeps the ticket's
// `updated_at` (migration 032): the claim's hold reads it from the row.
const MARK = `
INSERT INTO analysis_outbox (installation_id, kind, subject_id, hold_at)
SELECT $1::uuid, $2, s, t.updated_at FROM unnest($3::text[]) AS s
LEFT JOIN tickets t ON $2 = 'ticket' AND t.installation_id = $1::uuid AND t.id = s
ORDER BY s
ON CONFLICT (installation_id, kind, subject_id) DO UPDATE
  SET mark = nextval('analysis_outbox_mark'), hold_at = EXCLUDED.hold_at`;

// SKIP LOCKED lets concurrent drains take disjoint rows; the lease then keeps them disjoint after
// this short statement ends, without holding a transaction open while the work is computed.
// MATERIALIZED: the LIMIT must pick its rows once, not once per joined row.
// A lease is over AT its end: with `<` a zero lease taken in the same clock tick (PGlite's clock
// is millisecond-grained) would still look held. The rows picked are updated by their tuple ids
// (a TID scan, whatever the statistics), not joined back by key: with the outbox never analysed
// (autovacuum off) the planner took the CTE for one row and rescanned it once per pending row of
// the kind, so a claim cost pending rows x batch size (3,000,000 row comparisons, 1.2 s, with
// 3,000 tickets pending; quadratic over a re-analysis). Each picked row is locked by this
// statement, so its tuple id cannot change before the update reads it. `mark > 0` (every row)
// is the order index's predicate (migration 030), which keeps key lookups off that index.
const CLAIM = `
WITH c AS MATERIALIZED (
  SELECT ctid AS at FROM analysis_outbox
  WHERE installation_id = $1 AND kind = $2 AND mark > 0
    AND (leased_until IS NULL OR leased_until <= now())
  ORDER BY mark LIMIT $3 FOR UPDATE SKIP LOCKED)
UPDATE analysis_outbox o SET leased_until = now() + make_interval(secs => $4::double precision)
WHERE o.ctid = ANY (ARRAY(SELECT at FROM c))
RETURNING o.subject_id AS "subjectId", o.mark::text AS mark`;

// CLAIM for tickets, without those whose history is still to come. The streams that add events to
// tickets (the events export, then the ratings) are read in time order, so a pass that has read
// up to its watermark has every event before it; a ticket's last event is at its updated_at. A
// ticket updated at a reading pass's watermark or later may have events on pages to come, and
// analysing it now would only be repeated when they arrive. A pending rewind restarts the pass at
// rewind_to (its events up to there stay read). Time entries do not hold tickets: that stream
// follows the ratings and would hold every ticket until the sync's very end. The hold is bounded
// by the row's wait since it was first marked, so a pass that never ends stops nothing.
// A ticket is held when it is at or after ANY reading pass's point, i.e. at or after the earliest
// one: `reading` is that one instant (NULL when no pass reads, which holds nothing), computed once
// per claim. Every held row is looked at on every claim (they sit first in mark order: a page
// that reads a ticket's events marks it again, behind them), so the look uses the ticket's
// `updated_at` kept in the row (`hold_at`, set by MARK); only a row without it (its ticket was not
// stored when marked, or a mark that does not copy it) looks the ticket up.
const CLAIM_ANALYSABLE = `
WITH reading AS MATERIALIZED (
  SELECT min(LEAST(COALESCE(watermark, origin), COALESCE(rewind_to, 'infinity'))) AS read_to
  FROM sync_passes
  WHERE installation_id = $1 AND stream IN ('ticket_events', 'satisfaction')
    AND (done_at IS NULL OR rewind_to IS NOT NULL)),
c AS MATERIALIZED (
  SELECT o.ctid AS at FROM analysis_outbox o
  WHERE o.installation_id = $1 AND o.kind = 'ticket' AND o.mark > 0
    AND (o.leased_until IS NULL OR o.leased_until <= now())
    AND (o.marked_at <= now() - make_interval(secs => $4::double precision) OR (CASE
      WHEN o.hold_at IS NOT NULL THEN o.hold_at >= (SELECT read_to FROM reading)
      ELSE EXISTS (
        SELECT 1 FROM reading r JOIN tickets t ON t.installation_id = $1 AND t.id = o.subject_id
        WHERE t.updated_at >= r.read_to)
      END) IS NOT TRUE)
  ORDER BY o.mark LIMIT $2 FOR UPDATE OF o SKIP LOCKED)
UPDATE analysis_outbox o SET leased_until = now() + make_interval(secs => $3::double precision)
WHERE o.ctid = ANY (ARRAY(SELECT at FROM c))
RETURNING o.subject_id AS "subjectId", o.mark::text AS mark`;

// Acknowledging and releasing look each claimed row up by its key on its own (LATERAL: a nested
// loop into the primary key whatever the statistics) and lock it, in subject order as MARK locks.
// Joined to the keys as one set, the outbox (never analysed, autovacuum off) was taken for one
// row and hashed whole on every batch: work that grew with the backlog, not the batch (200 keys
// against 5,000 pending: 5,000 rows hashed). The rows found are then changed by tuple id in a
// second statement: its snapshot is taken after the locks, so it sees the very versions locked
// (a MARK that committed meanwhile included), as the single join's recheck did.

// The claimed rows still there, locked; `done` when still at the version claimed.
const LOCK_CLAIMED = `
SELECT o.at::text AS at, o.mark = a.mark::bigint AS done
FROM (SELECT * FROM unnest($3::text[], $4::text[]) AS k(subject_id, mark) ORDER BY subject_id) AS a
CROSS JOIN LATERAL (
  SELECT ctid AS at, mark FROM analysis_outbox
  WHERE installation_id = $1 AND kind = $2 AND subject_id = a.subject_id
  FOR UPDATE) AS o`;

/**
 * `ctid = ANY` the tuple ids in the parameter `param` (a text array): for the rows a locking read
 * of the same transaction found. Through a subquery, so the planner does not see how many there
 * are: shown a long list against a table it thinks small (no statistics), it reads the whole table
 * instead of fetching each tuple.
 */
export const tupleIdIn = (param: string) => `ctid = ANY (ARRAY(SELECT unnest(${param}::tid[])))`;

// Rows done at the claimed version go; rows marked again meanwhile stay, claimable at once.
const ACK = `
WITH done AS (DELETE FROM analysis_outbox WHERE ${tupleIdIn('$1')})
UPDATE analysis_outbox SET leased_until = NULL WHERE ${tupleIdIn('$2')}`;

const FREE = `UPDATE analysis_outbox SET leased_until = NULL WHERE ${tupleIdIn('$1')}`;

/** Marks `subjectIds` as pending work of `kind`; usable inside a transaction. */
export async function markPending(
  client: SqlClient,
  installationId: string,
  kind: OutboxKind,
  subjectIds: readonly string[],
): Promise<void> {
  if (subjectIds.length === 0) return;
  await client.query(MARK, [installationId, kind, [...new Set(subjectIds)]]);
}

async function lockClaimed(
  tx: SqlClient,
  id: string,
  kind: OutboxKind,
  claimed: readonly PendingWork[],
): Promise<{ at: string; done: boolean }[]> {
  const params = [id, kind, claimed.map((c) => c.subjectId), claimed.map((c) => c.mark)];
  return (await tx.query<{ at: string; done: boolean }>(LOCK_CLAIMED, params)).rows;
}

/** The outbox of {@link TicketStore}: mark, claim with a lease, acknowledge by version. */
export function outboxQueries(client: SqlClient) {
  return {
    markPending: (id: string, kind: OutboxKind, subjectIds: readonly string[]) =>
      markPending(client, id, kind, subjectIds),

    async claimPending(id: string, kind: OutboxKind, limit: number, leaseMs: number) {
      const { rows } = await client.query<PendingWork>(CLAIM, [id, kind, limit, leaseMs / 1000]);
      return rows.sort((a, b) => Number(a.mark) - Number(b.mark));
    },

    async claimAnalysable(id: string, limit: number, leaseMs: number, holdMs: number) {
      const params = [id, limit, leaseMs / 1000, holdMs / 1000];
      const { rows } = await client.query<PendingWork>(CLAIM_ANALYSABLE, params);
      return rows.sort((a, b) => Number(a.mark) - Number(b.mark));
    },

    async ackPending(id: string, kind: OutboxKind, claimed: readonly PendingWork[]) {
      if (claimed.length === 0) return;
      await client.transaction(async (tx) => {
        const rows = await lockClaimed(tx, id, kind, claimed);
        const at = (done: boolean) => rows.filter((r) => r.done === done).map((r) => r.at);
        await tx.query(ACK, [at(true), at(false)]);
      });
    },

    /** Frees the rows still at the version claimed; rows marked again meanwhile keep the lease. */
    async releasePending(id: string, kind: OutboxKind, claimed: readonly PendingWork[]) {
      if (claimed.length === 0) return;
      await client.transaction(async (tx) => {
        const rows = await lockClaimed(tx, id, kind, claimed);
        await tx.query(FREE, [rows.filter((r) => r.done).map((r) => r.at)]);
      });
    },

    async pendingAgeMs(id: string, kind: OutboxKind): Promise<number | null> {
      const { rows } = await client.query<{ age: number | null }>(
        `SELECT (extract(epoch FROM now() - min(marked_at)) * 1000)::double precision AS age
         FROM analysis_outbox WHERE installation_id = $1 AND kind = $2`,
        [id, kind],
      );
      return rows[0]?.age ?? null;
    },

    async countPending(id: string): Promise<Record<OutboxKind, number>> {
      const { rows } = await client.query<{ kind: OutboxKind; n: string }>(
        `SELECT kind, count(*)::text AS n FROM analysis_outbox WHERE installation_id = $1
         GROUP BY kind`,
        [id],
      );
      const counts: Record<OutboxKind, number> = { ticket: 0, requester: 0, day: 0, push: 0 };
      for (const row of rows) counts[row.kind] = Number(row.n);
      return counts;
    },
  };
}
