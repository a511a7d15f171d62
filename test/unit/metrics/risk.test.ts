import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../../src/metrics/risk.js';
import type { RiskReason, RiskSignals } from '../../../src/metrics/risk.js';

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
  it.each<{ name: string; signals: Partial<RiskSignals>; level: string; reasons: RiskReason[] }>([
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
      reasons: [{ code: 'open_wait', hours: 30 }],
    },
    {
      name: 'an open ticket waiting over three days',
      signals: { openWaitHours: [80] },
      level: 'high',
      reasons: [{ code: 'open_wait', hours: 80 }],
    },
    {
      name: 'one recent reopen',
      signals: { recentReopens: 1 },
      level: 'medium',
      reasons: [{ code: 'recent_reopens', count: 1, days: 30 }],
    },
    {
      name: 'two recent reopens',
      signals: { recentReopens: 2 },
      level: 'high',
      reasons: [{ code: 'recent_reopens', count: 2, days: 30 }],
    },
    {
      name: 'a bad rating is high on its own',
      signals: { badCsat90d: 1 },
      level: 'high',
      reasons: [{ code: 'bad_csat', count: 1, days: 90 }],
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
      reasons: [{ code: 'low_ces', value: 3, scaleMax: 7 }],
    },
    {
      name: 'CES at the scale minimum',
      signals: { latestCes: ces(1) },
      level: 'high',
      reasons: [{ code: 'low_ces', value: 1, scaleMax: 7 }],
    },
    {
      name: 'effort bands',
      signals: { effortScore: 35 },
      level: 'medium',
      reasons: [{ code: 'high_effort', score: 35 }],
    },
    {
      name: 'high effort',
      signals: { effortScore: 60 },
      level: 'high',
      reasons: [{ code: 'high_effort', score: 60 }],
    },
    {
      name: 'many contacts in a week',
      signals: { contacts7d: 5 },
      level: 'high',
      reasons: [{ code: 'recent_contacts', count: 5, days: 7 }],
    },
    {
      name: 'three medium findings make high',
      signals: { contacts7d: 3, recentReopens: 1, effortScore: 40 },
      level: 'high',
      reasons: [
        { code: 'recent_reopens', count: 1, days: 30 },
        { code: 'high_effort', score: 40 },
        { code: 'recent_contacts', count: 3, days: 7 },
      ],
    },
    {
      name: 'high reasons come first',
      signals: { contacts7d: 3, badCsat90d: 2 },
      level: 'high',
      reasons: [
        { code: 'bad_csat', count: 2, days: 90 },
        { code: 'recent_contacts', count: 3, days: 7 },
      ],
    },
  ])('$name → $level', ({ signals, level, reasons }) => {
    expect(assessRisk({ ...calm, ...signals })).toEqual({ level, reasons });
  });
});
