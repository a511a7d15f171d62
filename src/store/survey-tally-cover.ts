import type { Instant } from '../domain/index.js';
import { dateOfEpochDay } from '../metrics/calendar-day.js';
import { coverDays } from '../metrics/day-cover.js';

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
  const segments = coverDays(firstDay, endDay - 1, () => true).map((run) => ({
    index,
    period: run.kind,
    first: dateOfEpochDay(run.first),
    last: dateOfEpochDay(run.last),
  }));
  return { segments, edges };
}
