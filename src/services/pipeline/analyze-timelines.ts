import type { Id, Instant, TicketStatus } from '../../domain/index.js';
import { withAssignedSchedule } from '../../metrics/assigned-schedule.js';
import {
  describeEffort,
  effortInputsOf,
  estimateEffort,
  REPEAT_CONTACT_WINDOW_MS,
} from '../../metrics/effort.js';
import { latestCes, summarizeTickets } from '../../metrics/summary.js';
import type { KpiSummary } from '../../metrics/summary.js';
import type { CalendarSet } from '../../metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../metrics/ticket-metrics.js';
import type { TicketTimeline } from '../../metrics/ticket-metrics.js';
import type { Duration, TicketMetrics, TouchClass } from '../../metrics/types.js';

/** A duration in minutes (fractional) on both clocks, as `deskpulse analyze` prints it. */
export interface Minutes {
  calendar: number | null;
  business: number | null;
}

/** One ticket's row of the analysis (the `analyze` output contract). */
export interface AnalyzedTicket {
  id: Id;
  status: TicketStatus;
  firstReplyMinutes: Minutes;
  firstResolutionMinutes: Minutes;
  fullResolutionMinutes: Minutes;
  requesterWaitMinutes: Minutes;
  agentWaitMinutes: Minutes;
  onHoldMinutes: Minutes;
  agentWorkMinutes: Minutes;
  reopens: number;
  agentReplies: number;
  touch: TouchClass | null;
  handleTimeSeconds: number | null;
  csat: 'good' | 'bad' | null;
  ces: number | null;
  effort: { score: number; reasons: string[] };
}

export interface AnalysisResult {
  tickets: AnalyzedTicket[];
  summary: KpiSummary;
}

/** Computes every ticket's metrics and effort, then the summary, as of `now`. */
export function analyzeTimelines(
  timelines: readonly TicketTimeline[],
  options: { now: Instant; calendars: CalendarSet; reopenWindowDays: number },
): AnalysisResult {
  const repeats = repeatContacts(timelines);
  const items = timelines.map((timeline) => {
    const ticket = withAssignedSchedule(timeline.ticket, timeline.events);
    const metrics = computeTicketMetrics(
      { ...timeline, ticket },
      {
        now: options.now,
        calendars: options.calendars,
      },
    );
    const effort = estimateEffort(effortInputsOf(metrics, repeats.get(timeline.ticket.id) ?? 0));
    return { metrics, effort };
  });
  return {
    tickets: items.map(({ metrics, effort }) =>
      toRow(metrics, { score: effort.score, reasons: describeEffort(effort) }),
    ),
    summary: summarizeTickets(items, { reopenWindowDays: options.reopenWindowDays }),
  };
}

/** For each ticket, how many other tickets its requester opened in the 7 days before it. */
export function repeatContacts(timelines: readonly TicketTimeline[]): Map<Id, number> {
  const byRequester = new Map<Id, { id: Id; at: Instant }[]>();
  for (const { ticket } of timelines) {
    const list = byRequester.get(ticket.requesterId) ?? [];
    list.push({ id: ticket.id, at: ticket.createdAt });
    byRequester.set(ticket.requesterId, list);
  }
  const counts = new Map<Id, number>();
  for (const list of byRequester.values()) {
    list.sort((a, b) => a.at - b.at);
    let start = 0;
    list.forEach((ticket, i) => {
      while ((list[start]?.at ?? Infinity) < ticket.at - REPEAT_CONTACT_WINDOW_MS) start += 1;
      counts.set(ticket.id, i - start);
    });
  }
  return counts;
}

function toRow(m: TicketMetrics, effort: { score: number; reasons: string[] }): AnalyzedTicket {
  return {
    id: m.ticketId,
    status: m.status,
    firstReplyMinutes: minutes(m.firstReply),
    firstResolutionMinutes: minutes(m.firstResolution),
    fullResolutionMinutes: minutes(m.fullResolution),
    requesterWaitMinutes: minutes(m.requesterWait),
    agentWaitMinutes: minutes(m.agentWait),
    onHoldMinutes: minutes(m.onHold),
    agentWorkMinutes: minutes(m.agentWork),
    reopens: m.reopens.length,
    agentReplies: m.agentReplies,
    touch: m.touch,
    handleTimeSeconds: m.handleTimeSeconds,
    csat: m.satisfaction === 'good' || m.satisfaction === 'bad' ? m.satisfaction : null,
    ces: latestCes(m.surveys),
    effort,
  };
}

function minutes(d: Duration): Minutes {
  return {
    calendar: d.calendar === null ? null : d.calendar / 60,
    business: d.business === null ? null : d.business / 60,
  };
}
