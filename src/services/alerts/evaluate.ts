import type { Instant } from '../../domain/index.js';
import type {
  StoredAlert,
  AlertStore,
  KpiReads,
  NameQueries,
  RollupStore,
  TicketMetricsStore,
  AnalysisSettingsStore,
  ApiStoreQueries,
  ForecastStore,
  InstallationStore,
  ScheduleStore,
  HealthStore,
} from '../../store/store.js';
import { emptyStats, headlineOf } from '../kpi/aggregate.js';
import { loadPeriods, periodCells, type PeriodData } from '../kpi/board.js';
import { kpiDefinition, type KpiDefinition } from '../kpi/catalog.js';
import { localDate } from '../kpi/range.js';
import { addDays } from '../../metrics/calendar-day.js';
import { KpiNameSchema, type CellStats } from '../kpi/schemas.js';
import { isMuted } from './alerts.js';
import { deliverWebhook, type WebhookPoster } from './deliver.js';
import { judgeForecastRule } from './forecast-rule.js';
import { judgeHealthRule } from './health-rule.js';

export interface AlertDeps {
  store: AlertStore &
    AnalysisSettingsStore &
    ApiStoreQueries &
    ForecastStore &
    InstallationStore &
    KpiReads &
    NameQueries &
    RollupStore &
    ScheduleStore &
    TicketMetricsStore &
    HealthStore;
  /** The reporting zone whose local days make the 7- and 28-day windows. */
  reportingTimeZone: string;
  /** Where firing alerts are delivered (the composition root's HTTP webhook adapter). */
  webhooks: WebhookPoster;
}

export type AlertOutcome = 'fired' | 'ok' | 'cooldown' | 'muted' | 'insufficient_sample';

export interface AlertEvaluation {
  alertId: string;
  kpi: string;
  outcome: AlertOutcome;
  /** The KPI headline over the 7-day window (null when there was no data). */
  value: number | null;
  n: number;
  /** Baseline rules: the headline over the 28 days before. */
  baseline: number | null;
  /** After a firing: `delivered` or `failed: …`. */
  delivery?: string;
}

/** Current window: the 7 local days ending today; baseline: the 28 days before it. */
export const CURRENT_DAYS = 7;
export const BASELINE_DAYS = 28;

/**
 * Evaluates every alert of the installation as of `now` and delivers the ones that fire. Meant to
 * run after rollups (each call reads the alerts' KPIs once for both windows). An alert fires when
 * its rule holds and the sample is big enough — n ≥ minSample in the 7-day window, and in the
 * baseline window too for baseline rules — and its cooldown since the last firing has passed; the
 * firing is claimed atomically, so concurrent evaluations deliver it once. A failed delivery is
 * recorded and not retried before the cooldown ends.
 */
