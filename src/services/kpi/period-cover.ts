import type { LocalDate } from '../../domain/index.js';
import {
  addMonths,
  dateOfEpochDay,
  epochDayOf,
  monthStartOf,
  weekStartOf,
} from '../../metrics/calendar-day.js';
import { coverDays } from '../../metrics/day-cover.js';
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
 * a month or week only where `usable` says its merged rows are current (see coverDays). Every day
 * of the range is in exactly one segment.
 */
export function coverRange(
  index: number,
  from: LocalDate,
  to: LocalDate,
  usable: (period: RollupPeriod, start: LocalDate) => boolean,
): RollupSegment[] {
  const runs = coverDays(epochDayOf(from), epochDayOf(to), (period, start) =>
    usable(period, dateOfEpochDay(start)),
  );
  return runs.map((run) => ({
    index,
    kind: run.kind,
    start: dateOfEpochDay(run.first),
    end: dateOfEpochDay(run.last),
  }));
}
