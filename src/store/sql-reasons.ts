import type { SqlClient } from './sql-client.js';
import { toJson, toTimestamp } from './sql-values.js';
import type { ReasonTicketRow, ReasonStore } from './roles/reasons.js';

const REASON_TICKETS = `
SELECT t.data AS ticket, m.data AS stored
FROM tickets t LEFT JOIN ticket_metrics m
  ON m.installation_id = t.installation_id AND m.ticket_id = t.id
WHERE t.installation_id = $1 AND t.created_at >= $2 AND t.created_at < $3
  AND t.status <> 'deleted'
  AND COALESCE((m.data->'metrics'->>'isMerged')::boolean, false) = false
ORDER BY t.created_at, t.id
LIMIT $4`;

/** The SQL behind {@link ReasonStore}. */
export function reasonQueries(client: SqlClient): ReasonStore {
  return {
    async getReasonSettings(id) {
      const { rows } = await client.query<{ settings: unknown }>(
        'SELECT settings FROM reason_settings WHERE installation_id = $1',
        [id],
      );
      return rows[0]?.settings ?? null;
    },

    async saveReasonSettings(id, settings) {
      await client.query(
        `INSERT INTO reason_settings (installation_id, settings) VALUES ($1, $2)
         ON CONFLICT (installation_id) DO UPDATE SET settings = $2, updated_at = now()`,
        [id, toJson(settings)],
      );
    },

    async listReasonTickets(id, range) {
      const { rows } = await client.query<ReasonTicketRow>(REASON_TICKETS, [
        id,
        toTimestamp(range.from),
        toTimestamp(range.to),
        range.limit,
      ]);
      return rows;
    },
  };
}
