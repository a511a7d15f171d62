import type { Instant } from '../../domain/index.js';
import { kpiSpec, needsLookback, ticketDayInstant } from '../../metrics/kpi-registry.js';
import { reopenedWithin } from '../../metrics/summary.js';
import { DEFAULT_REOPEN_WINDOW_DAYS } from '../../domain/defaults.js';
import type { Duration, TicketMetrics } from '../../metrics/types.js';
import { LOOKBACK_DAYS, localDayOf, localDayRange } from '../pipeline/rollup-day.js';
import type { KpiName } from './schemas.js';

/** A ticket's value for a rollup-backed KPI and the instant whose local day buckets it. */
export interface TicketKpiValue {
  at: Instant;
  /** Seconds for durations, 0/1 for rates, counts; null only for AHT without time data. */
  value: number | null;
}

/** The KPIs a ticket holds one value of, bucketed by one instant of the ticket. */
const TICKET_VALUE_KPIS: ReadonlySet<KpiName> = new Set([
  'first_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'aht',
  'reopen_rate',
  'one_touch',
  'csat',
  'ticket_volume',
  'interactions_per_ticket',
]);

/** KPIs bucketed by an event that may come long after creation (first reply, first solve). */
export const LOOKBACK_KPIS: ReadonlySet<KpiName> = new Set(
  [...TICKET_VALUE_KPIS].filter((kpi) => needsLookback(kpiSpec(kpi).day)),
);

const DAY_MS = 86_400_000;

/**
 * The ticket's contribution to a KPI cell, by the rollups' rules (rollup-day.ts): the completing
 * event picks the day; nulls are not counted (business nulls on the business clock). AHT keeps
 * tickets without time data (value null): they are the rest of its coverage. Deleted and
 * merged-away tickets count nowhere.
 */
export function ticketValue(
  kpi: KpiName,
  m: TicketMetrics,
  businessHours: boolean,
  reopenWindowDays = DEFAULT_REOPEN_WINDOW_DAYS,
): TicketKpiValue | null {
  if (m.isMerged || m.status === 'deleted') return null;
  if (!TICKET_VALUE_KPIS.has(kpi)) return null;
  const clock = (d: Duration) => (businessHours ? d.business : d.calendar);
  // The day comes from the registry's rule, the one the rollups apply (rollup-day.ts).
  const at = ticketDayInstant(kpi, m);
  if (at === null) return null;
  const counted = (value: number | null) => (value === null ? null : { at, value });
  switch (kpi) {
    case 'first_reply':
      return counted(clock(m.firstReply));
    case 'first_resolution':
      return counted(clock(m.firstResolution));
    case 'full_resolution':
      return counted(clock(m.fullResolution));
    case 'requester_wait':
      return counted(clock(m.requesterWait));
    case 'aht':
      return { at, value: m.handleTimeSeconds };
    case 'reopen_rate':
      return counted(Number(reopenedWithin(m, reopenWindowDays)));
    case 'one_touch':
      return counted(m.touch === null ? null : Number(m.touch === 'one_touch'));
    case 'csat':
      return counted(csatFlag(m));
    case 'ticket_volume':
      // Each created ticket counts once; the value is its count in the day's total.
      return { at, value: 1 };
    case 'interactions_per_ticket':
      return counted(m.behaviour.customerMessages + m.agentReplies);
    default:
      return null;
  }
}

function csatFlag(m: TicketMetrics): number | null {
  if (m.satisfaction === 'good') return 1;
  if (m.satisfaction === 'bad') return 0;
  return null;
}

/**
 * Whether the daily rollup of `at`'s day saw the ticket: it reads tickets created up to
 * {@link LOOKBACK_DAYS} before that day, plus those last solved on it.
 */
export function seenByRollup(m: TicketMetrics, at: Instant, timeZone: string): boolean {
  const day = localDayOf(at, timeZone);
  const { from } = localDayRange(day, timeZone);
  if (m.createdAt >= from - LOOKBACK_DAYS * DAY_MS) return true;
  return m.lastSolvedAt !== null && localDayOf(m.lastSolvedAt, timeZone) === day;
}

/** Milliseconds before the range start that the created-at scan of lookback KPIs reaches. */
export const LOOKBACK_MS = LOOKBACK_DAYS * DAY_MS;
