import type { Checkpoint, StreamName } from '../connectors/connector.js';
import type {
  AuthorKind,
  HandleTimeEntry,
  HelpdeskTicketMetrics,
  Id,
  Instant,
  LocalDate,
  Schedule,
  SurveyResponse,
} from '../domain/index.js';
import type {
  Installation,
  KpiRollup,
  NewInstallation,
  OutboxKind,
  PendingWork,
  QuarantineEntry,
  RateLimitObservation,
  RequesterTicket,
  RollupDimension,
  RollupQuery,
  StoredSummary,
  StoredTicketMetrics,
  StoredTimeline,
  SummaryKind,
  SyncPage,
  SyncPageResult,
  SyncStatus,
  TicketMetricsWrite,
  TicketMetricsQuery,
} from './types.js';
import type { AlertStore, KpiReads } from './kpi-types.js';
import type { ApiStoreQueries } from './roles/api-admin.js';
import type { NameQueries } from './roles/names.js';
import type { LifecycleQueries } from './roles/lifecycle.js';
import type { AnalysisSettingsStore } from './roles/analysis-settings.js';
import type { SyncPassQueries } from './roles/sync-passes.js';
import type { ForecastStore, RollupVersionStore } from './roles/forecast.js';
import type { SummaryVersionStore } from './roles/summary-versions.js';
import type { BulkSummaryStore } from './roles/bulk-summaries.js';
import type { AnalysisReads } from './roles/analysis-reads.js';
import type { ReasonStore } from './roles/reasons.js';
import type { AgreementStore } from './roles/agreement.js';
import type { HealthStore } from './roles/health.js';
import type { SidebarReads } from './roles/sidebar-reads.js';
import type { PeriodRollupStore } from './roles/period-rollups.js';
import type { TimelineColumnsStore } from './roles/whatif.js';
import type { TimelinePackStore } from './roles/whatif.js';
import type { ReplayBlockBuildStore } from './roles/whatif.js';
import type { ReplayRebuildAskStore } from './roles/replay-rebuild-asks.js';

export type * from './types.js';
export type * from './roles/api-admin.js';
export type * from './roles/names.js';
export type * from './roles/lifecycle.js';
export type * from './roles/sync-passes.js';
export type * from './kpi-types.js';
export type * from './roles/analysis-settings.js';
export type * from './roles/forecast.js';
export type * from './roles/summary-versions.js';
export type * from './roles/reasons.js';
export type * from './roles/agreement.js';
export type * from './roles/health.js';
export type * from './roles/period-rollups.js';
export type * from './roles/bulk-summaries.js';
export type * from './roles/whatif.js';
export type * from './roles/replay-rebuild-asks.js';
export type * from './roles/analysis-reads.js';
export type * from './roles/sidebar-reads.js';
export { ROLLUP_SKETCH_POINTS } from './types.js';

/** Installations: created at install, read by every request that authenticates one. */
export interface InstallationStore {
  createInstallation(input: NewInstallation): Promise<Installation>;
  getInstallation(installationId: string): Promise<Installation | null>;
  /** The installation whose app secret hashes to `hash` (constant-time confirmed), if any. */
  findInstallationBySecretHash(hash: string): Promise<Installation | null>;
  listInstallations(): Promise<Installation[]>;
}

/** What a sync writes: pages of records with their checkpoints, errors, rate-limit observations. */
export interface SyncStore {
  /**
   * Stores one page and moves the stream's checkpoint in ONE transaction: all or nothing. The
   * tickets it changed are marked pending analysis in the same transaction (the outbox), and so
   * are the tickets whose repeat contacts a new ticket changed (its requester's next 7 days).
   */
  writeSyncPage(page: SyncPage): Promise<SyncPageResult>;
  getCheckpoint(installationId: string, stream: StreamName): Promise<Checkpoint | null>;
  /** Records a failed sync attempt for the health page; the checkpoint stays where it was. */
  recordSyncError(installationId: string, stream: StreamName, message: string): Promise<void>;
  listSyncStatus(installationId: string): Promise<SyncStatus[]>;
  /**
   * Adds a sync's new 429s to the stream's count and keeps the latest budget it saw; push-back's
   * are kept under `push_back`.
   */
  recordRateLimit(
    installationId: string,
    stream: StreamName | 'push_back',
    seen: RateLimitObservation,
  ): Promise<void>;
}

