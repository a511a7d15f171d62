import type { LocalDate } from '../../domain/index.js';
import {
  addMonths,
  dateOfEpochDay,
  epochDayOf,
  isoWeekdayOf,
  monthAfter,
  monthStartOf,
  weekStartOf,
} from '../../metrics/calendar-day.js';
import type { RollupPeriod, RollupSegment } from '../../store/store.js';

/** The last day of the week or month starting on `start` (weeks are ISO, Monday first). */
export function periodEnd(period: RollupPeriod, start: LocalDate): LocalDate {
  const day = epochDayOf(start);
  return dateOfEpochDay(period === 'week' ? day + 6 : addMonths(day, 1) - 1);
}

/** The week and month a day's rollups are merged into. */
export function periodsOf(day: LocalDate): { period: RollupPeriod; start: LocalDate }[] {
  const n = epochDayOf(day);
  return [
    { period: 'week', start: dateOfEpochDay(weekStartOf(n)) },
    { period: 'month', start: dateOfEpochDay(monthStartOf(n)) },
  ];
}

/**
 * Splits `from`..`to` into whole months, whole weeks and runs of single days, oldest first, using
 * a month or week only where `usable` says its merged rows are current. A week that would cut
 * into a month the range could read whole is left to days, so a 90-day range reads about 13
 * segments. Every day of the range is in exactly one segment.
 */
export function coverRange(
  index: number,
  from: LocalDate,
  to: LocalDate,
  usable: (period: RollupPeriod, start: LocalDate) => boolean,
): RollupSegment[] {
  const segments: RollupSegment[] = [];
  // Day numbers (days since 1970-01-01).
  const last = epochDayOf(to);
  const wholeMonth = (first: number) =>
    monthStartOf(first) === first &&
    monthAfter(first) - 1 <= last &&
    usable('month', dateOfEpochDay(first));
  let day = epochDayOf(from);
  const push = (kind: RollupSegment['kind'], end: number) => {
    const previous = segments.at(-1);
    if (kind === 'day' && previous?.kind === 'day' && previous.end === dateOfEpochDay(day - 1)) {
      previous.end = dateOfEpochDay(end);
    } else {
      segments.push({ index, kind, start: dateOfEpochDay(day), end: dateOfEpochDay(end) });
    }
    day = end + 1;
  };
  while (day <= last) {
    if (wholeMonth(day)) {
      push('month', monthAfter(day) - 1);
      continue;
    }
    const weekEnd = day + 6;
    const nextFirst = monthAfter(day);
    const cutsMonth = nextFirst <= weekEnd && wholeMonth(nextFirst);
    if (
      isoWeekdayOf(day) === 1 &&
      weekEnd <= last &&
      !cutsMonth &&
      usable('week', dateOfEpochDay(day))
    ) {
      push('week', weekEnd);
      continue;
    }
    push('day', day);
  }
  return segments;
}
