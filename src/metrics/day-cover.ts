import { isoWeekdayOf, monthAfter, monthStartOf } from './calendar-day.js';

/** Whole days read as one: a calendar month, an ISO week, or consecutive single days. */
export interface DayRun {
  kind: 'day' | 'week' | 'month';
  /** First and last day, day numbers (days since 1970-01-01), inclusive. */
  first: number;
  last: number;
}

/**
 * Splits days `first`..`last` into whole months, whole ISO weeks (Monday first) and runs of
 * single days, oldest first, using a month or week only where `usable` allows it (its merged rows
 * are current). A week that would cut into a month the range could read whole is left to days,
 * so a 90-day range is about 13 runs. Every day is in exactly one run. The rollups' periods and
 * the survey tallies are both kept per day, ISO week and month, and both read a range this way.
 */
export function coverDays(
  first: number,
  last: number,
  usable: (kind: 'week' | 'month', start: number) => boolean,
): DayRun[] {
  const runs: DayRun[] = [];
  const wholeMonth = (start: number) =>
    monthStartOf(start) === start && monthAfter(start) - 1 <= last && usable('month', start);
  const push = (kind: DayRun['kind'], start: number, end: number) => {
    const previous = runs.at(-1);
    if (kind === 'day' && previous?.kind === 'day' && previous.last === start - 1) {
      previous.last = end;
    } else {
      runs.push({ kind, first: start, last: end });
    }
  };
  let day = first;
  while (day <= last) {
    if (wholeMonth(day)) {
      const end = monthAfter(day) - 1;
      push('month', day, end);
      day = end + 1;
      continue;
    }
    const weekEnd = day + 6;
    const nextFirst = monthAfter(day);
    const cutsMonth = nextFirst <= weekEnd && wholeMonth(nextFirst);
    if (isoWeekdayOf(day) === 1 && weekEnd <= last && !cutsMonth && usable('week', day)) {
      push('week', day, weekEnd);
      day = weekEnd + 1;
      continue;
    }
    push('day', day, day);
    day += 1;
  }
  return runs;
}
