import { quantile } from '../../metrics/stats.js';
import { countEasy, easierIsHigher } from '../../metrics/surveys.js';
import type { Interval } from '../../metrics/stats.js';
import { computeCes, computeNps } from '../../metrics/surveys.js';
import type { CesAnswer, CesSummary } from '../../metrics/surveys.js';
import type { SurveyCount } from '../../store/store.js';
import type { CellStats } from './schemas.js';

/** Two-sided 95% normal quantile, as in stats.ts. */
const Z_95 = 1.959963984540054;

/**
 * CES of a cell (metrics.md §9): never pooled across scales. The headline is the CES 2.0 scale
 * (1–7, agree = easy) when answered, else the first scale present; `detail.scales` lists every
 * scale. Values are direction-normalised (higher = easier); `rate` is the easy share (answers
 * above the midpoint) with its Wilson interval. `tallies` count identical answers (store).
 */
export function cesStats(tallies: readonly SurveyCount[]): CellStats {
  const responses = answersOf(tallies, 'ces');
  const scales = computeCes(responses);
  const headline =
    scales.find(
      (s) => s.scaleMin === 1 && s.scaleMax === 7 && s.direction === 'higher_is_better',
    ) ?? scales[0];
  if (headline === undefined) return { n: 0, median: null, p90: null, mean: null, rate: null };
  const values = responses
    .filter((r) => r.kind === 'ces' && sameScale(r, headline))
    .map(easierIsHigher)
    .sort((a, b) => a - b);
  return {
    n: headline.n,
    median: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    mean: headline.mean,
    // From the counts, not pctEasy / 100, so the fraction is exact (2/3, not 66.66…/100).
    rate: countEasy(headline, values) / values.length,
    ci: headline.pctEasyCi,
    detail: {
      scale: { min: headline.scaleMin, max: headline.scaleMax, direction: headline.direction },
      meanCi: headline.meanCi,
      scales,
    },
  };
}

/**
 * Each tallied answer `count` times (the same object repeated), so the statistics are computed
 * exactly as over the individual answers; a period holds at most a few hundred thousand.
 */
function answersOf(tallies: readonly SurveyCount[], kind: SurveyCount['kind']): SurveyCount[] {
  const answers: SurveyCount[] = [];
  for (const t of tallies) {
    if (t.kind !== kind) continue;
    for (let i = 0; i < t.count; i += 1) answers.push(t);
  }
  return answers;
}

function sameScale(r: CesAnswer, s: CesSummary): boolean {
  return r.scaleMin === s.scaleMin && r.scaleMax === s.scaleMax && r.direction === s.direction;
}

/**
 * NPS of a cell (metrics.md §10) from 0–10 answers; answers on any other scale are not NPS and are
 * counted in `detail.otherScale` only. The interval is the normal approximation of the
 * multinomial variance of %P − %D, in NPS points, clamped to [−100, 100].
 */
export function npsStats(tallies: readonly SurveyCount[]): CellStats {
  const values: number[] = [];
  let otherScale = 0;
  for (const r of answersOf(tallies, 'nps')) {
    if (r.scaleMin === 0 && r.scaleMax === 10) values.push(r.value);
    else otherScale += 1;
  }
  const nps = computeNps(values);
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
