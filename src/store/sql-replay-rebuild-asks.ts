import type { SqlClient } from './sql-client.js';
import type { ReplayRebuildAskStore } from './roles/replay-rebuild-asks.js';
import { fromTimestamp, toTimestamp } from './sql-values.js';

// One row per installation: every ask of a burst updates it in place (a debounce), so a burst
// costs one small upsert per analysis drain and queues one rebuild.
const ASK = `INSERT INTO replay_rebuild_asks AS a (installation_id, first_asked_at, due_at)
VALUES ($1, $2::timestamptz, $2::timestamptz + $3::double precision * interval '1 millisecond')
ON CONFLICT (installation_id) DO UPDATE SET due_at = GREATEST(a.due_at,
  LEAST(EXCLUDED.due_at, a.first_asked_at + $4::double precision * interval '1 millisecond'))`;

/** The SQL side of {@link ReplayRebuildAskStore} (migration 029). */
export function replayRebuildAskQueries(client: SqlClient): ReplayRebuildAskStore {
  return {
    async askReplayRebuild(installationId, now, quietMs, maxWaitMs) {
      await client.query(ASK, [installationId, toTimestamp(now), quietMs, maxWaitMs]);
    },
    async listDueReplayRebuilds(now) {
      const { rows } = await client.query<{ installation_id: string; due_at: Date }>(
        `SELECT installation_id, due_at FROM replay_rebuild_asks WHERE due_at <= $1::timestamptz
         ORDER BY due_at, installation_id`,
        [toTimestamp(now)],
      );
      return rows.map((r) => ({
        installationId: r.installation_id,
        dueAt: fromTimestamp(r.due_at),
      }));
    },
    async clearReplayRebuildAsk(ask) {
      await client.query(
        'DELETE FROM replay_rebuild_asks WHERE installation_id = $1 AND due_at = $2::timestamptz',
        [ask.installationId, toTimestamp(ask.dueAt)],
      );
    },
  };
}
