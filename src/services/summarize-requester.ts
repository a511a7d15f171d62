import { createHash } from 'node:crypto';
import type { Id, Instant, TicketStatus } from '../domain/index.js';
import { SOLVED_STATUSES, UNSOLVED_STATUSES } from '../domain/index.js';
import { effortInputsOf, estimateEffort, estimateRequesterEffort } from '../metrics/effort.js';
import { assessRisk } from '../metrics/risk.js';
import type { RiskAssessment } from '../metrics/risk.js';
import { mergeSketches, sketchQuantile } from '../metrics/sketch.js';
import { summarizeDistribution } from '../metrics/stats.js';
import type { Duration } from '../metrics/types.js';
import type { JobPayload } from '../queue/catalog.js';
import { repeatContacts } from './analyze-timelines.js';
import type { AnalysisDeps } from './analyze-ticket.js';
import { localDayOf } from './rollup-day.js';
import { Temporal } from 'temporal-polyfill';

/** The requester context the sidebar shows and push-back writes; durations in seconds. */
export interface RequesterSummary {
  requesterId: Id;
  counts: { total: number; open: number; solved: number };
  recentTickets: {
    id: Id;
    status: TicketStatus;
    createdAt: Instant;
    firstReply: Duration | null;
    firstResolution: Duration | null;
    fullResolution: Duration | null;
  }[];
  /** Median full resolution of these tickets vs the whole team's over the last 90 days. */
  medianFullResolution: { requester: Duration; team: Duration };
  reopens: { total: number; last30d: number; last90d: number };
  csat: { ticketId: Id; at: Instant; score: 'good' | 'bad' }[];
  /** Answers on their own scale, never pooled (metrics.md §9). */
  ces: {
    ticketId: Id;
    at: Instant;
    value: number;
    scaleMin: number;
    scaleMax: number;
    direction: string;
  }[];
  effort: { score: number; reasons: string[] } | null;
  risk: RiskAssessment;
  asOf: Instant;
}

/** How many of the requester's newest tickets the summary looks at. */
export const RECENT_TICKETS = 20;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Rebuilds a requester's summary from their recent tickets and stored metrics, stores it, and
 * enqueues `helpdesk.pushBack` only when its content (everything but `asOf`) changed.
 */
export async function summarizeRequester(
  deps: AnalysisDeps,
  payload: JobPayload<'requester.summarize'>,
): Promise<{ summary: RequesterSummary; changed: boolean }> {
  const { store } = deps;
  const { installationId, requesterId } = payload;
  const now = deps.now();
  const tickets = await store.listRequesterTickets(installationId, requesterId, RECENT_TICKETS);
  const repeats = repeatContacts(tickets.map(({ ticket }) => ({ ticket, events: [] })));
  const statusOf = (t: (typeof tickets)[number]) => t.metrics?.status ?? t.ticket.status;
  const analysed = tickets.flatMap((t) => (t.metrics === null ? [] : [t.metrics]));

  const csat: RequesterSummary['csat'] = [];
  for (const m of analysed) {
    if (m.satisfaction !== 'good' && m.satisfaction !== 'bad') continue;
    // The metrics keep only the latest score; its date needs the rating event (rare, so cheap).
    const timeline = await store.getTicketTimeline(installationId, m.ticketId);
    const rated = timeline?.events.findLast((e) => e.type === 'satisfaction');
    csat.push({ ticketId: m.ticketId, at: rated?.at ?? m.createdAt, score: m.satisfaction });
  }
  const ces = analysed.flatMap((m) =>
    m.surveys
      .filter((s) => s.kind === 'ces')
      .map((s) => ({
        ticketId: m.ticketId,
        at: s.respondedAt,
        value: s.value,
        scaleMin: s.scaleMin,
        scaleMax: s.scaleMax,
        direction: s.direction,
      })),
  );
  ces.sort((a, b) => a.at - b.at);
  const reopenTimes = analysed.flatMap((m) => m.reopens.map((r) => r.at));
  const effort = estimateRequesterEffort(
    analysed.map((m) => estimateEffort(effortInputsOf(m, repeats.get(m.ticketId) ?? 0))),
  );
  const latest = ces.at(-1);
  const content: Omit<RequesterSummary, 'asOf'> = {
    requesterId,
    counts: {
      total: tickets.length,
      open: tickets.filter((t) => UNSOLVED_STATUSES.has(statusOf(t))).length,
      solved: tickets.filter((t) => SOLVED_STATUSES.has(statusOf(t))).length,
    },
    recentTickets: tickets.map(({ ticket, metrics }) => ({
      id: ticket.id,
      status: metrics?.status ?? ticket.status,
      createdAt: ticket.createdAt,
      firstReply: metrics?.firstReply ?? null,
      firstResolution: metrics?.firstResolution ?? null,
      fullResolution: metrics?.fullResolution ?? null,
    })),
    medianFullResolution: {
      requester: {
        calendar: summarizeDistribution(analysed.map((m) => m.fullResolution.calendar)).median,
        business: summarizeDistribution(analysed.map((m) => m.fullResolution.business)).median,
      },
      team: await teamMedian(deps, installationId, now),
    },
    reopens: {
      total: reopenTimes.length,
      last30d: reopenTimes.filter((at) => at >= now - 30 * DAY_MS).length,
      last90d: reopenTimes.filter((at) => at >= now - 90 * DAY_MS).length,
    },
    csat,
    ces,
    effort,
    risk: assessRisk({
      openWaitHours: analysed
        .filter((m) => UNSOLVED_STATUSES.has(m.status) && m.awaitingReplySince !== null)
        .map((m) => Math.max(0, now - (m.awaitingReplySince ?? now)) / HOUR_MS),
      recentReopens: reopenTimes.filter((at) => at >= now - 30 * DAY_MS).length,
      badCsat90d: csat.filter((c) => c.score === 'bad' && c.at >= now - 90 * DAY_MS).length,
      latestCes:
        latest === undefined
          ? null
          : {
              value:
                latest.direction === 'lower_is_better'
                  ? latest.scaleMin + latest.scaleMax - latest.value
                  : latest.value,
              scaleMin: latest.scaleMin,
              scaleMax: latest.scaleMax,
            },
      effortScore: effort?.score ?? null,
      contacts7d: tickets.filter((t) => t.ticket.createdAt >= now - 7 * DAY_MS).length,
    }),
  };
  const summary: RequesterSummary = { ...content, asOf: now };
  const hash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  const changed = await store.saveSummary(installationId, 'requester', requesterId, summary, hash);
  if (changed) await deps.producer.enqueue('helpdesk.pushBack', { installationId, requesterId });
  return { summary, changed };
}

/**
 * The team's median full resolution over the last 90 local days, from the daily `all` rollups'
 * sketches: one small query instead of a scan of 90 days of tickets.
 */
async function teamMedian(deps: AnalysisDeps, installationId: string, now: Instant) {
  const to = localDayOf(now, deps.reportingTimeZone);
  const from = Temporal.PlainDate.from(to).subtract({ days: 89 }).toString();
  const rows = await deps.store.listRollups(installationId, {
    from,
    to,
    dimension: 'all',
    metrics: ['full_resolution'],
  });
  const median = (pick: (r: (typeof rows)[number]) => { n: number; points: number[] }) =>
    sketchQuantile(mergeSketches(rows.map(pick)), 0.5);
  return {
    calendar: median((r) => ({ n: r.n, points: r.sketch.calendar })),
    business: median((r) => ({ n: r.nBusiness, points: r.sketch.business })),
  };
}
