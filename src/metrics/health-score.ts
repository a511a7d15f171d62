import type { HealthSignals, Ratio } from './health-signals.js';

/** The signals a score can name as a reason. */
export type HealthSignal =
  | 'bad_csat'
  | 'low_ces'
  | 'reopens'
  | 'escalations'
  | 'effort'
  | 'wait'
  | 'volume_trend'
  | 'open_tickets';

export type HealthStatus = 'healthy' | 'watch' | 'at_risk';

/**
 * Points each signal can take off 100; they add up to 100. Satisfaction and waiting weigh most
 * because they are what the customer says and what the customer feels.
 */
export const HEALTH_WEIGHTS: Readonly<Record<HealthSignal, number>> = {
  bad_csat: 20,
  wait: 15,
  reopens: 15,
  low_ces: 10,
  escalations: 10,
  effort: 10,
  volume_trend: 10,
  open_tickets: 10,
};

/** Below these scores an account is at risk, or to watch. */
export const AT_RISK_BELOW = 60;
export const WATCH_BELOW = 80;

/**
 * A signal takes its whole weight at this excess over the team's baseline (1 = twice the
 * baseline), linearly from nothing at the baseline. Twice the team's rate of bad ratings is
 * already an account in trouble: on the planted-churn data set a milder slope left churners
 * ranked first but scored only "watch".
 */
const FULL_EXCESS = 1;
/**
 * Pseudo-observations at the team's rate added to an account's ratio: one bad rating out of one
 * is weak evidence, and should not score like ten out of ten.
 */
export const SHRINK_WEIGHT = 3;
/** Rates below this are treated as this, so a near-zero team rate does not explode ratios. */
const RATE_FLOOR = 0.05;
/** Fewer tickets than this in a window make no volume trend. */
const MIN_TREND_VOLUME = 3;

/** The team's side of every comparison, for the same window. */
export interface HealthBaseline {
  badCsat: number;
  lowCes: number;
  reopens: number;
  escalations: number;
  effort: number | null;
  waitHours: number | null;
  /** Mean open tickets of the accounts with any activity. */
  open: number;
}

export interface HealthReason {
  signal: HealthSignal;
  /** The account's value (a rate 0–1, hours, points, a ratio or a count as the signal says). */
  value: number;
  baseline: number;
  /** Points this signal took off the score. */
  points: number;
}

export interface HealthScore {
  /** 0–100, 100 = nothing worse than the team's baseline. */
  score: number;
  status: HealthStatus;
  /** The signals that took points, most first. */
  reasons: HealthReason[];
}

/** The team's baseline from its pooled signals and its accounts' open tickets. */
export function healthBaseline(
  team: HealthSignals,
  accountsOpen: readonly number[],
): HealthBaseline {
  const rate = (r: Ratio) => (r.of === 0 ? 0 : r.n / r.of);
  return {
    badCsat: rate(team.badCsat),
    lowCes: rate(team.lowCes),
    reopens: rate(team.reopens),
    escalations: rate(team.escalations),
    effort: team.effort,
    waitHours: team.waitHours,
    open:
      accountsOpen.length === 0 ? 0 : accountsOpen.reduce((s, v) => s + v, 0) / accountsOpen.length,
  };
}

/** Scores one account's signals against the team's baseline; every point taken has a reason. */
export function scoreHealth(signals: HealthSignals, baseline: HealthBaseline): HealthScore {
  const reasons: HealthReason[] = [];
  const take = (signal: HealthSignal, value: number, base: number, excess: number) => {
    const points = HEALTH_WEIGHTS[signal] * Math.min(1, Math.max(0, excess) / FULL_EXCESS);
    if (points > 0) reasons.push({ signal, value, baseline: base, points: round1(points) });
  };
  const ratio = (signal: HealthSignal, r: Ratio, base: number) => {
    if (r.of === 0) return;
    const shrunk = (r.n + SHRINK_WEIGHT * base) / (r.of + SHRINK_WEIGHT);
    take(signal, r.n / r.of, base, (shrunk - base) / Math.max(base, RATE_FLOOR));
  };
  ratio('bad_csat', signals.badCsat, baseline.badCsat);
  ratio('low_ces', signals.lowCes, baseline.lowCes);
  ratio('reopens', signals.reopens, baseline.reopens);
  ratio('escalations', signals.escalations, baseline.escalations);
  const relative = (signal: HealthSignal, value: number | null, base: number | null) => {
    if (value === null || base === null || base <= 0) return;
    take(signal, value, base, value / base - 1);
  };
  relative('effort', signals.effort, baseline.effort);
  relative('wait', signals.waitHours, baseline.waitHours);
  if (baseline.open > 0) relative('open_tickets', signals.open, Math.max(1, baseline.open));
  if (signals.volume >= MIN_TREND_VOLUME) {
    // +1 on both sides: an account going from 0 to 3 tickets is a rise, not an infinite one.
    const trend = (signals.volume + 1) / (signals.previousVolume + 1);
    take('volume_trend', trend, 1, trend - 1);
  }
  reasons.sort((a, b) => b.points - a.points || a.signal.localeCompare(b.signal));
  const score = round1(Math.max(0, 100 - reasons.reduce((s, r) => s + r.points, 0)));
  return { score, status: healthStatus(score), reasons };
}

export function healthStatus(score: number): HealthStatus {
  if (score < AT_RISK_BELOW) return 'at_risk';
  return score < WATCH_BELOW ? 'watch' : 'healthy';
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
