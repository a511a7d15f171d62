import { Temporal } from 'temporal-polyfill';
import type { Instant, Schedule } from '../domain/index.js';
import {
  expandYear,
  localToEpochMs,
  localYearOf,
  toHolidayDays,
  toWeekPattern,
  type HolidayDays,
  type WeekPattern,
  type YearWindows,
} from './business-windows.js';

/** Earliest local year a calendar will expand; older instants are almost surely bad data. */
export const MIN_CALENDAR_YEAR = 1900;
/** Latest local year a calendar will expand; also bounds the search for an SLA breach instant. */
export const MAX_CALENDAR_YEAR = 2200;

/** Width of the lookup buckets; one UTC day holds at most a few windows of any real schedule. */
const BUCKET_MS = 86_400_000;

/**
 * Business time of one schedule, precomputed as a table of windows so that lookups are a short
 * binary search with no allocation.
 */
export interface BusinessCalendar {
  readonly scheduleId: string;
  /**
   * Business milliseconds elapsed from a fixed origin up to `at`; monotonic non-decreasing in
   * `at`. The origin never moves, even when the internal table is extended, so differences of two
   * calls are always valid. Absolute values mean nothing outside this calendar instance.
   * @throws RangeError when `at` is not finite or lies outside local years 1900..2200.
   */
  cumulativeMs(at: Instant): number;
  /**
   * The earliest instant t >= from such that cumulativeMs(t) - cumulativeMs(from) === ms
   * (ms >= 0). Used for SLA breach instants. `ms === 0` returns `from` itself, even in closed
   * time. Returns `Infinity` when the schedule has no weekly intervals at all (it never breaches).
   * @throws RangeError when `ms` is negative or not finite, or when the target lies beyond 2200.
   */
  addBusinessMs(from: Instant, ms: number): Instant;
}

/**
 * Builds a lazy business-hours calendar for a schedule. Windows are expanded one local calendar
 * year at a time, the first time an instant in (or beyond) that year is asked for; Temporal is
 * only used then, never on the lookup path.
 */
export function createBusinessCalendar(schedule: Schedule): BusinessCalendar {
  return new WindowTable(
    schedule.id,
    schedule.timeZone,
    toWeekPattern(schedule.intervals),
    toHolidayDays(schedule.holidays),
  );
}

/** Business milliseconds between two instants; 0 when `b <= a` (never negative, never null). */
export function businessMsBetween(calendar: BusinessCalendar, a: Instant, b: Instant): number {
  if (!(b > a)) return 0;
  return calendar.cumulativeMs(b) - calendar.cumulativeMs(a);
}

class WindowTable implements BusinessCalendar {
  // Parallel arrays: window i is [starts[i], ends[i]) and `before[i]` is the business time from
  // the origin to starts[i]. The origin is the start of the first year ever built; prepending
  // years gives negative values rather than renumbering, so earlier answers stay comparable.
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  private before = new Float64Array(0);
  // bucketFirst[b] counts the windows that start at or before rangeStartMs + b * BUCKET_MS.
  private bucketFirst = new Int32Array(0);
  // NaN makes the range test fail on the first call, which then builds the first year.
  private rangeStartMs = NaN;
  private rangeEndMs = NaN;
  private cumulativeAtRangeStart = 0;
  private cumulativeAtRangeEnd = 0;
  private firstYear = 0;
  private lastYear = -1;
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly hasBusinessTime: boolean;

  constructor(
    readonly scheduleId: string,
    private readonly timeZone: string,
    private readonly week: WeekPattern,
    private readonly holidays: HolidayDays,
  ) {
    this.minMs = localToEpochMs(timeZone, new Temporal.PlainDate(MIN_CALENDAR_YEAR, 1, 1), 0);
    this.maxMs = localToEpochMs(timeZone, new Temporal.PlainDate(MAX_CALENDAR_YEAR + 1, 1, 1), 0);
    this.hasBusinessTime = week.some((pieces) => pieces.length > 0);
  }

  cumulativeMs(at: Instant): number {
    if (!(at >= this.rangeStartMs && at <= this.rangeEndMs)) this.cover(at);
    // The day bucket narrows the binary search to the few windows that start within one day.
    let bucket = Math.floor((at - this.rangeStartMs) / BUCKET_MS);
    // Division can round a fractional `at` just below a boundary up into the next bucket.
    if (this.rangeStartMs + bucket * BUCKET_MS > at) bucket--;
    const starts = this.starts;
    let lo = this.bucketFirst[bucket] as number;
    let hi = this.bucketFirst[bucket + 1] as number;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return this.cumulativeAtRangeStart;
    const i = lo - 1;
    const start = starts[i] as number;
    const end = this.ends[i] as number;
    return (this.before[i] as number) + (at < end ? at - start : end - start);
  }

