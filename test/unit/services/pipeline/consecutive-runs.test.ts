import { describe, expect, it } from 'vitest';
import { consecutiveRuns, SPAN_DAYS } from '../../../../src/services/pipeline/rollup-span.js';

describe('consecutiveRuns', () => {
  it.each([
    {
      why: 'sorts, drops repeats, cuts at gaps',
      days: ['2024-03-05', '2024-03-02', '2024-03-03', '2024-03-03', '2024-03-09'],
      maxDays: 4,
      runs: [['2024-03-02', '2024-03-03'], ['2024-03-05'], ['2024-03-09']],
    },
    {
      why: 'cuts a long run every maxDays days',
      days: ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-02-03', '2024-02-04'],
      maxDays: 4,
      runs: [
        ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02'],
        ['2024-02-03', '2024-02-04'],
      ],
    },
    {
      // 31 March has 23 hours in Rome: its end is the next day's start all the same.
      why: 'keeps a run across a DST change',
      days: ['2024-03-30', '2024-03-31', '2024-04-01'],
      maxDays: 16,
      runs: [['2024-03-30', '2024-03-31', '2024-04-01']],
    },
    {
      why: 'one day per run',
      days: ['2024-03-01', '2024-03-02'],
      maxDays: 1,
      runs: [['2024-03-01'], ['2024-03-02']],
    },
    { why: 'no days', days: [], maxDays: 4, runs: [] },
  ])('$why', ({ days, maxDays, runs }) => {
    expect(consecutiveRuns(days, 'Europe/Rome', maxDays)).toEqual(runs);
  });

  it(`cuts a 16-day claim into runs of ${String(SPAN_DAYS)} by default`, () => {
    const days = Array.from({ length: 16 }, (_, i) =>
      new Date(Date.UTC(2024, 9, 20 + i)).toISOString().slice(0, 10),
    );
    const runs = consecutiveRuns(days, 'America/New_York');
    expect(runs.flat()).toEqual(days);
    expect(runs.map((run) => run.length)).toEqual(
      Array.from({ length: 16 / SPAN_DAYS }, () => SPAN_DAYS),
    );
  });
});
