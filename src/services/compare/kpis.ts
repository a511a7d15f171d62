import { bootstrapMedianDifference } from '../../metrics/stats-bootstrap.js';
import { mannWhitneyU } from '../../metrics/stats-mann-whitney.js';
import { proportionDifference } from '../../metrics/stats-newcombe.js';
import { quantile } from '../../metrics/stats.js';
import { welchT } from '../../metrics/stats-welch.js';
import type { CohortSamples, Count } from './samples.js';
import type { ComparedKpi, KpiComparison } from './schemas.js';
import { minimumDetectableEffect, summaryOf, verdictOf } from './verdict.js';

/** Fixed seed of the bootstrap: the same cohorts give the same interval on every request. */
const BOOTSTRAP_SEED = 0x5eed18;

type Tested = Omit<KpiComparison, 'mde' | 'verdict' | 'summary'>;

/**
 * Every KPI of cohort B against cohort A, B − A, each with the test that fits it: durations by
 * median, a bootstrap interval and the Mann–Whitney U test (skewed, heavy-tailed); rates by
 * Newcombe's interval and the two-proportion z test; means of small scales and counts by Welch's t.
 */
export function compareSamples(a: CohortSamples, b: CohortSamples): KpiComparison[] {
  const tested: Tested[] = [
    durations('full_resolution', a.fullResolution, b.fullResolution),
    durations('first_reply', a.firstReply, b.firstReply),
    rates('resolution_rate', 'higher_is_better', a.resolutionRate, b.resolutionRate),
    rates('reopen_rate', 'lower_is_better', a.reopenRate, b.reopenRate),
    rates('one_touch', 'higher_is_better', a.oneTouch, b.oneTouch),
    rates('csat', 'higher_is_better', a.csat, b.csat),
    means('interactions_per_ticket', 'count', 'lower_is_better', a.interactions, b.interactions),
    means('ces', 'score', 'higher_is_better', a.ces, b.ces),
    means('effort', 'score', 'lower_is_better', a.effort, b.effort),
  ];
  return tested.map((t) => {
    const judged = { ...t, mde: minimumDetectableEffect(t.ci) };
    const full = { ...judged, verdict: verdictOf(judged), summary: '' };
    return { ...full, summary: summaryOf(full) };
  });
}

function durations(kpi: ComparedKpi, a: readonly number[], b: readonly number[]): Tested {
  const ma = median(a);
  const mb = median(b);
  return {
    kpi,
    unit: 'seconds',
    direction: 'lower_is_better',
    statistic: 'median',
    test: 'mann_whitney',
    a: { value: ma, n: a.length },
    b: { value: mb, n: b.length },
    difference: ma === null || mb === null ? null : mb - ma,
    ci: bootstrapMedianDifference(b, a, BOOTSTRAP_SEED),
    p: mannWhitneyU(b, a)?.p ?? null,
  };
}

function rates(
  kpi: ComparedKpi,
  direction: KpiComparison['direction'],
  a: Count,
  b: Count,
): Tested {
  const d = proportionDifference(b.x, b.n, a.x, a.n);
  return {
    kpi,
    unit: 'fraction',
    direction,
    statistic: 'rate',
    test: 'newcombe',
    a: { value: a.n > 0 ? a.x / a.n : null, n: a.n },
    b: { value: b.n > 0 ? b.x / b.n : null, n: b.n },
    difference: d?.difference ?? null,
    ci: d?.ci ?? null,
    p: d?.p ?? null,
  };
}

function means(
  kpi: ComparedKpi,
  unit: KpiComparison['unit'],
  direction: KpiComparison['direction'],
  a: readonly number[],
  b: readonly number[],
): Tested {
  const ma = mean(a);
  const mb = mean(b);
  const w = welchT(b, a);
  return {
    kpi,
    unit,
    direction,
    statistic: 'mean',
    test: 'welch_t',
    a: { value: ma, n: a.length },
    b: { value: mb, n: b.length },
    difference: ma === null || mb === null ? null : mb - ma,
    ci: w?.ci ?? null,
    p: w?.p ?? null,
  };
}

function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : quantile(Float64Array.from(values).sort(), 0.5);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}