  addBusinessMs(from: Instant, ms: number): Instant {
    if (!(ms >= 0 && Number.isFinite(ms))) {
      throw new RangeError(`addBusinessMs needs a finite ms >= 0, got ${ms}`);
    }
    const target = this.cumulativeMs(from) + ms;
    if (ms === 0) return from;
    // Extending year after year would never find time that the schedule cannot have.
    if (!this.hasBusinessTime) return Infinity;
    while (target > this.cumulativeAtRangeEnd) {
      if (this.lastYear >= MAX_CALENDAR_YEAR) {
        throw new RangeError(
          `schedule ${this.scheduleId} has no ${ms} business ms after ${from} before ${MAX_CALENDAR_YEAR + 1}`,
        );
      }
      this.append(this.lastYear + 1, this.lastYear + 1);
    }
    // The target lies in the last window whose `before` is still below it; that window exists
    // because target > cumulativeMs(from) >= before[0].
    const before = this.before;
    let lo = 0;
    let hi = before.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((before[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    return (this.starts[i] as number) + (target - (before[i] as number));
  }

  /** Slow path: extends the table, in whole local years, until it covers `at`. */
  private cover(at: number): void {
    if (!(at >= this.minMs && at <= this.maxMs)) {
      throw new RangeError(
        `instant ${at} is outside the business calendar's range (local years ${MIN_CALENDAR_YEAR}..${MAX_CALENDAR_YEAR}) for schedule ${this.scheduleId}`,
      );
    }
    const year = Math.min(
      MAX_CALENDAR_YEAR,
      Math.max(MIN_CALENDAR_YEAR, localYearOf(this.timeZone, at)),
    );
    if (this.lastYear < this.firstYear) {
      this.firstYear = year;
      this.append(year, year);
    }
    // Loops rather than trusting `year` alone: a DST gap at midnight on Jan 1 could leave an
    // instant just outside the year its wall clock names.
    while (at < this.rangeStartMs && this.firstYear > MIN_CALENDAR_YEAR) {
      this.prepend(Math.min(year, this.firstYear - 1), this.firstYear - 1);
    }
    while (at > this.rangeEndMs && this.lastYear < MAX_CALENDAR_YEAR) {
      this.append(this.lastYear + 1, Math.max(year, this.lastYear + 1));
    }
  }

  private expand(fromYear: number, toYear: number): YearWindows[] {
    const years: YearWindows[] = [];
    for (let y = fromYear; y <= toYear; y++) {
      years.push(expandYear(this.timeZone, y, this.week, this.holidays));
    }
    return years;
  }

  private append(fromYear: number, toYear: number): void {
    const years = this.expand(fromYear, toYear);
    const added = years.reduce((n, y) => n + y.starts.length, 0);
    const offset = this.starts.length;
    this.grow(offset + added, 0);
    this.cumulativeAtRangeEnd = this.write(years, offset, this.cumulativeAtRangeEnd);
    if (Number.isNaN(this.rangeStartMs)) this.rangeStartMs = years[0]?.rangeStartMs ?? NaN;
    this.rangeEndMs = years[years.length - 1]?.rangeEndMs ?? this.rangeEndMs;
    this.lastYear = toYear;
    this.reindex();
  }

  private prepend(fromYear: number, toYear: number): void {
    const years = this.expand(fromYear, toYear);
    const added = years.reduce((n, y) => n + y.starts.length, 0);
    const addedMs = years.reduce((ms, y) => ms + sumDurations(y), 0);
    this.grow(this.starts.length + added, added);
    this.cumulativeAtRangeStart -= addedMs;
    this.write(years, 0, this.cumulativeAtRangeStart);
    this.rangeStartMs = years[0]?.rangeStartMs ?? this.rangeStartMs;
    this.firstYear = fromYear;
    this.reindex();
  }

  /** Reallocates the arrays to `length`, keeping the old entries after `shift` new slots. */
  private grow(length: number, shift: number): void {
    const starts = new Float64Array(length);
    const ends = new Float64Array(length);
    const before = new Float64Array(length);
    starts.set(this.starts, shift);
    ends.set(this.ends, shift);
    before.set(this.before, shift);
    this.starts = starts;
    this.ends = ends;
    this.before = before;
  }

  /** Writes the years' windows from index `at` on; returns the cumulative value after them. */
  private write(years: readonly YearWindows[], at: number, cumulative: number): number {
    let k = at;
    let running = cumulative;
    for (const year of years) {
      year.starts.forEach((start, j) => {
        const end = year.ends[j] ?? start;
        this.starts[k] = start;
        this.ends[k] = end;
        this.before[k] = running;
        running += end - start;
        k++;
      });
    }
    return running;
  }

  private reindex(): void {
    // +2: `at === rangeEndMs` falls in the last bucket, and the lookup also reads bucket + 1.
    const buckets = Math.floor((this.rangeEndMs - this.rangeStartMs) / BUCKET_MS) + 2;
    const first = new Int32Array(buckets);
    let i = 0;
    for (let b = 0; b < buckets; b++) {
      const bucketStartMs = this.rangeStartMs + b * BUCKET_MS;
      while (i < this.starts.length && (this.starts[i] as number) <= bucketStartMs) i++;
      first[b] = i;
    }
    this.bucketFirst = first;
  }
}

function sumDurations(year: YearWindows): number {
  return year.starts.reduce((ms, start, j) => ms + (year.ends[j] ?? start) - start, 0);
}
