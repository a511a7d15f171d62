import type { Interval } from './stats.js';
import { tQuantile975, tTwoSidedP } from './stats-distributions.js';

/** Welch's unequal-variance t test of mean(a) − mean(b). */
export interface WelchResult {
  difference: number;
  ci: Interval;
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  p: number;
  /** Standard error of the difference. */
  se: number;
}

/**
 * Welch's t test and 95 % interval for the difference of means: it does not assume equal
 * spreads, which two cohorts of survey answers rarely have. Null when either sample has fewer
 * than two values. Two constant samples with different means give an infinite t and p = 0.
 */
export function welchT(a: readonly number[], b: readonly number[]): WelchResult | null {
  if (a.length < 2 || b.length < 2) return null;
  const va = moments(a);
  const vb = moments(b);
  const sa = va.variance / a.length;
  const sb = vb.variance / b.length;
  const difference = va.mean - vb.mean;
  const se = Math.sqrt(sa + sb);
  if (se === 0) {
    const p = difference === 0 ? 1 : 0;
    return { difference, ci: { low: difference, high: difference }, t: 0, df: Infinity, p, se };
  }
  const df = (sa + sb) ** 2 / (sa ** 2 / (a.length - 1) + sb ** 2 / (b.length - 1));
  const t = difference / se;
  const half = tQuantile975(df) * se;
  return {
    difference,
    ci: { low: difference - half, high: difference + half },
    t,
    df,
    p: tTwoSidedP(t, df),
    se,
  };
}

function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, variance: ss / (values.length - 1) };
}
