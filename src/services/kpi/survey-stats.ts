import {
  quantileOfCounts,
  sampleSize,
  sortedCounts,
  type ValueCount,
} from '../../metrics/counted-stats.js';
import type { Interval } from '../../metrics/stats.js';
import { computeCesCounts, computeNpsCounts, isOnScale } from '../../metrics/survey-counts.js';
import { easierIsHigher, scaleMidpoint } from '../../metrics/surveys.js';
import type { CesSummary } from '../../metrics/surveys.js';
import type { SurveyCount } from '../../store/store.js';
import type { CellStats } from './schemas.js';

/** Two-sided 95% normal quantile, as in stats.ts. */
const Z_95 = 1.959963984540054;

/**
 * CES of a cell (metrics.md §9): never pooled across scales. The headline is the CES 2.0 scale
 * (1–7, agree = easy) when answered, else the first scale present; `detail.scales` lists every
 * scale. Values are direction-normalised (higher = easier); `rate` is the easy share (answers
 * above the midpoint) with its Wilson interval. `tallies` count identical answers (store); every
 * statistic is read from the (value, count) pairs, to the last bit what listing each answer gives.
 */
export function cesStats(tallies: readonly SurveyCount[]): CellStats {
  const scales = computeCesCounts(tallies);
  const headline =
    scales.find(
      (s) => s.scaleMin === 1 && s.scaleMax === 7 && s.direction === 'higher_is_better',
    ) ?? scales[0];
  if (headline === undefined) return { n: 0, median: null, p90: null, mean: null, rate: null };
  const counts = sortedCounts(headlineCounts(tallies, headline));
  return {
    n: headline.n,
    median: quantileOfCounts(counts, 0.5),
    p90: quantileOfCounts(counts, 0.9),
    mean: headline.mean,
    // From the counts, not pctEasy / 100, so the fraction is exact (2/3, not 66.66…/100).
    rate: easyCount(headline, counts) / sampleSize(counts),
    ci: headline.pctEasyCi,
    detail: {
      scale: { min: headline.scaleMin, max: headline.scaleMax, direction: headline.direction },
      meanCi: headline.meanCi,
      scales,
    },
  };
}

/** The headline scale's answers, direction-normalised, as (value, count) pairs in tally order. */
function headlineCounts(tallies: readonly SurveyCount[], headline: CesSummary): ValueCount[] {
  const counts: ValueCount[] = [];
  for (const t of tallies) {
    if (t.kind === 'ces' && isOnScale(t, headline)) {
      counts.push({ value: easierIsHigher(t), count: t.count });
    }
  }
  return counts;
}

/** Answers strictly above the scale midpoint (normalised), as countEasy counts them. */
function easyCount(scale: CesSummary, counts: readonly ValueCount[]): number {
  const midpoint = scaleMidpoint(scale);
  let easy = 0;
  for (const { value, count } of counts) if (value > midpoint) easy += count;
  return easy;
}

/**
 * NPS of a cell (metrics.md §10) from 0–10 answers; answers on any other scale are not NPS and are
 * counted in `detail.otherScale` only. The interval is the normal approximation of the
 * multinomial variance of %P − %D, in NPS points, clamped to [−100, 100].
 */
export function npsStats(tallies: readonly SurveyCount[]): CellStats {
  const counts: ValueCount[] = [];
  let otherScale = 0;
  for (const t of tallies) {
    if (t.kind !== 'nps' || !(t.count > 0)) continue;
    if (t.scaleMin === 0 && t.scaleMax === 10) counts.push({ value: t.value, count: t.count });
    else otherScale += t.count;
  }
  const nps = computeNpsCounts(counts);
  return {
    n: nps.n,
    median: null,
    p90: null,
    mean: null,
    score: nps.score,
    ci: npsInterval(nps.promoters, nps.detractors, nps.n),
    detail: {
      promoters: nps.promoters,
      passives: nps.passives,
      detractors: nps.detractors,
      otherScale,
    },
  };
}

/** 95% interval of the NPS; null for n < 2, where the spread is unknown. */
export function npsInterval(promoters: number, detractors: number, n: number): Interval | null {
  if (n < 2) return null;
  const p = promoters / n;
  const d = detractors / n;
  const variance = (p + d - (p - d) ** 2) / n;
  const half = 100 * Z_95 * Math.sqrt(variance);
  const score = 100 * (p - d);
  return { low: Math.max(-100, score - half), high: Math.min(100, score + half) };
}
