import type { Instant, LocalDate } from '../../domain/index.js';
import { localDayOf } from './rollup-day.js';

/** Zone offsets are multiples of 15 minutes but for a few historical ones (Liberia's until 1972). */
const BUCKET_MS = 15 * 60_000;
const MAX_ENTRIES = 200_000;

// zone → 15-minute bucket → its local date. A re-analysis asks for the same few hundred days
// millions of times; the Temporal conversion behind localDayOf was a tenth of the batch CPU.
const cache = new Map<string, Map<number, LocalDate>>();
let entries = 0;

/**
 * {@link localDayOf}, memoised per 15-minute bucket. A bucket is cached only when its first and
 * last millisecond fall on the same local date, so an instant in a bucket that a (historical,
 * off-grid) offset change splits is converted on its own: the result is always localDayOf's.
 */
export function cachedLocalDayOf(at: Instant, timeZone: string): LocalDate {
  const bucket = Math.floor(at / BUCKET_MS);
  let zone = cache.get(timeZone);
  const hit = zone?.get(bucket);
  if (hit !== undefined) return hit;
  const first = localDayOf(bucket * BUCKET_MS, timeZone);
  if (localDayOf((bucket + 1) * BUCKET_MS - 1, timeZone) !== first) return localDayOf(at, timeZone);
  if (entries >= MAX_ENTRIES) {
    cache.clear();
    entries = 0;
  }
  if (zone === undefined) {
    zone = new Map();
    cache.set(timeZone, zone);
  }
  zone.set(bucket, first);
  entries += 1;
  return first;
}
