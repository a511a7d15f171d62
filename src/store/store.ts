import type { Checkpoint, StreamName } from '../connectors/connector.js';
import type {
  AuthorKind,
  HandleTimeEntry,
  HelpdeskTicketMetrics,
  Id,
  LocalDate,
  Schedule,
  SurveyResponse,
} from '../domain/index.js';
import type { TicketMetrics } from '../metrics/types.js';
import type {
  Installation,
  KpiRollup,
  NewInstallation,
  QuarantineEntry,
  RequesterTicket,
  RollupQuery,
  StoredSummary,
  StoredTicketMetrics,
  StoredTimeline,
  SummaryKind,
  SyncPage,
  SyncPageResult,
  SyncStatus,
  TicketMetricsDims,
  TicketMetricsQuery,
} from './types.js';

export type * from './types.js';
export { ROLLUP_SKETCH_POINTS } from './types.js';

/**
 * Everything durable, behind one interface services depend on. Every method but the installation
 * lookups takes the installation id and only ever sees that installation's rows. Writes are
 * idempotent: replaying a page, entry or delivery changes nothing.
 */
export interface TicketStore {
  createInstallation(input: NewInstallation): Promise<Installation>;
  getInstallation(installationId: string): Promise<Installation | null>;
  /** The installation whose app secret hashes to `hash` (constant-time confirmed), if any. */
  findInstallationBySecretHash(hash: string): Promise<Installation | null>;
  listInstallations(): Promise<Installation[]>;

  /** Stores one page and moves the stream's checkpoint in ONE transaction: all or nothing. */
  writeSyncPage(page: SyncPage): Promise<SyncPageResult>;
  getCheckpoint(installationId: string, stream: StreamName): Promise<Checkpoint | null>;
  /** Records a failed sync attempt for the health page; the checkpoint stays where it was. */
  recordSyncError(installationId: string, stream: StreamName, message: string): Promise<void>;
  listSyncStatus(installationId: string): Promise<SyncStatus[]>;

  getTicketTimeline(installationId: string, ticketId: Id): Promise<StoredTimeline | null>;
  listUserRoles(installationId: string, userIds: readonly Id[]): Promise<Map<Id, AuthorKind>>;
  saveSchedules(installationId: string, schedules: readonly Schedule[]): Promise<void>;
  listSchedules(installationId: string): Promise<Schedule[]>;

  /** Returns false when a newer computation was already stored. */
  saveTicketMetrics(
    installationId: string,
    metrics: TicketMetrics,
    dims: TicketMetricsDims,
  ): Promise<boolean>;
  getTicketMetrics(installationId: string, ticketId: Id): Promise<StoredTicketMetrics | null>;
  queryTicketMetrics(
    installationId: string,
    query: TicketMetricsQuery,
  ): Promise<StoredTicketMetrics[]>;
  getHelpdeskMetrics(installationId: string, ticketId: Id): Promise<HelpdeskTicketMetrics | null>;
  /** The requester's most recent tickets, newest first. */
  listRequesterTickets(
    installationId: string,
    requesterId: Id,
    limit: number,
  ): Promise<RequesterTicket[]>;

  /** Stores a summary; returns true when its hash differs from the stored one (or it is new). */
  saveSummary(
    installationId: string,
    kind: SummaryKind,
    subjectId: Id,
    summary: unknown,
    hash: string,
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

  /** Replaces one day's rollups (all slices) so a recomputation never double counts. */
  replaceDailyRollups(
    installationId: string,
    day: LocalDate,
    rollups: readonly KpiRollup[],
  ): Promise<void>;
  listRollups(installationId: string, query: RollupQuery): Promise<KpiRollup[]>;

  listQuarantine(
    installationId: string,
    options?: { includeResolved?: boolean; limit?: number },
  ): Promise<QuarantineEntry[]>;
  resolveQuarantine(
    installationId: string,
    stream: StreamName,
    recordKey: string,
  ): Promise<boolean>;

  /** True the first time a delivery id is seen for the installation, false on a replay. */
  recordWebhookDelivery(installationId: string, deliveryId: string): Promise<boolean>;
  /** True when inserted, false when an entry with that id exists. */
  addHandleTimeEntry(installationId: string, entry: HandleTimeEntry): Promise<boolean>;
  /** True when inserted, false when an answer with that id exists. */
  addSurveyAnswer(installationId: string, answer: SurveyResponse): Promise<boolean>;

  /** A cheap round trip to the database, for readiness checks; rejects when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
