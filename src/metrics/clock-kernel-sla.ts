import type { Id, Instant } from '../domain/index.js';
import type { ClockKernelOutput } from './clock-kernel-output.js';
import { TICKET_STATUSES } from './event-codes.js';
import type { SlaTicketView } from './sla.js';
import type { StatusSegment } from './types.js';

const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

/**
 * Ticket i of a kernel batch in the shape evaluateSla reads, so an SLA policy is evaluated by the
 * one implementation of its rules. Built only when a policy applies: it allocates the ticket's
 * segments and turns as objects.
 */
export function kernelSlaView(
  out: ClockKernelOutput,
  i: number,
  ticketId: Id,
  createdAt: Instant,
): SlaTicketView {
  const statusSegments: StatusSegment[] = [];
  for (let s = out.segmentStart[i] ?? 0; s < (out.segmentStart[i + 1] ?? 0); s += 1) {
    statusSegments.push({
      status: TICKET_STATUSES[out.segmentStatus[s] ?? 0] ?? 'new',
      from: out.segmentFrom[s] ?? 0,
      to: out.segmentTo[s] ?? 0,
    });
  }
  const replyIntervals: { from: Instant; to: Instant }[] = [];
  for (let t = out.intervalStart[i] ?? 0; t < (out.intervalStart[i + 1] ?? 0); t += 1) {
    replyIntervals.push({ from: out.intervalFrom[t] ?? 0, to: out.intervalTo[t] ?? 0 });
  }
  const firstReplyAt = orNull(out.firstReplyAt[i] ?? NaN);
  return {
    ticketId,
    status: TICKET_STATUSES[out.status[i] ?? 0] ?? 'new',
    createdAt,
    firstSolvedAt: orNull(out.firstSolvedAt[i] ?? NaN),
    lastSolvedAt: orNull(out.lastSolvedAt[i] ?? NaN),
    replyIntervals,
    awaitingReplySince: orNull(out.awaitingReplySince[i] ?? NaN),
    explanation: {
      firstReply: firstReplyAt === null ? null : { to: firstReplyAt },
      statusSegments,
    },
  };
}
