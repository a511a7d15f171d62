import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/metrics/business-calendar.js';
import type { CalendarSet } from '../../../src/metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import type { TicketMetrics } from '../../../src/metrics/types.js';
import {
  TimelineBuilder,
  minutes,
  ms,
  newYorkOfficeHours,
  timelineTR,
} from '../../support/timeline-builder.js';

const ny = createBusinessCalendar(newYorkOfficeHours());
const withNy: CalendarSet = { defaultCalendar: ny, byId: new Map([[ny.scheduleId, ny]]) };
const noSchedule: CalendarSet = { defaultCalendar: null, byId: new Map() };

function metricsOf(
  timeline: ReturnType<TimelineBuilder['build']>,
  now: string,
  calendars = noSchedule,
): TicketMetrics {
  return computeTicketMetrics(timeline, { now: ms(now), calendars });
}

describe('first reply time (metrics.md §1)', () => {
  it.each([
    {
      name: 'T-FRT-1 customer ticket across the night, NY office hours',
      timeline: new TimelineBuilder('1', '2024-03-04T16:30:00-05:00')
        .agent('2024-03-05T10:15:00-05:00')
        .build(),
      frt: { calendar: minutes(1065), business: minutes(105) },
      customerFirst: { calendar: minutes(1065), business: minutes(105) },
    },
    {
      name: 'T-FRT-A agent-created with a public first comment: the second public agent comment counts',
      timeline: new TimelineBuilder('2', '2024-03-04T09:00:00-05:00', { by: 'agent' })
        .customer('2024-03-04T11:00:00-05:00')
        .agent('2024-03-04T11:30:00-05:00')
        .build(),
      frt: { calendar: minutes(150), business: minutes(150) },
      customerFirst: { calendar: minutes(30), business: minutes(30) },
    },
    {
      name: 'agent-created with a private note first: the first public agent comment is the reply',
      timeline: new TimelineBuilder('3', '2024-03-04T09:00:00-05:00', {
        by: 'agent',
        firstComment: 'private',
      })
        .note('2024-03-04T09:10:00-05:00')
        .agent('2024-03-04T09:40:00-05:00')
        .build(),
      frt: { calendar: minutes(40), business: minutes(40) },
      customerFirst: { calendar: null, business: null },
    },
    {
      name: 'private agent notes never end the clock; no public reply -> null',
      timeline: new TimelineBuilder('4', '2024-03-04T09:00:00-05:00')
        .note('2024-03-04T09:05:00-05:00')
        .build(),
      frt: { calendar: null, business: null },
      customerFirst: { calendar: null, business: null },
    },
  ])('$name', ({ timeline, frt, customerFirst }) => {
    const m = metricsOf(timeline, '2024-03-08T00:00:00Z', withNy);
    expect(m.firstReply).toEqual(frt);
    expect(m.customerFirstReply).toEqual(customerFirst);
  });

  it('a ticket solved without a comment and answered after reopening ends FRT at that later reply', () => {
    const m = metricsOf(
      new TimelineBuilder('5', '2024-03-04T09:00:00Z', { firstComment: 'none' })
        .status('2024-03-04T09:10:00Z', 'solved')
        .customer('2024-03-04T10:00:00Z')
        .status('2024-03-04T10:00:00Z', 'open')
        .agent('2024-03-04T10:30:00Z')
        .build(),
      '2024-03-05T00:00:00Z',
    );
    expect(m.firstReply.calendar).toBe(minutes(90));
    expect(m.reopens).toHaveLength(1);
  });
});

