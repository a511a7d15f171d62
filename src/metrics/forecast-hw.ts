/**
 * Additive Holt-Winters with a damped trend and a weekly season (ETS(A,Ad,A) in its error-correction
 * form), fitted to a daily count series. Support volume has a strong weekday pattern, a slow trend
 * and holiday dips; a damped trend keeps a two-week forecast from running off on a short slope.
 * Pure: the caller passes the series and which days are holidays.
 */

/** Days in the season (one week of daily values). */
export const SEASON_DAYS = 7;
/** Days of history needed to initialise level, trend and season (two whole weeks). */
export const MIN_HISTORY_DAYS = 2 * SEASON_DAYS;

/** One day of a series: the count, or null when it is unknown (the model skips it). */
export interface SeriesDay {
  value: number | null;
  /** 0 = Monday … 6 = Sunday, so the season is tied to weekdays, not to the series start. */
  weekday: number;
  /** A holiday of the schedules: not used to update the state; its effect is estimated apart. */
  isHoliday: boolean;
}

export interface HwParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** The fitted model's state after the last day, and what the intervals are drawn from. */
export interface HwModel {
  params: HwParams;
  level: number;
  trend: number;
  /** Seasonal term per weekday (0 = Monday). */
  season: number[];
  /** One-step-ahead errors on ordinary days after the first two weeks. */
  residuals: number[];
  /**
   * The residuals each divided by its weekday's scale: support counts are roughly Poisson, so a
   * busy Monday's errors are wider than a quiet Sunday's, and one pooled error size would make
   * weekday bands too narrow and weekend bands too wide.
   */
  standardized: number[];
  /**
   * Root mean square one-step error per weekday (the pooled one where a weekday has few), widened
   * for the quantities fitted from the same errors.
   */
  scales: number[];
  /**
   * Past holidays' actual total over their expected total (a team off solves ~0, arrivals drop to
   * a share); null when no holiday with a positive expectation was seen.
   */
  holidayFactor: number | null;
}

// A small grid keeps fitting cheap enough to refit at every backtest origin and stays away from
// the degenerate corners (α = 1 follows noise; γ near 1 lets one odd Monday define all Mondays).
const ALPHAS = [0.05, 0.15, 0.3, 0.5];
const BETAS = [0, 0.01, 0.05];
const GAMMAS = [0.05, 0.15, 0.3];
const PHI = 0.9;

/**
 * Fits the model by least squares of the one-step errors over the grid; null when the series has
 * fewer than two weeks of known ordinary days to start from.
 */
export function fitHoltWinters(days: readonly SeriesDay[]): HwModel | null {
  if (days.length < MIN_HISTORY_DAYS) return null;
  const start = initialState(days.slice(0, MIN_HISTORY_DAYS));
  if (start === null) return null;
  let best: HwModel | null = null;
  let bestSse = Infinity;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of GAMMAS) {
        const model = run(days, start, { alpha, beta, gamma, phi: PHI });
        const sse = model.residuals.reduce((s, e) => s + e * e, 0);
        if (sse < bestSse) {
          bestSse = sse;
          best = model;
        }
      }
    }
  }
  return best;
}

/**
 * The holiday factor to use: the one estimated from past holidays, else the quietest weekday's
 * expectation over this weekday's (a holiday is taken to look like the quietest day of the week).
 */
export function holidayFactorFor(model: HwModel, weekday: number): number {
  if (model.holidayFactor !== null) return model.holidayFactor;
  const own = model.level + (model.season[weekday] ?? 0);
  const quietest = model.level + Math.min(...model.season);
  return own <= 0 ? 1 : Math.max(0, quietest / own);
}

/** One step of the state equations after an error `e` on `weekday` (mutates `state`). */
export function updateState(
  state: { level: number; trend: number; season: number[] },
  params: HwParams,
  weekday: number,
  error: number,
): void {
  const level = state.level + params.phi * state.trend + params.alpha * error;
  state.trend = params.phi * state.trend + params.beta * error;
  state.level = level;
  state.season[weekday] = (state.season[weekday] ?? 0) + params.gamma * error;
}

