import type { SqlClient } from './sql-client.js';
import { fromNullableTimestamp, isUuid } from './sql-values.js';
import type { LifecycleQueries } from './roles/lifecycle.js';

/** The SQL behind {@link LifecycleQueries}. */
export function lifecycleQueries(client: SqlClient): LifecycleQueries {
  return {
    async installationFootprint(id) {
      const { rows } = await client.query<{
        tickets: number;
        events: number;
        users: number;
        organizations: number;
        ticket_metrics: number;
        pending: number;
        last_sync_at: Date | null;
      }>(
        `SELECT
           (SELECT count(*)::int FROM tickets WHERE installation_id = $1) AS tickets,
           (SELECT count(*)::int FROM ticket_events WHERE installation_id = $1) AS events,
           (SELECT count(*)::int FROM users WHERE installation_id = $1) AS users,
           (SELECT count(*)::int FROM organizations WHERE installation_id = $1) AS organizations,
           (SELECT count(*)::int FROM ticket_metrics WHERE installation_id = $1) AS ticket_metrics,
           (SELECT count(*)::int FROM analysis_outbox WHERE installation_id = $1) AS pending,
           (SELECT max(updated_at) FROM sync_checkpoints
             WHERE installation_id = $1 AND checkpoint IS NOT NULL) AS last_sync_at`,
        [isUuid(id) ? id : null],
      );
      const row = rows[0];
      return {
        tickets: row?.tickets ?? 0,
        events: row?.events ?? 0,
        users: row?.users ?? 0,
        organizations: row?.organizations ?? 0,
        ticketMetrics: row?.ticket_metrics ?? 0,
        pending: row?.pending ?? 0,
        lastSyncAt: fromNullableTimestamp(row?.last_sync_at ?? null),
      };
    },

    async replaceAppSecretHash(id, appSecretHash) {
      if (!isUuid(id)) return false;
      const { rows } = await client.query(
        'UPDATE installations SET app_secret_hash = $2 WHERE id = $1 RETURNING id',
        [id, appSecretHash],
      );
      return rows.length > 0;
    },

    async deleteInstallation(id) {
      if (!isUuid(id)) return false;
      // Every tenant table cascades from `installations`, so this one statement in its transaction
      // removes all of it or nothing; a sync page committing meanwhile either lands first (and
      // goes too) or fails its foreign key.
      return client.transaction(async (tx) => {
        const { rows } = await tx.query('DELETE FROM installations WHERE id = $1 RETURNING id', [
          id,
        ]);
        return rows.length > 0;
      });
    },
  };
}
