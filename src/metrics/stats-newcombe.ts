import type { Interval } from './stats.js';
import { wilsonInterval } from './stats.js';
import { normalTwoSidedP } from './stats-distributions.js';

/** The difference of two proportions p1 − p2 with its interval and a test of p1 = p2. */
export interface ProportionDifference {
  difference: number;
  /** Newcombe's hybrid score interval (method 10 of Newcombe 1998), 95 %. */
  ci: Interval;
  /** Two-sided p-value of the pooled two-proportion z test (Pearson χ² without correction). */
  p: number;
}

/**
 * p1 − p2 for x1/n1 and x2/n2: Newcombe's interval squares-and-adds the distances from each
 * proportion to its Wilson limits, so it stays inside [−1, 1] and behaves at 0/n and n/n,
 * where the Wald interval collapses. Null when either n is 0.
 */
export function proportionDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): ProportionDifference | null {
  const w1 = wilsonInterval(x1, n1);
  const w2 = wilsonInterval(x2, n2);
  if (w1 === null || w2 === null) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  const low = d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2);
  const high = d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2);
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const p = se > 0 ? normalTwoSidedP(d / se) : 1;
  return { difference: d, ci: { low, high }, p };
}
