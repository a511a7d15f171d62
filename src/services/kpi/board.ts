import { ValidationError } from '../../errors.js';
import type { BacklogDay } from '../../metrics/backlog.js';
import type { KpiRollup, SurveyTally } from '../../store/store.js';
import type { KpiDeps } from './deps.js';
import {
  ahtStats,
  changeOf,
  durationStats,
  emptyStats,
  groupBy,
  rateStats,
  slaStats,
} from './aggregate.js';
import { backlogDayEnds, backlogFromRollups, backlogStats } from './backlog-stats.js';
import type { KpiDefinition } from './catalog.js';
import {
  BACKLOG_METRICS,
  dimensionOf,
  KPI_CATALOG,
  rollupMetricsFor,
  SOLVED_COUNT_METRIC,
} from './catalog.js';
import { boardCells, type BoardPeriod } from './board-cells.js';
import { loadBoardPeriods } from './board-data.js';
import { instantRange, previousRange } from './range.js';
import type { Board, BoardKpi, BoardQuery, BoardSlice, CellStats, Slice } from './schemas.js';
import { sliceNames } from './slice-names.js';
import { cesStats, npsStats } from './survey-stats.js';
import { countCell } from './count-stats.js';

export type { KpiDeps } from './deps.js';

/** The inputs of one period, read once and shared by every KPI. */
export interface PeriodData {
  rollups: KpiRollup[];
  /** Survey answers counted per local day and slice value. */
  surveys: SurveyTally[];
  /** Daily backlog series per slice value over the period's counted days. */
  backlog: Map<string, BacklogDay[]>;
  from: string;
  to: string;
  /** The period's days that have started (ticket volume's denominator). */
  days: number;
}

/**
 * The team-lead board for `query` (API contract, KPIs): every KPI of the catalog per slice, for
 * the range and the previous period of equal length. Durations, rates and AHT come from the
 * rollups (merged sketches for median/p90, (n, sum) pairs for means) of whole months, whole weeks
 * and single days (board-data.ts), backlog from the rollups' daily deltas summed from the start;
 * CES and NPS, which the rollups cannot answer exactly (scales), from the answers of the stored
 * per-ticket metrics, counted per range, slice value and answer by the store.
 */
export async function computeBoard(
  deps: KpiDeps,
  installationId: string,
  query: BoardQuery,
): Promise<Board> {
  checkAttribution(query.slice, query.attribution);
  const previous = previousRange(query.from, query.to);
  const periods = [{ from: query.from, to: query.to }, previous];
  const [current, before] = await loadBoardPeriods(
    deps,
    installationId,
    query.slice,
    KPI_CATALOG,
    periods,
    query.businessHours,
  );
  const cells = (def: KpiDefinition, data: BoardPeriod | undefined) =>
    data === undefined ? new Map<string, CellStats>() : boardCells(def, data, query.businessHours);
  const kpis = KPI_CATALOG.map((def) =>
    boardKpi(def, query, cells(def, current), cells(def, before)),
  );
  const values = kpis.flatMap((k) => k.slices.map((s) => s.sliceValue));
  const names = await sliceNames(deps.store, installationId, query.slice, values);
  for (const k of kpis) for (const s of k.slices) s.sliceName = names.get(s.sliceValue) ?? null;
  return {
    from: query.from,
    to: query.to,
    businessHours: query.businessHours,
    attribution: 'assignee',
    previous,
    kpis,
  };
}

/**
 * The rollups attribute the agent slice to the ticket's assignee (as of its latest analysis);
 * they hold no solver or replier dimension, and recomputing one from per-ticket rows over a
 * long range would not meet the board's latency goal, so those modes are refused, not faked.
 */
export function checkAttribution(slice: Slice, attribution: string): void {
  if (slice === 'agent' && attribution !== 'assignee') {
    throw new ValidationError(
      `attribution=${attribution} is not supported: the agent slice attributes each ticket to ` +
        'its assignee (the daily rollups hold no solver or replier dimension); use attribution=assignee',
      [`attribution: '${attribution}' is not supported with slice=agent`],
    );
  }
}

/**
 * Reads rollups, survey answers and backlog candidates for several periods in one go. With
 * `sliceValue`, survey and backlog reads keep only that slice's tickets (rollups are per value).
 */
export async function loadPeriods(
  deps: KpiDeps,
  installationId: string,
  slice: Slice,
  defs: readonly KpiDefinition[],
  periods: readonly { from: string; to: string }[],
  sliceValue?: string,
): Promise<PeriodData[]> {
  const { store, reportingTimeZone: zone } = deps;
  const now = deps.now();
  const earliest = periods.reduce((a, p) => (p.from < a ? p.from : a), periods[0]?.from ?? '');
  const latest = periods.reduce((a, p) => (p.to > a ? p.to : a), periods[0]?.to ?? '');
  const span = instantRange(earliest, latest, zone);
  const metrics = rollupMetricsFor(defs);
  const needs = (kind: string) => defs.some((d) => d.source.kind === kind);
  const surveyKinds = (['ces', 'nps'] as const).filter((k) => needs(k));
  const filter =
    sliceValue === undefined || slice === 'none'
      ? {}
      : { slice: { dimension: dimensionOf(slice), value: sliceValue } };
  const dimension = dimensionOf(slice);
  const [rollups, surveys, baseline] = await Promise.all([
    metrics.length === 0
      ? []
      : store.listRollups(installationId, { from: earliest, to: latest, dimension, metrics }),
    surveyKinds.length === 0
      ? []
      : store.tallySurveyAnswers(installationId, {
          kinds: surveyKinds,
          from: span.start,
          to: span.end,
          timeZone: zone,
          dimension,
          ...filter,
        }),
    needs('backlog')
      ? store.sumRollupsBefore(installationId, {
          before: earliest,
          dimension,
          metrics: BACKLOG_METRICS,
        })
      : [],
  ]);
  const backlog = needs('backlog')
    ? backlogFromRollups(
        baseline,
        rollups,
        backlogDayEnds(earliest, latest, zone, now),
        slice === 'none' ? [''] : [],
      )
    : new Map<string, BacklogDay[]>();
  return periods.map(({ from, to }) => ({
    from,
    to,
    days: backlogDayEnds(from, to, zone, now).length,
    rollups: rollups.filter((r) => r.day >= from && r.day <= to),
    surveys: surveys.filter((s) => s.day >= from && s.day <= to),
    backlog: new Map(
      [...backlog].map(([value, series]) => [
        value,
        series.filter((d) => d.date >= from && d.date <= to),
      ]),
    ),
  }));
}

