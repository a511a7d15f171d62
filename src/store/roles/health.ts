import type { Id, Instant, LocalDate } from '../../domain/index.js';
import type { HealthTicket } from '../../metrics/health-signals.js';

/** One account's stored score for one local day (migration 017). */
export interface StoredHealthScore {
  accountId: string;
  day: LocalDate;
  score: number;
  status: 'healthy' | 'watch' | 'at_risk';
  /** Tickets created in the score's 30-day window. */
  tickets: number;
  /** The signals and reasons, as the health service wrote them. */
  data: unknown;
}

/** An organisation's stored fields and tags, for the value and churn settings. */
export interface OrganizationFacts {
  id: Id;
  name: string;
  tags: readonly string[];
  fields: Readonly<Record<string, unknown>>;
  /** Its last change in the helpdesk. */
  updatedAt: Instant;
  /** When the helpdesk created it, when it said so. */
  createdAt: Instant | null;
  /** Its first stored ticket's creation, null without tickets. */
  firstTicketAt: Instant | null;
}

/** Store methods of customer health. */
export interface HealthStore {
  /**
   * The health facts of every ticket created in `[from, to)` or still open at `from` (not solved
   * before it), from the stored per-ticket metrics; deleted and merged-away tickets left out.
   */
  listHealthTickets(
    installationId: string,
    range: { from: Instant; to: Instant },
  ): Promise<HealthTicket[]>;
  /** Replaces the scores of the given days (every account of each day). */
  replaceHealthScores(
    installationId: string,
    days: readonly LocalDate[],
    scores: readonly StoredHealthScore[],
  ): Promise<void>;
  /** Scores of `[from, to]` (local days), one account's when `accountId` is given. */
  listHealthScores(
    installationId: string,
    query: { from: LocalDate; to: LocalDate; accountId?: string },
  ): Promise<StoredHealthScore[]>;
  /** The latest day with any stored score, null when none. */
  latestHealthDay(installationId: string): Promise<LocalDate | null>;
  getHealthSettings(installationId: string): Promise<unknown>;
  saveHealthSettings(installationId: string, settings: unknown): Promise<void>;
  /** Every stored organisation with the fields and tags the helpdesk sent. */
  listOrganizationFacts(installationId: string): Promise<OrganizationFacts[]>;
}
