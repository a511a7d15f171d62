import { NotFoundError, ValidationError } from '../../errors.js';
import { loadBuckets, type ReasonsDeps } from './buckets.js';
import type { ReasonTicket, ReasonTickets, ReasonTicketsQuery } from './schemas.js';
import type { ReasonTicketRow } from '../../store/store.js';

/**
 * The tickets behind one item of the reasons report (drill-down): those created in the range
 * whose reason or problem group is `key`, oldest first, `limit` at a time after `cursor`.
 */
export async function reasonTickets(
  deps: ReasonsDeps,
  installationId: string,
  query: ReasonTicketsQuery,
): Promise<ReasonTickets> {
  const buckets = await loadBuckets(deps, installationId, query);
  const matching = buckets.rows.filter(
    (row) => row.ticket.createdAt >= buckets.start && buckets.keyOf(row) === query.key,
  );
  if (matching.length === 0) {
    throw new NotFoundError(`no ${query.by} "${query.key}" among the tickets of the range`);
  }
  const after = query.cursor === undefined ? 0 : positionAfter(matching, query.cursor);
  const page = matching.slice(after, after + query.limit);
  const last = page.at(-1);
  const more = after + page.length < matching.length;
  return {
    key: query.key,
    tickets: page.map((row) => ticketOf(row, query.businessHours)),
    nextCursor: more && last !== undefined ? last.ticket.id : null,
  };
}

function ticketOf({ ticket, stored }: ReasonTicketRow, businessHours: boolean): ReasonTicket {
  const m = stored?.metrics;
  const full = m?.fullResolution;
  return {
    ticketId: ticket.id,
    subject: ticket.subject,
    createdAt: new Date(ticket.createdAt).toISOString(),
    status: ticket.status,
    channel: ticket.channel,
    resolutionSeconds: (businessHours ? full?.business : full?.calendar) ?? null,
    reopens: m === undefined ? null : m.reopens.length,
    interactions: m === undefined ? null : m.behaviour.customerMessages + m.agentReplies,
    csat: m?.satisfaction ?? null,
    ces: stored?.dims.ces ?? null,
    effort: stored?.dims.effortScore ?? null,
  };
}

function positionAfter(rows: readonly ReasonTicketRow[], cursor: string): number {
  const at = rows.findIndex((row) => row.ticket.id === cursor);
  if (at === -1) throw new ValidationError('invalid query: cursor is not a ticket of this list');
  return at + 1;
}
