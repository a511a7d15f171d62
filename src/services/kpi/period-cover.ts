import { Temporal } from 'temporal-polyfill';
import type { LocalDate } from '../../domain/index.js';
import type { RollupPeriod, RollupSegment } from '../../store/store.js';

/** The last day of the week or month starting on `start` (weeks are ISO, Monday first). */
export function periodEnd(period: RollupPeriod, start: LocalDate): LocalDate {
  const date = Temporal.PlainDate.from(start);
  return (
    period === 'week' ? date.add({ days: 6 }) : date.add({ months: 1 }).subtract({ days: 1 })
  ).toString();
}

/** The week and month a day's rollups are merged into. */
export function periodsOf(day: LocalDate): { period: RollupPeriod; start: LocalDate }[] {
  const date = Temporal.PlainDate.from(day);
  return [
    { period: 'week', start: date.subtract({ days: date.dayOfWeek - 1 }).toString() },
    { period: 'month', start: date.with({ day: 1 }).toString() },
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
  const last = Temporal.PlainDate.from(to);
  const within = (end: Temporal.PlainDate) => Temporal.PlainDate.compare(end, last) <= 0;
  const wholeMonth = (first: Temporal.PlainDate) =>
    first.day === 1 &&
    within(first.add({ months: 1 }).subtract({ days: 1 })) &&
    usable('month', first.toString());
  let day = Temporal.PlainDate.from(from);
  const push = (kind: RollupSegment['kind'], end: Temporal.PlainDate) => {
    const previous = segments.at(-1);
    if (
      kind === 'day' &&
      previous?.kind === 'day' &&
      previous.end === day.subtract({ days: 1 }).toString()
    ) {
      previous.end = end.toString();
    } else {
      segments.push({ index, kind, start: day.toString(), end: end.toString() });
    }
    day = end.add({ days: 1 });
  };
  while (within(day)) {
    if (wholeMonth(day)) {
      push('month', day.add({ months: 1 }).subtract({ days: 1 }));
      continue;
    }
    const weekEnd = day.add({ days: 6 });
    const nextFirst = day.with({ day: 1 }).add({ months: 1 });
    const cutsMonth = Temporal.PlainDate.compare(nextFirst, weekEnd) <= 0 && wholeMonth(nextFirst);
    if (day.dayOfWeek === 1 && within(weekEnd) && !cutsMonth && usable('week', day.toString())) {
      push('week', weekEnd);
      continue;
    }
    push('day', day);
  }
  return segments;
}
