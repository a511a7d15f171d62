/**
 * The statement that packs weekly and monthly rollups into `kpi_period_packs` (migration 023):
 * one row per period, dimension and metric holding every slice value's totals as parallel arrays
 * (ordered by slice value) and each clock's sketch parts concatenated in the same order, with
 * each value's byte length (an empty sketch encodes to no bytes, so the lengths place the parts).
 * The agent board's weeks and months are then ~200 rows instead of 24,000 to sort and aggregate.
 * `where` restricts the period rows packed (by `p.installation_id`, `p.period`, `p.start_day`).
 */
export function insertPeriodPacksSql(where: string): string {
  return `INSERT INTO kpi_period_packs (installation_id, dimension, metric, period, start_day,
  dimension_values, n, n_business, sum, sum_business, calendar, calendar_lengths, business,
  business_lengths)
SELECT p.installation_id, p.dimension, p.metric, p.period, p.start_day,
  array_agg(p.dimension_value ORDER BY p.dimension_value),
  array_agg(p.n ORDER BY p.dimension_value), array_agg(p.n_business ORDER BY p.dimension_value),
  array_agg(p.sum ORDER BY p.dimension_value),
  array_agg(p.sum_business ORDER BY p.dimension_value),
  string_agg(p.sketch_calendar, ''::bytea ORDER BY p.dimension_value),
  array_agg(octet_length(p.sketch_calendar) ORDER BY p.dimension_value),
  string_agg(p.sketch_business, ''::bytea ORDER BY p.dimension_value),
  array_agg(octet_length(p.sketch_business) ORDER BY p.dimension_value)
FROM kpi_period_rollups p WHERE ${where}
GROUP BY p.installation_id, p.dimension, p.metric, p.period, p.start_day`;
}
