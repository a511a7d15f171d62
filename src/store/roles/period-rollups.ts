import type { LocalDate } from '../../domain/index.js';
import type { QuantileInput } from '../../metrics/sketch-quantiles.js';
import type { KpiRollup, RollupDimension } from '../types.js';

export type RollupPeriod = 'week' | 'month';

/** A week or month whose merged rollups are missing or older than its daily rows. */
export interface StalePeriod {
  period: RollupPeriod;
  startDay: LocalDate;
  /** The mark's version: a rebuild clears the mark only if it is still this one. */
  mark: string;
}

/** One merged rollup row of a week or month; sketches in the binary part format (sketch-parts.ts). */
export interface PeriodRollupRow {
  dimension: RollupDimension;
  dimensionValue: string;
  metric: string;
  n: number;
  nBusiness: number;
  sum: number;
  sumBusiness: number;
  sketchCalendar: Buffer;
  sketchBusiness: Buffer;
}

/**
 * A contiguous stretch the board reads from one source: a week or month row, or the daily rows of
 * `start`..`end`. `index` says which of the caller's ranges it belongs to.
 */
export interface RollupSegment {
  index: number;
  kind: 'day' | RollupPeriod;
  start: LocalDate;
  /** Inclusive. */
  end: LocalDate;
}

export interface RollupCellQuery {
  dimension: RollupDimension;
  segments: readonly RollupSegment[];
  metrics: readonly string[];
  /**
   * Metrics whose calendar (business) sketch parts are wanted, each in at most one list; other
   * metrics come without sketches.
   */
  calendarSketches: readonly string[];
  businessSketches: readonly string[];
}

/** Totals of one metric for one slice value over every segment of one range. */
export interface RollupCellRow {
  index: number;
  dimensionValue: string;
  metric: string;
  n: number;
  nBusiness: number;
  sum: number;
  sumBusiness: number;
  /**
   * The wanted clock's sketch parts of every segment read, oldest first (the merge breaks ties in
   * input order): a week's or month's still encoded, located where the read delivered it; a
   * single day's points with the n of that clock. Empty sketches have no part.
   */
  parts: QuantileInput[];
}

/**
 * One day's `sum`s of one metric (a backlog step per slice value): `sums[i]` is value `values[i]`'s
 * sum on the day `offset` days after the query's `from`. One row per day pack as stored, in no
 * particular order: regrouping the values per slice value in PostgreSQL unnested and aggregated
 * every value of every day (72,000 for the agent board), where the caller indexes them directly.
 */
export interface DailySumPack {
  offset: number;
  metric: string;
  values: string[];
  sums: number[];
}

/** Weekly and monthly merges of the daily rollups (sql-period-rollups.ts). */
export interface PeriodRollupStore {
  /**
   * Marks every week and month holding daily rollups stale, for writers that load days without
   * `replaceDailyRollups` (bulk loads); the next {@link refreshPeriodRollups} rebuilds them.
   */
  markAllPeriodsStale(installationId: string): Promise<void>;
  /** The installation's stale periods, oldest first. */
  listStalePeriods(installationId: string): Promise<StalePeriod[]>;
  /** The first and last days with daily rollups; null when there are none. */
  rollupDayBounds(installationId: string): Promise<{ first: LocalDate; last: LocalDate } | null>;
  /** Every dimension's daily rollups of `from`..`to`, by dimension, value, metric, then day. */
  listRollupsOfDays(
    installationId: string,
    range: { from: LocalDate; to: LocalDate },
  ): Promise<KpiRollup[]>;
  /**
   * Replaces one period's merged rows and clears its stale mark if it is still `mark` (a day
   * written meanwhile leaves it marked for the next rebuild).
   */
  replacePeriodRollups(
    installationId: string,
    period: StalePeriod,
    rows: readonly PeriodRollupRow[],
  ): Promise<void>;
  /** Per range index, slice value and metric: totals and sketch parts over its segments. */
  readRollupCells(installationId: string, query: RollupCellQuery): Promise<RollupCellRow[]>;
  /** The daily sums of `metrics` in `from`..`to` of every slice value (one row per day and metric). */
  listDailySums(
    installationId: string,
    query: {
      from: LocalDate;
      to: LocalDate;
      dimension: RollupDimension;
      metrics: readonly string[];
    },
  ): Promise<DailySumPack[]>;
}
