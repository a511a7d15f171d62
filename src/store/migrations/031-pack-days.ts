/**
 * Rewriting one day's rollups deletes that day's packs first (sql-summaries.ts), and rebuilding
 * one week or month deletes that period's packs (sql-period-rollups.ts). The packs' keys lead with
 * dimension and metric for the board's reads, so those deletes could only narrow the key to the
 * installation and then read every pack of it: a year of day packs per day rolled up, quadratic
 * over a re-analysis. These indexes find one day's or one period's packs directly.
 */
export const sql = /* sql */ `
CREATE INDEX kpi_day_packs_days ON kpi_day_packs (installation_id, day);
CREATE INDEX kpi_period_packs_periods ON kpi_period_packs (installation_id, period, start_day);
`;
