import type { Instant } from '../domain/index.js';
import type { BusinessCalendar } from './business-calendar.js';
import type { ClockKernelOutput } from './clock-kernel-output.js';
import { KERNEL_STRIDE } from './clock-kernel-output.js';

// Status indexes in TICKET_STATUSES; the order is part of the stored event codes.
const NEW = 0;
const OPEN = 1;
const PENDING = 2;
const HOLD = 3;
const SOLVED = 4;
const CLOSED = 5;

/**
 * One ticket's clocks, status and reply turn while the kernel walks its events: TicketClock,
 * StatusTracker and ReplyTracker reduced to the fields the kernel's outputs need, in plain number
 * fields reset per ticket (one instance per batch). Each method mirrors the engine's step of the
 * same name; the comments say which.
 */
export class KernelTicketState {
  private calendar: BusinessCalendar | null = null;
  private ticketCalendar: BusinessCalendar | null = null;
  private hasBusiness = false;
  at: Instant = 0;
  private calendarCumulativeMs = 0;
  private businessMs = 0;
  private status = NEW;
  private since: Instant = 0;
  private newMs = 0;
  private newBusinessMs = 0;
  private openMs = 0;
  private openBusinessMs = 0;
  private pendingMs = 0;
  private pendingBusinessMs = 0;
  private holdMs = 0;
  private holdBusinessMs = 0;
  private reopens = 0;
  private firstSolveAt = NaN;
  private firstSolveBusinessMs = NaN;
  private lastSolveAt = NaN;
  private lastSolveBusinessMs = NaN;
  private firstCloseAt = NaN;
  private firstCloseBusinessMs = NaN;
  private firstReplyAt = NaN;
  private firstReplyBusinessMs = NaN;
  private turnSince = NaN;
  private segment = 0;
  private interval = 0;

  constructor(private readonly out: ClockKernelOutput) {}

  /** A new ticket: TicketClock's constructor, StatusTracker's and ReplyTracker's (without a turn). */
  start(calendar: BusinessCalendar | null, createdAt: Instant, initialStatus: number): void {
    this.calendar = calendar;
    this.ticketCalendar = calendar;
    this.hasBusiness = calendar !== null;
    this.at = createdAt;
    this.calendarCumulativeMs = calendar === null ? 0 : calendar.cumulativeMs(createdAt);
    this.businessMs = 0;
    this.status = initialStatus;
    this.since = createdAt;
    this.newMs = 0;
    this.newBusinessMs = 0;
    this.openMs = 0;
    this.openBusinessMs = 0;
    this.pendingMs = 0;
    this.pendingBusinessMs = 0;
    this.holdMs = 0;
    this.holdBusinessMs = 0;
    this.reopens = 0;
    this.firstSolveAt = NaN;
    this.firstSolveBusinessMs = NaN;
    this.lastSolveAt = NaN;
    this.lastSolveBusinessMs = NaN;
    this.firstCloseAt = NaN;
    this.firstCloseBusinessMs = NaN;
    this.firstReplyAt = NaN;
    this.firstReplyBusinessMs = NaN;
    this.turnSince = NaN;
  }

  /** The engine's `advance`: moves the clock (never back) and bills the time to the status. */
  advance(at: Instant): void {
    const before = this.at;
    let businessMs = 0;
    if (at > this.at) {
      if (this.calendar !== null) {
        const cumulative = this.calendar.cumulativeMs(at);
        businessMs = cumulative - this.calendarCumulativeMs;
        this.calendarCumulativeMs = cumulative;
        this.businessMs += businessMs;
      }
      this.at = at;
    }
    const calendarMs = Math.max(0, at - before);
    switch (this.status) {
      case NEW:
        this.newMs += calendarMs;
        this.newBusinessMs += businessMs;
        break;
      case OPEN:
        this.openMs += calendarMs;
        this.openBusinessMs += businessMs;
        break;
      case PENDING:
        this.pendingMs += calendarMs;
        this.pendingBusinessMs += businessMs;
        break;
      case HOLD:
        this.holdMs += calendarMs;
        this.holdBusinessMs += businessMs;
        break;
      default:
        break;
    }
  }

  /** TicketClock.switchSchedule with a resolved calendar: the same one keeps its origin. */
  switchCalendar(next: BusinessCalendar): void {
    if (next === this.calendar) return;
    this.calendar = next;
    this.calendarCumulativeMs = next.cumulativeMs(this.at);
  }

