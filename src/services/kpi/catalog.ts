import { SlaMetricSchema } from '../../domain/index.js';
import type { RollupDimension } from '../../store/store.js';
import type { BoardKpi, KpiName, Slice } from './schemas.js';

/** Where a KPI's numbers come from. */
export type KpiSource =
  /** A duration rollup metric (seconds) with calendar and business sketches. */
  | { kind: 'duration'; metric: string }
  /** A 0/1 flag rollup metric: rate = sum / n with a Wilson interval. */
  | { kind: 'rate'; metric: string }
  /**
   * SLA target instances (flags, 1 = achieved) of every SLA metric's rollup: one attainment over
   * all of them, and each metric's own in the cell's detail (metrics.md §11 reports per metric).
   */
  | { kind: 'sla'; metrics: readonly string[] }
  /** Handle time rollup, with coverage against the solved tickets of the same days. */
  | { kind: 'aht' }
  /** Survey answers read from the stored per-ticket metrics, bucketed by answer time. */
  | { kind: 'ces' }
  | { kind: 'nps' }
  /** End-of-day backlog from the tickets' status segments. */
  | { kind: 'backlog' }
  | { kind: 'unavailable'; reason: string };

export interface KpiDefinition {
  kpi: KpiName;
  source: KpiSource;
  unit: BoardKpi['unit'];
  headline: BoardKpi['headline'];
  direction: BoardKpi['direction'];
  changeKind: BoardKpi['changeKind'];
}

/** The rollup metric counted once per ticket solved that day: its `n` is the solved count. */
export const SOLVED_COUNT_METRIC = 'reopened';

const duration = (kpi: KpiName, metric: string): KpiDefinition => ({
  kpi,
  source: { kind: 'duration', metric },
  unit: 'seconds',
  headline: 'median',
  direction: 'lower_is_better',
  changeKind: 'relative',
});

const rate = (kpi: KpiName, metric: string, direction: BoardKpi['direction']): KpiDefinition => ({
  kpi,
  source: { kind: 'rate', metric },
  unit: 'fraction',
  headline: 'rate',
  direction,
  changeKind: 'absolute',
});

/** The rollup metrics holding each day's net backlog change (rollup-day.ts). */
export const BACKLOG_METRICS: readonly string[] = ['backlog', 'backlog_actionable'];

/** The SLA rollup metrics, one per SLA metric (rollup-day.ts). */
export const SLA_ROLLUP_METRICS = SlaMetricSchema.options.map((metric) => `sla_${metric}`);

/** Every KPI of the contract, in board order. */
export const KPI_CATALOG: readonly KpiDefinition[] = [
  duration('first_resolution', 'first_resolution'),
  duration('full_resolution', 'full_resolution'),
  duration('first_reply', 'first_reply'),
  duration('requester_wait', 'requester_wait'),
  rate('reopen_rate', 'reopened', 'lower_is_better'),
  {
    kpi: 'aht',
    source: { kind: 'aht' },
    unit: 'seconds',
    headline: 'mean',
    direction: 'lower_is_better',
    changeKind: 'relative',
  },
  {
    kpi: 'ces',
    source: { kind: 'ces' },
    unit: 'score',
    headline: 'mean',
    direction: 'higher_is_better',
    changeKind: 'relative',
  },
  rate('csat', 'csat', 'higher_is_better'),
  {
    kpi: 'nps',
    source: { kind: 'nps' },
    unit: 'nps',
    headline: 'score',
    direction: 'higher_is_better',
    changeKind: 'absolute',
  },
  rate('one_touch', 'one_touch', 'higher_is_better'),
  {
    kpi: 'sla_attainment',
    source: { kind: 'sla', metrics: SLA_ROLLUP_METRICS },
    unit: 'fraction',
    headline: 'rate',
    direction: 'higher_is_better',
    changeKind: 'absolute',
  },
  {
    kpi: 'backlog',
    source: { kind: 'backlog' },
    unit: 'tickets',
    headline: 'latest',
    direction: 'lower_is_better',
    changeKind: 'relative',
  },
];

export function kpiDefinition(kpi: KpiName): KpiDefinition {
  const found = KPI_CATALOG.find((d) => d.kpi === kpi);
  if (found === undefined) throw new RangeError(`unknown KPI ${kpi}`);
  return found;
}

/** The rollup dimension a board slice reads; the agent slice is the ticket's assignee. */
export function dimensionOf(slice: Slice): RollupDimension {
  return slice === 'none' ? 'all' : slice;
}

/** Rollup metrics a set of KPIs needs (the solved count rides along for AHT coverage). */
export function rollupMetricsFor(defs: readonly KpiDefinition[]): string[] {
  const metrics = new Set<string>();
  for (const { source } of defs) {
    if (source.kind === 'duration' || source.kind === 'rate') metrics.add(source.metric);
    if (source.kind === 'sla') source.metrics.forEach((m) => metrics.add(m));
    if (source.kind === 'backlog') BACKLOG_METRICS.forEach((m) => metrics.add(m));
    if (source.kind === 'aht') {
      metrics.add('handle_time');
      metrics.add(SOLVED_COUNT_METRIC);
    }
  }
  return [...metrics];
}