/** Level, trend and season from the first two weeks (ordinary known days only). */
function initialState(
  days: readonly SeriesDay[],
): { level: number; trend: number; season: number[] } | null {
  const weekMean = (week: number) =>
    meanOf(
      days
        .slice(week * SEASON_DAYS, (week + 1) * SEASON_DAYS)
        .filter((d) => !d.isHoliday)
        .map((d) => d.value),
    );
  const first = weekMean(0);
  const second = weekMean(1);
  if (first === null || second === null) return null;
  const season = Array.from({ length: SEASON_DAYS }, (_, weekday) => {
    const deviations = days
      .map((d, i) => ({ d, mean: i < SEASON_DAYS ? first : second }))
      .filter(({ d }) => d.weekday === weekday && !d.isHoliday && d.value !== null)
      .map(({ d, mean }) => (d.value ?? 0) - mean);
    return meanOf(deviations) ?? 0;
  });
  // The level is the state at the end of the second week, so the run starts on day 15.
  const trend = (second - first) / SEASON_DAYS;
  return { level: second + trend * ((SEASON_DAYS - 1) / 2), trend, season };
}

function run(
  days: readonly SeriesDay[],
  start: { level: number; trend: number; season: number[] },
  params: HwParams,
): HwModel {
  const state = { level: start.level, trend: start.trend, season: [...start.season] };
  const residuals: number[] = [];
  const weekdays: number[] = [];
  const holidays = { actual: 0, expected: 0 };
  for (let t = MIN_HISTORY_DAYS; t < days.length; t += 1) {
    const day = days[t];
    if (day === undefined) continue;
    const expected = state.level + params.phi * state.trend + (state.season[day.weekday] ?? 0);
    if (day.value === null || day.isHoliday) {
      if (day.value !== null && expected > 0) {
        holidays.actual += day.value;
        holidays.expected += expected;
      }
      // An unknown or holiday day moves the state along its trend without learning from it.
      state.level += params.phi * state.trend;
      state.trend *= params.phi;
      continue;
    }
    const error = day.value - expected;
    residuals.push(error);
    weekdays.push(day.weekday);
    updateState(state, params, day.weekday, error);
  }
  const raw = weekdayScales(residuals, weekdays);
  // A weekday with no error at all (a constant series) has nothing to scale; its draws stay 0.
  const standardized = residuals.map((e, i) => e / (raw[weekdays[i] ?? 0] || 1));
  const scales = raw.map((scale) => scale * widening(residuals.length));
  return {
    params,
    ...state,
    residuals,
    standardized,
    scales,
    holidayFactor: holidays.expected > 0 ? holidays.actual / holidays.expected : null,
  };
}

/** Weekdays with fewer one-step errors than this borrow the pooled scale. */
const MIN_WEEKDAY_ERRORS = 3;

/** Quantities fitted from the same errors: α, β, γ, level, trend and the seven seasonal terms. */
const FITTED_QUANTITIES = 12;

/**
 * Errors of a model fitted to them understate its errors on new days; the usual degrees-of-freedom
 * correction widens them by √(n / (n − fitted)) (by √2 while there are few errors per quantity).
 */
function widening(n: number): number {
  return n > 2 * FITTED_QUANTITIES ? Math.sqrt(n / (n - FITTED_QUANTITIES)) : Math.SQRT2;
}

function weekdayScales(residuals: readonly number[], weekdays: readonly number[]): number[] {
  const rms = (values: readonly number[]) =>
    Math.sqrt(values.reduce((s, e) => s + e * e, 0) / Math.max(1, values.length));
  const pooled = rms(residuals);
  return Array.from({ length: SEASON_DAYS }, (_, weekday) => {
    const own = residuals.filter((_, i) => weekdays[i] === weekday);
    return own.length < MIN_WEEKDAY_ERRORS ? pooled : rms(own);
  });
}

function meanOf(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return null;
  return known.reduce((s, v) => s + v, 0) / known.length;
}
