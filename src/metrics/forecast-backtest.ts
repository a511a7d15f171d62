import type { LocalDate } from '../domain/index.js';
import { forecastDaily, type Band, type HistoryDay } from './forecast.js';

export type ForecastSeries = 'created' | 'solved' | 'backlog';
export const FORECAST_SERIES: readonly ForecastSeries[] = ['created', 'solved', 'backlog'];

/** One forecast checked against what happened: made at `origin` for `horizon` days ahead. */
export interface BacktestPoint {
  /** The first forecast day; the model saw only the days before it. */
  origin: LocalDate;
  /** 1 = the origin day itself. */
  horizon: number;
  series: ForecastSeries;
  actual: number;
  band: Band;
}

export interface SeriesAccuracy {
  /** Mean absolute percentage error of the mean, over points with a non-zero actual; null if none. */
  mape: number | null;
  /** Points MAPE was computed over. */
  mapePoints: number;
  /** Share of points inside the 80 % / 95 % interval; null when there were none. */
  coverage80: number | null;
  coverage95: number | null;
  points: number;
}

export interface BacktestSummary {
  /** Forecast origins that could be fitted. */
  origins: number;
  from: LocalDate | null;
  to: LocalDate | null;
  created: SeriesAccuracy;
  solved: SeriesAccuracy;
  backlog: SeriesAccuracy;
}

export interface BacktestOptions {
  /** How far back the origins go (8 weeks). */
  weeks: number;
  horizonDays: number;
  /** Days between consecutive origins. */
  stepDays: number;
  paths: number;
  seed: number;
}

export const DEFAULT_BACKTEST: BacktestOptions = {
  weeks: 8,
  horizonDays: 14,
  stepDays: 1,
  paths: 500,
  seed: 19,
};

/**
 * Rolling-origin backtest over the last `weeks` weeks of `history`: at each origin the model is
 * fitted on the days before it only (the forecaster is handed that prefix and the calendar of the
 * days ahead — dates, weekdays, holidays — never their counts), and each forecast is compared with
 * the actual days that exist. Origins whose prefix is too short to fit are skipped.
 */
export function backtestPoints(
  history: readonly HistoryDay[],
  options: BacktestOptions = DEFAULT_BACKTEST,
): BacktestPoint[] {
  const points: BacktestPoint[] = [];
  const first = Math.max(1, history.length - options.weeks * 7);
  for (let origin = first; origin < history.length; origin += options.stepDays) {
    const ahead = history.slice(origin, origin + options.horizonDays);
    const calendar = ahead.map(({ date, weekday, isHoliday }) => ({ date, weekday, isHoliday }));
    const forecast = forecastDaily(history.slice(0, origin), calendar, {
      paths: options.paths,
      seed: options.seed,
    });
    if (forecast === null) continue;
    const originDate = ahead[0]?.date ?? '';
    ahead.forEach((actualDay, k) => {
      const day = forecast.days[k];
      if (day === undefined) return;
      for (const series of FORECAST_SERIES) {
        const actual = actualDay[series];
        if (actual === null) continue;
        points.push({ origin: originDate, horizon: k + 1, series, actual, band: day[series] });
      }
    });
  }
  return points;
}

/** MAPE and interval coverage per series over the backtest's points. */
export function summarizeBacktest(points: readonly BacktestPoint[]): BacktestSummary {
  const origins = [...new Set(points.map((p) => p.origin))].sort();
  const accuracy = (series: ForecastSeries) =>
    accuracyOf(points.filter((p) => p.series === series));
  return {
    origins: origins.length,
    from: origins[0] ?? null,
    to: origins.at(-1) ?? null,
    created: accuracy('created'),
    solved: accuracy('solved'),
    backlog: accuracy('backlog'),
  };
}

function accuracyOf(points: readonly BacktestPoint[]): SeriesAccuracy {
  const nonZero = points.filter((p) => p.actual !== 0);
  const share = (inside: (p: BacktestPoint) => boolean) =>
    points.length === 0 ? null : points.filter(inside).length / points.length;
  return {
    mape:
      nonZero.length === 0
        ? null
        : (100 / nonZero.length) *
          nonZero.reduce((s, p) => s + Math.abs(p.actual - p.band.mean) / Math.abs(p.actual), 0),
    mapePoints: nonZero.length,
    coverage80: share((p) => p.actual >= p.band.p80.low && p.actual <= p.band.p80.high),
    coverage95: share((p) => p.actual >= p.band.p95.low && p.actual <= p.band.p95.high),
    points: points.length,
  };
}