export async function evaluateAlerts(
  deps: AlertDeps,
  installationId: string,
  now: Instant,
): Promise<AlertEvaluation[]> {
  const alerts = await deps.store.listAlerts(installationId);
  const results: AlertEvaluation[] = [];
  const due: StoredAlert[] = [];
  for (const alert of alerts) {
    if (isMuted(alert, now)) {
      results.push({ ...base(alert), outcome: 'muted', value: null, n: 0, baseline: null });
    } else if (inCooldown(alert, now)) {
      results.push({ ...base(alert), outcome: 'cooldown', value: null, n: 0, baseline: null });
    } else if (KpiNameSchema.safeParse(alert.kpi).success) {
      due.push(alert);
    }
  }
  if (due.length === 0) return results;
  const windows = alertWindows(now, deps.reportingTimeZone);
  const kpiDeps = { store: deps.store, reportingTimeZone: deps.reportingTimeZone, now: () => now };
  // Forecast rules read the forecast, not the KPI windows.
  const kpiDue = due.filter(
    (a) => a.rule.type !== 'forecast_backlog' && a.rule.type !== 'account_at_risk',
  );
  const defs = [...new Set(kpiDue.map((a) => a.kpi))].map((k) =>
    kpiDefinition(KpiNameSchema.parse(k)),
  );
  const [current, baseline] = await loadPeriods(kpiDeps, installationId, 'none', defs, [
    windows.current,
    windows.baseline,
  ]);
  for (const alert of due) {
    const def = kpiDefinition(KpiNameSchema.parse(alert.kpi));
    const cell = (data: PeriodData | undefined): CellStats =>
      data === undefined
        ? emptyStats()
        : (periodCells(def, data, alert.businessHours).get('') ?? emptyStats());
    const rule = alert.rule;
    const judged =
      rule.type === 'forecast_backlog'
        ? await judgeForecastRule(kpiDeps, installationId, alert.minSample, rule)
        : rule.type === 'account_at_risk'
          ? await judgeHealthRule(kpiDeps, installationId, alert.minSample, rule)
          : null;
    const result: AlertEvaluation =
      judged === null
        ? judge(alert, def, cell(current), cell(baseline))
        : {
            ...base(alert),
            outcome: judged.outcome,
            value: judged.value,
            n: judged.n,
            baseline: null,
          };
    if (result.outcome !== 'fired') {
      await deps.store.recordAlertEvaluation(installationId, alert.id, now);
      results.push(result);
      continue;
    }
    const value = result.value ?? 0;
    if (!(await deps.store.claimAlertFiring(installationId, alert.id, now, value))) {
      results.push({ ...result, outcome: 'cooldown' });
      continue;
    }
    const body = {
      event: 'deskpulse.kpi_alert',
      alertId: alert.id,
      installationId,
      kpi: alert.kpi,
      unit: def.unit,
      rule: alert.rule,
      businessHours: alert.businessHours,
      value,
      n: result.n,
      window: windows.current,
      baseline:
        result.baseline === null ? null : { value: result.baseline, window: windows.baseline },
      ...(judged?.firing
        ? rule.type === 'account_at_risk'
          ? { health: judged.firing }
          : { forecast: judged.firing }
        : {}),
      firedAt: new Date(now).toISOString(),
    };
    const delivery = await deliverWebhook(deps.webhooks, alert.webhookUrl, body);
    await deps.store.recordAlertEvaluation(installationId, alert.id, now, delivery);
    results.push({ ...result, delivery });
  }
  return results;
}

/** The two windows as local dates of the reporting zone. */
export function alertWindows(now: Instant, timeZone: string) {
  const today = localDate(now, timeZone);
  const day = (n: number) => addDays(today, -n);
  return {
    current: { from: day(CURRENT_DAYS - 1), to: day(0) },
    baseline: { from: day(CURRENT_DAYS + BASELINE_DAYS - 1), to: day(CURRENT_DAYS) },
  };
}

function inCooldown(alert: StoredAlert, now: Instant): boolean {
  return alert.lastFiredAt !== null && now < alert.lastFiredAt + alert.cooldownMinutes * 60_000;
}

function base(alert: StoredAlert) {
  return { alertId: alert.id, kpi: alert.kpi };
}

/** Applies the rule to the two windows' stats (pure). */
export function judge(
  alert: Pick<StoredAlert, 'id' | 'kpi' | 'rule' | 'minSample'>,
  def: KpiDefinition,
  current: CellStats,
  baseline: CellStats,
): AlertEvaluation {
  const value = headlineOf(def, current);
  const result = { alertId: alert.id, kpi: alert.kpi, value, n: current.n, baseline: null };
  if (value === null || current.n < alert.minSample) {
    return { ...result, outcome: 'insufficient_sample' };
  }
  const rule = alert.rule;
  // evaluateAlerts judges forecast and health rules by their own reads (forecast-rule.ts,
  // health-rule.ts), never here.
  if (rule.type === 'forecast_backlog' || rule.type === 'account_at_risk') {
    return { ...result, outcome: 'insufficient_sample' };
  }
  if (rule.type === 'threshold') {
    const holds = rule.op === '>' ? value > rule.value : value < rule.value;
    return { ...result, outcome: holds ? 'fired' : 'ok' };
  }
  const before = headlineOf(def, baseline);
  // A zero baseline has no relative change; it cannot say "worse by X%".
  if (before === null || before === 0 || baseline.n < alert.minSample) {
    return { ...result, baseline: before, outcome: 'insufficient_sample' };
  }
  const worse = def.direction === 'lower_is_better' ? value - before : before - value;
  const worsePct = (100 * worse) / Math.abs(before);
  return { ...result, baseline: before, outcome: worsePct >= rule.worseByPct ? 'fired' : 'ok' };
}
