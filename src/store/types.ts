import type { Checkpoint, QuarantinedRecord, StreamName } from '../connectors/connector.js';
import type {
  HandleTimeEntry,
  HelpdeskTicketMetrics,
  HelpdeskUser,
  Id,
  Instant,
  LocalDate,
  Organization,
  SlaMetric,
  SurveyResponse,
  Ticket,
  TicketEvent,
} from '../domain/index.js';
import type { TicketMetrics } from '../metrics/types.js';
import type { EncryptedSecret } from '../security/secrets.js';

/** A connected helpdesk account: the tenant every other row belongs to. */
export interface Installation {
  id: string;
  helpdesk: 'zendesk' | 'freshdesk';
  /** Zendesk subdomain or Freshdesk domain. */
  domain: string;
  credentials: EncryptedSecret;
  appSecretHash: string;
  settings: Record<string, unknown>;
  createdAt: Instant;
}

export type NewInstallation = Omit<Installation, 'id' | 'createdAt'>;

/** One validated page of a stream, stored atomically with the stream's new checkpoint. */
export interface SyncPage {
  installationId: string;
  stream: StreamName;
  checkpoint: Checkpoint;
  tickets?: readonly Ticket[];
  events?: readonly TicketEvent[];
  users?: readonly HelpdeskUser[];
  organizations?: readonly Organization[];
  helpdeskMetrics?: readonly HelpdeskTicketMetrics[];
  handleTimeEntries?: readonly HandleTimeEntry[];
  quarantined?: readonly QuarantinedRecord[];
  /** True when the page ends the stream: its pass is then done (see migration 008). */
  endOfStream?: boolean;
}

export interface SyncPageResult {
  /** Tickets whose stored version changed or that gained events/handle time: re-analyse these. */
  changedTicketIds: Id[];
}

/** A ticket with its history, events ordered by `at` then arrival (the metric engine's input). */
export interface StoredTimeline {
  ticket: Ticket;
  /**
   * Raised by every write that changes any of the rest (migration 025): of two reads of the
   * timeline, the one with the higher version saw every write the other saw, and more.
   */
  timelineVersion: number;
  events: TicketEvent[];
  handleTimeEntries: HandleTimeEntry[];
  surveyAnswers: SurveyResponse[];
}

/** Slicing attributes and derived scores stored beside a ticket's metrics for querying. */
export interface TicketMetricsDims {
  requesterId: Id | null;
  organizationId: Id | null;
  groupId: Id | null;
  assigneeId: Id | null;
  channel: string | null;
  brandId: Id | null;
  tags: readonly string[];
  ces: number | null;
  effortScore: number | null;
  /** The `now` the metrics were computed as of; an older computation never replaces a newer one. */
  computedAt: Instant;
  /** Metric engine version, so a definition change can find and recompute stale rows. */
  engineVersion: number;
  /**
   * SLA target instances under the installation's policy as of the analysis (metrics.md §11);
   * absent when no policy was set, or on rows analysed before SLA attainment was rolled up.
   */
  sla?: readonly SlaInstanceTimes[];
}

/**
 * What decides an SLA target instance's state at any later instant, with no new event (any event
 * re-analyses the ticket): achieved at `fulfilledAt` if that is not after `breachAt`, otherwise
 * breached at `breachAt` once it has passed; `breachAt` is null while the clock is paused.
 */
export interface SlaInstanceTimes {
  metric: SlaMetric;
  breachAt: Instant | null;
  fulfilledAt: Instant | null;
}

export interface StoredTicketMetrics {
  metrics: TicketMetrics;
  dims: TicketMetricsDims;
}

/** Metrics to store, with the version of the timeline they were computed from. */
export interface TicketMetricsWrite extends StoredTicketMetrics {
  /**
   * The analysed {@link StoredTimeline.timelineVersion}. A save never replaces metrics of a higher
   * version, nor of the same version computed later (`dims.computedAt`); the same version
   * computed later does replace them (new settings or engine over the same timeline).
   */
  timelineVersion: number;
}

