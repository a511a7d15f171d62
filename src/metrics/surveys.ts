import type { SatisfactionScore, SurveyResponse } from '../domain/index.js';
import { meanTInterval, wilsonInterval, type Interval } from './stats.js';

/** Zendesk legacy CSAT for a set of satisfaction scores (metrics.md §8). */
export interface CsatSummary {
  /** Surveys sent but not answered. */
  offered: number;
  good: number;
  bad: number;
  /** Received ratings: good + bad. */
  n: number;
  /** 100 * good / n, a percentage 0..100; null when n = 0. */
  pct: number | null;
  /** n / (offered + good + bad), a fraction 0..1; null when nothing was offered. */
  responseRate: number | null;
  /** Wilson 95% interval of good / n, as fractions. */
  ci: Interval | null;
}

/**
 * Zendesk legacy CSAT: n = good + bad (received ratings); pct = 100 * good / n (a percentage
 * 0..100); responseRate = n / (offered + good + bad) as a fraction 0..1 ('unoffered' ignored);
 * ci = Wilson interval of good/n as fractions.
 */
export function computeCsat(scores: Iterable<SatisfactionScore>): CsatSummary {
  const counts: Record<SatisfactionScore, number> = { unoffered: 0, offered: 0, good: 0, bad: 0 };
  for (const score of scores) counts[score] += 1;
  const { offered, good, bad } = counts;
  const n = good + bad;
  const surveyed = offered + n;
  return {
    offered,
    good,
    bad,
    n,
    pct: n === 0 ? null : (100 * good) / n,
    responseRate: surveyed === 0 ? null : n / surveyed,
    ci: wilsonInterval(good, n),
  };
}

/** Identifies one answer scale; answers on different scales are never pooled (metrics.md §9b). */
export interface ScaleKey {
  kind: 'csat' | 'ces' | 'nps';
  scaleMin: number;
  scaleMax: number;
  direction: 'higher_is_better' | 'lower_is_better';
}

/** What CES needs of an answer: a stored response, or one of a tally's identical answers. */
export type CesAnswer = Pick<
  SurveyResponse,
  'kind' | 'value' | 'scaleMin' | 'scaleMax' | 'direction'
> & {
  id?: string;
};

/** CES for one scale; every statistic is on the direction-normalised scale (higher = easier). */
export interface CesSummary extends ScaleKey {
  n: number;
  mean: number | null;
  /** Percentage 0..100 of answers strictly above the scale midpoint. */
  pctEasy: number | null;
  /** 95% t-interval of the mean; null for n < 2. */
  meanCi: Interval | null;
  /** Wilson 95% interval of the easy share, as fractions. */
  pctEasyCi: Interval | null;
}

/**
 * CES per scale, never pooled across scales (group by kind+scaleMin+scaleMax+direction; ignore
 * responses whose kind is not 'ces'). Values are direction-normalised first (lower_is_better v ->
 * scaleMin + scaleMax - v) so higher always means easier; mean is on the normalised scale;
 * pctEasy = 100 * share of normalised answers strictly above the scale midpoint (7-point: 5..7,
 * 5-point: 4..5); meanCi is a 95% t-interval (null for n < 2); pctEasyCi Wilson as fractions.
 * Results are ordered by scaleMin, scaleMax, then direction.
 */
export function computeCes(responses: Iterable<CesAnswer>): CesSummary[] {
  const groups = new Map<string, { key: ScaleKey; values: number[] }>();
  for (const r of responses) {
    if (r.kind !== 'ces') continue;
    assertCesInScale(r);
    const id = scaleIdOf(r);
    let group = groups.get(id);
    if (group === undefined) {
      const key: ScaleKey = {
        kind: 'ces',
        scaleMin: r.scaleMin,
        scaleMax: r.scaleMax,
        direction: r.direction,
      };
      group = { key, values: [] };
      groups.set(id, group);
    }
    group.values.push(easierIsHigher(r));
  }
  return [...groups.values()]
    .sort((a, b) => compareScaleKeys(a.key, b.key))
    .map(({ key, values }) => summarizeCes(key, values));
}

