import { insertPeriodPacksSql } from '../period-pack-sql.js';

/**
 * Board speed (issue 16): the weekly and monthly rollups packed one row per period, dimension and
 * metric (period-pack-sql.ts), as migration 021 packs days, so the board's weeks and months are a
 * few rows per segment summed in Node instead of one per slice value that PostgreSQL sorted for
 * its ordered aggregates. Every rebuild of a period rewrites its packs in the same transaction;
 * this backfills the periods already merged. The key leads with dimension and metric, as the
 * board asks for one dimension and a few metrics.
 */
export const sql = /* sql */ `
CREATE TABLE kpi_period_packs (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  dimension text NOT NULL,
  metric text NOT NULL,
  period text NOT NULL CHECK (period IN ('week', 'month')),
  start_day date NOT NULL,
  dimension_values text[] NOT NULL,
  n integer[] NOT NULL,
  n_business integer[] NOT NULL,
  sum double precision[] NOT NULL,
  sum_business double precision[] NOT NULL,
  calendar bytea NOT NULL,
  calendar_lengths integer[] NOT NULL,
  business bytea NOT NULL,
  business_lengths integer[] NOT NULL,
  PRIMARY KEY (installation_id, dimension, metric, period, start_day)
);
${insertPeriodPacksSql('true')};
`;
