import { describe, expect, it } from 'vitest';
import { estimateEffort } from '../../../src/metrics/effort.js';
import { summarizeTickets } from '../../../src/metrics/summary.js';
import type { SummaryItem } from '../../../src/metrics/summary.js';
import type { CalendarSet } from '../../../src/metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { TimelineBuilder, ms, noFriction } from '../../support/timeline-builder.js';

const calendars: CalendarSet = { defaultCalendar: null, byId: new Map() };
const now = ms('2024-04-01T00:00:00Z');
const noEffort = estimateEffort(noFriction);

function item(builder: TimelineBuilder): SummaryItem {
  return { metrics: computeTicketMetrics(builder.build(), { now, calendars }), effort: noEffort };
}

/** A ticket created on March `day` at 09:00 UTC, answered at 09:30 and solved at 10:00. */
function solvedTicket(id: string, day = 4): TimelineBuilder {
  const d = `2024-03-${String(day).padStart(2, '0')}`;
  return new TimelineBuilder(id, `${d}T09:00:00Z`)
    .agent(`${d}T09:30:00Z`)
    .status(`${d}T10:00:00Z`, 'solved');
}

function reopenAndResolve(b: TimelineBuilder, day: number, withReply: boolean): TimelineBuilder {
  const d = `2024-03-${String(day).padStart(2, '0')}`;
  b.customer(`${d}T09:00:00Z`).status(`${d}T09:00:00Z`, 'open');
  if (withReply) b.agent(`${d}T09:30:00Z`);
  return b.status(`${d}T10:00:00Z`, 'solved');
}

describe('reopen rate (metrics.md §5(d))', () => {
  // March: 10 tickets solved; A reopened twice (re-solved each time), B once, C by a "thanks" re-solved without comment.
  const items = [
    item(reopenAndResolve(reopenAndResolve(solvedTicket('A'), 5, true), 6, true)),
    item(reopenAndResolve(solvedTicket('B'), 5, true)),
    item(reopenAndResolve(solvedTicket('C'), 5, false)),
    ...['D', 'E', 'F', 'G', 'H', 'I', 'J'].map((id) => item(solvedTicket(id))),
  ];
  const summary = summarizeTickets(items, { reopenWindowDays: 7 });

  it.each([
    ['solved tickets', summary.solvedCount, 10],
    ['reopen rate (all)', summary.reopenRate, 0.3],
    ['reopen rate excluding courtesy reopens', summary.reopenRateExcludingCourtesy, 0.2],
    ['reopen events', summary.reopenEvents, 4],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBeCloseTo(expected, 10);
  });

  it('a reopen outside the window does not count', () => {
    const late = [item(reopenAndResolve(solvedTicket('L', 1), 20, true)), item(solvedTicket('M'))];
    expect(summarizeTickets(late, { reopenWindowDays: 7 }).reopenRate).toBe(0);
    expect(summarizeTickets(late, { reopenWindowDays: 30 }).reopenRate).toBe(0.5);
  });
});

describe('AHT, CSAT and CES (metrics.md §7–§9 worked examples)', () => {
  it('AHT 15 min with coverage 2/3', () => {
    const x = solvedTicket('X')
      .time('2024-03-04T09:10:00Z', 'A', 300)
      .time('2024-03-04T09:20:00Z', 'B', 720)
      .time('2024-03-04T09:30:00Z', 'A', 180);
    const y = solvedTicket('Y').time('2024-03-04T09:10:00Z', 'A', 600);
    const z = solvedTicket('Z');
    const { aht } = summarizeTickets([item(x), item(y), item(z)], { reopenWindowDays: 7 });
    expect(aht).toEqual({ n: 2, meanSeconds: 900, medianSeconds: 900, coverage: 2 / 3 });
  });

  it('CSAT 80% with a 50% response rate', () => {
    const scores = [
      ...Array<'good'>(8).fill('good'),
      'bad',
      'bad',
      ...Array<'offered'>(10).fill('offered'),
    ] as const;
    const items = scores.map((score, i) =>
      item(solvedTicket(`S${String(i)}`).csat('2024-03-05T09:00:00Z', score)),
    );
    expect(summarizeTickets(items, { reopenWindowDays: 7 }).csat).toEqual({
      n: 10,
      pct: 80,
      responseRate: 0.5,
    });
  });

  it('CES [7,6,5,4,2] -> mean 4.8, 60% easy', () => {
    const items = [7, 6, 5, 4, 2].map((value, i) =>
      item(solvedTicket(`C${String(i)}`).ces('2024-03-05T09:00:00Z', value)),
    );
    const { ces } = summarizeTickets(items, { reopenWindowDays: 7 });
    expect(ces.n).toBe(5);
    expect(ces.mean).toBeCloseTo(4.8, 10);
    expect(ces.pctEasy).toBeCloseTo(60, 10);
  });

  it('one-touch rate counts exactly one reply; no-touch is split out', () => {
    const zero = new TimelineBuilder('Z0', '2024-03-04T09:00:00Z').status(
      '2024-03-04T10:00:00Z',
      'solved',
    );
    const two = solvedTicket('T2').agent('2024-03-04T09:40:00Z');
    const summary = summarizeTickets([item(solvedTicket('O1')), item(zero), item(two)], {
      reopenWindowDays: 7,
    });
    expect(summary.oneTouchRate).toBeCloseTo(1 / 3, 10);
  });

  it('an empty set gives nulls, never zeros', () => {
    const summary = summarizeTickets([], { reopenWindowDays: 7 });
    expect(summary.reopenRate).toBeNull();
    expect(summary.firstReplyMinutes.calendar).toEqual({
      n: 0,
      mean: null,
      median: null,
      p90: null,
    });
    expect(summary.aht.coverage).toBeNull();
  });

  it('duration stats exclude tickets whose end event has not happened', () => {
    const unreplied = new TimelineBuilder('U', '2024-03-04T09:00:00Z');
    const summary = summarizeTickets([item(solvedTicket('R')), item(unreplied)], {
      reopenWindowDays: 7,
    });
    expect(summary.firstReplyMinutes.calendar).toEqual({ n: 1, mean: 30, median: 30, p90: 30 });
    expect(summary.fullResolutionMinutes.calendar.n).toBe(1);
  });
});
