import { scaleMidpoint } from './surveys.js';

/** How likely a requester is to be unhappy right now, for the sidebar badge. */
export type RiskLevel = 'low' | 'medium' | 'high';

/** Facts about a requester's recent tickets; the caller derives them from stored metrics. */
export interface RiskSignals {
  /** For each unsolved ticket, hours the customer has been waiting on the team (0 if not waiting). */
  openWaitHours: readonly number[];
  /** Reopens of their tickets in the last 30 days. */
  recentReopens: number;
  /** Bad satisfaction ratings in the last 90 days. */
  badCsat90d: number;
  /** Latest CES answer, direction-normalised (higher = easier), with its scale; null if none. */
  latestCes: { value: number; scaleMin: number; scaleMax: number } | null;
  /** Requester effort estimate 0–100; null without tickets. */
  effortScore: number | null;
  /** Tickets they opened in the last 7 days. */
  contacts7d: number;
}

/**
 * Why the badge is what it is, as a code with the numbers behind it; the app words it in the
 * agent's language (plugin/src/sidebar/reasons.ts), so no English reaches an Italian sidebar.
 */
export type RiskReason =
  /** The longest wait on the team among their unsolved tickets. */
  | { code: 'open_wait'; hours: number }
  | { code: 'recent_reopens'; count: number; days: 30 }
  | { code: 'bad_csat'; count: number; days: 90 }
  /** Their latest CES answer, direction-normalised, on its scale's maximum. */
  | { code: 'low_ces'; value: number; scaleMax: number }
  | { code: 'high_effort'; score: number }
  | { code: 'recent_contacts'; count: number; days: 7 };

/** The badge and why, strongest reason first. */
export interface RiskAssessment {
  level: RiskLevel;
  reasons: RiskReason[];
}

type Severity = 'medium' | 'high';

/**
 * Risk badge rules. Each rule yields at most one finding with a severity:
 *
 * | signal                         | medium                     | high                  |
 * |--------------------------------|----------------------------|-----------------------|
 * | an open ticket waiting on team | > 24 h                     | > 72 h                |
 * | reopens in the last 30 days    | 1                          | ≥ 2                   |
 * | bad CSAT in the last 90 days   | —                          | ≥ 1                   |
 * | latest CES (normalised)        | below scale midpoint       | at the scale minimum  |
 * | effort score (0–100)           | ≥ 35                       | ≥ 60                  |
 * | tickets opened in 7 days       | ≥ 3                        | ≥ 5                   |
 *
 * Level: `high` with any high finding or three medium ones (several weak signals together are
 * as telling as one strong one); `medium` with any finding; else `low`. A bad rating is high on
 * its own because it is the customer saying so, not an inference from behaviour.
 */
export function assessRisk(signals: RiskSignals): RiskAssessment {
  const findings: { severity: Severity; reason: RiskReason }[] = [];
  const add = (severity: Severity | null, reason: RiskReason): void => {
    if (severity !== null) findings.push({ severity, reason });
  };

  const longestWait = Math.max(0, ...signals.openWaitHours);
  add(band(longestWait, 24, 72, true), { code: 'open_wait', hours: longestWait });
  add(band(signals.recentReopens, 1, 2), {
    code: 'recent_reopens',
    count: signals.recentReopens,
    days: 30,
  });
  if (signals.badCsat90d > 0) {
    add('high', { code: 'bad_csat', count: signals.badCsat90d, days: 90 });
  }
  const ces = signals.latestCes;
  if (ces !== null) {
    const severity =
      ces.value <= ces.scaleMin ? 'high' : ces.value < scaleMidpoint(ces) ? 'medium' : null;
    add(severity, { code: 'low_ces', value: ces.value, scaleMax: ces.scaleMax });
  }
  if (signals.effortScore !== null) {
    add(band(signals.effortScore, 35, 60), { code: 'high_effort', score: signals.effortScore });
  }
  add(band(signals.contacts7d, 3, 5), {
    code: 'recent_contacts',
    count: signals.contacts7d,
    days: 7,
  });

  findings.sort((a, b) => rank(b.severity) - rank(a.severity));
  const highs = findings.filter((f) => f.severity === 'high').length;
  const level: RiskLevel =
    highs > 0 || findings.length >= 3 ? 'high' : findings.length > 0 ? 'medium' : 'low';
  return { level, reasons: findings.map((f) => f.reason) };
}

/** Medium from `medium`, high from `high`; `strict` uses `>` (waits), else `>=` (counts). */
function band(value: number, medium: number, high: number, strict = false): Severity | null {
  const reaches = (limit: number) => (strict ? value > limit : value >= limit);
  if (reaches(high)) return 'high';
  if (reaches(medium)) return 'medium';
  return null;
}

function rank(severity: Severity): number {
  return severity === 'high' ? 2 : 1;
}