/** A ticket in a requester's history, with its metrics once analysed. */
export interface RequesterTicket {
  ticket: Ticket;
  metrics: TicketMetrics | null;
}

export type SummaryKind = 'requester' | 'organization';

export interface StoredSummary {
  summary: unknown;
  hash: string;
  /** Hash last written back to the helpdesk; push-back skips when it equals `hash`. */
  pushedHash: string | null;
  updatedAt: Instant;
}

export type RollupDimension = 'all' | 'group' | 'agent' | 'channel' | 'brand' | 'tag';

/**
 * One day of one metric for one slice. Means come from `sum / n`. Medians and p90s come from
 * `sketch`: each array is sorted and holds at most {@link ROLLUP_SKETCH_POINTS} values — every
 * value while n is that small (exact quantiles), else the evenly spaced order statistics
 * `q(i / (k - 1))`, each standing for `n / k` tickets when days are merged. Unlike a log-bucket
 * histogram it is exact for the small daily counts most slices have, stays a few KB, and merges
 * across a 90-day range with rank error under 1 / k per day.
 */
export interface KpiRollup {
  day: LocalDate;
  dimension: RollupDimension;
  /** The group/agent/channel/brand id or tag; `''` for dimension `all`. */
  dimensionValue: string;
  metric: string;
  n: number;
  nBusiness: number;
  sum: number;
  sumBusiness: number;
  sketch: { calendar: number[]; business: number[] };
}

/** Sketch size bound of {@link KpiRollup}. */
export const ROLLUP_SKETCH_POINTS = 128;

export interface RollupQuery {
  from: LocalDate;
  /** Inclusive. */
  to: LocalDate;
  dimension: RollupDimension;
  metrics?: readonly string[];
}

export interface TicketMetricsQuery {
  /** Which instant the window applies to; `status_changed_at`: any status change in it. */
  field: 'created_at' | 'last_solved_at' | 'status_changed_at';
  from: Instant;
  /** Exclusive. */
  to: Instant;
  limit: number;
  /** Keyset pagination: continue after this ticket id. */
  afterTicketId?: Id;
  /** Only tickets in this slice (drill-down from a rollup row); `all` filters nothing. */
  slice?: { dimension: RollupDimension; value: string };
  /**
   * The store may leave out tickets whose every rollup instant (metrics/rollup-instants.ts) is
   * before this one: the SQL store leaves out those it knows to be (not a ticket analysed before
   * migration 033), a span (rollup-span.ts) none.
   */
  countsFrom?: Instant;
}

export interface QuarantineEntry extends QuarantinedRecord {
  recordKey: string;
  firstSeen: Instant;
  lastSeen: Instant;
  attempts: number;
  resolvedAt: Instant | null;
  /**
   * For a ticket's own record: how many of the ticket's events are stored while the ticket is
   * not, so no analysis uses them until it arrives (0 once it is stored). Null for other records.
   */
  heldEvents: number | null;
}

export interface SyncStatus {
  stream: string;
  checkpoint: Checkpoint | null;
  updatedAt: Instant;
  pageCount: number;
  lastError: string | null;
  /** 429 answers the helpdesk gave this stream's syncs, all runs and workers together. */
  count429: number;
  /** The request budget left and its size in the latest response seen, and when. */
  rateLimit: { remaining: number; limit: number | null; at: Instant } | null;
}

/** What one stretch of a sync saw of the helpdesk's rate limit (see `recordRateLimit`). */
export interface RateLimitObservation {
  /** New 429 answers since the previous observation. */
  count429: number;
  remaining: number | null;
  limit: number | null;
  at: Instant;
}

/**
 * What the analysis outbox holds: tickets to analyse, requesters to summarise, days to roll up,
 * requester summaries to push back.
 */
export type OutboxKind = 'ticket' | 'requester' | 'day' | 'push';

/** A claimed outbox row; `mark` (a bigint as text) is the version an acknowledgement must match. */
export interface PendingWork {
  subjectId: string;
  mark: string;
}
