import {
  TicketEventSchema,
  type CommentEvent,
  type StatusChangeEvent,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
} from '../../domain/index.js';
import { OUTBOUND_EMAIL_SOURCE } from './map.js';
import {
  parseRecord,
  type FreshdeskConversation,
  type FreshdeskTicket,
  type ParseOutcome,
} from './schemas.js';

/**
 * Conversation `source` → channel. Only codes that say how the message travelled are mapped
 * (0 reply and 1 email go out/come in by email, 2 is a note); anything else stays `null` so that a
 * guess never shows up as a customer "channel switch".
 */
const CONVERSATION_CHANNELS: ReadonlyMap<number, string> = new Map([
  [0, 'email'],
  [1, 'email'],
  [5, 'twitter'],
  [7, 'facebook'],
  [8, 'email'],
  [9, 'voice'],
]);

/**
 * Maps one conversation to a comment event: `incoming` ones come from the customer side,
 * `private` ones are internal notes, everything else is a public agent reply.
 */
export function mapConversation(
  raw: FreshdeskConversation,
  ticketId: string,
): ParseOutcome<TicketEvent> {
  return parseRecord(TicketEventSchema, {
    id: `conv:${raw.id}`,
    ticketId,
    at: Date.parse(raw.created_at),
    actorId: raw.user_id,
    type: 'comment',
    public: !raw.private,
    authorId: raw.user_id,
    authorKind: raw.incoming ? 'end_user' : 'agent',
    channel: raw.source == null ? null : (CONVERSATION_CHANNELS.get(raw.source) ?? null),
    isCreating: false,
  } satisfies CommentEvent);
}

/**
 * The ticket's description as its creating comment: Freshdesk does not list it among the
 * conversations. Outbound email (source 10) is written by the agent, so it is an agent-created
 * ticket and the creating comment is the agent's (it never counts as a reply either way).
 */
export function creatingComment(raw: FreshdeskTicket, ticket: Ticket): CommentEvent {
  const byAgent = raw.source === OUTBOUND_EMAIL_SOURCE;
  const authorId = byAgent ? raw.responder_id : raw.requester_id;
  return {
    id: `desc:${ticket.id}`,
    ticketId: ticket.id,
    at: ticket.createdAt,
    actorId: authorId,
    type: 'comment',
    public: true,
    authorId,
    authorKind: byAgent ? 'agent' : 'end_user',
    channel: ticket.channel,
    isCreating: true,
  };
}

/**
 * APPROXIMATE status history from `stats`, which keeps only the latest instant of each kind
 * (metrics.md §16.10). The result is: open at creation, then the latest resolve, close, reopen
 * and pending start in time order, and finally the current status at `status_updated_at` if the
 * chain does not already end there. Earlier resolves/reopens are invisible to the API; event ids
 * carry the instant, so successive syncs that saw different "latest" values keep all of them.
 */
export function statsStatusEvents(raw: FreshdeskTicket, ticket: Ticket): StatusChangeEvent[] {
  const stats = raw.stats;
  const candidates: { at: number; to: TicketStatus; kind: string }[] = [];
  const add = (iso: string | null | undefined, to: TicketStatus, kind: string): void => {
    if (iso != null) candidates.push({ at: Math.max(Date.parse(iso), ticket.createdAt), to, kind });
  };
  if (stats != null) {
    add(stats.resolved_at, 'solved', 'resolved');
    add(stats.closed_at, 'closed', 'closed');
    const lastSolve = Math.max(
      stats.resolved_at == null ? -Infinity : Date.parse(stats.resolved_at),
      stats.closed_at == null ? -Infinity : Date.parse(stats.closed_at),
    );
    // A reopen before the latest solve has no solve in front of it that we could date; only a
    // reopen after the latest solve can be placed (LIMITS.md).
    if (stats.reopened_at != null && Date.parse(stats.reopened_at) > lastSolve) {
      add(stats.reopened_at, 'open', 'reopened');
    }
    if (ticket.status === 'pending') add(stats.pending_since, 'pending', 'pending');
  }
  // Stable sort keeps resolve before close when both carry the same instant.
  candidates.sort((a, b) => a.at - b.at);

  const events: StatusChangeEvent[] = [];
  let current: TicketStatus = 'open';
  const push = (at: number, to: TicketStatus, kind: string): void => {
    if (to === current) return;
    events.push({
      id: `status:${ticket.id}:${kind}:${at}`,
      ticketId: ticket.id,
      at,
      actorId: null,
      type: 'status_change',
      from: current,
      to,
    });
    current = to;
  };
  events.push({
    id: `status:${ticket.id}:created`,
    ticketId: ticket.id,
    at: ticket.createdAt,
    actorId: null,
    type: 'status_change',
    from: null,
    to: 'open',
  });
  for (const c of candidates) push(c.at, c.to, c.kind);
  if (current !== ticket.status) {
    const last = events[events.length - 1]?.at ?? ticket.createdAt;
    const changedAt =
      stats?.status_updated_at == null ? ticket.updatedAt : Date.parse(stats.status_updated_at);
    push(Math.max(changedAt, last), ticket.status, `current-${ticket.status}`);
  }
  return events;
}
