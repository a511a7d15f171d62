import type { SqlClient } from './sql-client.js';
import { markPending } from './sql-outbox.js';
import { SUMMARY_TABLES } from './sql-summaries.js';
import { toJson } from './sql-values.js';
import type { VersionedSave, SummaryVersionStore } from './roles/summary-versions.js';

/** The SQL behind {@link SummaryVersionStore}. */
export function summaryVersionQueries(client: SqlClient): SummaryVersionStore {
  return {
    async nextSummaryVersion() {
      const { rows } = await client.query<{ v: string }>(
        "SELECT nextval('summary_version')::text AS v",
      );
      return Number(rows[0]?.v);
    },
    saveVersionedSummary(id, kind, subjectId, save, options = {}) {
      const { table, key } = SUMMARY_TABLES[kind];
      return client.transaction(async (tx) => {
        // The row lock orders concurrent saves of one subject; the first insert takes it by
        // inserting (a racing insert waits on the key, then sees the row).
        const { rows } = await tx.query<{ content_hash: string; version: string }>(
          `INSERT INTO ${table} (installation_id, ${key}, data, content_hash, version)
           VALUES ($1, $2, $3::jsonb, $4, $5)
           ON CONFLICT (installation_id, ${key}) DO UPDATE SET version = ${table}.version
           RETURNING content_hash, version::text AS version, (xmax = 0) AS inserted`,
          [id, subjectId, toJson(save.summary), save.hash, save.version],
        );
        const row = rows[0] as { content_hash: string; version: string; inserted: boolean };
        let outcome: VersionedSave = 'changed';
        if (!row.inserted) {
          if (Number(row.version) >= save.version) outcome = 'stale';
          else if (row.content_hash === save.hash) outcome = 'unchanged';
          await tx.query(
            `UPDATE ${table} SET version = $3,
               data = CASE WHEN $5 THEN $4::jsonb ELSE data END,
               content_hash = CASE WHEN $5 THEN $6 ELSE content_hash END,
               updated_at = CASE WHEN $5 THEN now() ELSE updated_at END
             WHERE installation_id = $1 AND ${key} = $2 AND version < $3`,
            [id, subjectId, save.version, toJson(save.summary), outcome === 'changed', save.hash],
          );
        }
        if (options.markPush === true) {
          const unpushed = await tx.query(
            `SELECT 1 FROM ${table} WHERE installation_id = $1 AND ${key} = $2
               AND pushed_hash IS DISTINCT FROM content_hash`,
            [id, subjectId],
          );
          if (unpushed.rows.length > 0) await markPending(tx, id, 'push', [subjectId]);
        }
        return outcome;
      });
    },
  };
}
