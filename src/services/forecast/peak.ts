import { forecastDaily } from '../../metrics/forecast.js';
import type { ForecastDeps } from './forecast.js';
import { loadForecastInputs } from './inputs.js';

/** The highest forecast backlog (mean) of the next 14 days, the day it falls on, the history used. */
export interface BacklogPeak {
  backlog: number;
  date: string;
  historyDays: number;
}

/**
 * The forecast's peak backlog for the alert rule "forecast backlog above N": the daily forecast
 * only (no hourly split, no backtest), so evaluating alerts after every rollup stays cheap. Null
 * when the history is too short to forecast.
 */
export async function forecastBacklogPeak(
  deps: ForecastDeps,
  installationId: string,
  groupId: string | null,
): Promise<BacklogPeak | null> {
  const inputs = await loadForecastInputs(
    deps.store,
    installationId,
    groupId,
    deps.reportingTimeZone,
    deps.now(),
  );
  const daily = forecastDaily(inputs.history, inputs.future);
  if (daily === null) return null;
  let peak: BacklogPeak | null = null;
  for (const day of daily.days) {
    if (peak === null || day.backlog.mean > peak.backlog) {
      peak = { backlog: day.backlog.mean, date: day.date, historyDays: inputs.history.length };
    }
  }
  return peak;
}
