import type { Instant, LocalDate } from '../../domain/index.js';
import { addDays } from '../../metrics/calendar-day.js';
import type { RollupDimension, RollupPeriod, RollupSegment } from '../../store/store.js';
import type { KpiDeps } from './deps.js';
import { backlogDayEnds } from './backlog-stats.js';
import { BACKLOG_METRICS } from './catalog.js';
import { coverRange } from './period-cover.js';

/**
 * End-of-day backlog counts of one slice value, one entry per counted day of the board's span
 * (`BoardBacklog.days`), as plain numbers: a sliced board has hundreds of values × 180 days, and
 * an object per value and day (with the sort and regrouping that built them) showed in its profile.
 */
export interface BacklogColumns {
  backlog: Float64Array;
  actionable: Float64Array;
}

/** The board span's counted days and each slice value's counts on them. */
export interface BoardBacklog {
  days: { date: LocalDate; endsAt: Instant }[];
  values: Map<string, BacklogColumns>;
}

/**
 * Daily backlog counts from `earliest` to `latest`, as `backlogFromRollups` gives them: the
 * running totals before `earliest` (summed over months, weeks and days since the first rollup)
 * plus each day's steps, rounded; a value that is zero on every day is left out unless it is the
 * unsliced board's ''.
 */
export async function boardBacklog(
  deps: KpiDeps,
  installationId: string,
  dimension: RollupDimension,
  span: {
    earliest: LocalDate;
    latest: LocalDate;
    bounds: { first: LocalDate; last: LocalDate } | null;
    usable: (period: RollupPeriod, start: LocalDate) => boolean;
  },
): Promise<BoardBacklog> {
  const { store } = deps;
  const { earliest, latest, bounds } = span;
  // Only days holding rollups add to the totals, so the cover is bounded by the data however far
  // back or ahead the range lies.
  const dayBefore = addDays(earliest, -1);
  const lastBefore = bounds === null ? null : bounds.last < dayBefore ? bounds.last : dayBefore;
  const before: RollupSegment[] =
    bounds === null || lastBefore === null || bounds.first > lastBefore
      ? []
      : coverRange(0, bounds.first, lastBefore, span.usable);
  const [baseline, steps] = await Promise.all([
    before.length === 0
      ? []
      : store.readRollupCells(installationId, {
          dimension,
          segments: before,
          metrics: BACKLOG_METRICS,
          calendarSketches: [],
          businessSketches: [],
        }),
    store.listDailySums(installationId, {
      from: earliest,
      to: latest,
      dimension,
      metrics: BACKLOG_METRICS,
    }),
  ]);
  const days = backlogDayEnds(earliest, latest, deps.reportingTimeZone, deps.now());
  const values = new Map<string, BacklogColumns>();
  const columnsOf = (value: string) => {
    let columns = values.get(value);
    if (columns === undefined) {
      columns = {
        backlog: new Float64Array(days.length),
        actionable: new Float64Array(days.length),
      };
      values.set(value, columns);
    }
    return columns;
  };
  const column = (value: string, metric: string) => {
    const columns = columnsOf(value);
    return metric === 'backlog' ? columns.backlog : columns.actionable;
  };
  if (dimension === 'all') columnsOf('');
  // Each day's steps at its index (the days are consecutive from `earliest`; days not started
  // yet are not counted), then running totals from the baseline, in day order as before. A day
  // pack holds a value once, so a slot gets one step and the order of the packs does not matter.
  for (const pack of steps) {
    const at = pack.offset;
    if (at < 0 || at >= days.length) continue;
    for (let i = 0; i < pack.values.length; i += 1) {
      const target = column(pack.values[i] ?? '', pack.metric);
      target[at] = (target[at] ?? 0) + (pack.sums[i] ?? 0);
    }
  }
  const start = new Map<string, { backlog: number; actionable: number }>();
  for (const b of baseline) {
    columnsOf(b.dimensionValue);
    const total = start.get(b.dimensionValue) ?? { backlog: 0, actionable: 0 };
    if (b.metric === 'backlog') total.backlog += b.sum;
    else total.actionable += b.sum;
    start.set(b.dimensionValue, total);
  }
  for (const [value, columns] of values) {
    const total = start.get(value) ?? { backlog: 0, actionable: 0 };
    // Both columns become running totals (no short-circuit): the value is dropped if both are zero.
    const backlogZero = runningTotals(columns.backlog, total.backlog);
    const actionableZero = runningTotals(columns.actionable, total.actionable);
    const empty = backlogZero && actionableZero;
    if (empty && !(dimension === 'all' && value === '')) values.delete(value);
  }
  return { days, values };
}

/** Replaces each day's step by the rounded running total from `base`; true when all are zero. */
function runningTotals(column: Float64Array, base: number): boolean {
  let total = base;
  let zero = true;
  for (let i = 0; i < column.length; i += 1) {
    total += column[i] ?? 0;
    // Sums of ±1 steps are integers; rounding only removes float noise.
    const count = Math.round(total);
    column[i] = count;
    if (count !== 0) zero = false;
  }
  return zero;
}
