import { describe, expect, it } from 'vitest';
import { latestRollupInstant, rollupInstants } from '../../../../src/metrics/rollup-instants.js';
import type { TicketTimeline } from '../../../../src/metrics/ticket-metrics.js';
import {
  analyzeTimeline,
  calendarSetFor,
  touchedDays,
  type AnalysisContext,
} from '../../../../src/services/pipeline/analyze-ticket.js';
import { ticketContributions } from '../../../../src/services/pipeline/rollup-day.js';
import { createRandom } from '../../../../src/simulator/prng.js';
import {
  BASE,
  DAY_MS,
  DENSE_POLICY,
  denseTimeline,
  iso,
} from '../../../support/dense-timelines.js';
import {
  CALENDAR_SETS,
  pick,
  randomPolicy,
  randomTimeline,
} from '../../../support/random-timelines.js';
import { TimelineBuilder, newYorkOfficeHours } from '../../../support/timeline-builder.js';

const analyse = (timeline: TicketTimeline, context: AnalysisContext) =>
  analyzeTimeline(
    {
      ticket: timeline.ticket,
      events: [...timeline.events],
      timelineVersion: 1,
      handleTimeEntries: [],
      surveyAnswers: [],
    },
    context,
  );

describe('rollupInstants', () => {
  // The days an analysis marks for re-rolling and what a span's SQL read may leave out both rest
  // on this: a contribution at an instant the list lacks would be missing from its day's rollup.
  it('holds the instant of every contribution rollupDay makes, at any now', () => {
    const random = createRandom('rollup-instants', 1);
    // Analysed as of one of these; its SLA instances' outcomes judged as of each and at the end.
    const analysedAt = [BASE, BASE + 20 * DAY_MS, BASE + 90 * DAY_MS, Date.UTC(2025, 0, 1)];
    const nows = [...analysedAt, Number.MAX_SAFE_INTEGER];
    const dense = calendarSetFor('i', [newYorkOfficeHours()]);
    let contributions = 0;
    let cesAnswers = 0;
    for (let i = 0; i < 3_000; i += 1) {
      const fuzzed = i % 2 === 1;
      const analysis = fuzzed
        ? analyse(randomTimeline(random, i), {
            now: pick(random, analysedAt),
            calendars: pick(random, CALENDAR_SETS),
            recent: [],
            slaPolicy: randomPolicy(random),
          })
        : analyse(denseTimeline(random, i), {
            now: BASE + 80 * DAY_MS,
            calendars: dense,
            recent: [],
            slaPolicy: DENSE_POLICY,
          });
      const instants = new Set(rollupInstants(analysis.metrics, analysis.dims.sla));
      for (const now of nows)
        for (const c of ticketContributions(analysis, 7, now)) {
          if (c.at === null) continue;
          contributions += 1;
          if (c.metric === 'ces') cesAnswers += 1;
          expect(instants, `${analysis.metrics.ticketId} ${c.metric} at ${iso(c.at)}`).toContain(
            c.at,
          );
        }
      expect(latestRollupInstant(analysis.metrics, analysis.dims.sla)).toBe(Math.max(...instants));
    }
    expect(contributions).toBeGreaterThan(100_000);
    expect(cesAnswers).toBeGreaterThan(500);
  }, 60_000); // 3,000 analyses: ~4 s on a quiet machine, more beside other suites.

  it('marks the day of a CES answer given days after the solve for re-rolling', () => {
    const timeline = new TimelineBuilder('T1', '2024-03-04T09:00:00Z')
      .agent('2024-03-04T10:00:00Z')
      .status('2024-03-04T11:00:00Z', 'solved')
      .ces('2024-03-08T15:00:00Z', 6)
      .build();
    const analysis = analyse(timeline, {
      now: Date.parse('2024-03-09T00:00:00Z'),
      calendars: calendarSetFor('i', []),
      recent: [],
      slaPolicy: null,
    });
    expect([...touchedDays([undefined, analysis], 'Europe/Rome')].sort()).toEqual([
      '2024-03-04',
      '2024-03-08',
    ]);
  });
});