  /** StatusTracker.change: a change to the current status is a no-op. */
  change(to: number): void {
    const from = this.status;
    if (to === from) return;
    this.closeSegment(this.at);
    if ((from === SOLVED || from === CLOSED) && to <= HOLD) this.reopens += 1;
    if (to === SOLVED) {
      if (Number.isNaN(this.firstSolveAt)) {
        this.firstSolveAt = this.at;
        this.firstSolveBusinessMs = this.businessMs;
      }
      this.lastSolveAt = this.at;
      this.lastSolveBusinessMs = this.businessMs;
    }
    if (to === CLOSED && Number.isNaN(this.firstCloseAt)) {
      this.firstCloseAt = this.at;
      this.firstCloseBusinessMs = this.businessMs;
    }
    this.status = to;
  }

  /** ReplyTracker, a public end-user comment: opens a turn at `since` unless one is open. */
  openTurn(since: Instant): void {
    if (Number.isNaN(this.turnSince)) this.turnSince = since;
  }

  /** ReplyTracker, a public agent reply (not the creating comment): ends the first reply and any turn. */
  agentReply(): void {
    if (Number.isNaN(this.firstReplyAt)) {
      this.firstReplyAt = this.at;
      this.firstReplyBusinessMs = this.businessMs;
    }
    if (Number.isNaN(this.turnSince)) return;
    this.out.intervalFrom[this.interval] = this.turnSince;
    this.out.intervalTo[this.interval] = this.at;
    this.interval += 1;
    this.turnSince = NaN;
  }

  /** StatusTracker.finish, then computeTicketMetrics' durations, written as ticket i's outputs. */
  finish(i: number, createdAt: Instant): void {
    const out = this.out;
    this.closeSegment(this.at);
    // A ticket closed without ever being solved is resolved at its first close (metrics.md §0.4).
    if (Number.isNaN(this.firstSolveAt) && !Number.isNaN(this.firstCloseAt)) {
      this.firstSolveAt = this.firstCloseAt;
      this.firstSolveBusinessMs = this.firstCloseBusinessMs;
      this.lastSolveAt = this.firstCloseAt;
      this.lastSolveBusinessMs = this.firstCloseBusinessMs;
    }
    const solved = this.status === SOLVED || this.status === CLOSED;
    const business = this.hasBusiness;
    const k = i * KERNEL_STRIDE;
    const lastSolveAt = solved ? this.lastSolveAt : NaN;
    out.calendar[k] = (this.firstReplyAt - createdAt) / 1000;
    out.business[k] = business ? this.firstReplyBusinessMs / 1000 : NaN;
    out.calendar[k + 1] = (this.firstSolveAt - createdAt) / 1000;
    out.business[k + 1] = business ? this.firstSolveBusinessMs / 1000 : NaN;
    out.calendar[k + 2] = (lastSolveAt - createdAt) / 1000;
    out.business[k + 2] = business && solved ? this.lastSolveBusinessMs / 1000 : NaN;
    out.calendar[k + 3] = solved ? (this.newMs + this.openMs + this.holdMs) / 1000 : NaN;
    out.business[k + 3] =
      business && solved
        ? (this.newBusinessMs + this.openBusinessMs + this.holdBusinessMs) / 1000
        : NaN;
    out.calendar[k + 4] = solved ? this.pendingMs / 1000 : NaN;
    out.business[k + 4] = business && solved ? this.pendingBusinessMs / 1000 : NaN;
    out.reopens[i] = this.reopens;
    out.status[i] = this.status;
    out.ticketCalendars[i] = this.ticketCalendar;
    out.firstReplyAt[i] = this.firstReplyAt;
    out.firstSolvedAt[i] = this.firstSolveAt;
    out.lastSolvedAt[i] = lastSolveAt;
    out.awaitingReplySince[i] = this.turnSince;
    out.segmentStart[i + 1] = this.segment;
    out.intervalStart[i + 1] = this.interval;
  }

  private closeSegment(at: Instant): void {
    if (at > this.since) {
      const out = this.out;
      out.segmentStatus[this.segment] = this.status;
      out.segmentFrom[this.segment] = this.since;
      out.segmentTo[this.segment] = at;
      this.segment += 1;
    }
    this.since = at;
  }
}
