import type { CommentEvent, Id } from '../domain/index.js';
import type { TicketClock } from './ticket-clock.js';
import { durationBetween } from './ticket-clock.js';
import type { ClockPoint, ReplyInterval, Span } from './types.js';

interface Mark {
  point: ClockPoint;
  eventId: Id | null;
}

/**
 * Reply clocks over a ticket's comments (metrics.md §1–2).
 *
 * - First reply time (Zendesk parity): creation → first public agent comment that is not the
 *   creating comment. This one rule covers Zendesk's agent-created exception: an agent's public
 *   creating comment is excluded, so the *second* public agent comment ends the clock, and private
 *   notes never count.
 * - Customer turns: a run of consecutive public end-user comments opens a clock at its first
 *   comment (at creation for customer-created tickets); the next public agent comment closes it.
 *   Follow-ups while waiting do not restart it. The first closed turn is the customer-first FRT.
 */
export class ReplyTracker {
  agentReplies = 0;
  firstReply: { point: ClockPoint; eventId: Id } | null = null;
  readonly intervals: ReplyInterval[] = [];
  private openTurn: Mark | null;
  customerMessages = 0;
  channelSwitches = 0;
  private lastCustomerChannel: string | null = null;

  constructor(
    private readonly created: ClockPoint,
    customerCreated: boolean,
  ) {
    this.openTurn = customerCreated ? { point: created, eventId: null } : null;
  }

  /** Feeds one comment; returns true when it was a public agent reply. */
  add(comment: CommentEvent, clock: TicketClock): boolean {
    if (!comment.public) return false;
    if (comment.authorKind === 'end_user') {
      this.noteCustomerMessage(comment);
      this.openTurn ??= {
        point: comment.isCreating ? this.created : clock.point(),
        eventId: comment.id,
      };
      return false;
    }
    if (comment.authorKind !== 'agent' || comment.isCreating) return false;
    this.agentReplies += 1;
    const point = clock.point();
    this.firstReply ??= { point, eventId: comment.id };
    if (this.openTurn !== null) {
      const span = durationBetween(this.openTurn.point, point);
      this.intervals.push({
        fromEventId: this.openTurn.eventId,
        toEventId: comment.id,
        from: this.openTurn.point.at,
        to: point.at,
        calendarSeconds: span.calendar ?? 0,
        businessSeconds: span.business,
        agentId: comment.authorId,
      });
      this.openTurn = null;
    }
    return true;
  }

  get awaitingReplySince(): number | null {
    return this.openTurn?.point.at ?? null;
  }

  firstReplySpan(): Span | null {
    if (this.firstReply === null) return null;
    return {
      fromEventId: null,
      toEventId: this.firstReply.eventId,
      from: this.created.at,
      to: this.firstReply.point.at,
    };
  }

  private noteCustomerMessage(comment: CommentEvent): void {
    this.customerMessages += 1;
    if (comment.channel === null) return;
    if (this.lastCustomerChannel !== null && comment.channel !== this.lastCustomerChannel) {
      this.channelSwitches += 1;
    }
    this.lastCustomerChannel = comment.channel;
  }
}
