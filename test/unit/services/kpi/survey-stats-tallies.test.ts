import { describe, expect, it } from 'vitest';
import { quantile } from '../../../../src/metrics/stats.js';
import {
  computeCes,
  computeNps,
  countEasy,
  easierIsHigher,
} from '../../../../src/metrics/surveys.js';
import type { CesAnswer } from '../../../../src/metrics/surveys.js';
import { cesStats, npsInterval, npsStats } from '../../../../src/services/kpi/survey-stats.js';
import type { CellStats } from '../../../../src/services/kpi/schemas.js';
import type { SurveyCount } from '../../../../src/store/store.js';
import { mulberry32 as random } from '../../../support/seeded-random.js';

/**
 * The reference is the statistics over the listed answers: every tally expanded into `count`
 * answers, then the per-answer computeCes / computeNps and a sort, as cesStats and npsStats were
 * computed before they read the tallies directly.
 */
function expand(tallies: readonly SurveyCount[], kind: SurveyCount['kind']): SurveyCount[] {
  return tallies.flatMap((t) => (t.kind === kind ? Array.from({ length: t.count }, () => t) : []));
}

function referenceCes(tallies: readonly SurveyCount[]): CellStats {
  const answers = expand(tallies, 'ces');
  const scales = computeCes(answers);
  const headline =
    scales.find(
      (s) => s.scaleMin === 1 && s.scaleMax === 7 && s.direction === 'higher_is_better',
    ) ?? scales[0];
  if (headline === undefined) return { n: 0, median: null, p90: null, mean: null, rate: null };
  const onHeadline = (r: CesAnswer) =>
    r.scaleMin === headline.scaleMin &&
    r.scaleMax === headline.scaleMax &&
    r.direction === headline.direction;
  const values = answers
    .filter(onHeadline)
    .map(easierIsHigher)
    .sort((a, b) => a - b);
  return {
    n: headline.n,
    median: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    mean: headline.mean,
    rate: countEasy(headline, values) / values.length,
    ci: headline.pctEasyCi,
    detail: {
      scale: { min: headline.scaleMin, max: headline.scaleMax, direction: headline.direction },
      meanCi: headline.meanCi,
      scales,
    },
  };
}

function referenceNps(tallies: readonly SurveyCount[]): CellStats {
  const answers = expand(tallies, 'nps');
  const onScale = answers.filter((r) => r.scaleMin === 0 && r.scaleMax === 10);
  const nps = computeNps(onScale.map((r) => r.value));
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
      otherScale: answers.length - onScale.length,
    },
  };
}

type Scale = Pick<SurveyCount, 'scaleMin' | 'scaleMax' | 'direction'>;
const SCALES: Scale[] = [
  { scaleMin: 1, scaleMax: 7, direction: 'higher_is_better' },
  { scaleMin: 1, scaleMax: 7, direction: 'lower_is_better' },
  { scaleMin: 1, scaleMax: 5, direction: 'higher_is_better' },
  { scaleMin: 1, scaleMax: 5, direction: 'lower_is_better' },
  { scaleMin: 0, scaleMax: 10, direction: 'higher_is_better' },
  { scaleMin: 1, scaleMax: 3, direction: 'lower_is_better' },
];

/**
 * Tallies of a cell: mostly whole answers on a few scales with counts 1..50, sometimes a large
 * count, a count of 0, a half-point, −0 or an off-scale answer (the store does not produce the
 * last four, but the results must match the listed answers anyway).
 */
function tallies(next: () => number, kind: SurveyCount['kind']): SurveyCount[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const scales = SCALES.filter(() => next() < 0.5);
  if (scales.length === 0 || next() < 0.1) scales.push(pick(SCALES));
  const size = pick([0, 1, 1, 2, 3, 5, 8, 13, 30]);
  return Array.from({ length: size }, (): SurveyCount => {
    const scale = kind === 'nps' && next() < 0.8 ? (SCALES[4] as Scale) : pick(scales);
    const span = scale.scaleMax - scale.scaleMin;
    let value = scale.scaleMin + Math.floor(next() * (span + 1));
    const odd = next();
    if (odd < 0.01) value = scale.scaleMax + 1;
    else if (odd < 0.02) value = Number.NaN;
    else if (odd < 0.1) value = Math.min(scale.scaleMax, value + 0.5);
    else if (value === 0 && odd < 0.55) value = -0;
    const roll = next();
    const count =
      roll < 0.02
        ? 0
        : roll < 0.05
          ? 1000 + Math.floor(next() * 2000)
          : 1 + Math.floor(next() * 50);
    return { sliceValue: '', kind: next() < 0.9 ? kind : 'csat', ...scale, value, count };
  });
}

/** The result, or the error message when it throws, so errors are compared too. */
function outcome(f: () => CellStats): CellStats | { error: string } {
  try {
    return f();
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Every number in `got` is the very same double as in `want` (Object.is: −0, NaN, last bit). */
function expectSameNumbers(got: unknown, want: unknown, path: string): void {
  if (typeof want === 'number') {
    expect(Object.is(got, want), `${path}: ${String(got)} vs ${want}`).toBe(true);
  } else if (typeof want === 'object' && want !== null) {
    expect(Object.keys(got as object), path).toEqual(Object.keys(want));
    for (const [key, value] of Object.entries(want)) {
      expectSameNumbers((got as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  }
}

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);
const CASES_PER_SEED = 100;

describe.each([
  ['cesStats', 'ces', cesStats, referenceCes],
  ['npsStats', 'nps', npsStats, referenceNps],
] as const)('%s from tallies', (_name, kind, stats, reference) => {
  it.each(SEEDS)('equals the listed answers bit for bit (seed %i)', (seed) => {
    const next = random(seed);
    for (let i = 0; i < CASES_PER_SEED; i += 1) {
      const cell = tallies(next, kind);
      const want = outcome(() => reference(cell));
      const got = outcome(() => stats(cell));
      const where = `seed ${seed} case ${i}: ${JSON.stringify(cell)}`;
      expect(got, where).toEqual(want);
      expectSameNumbers(got, want, where);
    }
  });
});

describe('the generated cells cover the edge cases', () => {
  it('include empty cells, single answers, off-scale errors, half-points and both directions', () => {
    const seen = { empty: 0, single: 0, error: 0, half: 0, lower: 0, ces: 0, multiScale: 0 };
    for (const seed of SEEDS) {
      const next = random(seed);
      for (let i = 0; i < CASES_PER_SEED; i += 1) {
        const cell = tallies(next, 'ces');
        const got = outcome(() => referenceCes(cell));
        if ('error' in got) seen.error += 1;
        else if (got.n === 0) seen.empty += 1;
        else if (got.n === 1) seen.single += 1;
        else seen.ces += 1;
        if (cell.some((t) => !Number.isInteger(t.value))) seen.half += 1;
        if (cell.some((t) => t.direction === 'lower_is_better')) seen.lower += 1;
        const scales = new Set(cell.map((t) => `${t.scaleMin}|${t.scaleMax}|${t.direction}`));
        if (scales.size > 1) seen.multiScale += 1;
      }
    }
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(20);
  });
});
