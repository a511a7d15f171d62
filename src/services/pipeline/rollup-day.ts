import { SlaMetricSchema, type Instant, type LocalDate } from '../../domain/index.js';
import { ticketDayInstant, type KpiId } from '../../metrics/kpi-registry.js';
import { buildSketch } from '../../metrics/sketch.js';
import { epochDayOf } from '../../metrics/calendar-day.js';
import { localDayOfCached, startOfLocalDay } from '../../metrics/local-day.js';
import { reopenedWithin } from '../../metrics/summary.js';
import { DEFAULT_REOPEN_WINDOW_DAYS } from '../../domain/defaults.js';
import { backlogSteps } from '../../metrics/backlog.js';
import { slaOutcome } from '../../metrics/sla.js';
import type { TicketMetrics } from '../../metrics/types.js';
import type { JobPayload } from '../../queue/catalog.js';
import type {
  KpiRollup,
  RollupDimension,
  StoredTicketMetrics,
  TicketMetricsDims,
  TicketMetricsQuery,
  RollupStore,
  TicketMetricsStore,
} from '../../store/store.js';

const SLA_METRICS = SlaMetricSchema.options;

/** The rollup metric names; durations are in seconds, flags are 0/1 with `sum` = count of 1s. */
export const ROLLUP_METRICS = [
  'created',
  'first_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'handle_time',
  'reopened',
  'one_touch',
  'csat',
  'ces',
  ...SLA_METRICS.map((metric) => `sla_${metric}` as const),
  'backlog',
  'backlog_actionable',
  'interactions',
] as const;
export type RollupMetric = (typeof ROLLUP_METRICS)[number];

/**
 * How far before the day a ticket may have been created and still have its first reply or first
 * solve bucketed on that day. Beyond it, such a ticket is counted only if it was also last
 * solved that day; 30 days covers nearly every first solve while keeping the scan bounded.
 */
export const LOOKBACK_DAYS = 30;
const PAGE_SIZE = 500;

/** One value a ticket contributes, the instant that picks its day, and its two clocks. */
export interface Contribution {
  metric: RollupMetric;
  at: Instant | null;
  calendar: number | null;
  business: number | null;
}

/**
 * Bucketing rule (throughput view, metrics.md §15): a ticket counts on the local day, in the
 * reporting zone, of the event that completes the metric —
 * - `created` (n only): creation;
 * - `first_reply`: the first public agent reply; `first_resolution`: the first solve;
 * - `full_resolution`, `requester_wait`, `handle_time`, `reopened`, `one_touch`, `csat`: the last
 *   solve, so only tickets solved as of their computation count (a reopened ticket leaves the day
 *   it had been solved on, and a rating is credited with the solve it judged);
 * - `ces`: the latest CES answer;
 * - `sla_<metric>` (flag, 1 = achieved): each SLA target instance on the day of its fulfilment,
 *   or of its breach once that has passed as of the rollup (metrics.md §11); instances still
 *   running count nowhere yet;
 * - `backlog`, `backlog_actionable` (steps of ±1, `sum` = the day's net change): each instant a
 *   ticket entered or left the backlog (metrics.md §12), so the backlog at a day's end is the sum
 *   over every day up to it; tickets whose status changed that day are read however old they are;
 * - `interactions` (a count): public customer messages + public agent replies, on the last solve.
 * Dimensions are `all`, group, agent (assignee), channel, brand and each tag (a ticket counts once
 * per tag, so tag rows do not sum to `all`); tickets without a value appear only under `all`.
 * Flag metrics (reopened, one_touch, csat good) keep no sketch: `sum / n` is the whole story.
 */
export async function rollupDay(
  deps: {
    store: RollupStore & TicketMetricsStore;
    reportingTimeZone: string;
    reopenWindowDays?: number;
    now: () => Instant;
  },
  payload: JobPayload<'rollup.day'>,
): Promise<KpiRollup[]> {
  const { installationId, day } = payload;
  const now = deps.now();
  const { from, to } = localDayRange(day, deps.reportingTimeZone);
  const tickets = new Map<string, StoredTicketMetrics>();
  const windows: Omit<TicketMetricsQuery, 'limit' | 'afterTicketId'>[] = [
    // Most of the look-back counts only on earlier days: the store need not send those.
    { field: 'created_at', from: from - LOOKBACK_DAYS * 86_400_000, to, countsFrom: from },
    { field: 'last_solved_at', from, to },
    { field: 'status_changed_at', from, to },
  ];
  for (const window of windows) {
    for await (const row of metricsPages(deps.store, installationId, window)) {
      tickets.set(row.metrics.ticketId, row);
    }
  }
  const acc = new Map<string, Accumulator>();
  const reopenWindowDays = deps.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
  for (const { metrics, dims } of tickets.values()) {
    if (metrics.isMerged || metrics.status === 'deleted') continue;
    const slices: [RollupDimension, string | null][] = [
      ['all', ''],
      ['group', dims.groupId],
      ['agent', dims.assigneeId],
      ['channel', dims.channel],
      ['brand', dims.brandId],
      ...dims.tags.map((tag): [RollupDimension, string] => ['tag', tag]),
    ];
    for (const c of ticketContributions({ metrics, dims }, reopenWindowDays, now)) {
      if (c.at === null || c.at < from || c.at >= to || c.calendar === null) continue;
      for (const [dimension, value] of slices) {
        if (value === null) continue;
        const key = JSON.stringify([dimension, value, c.metric]);
        let a = acc.get(key);
        if (a === undefined) {
          a = { dimension, value, metric: c.metric, calendar: [], business: [] };
          acc.set(key, a);
        }
        a.calendar.push(c.calendar);
        if (c.business !== null) a.business.push(c.business);
      }
    }
  }
  const rollups = [...acc.values()].map((a) => toRollup(day, a));
  await deps.store.replaceDailyRollups(installationId, day, rollups);
  return rollups;
}

