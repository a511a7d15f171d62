import { insertDayPacksSql } from '../day-pack-sql.js';

/**
 * Board speed (issue 16): the daily rollups packed one row per day, dimension and metric
 * (day-pack-sql.ts), so the board's edge days and backlog steps read a few rows per day instead
 * of one per slice value scattered among the day's other rows. Every write of a day's rollups
 * rewrites that day's packs in the same transaction; this backfills the days already stored.
 * The key leads with dimension and metric: both reads ask for one dimension, a few metrics and a
 * run of days.
 */
export const sql = /* sql */ `
CREATE TABLE kpi_day_packs (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  dimension text NOT NULL,
  metric text NOT NULL,
  day date NOT NULL,
  dimension_values text[] NOT NULL,
  n integer[] NOT NULL,
  n_business integer[] NOT NULL,
  sum double precision[] NOT NULL,
  sum_business double precision[] NOT NULL,
  calendar jsonb NOT NULL,
  business jsonb NOT NULL,
  PRIMARY KEY (installation_id, dimension, metric, day)
);
${insertDayPacksSql('true')};
`;
