import type { LocalDate } from '../domain/index.js';
import {
  fitHoltWinters,
  holidayFactorFor,
  SEASON_DAYS,
  updateState,
  type HwModel,
  type SeriesDay,
} from './forecast-hw.js';
import { drawFrom, seededUniform, type Uniform } from './forecast-random.js';
import { quantile } from './stats.js';

/** One past day: tickets created and solved that day and the backlog at its end (null: unknown). */
export interface HistoryDay {
  date: LocalDate;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  isHoliday: boolean;
  created: number | null;
  solved: number | null;
  backlog: number | null;
}

/** A day to forecast; holidays come from the schedules, so they are known ahead. */
export type FutureDay = Pick<HistoryDay, 'date' | 'weekday' | 'isHoliday'>;

/** A forecast value: the mean of the simulated paths and its 80 % and 95 % prediction intervals. */
export interface Band {
  mean: number;
  p80: { low: number; high: number };
  p95: { low: number; high: number };
}

export interface DayForecast {
  date: LocalDate;
  created: Band;
  solved: Band;
  backlog: Band;
}

/** Every simulated path, day-major per path (`path * days + day`), for the hourly split. */
export interface SimulatedPaths {
  count: number;
  created: Float64Array;
  solved: Float64Array;
  backlog: Float64Array;
  /** The backlog the paths start from (end of the last history day). */
  startBacklog: number;
}

export interface DailyForecast {
  days: DayForecast[];
  paths: SimulatedPaths;
}

export interface SimulationOptions {
  paths: number;
  seed: number;
}

export const DEFAULT_SIMULATION: SimulationOptions = { paths: 2000, seed: 19 };

/** Recent days whose backlog change beyond created − solved (reopens, merges) is resampled. */
const OTHER_FLOW_DAYS = 28;
/** One-step errors needed before residuals can stand for the forecast's uncertainty. */
const MIN_RESIDUALS = SEASON_DAYS;

/**
 * Forecasts created, solved and backlog for `future` (consecutive days right after `history`) by
 * simulation: created and the solve capacity (the solved series: what the current staffing
 * solves on such a day) each follow their fitted Holt-Winters model with bootstrapped one-step
 * errors fed back into the state, so the bands widen with the horizon as the model's own errors
 * compound. A path solves at most what is open (backlog plus created), and its backlog also takes
 * a resampled recent "other" change (reopens and merges move the backlog without a create or a
 * solve). Null when either series is too short to fit or the last backlog is unknown.
 */
export function forecastDaily(
  history: readonly HistoryDay[],
  future: readonly FutureDay[],
  options: SimulationOptions = DEFAULT_SIMULATION,
): DailyForecast | null {
  const created = fitHoltWinters(seriesOf(history, 'created'));
  const solved = fitHoltWinters(seriesOf(history, 'solved'));
  const startBacklog = history.at(-1)?.backlog ?? null;
  if (created === null || solved === null || startBacklog === null) return null;
  if (created.residuals.length < MIN_RESIDUALS || solved.residuals.length < MIN_RESIDUALS) {
    return null;
  }
  const other = otherFlows(history.slice(-OTHER_FLOW_DAYS - 1));
  const random = seededUniform(options.seed);
  const n = future.length;
  const paths: SimulatedPaths = {
    count: options.paths,
    created: new Float64Array(options.paths * n),
    solved: new Float64Array(options.paths * n),
    backlog: new Float64Array(options.paths * n),
    startBacklog,
  };
  for (let p = 0; p < options.paths; p += 1) {
    const arrivals = simulateSeries(created, future, random);
    const capacity = simulateSeries(solved, future, random);
    let backlog = startBacklog;
    for (let k = 0; k < n; k += 1) {
      const open = backlog + (arrivals[k] ?? 0);
      const done = Math.min(capacity[k] ?? 0, open);
      const drift = other.length === 0 ? 0 : drawFrom(random, other);
      backlog = Math.max(0, open - done + drift);
      paths.created[p * n + k] = arrivals[k] ?? 0;
      paths.solved[p * n + k] = done;
      paths.backlog[p * n + k] = backlog;
    }
  }
  const days = future.map((day, k) => ({
    date: day.date,
    created: bandOf(paths.created, n, k, paths.count),
    solved: bandOf(paths.solved, n, k, paths.count),
    backlog: bandOf(paths.backlog, n, k, paths.count),
  }));
  return { days, paths };
}

/** The band of a value from `count` draws at stride `stride` starting at `offset`. */
export function bandOf(values: Float64Array, stride: number, offset: number, count: number): Band {
  const draws = new Float64Array(count);
  for (let p = 0; p < count; p += 1) draws[p] = values[p * stride + offset] ?? 0;
  draws.sort();
  let sum = 0;
  for (const v of draws) sum += v;
  return {
    mean: sum / count,
    p80: { low: quantile(draws, 0.1), high: quantile(draws, 0.9) },
    p95: { low: quantile(draws, 0.025), high: quantile(draws, 0.975) },
  };
}

function seriesOf(history: readonly HistoryDay[], key: 'created' | 'solved'): SeriesDay[] {
  return history.map((d) => ({ value: d[key], weekday: d.weekday, isHoliday: d.isHoliday }));
}

/** One future path of a count series: state equations driven by resampled one-step errors. */
function simulateSeries(model: HwModel, future: readonly FutureDay[], random: Uniform): number[] {
  const state = { level: model.level, trend: model.trend, season: [...model.season] };
  const { phi } = model.params;
  return future.map((day) => {
    const expected = state.level + phi * state.trend + (state.season[day.weekday] ?? 0);
    const error = drawFrom(random, model.standardized) * (model.scales[day.weekday] ?? 0);
    if (day.isHoliday) {
      state.level += phi * state.trend;
      state.trend *= phi;
      // The day's count and its noise both shrink by the holiday factor.
      return Math.max(0, (expected + error) * holidayFactorFor(model, day.weekday));
    }
    updateState(state, model.params, day.weekday, error);
    // Counts are never negative; the error still moved the state as the model says.
    return Math.max(0, expected + error);
  });
}

/** Each day's backlog change not explained by created − solved. */
function otherFlows(days: readonly HistoryDay[]): number[] {
  const flows: number[] = [];
  for (let i = 1; i < days.length; i += 1) {
    const day = days[i];
    const before = days[i - 1]?.backlog ?? null;
    if (day === undefined || before === null || day.backlog === null) continue;
    if (day.created === null || day.solved === null) continue;
    flows.push(day.backlog - before - (day.created - day.solved));
  }
  return flows;
}
