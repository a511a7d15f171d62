import { Z_80, Z_975 } from '../../metrics/stats-distributions.js';
import type { Interval } from '../../metrics/stats.js';
import type { KpiComparison, Verdict } from './schemas.js';

/** Significance level of every test. */
export const ALPHA = 0.05;
/**
 * Fewest values a side needs before a winner is called: below it the normal approximations
 * behind the p-values are poor and one unusual ticket can swing a median.
 */
export const MIN_SAMPLE = 20;

/**
 * The minimum detectable effect at α = 0.05 and 80 % power: (z₀.₉₇₅ + z₀.₈) standard errors,
 * the standard error read off the 95 % interval's width. Null without an interval.
 */
export function minimumDetectableEffect(ci: Interval | null): number | null {
  if (ci === null) return null;
  const se = (ci.high - ci.low) / (2 * Z_975);
  return (Z_975 + Z_80) * se;
}

type Judged = Pick<KpiComparison, 'a' | 'b' | 'difference' | 'ci' | 'p' | 'direction'>;

/**
 * Calls a winner only when both sides have {@link MIN_SAMPLE} values, p < α and the interval
 * excludes 0 (the bootstrap interval of a median and the rank test can disagree near the edge;
 * then no winner is called).
 */
export function verdictOf(k: Judged): Verdict {
  if (k.a.n < MIN_SAMPLE || k.b.n < MIN_SAMPLE) return 'too_few';
  if (k.p === null || k.ci === null || k.difference === null) return 'too_few';
  const excludesZero = k.ci.low > 0 || k.ci.high < 0;
  if (k.p >= ALPHA || !excludesZero) return 'no_difference';
  const bLower = k.difference < 0;
  return bLower === (k.direction === 'lower_is_better') ? 'b_better' : 'a_better';
}

/** The verdict in plain English, with the figures it rests on. */
export function summaryOf(k: KpiComparison): string {
  const f = (v: number | null) => format(v, k.unit);
  const mde = k.mde === null ? '' : ` A difference smaller than ${f(k.mde)} could go unnoticed.`;
  switch (k.verdict) {
    case 'too_few':
      return (
        `Too few values to call a winner: A has ${String(k.a.n)}, B has ${String(k.b.n)}; ` +
        `at least ${String(MIN_SAMPLE)} each are needed.${mde}`
      );
    case 'no_difference':
      return `No significant difference (p = ${pText(k.p)}).${mde}`;
    case 'a_better':
    case 'b_better': {
      const winner = k.verdict === 'a_better' ? 'A' : 'B';
      const ci = k.ci === null ? '' : `, 95 % CI ${f(k.ci.low)} to ${f(k.ci.high)}`;
      return (
        `${winner} is better: ${k.statistic} ${f(k.b.value)} in B against ${f(k.a.value)} in A ` +
        `(B − A = ${f(k.difference)}${ci}, p = ${pText(k.p)}).`
      );
    }
  }
}

function pText(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function format(value: number | null, unit: KpiComparison['unit']): string {
  if (value === null) return 'n/a';
  if (unit === 'fraction') return `${(value * 100).toFixed(1)} %`;
  if (unit === 'seconds') {
    const abs = Math.abs(value);
    if (abs >= 3600) return `${(value / 3600).toFixed(1)} h`;
    if (abs >= 60) return `${(value / 60).toFixed(1)} min`;
    return `${value.toFixed(0)} s`;
  }
  return value.toFixed(2);
}
