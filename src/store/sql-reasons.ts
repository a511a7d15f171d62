import type { Instant, Ticket } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import type { StoredTicketMetrics } from './types.js';
import { toJson, toTimestamp } from './sql-values.js';

/** A ticket created in a reasons report's range, with its stored metrics once analysed. */
export interface ReasonTicketRow {
  ticket: Ticket;
  stored: StoredTicketMetrics | null;
}

/** Store methods of the contact-reasons report. */
export interface ReasonStore {
  /** The installation's reason settings as saved (unvalidated JSON); null when never saved. */
  getReasonSettings(installationId: string): Promise<unknown>;
  saveReasonSettings(installationId: string, settings: unknown): Promise<void>;
  /**
   * Tickets created in `[from, to)`, oldest first (ties by id), deleted and merged-away ones left
   * out, at most `limit`: the order is the one text grouping needs to keep its groups stable.
   */
  listReasonTickets(
    installationId: string,
    range: { from: Instant; to: Instant; limit: number },
  ): Promise<ReasonTicketRow[]>;
}

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