/** Business-hours schedules: written by syncs and admins, read by analysis and the read models. */
export interface ScheduleStore {
  saveSchedules(installationId: string, schedules: readonly Schedule[]): Promise<void>;
  listSchedules(installationId: string): Promise<Schedule[]>;
}

/** Stored ticket histories as analysis reads them. */
export interface TimelineStore {
  getTicketTimeline(installationId: string, ticketId: Id): Promise<StoredTimeline | null>;
  /** The timelines of those tickets that exist, ordered by ticket id. */
  getTicketTimelines(installationId: string, ticketIds: readonly Id[]): Promise<StoredTimeline[]>;
  listUserRoles(installationId: string, userIds: readonly Id[]): Promise<Map<Id, AuthorKind>>;
  getHelpdeskMetrics(installationId: string, ticketId: Id): Promise<HelpdeskTicketMetrics | null>;
}

/** Per-ticket metrics: written by analysis, read by summaries, the sidebar and drill-down. */
export interface TicketMetricsStore {
  /**
   * Returns false when the stored metrics were computed from a newer timeline, or from the same
   * one later (see {@link TicketMetricsWrite}).
   */
  saveTicketMetrics(installationId: string, write: TicketMetricsWrite): Promise<boolean>;
  getTicketMetrics(installationId: string, ticketId: Id): Promise<StoredTicketMetrics | null>;
  getTicketMetricsMany(
    installationId: string,
    ticketIds: readonly Id[],
  ): Promise<Map<Id, StoredTicketMetrics>>;
  /**
   * {@link saveTicketMetrics} for an analysis drain's batch: only the tickets whose outbox row is
   * still at the `claimed` mark are written (a re-marked or acknowledged row has a newer analysis
   * coming or stored). Returns the ids stored.
   */
  saveClaimedTicketMetrics(
    installationId: string,
    items: readonly TicketMetricsWrite[],
    claimed: readonly PendingWork[],
  ): Promise<Set<Id>>;
  queryTicketMetrics(
    installationId: string,
    query: TicketMetricsQuery,
  ): Promise<StoredTicketMetrics[]>;
  /** The requester's most recent tickets, newest first. */
  listRequesterTickets(
    installationId: string,
    requesterId: Id,
    limit: number,
  ): Promise<RequesterTicket[]>;
  /** Each requester's newest `limit` tickets (newest first), for a batch of requesters. */
  listRecentTicketsByRequester(
    installationId: string,
    requesterIds: readonly Id[],
    limit: number,
  ): Promise<Map<Id, RequesterTicket[]>>;
}

/** The work outbox the drains claim, acknowledge and release. */
export interface OutboxStore {
  /** Marks work pending in the analysis outbox (again, if it is there: a fresh version). */
  markPending(
    installationId: string,
    kind: OutboxKind,
    subjectIds: readonly string[],
  ): Promise<void>;
  /**
   * Leases up to `limit` pending rows of `kind`, oldest mark first, for `leaseMs`; rows leased by
   * a live drain are skipped, expired leases are taken over.
   */
  claimPending(
    installationId: string,
    kind: OutboxKind,
    limit: number,
    leaseMs: number,
  ): Promise<PendingWork[]>;
  /** Removes claimed rows whose mark is unchanged; a row marked again meanwhile stays pending. */
  ackPending(
    installationId: string,
    kind: OutboxKind,
    claimed: readonly PendingWork[],
  ): Promise<void>;
  /** Ends the lease of claimed rows (a failed batch), so the next drain takes them at once. */
  releasePending(
    installationId: string,
    kind: OutboxKind,
    claimed: readonly PendingWork[],
  ): Promise<void>;
  countPending(installationId: string): Promise<Record<OutboxKind, number>>;
  /** How long the oldest pending row of `kind` has waited since first marked; null when none. */
  pendingAgeMs(installationId: string, kind: OutboxKind): Promise<number | null>;
  /**
   * {@link claimPending} for `ticket` rows, holding back the tickets whose events a sync pass of
   * the events or ratings stream still has to read: while such a pass reads (or a rewind waits),
   * a ticket updated at or after the newest event time it has read (its origin before any) is
   * skipped, unless its row has waited `holdMs` since first marked. Deleted tickets are never
   * held.
   */
  claimAnalysable(
    installationId: string,
    limit: number,
    leaseMs: number,
    holdMs: number,
  ): Promise<PendingWork[]>;
}