describe('T-R reopened timeline (metrics.md §2–§6)', () => {
  const m = metricsOf(timelineTR(), '2024-03-10T00:00:00Z');

  it.each([
    ['first reply', m.firstReply.calendar, minutes(20)],
    ['total reply', m.totalReply.calendar, minutes(110)],
    ['first resolution', m.firstResolution.calendar, minutes(120)],
    ['full resolution', m.fullResolution.calendar, minutes(1620)],
    ['requester wait', m.requesterWait.calendar, minutes(110)],
    ['agent wait', m.agentWait.calendar, minutes(130)],
    ['on hold', m.onHold.calendar, 0],
    ['agent work', m.agentWork.calendar, minutes(110)],
    ['solve time', m.solveTime.calendar, minutes(240)],
    ['reopens', m.reopens.length, 1],
    ['agent replies', m.agentReplies, 3],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('reply intervals are [20, 60, 30] minutes and the ticket is multi-touch', () => {
    expect(m.replyIntervals.map((i) => i.calendarSeconds)).toEqual([20, 60, 30].map(minutes));
    expect(m.touch).toBe('multi_touch');
    expect(m.fcrStrict).toBe(false);
    expect(m.status).toBe('closed');
  });

  it('business values are null without a schedule, never 0', () => {
    expect(m.firstReply.business).toBeNull();
    expect(m.requesterWait.business).toBeNull();
  });

  it('explains which events produced the resolution numbers', () => {
    expect(m.explanation.firstResolution?.to).toBe(ms('2024-03-04T11:00:00Z'));
    expect(m.explanation.fullResolution?.to).toBe(ms('2024-03-05T12:00:00Z'));
    expect(m.explanation.statusSegments.map((s) => s.status)).toEqual([
      'new',
      'pending',
      'open',
      'solved',
      'open',
      'pending',
      'solved',
      'closed',
    ]);
  });

  it('as of D2 10:15 (reopened): reopens 1, full resolution null, completed waits null', () => {
    const live = metricsOf(timelineTR(), '2024-03-05T10:15:00Z');
    expect(live.reopens).toHaveLength(1);
    expect(live.fullResolution).toEqual({ calendar: null, business: null });
    expect(live.firstResolution.calendar).toBe(minutes(120));
    expect(live.requesterWait).toEqual({ calendar: null, business: null });
    expect(live.running.requesterWait.calendar).toBe(minutes(20 + 60 + 15));
    expect(live.awaitingReplySince).toBe(ms('2024-03-05T10:00:00Z'));
    expect(live.touch).toBeNull();
  });
});

describe('touch classes and FCR (metrics.md §6(d))', () => {
  it('T-1: one reply, then a "thanks" reopen re-solved without comment', () => {
    const m = metricsOf(
      new TimelineBuilder('T-1', '2024-03-04T09:00:00Z')
        .agent('2024-03-04T09:30:00Z')
        .status('2024-03-04T09:30:00Z', 'solved')
        .customer('2024-03-04T10:00:00Z')
        .status('2024-03-04T10:00:00Z', 'open')
        .status('2024-03-04T10:05:00Z', 'solved')
        .build(),
      '2024-03-05T00:00:00Z',
    );
    expect(m.touch).toBe('one_touch');
    expect(m.fcrStrict).toBe(false);
    expect(m.reopens).toEqual([
      expect.objectContaining({ courtesy: true, secondsSinceSolve: minutes(30) }),
    ]);
  });

  it('T-0: solved with no public reply is no_touch', () => {
    const m = metricsOf(
      new TimelineBuilder('T-0', '2024-03-04T09:00:00Z')
        .note('2024-03-04T09:10:00Z')
        .status('2024-03-04T09:20:00Z', 'solved')
        .build(),
      '2024-03-05T00:00:00Z',
    );
    expect(m.touch).toBe('no_touch');
    expect(m.fcrStrict).toBe(false);
  });

  it('strict FCR: one reply, never pending, no reopen', () => {
    const m = metricsOf(
      new TimelineBuilder('F', '2024-03-04T09:00:00Z')
        .agent('2024-03-04T09:30:00Z')
        .status('2024-03-04T09:30:00Z', 'solved')
        .build(),
      '2024-03-05T00:00:00Z',
    );
    expect([m.touch, m.fcrStrict]).toEqual(['one_touch', true]);
  });

  it.each([
    [2, 'two_touch'],
    [4, 'multi_touch'],
  ])('%i replies -> %s', (replies, touch) => {
    const b = new TimelineBuilder('N', '2024-03-04T09:00:00Z');
    for (let i = 0; i < replies; i++) b.agent(`2024-03-04T1${String(i)}:00:00Z`);
    const m = metricsOf(b.status('2024-03-04T18:00:00Z', 'solved').build(), '2024-03-05T00:00:00Z');
    expect(m.touch).toBe(touch);
  });
});

describe('resolution and business time', () => {
  it('T-DST: across the US spring-forward weekend', () => {
    const m = metricsOf(
      new TimelineBuilder('DST', '2024-03-08T16:00:00-05:00')
        .status('2024-03-11T10:00:00-04:00', 'solved')
        .build(),
      '2024-03-12T00:00:00Z',
      withNy,
    );
    expect(m.fullResolution).toEqual({ calendar: minutes(3900), business: minutes(120) });
    expect(m.firstResolution).toEqual(m.fullResolution);
    expect(m.explanation.scheduleIds).toEqual(['ny-9-17']);
  });

  it('a ticket closed without ever being solved resolves at its first close', () => {
    const m = metricsOf(
      new TimelineBuilder('C', '2024-03-04T09:00:00Z')
        .status('2024-03-04T10:00:00Z', 'closed')
        .build(),
      '2024-03-05T00:00:00Z',
    );
    expect([m.firstResolution.calendar, m.fullResolution.calendar]).toEqual([
      minutes(60),
      minutes(60),
    ]);
  });

  it('events after `now` are ignored', () => {
    const m = metricsOf(
      new TimelineBuilder('L', '2024-03-04T09:00:00Z').agent('2024-03-04T12:00:00Z').build(),
      '2024-03-04T10:00:00Z',
    );
    expect(m.firstReply.calendar).toBeNull();
    expect(m.awaitingReplySince).toBe(ms('2024-03-04T09:00:00Z'));
  });

  it('time in hold counts in requester wait and on-hold', () => {
    const m = metricsOf(
      new TimelineBuilder('H', '2024-03-04T09:00:00Z')
        .status('2024-03-04T09:10:00Z', 'hold')
        .status('2024-03-04T10:10:00Z', 'open')
        .status('2024-03-04T10:20:00Z', 'solved')
        .build(),
      '2024-03-05T00:00:00Z',
    );
    expect([m.onHold.calendar, m.requesterWait.calendar, m.agentWork.calendar]).toEqual([
      minutes(60),
      minutes(80),
      minutes(20),
    ]);
  });
});

describe('handle time (metrics.md §7(d))', () => {
  it('T-AHT ticket X: deltas of the total field per agent', () => {
    const m = metricsOf(
      new TimelineBuilder('X', '2024-03-04T09:00:00Z')
        .time('2024-03-04T09:10:00Z', 'A', 300)
        .time('2024-03-04T09:20:00Z', 'B', 720)
        .time('2024-03-04T09:30:00Z', 'A', 180)
        .status('2024-03-04T09:30:00Z', 'solved')
        .build(),
      '2024-03-05T00:00:00Z',
    );
    expect(m.handleTimeSeconds).toBe(1200);
    expect(m.handleTimeByAgent).toEqual({ A: 480, B: 720 });
  });

  it('a lowering edit is clamped per agent but the ticket total stays authoritative', () => {
    const m = metricsOf(
      new TimelineBuilder('Y', '2024-03-04T09:00:00Z')
        .time('2024-03-04T09:10:00Z', 'A', 600)
        .time('2024-03-04T09:20:00Z', 'B', -200)
        .build(),
      '2024-03-05T00:00:00Z',
    );
    expect(m.handleTimeSeconds).toBe(400);
    expect(m.handleTimeByAgent).toEqual({ A: 600, B: 0 });
  });

  it('no time data -> null, not 0', () => {
    const m = metricsOf(
      new TimelineBuilder('Z', '2024-03-04T09:00:00Z').build(),
      '2024-03-05T00:00:00Z',
    );
    expect(m.handleTimeSeconds).toBeNull();
  });
});

describe('behaviour for the effort estimate', () => {
  it('counts customer messages, reassignments, group hops and channel switches', () => {
    const m = metricsOf(
      new TimelineBuilder('E', '2024-03-04T09:00:00Z')
        .assign('2024-03-04T09:01:00Z', null, 'a1')
        .assign('2024-03-04T09:02:00Z', 'a1', 'a2')
        .group('2024-03-04T09:03:00Z', 'g1', 'g2')
        .customer('2024-03-04T09:10:00Z', 'chat')
        .customer('2024-03-04T09:20:00Z', 'email')
        .build(),
      '2024-03-05T00:00:00Z',
    );
    expect(m.behaviour).toEqual({
      customerMessages: 3,
      reassignments: 1,
      groupHops: 1,
      channelSwitches: 2,
    });
  });
});

describe('schedule changes (metrics.md §14.2: piecewise by default)', () => {
  it('each stretch is measured with the schedule in force during it', () => {
    const allDay = createBusinessCalendar({
      id: 'utc-24-7',
      name: '24/7',
      timeZone: 'UTC',
      intervals: [{ startMinute: 0, endMinute: 10080 }],
      holidays: [],
    });
    const calendars: CalendarSet = {
      defaultCalendar: ny,
      byId: new Map([
        [ny.scheduleId, ny],
        [allDay.scheduleId, allDay],
      ]),
    };
    // Created Monday 08:00 NY on office hours; switched to 24/7 at 10:00; solved at 12:00 (NY, EST).
    const { ticket, events } = new TimelineBuilder('S', '2024-03-04T08:00:00-05:00')
      .status('2024-03-04T12:00:00-05:00', 'solved')
      .build();
    const switchAt = ms('2024-03-04T10:00:00-05:00');
    const timeline = {
      ticket,
      events: [
        ...events.filter((e) => e.at < switchAt),
        {
          id: 'sw',
          ticketId: 'S',
          at: switchAt,
          actorId: null,
          type: 'schedule_change' as const,
          scheduleId: 'utc-24-7',
        },
        ...events.filter((e) => e.at >= switchAt),
      ],
    };
    const m = computeTicketMetrics(timeline, { now: ms('2024-03-05T00:00:00Z'), calendars });
    // 09:00–10:00 on office hours (60) + 10:00–12:00 around the clock (120).
    expect(m.fullResolution).toEqual({ calendar: minutes(240), business: minutes(180) });
    expect(m.explanation.scheduleIds).toEqual(['ny-9-17', 'utc-24-7']);
  });
});
