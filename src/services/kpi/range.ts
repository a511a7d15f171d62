import type { Instant, LocalDate } from '../../domain/index.js';
import { dateOfEpochDay, epochDayOf, weekStartOf } from '../../metrics/calendar-day.js';
import { localDayOfCached, startOfLocalDay } from '../../metrics/local-day.js';

/** The period of equal length that ends the day before `from`. */
export function previousRange(from: LocalDate, to: LocalDate): { from: LocalDate; to: LocalDate } {
  const start = epochDayOf(from);
  const days = epochDayOf(to) - start + 1;
  return { from: dateOfEpochDay(start - days), to: dateOfEpochDay(start - 1) };
}

/** `[start, end)` instants of local days `from`..`to` in `timeZone` (DST-aware midnights). */
export function instantRange(
  from: LocalDate,
  to: LocalDate,
  timeZone: string,
): { start: Instant; end: Instant } {
  return {
    start: startOfLocalDay(epochDayOf(from), timeZone),
    end: startOfLocalDay(epochDayOf(to) + 1, timeZone),
  };
}

/** The local date of an instant in `timeZone`. */
export function localDate(at: Instant, timeZone: string): LocalDate {
  return localDayOfCached(at, timeZone);
}

/** The Monday starting the ISO week of a local date. */
export function weekStart(day: LocalDate): LocalDate {
  return dateOfEpochDay(weekStartOf(epochDayOf(day)));
}
