import type { Instant } from '../domain/index.js';
import type { HealthSignals, Ratio } from './health-signals.js';
import { meanTInterval, type Interval } from './stats.js';

/** An account's life as far as churn needs: since when it is a customer, and when it left. */
export interface AccountLife {
  accountId: string;
  /** When it became a customer (its first ticket when nothing better is known). */
  since: Instant;
  /** When it churned; null while retained. */
  churnedAt: Instant | null;
}

/**
 * Churn and retention over `[from, to)`:
 * - S: customers at the start (became one before `from`, not churned before it);
 * - N: new customers acquired in the period; E: customers at the end (not churned before `to`);
 * - churn rate = customers of S lost in the period / S;
 * - CRR = (E − N) / S, the share of the starting customers still there at the end.
 * Rates are null when S = 0.
 */
export interface ChurnRates {
  start: number;
  end: number;
  acquired: number;
  churned: number;
  churnRate: number | null;
  retentionRate: number | null;
}

export function churnRates(lives: readonly AccountLife[], from: Instant, to: Instant): ChurnRates {
  const alive = (l: AccountLife, at: Instant) =>
    l.since < at && (l.churnedAt === null || l.churnedAt >= at);
  const start = lives.filter((l) => alive(l, from)).length;
  const end = lives.filter((l) => alive(l, to)).length;
  const acquired = lives.filter((l) => l.since >= from && l.since < to).length;
  const churned = lives.filter(
    (l) => alive(l, from) && l.churnedAt !== null && l.churnedAt < to,
  ).length;
  return {
    start,
    end,
    acquired,
    churned,
    churnRate: start === 0 ? null : churned / start,
    retentionRate: start === 0 ? null : (end - acquired) / start,
  };
}

/** The experience signals compared between churned and retained accounts. */
export type ExperienceMeasure =
  'bad_csat' | 'low_ces' | 'reopens' | 'escalations' | 'effort' | 'wait_hours' | 'contacts';

/** One group's per-account mean of a measure, with its 95 % t-interval (null below 2 accounts). */
export interface GroupMean {
  accounts: number;
  mean: number | null;
  ci: Interval | null;
}

export interface ExperienceComparison {
  measure: ExperienceMeasure;
  churned: GroupMean;
  retained: GroupMean;
}

/**
 * Churned vs retained accounts' support experience in the months before churn (for retained
 * accounts, before the period's end): each measure is a per-account value (an account without
 * the measure's denominator is left out of that measure), averaged per group with a t-interval,
 * so the interval reflects how much accounts differ, not how many tickets they had.
 */
export function compareExperience(
  churned: readonly HealthSignals[],
  retained: readonly HealthSignals[],
): ExperienceComparison[] {
  const measures: [ExperienceMeasure, (s: HealthSignals) => number | null][] = [
    ['bad_csat', (s) => rate(s.badCsat)],
    ['low_ces', (s) => rate(s.lowCes)],
    ['reopens', (s) => rate(s.reopens)],
    ['escalations', (s) => rate(s.escalations)],
    ['effort', (s) => s.effort],
    ['wait_hours', (s) => s.waitHours],
    ['contacts', (s) => s.volume],
  ];
  return measures.map(([measure, read]) => ({
    measure,
    churned: groupMean(churned.map(read)),
    retained: groupMean(retained.map(read)),
  }));
}

function rate(r: Ratio): number | null {
  return r.of === 0 ? null : r.n / r.of;
}

function groupMean(values: readonly (number | null)[]): GroupMean {
  const present = values.filter((v): v is number => v !== null);
  return {
    accounts: present.length,
    mean: present.length === 0 ? null : present.reduce((s, v) => s + v, 0) / present.length,
    ci: meanTInterval(present),
  };
}
