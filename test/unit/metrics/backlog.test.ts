import { describe, expect, it } from 'vitest';
import { computeBacklog, localDayEnds } from '../../../src/metrics/backlog.js';
import type { CalendarSet } from '../../../src/metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { TimelineBuilder, ms } from '../../support/timeline-builder.js';

const calendars: CalendarSet = { defaultCalendar: null, byId: new Map() };

describe('backlog at end of local day (metrics.md §12(d))', () => {
  const now = ms('2024-03-06T00:00:00Z');
  // D1 = 2024-03-03 … D3 = 2024-03-05, reporting zone UTC.
  const tickets = [
    new TimelineBuilder('A', '2024-03-03T10:00:00Z').status('2024-03-05T09:00:00Z', 'solved'),
    new TimelineBuilder('B', '2024-03-04T08:00:00Z').status('2024-03-04T08:00:00Z', 'pending'),
    new TimelineBuilder('C', '2024-03-04T12:00:00Z').status('2024-03-04T15:00:00Z', 'solved'),
    new TimelineBuilder('D', '2024-03-03T23:30:00Z').status('2024-03-05T18:00:00Z', 'solved'),
  ].map((b) => computeTicketMetrics(b.build(), { now, calendars }).explanation.statusSegments);

  it('counts 2, 3, 1', () => {
    const days = computeBacklog(tickets, localDayEnds('2024-03-03', '2024-03-05', 'UTC'));
    expect(days.map((d) => [d.date, d.backlog, d.actionable])).toEqual([
      ['2024-03-03', 2, 2],
      ['2024-03-04', 3, 2],
      ['2024-03-05', 1, 0],
    ]);
  });

  it('days are local days of the reporting zone, 23 h on the spring-forward day', () => {
    const days = localDayEnds('2024-03-09', '2024-03-10', 'America/New_York');
    expect(days.map((d) => d.endsAt)).toEqual([
      ms('2024-03-10T00:00:00-05:00'),
      ms('2024-03-11T00:00:00-04:00'),
    ]);
    expect(((days[1]?.endsAt ?? 0) - (days[0]?.endsAt ?? 0)) / 3_600_000).toBe(23);
  });

  it('a solve exactly at midnight belongs to the next day, so the ticket is still in the backlog', () => {
    const segs = computeTicketMetrics(
      new TimelineBuilder('M', '2024-03-03T10:00:00Z')
        .status('2024-03-04T00:00:00Z', 'solved')
        .build(),
      { now, calendars },
    ).explanation.statusSegments;
    const days = computeBacklog([segs], localDayEnds('2024-03-03', '2024-03-04', 'UTC'));
    expect(days.map((d) => d.backlog)).toEqual([1, 0]);
  });
});
