import type { HelpdeskTicketMetrics, Id, Instant } from '../../domain/index.js';
import type { AgreementComparison } from '../../metrics/agreement.js';
import type {
  AgreementClock,
  AgreementMetric,
  AgreementReason,
} from '../../metrics/agreement-reasons.js';
import type { TicketMetrics } from '../../metrics/types.js';

/** A ticket whose comparison is missing, older than one of its two inputs, or made by other rules. */
export interface AgreementWork {
  ticketId: Id;
  ours: TicketMetrics;
  oursComputedAt: Instant;
  theirs: HelpdeskTicketMetrics;
  theirsUpdatedAt: Instant;
}

/** One ticket's fresh comparison, with the input versions it was made at. */
export interface AgreementResult {
  ticketId: Id;
  ticketCreatedAt: Instant;
  oursComputedAt: Instant;
  theirsUpdatedAt: Instant;
  /** The classification rules' version it was made by (AGREEMENT_RULES_VERSION). */
  rulesVersion: number;
  comparisons: readonly AgreementComparison[];
}

/** Tickets created in `[start, end)`. */
export interface AgreementWindow {
  start: Instant;
  end: Instant;
}

/** Per metric and clock: comparisons, agreements, and the differences per reason. */
export interface AgreementTally {
  metric: AgreementMetric;
  clock: AgreementClock;
  n: number;
  within: number;
  reasons: { reason: AgreementReason; count: number }[];
}

/** Store methods of the agreement with the helpdesk's own metrics. */
export interface AgreementStore {
  /**
   * Up to `limit` tickets after `afterTicketId` (id order) that need a (new) comparison: never
   * compared, an input changed since, or compared by rules other than `rulesVersion`.
   */
  listAgreementWork(
    installationId: string,
    afterTicketId: Id,
    limit: number,
    rulesVersion: number,
  ): Promise<AgreementWork[]>;
  /** Replaces the comparisons of these tickets, in one transaction. */
  saveAgreement(installationId: string, results: readonly AgreementResult[]): Promise<void>;
  /** Tallies of the tickets created in the window, and how many tickets that is. */
  tallyAgreement(
    installationId: string,
    window: AgreementWindow,
  ): Promise<{ tickets: number; tallies: AgreementTally[] }>;
  /** The differences with this reason (optionally one metric/clock), in ticket id order. */
  listAgreementDifferences(
    installationId: string,
    query: AgreementWindow & {
      reason: AgreementReason;
      metric?: AgreementMetric;
      clock?: AgreementClock;
      afterTicketId: Id;
      limit: number;
    },
  ): Promise<Omit<AgreementComparison, 'reason'>[]>;
}
