import { forecastDaily, type HistoryDay } from '../../metrics/forecast.js';
import {
  backtestPoints,
  DEFAULT_BACKTEST,
  summarizeBacktest,
} from '../../metrics/forecast-backtest.js';
import { forecastHourly, hourProfile } from '../../metrics/forecast-hourly.js';
import { loadForecastInputs, type ForecastInputStore } from './inputs.js';
import { HOURLY_FORECAST_DAYS, type ForecastDocument, type ForecastQuery } from './schemas.js';

export interface ForecastDeps {
  store: ForecastInputStore;
  /** IANA zone of the rollups' local days (REPORTING_TIME_ZONE). */
  reportingTimeZone: string;
  now: () => number;
}

export const MODEL_NAME =
  'Holt-Winters (additive, damped trend, weekly season, holiday factor); intervals by simulation';

/** Days of history the document carries for the chart. */
const CHART_HISTORY_DAYS = 8 * 7;
// The hourly split has its own stream, so adding it never changes the daily bands.
const HOURLY_SEED = 20;

/**
 * The backlog forecast of the whole team (or one group): 14 days of created, solved at the
 * current staffing and backlog with 80 % / 95 % intervals, 7 days per weekday × hour, the recent
 * history for the chart, and the model's rolling-origin backtest over the last 8 weeks so a team
 * lead sees how far to trust it.
 */
export async function computeForecast(
  deps: ForecastDeps,
  installationId: string,
  query: ForecastQuery,
): Promise<ForecastDocument> {
  const groupId = query.group ?? null;
  const inputs = await loadForecastInputs(
    deps.store,
    installationId,
    groupId,
    deps.reportingTimeZone,
    deps.now(),
  );
  const daily = forecastDaily(inputs.history, inputs.future);
  const backtest = summarizeBacktest(backtestPoints(inputs.history));
  const asOf = inputs.future[0]?.date ?? '';
  const base = {
    group: groupId,
    timeZone: deps.reportingTimeZone,
    asOf: inputs.history.at(-1)?.date ?? asOf,
    model: MODEL_NAME,
    history: inputs.history.slice(-CHART_HISTORY_DAYS).map(historyPoint),
    backtest: {
      weeks: DEFAULT_BACKTEST.weeks,
      horizonDays: DEFAULT_BACKTEST.horizonDays,
      ...backtest,
    },
  };
  if (daily === null) {
    return { ...base, status: 'insufficient_history', daily: [], hourly: [] };
  }
  const hourly = forecastHourly(
    daily,
    inputs.future,
    hourProfile(inputs.hourCounts),
    HOURLY_FORECAST_DAYS,
    HOURLY_SEED,
  );
  return {
    ...base,
    status: 'ok',
    daily: daily.days.map((day, k) => ({
      ...day,
      isHoliday: inputs.future[k]?.isHoliday ?? false,
    })),
    hourly,
  };
}

function historyPoint(day: HistoryDay) {
  return {
    date: day.date,
    created: day.created,
    solved: day.solved,
    backlog: day.backlog,
    isHoliday: day.isHoliday,
  };
}
