/**
 * Weekly (ISO, Monday first) and monthly merges of the daily KPI rollups, so a 90-day board reads
 * about 13 rows per slice value and metric instead of 90. Sums and counts are the days' totals;
 * `sketch_calendar` / `sketch_business` hold the merged sketch in the compact binary part format
 * of src/metrics/sketch-parts.ts (lossless while the period's points fit, else compressed).
 *
 * A period row is only trusted when its period is not marked stale: every write of a day's
 * rollups marks that day's week and month (same transaction), and the rollups drain rebuilds the
 * marked periods. `mark` orders the marks, so a rebuild only clears the mark it started from. The
 * last statement marks every period that already has daily rows, so existing accounts get their
 * merges built by the next drain and are read from the daily rows until then.
 */
export const sql = /* sql */ `
CREATE TABLE kpi_period_rollups (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  period text NOT NULL CHECK (period IN ('week', 'month')),
  start_day date NOT NULL,
  dimension text NOT NULL,
  dimension_value text NOT NULL,
  metric text NOT NULL,
  n integer NOT NULL,
  n_business integer NOT NULL,
  sum double precision NOT NULL,
  sum_business double precision NOT NULL,
  sketch_calendar bytea NOT NULL,
  sketch_business bytea NOT NULL,
  PRIMARY KEY (installation_id, period, start_day, dimension, dimension_value, metric)
);

CREATE SEQUENCE kpi_period_stale_mark;
CREATE TABLE kpi_period_stale (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  period text NOT NULL CHECK (period IN ('week', 'month')),
  start_day date NOT NULL,
  mark bigint NOT NULL DEFAULT nextval('kpi_period_stale_mark'),
  PRIMARY KEY (installation_id, period, start_day)
);

INSERT INTO kpi_period_stale (installation_id, period, start_day)
SELECT DISTINCT installation_id, p.period, p.start_day FROM kpi_daily_rollups,
  LATERAL (VALUES ('week', date_trunc('week', day::timestamp)::date),
    ('month', date_trunc('month', day::timestamp)::date)) AS p(period, start_day);
`;
