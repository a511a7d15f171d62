import type { Id, Instant, TicketStatus } from '../domain/index.js';
import { SOLVED_STATUSES, UNSOLVED_STATUSES } from '../domain/index.js';
import type { TicketClock } from './ticket-clock.js';
import type { ClockPoint, Reopen, StatusSegment } from './types.js';

/**
 * Follows a ticket's status through time: time in each unsolved status, solves and reopens.
 * Reopens are counted as solved→unsolved transitions, never as "solves − 1" (metrics.md §5(b)).
 */
export class StatusTracker {
  status: TicketStatus;
  private since: Instant;
  // Time in each unsolved status on both clocks (ms); plain fields because this runs per event.
  newMs = 0;
  newBusinessMs = 0;
  openMs = 0;
  openBusinessMs = 0;
  pendingMs = 0;
  pendingBusinessMs = 0;
  holdMs = 0;
  holdBusinessMs = 0;
  readonly segments: StatusSegment[] = [];
  firstSolve: { point: ClockPoint; eventId: Id } | null = null;
  lastSolve: { point: ClockPoint; eventId: Id } | null = null;
  private firstClose: { point: ClockPoint; eventId: Id } | null = null;
  readonly reopens: Reopen[] = [];
  everPendingOrHold = false;
  private lastSolvedAt: Instant | null = null;
  private publicAgentReplySinceReopen = false;

  constructor(initial: TicketStatus, createdAt: Instant) {
    this.status = initial;
    this.since = createdAt;
    this.everPendingOrHold = initial === 'pending' || initial === 'hold';
  }

  /** Adds elapsed time (already measured by the ticket clock) to the current status. */
  accumulate(calendarMs: number, businessMs: number): void {
    switch (this.status) {
      case 'new':
        this.newMs += calendarMs;
        this.newBusinessMs += businessMs;
        break;
      case 'open':
        this.openMs += calendarMs;
        this.openBusinessMs += businessMs;
        break;
      case 'pending':
        this.pendingMs += calendarMs;
        this.pendingBusinessMs += businessMs;
        break;
      case 'hold':
        this.holdMs += calendarMs;
        this.holdBusinessMs += businessMs;
        break;
      default:
        break;
    }
  }

  noteAgentPublicReply(): void {
    this.publicAgentReplySinceReopen = true;
  }

  /** Applies a status change at the clock's instant; a change to the current status is a no-op. */
  change(to: TicketStatus, clock: TicketClock, eventId: Id): void {
    const from = this.status;
    if (to === from) return;
    const at = clock.at;
    this.closeSegment(at);
    if (SOLVED_STATUSES.has(from) && UNSOLVED_STATUSES.has(to)) {
      this.reopens.push({
        eventId,
        at,
        secondsSinceSolve: (at - (this.lastSolvedAt ?? at)) / 1000,
        courtesy: false,
      });
      this.publicAgentReplySinceReopen = false;
    }
    if (to === 'solved') this.recordSolve(clock.point(), eventId);
    if (to === 'closed' && this.firstClose === null)
      this.firstClose = { point: clock.point(), eventId };
    if (to === 'pending' || to === 'hold') this.everPendingOrHold = true;
    this.status = to;
  }

  /** Ends the last segment at `now`; returns the segments, the last one running up to `now`. */
  finish(now: Instant): void {
    this.closeSegment(now);
    // A ticket closed without ever being solved is resolved at its first close (metrics.md §0.4).
    if (this.firstSolve === null && this.firstClose !== null) {
      this.firstSolve = this.firstClose;
      this.lastSolve = this.firstClose;
    }
  }

  private recordSolve(point: ClockPoint, eventId: Id): void {
    const reopen = this.reopens.at(-1);
    if (reopen !== undefined && this.lastSolve !== null && reopen.at > this.lastSolve.point.at) {
      reopen.courtesy = !this.publicAgentReplySinceReopen;
    }
    this.firstSolve ??= { point, eventId };
    this.lastSolve = { point, eventId };
    this.lastSolvedAt = point.at;
  }

  private closeSegment(at: Instant): void {
    if (at > this.since) this.segments.push({ status: this.status, from: this.since, to: at });
    this.since = at;
  }
}
