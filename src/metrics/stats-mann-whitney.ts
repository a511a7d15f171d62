import { normalTwoSidedP } from './stats-distributions.js';

/** A Mann–Whitney U test of two independent samples. */
export interface MannWhitneyResult {
  /** U of the first sample: pairs (a, b) with a > b, ties counting one half. */
  u: number;
  /** The normal statistic, continuity- and tie-corrected; 0 when every value ties. */
  z: number;
  /** Two-sided p-value of the normal approximation. */
  p: number;
  n1: number;
  n2: number;
}

/**
 * Two-sided Mann–Whitney U test, normal approximation with the tie correction of the variance
 * and a continuity correction of ½ (scipy.stats.mannwhitneyu, method="asymptotic"). Durations
 * are skewed and heavy-tailed, which is why the cohort comparison tests them on ranks.
 * Null when either sample is empty.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult | null {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return null;
  const pooled = [
    ...a.map((value) => ({ value, first: true })),
    ...b.map((value) => ({ value, first: false })),
  ].sort((x, y) => x.value - y.value);
  const n = n1 + n2;
  let rankSumA = 0;
  let tieTerm = 0;
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && pooled[end + 1]?.value === pooled[start]?.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) if (pooled[k]?.first === true) rankSumA += rank;
    const t = end - start + 1;
    tieTerm += t ** 3 - t;
    start = end + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const meanU = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, p: 1, n1, n2 };
  const distance = Math.max(0, Math.abs(u - meanU) - 0.5);
  const z = (Math.sign(u - meanU) * distance) / Math.sqrt(variance);
  return { u, z, p: normalTwoSidedP(z), n1, n2 };
}