/**
 * One KPI's cells for every slice value of a period, keyed by slice value. Rollup rows, survey
 * tallies and the backlog series all arrive per slice value already.
 */
export function periodCells(
  def: KpiDefinition,
  data: PeriodData,
  businessHours: boolean,
): Map<string, CellStats> {
  const cells = new Map<string, CellStats>();
  const { source } = def;
  switch (source.kind) {
    case 'duration':
    case 'rate':
    case 'sla':
    case 'aht': {
      for (const [value, byMetric] of rollupIndex(data)) {
        const of = (metric: string) => byMetric.get(metric) ?? [];
        if (source.kind === 'duration') {
          const matching = of(source.metric);
          if (matching.length > 0) cells.set(value, durationStats(matching, businessHours));
        } else if (source.kind === 'rate') {
          const matching = of(source.metric);
          if (matching.length > 0) cells.set(value, rateStats(matching));
        } else if (source.kind === 'sla') {
          const matching = source.metrics.flatMap(of);
          if (matching.length > 0) cells.set(value, slaStats(matching));
        } else {
          const handle = of('handle_time');
          const solved = of(SOLVED_COUNT_METRIC);
          if (handle.length + solved.length > 0) cells.set(value, ahtStats(handle, solved));
        }
      }
      break;
    }
    case 'ces':
    case 'nps': {
      const tallies = data.surveys.filter((t) => t.kind === source.kind);
      const stats = source.kind === 'ces' ? cesStats : npsStats;
      for (const [value, list] of groupBy(tallies, (t) => t.sliceValue)) {
        cells.set(value, stats(list));
      }
      break;
    }
    case 'backlog': {
      for (const [value, series] of data.backlog) {
        if (series.length > 0) cells.set(value, backlogStats(series));
      }
      break;
    }
    case 'volume':
    case 'resolution':
      for (const [value, byMetric] of rollupIndex(data)) {
        const count = (metric: string) =>
          byMetric.get(metric)?.reduce((total, r) => total + r.n, 0) ?? null;
        const cell = countCell(source.kind, count, data.days);
        if (cell !== null) cells.set(value, cell);
      }
      break;
    case 'mean':
      for (const [value, byMetric] of rollupIndex(data)) {
        const matching = byMetric.get(source.metric) ?? [];
        if (matching.length > 0) cells.set(value, durationStats(matching, false));
      }
      break;
    case 'unavailable':
      break;
  }
  return cells;
}

const rollupIndexes = new WeakMap<PeriodData, Map<string, Map<string, KpiRollup[]>>>();

/**
 * A period's rollups by slice value, then metric, built once and shared by every KPI of the
 * board (a sliced board has hundreds of thousands of rows; regrouping them per KPI showed up in
 * its profile).
 */
function rollupIndex(data: PeriodData): Map<string, Map<string, KpiRollup[]>> {
  let index = rollupIndexes.get(data);
  if (index === undefined) {
    index = new Map();
    for (const [value, rows] of groupBy(data.rollups, (r) => r.dimensionValue)) {
      index.set(
        value,
        groupBy(rows, (r) => r.metric),
      );
    }
    rollupIndexes.set(data, index);
  }
  return index;
}

function boardKpi(
  def: KpiDefinition,
  query: BoardQuery,
  cur: Map<string, CellStats>,
  prev: Map<string, CellStats>,
): BoardKpi {
  const values = new Set([...cur.keys(), ...prev.keys()]);
  if (query.slice === 'none' && def.source.kind !== 'unavailable') values.add('');
  const slices: BoardSlice[] = [...values].map((value) => {
    const stats = cur.get(value) ?? emptyStats();
    const previous = prev.get(value) ?? null;
    const change = changeOf(def, stats, previous);
    // Named once for the whole board by computeBoard (one lookup, not one per KPI).
    return { sliceValue: value, sliceName: null, ...stats, previous, change };
  });
  slices.sort((a, b) => b.n - a.n || (a.sliceValue < b.sliceValue ? -1 : 1));
  return {
    kpi: def.kpi,
    unit: def.unit,
    headline: def.headline,
    direction: def.direction,
    changeKind: def.changeKind,
    display: def.display,
    businessHoursApplied: query.businessHours && def.display.businessHours,
    unavailable: def.source.kind === 'unavailable' ? def.source.reason : null,
    slices,
  };
}
