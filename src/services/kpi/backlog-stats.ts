import type { Instant, LocalDate } from '../../domain/index.js';
import { localDayEnds } from '../../metrics/backlog.js';
import type { BacklogDay } from '../../metrics/backlog.js';
import { summarizeDistribution } from '../../metrics/stats.js';
import type { StatusSegment } from '../../metrics/types.js';
import type { BacklogCandidate, KpiRollup } from '../../store/store.js';
import { groupBy } from './aggregate.js';
import { BACKLOG_METRICS } from './catalog.js';
import type { CellStats } from './schemas.js';

/**
 * The day ends backlog is counted at for `from`..`to`: each local day's end, except that a day
 * still running at `now` is counted at `now` and days that have not started are left out.
 */
export function backlogDayEnds(
  from: LocalDate,
  to: LocalDate,
  timeZone: string,
  now: Instant,
): { date: LocalDate; endsAt: Instant }[] {
  const days: { date: LocalDate; endsAt: Instant }[] = [];
  let previousEnd = -Infinity;
  for (const day of localDayEnds(from, to, timeZone)) {
    // The previous day's end is this day's start: a day starting at or after now has no count.
    if (previousEnd >= now) break;
    days.push({ date: day.date, endsAt: Math.min(day.endsAt, now) });
    previousEnd = day.endsAt;
  }
  return days;
}

/**
 * A ticket's segments end at the `now` of its last analysis; its status has stayed the same since
 * (any change re-analyses it), so the last segment is extended to the end of time.
 */
export function openEndedSegments(candidate: BacklogCandidate): StatusSegment[] {
  const segments = candidate.segments.map((s) => ({ ...s }));
  const last = segments.at(-1);
  if (last !== undefined) last.to = Infinity;
  return segments;
}

/** Running backlog totals per slice value, as the rollups' `sumRollupsBefore` gives them. */
export type BacklogBaseline = readonly { dimensionValue: string; metric: string; sum: number }[];

/**
 * Daily backlog series per slice value from the rollups: the totals of every day before the
 * first of `days` (`baseline`) plus each day's net change, read at each day end. `days` must be
 * consecutive from the baseline's end. A slice value never in the backlog on any of the days has
 * no series, as a slice with no tickets has no cell; `always` values get one regardless.
 */
export function backlogFromRollups(
  baseline: BacklogBaseline,
  rollups: readonly Pick<KpiRollup, 'day' | 'dimensionValue' | 'metric' | 'sum'>[],
  days: readonly { date: LocalDate; endsAt: Instant }[],
  always: readonly string[],
): Map<string, BacklogDay[]> {
  const totals = new Map<string, { backlog: number; actionable: number }>();
  const totalOf = (value: string) => {
    let total = totals.get(value);
    if (total === undefined) {
      total = { backlog: 0, actionable: 0 };
      totals.set(value, total);
    }
    return total;
  };
  const add = (value: string, metric: string, sum: number) => {
    const total = totalOf(value);
    if (metric === 'backlog') total.backlog += sum;
    if (metric === 'backlog_actionable') total.actionable += sum;
  };
  always.forEach(totalOf);
  for (const b of baseline) add(b.dimensionValue, b.metric, b.sum);
  const steps = rollups.filter((r) => BACKLOG_METRICS.includes(r.metric));
  steps.forEach((r) => totalOf(r.dimensionValue));
  const byDay = groupBy(steps, (r) => r.day);
  const series = new Map<string, BacklogDay[]>([...totals.keys()].map((v) => [v, []]));
  for (const day of days) {
    for (const r of byDay.get(day.date) ?? []) add(r.dimensionValue, r.metric, r.sum);
    for (const [value, total] of totals) {
      series.get(value)?.push({
        date: day.date,
        endsAt: day.endsAt,
        // Sums of ±1 steps are integers; rounding only removes float noise.
        backlog: Math.round(total.backlog),
        actionable: Math.round(total.actionable),
      });
    }
  }
  for (const [value, list] of series) {
    if (!always.includes(value) && list.every((d) => d.backlog === 0 && d.actionable === 0)) {
      series.delete(value);
    }
  }
  return series;
}

/**
 * Backlog of a cell: a point-in-time count, so nothing is summed over days. `latest` (the
 * headline) is the count at the last day end; n is the number of days and median/p90/mean
 * describe the daily counts; `detail.actionable` excludes pending tickets.
 */
export function backlogStats(series: readonly BacklogDay[]): CellStats {
  const last = series.at(-1);
  return backlogCountStats(
    series.map((d) => d.backlog),
    last === undefined ? null : { actionable: last.actionable, endsAt: last.endsAt },
  );
}

/** {@link backlogStats} of the daily counts `backlog`, `last` being the last day's. */
export function backlogCountStats(
  backlog: ArrayLike<number>,
  last: { actionable: number; endsAt: Instant } | null,
): CellStats {
  const daily = summarizeDistribution(Array.from(backlog));
  return {
    n: daily.n,
    median: daily.median,
    p90: daily.p90,
    mean: daily.mean,
    latest: backlog.length === 0 ? null : (backlog[backlog.length - 1] ?? null),
    detail: {
      actionable: last?.actionable ?? null,
      asOf: last === null ? null : new Date(last.endsAt).toISOString(),
    },
  };
}
