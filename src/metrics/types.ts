import type {
  Id,
  Instant,
  SatisfactionScore,
  SurveyResponse,
  TicketStatus,
} from '../domain/index.js';

/** A duration in seconds on the calendar clock and on the business-hours clock (null: no end event yet, or no schedule). */
export interface Duration {
  calendar: number | null;
  business: number | null;
}

/** A point on a ticket's two clocks: the instant and business ms elapsed since creation. */
export interface ClockPoint {
  at: Instant;
  businessMs: number | null;
}

/** What produced a duration: the two events (ids; null for ticket creation) and their instants. */
export interface Span {
  fromEventId: Id | null;
  toEventId: Id | null;
  from: Instant;
  to: Instant;
}

export type TouchClass = 'no_touch' | 'one_touch' | 'two_touch' | 'multi_touch';

/** One customer turn answered by an agent (metrics.md §2). */
export interface ReplyInterval extends Span {
  calendarSeconds: number;
  businessSeconds: number | null;
  agentId: Id | null;
}

export interface Reopen {
  eventId: Id;
  at: Instant;
  /** Seconds between the solve this reopen undid and the reopen. */
  secondsSinceSolve: number;
  /** Re-solved with no public agent comment in between ("thanks!" reopens, metrics.md §5(b)). */
  courtesy: boolean;
}

/** A maximal period in one status, `[from, to)`; the last one ends at `now`. */
export interface StatusSegment {
  status: TicketStatus;
  from: Instant;
  to: Instant;
}

/** Behaviour counts that feed the effort estimate. */
export interface TicketBehaviour {
  customerMessages: number;
  reassignments: number;
  groupHops: number;
  channelSwitches: number;
}

export interface TicketExplanation {
  /** Schedules whose business hours produced the business values, in the order they applied. */
  scheduleIds: Id[];
  firstReply: Span | null;
  customerFirstReply: Span | null;
  firstResolution: Span | null;
  fullResolution: Span | null;
  /** Status-time metrics are sums over these segments (requester wait = new+open+hold, …). */
  statusSegments: StatusSegment[];
}

/** Every per-ticket KPI of metrics.md, as of `now`. Durations in seconds. */
export interface TicketMetrics {
  ticketId: Id;
  status: TicketStatus;
  createdAt: Instant;
  firstSolvedAt: Instant | null;
  lastSolvedAt: Instant | null;
  isMerged: boolean;
  firstReply: Duration;
  customerFirstReply: Duration;
  replyIntervals: ReplyInterval[];
  /** Start of a customer turn no agent has answered yet (open reply clock). */
  awaitingReplySince: Instant | null;
  totalReply: Duration;
  firstResolution: Duration;
  fullResolution: Duration;
  /** Completed status-time metrics: null unless the ticket is solved/closed as of `now`. */
  requesterWait: Duration;
  agentWait: Duration;
  onHold: Duration;
  agentWork: Duration;
  solveTime: Duration;
  /** The same sums running up to `now` whatever the status (for live sidebar clocks). */
  running: { requesterWait: Duration; agentWait: Duration; onHold: Duration; agentWork: Duration };
  reopens: Reopen[];
  agentReplies: number;
  touch: TouchClass | null;
  fcrStrict: boolean | null;
  handleTimeSeconds: number | null;
  handleTimeByAgent: Record<Id, number>;
  /** Latest satisfaction state of the ticket (offered, good, bad…), null if never surveyed. */
  satisfaction: SatisfactionScore | null;
  /** When that latest satisfaction state was set (the sidebar dates a rating with it). */
  satisfactionAt: Instant | null;
  surveys: SurveyResponse[];
  behaviour: TicketBehaviour;
  explanation: TicketExplanation;
}
