import type { SqlClient } from './sql-client.js';
import { fromNullableTimestamp, fromTimestamp } from './sql-values.js';
import type { AdoptedSettings, AnalysisSettingsStore } from './roles/analysis-settings.js';

// Same re-versioning as any other mark (sql-outbox.ts): a drain holding the old version acks
// nothing. Like it, each row keeps its ticket's `updated_at` (migration 032), so the analysis
// drain's claim tells a held ticket from the row instead of looking every ticket up.
const MARK_TICKETS = `
WITH marked AS (
  INSERT INTO analysis_outbox (installation_id, kind, subject_id, hold_at)
  SELECT $1::uuid, 'ticket', m.ticket_id, t.updated_at FROM ticket_metrics m
  LEFT JOIN tickets t ON t.installation_id = m.installation_id AND t.id = m.ticket_id
  WHERE m.installation_id = $1
  ORDER BY m.ticket_id
  ON CONFLICT (installation_id, kind, subject_id) DO UPDATE
    SET mark = nextval('analysis_outbox_mark'), leased_until = NULL, hold_at = EXCLUDED.hold_at
  RETURNING 1)
SELECT count(*)::integer AS n FROM marked`;

const MARK_DAYS = `
WITH marked AS (
  INSERT INTO analysis_outbox (installation_id, kind, subject_id)
  SELECT DISTINCT $1::uuid, 'day', to_char(day, 'YYYY-MM-DD') FROM kpi_daily_rollups
  WHERE installation_id = $1
  ON CONFLICT (installation_id, kind, subject_id) DO UPDATE
    SET mark = nextval('analysis_outbox_mark'), leased_until = NULL
  RETURNING 1)
SELECT count(*)::integer AS n FROM marked`;

const REANALYSIS = `
SELECT reanalysis_total AS total, reanalysis_started_at AS started_at,
  reanalysis_finished_at AS finished_at,
  (SELECT count(*) FILTER (WHERE o.kind = 'ticket') FROM analysis_outbox o
    WHERE o.installation_id = $1)::integer AS pending_tickets,
  (SELECT count(*) FILTER (WHERE o.kind = 'day') FROM analysis_outbox o
    WHERE o.installation_id = $1)::integer AS pending_days
FROM analysis_settings WHERE installation_id = $1`;

/** The SQL behind {@link AnalysisSettingsStore}. */
export function analysisSettingsQueries(client: SqlClient): AnalysisSettingsStore {
  return {
    adoptAnalysisSettings: (id, fingerprints, force = false) =>
      client.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO analysis_settings (installation_id) VALUES ($1) ON CONFLICT DO NOTHING',
          [id],
        );
        const { rows } = await tx.query<{ analysis: string | null; rollup: string | null }>(
          `SELECT analysis_fingerprint AS analysis, rollup_fingerprint AS rollup
           FROM analysis_settings WHERE installation_id = $1 FOR UPDATE`,
          [id],
        );
        const stored = rows[0];
        const result: AdoptedSettings = { reanalysed: 0, rerolled: 0 };
        if (force || stored?.analysis !== fingerprints.analysis) {
          const marked = await tx.query<{ n: number }>(MARK_TICKETS, [id]);
          result.reanalysed = marked.rows[0]?.n ?? 0;
        }
        if (stored?.rollup !== fingerprints.rollup) {
          const marked = await tx.query<{ n: number }>(MARK_DAYS, [id]);
          result.rerolled = marked.rows[0]?.n ?? 0;
        }
        await tx.query(
          `UPDATE analysis_settings SET analysis_fingerprint = $2, rollup_fingerprint = $3,
             reanalysis_total = CASE WHEN $4::integer > 0 THEN $4 ELSE reanalysis_total END,
             reanalysis_started_at =
               CASE WHEN $4::integer > 0 THEN now() ELSE reanalysis_started_at END,
             reanalysis_finished_at =
               CASE WHEN $4::integer > 0 THEN NULL ELSE reanalysis_finished_at END
           WHERE installation_id = $1`,
          [id, fingerprints.analysis, fingerprints.rollup, result.reanalysed],
        );
        return result;
      }),

    async getReanalysis(id) {
      const { rows } = await client.query<{
        total: number;
        started_at: Date | null;
        finished_at: Date | null;
        pending_tickets: number;
        pending_days: number;
      }>(REANALYSIS, [id]);
      const row = rows[0];
      if (row?.started_at == null) return null;
      return {
        total: row.total,
        startedAt: fromTimestamp(row.started_at),
        finishedAt: fromNullableTimestamp(row.finished_at),
        pendingTickets: row.pending_tickets,
        pendingDays: row.pending_days,
      };
    },

    async finishReanalysis(id) {
      const { rows } = await client.query(
        `UPDATE analysis_settings SET reanalysis_finished_at = now()
         WHERE installation_id = $1 AND reanalysis_started_at IS NOT NULL
           AND reanalysis_finished_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM analysis_outbox o WHERE o.installation_id = $1
             AND o.kind IN ('ticket', 'day'))
         RETURNING 1`,
        [id],
      );
      return rows.length > 0;
    },
  };
}
