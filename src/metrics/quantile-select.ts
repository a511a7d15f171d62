/**
 * R type 7 quantiles of an unsorted sample, by selection rather than a full sort: exactly
 * stats.ts's `quantile` of the sorted sample for each of `qs` (ascending; the same two order
 * statistics, the same interpolation), in linear time. Reorders `values[0..n)`; no NaN allowed.
 */
export function quantilesOfUnsorted(
  values: Float64Array,
  n: number,
  qs: readonly number[],
): number[] {
  if (n === 0) throw new RangeError('quantile of an empty sample');
  // Each selection leaves nothing larger before its index: the next (higher) one searches after it.
  let from = 0;
  return qs.map((q) => {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0,1], got ${q}`);
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    if (lo < from) throw new RangeError('quantiles must be asked for in ascending order');
    const value = quantileAt(values, n, h, lo, from);
    from = lo;
    return value;
  });
}

function quantileAt(values: Float64Array, n: number, h: number, lo: number, from: number): number {
  const low = select(values, from, n, lo);
  if (h === lo) return low;
  // After the selection everything past `lo` is at least `low`: the next order statistic is
  // their minimum.
  let high = Infinity;
  for (let j = lo + 1; j < n; j += 1) high = Math.min(high, values[j] as number);
  return low + (h - lo) * (high - low);
}

/**
 * Wirth's selection (Hoare's partition around the value at k) within `a[from..n)`: leaves the
 * k-th smallest at k, nothing larger before it and nothing smaller after it.
 */
function select(a: Float64Array, from: number, n: number, k: number): number {
  let left = from;
  let right = n - 1;
  while (left < right) {
    const pivot = a[k] as number;
    let i = left;
    let j = right;
    do {
      while ((a[i] as number) < pivot) i += 1;
      while (pivot < (a[j] as number)) j -= 1;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i += 1;
        j -= 1;
      }
    } while (i <= j);
    if (j < k) left = i;
    if (k < i) right = j;
  }
  return a[k] as number;
}
