import { mergedQuantiles } from '../../metrics/sketch-quantiles.js';
import { wilsonInterval } from '../../metrics/stats.js';
import type { KpiRollup } from '../../store/store.js';
import type { KpiDefinition } from './catalog.js';
import type { CellStats } from './schemas.js';

/**
 * Merges days of a duration metric: n and mean from the (n, sum) pairs, median and p90 from the
 * merged sketches (never averages of daily medians). `business` picks the business-hours clock.
 */
export function durationStats(rows: readonly KpiRollup[], business: boolean): CellStats {
  let n = 0;
  let sum = 0;
  const sketches = rows.map((r) => {
    n += business ? r.nBusiness : r.n;
    sum += business ? r.sumBusiness : r.sum;
    return business
      ? { n: r.nBusiness, values: r.sketch.business, weights: null }
      : { n: r.n, values: r.sketch.calendar, weights: null };
  });
  if (n === 0) return emptyStats();
  // mergeSketches' quantiles, the same doubles, from the two merged points each one reads.
  const [median = null, p90 = null] = mergedQuantiles(sketches, [0.5, 0.9]);
  return { n, median, p90, mean: sum / n };
}

/** Merges days of a 0/1 flag metric: rate = successes / n with its Wilson 95% interval. */
export function rateStats(rows: readonly Pick<KpiRollup, 'n' | 'sum'>[]): CellStats {
  let n = 0;
  let sum = 0;
  for (const r of rows) {
    n += r.n;
    sum += r.sum;
  }
  // Sums of 0/1 flags are integers; rounding only removes float noise from the JSON round trip.
  const successes = Math.round(sum);
  const rate = n === 0 ? null : successes / n;
  return { n, median: null, p90: null, mean: rate, rate, ci: wilsonInterval(successes, n) };
}

/**
 * SLA attainment over the instances of every SLA metric, with each metric's own attainment
 * (`n` instances achieved or breached, `rate` achieved ÷ n) in `detail.byMetric`.
 */
export function slaStats(rows: readonly Pick<KpiRollup, 'n' | 'sum' | 'metric'>[]): CellStats {
  const byMetric: Record<string, { n: number; achieved: number; rate: number | null }> = {};
  for (const [metric, list] of groupBy(rows, (r) => r.metric)) {
    const n = list.reduce((total, r) => total + r.n, 0);
    const achieved = Math.round(list.reduce((total, r) => total + r.sum, 0));
    byMetric[metric.replace(/^sla_/, '')] = { n, achieved, rate: n === 0 ? null : achieved / n };
  }
  return { ...rateStats(rows), detail: { byMetric } };
}

/**
 * AHT: handle time of solved tickets with time data (mean headline, median/p90 too), and coverage
 * = those tickets ÷ solved tickets of the same days (metrics.md §7). Logged seconds have no
 * business-hours variant.
 */
export function ahtStats(handle: readonly KpiRollup[], solved: readonly KpiRollup[]): CellStats {
  const stats = durationStats(handle, false);
  const solvedCount = solved.reduce((total, r) => total + r.n, 0);
  return {
    ...stats,
    detail: { solved: solvedCount, coverage: solvedCount === 0 ? null : stats.n / solvedCount },
  };
}

export function emptyStats(): CellStats {
  return { n: 0, median: null, p90: null, mean: null };
}

/** The statistic that headlines the KPI. */
export function headlineOf(def: KpiDefinition, stats: CellStats): number | null {
  switch (def.headline) {
    case 'median':
      return stats.median;
    case 'mean':
      return stats.mean;
    case 'rate':
      return stats.rate ?? null;
    case 'score':
      return stats.score ?? null;
    case 'latest':
      return stats.latest ?? null;
  }
}

/** Change of the headline from the previous period, as the KPI's `changeKind` defines it. */
export function changeOf(
  def: KpiDefinition,
  current: CellStats,
  previous: CellStats | null,
): number | null {
  const now = headlineOf(def, current);
  const before = previous === null ? null : headlineOf(def, previous);
  if (now === null || before === null) return null;
  if (def.changeKind === 'absolute') return now - before;
  return before === 0 ? null : (now - before) / Math.abs(before);
}

/** Groups rows by a key, keeping first-seen order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return groups;
}
