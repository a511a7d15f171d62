import { describe, expect, it } from 'vitest';
import type { TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import type { CalendarSet } from '../../../src/metrics/ticket-clock.js';
import { buildCustomerContext } from '../../../src/services/sidebar/customer-context.js';
import type { TimelineStore } from '../../../src/store/store.js';
import { TimelineBuilder, ms } from '../../support/timeline-builder.js';

const calendars: CalendarSet = { defaultCalendar: null, byId: new Map() };
const NOW = ms('2024-03-10T00:00:00Z');
// No rating in these tickets, so the context never reads the store.
const store = {} as TimelineStore;

function solvedTicket(id: string): TicketTimeline {
  return new TimelineBuilder(id, '2024-03-04T09:00:00Z')
    .agent('2024-03-04T09:20:00Z')
    .status('2024-03-04T09:20:00Z', 'pending')
    .customer('2024-03-04T10:00:00Z')
    .status('2024-03-04T10:00:00Z', 'open')
    .agent('2024-03-04T11:00:00Z')
    .status('2024-03-04T11:00:00Z', 'solved')
    .build();
}

async function sidebarStatus(timeline: TicketTimeline) {
  const metrics = computeTicketMetrics(timeline, { now: NOW, calendars });
  const context = await buildCustomerContext(store, 'inst', {
    tickets: [{ ticket: timeline.ticket, metrics }],
    team: { medianFullResolution: { calendar: null, business: null }, requesterWaitP75: null },
    now: NOW,
    repeats: new Map(),
  });
  return { metrics, context };
}

describe('the status the sidebar and the requester summary show (issue 13, minor)', () => {
  it("is the ticket's when the update that solved it was quarantined from its history", async () => {
    const full = solvedTicket('t-1');
    // The solving update failed validation: its status change never reached the history.
    const events = full.events.filter((e) => !(e.type === 'status_change' && e.to === 'solved'));
    expect(events.length).toBe(full.events.length - 1);
    const { metrics, context } = await sidebarStatus({ ticket: full.ticket, events });
    expect(full.ticket.status).toBe('solved');
    expect(metrics.status).toBe('open');
    expect(context.recentTickets.map((t) => t.status)).toEqual(['solved']);
    expect(context.counts).toEqual({ total: 1, open: 0, solved: 1 });
  });

  it("is the history's when it holds a status change newer than the ticket record", async () => {
    const full = solvedTicket('t-2');
    // The tickets stream stored the ticket before its solve; the events stream has the solve.
    const stale = {
      ...full.ticket,
      status: 'open' as const,
      updatedAt: ms('2024-03-04T10:00:00Z'),
    };
    const { context } = await sidebarStatus({ ticket: stale, events: full.events });
    expect(context.recentTickets.map((t) => t.status)).toEqual(['solved']);
    expect(context.counts).toEqual({ total: 1, open: 0, solved: 1 });
  });
});
