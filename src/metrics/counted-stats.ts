import { assertFinite, tIntervalOfMoments, type Interval } from './stats.js';

/**
 * A value that occurs `count` times in a sample, as a tally row stores identical answers. Counts
 * are whole numbers; a count of 0 or less contributes nothing.
 */
export interface ValueCount {
  value: number;
  count: number;
}

/**
 * `acc` plus `x` added `times` times, rounded after every addition as a loop over the expanded
 * sample would be. When `acc`, `x` and `times` are integers and every partial sum stays a safe
 * integer, each of those additions is exact, so one multiplication gives the same double; in any
 * other case (a non-integer mean, a squared deviation) `times * x` can differ from the repeated
 * sum in the last bit, so the additions are made one by one — still no array, no allocation.
 */
export function addRepeated(acc: number, x: number, times: number): number {
  if (!(times > 0)) return acc;
  if (
    Number.isInteger(acc) &&
    Number.isInteger(x) &&
    Number.isInteger(times) &&
    Math.abs(acc) + times * Math.abs(x) <= Number.MAX_SAFE_INTEGER
  ) {
    return acc + times * x;
  }
  let sum = acc;
  for (let i = 0; i < times; i += 1) sum += x;
  return sum;
}

/** How many values the counts stand for. */
export function sampleSize(counts: readonly ValueCount[]): number {
  let n = 0;
  for (const { count } of counts) if (count > 0) n += count;
  return n;
}

/**
 * {@link meanTInterval} of the sample the counts stand for, each value repeated `count` times in
 * the order given: the same double, since the mean and the squared deviations are summed in the
 * same order as over the expanded array (see {@link addRepeated}). Null for n < 2.
 */
export function meanTIntervalOfCounts(counts: readonly ValueCount[]): Interval | null {
  const n = sampleSize(counts);
  if (n < 2) return null;
  for (const { value, count } of counts) if (count > 0) assertFinite(value, 'meanTInterval value');
  let sum = 0;
  for (const { value, count } of counts) sum = addRepeated(sum, value, count);
  const m = sum / n;
  let ss = 0;
  for (const { value, count } of counts) ss = addRepeated(ss, (value - m) ** 2, count);
  return tIntervalOfMoments(n, m, ss);
}

/**
 * The counts in ascending order of value, as a stable sort of the expanded sample lists them:
 * answers of one value merged into one count, so only the distinct values are sorted. Zeros are
 * the exception — +0 and −0 compare equal, so they keep their own entries in the given order,
 * as a stable sort keeps them. Values must be finite when there is more than one.
 */
export function sortedCounts(counts: Iterable<ValueCount>): ValueCount[] {
  const byValue = new Map<number, ValueCount>();
  const zeros: ValueCount[] = [];
  for (const { value, count } of counts) {
    if (!(count > 0)) continue;
    if (value === 0) {
      zeros.push({ value, count });
      continue;
    }
    const merged = byValue.get(value);
    if (merged === undefined) byValue.set(value, { value, count });
    else merged.count += count;
  }
  return [...byValue.values(), ...zeros].sort((a, b) => a.value - b.value);
}

/**
 * {@link quantile} (R type 7) of the sample the counts stand for, read from the cumulative counts
 * instead of an expanded array. `sortedAsc` comes from {@link sortedCounts} (or a stable sort by
 * value), so ±0 ties keep the order an expanded sort would give them.
 */
export function quantileOfCounts(sortedAsc: readonly ValueCount[], q: number): number {
  const n = sampleSize(sortedAsc);
  if (n === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0,1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const low = valueAt(sortedAsc, lo);
  if (h === lo) return low;
  return low + (h - lo) * (valueAt(sortedAsc, lo + 1) - low);
}

/** The value at 0-based position `index` of the expanded sample. */
function valueAt(counts: readonly ValueCount[], index: number): number {
  let seen = 0;
  for (const { value, count } of counts) {
    if (count > 0) seen += count;
    if (index < seen) return value;
  }
  throw new RangeError(`index ${index} out of range`);
}
