import type { LocalDate } from '../../domain/index.js';
import type { RollupCellRow } from '../../store/store.js';
import { backlogDayEnds } from './backlog-stats.js';
import { boardBacklog, type BacklogColumns, type BoardBacklog } from './board-backlog.js';
import type { KpiDeps } from './deps.js';
import type { BoardPeriod, RollupCell } from './board-cells.js';
import { BACKLOG_METRICS, dimensionOf, rollupMetricsFor, type KpiDefinition } from './catalog.js';
import { coverRange } from './period-cover.js';
import { instantRange } from './range.js';
import type { Slice } from './schemas.js';

/**
 * Reads what the board needs for each of `periods`, moving as little as possible: rollup totals
 * and sketch parts summed per range and slice value by PostgreSQL over whole months, whole weeks
 * and the remaining days (a 90-day range is about 13 rows per value and metric instead of 90),
 * sketches only for the duration metrics and only on the clock shown, survey answers counted per
 * range, and backlog steps as one array per value. Weeks and months whose days changed since
 * their merge was built (stale) are read from their days.
 */
export async function loadBoardPeriods(
  deps: KpiDeps,
  installationId: string,
  slice: Slice,
  defs: readonly KpiDefinition[],
  periods: readonly { from: LocalDate; to: LocalDate }[],
  businessHours: boolean,
): Promise<BoardPeriod[]> {
  const { store, reportingTimeZone: zone } = deps;
  const dimension = dimensionOf(slice);
  const [stale, bounds] = await Promise.all([
    store.listStalePeriods(installationId),
    store.rollupDayBounds(installationId),
  ]);
  const staleKeys = new Set(stale.map((s) => `${s.period}:${s.startDay}`));
  const usable = (period: string, start: LocalDate) => !staleKeys.has(`${period}:${start}`);
  const metrics = rollupMetricsFor(defs).filter((m) => !BACKLOG_METRICS.includes(m));
  const durations = defs.flatMap((d) => (d.source.kind === 'duration' ? [d.source.metric] : []));
  const needs = (kind: string) => defs.some((d) => d.source.kind === kind);
  const surveyKinds = (['ces', 'nps'] as const).filter((k) => needs(k));
  const earliest = periods.reduce((a, p) => (p.from < a ? p.from : a), periods[0]?.from ?? '');
  const latest = periods.reduce((a, p) => (p.to > a ? p.to : a), periods[0]?.to ?? '');
  const segments = periods.flatMap((p, i) => coverRange(i, p.from, p.to, usable));
  // One clock per metric: the durations on the clock shown, AHT's logged seconds on calendar.
  const calendarSketches = [
    ...(businessHours ? [] : durations),
    ...(needs('aht') ? ['handle_time'] : []),
    ...defs.flatMap((d) => (d.source.kind === 'mean' ? [d.source.metric] : [])),
  ];
  const businessSketches = businessHours ? durations : [];
  const [cellRows, surveys, backlog] = await Promise.all([
    metrics.length === 0
      ? []
      : store.readRollupCells(installationId, {
          dimension,
          segments,
          metrics,
          calendarSketches,
          businessSketches,
        }),
    surveyKinds.length === 0
      ? []
      : store.countSurveyAnswers(installationId, {
          kinds: surveyKinds,
          ranges: periods.map((p) => {
            const { start, end } = instantRange(p.from, p.to, zone);
            return { from: start, to: end };
          }),
          dimension,
        }),
    needs('backlog')
      ? boardBacklog(deps, installationId, dimension, { earliest, latest, bounds, usable })
      : null,
  ]);
  const cells = cellsByPeriod(cellRows, periods.length, businessSketches);
  return periods.map(({ from, to }, i) => ({
    cells: cells[i] ?? new Map(),
    days: backlogDayEnds(from, to, zone, deps.now()).length,
    surveys: surveys.filter((s) => s.index === i),
    backlog: backlogOfRange(backlog, from, to),
  }));
}

function cellsByPeriod(
  rows: readonly RollupCellRow[],
  count: number,
  businessSketches: readonly string[],
) {
  const out = Array.from({ length: count }, () => new Map<string, Map<string, RollupCell>>());
  for (const row of rows) {
    const byValue = out[row.index];
    if (byValue === undefined) continue;
    let byMetric = byValue.get(row.dimensionValue);
    if (byMetric === undefined) {
      byMetric = new Map();
      byValue.set(row.dimensionValue, byMetric);
    }
    const { parts } = row;
    const business = businessSketches.includes(row.metric);
    byMetric.set(row.metric, {
      metric: row.metric,
      n: row.n,
      nBusiness: row.nBusiness,
      sum: row.sum,
      sumBusiness: row.sumBusiness,
      calendar: business ? [] : parts,
      business: business ? parts : [],
    });
  }
  return out;
}

/** The range's days of the span's backlog counts (views, not copies). */
function backlogOfRange(
  backlog: BoardBacklog | null,
  from: LocalDate,
  to: LocalDate,
): BoardPeriod['backlog'] {
  if (backlog === null) return { values: new Map(), endsAt: 0 };
  const { days } = backlog;
  const lo = days.findIndex((d) => d.date >= from);
  const start = lo < 0 ? days.length : lo;
  let end = start;
  while (end < days.length && (days[end]?.date ?? '') <= to) end += 1;
  const values = new Map<string, BacklogColumns>();
  for (const [value, c] of backlog.values) {
    values.set(value, {
      backlog: c.backlog.subarray(start, end),
      actionable: c.actionable.subarray(start, end),
    });
  }
  return { values, endsAt: days[end - 1]?.endsAt ?? 0 };
}
