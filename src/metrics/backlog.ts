import type { Instant, LocalDate } from '../domain/index.js';
import { UNSOLVED_STATUSES } from '../domain/index.js';
import { dateOfEpochDay, epochDayOf } from './calendar-day.js';
import { startOfLocalDay } from './local-day.js';
import type { StatusSegment } from './types.js';

export interface BacklogDay {
  date: LocalDate;
  /** The instant the day ends (next local midnight); the count is the state just before it. */
  endsAt: Instant;
  /** Tickets new, open, pending or on hold at the end of the day. */
  backlog: number;
  /** The same without pending tickets (waiting on the customer, not on the team). */
  actionable: number;
}

/**
 * End-of-day instants for each local date from `from` to `to` inclusive in `timeZone`, so days are
 * the reporting zone's days (23 or 25 hours long across DST), never UTC days.
 */
export function localDayEnds(
  from: LocalDate,
  to: LocalDate,
  timeZone: string,
): { date: LocalDate; endsAt: Instant }[] {
  const days: { date: LocalDate; endsAt: Instant }[] = [];
  const last = epochDayOf(to);
  for (let day = epochDayOf(from); day <= last; day += 1) {
    days.push({ date: dateOfEpochDay(day), endsAt: startOfLocalDay(day + 1, timeZone) });
  }
  return days;
}

/**
 * Backlog at the end of each day (metrics.md §12): a point-in-time count, one per day, from each
 * ticket's status segments. An event exactly at midnight belongs to the next day. Segments end at
 * the `now` they were computed for, so pass only days that have ended by then. Cost is
 * O(segments × log days), not tickets × days.
 */
export function computeBacklog(
  tickets: Iterable<readonly StatusSegment[]>,
  days: readonly { date: LocalDate; endsAt: Instant }[],
): BacklogDay[] {
  const ends = days.map((d) => d.endsAt);
  const all = new Int32Array(days.length + 1);
  const actionable = new Int32Array(days.length + 1);
  for (const segments of tickets) {
    for (const segment of segments) {
      if (!UNSOLVED_STATUSES.has(segment.status)) continue;
      // The segment [from, to) covers day-end T when from < T <= to (state just before T).
      const first = firstIndexAbove(ends, segment.from);
      const stop = firstIndexAbove(ends, segment.to);
      if (stop <= first) continue;
      all[first] = (all[first] ?? 0) + 1;
      all[stop] = (all[stop] ?? 0) - 1;
      if (segment.status !== 'pending') {
        actionable[first] = (actionable[first] ?? 0) + 1;
        actionable[stop] = (actionable[stop] ?? 0) - 1;
      }
    }
  }
  let running = 0;
  let runningActionable = 0;
  return days.map((day, i) => {
    running += all[i] ?? 0;
    runningActionable += actionable[i] ?? 0;
    return { date: day.date, endsAt: day.endsAt, backlog: running, actionable: runningActionable };
  });
}

/** A ticket entering (+1) or leaving (-1) the backlog, and its actionable part, at an instant. */
export interface BacklogStep {
  at: Instant;
  backlog: number;
  actionable: number;
}

/**
 * The instants a ticket's segments enter and leave the backlog. Summed over every instant before
 * a day end T (one at T belongs to the next day), they give {@link computeBacklog}'s count at T:
 * a segment counts when from < T <= to. The last segment is open-ended — its status has held since
 * the analysis, and any change re-analyses the ticket — so it never leaves.
 */
export function backlogSteps(segments: readonly StatusSegment[]): BacklogStep[] {
  const steps: BacklogStep[] = [];
  segments.forEach((segment, i) => {
    if (!UNSOLVED_STATUSES.has(segment.status)) return;
    const actionable = segment.status === 'pending' ? 0 : 1;
    steps.push({ at: segment.from, backlog: 1, actionable });
    if (i < segments.length - 1)
      steps.push({ at: segment.to, backlog: -1, actionable: -actionable });
  });
  return steps;
}

function firstIndexAbove(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