/**
 * Everything one ticket adds to the daily rollups as of `now`, each at the instant that picks its
 * day (null: nowhere yet). Every instant lies among the ticket's metrics/rollup-instants.ts
 * (rollup-instants.test.ts), which decides the days an analysis re-rolls and what a span may skip.
 */
export function ticketContributions(
  { metrics, dims }: StoredTicketMetrics,
  reopenWindowDays: number,
  now: Instant,
): Contribution[] {
  return [
    ...contributionsOf(metrics, dims.ces, reopenWindowDays),
    ...slaContributions(dims.sla ?? [], now),
    ...backlogContributions(metrics),
  ];
}

/** The local date of an instant in a time zone (Temporal's answer, per offset span: metrics/local-day). */
export function localDayOf(at: Instant, timeZone: string): LocalDate {
  return localDayOfCached(at, timeZone);
}

/** `[from, to)` of a local day: its midnight to the next (23 or 25 hours across DST). */
export function localDayRange(day: LocalDate, timeZone: string): { from: Instant; to: Instant } {
  const n = epochDayOf(day);
  return { from: startOfLocalDay(n, timeZone), to: startOfLocalDay(n + 1, timeZone) };
}

interface Accumulator {
  dimension: RollupDimension;
  value: string;
  metric: RollupMetric;
  calendar: number[];
  business: number[];
}

const FLAGS: ReadonlySet<RollupMetric> = new Set([
  'created',
  'reopened',
  'one_touch',
  'csat',
  ...SLA_METRICS.map((metric) => `sla_${metric}` as const),
  'backlog',
  'backlog_actionable',
]);

function backlogContributions(m: TicketMetrics): Contribution[] {
  const out: Contribution[] = [];
  for (const step of backlogSteps(m.explanation.statusSegments)) {
    out.push({ metric: 'backlog', at: step.at, calendar: step.backlog, business: null });
    if (step.actionable !== 0) {
      const actionable = { calendar: step.actionable, business: null };
      out.push({ metric: 'backlog_actionable', at: step.at, ...actionable });
    }
  }
  return out;
}

function slaContributions(
  instances: NonNullable<TicketMetricsDims['sla']>,
  now: Instant,
): Contribution[] {
  const out: Contribution[] = [];
  for (const times of instances) {
    const outcome = slaOutcome(times, now);
    if (outcome === null) continue;
    const metric = `sla_${outcome.metric}` as const;
    out.push({ metric, at: outcome.at, calendar: Number(outcome.achieved), business: null });
  }
  return out;
}

function toRollup(day: LocalDate, a: Accumulator): KpiRollup {
  const isFlag = FLAGS.has(a.metric);
  return {
    day,
    dimension: a.dimension,
    dimensionValue: a.value,
    metric: a.metric,
    n: a.calendar.length,
    nBusiness: a.business.length,
    sum: a.calendar.reduce((s, v) => s + v, 0),
    sumBusiness: a.business.reduce((s, v) => s + v, 0),
    sketch: {
      calendar: isFlag ? [] : buildSketch(a.calendar).points,
      business: isFlag ? [] : buildSketch(a.business).points,
    },
  };
}

function contributionsOf(
  m: TicketMetrics,
  ces: number | null,
  reopenWindowDays: number,
): Contribution[] {
  const flag = (metric: RollupMetric, on: boolean | null, at: Instant | null): Contribution => ({
    metric,
    at,
    calendar: on === null ? null : Number(on),
    business: null,
  });
  const csat = m.satisfaction === 'good' || m.satisfaction === 'bad' ? m.satisfaction : null;
  let cesAt: Instant | null = null;
  for (const s of m.surveys)
    if (s.kind === 'ces' && (cesAt ?? -Infinity) <= s.respondedAt) cesAt = s.respondedAt;
  // Each metric's day is its KPI's rule in the registry, the one the drill-down applies too.
  const day = (kpi: KpiId) => ticketDayInstant(kpi, m);
  return [
    flag('created', true, m.createdAt),
    { metric: 'first_reply', at: day('first_reply'), ...m.firstReply },
    { metric: 'first_resolution', at: day('first_resolution'), ...m.firstResolution },
    { metric: 'full_resolution', at: day('full_resolution'), ...m.fullResolution },
    { metric: 'requester_wait', at: day('requester_wait'), ...m.requesterWait },
    { metric: 'handle_time', at: day('aht'), calendar: m.handleTimeSeconds, business: null },
    flag('reopened', reopenedWithin(m, reopenWindowDays), day('reopen_rate')),
    flag('one_touch', m.touch === null ? null : m.touch === 'one_touch', day('one_touch')),
    flag('csat', csat === null ? null : csat === 'good', day('csat')),
    { metric: 'ces', at: cesAt, calendar: ces, business: null },
    {
      metric: 'interactions',
      at: day('interactions_per_ticket'),
      calendar: m.behaviour.customerMessages + m.agentReplies,
      business: null,
    },
  ];
}

/** Every row of a stored-metrics window, read `pageSize` at a time by ticket id. */
export async function* metricsPages(
  store: TicketMetricsStore,
  installationId: string,
  window: Omit<TicketMetricsQuery, 'limit' | 'afterTicketId'>,
  pageSize = PAGE_SIZE,
): AsyncGenerator<StoredTicketMetrics> {
  let after: string | undefined;
  for (;;) {
    const query: TicketMetricsQuery = { ...window, limit: pageSize };
    if (after !== undefined) query.afterTicketId = after;
    const rows = await store.queryTicketMetrics(installationId, query);
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)?.metrics.ticketId;
  }
}