function summarizeCes(key: ScaleKey, values: readonly number[]): CesSummary {
  const n = values.length;
  const easy = countEasy(key, values);
  const sum = values.reduce((acc, v) => acc + v, 0);
  return {
    ...key,
    n,
    mean: n === 0 ? null : sum / n,
    pctEasy: n === 0 ? null : (100 * easy) / n,
    meanCi: meanTInterval(values),
    pctEasyCi: wilsonInterval(easy, n),
  };
}

/** Throws a RangeError naming the response when a CES answer is not a finite value on its scale. */
export function assertCesInScale(r: CesAnswer): void {
  if (!Number.isFinite(r.value) || r.value < r.scaleMin || r.value > r.scaleMax) {
    throw new RangeError(
      `CES response ${r.id ?? '(tallied)'} value ${r.value} is outside its scale`,
    );
  }
}

/** The grouping key of an answer's scale: answers with the same one are pooled. */
export function scaleIdOf(r: Pick<ScaleKey, 'scaleMin' | 'scaleMax' | 'direction'>): string {
  return `${r.scaleMin}|${r.scaleMax}|${r.direction}`;
}

/** Orders scales by scaleMin, scaleMax, then direction (the order of {@link computeCes}). */
export function compareScaleKeys(a: ScaleKey, b: ScaleKey): number {
  if (a.scaleMin !== b.scaleMin) return a.scaleMin - b.scaleMin;
  if (a.scaleMax !== b.scaleMax) return a.scaleMax - b.scaleMax;
  if (a.direction === b.direction) return 0;
  return a.direction < b.direction ? -1 : 1;
}

/** Net Promoter Score breakdown (metrics.md §10). */
export interface NpsSummary {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** 100 * (promoters − detractors) / n in [−100, 100]; null when n = 0. */
  score: number | null;
}

/**
 * NPS on 0..10 answers: promoters 9–10, passives 7–8, detractors 0–6; score = 100*(P − D)/n in
 * [−100, 100]; null when n = 0. Throws on a value outside 0..10 or non-integer.
 */
export function computeNps(values: Iterable<number>): NpsSummary {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const v of values) {
    const category = npsCategoryOf(v);
    if (category === 'promoter') promoters += 1;
    else if (category === 'passive') passives += 1;
    else detractors += 1;
  }
  const n = promoters + passives + detractors;
  return {
    n,
    promoters,
    passives,
    detractors,
    score: n === 0 ? null : (100 * (promoters - detractors)) / n,
  };
}

/** An NPS answer's category: 9–10 promoter, 7–8 passive, 0–6 detractor; throws off 0..10. */
export function npsCategoryOf(v: number): 'promoter' | 'passive' | 'detractor' {
  if (!Number.isInteger(v) || v < 0 || v > 10) {
    throw new RangeError(`NPS answer must be an integer 0..10, got ${v}`);
  }
  if (v >= 9) return 'promoter';
  return v >= 7 ? 'passive' : 'detractor';
}

/** A CES scale's midpoint: normalised answers strictly above it count as easy, below it as hard. */
export function scaleMidpoint(scale: Pick<SurveyResponse, 'scaleMin' | 'scaleMax'>): number {
  return (scale.scaleMin + scale.scaleMax) / 2;
}

/** How many direction-normalised answers on `scale` are easy (metrics.md §9's "% easy"). */
export function countEasy(
  scale: Pick<SurveyResponse, 'scaleMin' | 'scaleMax'>,
  normalised: readonly number[],
): number {
  const midpoint = scaleMidpoint(scale);
  return normalised.filter((v) => v > midpoint).length;
}

/**
 * A CES answer on its scale with higher always meaning easier: a `lower_is_better` scale is
 * mirrored (scaleMin + scaleMax − v), metrics.md's normalisation for every CES statistic.
 */
export function easierIsHigher(
  r: Pick<SurveyResponse, 'value' | 'scaleMin' | 'scaleMax' | 'direction'>,
): number {
  return r.direction === 'lower_is_better' ? r.scaleMin + r.scaleMax - r.value : r.value;
}
