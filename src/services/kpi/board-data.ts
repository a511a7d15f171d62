import { Temporal } from 'temporal-polyfill';
import type { LocalDate } from '../../domain/index.js';
import type { BacklogDay } from '../../metrics/backlog.js';
import { decodeSketchParts } from '../../metrics/sketch-parts.js';
import type { SketchPart } from '../../metrics/sketch.js';
import type { RollupCellRow, RollupSegment } from '../../store/store.js';
import { backlogDayEnds, backlogFromRollups } from './backlog-stats.js';
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
      ? backlogSeries(deps, installationId, dimension, { earliest, latest, bounds, usable }, slice)
      : new Map<string, BacklogDay[]>(),
  ]);
  const cells = cellsByPeriod(cellRows, periods.length, businessSketches);
  return periods.map(({ from, to }, i) => ({
    cells: cells[i] ?? new Map(),
    days: backlogDayEnds(from, to, zone, deps.now()).length,
    surveys: surveys.filter((s) => s.index === i),
    backlog: new Map(
      [...backlog].map(([value, series]) => [
        value,
        series.filter((d) => d.date >= from && d.date <= to),
      ]),
    ),
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
    const parts = sketchParts(row);
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

/**
 * A cell's sketch parts, oldest first: the merge breaks ties in input order, so weeks, months
 * and single days must come in the order their days would have.
 */
function sketchParts(row: RollupCellRow): SketchPart[] {
  const periods = decodeSketchParts(row.periodParts);
  const dated: { at: LocalDate; part: SketchPart }[] = periods.map((part, i) => ({
    at: row.periodStarts[i] ?? '',
    part,
  }));
  for (const [at, n, values] of row.dayParts)
    dated.push({ at, part: { n, values, weights: null } });
  dated.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return dated.map((d) => d.part);
}

/**
 * Daily backlog series from `earliest` to `latest`: the running totals before `earliest` (summed
 * over months, weeks and days since the first rollup) plus each day's steps.
 */
async function backlogSeries(
  deps: KpiDeps,
  installationId: string,
  dimension: ReturnType<typeof dimensionOf>,
  span: {
    earliest: LocalDate;
    latest: LocalDate;
    bounds: { first: LocalDate; last: LocalDate } | null;
    usable: (period: 'week' | 'month', start: LocalDate) => boolean;
  },
  slice: Slice,
): Promise<Map<string, BacklogDay[]>> {
  const { store } = deps;
  const { earliest, latest, bounds } = span;
  // Only days holding rollups add to the totals, so the cover is bounded by the data however far
  // back or ahead the range lies.
  const dayBefore = Temporal.PlainDate.from(earliest).subtract({ days: 1 }).toString();
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
  const rows = steps.flatMap((s) =>
    s.days.map((day, i) => ({
      day,
      dimensionValue: s.dimensionValue,
      metric: s.metric,
      sum: s.sums[i] ?? 0,
    })),
  );
  rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return backlogFromRollups(
    baseline,
    rows,
    backlogDayEnds(earliest, latest, deps.reportingTimeZone, deps.now()),
    slice === 'none' ? [''] : [],
  );
}
