import type { Instant, TicketStatus } from '../../domain/index.js';

/**
 * The status the sidebar (and the requester summary pushed to the helpdesk) shows for a ticket.
 * The ticket record is the helpdesk's own word and wins, unless the history holds a status change
 * newer than the record (the events stream ran ahead of the tickets stream). Metrics replay the
 * history, so an update quarantined from it would otherwise leave a status the ticket contradicts
 * (issue 13: 73 tickets).
 */
export function shownStatus(
  ticket: { status: TicketStatus; updatedAt: Instant },
  metrics: {
    status: TicketStatus;
    explanation: { statusSegments: readonly { from: Instant }[] };
  } | null,
): TicketStatus {
  if (metrics === null) return ticket.status;
  const lastChange = metrics.explanation.statusSegments.at(-1)?.from;
  return lastChange !== undefined && lastChange > ticket.updatedAt ? metrics.status : ticket.status;
}