/** Requester and organisation summaries and their push-back state. */
export interface SummaryStore {
  /**
   * Stores a summary; returns true when its hash differs from the stored one (or it is new).
   * With `markPush`, a summary that differs from the one last pushed is marked for push-back in
   * the same transaction.
   */
  saveSummary(
    installationId: string,
    kind: SummaryKind,
    subjectId: Id,
    summary: unknown,
    hash: string,
    options?: { markPush?: boolean },
  ): Promise<boolean>;
  getSummary(
    installationId: string,
    kind: SummaryKind,
    subjectId: Id,
  ): Promise<StoredSummary | null>;
  markSummaryPushed(
    installationId: string,
    kind: SummaryKind,
    subjectId: Id,
    hash: string,
  ): Promise<void>;
}

/** Daily KPI rollups. */
export interface RollupStore extends PeriodRollupStore {
  /** Replaces one day's rollups (all slices) so a recomputation never double counts. */
  replaceDailyRollups(
    installationId: string,
    day: LocalDate,
    rollups: readonly KpiRollup[],
  ): Promise<void>;
  listRollups(installationId: string, query: RollupQuery): Promise<KpiRollup[]>;
  /**
   * Per dimension value and metric, the sum of `sum` over every day before `before` (the running
   * totals the backlog deltas start from).
   */
  sumRollupsBefore(
    installationId: string,
    query: { before: LocalDate; dimension: RollupDimension; metrics: readonly string[] },
  ): Promise<{ dimensionValue: string; metric: string; sum: number }[]>;
}

/** Records quarantined by syncs, for admins to inspect and resolve. */
export interface QuarantineStore {
  listQuarantine(
    installationId: string,
    options?: { includeResolved?: boolean; limit?: number },
  ): Promise<QuarantineEntry[]>;
  resolveQuarantine(
    installationId: string,
    stream: StreamName,
    recordKey: string,
  ): Promise<boolean>;
}

/** What arrives outside syncs: webhook deliveries, handle-time entries, survey answers. */
export interface IntakeStore {
  /**
   * True the first time a delivery id is seen for the installation, false on a replay. Records
   * it as received `at`, and first forgets the installation's deliveries received before
   * `keepSince` (they are past the replay window, so their signatures no longer verify).
   */
  recordWebhookDelivery(
    installationId: string,
    deliveryId: string,
    at: Instant,
    keepSince: Instant,
  ): Promise<boolean>;
  /** True when inserted, false when an entry with that id exists. */
  addHandleTimeEntry(installationId: string, entry: HandleTimeEntry): Promise<boolean>;
  /** True when inserted, false when an answer with that id exists. */
  addSurveyAnswer(installationId: string, answer: SurveyResponse): Promise<boolean>;
}

/** The connection itself. */
export interface StoreConnection {
  /** A cheap round trip to the database, for readiness checks; rejects when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything durable, behind one interface services depend on. Every method but the installation
 * lookups takes the installation id and only ever sees that installation's rows. Writes are
 * idempotent: replaying a page, entry or delivery changes nothing.
 */
export interface TicketStore
  extends
    InstallationStore,
    SyncStore,
    SyncPassQueries,
    ScheduleStore,
    TimelineStore,
    TicketMetricsStore,
    OutboxStore,
    SummaryStore,
    RollupStore,
    QuarantineStore,
    IntakeStore,
    KpiReads,
    AlertStore,
    ApiStoreQueries,
    NameQueries,
    LifecycleQueries,
    AnalysisSettingsStore,
    AgreementStore,
    ReasonStore,
    SidebarReads,
    SummaryVersionStore,
    BulkSummaryStore,
    AnalysisReads,
    ForecastStore,
    RollupVersionStore,
    HealthStore,
    TimelineColumnsStore,
    TimelinePackStore,
    ReplayBlockBuildStore,
    ReplayRebuildAskStore,
    StoreConnection {}
