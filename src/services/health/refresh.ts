import type { LocalDate } from '../../domain/index.js';
import { dateOfEpochDay, epochDayOf } from '../../metrics/calendar-day.js';
import { healthBaseline, scoreHealth } from '../../metrics/health-score.js';
import {
  HEALTH_WINDOW_DAYS,
  healthSignals,
  type HealthTicket,
} from '../../metrics/health-signals.js';
import type { StoredHealthScore, TicketStore } from '../../store/store.js';
import { instantRange, localDate } from '../kpi/range.js';
import type { StoredHealthData } from './schemas.js';

/** Days scored the first time an installation's health is read (the board's 90-day view). */
export const BACKFILL_DAYS = 90;

export interface HealthDeps {
  store: Pick<
    TicketStore,
    | 'listHealthTickets'
    | 'replaceHealthScores'
    | 'listHealthScores'
    | 'latestHealthDay'
    | 'getHealthSettings'
    | 'listOrganizationFacts'
    | 'listDisplayNames'
  >;
  /** IANA zone of the local days scores are stored for (REPORTING_TIME_ZONE). */
  reportingTimeZone: string;
  now: () => number;
}

/**
 * Brings the stored daily scores up to today: the days after the last stored one, plus that
 * day itself and today again (tickets analysed since may have changed them). Days before are
 * final: a score for a past day rests on the tickets created by its end, which no longer change
 * except by late analysis. Returns today's local date.
 */
export async function refreshHealth(deps: HealthDeps, installationId: string): Promise<LocalDate> {
  const now = deps.now();
  const tz = deps.reportingTimeZone;
  // Day numbers (days since 1970-01-01).
  const today = epochDayOf(localDate(now, tz));
  const latest = await deps.store.latestHealthDay(installationId);
  const backfill = today - (BACKFILL_DAYS - 1);
  const first = Math.max(
    backfill,
    Math.min(today, latest === null ? backfill : epochDayOf(latest)),
  );
  const days: LocalDate[] = [];
  for (let d = first; d <= today; d += 1) days.push(dateOfEpochDay(d));
  const scores = await scoreDays(deps, installationId, days, now);
  await deps.store.replaceHealthScores(installationId, days, scores);
  return dateOfEpochDay(today);
}

/** Every active account's score on each of `days` (as of each day's end, or `now` for today). */
export async function scoreDays(
  deps: Pick<HealthDeps, 'store' | 'reportingTimeZone'>,
  installationId: string,
  days: readonly LocalDate[],
  now: number,
): Promise<StoredHealthScore[]> {
  const firstDay = days[0];
  const lastDay = days.at(-1);
  if (firstDay === undefined || lastDay === undefined) return [];
  const tz = deps.reportingTimeZone;
  const span = instantRange(firstDay, lastDay, tz);
  // The volume trend compares with the window before the window: two windows of history.
  const tickets = await deps.store.listHealthTickets(installationId, {
    from: span.start - 2 * HEALTH_WINDOW_DAYS * 86_400_000,
    to: Math.min(span.end, now + 1),
  });
  const byAccount = new Map<string, HealthTicket[]>();
  for (const t of tickets) {
    const list = byAccount.get(t.accountId);
    if (list === undefined) byAccount.set(t.accountId, [t]);
    else list.push(t);
  }
  const scores: StoredHealthScore[] = [];
  for (const day of days) {
    const asOf = Math.min(instantRange(day, day, tz).end, now + 1);
    const accounts = [...byAccount].map(([accountId, own]) => ({
      accountId,
      signals: healthSignals(own, asOf),
    }));
    const active = accounts.filter((a) => a.signals.volume > 0 || a.signals.open > 0);
    const baseline = healthBaseline(
      healthSignals(tickets, asOf),
      active.map((a) => a.signals.open),
    );
    for (const { accountId, signals } of active) {
      const result = scoreHealth(signals, baseline);
      const data: StoredHealthData = { signals, reasons: result.reasons };
      scores.push({
        accountId,
        day,
        score: result.score,
        status: result.status,
        tickets: signals.volume,
        data,
      });
    }
  }
  return scores;
}
