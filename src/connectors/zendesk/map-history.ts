import type {
  AuthorKind,
  SurveyResponse,
  Ticket,
  TicketEvent,
  TicketStatus,
} from '../../domain/index.js';
import { ValidationError } from '../../errors.js';
import {
  baseOf,
  describeEventId,
  orderAudits,
  parseEvent,
  type AuditContext,
  type HistoryState,
  type ZendeskMappingOptions,
} from './map-context.js';
import { addSnapshotFallbacks, mapFieldEvent } from './map-fields.js';
import {
  ZendeskCommentEventSchema,
  ZendeskSatisfactionEventSchema,
  ZendeskFieldEventSchema,
  type ZendeskAudit,
} from './schemas.js';

export type { ZendeskMappingOptions } from './map-context.js';

/** User id → author kind, built from the users export; audits never carry roles. */
export type UserRoles = ReadonlyMap<string, AuthorKind>;

/** One ticket's normalised history. */
export interface MappedHistory {
  /** Time-ordered events (stable for equal instants). */
  events: TicketEvent[];
  /** CES answers; each is also in `events` as a `survey_answer`. */
  surveys: SurveyResponse[];
  /** Data-quality notes for the operator; mapping carried on regardless. */
  warnings: string[];
}

/** Zendesk's user id for triggers, automations and other system updates. */
const SYSTEM_USER = '-1';

/**
 * Maps one ticket's audits (any order) into its normalised, time-ordered event list. Throws
 * ValidationError naming the audit id and event id when an event of a known type is malformed,
 * or when an audit belongs to another ticket. Unknown event types are ignored because Zendesk
 * adds types without notice.
 */
export function mapTicketHistory(
  ticket: Ticket,
  audits: readonly ZendeskAudit[],
  roles: UserRoles,
  options: ZendeskMappingOptions,
): MappedHistory {
  const state: HistoryState = {
    ticket,
    options,
    events: [],
    surveys: [],
    warnings: [],
    sawStatusCreate: false,
    timeTotal: 0,
    sawHandleTime: false,
  };
  const sorted = orderAudits(audits);
  const creatingAuditId = findCreatingAudit(ticket, sorted);
  let commentSeen = false;
  let unknownAuthors = 0;

  for (const audit of sorted) {
    if (audit.ticket_id !== ticket.id) {
      throw new ValidationError(`Zendesk audit ${audit.id} belongs to ticket ${audit.ticket_id}`, [
        `audit ${audit.id}: expected ticket ${ticket.id}, got ${audit.ticket_id}`,
      ]);
    }
    const auditAt = Date.parse(audit.created_at);
    // A status Change goes after the audit's other events so that "reply and solve" in one update
    // reads reply-then-solve (not a reply to a solved ticket); a status Create goes first, since
    // the ticket exists with its initial status before its first comment.
    const born: TicketEvent[] = [];
    const body: TicketEvent[] = [];
    const statusChanges: TicketEvent[] = [];
    for (const raw of audit.events) {
      const ctx: AuditContext = { audit, auditAt, eventId: describeEventId(raw) };
      switch (raw.type) {
        case 'Create':
        case 'Change': {
          const field = parseEvent(ZendeskFieldEventSchema, raw, ctx);
          const event = mapFieldEvent(state, ctx, field);
          if (event === null) break;
          if (event.type !== 'status_change') body.push(event);
          else if (field.type === 'Create') born.push(event);
          else statusChanges.push(event);
          break;
        }
        case 'Comment':
        case 'VoiceComment': {
          const comment = parseEvent(ZendeskCommentEventSchema, raw, ctx);
          // The comment's author can differ from the audit's (API calls made on someone's behalf).
          const authorId = comment.author_id ?? audit.author_id;
          const role = roles.get(authorId);
          if (role === undefined && authorId !== SYSTEM_USER) unknownAuthors += 1;
          body.push({
            ...baseOf(ctx, comment.id, comment.created_at),
            type: 'comment',
            public: comment.public ?? true,
            authorId,
            authorKind: role ?? (authorId === SYSTEM_USER ? 'system' : 'end_user'),
            channel: comment.via?.channel ?? audit.via?.channel ?? null,
            isCreating: !commentSeen && audit.id === creatingAuditId,
          });
          commentSeen = true;
          break;
        }
        case 'SatisfactionRating': {
          const rating = parseEvent(ZendeskSatisfactionEventSchema, raw, ctx);
          body.push({
            ...baseOf(ctx, rating.id, rating.created_at),
            type: 'satisfaction',
            score: rating.score,
            assigneeId: rating.assignee_id ?? null,
          });
          break;
        }
        default:
        // Notification, Cc, MacroReference, SlaTargetChange…: nothing the metrics read.
      }
    }
    state.events.push(...born, ...body, ...statusChanges);
  }

  if (!state.sawStatusCreate) {
    // Partial exports often miss the creating audit; the ticket was still born "new".
    state.events.unshift(
      statusChange(ticket, 'initial', ticket.createdAt, ticket.submitterId, null, 'new'),
    );
  }
  if (unknownAuthors > 0) {
    state.warnings.push(
      `${unknownAuthors} comment(s) on ticket ${ticket.id} by users missing from users.json were treated as end-user`,
    );
  }
  addSnapshotFallbacks(state);
  // Array.prototype.sort is stable, so equal instants keep audit and event order.
  state.events.sort((a, b) => a.at - b.at);
  reconcileStatus(state);
  return { events: state.events, surveys: state.surveys, warnings: state.warnings };
}

/** The audit that created the ticket: the one holding Create events, else the one at createdAt. */
function findCreatingAudit(ticket: Ticket, sorted: readonly ZendeskAudit[]): string | null {
  const withCreate = sorted.find((a) => a.events.some((e) => e.type === 'Create'));
  const atCreation = sorted.find((a) => Date.parse(a.created_at) === ticket.createdAt);
  return (withCreate ?? atCreation)?.id ?? null;
}

function statusChange(
  ticket: Ticket,
  suffix: string,
  at: number,
  actorId: string | null,
  from: TicketStatus | null,
  to: TicketStatus,
): TicketEvent {
  return {
    id: `${ticket.id}:${suffix}`,
    ticketId: ticket.id,
    at,
    actorId,
    type: 'status_change',
    from,
    to,
  };
}

/** The ticket object is authoritative for the current status: exports are often partial. */
function reconcileStatus(state: HistoryState): void {
  const { ticket, events } = state;
  const last = events.findLast((e) => e.type === 'status_change');
  const lastStatus = last?.type === 'status_change' ? last.to : null;
  if (lastStatus === ticket.status) return;
  const lastAt = events.at(-1)?.at ?? ticket.updatedAt;
  events.push(
    statusChange(
      ticket,
      'snapshot',
      Math.max(ticket.updatedAt, lastAt),
      null,
      lastStatus,
      ticket.status,
    ),
  );
  state.warnings.push(
    `ticket ${ticket.id}: audits end in status ${lastStatus ?? '(none)'} but the ticket is ${ticket.status}; appended a snapshot status change`,
  );
}
