import type { Instant } from '../domain/index.js';
import { quantile } from './stats.js';

const DAY_MS = 86_400_000;

/** The signal window: an account's last 30 days, and the 30 before for the volume trend. */
export const HEALTH_WINDOW_DAYS = 30;

/** CES 2.0 (1–7, higher = easier): 1–3 disagree that the issue was easy (metrics.md §9). */
export const LOW_CES_MAX = 3;

/** What health reads of one ticket: its stored metrics, never the helpdesk API. */
export interface HealthTicket {
  /** The organisation, or `requester:<id>` for a requester without one. */
  accountId: string;
  ticketId: string;
  createdAt: Instant;
  /** Last solve; a ticket is open on a day that ends before it (or when never solved). */
  solvedAt: Instant | null;
  reopened: boolean;
  csat: 'good' | 'bad' | null;
  /** Latest CES answer, easier-is-higher. */
  ces: number | null;
  /** The effort estimate, 0–100 (metrics/effort.ts). */
  effort: number | null;
  /** Requester wait in calendar seconds (completed, or running for an open ticket). */
  waitSeconds: number | null;
  /**
   * Escalated: moved to another group at least once (a group hop), or at priority urgent. The
   * stored ticket keeps its current priority, not its history, so "raised to urgent" reads as
   * "urgent now"; high is left out because many tickets start there.
   */
  escalated: boolean;
}

/** A count out of a denominator (bad of rated, reopened of tickets…). */
export interface Ratio {
  n: number;
  of: number;
}

/** One account's (or the team's) signals for the window ending at `asOf`. */
export interface HealthSignals {
  /** Tickets created in the window. */
  volume: number;
  /** Tickets created in the window of the same length before it. */
  previousVolume: number;
  badCsat: Ratio;
  lowCes: Ratio;
  reopens: Ratio;
  escalations: Ratio;
  /** Mean effort estimate of the window's tickets; null without any. */
  effort: number | null;
  /** Median requester wait (hours) of the window's tickets; null without any. */
  waitHours: number | null;
  /** Tickets open at `asOf` (created before, not solved by then). */
  open: number;
}

/**
 * The signals of `tickets` (one account's, or the whole team's) for the `windowDays` (default
 * 30) up to `asOf` (exclusive end, e.g. the end of a local day). Tickets created after `asOf` are
 * ignored, so a score for a past day never looks ahead.
 */
export function healthSignals(
  tickets: readonly HealthTicket[],
  asOf: Instant,
  windowDays: number = HEALTH_WINDOW_DAYS,
): HealthSignals {
  const start = asOf - windowDays * DAY_MS;
  const previousStart = start - windowDays * DAY_MS;
  const inWindow = tickets.filter((t) => t.createdAt >= start && t.createdAt < asOf);
  const rated = inWindow.filter((t) => t.csat !== null);
  const answered = inWindow.filter((t) => t.ces !== null);
  const efforts = inWindow.flatMap((t) => (t.effort === null ? [] : [t.effort]));
  const waits = inWindow
    .flatMap((t) => (t.waitSeconds === null ? [] : [t.waitSeconds / 3600]))
    .sort((x, y) => x - y);
  return {
    volume: inWindow.length,
    previousVolume: tickets.filter((t) => t.createdAt >= previousStart && t.createdAt < start)
      .length,
    badCsat: { n: rated.filter((t) => t.csat === 'bad').length, of: rated.length },
    lowCes: { n: answered.filter((t) => (t.ces ?? 0) <= LOW_CES_MAX).length, of: answered.length },
    reopens: { n: inWindow.filter((t) => t.reopened).length, of: inWindow.length },
    escalations: { n: inWindow.filter((t) => t.escalated).length, of: inWindow.length },
    effort: efforts.length === 0 ? null : efforts.reduce((s, v) => s + v, 0) / efforts.length,
    waitHours: waits.length === 0 ? null : quantile(waits, 0.5),
    open: tickets.filter((t) => t.createdAt < asOf && (t.solvedAt === null || t.solvedAt >= asOf))
      .length,
  };
}
