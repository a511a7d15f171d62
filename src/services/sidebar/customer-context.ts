import type { Id, Instant, TicketStatus } from '../../domain/index.js';
import { easierIsHigher } from '../../metrics/surveys.js';
import { SOLVED_STATUSES, UNSOLVED_STATUSES } from '../../domain/index.js';
import {
  effortInputsOf,
  estimateEffort,
  estimateRequesterEffort,
  type RequesterEffortReason,
} from '../../metrics/effort.js';
import { assessRisk, type RiskAssessment } from '../../metrics/risk.js';
import { customerActivity, type CustomerActivity } from '../../metrics/customer-activity.js';
import { summarizeDistribution } from '../../metrics/stats.js';
import type { Duration } from '../../metrics/types.js';
import type { RequesterTicket, TimelineStore } from '../../store/store.js';
import { shownStatus } from './shown-status.js';

/** What a customer is compared with: the whole team over the last 90 days. */
export interface TeamBaseline {
  /** Median full resolution, calendar and business. */
  medianFullResolution: Duration;
  /** p75 of the calendar requester wait of solved tickets (seconds); null without data. */
  requesterWaitP75: number | null;
}

/**
 * What the sidebar shows about a customer — a requester or an organisation — from their newest
 * tickets; durations in seconds.
 */
export interface CustomerContext {
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
  effort: { score: number; reasons: RequesterEffortReason[] } | null;
  risk: RiskAssessment;
  activity: CustomerActivity;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Builds a customer's context from their newest tickets (newest first) and stored metrics.
 * `repeats` holds each ticket's 7-day repeat contacts (empty for an organisation, where the
 * driver is per requester). Ratings are dated by `satisfactionAt`; rows computed before the engine
 * kept it load the rating event instead (rare).
 */
export async function buildCustomerContext(
  store: TimelineStore,
  installationId: string,
  input: {
    tickets: readonly RequesterTicket[];
    team: TeamBaseline;
    now: Instant;
    repeats: ReadonlyMap<Id, number>;
  },
): Promise<CustomerContext> {
  const { tickets, team, now, repeats } = input;
  const statusOf = (t: RequesterTicket) => shownStatus(t.ticket, t.metrics);
  const analysed = tickets.flatMap((t) => (t.metrics === null ? [] : [t.metrics]));
  const csat: CustomerContext['csat'] = [];
  for (const m of analysed) {
    if (m.satisfaction !== 'good' && m.satisfaction !== 'bad') continue;
    const at = m.satisfactionAt ?? (await ratedAt(store, installationId, m.ticketId));
    csat.push({ ticketId: m.ticketId, at: at ?? m.createdAt, score: m.satisfaction });
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
    team.requesterWaitP75,
  );
  const latest = ces.at(-1);
  return {
    counts: {
      total: tickets.length,
      open: tickets.filter((t) => UNSOLVED_STATUSES.has(statusOf(t))).length,
      solved: tickets.filter((t) => SOLVED_STATUSES.has(statusOf(t))).length,
    },
    recentTickets: tickets.map(({ ticket, metrics }) => ({
      id: ticket.id,
      status: shownStatus(ticket, metrics),
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
      team: team.medianFullResolution,
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
              value: easierIsHigher(latest),
              scaleMin: latest.scaleMin,
              scaleMax: latest.scaleMax,
            },
      effortScore: effort?.score ?? null,
      contacts7d: tickets.filter((t) => t.ticket.createdAt >= now - 7 * DAY_MS).length,
    }),
    activity: customerActivity(
      tickets.map((t) => ({
        channel: t.ticket.channel,
        solved: SOLVED_STATUSES.has(statusOf(t)),
        interactions:
          t.metrics === null ? null : t.metrics.behaviour.customerMessages + t.metrics.agentReplies,
      })),
    ),
  };
}

async function ratedAt(store: TimelineStore, installationId: string, ticketId: Id) {
  const timeline = await store.getTicketTimeline(installationId, ticketId);
  return timeline?.events.findLast((e) => e.type === 'satisfaction')?.at ?? null;
}
