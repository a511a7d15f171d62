import { describe, expect, it } from 'vitest';
import {
  churnRates,
  compareExperience,
  type AccountLife,
} from '../../../src/metrics/health-churn.js';
import type { HealthSignals } from '../../../src/metrics/health-signals.js';

const D = (day: number) => Date.UTC(2024, 0, 1) + day * 86_400_000;
const FROM = D(100);
const TO = D(200);

describe('churnRates', () => {
  // Ten accounts: 6 at the start (a..f), 2 of them lost in the period (c, d), one lost before it
  // (g), two acquired (h, i) of which one lost (i), one acquired after (j).
  const lives: AccountLife[] = [
    { accountId: 'a', since: D(0), churnedAt: null },
    { accountId: 'b', since: D(10), churnedAt: null },
    { accountId: 'c', since: D(20), churnedAt: D(150) },
    { accountId: 'd', since: D(30), churnedAt: D(100) },
    { accountId: 'e', since: D(40), churnedAt: D(200) },
    { accountId: 'f', since: D(99), churnedAt: null },
    { accountId: 'g', since: D(5), churnedAt: D(50) },
    { accountId: 'h', since: D(120), churnedAt: null },
    { accountId: 'i', since: D(130), churnedAt: D(180) },
    { accountId: 'j', since: D(250), churnedAt: null },
  ];

  it('counts S, E, N and the churned by hand', () => {
    // S = a b c d e f = 6 (d churns at the period's first instant: still a customer at it).
    // Lost in [FROM, TO): c, d → 2 (e leaves at TO, after the period). E = a b e f h = 5.
    // N = h i = 2. Churn 2/6; CRR (5 − 2)/6 = 0.5.
    expect(churnRates(lives, FROM, TO)).toEqual({
      start: 6,
      end: 5,
      acquired: 2,
      churned: 2,
      churnRate: 2 / 6,
      retentionRate: 0.5,
    });
  });

  it('has no rates without customers at the start', () => {
    expect(churnRates(lives, D(-10), D(0))).toMatchObject({
      start: 0,
      churnRate: null,
      retentionRate: null,
    });
  });
});

describe('compareExperience', () => {
  const signals = (bad: number, rated: number, wait: number | null): HealthSignals => ({
    volume: rated,
    previousVolume: 0,
    badCsat: { n: bad, of: rated },
    lowCes: { n: 0, of: 0 },
    reopens: { n: 0, of: rated },
    escalations: { n: 0, of: rated },
    effort: null,
    waitHours: wait,
    open: 0,
  });

  it('averages per account with a t-interval, leaving out accounts without the measure', () => {
    const rows = compareExperience(
      [signals(1, 2, 10), signals(3, 4, 20), signals(0, 0, null)],
      [signals(0, 5, 2)],
    );
    const bad = rows.find((r) => r.measure === 'bad_csat');
    // Churned: 0.5 and 0.75 → mean 0.625, sd 0.1768, t(1) 12.706 → ± 1.588.
    expect(bad?.churned.accounts).toBe(2);
    expect(bad?.churned.mean).toBeCloseTo(0.625, 10);
    expect(bad?.churned.ci?.low).toBeCloseTo(0.625 - (12.7062047 * 0.1767767) / Math.SQRT2, 5);
    expect(bad?.retained).toEqual({ accounts: 1, mean: 0, ci: null });
    const wait = rows.find((r) => r.measure === 'wait_hours');
    expect(wait?.churned.mean).toBe(15);
    expect(rows.find((r) => r.measure === 'low_ces')?.churned.accounts).toBe(0);
  });
});
