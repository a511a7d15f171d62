import { csvLine } from '../kpi/csv.js';
import type { CompareReport } from './schemas.js';

/**
 * The comparison as RFC 4180 CSV: one row per KPI with both cohorts' values and sizes, the
 * difference B − A, its interval, p-value, minimum detectable effect and verdict.
 */
export function compareCsv(report: CompareReport): string {
  const header = [
    'kpi',
    'statistic',
    'test',
    'cohort_a',
    'a_value',
    'a_n',
    'cohort_b',
    'b_value',
    'b_n',
    'difference_b_minus_a',
    'ci_low',
    'ci_high',
    'p_value',
    'mde',
    'verdict',
    'summary',
  ];
  const rows = report.kpis.map((k) => [
    k.kpi,
    k.statistic,
    k.test,
    report.a.label,
    k.a.value,
    k.a.n,
    report.b.label,
    k.b.value,
    k.b.n,
    k.difference,
    k.ci?.low ?? null,
    k.ci?.high ?? null,
    k.p,
    k.mde,
    k.verdict,
    k.summary,
  ]);
  return [header, ...rows].map((r) => csvLine(r)).join('');
}
