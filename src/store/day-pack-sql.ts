/**
 * The statement that packs daily rollups into `kpi_day_packs` (migration 021): one row per day,
 * dimension and metric holding every slice value's totals and sketch points as parallel arrays,
 * ordered by slice value. The board reads its single edge days and backlog steps from these: the
 * agent board's 16 edge days are 208 rows instead of 41,600 scattered among the days' other rows.
 * `where` restricts the daily rows packed (by `d.installation_id` and `d.day`); `schema`, when
 * given, qualifies the tables (bulk loads run outside the store's search path).
 */
export function insertDayPacksSql(where: string, schema = ''): string {
  const prefix = schema === '' ? '' : `${schema}.`;
  return `INSERT INTO ${prefix}kpi_day_packs (installation_id, dimension, metric, day,
  dimension_values, n, n_business, sum, sum_business, calendar, business)
SELECT d.installation_id, d.dimension, d.metric, d.day,
  array_agg(d.dimension_value ORDER BY d.dimension_value),
  array_agg(d.n ORDER BY d.dimension_value), array_agg(d.n_business ORDER BY d.dimension_value),
  array_agg(d.sum ORDER BY d.dimension_value),
  array_agg(d.sum_business ORDER BY d.dimension_value),
  jsonb_agg(d.sketch->'calendar' ORDER BY d.dimension_value),
  jsonb_agg(d.sketch->'business' ORDER BY d.dimension_value)
FROM ${prefix}kpi_daily_rollups d WHERE ${where}
GROUP BY d.installation_id, d.dimension, d.metric, d.day`;
}
