import { describe, expect, it } from 'vitest';
import type { HelpdeskTicketMetrics, TicketEvent } from '../../../src/domain/index.js';
import { compareTicketAgreement } from '../../../src/metrics/agreement.js';
import { AGREEMENT_REASONS, type AgreementReason } from '../../../src/metrics/agreement-reasons.js';
import { createBusinessCalendar } from '../../../src/metrics/business-calendar.js';
import type { CalendarSet } from '../../../src/metrics/ticket-clock.js';
import { computeTicketMetrics, type TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import {
  TimelineBuilder,
  ms,
  newYorkOfficeHours,
  timelineTR,
} from '../../support/timeline-builder.js';

const NOW = '2024-03-20T00:00:00Z';
/** The metrics measured on both clocks (all but the counts). */
const DURATIONS = [
  'first_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'agent_wait',
  'on_hold',
] as const;
const noSchedule: CalendarSet = { defaultCalendar: null, byId: new Map() };
const ny = createBusinessCalendar(newYorkOfficeHours());
const withNy: CalendarSet = { defaultCalendar: ny, byId: new Map([[ny.scheduleId, ny]]) };

const cal = (calendar: number | null, business: number | null = null) => ({ calendar, business });

/**
 * Zendesk's metric set for T-R (metrics.md §2–5 worked example), written out by hand: FRT 20,
 * first resolution 120, full 1620, requester wait 110, agent wait 130, no hold, 1 reopen, 3 replies.
 */
function zendeskTR(overrides: Partial<HelpdeskTicketMetrics> = {}): HelpdeskTicketMetrics {
  return {
    ticketId: 'T-R',
    replyMinutes: cal(20),
    firstResolutionMinutes: cal(120),
    fullResolutionMinutes: cal(1620),
    requesterWaitMinutes: cal(110),
    agentWaitMinutes: cal(130),
    onHoldMinutes: cal(0),
    reopens: 1,
    replies: 3,
    solvedAt: ms('2024-03-05T12:00:00Z'),
    updatedAt: ms('2024-03-09T12:00:00Z'),
    ...overrides,
  };
}

function compare(timeline: TicketTimeline, theirs: HelpdeskTicketMetrics, calendars = noSchedule) {
  const ours = computeTicketMetrics(timeline, { now: ms(NOW), calendars });
  return compareTicketAgreement({ ticket: timeline.ticket, events: timeline.events, ours, theirs });
}

/** metric/clock → reason, for the differences only. */
function differences(rows: ReturnType<typeof compare>): Record<string, AgreementReason | null> {
  return Object.fromEntries(
    rows.filter((r) => r.reason !== null).map((r) => [`${r.metric}/${r.clock}`, r.reason]),
  );
}

function withEvents(timeline: TicketTimeline, events: TicketEvent[]): TicketTimeline {
  return { ticket: timeline.ticket, events };
}

/** T-R as Zendesk saw it before the customer wrote back on day 2: solved once, 2 replies. */
const beforeDay2 = {
  fullResolutionMinutes: cal(120),
  requesterWaitMinutes: cal(80),
  agentWaitMinutes: cal(40),
  reopens: 0,
  replies: 2,
};

const tr = timelineTR();
const reopenedOpen = new TimelineBuilder('T-R', '2024-03-04T09:00:00Z')
  .agent('2024-03-04T09:20:00Z')
  .status('2024-03-04T09:20:00Z', 'pending')
  .customer('2024-03-04T10:00:00Z')
  .status('2024-03-04T10:00:00Z', 'open')
  .agent('2024-03-04T11:00:00Z')
  .status('2024-03-04T11:00:00Z', 'solved')
  .customer('2024-03-05T10:00:00Z')
  .status('2024-03-05T10:00:00Z', 'open')
  .build();
const agentCreated = new TimelineBuilder('A-1', '2024-03-04T09:00:00Z', { by: 'agent' })
  .customer('2024-03-04T11:00:00Z')
  .status('2024-03-04T11:00:00Z', 'open')
  .agent('2024-03-04T11:30:00Z')
  .status('2024-03-04T11:30:00Z', 'solved')
  .build();
const zendeskAgentCreated: HelpdeskTicketMetrics = {
  ticketId: 'A-1',
  // Zendesk parity FRT (metrics.md §1(d)): 150; Zendesk counts the creating comment in `replies`.
  replyMinutes: cal(150),
  firstResolutionMinutes: cal(150),
  fullResolutionMinutes: cal(150),
  requesterWaitMinutes: cal(150),
  agentWaitMinutes: cal(0),
  onHoldMinutes: cal(0),
  reopens: 0,
  replies: 2,
  solvedAt: ms('2024-03-04T11:30:00Z'),
  updatedAt: ms('2024-03-04T11:30:00Z'),
};
const merge: TicketEvent = {
  id: 'T-R-merge',
  ticketId: 'T-R',
  at: ms('2024-03-05T12:00:00Z'),
  actorId: null,
  type: 'merge',
  intoTicketId: 'T-9',
};
const scheduleSwitch: TicketEvent = {
  id: 'T-R-schedule',
  ticketId: 'T-R',
  at: ms('2024-03-04T10:00:00Z'),
  actorId: null,
  type: 'schedule_change',
  scheduleId: 'ny-9-17',
};
const deletion: TicketEvent = {
  id: 'T-R-deleted',
  ticketId: 'T-R',
  at: ms('2024-03-07T12:00:00Z'),
  actorId: null,
  type: 'status_change',
  from: 'solved',
  to: 'deleted',
};
const creatingSchedule: TicketEvent = { ...scheduleSwitch, at: ms('2024-03-04T09:00:00Z') };
// Dropping the day-2 reopen (customer comment + open) leaves "open → pending" after "→ solved".
const gap = tr.events.filter((e) => e.at !== ms('2024-03-05T10:00:00Z'));
// Two consecutive updates lost (the reopen and the re-solve): solved → closed still chains.
const lostReopen = tr.events.filter(
  (e) => e.at < ms('2024-03-05T10:00:00Z') || e.at > ms('2024-03-05T12:00:00Z'),
);

describe('agreement with Zendesk: every reason is produced and recognised', () => {
  it.each<{
    name: string;
    timeline: TicketTimeline;
    theirs: HelpdeskTicketMetrics;
    calendars?: CalendarSet;
    want: Record<string, AgreementReason>;
    evidence?: string[];
  }>([
    { name: 'T-R agrees on every metric', timeline: tr, theirs: zendeskTR(), want: {} },
    {
      name: 'whole-minute rounding is within tolerance',
      timeline: tr,
      theirs: zendeskTR({ replyMinutes: cal(21), fullResolutionMinutes: cal(1619) }),
      want: {},
    },
    {
      name: 'a difference with no evidence is unexplained',
      timeline: tr,
      theirs: zendeskTR({ replyMinutes: cal(22) }),
      want: { 'first_reply/calendar': 'unexplained' },
      evidence: [],
    },
    {
      name: 'merged ticket',
      timeline: withEvents(
        tr,
        [...tr.events, merge].sort((a, b) => a.at - b.at),
      ),
      theirs: zendeskTR({ fullResolutionMinutes: cal(1600) }),
      want: { 'full_resolution/calendar': 'merged_or_deleted' },
      evidence: ['T-R-merge'],
    },
    {
      name: 'history begins after creation (sync window started later)',
      timeline: withEvents(
        tr,
        tr.events.filter((e) => e.at >= ms('2024-03-04T10:00:00Z')),
      ),
      theirs: zendeskTR(),
      // Without the first hour, that hour counts as `new` (requester wait) instead of 20 min new
      // and 40 min pending, and the first reply is missing.
      want: {
        'first_reply/calendar': 'outside_synced_window',
        'requester_wait/calendar': 'outside_synced_window',
        'agent_wait/calendar': 'outside_synced_window',
        'replies/count': 'outside_synced_window',
      },
    },
    {
      name: "Zendesk's metric set predates the day-2 updates",
      timeline: tr,
      theirs: zendeskTR({ ...beforeDay2, updatedAt: ms('2024-03-04T11:00:00Z') }),
      want: {
        'full_resolution/calendar': 'stale_metric_set',
        'requester_wait/calendar': 'stale_metric_set',
        'agent_wait/calendar': 'stale_metric_set',
        'reopens/count': 'stale_metric_set',
        'replies/count': 'stale_metric_set',
      },
    },
    {
      name: 'a lost update breaks the status chain',
      timeline: withEvents(tr, gap),
      theirs: zendeskTR(),
      // The day-2 half hour open is lost (110 → 80); solved → pending still counts as a reopen.
      want: { 'requester_wait/calendar': 'history_gap' },
    },
    {
      name: 'a lost last solve: the history ends open, the ticket says solved',
      timeline: {
        ticket: tr.ticket,
        events: tr.events.filter((e) => e.at < ms('2024-03-05T12:00:00Z')),
      },
      theirs: zendeskTR(),
      want: {
        'full_resolution/calendar': 'history_gap',
        'requester_wait/calendar': 'history_gap',
        'agent_wait/calendar': 'history_gap',
        'on_hold/calendar': 'history_gap',
      },
      evidence: ['T-R-e12'],
    },
    {
      name: 'a lost reopen and re-solve: the chain joins up, Zendesk counts a reopen more',
      timeline: withEvents(tr, lostReopen),
      theirs: zendeskTR(),
      // Solved on day 1, then closed: the day-2 reopen, reply, pending and re-solve are lost.
      want: {
        'full_resolution/calendar': 'history_gap',
        'requester_wait/calendar': 'history_gap',
        'agent_wait/calendar': 'history_gap',
        'reopens/count': 'history_gap',
        'replies/count': 'history_gap',
      },
      evidence: [],
    },
    {
      name: 'reopened and not re-solved: Zendesk keeps the first solve values',
      timeline: reopenedOpen,
      theirs: zendeskTR({ ...beforeDay2, reopens: 1, updatedAt: ms('2024-03-05T10:00:00Z') }),
      want: {
        'full_resolution/calendar': 'status_treated_differently',
        'requester_wait/calendar': 'status_treated_differently',
        'agent_wait/calendar': 'status_treated_differently',
        'on_hold/calendar': 'status_treated_differently',
      },
    },
    {
      name: "agent-created ticket: Zendesk's replies include the creating comment",
      timeline: agentCreated,
      theirs: zendeskAgentCreated,
      want: { 'replies/count': 'agent_created_ticket' },
      evidence: ['A-1-e2'],
    },
    {
      name: 'schedule changed: business minutes differ, calendar agrees',
      timeline: withEvents(
        tr,
        [...tr.events, scheduleSwitch].sort((a, b) => a.at - b.at),
      ),
      // Zendesk, on a different last schedule, has business values only for first resolution;
      // every business difference is the schedule's, and the calendar clock still agrees.
      theirs: zendeskTR({ firstResolutionMinutes: cal(120, 120) }),
      calendars: withNy,
      want: Object.fromEntries(
        DURATIONS.map((m) => [`${m}/business`, 'schedule_changed'] as const),
      ),
      evidence: ['T-R-schedule'],
    },
    {
      name: 'deleted, as the Zendesk connector records it: a status change to deleted',
      timeline: withEvents(tr, [...tr.events, deletion]),
      // Deleted tickets are not exported: the set, like the ticket row, is as before the deletion.
      theirs: zendeskTR(),
      want: {
        'full_resolution/calendar': 'merged_or_deleted',
        'requester_wait/calendar': 'merged_or_deleted',
        'agent_wait/calendar': 'merged_or_deleted',
        'on_hold/calendar': 'merged_or_deleted',
      },
      evidence: ['T-R-deleted'],
    },
    {
      name: "the creating update's schedule assignment is no schedule change",
      timeline: withEvents(tr, [creatingSchedule, ...tr.events]),
      theirs: zendeskTR({ firstResolutionMinutes: cal(120, 120) }),
      calendars: withNy,
      want: Object.fromEntries(DURATIONS.map((m) => [`${m}/business`, 'unexplained'] as const)),
      evidence: [],
    },
  ])('$name', ({ timeline, theirs, calendars, want, evidence }) => {
    const rows = compare(timeline, theirs, calendars);
    expect(differences(rows)).toEqual(want);
    if (evidence !== undefined) {
      for (const row of rows.filter((r) => r.reason !== null)) {
        expect(row.evidenceEventIds).toEqual(evidence);
      }
    }
  });

  it('covers the whole catalogue', () => {
    // Every reason but none is exercised above; this fails when a reason is added untested.
    expect(AGREEMENT_REASONS).toEqual([
      'merged_or_deleted',
      'outside_synced_window',
      'stale_metric_set',
      'history_gap',
      'status_treated_differently',
      'agent_created_ticket',
      'schedule_changed',
      'unexplained',
    ]);
  });

  it('compares durations on both clocks and counts once, skipping metrics neither side has', () => {
    const rows = compare(tr, zendeskTR());
    // No schedule: business is null on both sides, so 6 calendar durations + 2 counts.
    expect(rows.map((r) => `${r.metric}/${r.clock}`)).toEqual([
      'first_reply/calendar',
      'first_resolution/calendar',
      'full_resolution/calendar',
      'requester_wait/calendar',
      'agent_wait/calendar',
      'on_hold/calendar',
      'reopens/count',
      'replies/count',
    ]);
    expect(rows.find((r) => r.metric === 'full_resolution')).toMatchObject({
      ours: 1620,
      theirs: 1620,
      reason: null,
    });
  });

  it('the earlier reason in the catalogue wins: a stale set of an agent-created ticket is stale', () => {
    const rows = compare(agentCreated, {
      ...zendeskAgentCreated,
      updatedAt: ms('2024-03-04T09:00:00Z'),
    });
    expect(differences(rows)).toEqual({ 'replies/count': 'stale_metric_set' });
  });
});
