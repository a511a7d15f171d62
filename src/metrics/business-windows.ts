import { Temporal } from 'temporal-polyfill';
import { MINUTES_PER_WEEK, type Holiday, type WeeklyInterval } from '../domain/index.js';
import { epochDayOf, epochDayOfParts } from './calendar-day.js';

const MINUTES_PER_DAY = 24 * 60;

/**
 * Business minutes of each weekday (index 0 = Sunday, Zendesk's origin) as flattened, sorted,
 * disjoint `[start, end)` pairs within `0..1440`.
 */
export type WeekPattern = readonly (readonly number[])[];

/** Holidays as merged, sorted, inclusive ranges of days since 1970-01-01, flattened in pairs. */
export type HolidayDays = readonly number[];

/** The business windows of one local calendar year, as instants (epoch ms). */
export interface YearWindows {
  /** Local Jan 1 00:00 of the year; no window starts before it. */
  readonly rangeStartMs: number;
  /** Local Jan 1 00:00 of the next year; no window ends after it. */
  readonly rangeEndMs: number;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

/**
 * Folds the weekly intervals onto one week and splits them at local midnights. Splitting per local
 * day is what lets a holiday remove exactly the part of an overnight shift that falls inside it,
 * and lets each piece be converted with that day's own offset.
 */
export function toWeekPattern(intervals: readonly WeeklyInterval[]): WeekPattern {
  const ranges: [number, number][] = [];
  for (const { startMinute: start, endMinute: end } of intervals) {
    if (!(end > start)) continue;
    if (start < MINUTES_PER_WEEK) ranges.push([start, Math.min(end, MINUTES_PER_WEEK)]);
    // The part past Saturday midnight belongs to the next week's Sunday onwards.
    if (end > MINUTES_PER_WEEK) {
      ranges.push([Math.max(start, MINUTES_PER_WEEK) - MINUTES_PER_WEEK, end - MINUTES_PER_WEEK]);
    }
  }
  const merged = mergeRanges(ranges);
  const week: number[][] = [[], [], [], [], [], [], []];
  for (const [start, end] of merged) {
    for (let day = Math.floor(start / MINUTES_PER_DAY); day * MINUTES_PER_DAY < end; day++) {
      const dayStart = day * MINUTES_PER_DAY;
      const from = Math.max(start, dayStart) - dayStart;
      const to = Math.min(end, dayStart + MINUTES_PER_DAY) - dayStart;
      if (to > from) week[day % 7]?.push(from, to);
    }
  }
  return week;
}

/** Parses and merges holiday date ranges into day numbers, so the expansion loop compares integers. */
export function toHolidayDays(holidays: readonly Holiday[]): HolidayDays {
  const ranges = holidays.map((h): [number, number] => [
    epochDayOf(h.startDate),
    epochDayOf(h.endDate),
  ]);
  // Inclusive day ranges: [1, 2] and [3, 4] are contiguous, so merge on end + 1.
  return mergeRanges(ranges.map(([s, e]): [number, number] => [s, e + 1])).flatMap(([s, e]) => [
    s,
    e - 1,
  ]);
}

/**
 * The instant of a local wall-clock time. 'compatible' moves a time inside a spring-forward gap
 * forwards and takes the earlier offset for a fall-back repeat, as Zendesk and RFC 5545 do.
 */
export function localToEpochMs(
  timeZone: string,
  date: Temporal.PlainDate,
  minuteOfDay: number,
): number {
  const wall = new Temporal.PlainDateTime(
    date.year,
    date.month,
    date.day,
    Math.floor(minuteOfDay / 60),
    minuteOfDay % 60,
  );
  return wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** The local calendar year that contains an instant. */
export function localYearOf(timeZone: string, epochMs: number): number {
  return Temporal.Instant.fromEpochMilliseconds(Math.floor(epochMs)).toZonedDateTimeISO(timeZone)
    .year;
}

/**
 * Expands the weekly pattern over one local calendar year into merged windows of instants. Each
 * endpoint goes through Temporal separately (never a cached offset), so DST days come out with
 * their real length: a 24/7 fall-back day is 25 h.
 */
export function expandYear(
  timeZone: string,
  year: number,
  week: WeekPattern,
  holidays: HolidayDays,
): YearWindows {
  let date = new Temporal.PlainDate(year, 1, 1);
  const rangeStartMs = localToEpochMs(timeZone, date, 0);
  const rangeEndMs = localToEpochMs(timeZone, new Temporal.PlainDate(year + 1, 1, 1), 0);
  const windows: [number, number][] = [];
  if (week.some((pieces) => pieces.length > 0)) {
    let day = epochDayOfParts(date.year, date.month, date.day);
    while (date.year === year) {
      const next = date.add({ days: 1 });
      const pieces = week[date.dayOfWeek % 7] ?? [];
      if (pieces.length > 0 && !isHoliday(holidays, day)) {
        for (let k = 0; k + 1 < pieces.length; k += 2) {
          const from = pieces[k] ?? 0;
          const to = pieces[k + 1] ?? 0;
          const startMs = localToEpochMs(timeZone, date, from);
          const endMs =
            to === MINUTES_PER_DAY
              ? localToEpochMs(timeZone, next, 0)
              : localToEpochMs(timeZone, date, to);
          // Clipping to the year keeps chunks disjoint even when a DST gap at midnight maps a
          // later wall time to an earlier instant; it also drops pieces that fall inside a gap.
          const s = Math.max(startMs, rangeStartMs);
          const e = Math.min(endMs, rangeEndMs);
          if (e > s) windows.push([s, e]);
        }
      }
      date = next;
      day++;
    }
  }
  const merged = mergeRanges(windows);
  return {
    rangeStartMs,
    rangeEndMs,
    starts: merged.map(([s]) => s),
    ends: merged.map(([, e]) => e),
  };
}

/** Union of half-open ranges, sorted; touching ranges are joined. */
function mergeRanges(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

function isHoliday(holidays: HolidayDays, day: number): boolean {
  // Few holiday ranges per schedule; a binary search would not pay for itself at build time.
  for (let k = 0; k + 1 < holidays.length; k += 2) {
    if (day >= (holidays[k] ?? Infinity) && day <= (holidays[k + 1] ?? -Infinity)) return true;
  }
  return false;
}
