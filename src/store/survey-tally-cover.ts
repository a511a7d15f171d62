import type { Instant } from '../domain/index.js';
import { dateOfEpochDay, isoWeekdayOf, monthAfter, monthStartOf } from '../metrics/calendar-day.js';

const DAY_MS = 86_400_000;

/** Whole UTC days, a week or a month of `survey_tallies` (migration 027), first and last day. */
export interface TallySegment {
  index: number;
  period: 'day' | 'week' | 'month';
  first: string;
  last: string;
}

/** A partial UTC day at a range's end, counted from the answers themselves: `[from, to)`. */
export interface AnswerEdge {
  index: number;
  from: Instant;
  to: Instant;
}

/**
 * Splits the instants `[from, to)` into the whole UTC days it holds, as whole months, whole ISO
 * weeks (Monday first) and runs of single days, plus the partial days at its ends. A board's
 * range runs from one local midnight to another, so in a zone other than UTC both ends fall
 * inside UTC days: those hours are the edges. A week that would cut into a month the range reads
 * whole is left to days, so a 90-day range is a few months, weeks and single days.
 */
export function coverTallyRange(
  index: number,
  from: Instant,
  to: Instant,
): { segments: TallySegment[]; edges: AnswerEdge[] } {
  const firstDay = Math.ceil(from / DAY_MS);
  const endDay = Math.floor(to / DAY_MS);
  if (firstDay >= endDay) return { segments: [], edges: from < to ? [{ index, from, to }] : [] };
  const edges: AnswerEdge[] = [];
  if (from < firstDay * DAY_MS) edges.push({ index, from, to: firstDay * DAY_MS });
  if (endDay * DAY_MS < to) edges.push({ index, from: endDay * DAY_MS, to });
  const segments: TallySegment[] = [];
  const push = (period: TallySegment['period'], day: number, next: number) => {
    const previous = segments.at(-1);
    const last = dateOfEpochDay(next - 1);
    if (
      period === 'day' &&
      previous?.period === 'day' &&
      previous.last === dateOfEpochDay(day - 1)
    ) {
      previous.last = last;
    } else {
      segments.push({ index, period, first: dateOfEpochDay(day), last });
    }
  };
  // Day numbers (days since 1970-01-01).
  let day = firstDay;
  while (day < endDay) {
    if (monthStartOf(day) === day && monthAfter(day) <= endDay) {
      push('month', day, monthAfter(day));
      day = monthAfter(day);
      continue;
    }
    const nextFirst = monthAfter(day);
    const cutsMonth = nextFirst < day + 7 && monthAfter(nextFirst) <= endDay;
    if (isoWeekdayOf(day) === 1 && day + 7 <= endDay && !cutsMonth) {
      push('week', day, day + 7);
      day += 7;
      continue;
    }
    push('day', day, day + 1);
    day += 1;
  }
  return { segments, edges };
}
