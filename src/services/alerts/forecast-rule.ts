import type { AlertRule } from '../../store/store.js';
import type { ForecastDeps } from '../forecast/forecast.js';
import { forecastBacklogPeak } from '../forecast/peak.js';

export type ForecastRule = Extract<AlertRule, { type: 'forecast_backlog' }>;

/** What the webhook body tells about a forecast firing. */
export interface ForecastFiring {
  group: string | null;
  /** The day the forecast backlog peaks (the value is its mean). */
  date: string;
  above: number;
}

export interface ForecastJudgement {
  outcome: 'fired' | 'ok' | 'insufficient_sample';
  /** The peak forecast backlog (mean), null when there is no forecast. */
  value: number | null;
  /** Days of history the forecast was fitted on. */
  n: number;
  firing: ForecastFiring | null;
}

/**
 * "Forecast backlog above N": the peak of the 14-day backlog forecast (mean) against `above`.
 * `minSample` counts days of history; a forecast that cannot be made is an insufficient sample.
 */
export async function judgeForecastRule(
  deps: ForecastDeps,
  installationId: string,
  minSample: number,
  rule: ForecastRule,
): Promise<ForecastJudgement> {
  const group = rule.group ?? null;
  const peak = await forecastBacklogPeak(deps, installationId, group);
  if (peak === null || peak.historyDays < minSample) {
    const n = peak?.historyDays ?? 0;
    return { outcome: 'insufficient_sample', value: peak?.backlog ?? null, n, firing: null };
  }
  const fired = peak.backlog > rule.above;
  return {
    outcome: fired ? 'fired' : 'ok',
    value: peak.backlog,
    n: peak.historyDays,
    firing: fired ? { group, date: peak.date, above: rule.above } : null,
  };
}
