import type { Instant } from '../domain/index.js';
import { backlogSteps } from './backlog.js';
import type { TicketMetrics } from './types.js';

/** The instants of an SLA target instance that may decide its day (store's SlaInstanceTimes). */
export interface SlaDecidingTimes {
  fulfilledAt: Instant | null;
  breachAt: Instant | null;
}

/**
 * Every instant at which an analysed ticket may count in some daily rollup (rollup-day.ts's
 * bucketing rule): creation, first reply, first and last solve, each CES answer, each SLA
 * instance's fulfilment and breach (whether or not it has happened as of any `now`), and each
 * backlog step. A ticket with none inside a day's range adds nothing to that day's rollups, so
 * the days to re-roll after an analysis are those of both versions' instants, and a reader of a
 * run of days may skip a ticket with none in it. rollup-instants.test.ts checks every contribution
 * rollupDay makes lies at one of these.
 */
export function rollupInstants(
  metrics: TicketMetrics,
  sla: readonly SlaDecidingTimes[] | undefined,
): Instant[] {
  const instants: (Instant | null | undefined)[] = [
    metrics.createdAt,
    metrics.explanation.firstReply?.to,
    metrics.firstSolvedAt,
    metrics.lastSolvedAt,
  ];
  for (const survey of metrics.surveys)
    if (survey.kind === 'ces') instants.push(survey.respondedAt);
  for (const times of sla ?? []) instants.push(times.fulfilledAt, times.breachAt);
  for (const step of backlogSteps(metrics.explanation.statusSegments)) instants.push(step.at);
  return instants.filter((at): at is Instant => at !== null && at !== undefined);
}

/**
 * The latest of {@link rollupInstants}: the store keeps it beside the metrics (migration 033) so
 * a read of the days from some instant on can leave out, in SQL, tickets that count only before.
 */
export function latestRollupInstant(
  metrics: TicketMetrics,
  sla: readonly SlaDecidingTimes[] | undefined,
): Instant {
  // Creation is always one of them, so the maximum exists.
  return Math.max(...rollupInstants(metrics, sla));
}
