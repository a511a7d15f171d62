import type { SqlClient } from '../../src/store/sql-client.js';

/** How many of the installation's analysed tickets no replay block covers (migration 022). */
export async function ticketsOutsideBlocks(
  client: SqlClient,
  installationId: string,
): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ticket_metrics m WHERE m.installation_id = $1
       AND NOT EXISTS (SELECT 1 FROM ticket_replay_blocks b
         WHERE b.installation_id = m.installation_id AND b.lo < m.ticket_id
           AND b.hi >= m.ticket_id)`,
    [installationId],
  );
  return rows[0]?.n ?? -1;
}
