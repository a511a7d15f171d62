import { describe, expect, it } from 'vitest';
import {
  healthSignals,
  type HealthSignals,
  type HealthTicket,
} from '../../../src/metrics/health-signals.js';
import {
  healthBaseline,
  healthStatus,
  scoreHealth,
  type HealthBaseline,
} from '../../../src/metrics/health-score.js';

const DAY = 86_400_000;
const AS_OF = Date.UTC(2024, 5, 1);

const QUIET: HealthSignals = {
  volume: 4,
  previousVolume: 4,
  badCsat: { n: 0, of: 2 },
  lowCes: { n: 0, of: 0 },
  reopens: { n: 0, of: 4 },
  escalations: { n: 0, of: 4 },
  effort: 10,
  waitHours: 2,
  open: 1,
};
const TEAM: HealthBaseline = {
  badCsat: 0.1,
  lowCes: 0.2,
  reopens: 0.1,
  escalations: 0.1,
  effort: 20,
  waitHours: 4,
  open: 2,
};

describe('scoreHealth', () => {
  // Each row's expected points are worked out by hand from the formula in health-score.ts:
  // weight × min(1, excess); ratios shrink with 3 pseudo-observations at the team rate.
  const rows: {
    name: string;
    signals: Partial<HealthSignals>;
    score: number;
    reasons: [string, number, number][];
  }[] = [
    { name: 'nothing worse than the team', signals: {}, score: 100, reasons: [] },
    {
      // shrunk (2 + 0.3) / 5 = 0.46; excess (0.46 − 0.1) / 0.1 = 3.6 → full 20.
      name: 'two bad ratings of two',
      signals: { badCsat: { n: 2, of: 2 } },
      score: 80,
      reasons: [['bad_csat', 1, 20]],
    },
    {
      // shrunk (1 + 0.3) / 13 = 0.1; excess 0 → nothing.
      name: 'one bad rating of ten is the team rate',
      signals: { badCsat: { n: 1, of: 10 } },
      score: 100,
      reasons: [],
    },
    {
      // 6 h vs 4 h: excess 0.5 → 15 × 0.5 = 7.5.
      name: 'waits half again as long',
      signals: { waitHours: 6 },
      score: 92.5,
      reasons: [['wait', 6, 7.5]],
    },
    {
      // 9 vs 3 a month before: (10/4) − 1 = 1.5 → full 10; 5 open vs 2: excess 1.5 → full 10.
      name: 'contacts rising with tickets piling up',
      signals: { volume: 9, previousVolume: 3, open: 5 },
      score: 80,
      reasons: [
        ['open_tickets', 5, 10],
        ['volume_trend', 2.5, 10],
      ],
    },
    {
      // shrunk (1 + 0.6) / 7 = 0.229; excess (0.229 − 0.2) / 0.2 = 0.143 → 10 × 0.143 = 1.4.
      name: 'one hard CES answer of four',
      signals: { lowCes: { n: 1, of: 4 } },
      score: 98.6,
      reasons: [['low_ces', 0.25, 1.4]],
    },
    {
      // Everything at twice the team or worse: every weight taken.
      name: 'everything bad',
      signals: {
        volume: 20,
        previousVolume: 2,
        badCsat: { n: 10, of: 10 },
        lowCes: { n: 5, of: 5 },
        reopens: { n: 10, of: 20 },
        escalations: { n: 10, of: 20 },
        effort: 80,
        waitHours: 40,
        open: 10,
      },
      score: 0,
      reasons: [
        ['bad_csat', 1, 20],
        ['reopens', 0.5, 15],
        ['wait', 40, 15],
        ['effort', 80, 10],
        ['escalations', 0.5, 10],
        ['low_ces', 1, 10],
        ['open_tickets', 10, 10],
        ['volume_trend', 7, 10],
      ],
    },
    {
      // Fewer than 3 tickets make no trend however steep.
      name: 'two tickets after none',
      signals: { volume: 2, previousVolume: 0, reopens: { n: 0, of: 2 } },
      score: 100,
      reasons: [],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const result = scoreHealth({ ...QUIET, ...row.signals }, TEAM);
      expect(result.score).toBe(row.score);
      expect(result.reasons.map((r) => [r.signal, r.value, r.points])).toEqual(row.reasons);
      expect(result.status).toBe(healthStatus(row.score));
    });
  }

  it('names the baseline each reason compares with', () => {
    const result = scoreHealth({ ...QUIET, waitHours: 12, reopens: { n: 3, of: 4 } }, TEAM);
    expect(result.reasons).toEqual([
      { signal: 'reopens', value: 0.75, baseline: 0.1, points: 15 },
      { signal: 'wait', value: 12, baseline: 4, points: 15 },
    ]);
  });
});

describe('healthStatus', () => {
  const rows: [number, string][] = [
    [100, 'healthy'],
    [80, 'healthy'],
    [79.9, 'watch'],
    [60, 'watch'],
    [59.9, 'at_risk'],
    [0, 'at_risk'],
  ];
  for (const [score, status] of rows) {
    it(`${String(score)} is ${status}`, () => {
      expect(healthStatus(score)).toBe(status);
    });
  }
});

describe('healthSignals', () => {
  const ticket = (over: Partial<HealthTicket>): HealthTicket => ({
    accountId: 'o1',
    ticketId: 't',
    createdAt: AS_OF - DAY,
    solvedAt: AS_OF - DAY / 2,
    reopened: false,
    csat: null,
    ces: null,
    effort: null,
    waitSeconds: null,
    escalated: false,
    ...over,
  });
  const tickets = [
    ticket({ ticketId: 'a', csat: 'bad', ces: 2, effort: 40, waitSeconds: 3600, reopened: true }),
    ticket({ ticketId: 'b', csat: 'good', ces: 6, effort: 20, waitSeconds: 7200 }),
    ticket({ ticketId: 'c', solvedAt: null, waitSeconds: 36_000, escalated: true }),
    // Open at AS_OF: solved only after it.
    ticket({ ticketId: 'd', createdAt: AS_OF - 40 * DAY, solvedAt: AS_OF + DAY }),
    ticket({ ticketId: 'e', createdAt: AS_OF - 50 * DAY }),
    // After AS_OF: never counted.
    ticket({ ticketId: 'f', createdAt: AS_OF + 1, csat: 'bad' }),
  ];

  it('counts the window, the window before it and the tickets open at its end', () => {
    expect(healthSignals(tickets, AS_OF)).toEqual({
      volume: 3,
      previousVolume: 2,
      badCsat: { n: 1, of: 2 },
      lowCes: { n: 1, of: 2 },
      reopens: { n: 1, of: 3 },
      escalations: { n: 1, of: 3 },
      effort: 30,
      waitHours: 2,
      open: 2,
    });
  });

  it('builds the team baseline from pooled rates and the mean open tickets per account', () => {
    const team = healthSignals(tickets, AS_OF);
    expect(healthBaseline(team, [2, 0, 4])).toEqual({
      badCsat: 0.5,
      lowCes: 0.5,
      reopens: 1 / 3,
      escalations: 1 / 3,
      effort: 30,
      waitHours: 2,
      open: 2,
    });
  });
});
