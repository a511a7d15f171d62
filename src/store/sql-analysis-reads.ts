import type { Id } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import type { AnalysisReads, TicketStamp } from './roles/analysis-reads.js';

// The ranking of sql-batch.ts's RECENT_BY_REQUESTER, without the ticket and metrics documents:
// a 250-ticket batch's requesters have thousands of recent tickets, and parsing their JSON was
// most of the batch's read time. Epoch milliseconds come back as float8, which needs no parsing.
const RECENT_STAMPS = `
SELECT r.requester_id AS "requesterId", r.id,
  (extract(epoch FROM r.created_at) * 1000)::float8 AS "createdAt" FROM (
  SELECT t.requester_id, t.id, t.created_at,
    row_number() OVER (PARTITION BY t.requester_id ORDER BY t.created_at DESC, t.id DESC) AS rank
  FROM tickets t WHERE t.installation_id = $1 AND t.requester_id = ANY($2::text[])) AS r
WHERE r.rank <= $3`;

/** The SQL behind {@link AnalysisReads}. */
export function analysisReadQueries(client: SqlClient): AnalysisReads {
  return {
    async listRecentTicketStamps(id, requesterIds, limit) {
      const byRequester = new Map<Id, TicketStamp[]>();
      if (requesterIds.length === 0) return byRequester;
      const { rows } = await client.query<{ requesterId: Id; id: Id; createdAt: number }>(
        RECENT_STAMPS,
        [id, [...requesterIds], limit],
      );
      for (const row of rows) {
        const list = byRequester.get(row.requesterId) ?? [];
        list.push({ id: row.id, createdAt: row.createdAt });
        byRequester.set(row.requesterId, list);
      }
      return byRequester;
    },
  };
}
