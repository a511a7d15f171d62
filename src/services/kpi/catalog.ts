import { SlaMetricSchema } from '../../domain/index.js';
import type { RollupDimension } from '../../store/store.js';
import { KPI_REGISTRY, type KpiSpec } from '../../metrics/kpi-registry.js';
import type { KpiName, Slice } from './schemas.js';

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
  /** Tickets created per counted day (`created` rollup's n): mean per day, total in detail. */
  | { kind: 'volume' }
  /** Solved (the solved-count metric's n) ÷ created (`created`'s n) over the same days. */
  | { kind: 'resolution' }
  /** A per-ticket count rollup metric (calendar only): mean headline, median/p90 from sketches. */
  | { kind: 'mean'; metric: string }
  | { kind: 'unavailable'; reason: string };

/** A registry entry (src/metrics/kpi-registry.ts) with where the board reads its numbers. */
export interface KpiDefinition extends KpiSpec {
  kpi: KpiName;
  source: KpiSource;
}

/** The rollup metric counted once per ticket solved that day: its `n` is the solved count. */
export const SOLVED_COUNT_METRIC = 'reopened';

/** The rollup metric counted once per ticket on its creation day: its `n` is the created count. */
export const CREATED_COUNT_METRIC = 'created';

/** The rollup metrics holding each day's net backlog change (rollup-day.ts). */
export const BACKLOG_METRICS: readonly string[] = ['backlog', 'backlog_actionable'];

/** The SLA rollup metrics, one per SLA metric (rollup-day.ts). */
export const SLA_ROLLUP_METRICS = SlaMetricSchema.options.map((metric) => `sla_${metric}`);

/** Where each KPI's numbers come from; its unit, headline and day rule are the registry's. */
const SOURCES: Record<KpiName, KpiSource> = {
  first_resolution: { kind: 'duration', metric: 'first_resolution' },
  full_resolution: { kind: 'duration', metric: 'full_resolution' },
  first_reply: { kind: 'duration', metric: 'first_reply' },
  requester_wait: { kind: 'duration', metric: 'requester_wait' },
  reopen_rate: { kind: 'rate', metric: 'reopened' },
  aht: { kind: 'aht' },
  ces: { kind: 'ces' },
  csat: { kind: 'rate', metric: 'csat' },
  nps: { kind: 'nps' },
  one_touch: { kind: 'rate', metric: 'one_touch' },
  sla_attainment: { kind: 'sla', metrics: SLA_ROLLUP_METRICS },
  backlog: { kind: 'backlog' },
  ticket_volume: { kind: 'volume' },
  resolution_rate: { kind: 'resolution' },
  interactions_per_ticket: { kind: 'mean', metric: 'interactions' },
};

/** Every KPI of the contract, in the registry's board order. */
export const KPI_CATALOG: readonly KpiDefinition[] = KPI_REGISTRY.map((spec) => ({
  ...spec,
  kpi: spec.id,
  source: SOURCES[spec.id],
}));

export function kpiDefinition(kpi: KpiName): KpiDefinition {
  const found = KPI_CATALOG.find((d) => d.kpi === kpi);
  if (found === undefined) throw new RangeError(`unknown KPI ${kpi}`);
  return found;
}

/** The rollup dimension a board slice reads; the agent slice is the ticket's assignee. */
export function dimensionOf(slice: Slice): RollupDimension {
  return slice === 'none' ? 'all' : slice;
}

/** Rollup metrics a set of KPIs needs (the solved count rides along for AHT coverage and resolution). */
export function rollupMetricsFor(defs: readonly KpiDefinition[]): string[] {
  const metrics = new Set<string>();
  for (const { source } of defs) {
    if (source.kind === 'duration' || source.kind === 'rate' || source.kind === 'mean') {
      metrics.add(source.metric);
    }
    if (source.kind === 'volume' || source.kind === 'resolution') metrics.add(CREATED_COUNT_METRIC);
    if (source.kind === 'resolution') metrics.add(SOLVED_COUNT_METRIC);
    if (source.kind === 'sla') source.metrics.forEach((m) => metrics.add(m));
    if (source.kind === 'backlog') BACKLOG_METRICS.forEach((m) => metrics.add(m));
    if (source.kind === 'aht') {
      metrics.add('handle_time');
      metrics.add(SOLVED_COUNT_METRIC);
    }
  }
  return [...metrics];
}
