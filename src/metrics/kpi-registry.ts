import type { Instant } from '../domain/index.js';
import type { TicketMetrics } from './types.js';

/**
 * The one home of every KPI's definition (docs/metrics.md): the rollups, the drill-down, the
 * board API, the alerts and the app all read it. Pure data plus one pure function, free of zod
 * and of I/O, so the app's browser bundle can import it as is.
 */

/** Every KPI of the API, in board order. */
export const KPI_IDS = [
  'first_resolution',
  'full_resolution',
  'first_reply',
  'requester_wait',
  'reopen_rate',
  'aht',
  'ces',
  'csat',
  'nps',
  'one_touch',
  'sla_attainment',
  'backlog',
  'ticket_volume',
  'resolution_rate',
  'interactions_per_ticket',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

/** seconds (durations), fraction (0..1 rates), score (a survey scale or NPS points), count. */
export type KpiUnit = 'seconds' | 'fraction' | 'score' | 'count';
/** The statistic a KPI is headlined by; the board's change line is the change of this one. */
export type KpiHeadline = 'median' | 'mean' | 'rate' | 'score' | 'latest';
export type KpiDirection = 'lower_is_better' | 'higher_is_better';
/**
 * `relative`: (current − previous) / |previous| of the headline; `absolute`: current − previous
 * in the KPI's unit (rates and NPS, where a ratio of ratios misleads).
 */
export type KpiChangeKind = 'relative' | 'absolute';

/**
 * The event whose local day (reporting zone) a KPI counts a ticket on — the throughput view:
 * - `first_reply`: the first public agent reply; `first_solve`: the first solve;
 * - `last_solve`: the latest solve, so a ticket reopened since leaves the day it was solved on;
 * - `survey_answer`: each answer on its own day; `sla_decision`: each SLA target instance on
 *   the day it was achieved, or on its breach instant once passed;
 * - `day_end`: a count at each local day's end (backlog), built from status changes;
 * - `created`: the ticket's creation (ticket volume).
 */
export type KpiDayRule =
  | 'first_reply'
  | 'first_solve'
  | 'last_solve'
  | 'survey_answer'
  | 'sla_decision'
  | 'day_end'
  | 'created';

/**
 * Decimals of every change line and of every other percentage the app prints (shares, coverage):
 * always exactly one, so "−89.0 %" and "+415.9 %" or "+3.2 pts" read alike in one column.
 */
export const CHANGE_DECIMALS = 1;

/** How the app shows a KPI. */
export interface KpiDisplay {
  /** Decimals of the headline: percent digits for fractions, plain digits for scores/counts. */
  decimals: number;
  /** Whether the business-hours switch changes the KPI (durations measured on a schedule). */
  businessHours: boolean;
  /** What `n` counts, so a table labels it right. */
  countOf: 'tickets' | 'answers' | 'instances' | 'days';
  /** Survey KPIs: the scale of the headline value. */
  scale?: { min: number; max: number } | undefined;
}

export interface KpiSpec {
  id: KpiId;
  unit: KpiUnit;
  direction: KpiDirection;
  headline: KpiHeadline;
  changeKind: KpiChangeKind;
  day: KpiDayRule;
  display: KpiDisplay;
}

const duration = (id: KpiId, day: KpiDayRule): KpiSpec => ({
  id,
  unit: 'seconds',
  direction: 'lower_is_better',
  headline: 'median',
  changeKind: 'relative',
  day,
  display: { decimals: 0, businessHours: true, countOf: 'tickets' },
});

const rate = (id: KpiId, direction: KpiDirection, countOf: KpiDisplay['countOf']): KpiSpec => ({
  id,
  unit: 'fraction',
  direction,
  headline: 'rate',
  changeKind: 'absolute',
  day: id === 'sla_attainment' ? 'sla_decision' : 'last_solve',
  display: { decimals: 1, businessHours: false, countOf },
});

/** Every KPI's definition, in board order. */
export const KPI_REGISTRY: readonly KpiSpec[] = [
  duration('first_resolution', 'first_solve'),
  duration('full_resolution', 'last_solve'),
  duration('first_reply', 'first_reply'),
  duration('requester_wait', 'last_solve'),
  rate('reopen_rate', 'lower_is_better', 'tickets'),
  {
    id: 'aht',
    unit: 'seconds',
    direction: 'lower_is_better',
    // Logged handle time has few outliers and sums to staffing hours, so the mean leads (§7).
    headline: 'mean',
    changeKind: 'relative',
    day: 'last_solve',
    display: { decimals: 0, businessHours: false, countOf: 'tickets' },
  },
  {
    id: 'ces',
    unit: 'score',
    direction: 'higher_is_better',
    headline: 'mean',
    changeKind: 'relative',
    day: 'survey_answer',
    display: { decimals: 2, businessHours: false, countOf: 'answers', scale: { min: 1, max: 7 } },
  },
  rate('csat', 'higher_is_better', 'answers'),
  {
    id: 'nps',
    unit: 'score',
    direction: 'higher_is_better',
    headline: 'score',
    changeKind: 'absolute',
    day: 'survey_answer',
    display: {
      decimals: 0,
      businessHours: false,
      countOf: 'answers',
      scale: { min: -100, max: 100 },
    },
  },
  rate('one_touch', 'higher_is_better', 'tickets'),
  rate('sla_attainment', 'higher_is_better', 'instances'),
  {
    id: 'backlog',
    unit: 'count',
    direction: 'lower_is_better',
    headline: 'latest',
    changeKind: 'relative',
    day: 'day_end',
    display: { decimals: 0, businessHours: false, countOf: 'days' },
  },
  {
    // Tickets created per local day; the headline is the mean per day, the total in its detail.
    // Neither more nor fewer contacts is "better" in itself; fewer is what deflection aims at.
    id: 'ticket_volume',
    unit: 'count',
    direction: 'lower_is_better',
    headline: 'mean',
    changeKind: 'relative',
    day: 'created',
    display: { decimals: 1, businessHours: false, countOf: 'days' },
  },
  {
    // Solved in the range ÷ created in the range: two different ticket sets, so it can exceed
    // 100 % (a range clearing an older backlog); the drill-down lists the solved ones.
    id: 'resolution_rate',
    unit: 'fraction',
    direction: 'higher_is_better',
    headline: 'rate',
    changeKind: 'absolute',
    day: 'last_solve',
    display: { decimals: 1, businessHours: false, countOf: 'tickets' },
  },
  {
    // Public customer messages (the first included) + public agent replies, per solved ticket.
    id: 'interactions_per_ticket',
    unit: 'count',
    direction: 'lower_is_better',
    headline: 'mean',
    changeKind: 'relative',
    day: 'last_solve',
    display: { decimals: 1, businessHours: false, countOf: 'tickets' },
  },
];

const BY_ID = new Map(KPI_REGISTRY.map((spec) => [spec.id, spec]));

/** The registry entry of `id`; throws on an id outside {@link KPI_IDS} (a programmer error). */
export function kpiSpec(id: KpiId): KpiSpec {
  const spec = BY_ID.get(id);
  if (spec === undefined) throw new RangeError(`unknown KPI ${id}`);
  return spec;
}

/** Whether `value` names a KPI of the registry. */
export function isKpiId(value: string): value is KpiId {
  return BY_ID.has(value as KpiId);
}

/**
 * The instant whose local day counts the ticket in KPI `id`, or null when the event has not
 * happened yet. The daily rollups and the drill-down both call this, so a ticket a drill-down
 * lists is one the rollup of that day counted. Only KPIs bucketed by one instant of the ticket
 * have one (survey answers, SLA instances and backlog counts are bucketed per item).
 */
export function ticketDayInstant(id: KpiId, m: TicketMetrics): Instant | null {
  const rule = kpiSpec(id).day;
  switch (rule) {
    case 'first_reply':
      return m.explanation.firstReply?.to ?? null;
    case 'first_solve':
      return m.firstSolvedAt;
    case 'last_solve':
      return m.lastSolvedAt;
    case 'created':
      return m.createdAt;
    default:
      throw new RangeError(`${id} is bucketed per ${rule}, not by one ticket instant`);
  }
}

/**
 * Rules whose event may come long after creation, so the rollup of a day also reads tickets
 * created up to its look-back before it (a first solve weeks after creation still counts).
 */
export function needsLookback(rule: KpiDayRule): boolean {
  // Creation is not after creation, but the drill-down's created-at scan is what finds it.
  return rule === 'first_reply' || rule === 'first_solve' || rule === 'created';
}
