import { SOLVED_STATUSES, type Id, type Instant } from '../../domain/index.js';
import { withAssignedSchedule } from '../../metrics/assigned-schedule.js';
import { NotFoundError } from '../../errors.js';
import type { BusinessCalendar } from '../../metrics/business-calendar.js';
import { evaluateSla, type SlaInstance } from '../../metrics/sla.js';
import { computeTicketMetrics } from '../../metrics/ticket-metrics.js';
import type {
  Installation,
  InstallationStore,
  ScheduleStore,
  TimelineStore,
} from '../../store/store.js';
import { calendarOf, calendarSetFor } from '../pipeline/analyze-ticket.js';
import { iso, isoOrNull } from './iso.js';
import { shownStatus } from './shown-status.js';
import { slaPolicyOf } from './settings.js';
import type { SlaClockSchema, TicketClocksResponse } from './contracts.js';
import type { z } from 'zod';

type SlaClock = z.infer<typeof SlaClockSchema>;

/**
 * Live clocks of one ticket as of `now`: the metric engine is re-run on the stored history (the
 * stored metrics are as of the last analysis, so a waiting customer's clock would stand still),
 * giving first reply, the running requester wait, and the installation's SLA policy targets.
 */
export async function ticketClocks(
  store: InstallationStore & ScheduleStore & TimelineStore,
  installation: Installation,
  ticketId: Id,
  now: Instant,
): Promise<TicketClocksResponse> {
  const timeline = await store.getTicketTimeline(installation.id, ticketId);
  if (timeline === null) throw new NotFoundError('no such ticket');
  const calendars = calendarSetFor(installation.id, await store.listSchedules(installation.id));
  const ticket = withAssignedSchedule(timeline.ticket, timeline.events);
  const metrics = computeTicketMetrics({ ticket, events: timeline.events }, { now, calendars });
  const calendar = calendarOf(ticket, calendars);
  // Authentication may hand over an installation cached a few seconds ago; an admin who just
  // changed the SLA policy expects the next clock to use it.
  const current = await store.getInstallation(installation.id);
  const policy = slaPolicyOf((current ?? installation).settings);
  const sla = policy === null ? [] : evaluateSla(metrics, ticket.priority, policy, calendar, now);
  // A solved or closed ticket's age stops at its latest solve (or, closed without a solve, at
  // its close): it is not waiting on anyone.
  const status = shownStatus(timeline.ticket, metrics);
  // Solved by the ticket's word but not by its history (the solving update quarantined): the
  // ticket's last change is the best-known solve.
  const solved = !SOLVED_STATUSES.has(status)
    ? null
    : SOLVED_STATUSES.has(metrics.status)
      ? (metrics.lastSolvedAt ?? metrics.explanation.statusSegments.at(-1)?.from ?? now)
      : ticket.updatedAt;
  const ageEnd = solved ?? now;
  return {
    ticketId: ticket.id,
    status,
    createdAt: iso(ticket.createdAt),
    age: {
      calendar: seconds(ageEnd - ticket.createdAt),
      business:
        calendar === null
          ? null
          : seconds(calendar.cumulativeMs(ageEnd) - calendar.cumulativeMs(ticket.createdAt)),
    },
    ageStoppedAt: isoOrNull(solved),
    firstReply: metrics.explanation.firstReply === null ? null : metrics.firstReply,
    requesterWait: metrics.running.requesterWait,
    sla: sla.map((instance): SlaClock => toClock(instance, calendar, now)),
    asOf: iso(now),
  };
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

function toClock(instance: SlaInstance, calendar: BusinessCalendar | null, now: Instant): SlaClock {
  let remaining: number | null = null;
  if (instance.state === 'active' && instance.breachAt !== null) {
    const ms =
      instance.businessHours && calendar !== null
        ? calendar.cumulativeMs(instance.breachAt) - calendar.cumulativeMs(now)
        : instance.breachAt - now;
    remaining = Math.max(0, Math.round(ms / 1000));
  } else if (instance.state === 'breached') {
    remaining = 0;
  }
  return {
    metric: instance.metric,
    target: instance.targetSeconds,
    businessHours: instance.businessHours,
    remainingBusinessSeconds: remaining,
    breachAt: isoOrNull(instance.breachAt),
    state: instance.state,
  };
}
