import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../../src/metrics/risk.js';
import type { RiskSignals } from '../../../src/metrics/risk.js';

const calm: RiskSignals = {
  openWaitHours: [],
  recentReopens: 0,
  badCsat90d: 0,
  latestCes: null,
  effortScore: 10,
  contacts7d: 1,
};
const ces = (value: number) => ({ value, scaleMin: 1, scaleMax: 7 });

describe('assessRisk', () => {
  it.each<{ name: string; signals: Partial<RiskSignals>; level: string; reasons: string[] }>([
    { name: 'nothing unusual', signals: {}, level: 'low', reasons: [] },
    {
      name: 'no tickets at all',
      signals: { effortScore: null, contacts7d: 0 },
      level: 'low',
      reasons: [],
    },
    {
      name: 'a wait of exactly 24 h is not yet long',
      signals: { openWaitHours: [24, 3] },
      level: 'low',
      reasons: [],
    },
    {
      name: 'an open ticket waiting over a day',
      signals: { openWaitHours: [2, 30] },
      level: 'medium',
      reasons: ['Open ticket waiting 30 h'],
    },
    {
      name: 'an open ticket waiting over three days',
      signals: { openWaitHours: [80] },
      level: 'high',
      reasons: ['Open ticket waiting 3 days'],
    },
    {
      name: 'one recent reopen',
      signals: { recentReopens: 1 },
      level: 'medium',
      reasons: ['1 reopen in the last 30 days'],
    },
    {
      name: 'two recent reopens',
      signals: { recentReopens: 2 },
      level: 'high',
      reasons: ['2 reopens in the last 30 days'],
    },
    {
      name: 'a bad rating is high on its own',
      signals: { badCsat90d: 1 },
      level: 'high',
      reasons: ['1 bad satisfaction rating in the last 90 days'],
    },
    {
      name: 'CES at the midpoint is fine',
      signals: { latestCes: ces(4) },
      level: 'low',
      reasons: [],
    },
    {
      name: 'CES below the midpoint',
      signals: { latestCes: ces(3) },
      level: 'medium',
      reasons: ['Low effort score answer (3 of 7)'],
    },
    {
      name: 'CES at the scale minimum',
      signals: { latestCes: ces(1) },
      level: 'high',
      reasons: ['Low effort score answer (1 of 7)'],
    },
    {
      name: 'effort bands',
      signals: { effortScore: 35 },
      level: 'medium',
      reasons: ['High effort (35/100)'],
    },
    {
      name: 'high effort',
      signals: { effortScore: 60 },
      level: 'high',
      reasons: ['High effort (60/100)'],
    },
    {
      name: 'many contacts in a week',
      signals: { contacts7d: 5 },
      level: 'high',
      reasons: ['5 tickets in 7 days'],
    },
    {
      name: 'three medium findings make high',
      signals: { contacts7d: 3, recentReopens: 1, effortScore: 40 },
      level: 'high',
      reasons: ['1 reopen in the last 30 days', 'High effort (40/100)', '3 tickets in 7 days'],
    },
    {
      name: 'high reasons come first',
      signals: { contacts7d: 3, badCsat90d: 2 },
      level: 'high',
      reasons: ['2 bad satisfaction ratings in the last 90 days', '3 tickets in 7 days'],
    },
  ])('$name → $level', ({ signals, level, reasons }) => {
    expect(assessRisk({ ...calm, ...signals })).toEqual({ level, reasons });
  });
});
