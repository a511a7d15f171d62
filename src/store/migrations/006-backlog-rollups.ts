/**
 * Backlog from the daily rollups (rollup-day.ts `backlog` deltas): the rollup of a day must find
 * every ticket whose status changed that day, however old, and the board sums a dimension's
 * deltas over all the days before its range. Both reads get an index of their own, so neither
 * scans the whole installation.
 */
export const sql = /* sql */ `
CREATE INDEX ticket_events_status_changes ON ticket_events (installation_id, at)
  WHERE type = 'status_change';
CREATE INDEX kpi_daily_rollups_metric_days
  ON kpi_daily_rollups (installation_id, dimension, metric, day)
  INCLUDE (dimension_value, sum);
`;
