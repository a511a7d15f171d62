import { mergedQuantiles, type QuantileInput } from '../../metrics/sketch-quantiles.js';
import type { Instant } from '../../domain/index.js';
import type { SurveyCount } from '../../store/store.js';
import { emptyStats, groupBy, rateStats, slaStats } from './aggregate.js';
import { backlogCountStats } from './backlog-stats.js';
import type { BacklogColumns } from './board-backlog.js';
import { SOLVED_COUNT_METRIC, type KpiDefinition } from './catalog.js';
import { countCell } from './count-stats.js';
import type { CellStats } from './schemas.js';
import { cesStats, npsStats } from './survey-stats.js';

/** One metric of one slice value over a whole range: totals and its sketch parts, oldest first. */
export interface RollupCell {
  metric: string;
  n: number;
  nBusiness: number;
  sum: number;
  sumBusiness: number;
  calendar: QuantileInput[];
  business: QuantileInput[];
}

/** What the board reads for one range: rollup cells by slice value and metric, answers, backlog. */
export interface BoardPeriod {
  cells: Map<string, Map<string, RollupCell>>;
  /** The range's days that have started (ticket volume's denominator). */
  days: number;
  surveys: SurveyCount[];
  /** Each slice value's daily backlog counts over the range's counted days, and the last one's end. */
  backlog: { values: Map<string, BacklogColumns>; endsAt: Instant };
}

/**
 * The statistics of a duration cell, as `durationStats` computes them from the range's daily rows:
 * n and mean from the totals, median and p90 from the merged parts (the same points as merging
 * the days' sketches while the weeks and months are lossless; see rollup-periods.ts), computed
 * from the two merged points each interpolates between (sketch-quantiles.ts).
 */
export function cellDurationStats(cell: RollupCell, business: boolean): CellStats {
  const n = business ? cell.nBusiness : cell.n;
  if (n === 0) return emptyStats();
  const [median = null, p90 = null] = mergedQuantiles(
    business ? cell.business : cell.calendar,
    [0.5, 0.9],
  );
  return { n, median, p90, mean: (business ? cell.sumBusiness : cell.sum) / n };
}

/** One KPI's cells of a range, keyed by slice value (the board's `periodCells`). */
export function boardCells(
  def: KpiDefinition,
  data: BoardPeriod,
  businessHours: boolean,
): Map<string, CellStats> {
  const cells = new Map<string, CellStats>();
  const { source } = def;
  switch (source.kind) {
    case 'duration':
    case 'rate':
    case 'sla':
    case 'aht':
      for (const [value, byMetric] of data.cells) {
        if (source.kind === 'duration') {
          const cell = byMetric.get(source.metric);
          if (cell !== undefined) cells.set(value, cellDurationStats(cell, businessHours));
        } else if (source.kind === 'rate') {
          const cell = byMetric.get(source.metric);
          if (cell !== undefined) cells.set(value, rateStats([cell]));
        } else if (source.kind === 'sla') {
          const matching = source.metrics.flatMap((m) => byMetric.get(m) ?? []);
          if (matching.length > 0) cells.set(value, slaStats(matching));
        } else {
          const handle = byMetric.get('handle_time');
          const solved = byMetric.get(SOLVED_COUNT_METRIC);
          if (handle === undefined && solved === undefined) continue;
          // Logged seconds have no business-hours variant (metrics.md §7).
          const stats = handle === undefined ? emptyStats() : cellDurationStats(handle, false);
          const solvedCount = solved?.n ?? 0;
          cells.set(value, {
            ...stats,
            detail: {
              solved: solvedCount,
              coverage: solvedCount === 0 ? null : stats.n / solvedCount,
            },
          });
        }
      }
      break;
    case 'ces':
    case 'nps': {
      const counts = data.surveys.filter((t) => t.kind === source.kind);
      const stats = source.kind === 'ces' ? cesStats : npsStats;
      for (const [value, list] of groupBy(counts, (t) => t.sliceValue))
        cells.set(value, stats(list));
      break;
    }
    case 'backlog':
      for (const [value, { backlog, actionable }] of data.backlog.values) {
        const last = actionable.length - 1;
        if (last < 0) continue;
        const end = { actionable: actionable[last] ?? 0, endsAt: data.backlog.endsAt };
        cells.set(value, backlogCountStats(backlog, end));
      }
      break;
    case 'volume':
    case 'resolution':
      for (const [value, byMetric] of data.cells) {
        const cell = countCell(source.kind, (m) => byMetric.get(m)?.n ?? null, data.days);
        if (cell !== null) cells.set(value, cell);
      }
      break;
    case 'mean':
      for (const [value, byMetric] of data.cells) {
        const cell = byMetric.get(source.metric);
        if (cell !== undefined) cells.set(value, cellDurationStats(cell, false));
      }
      break;
    case 'unavailable':
      break;
  }
  return cells;
}
