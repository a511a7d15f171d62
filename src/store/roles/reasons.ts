import type { Instant, Ticket } from '../../domain/index.js';
import type { StoredTicketMetrics } from '../types.js';

/** A ticket created in a reasons report's range, with its stored metrics once analysed. */
export interface ReasonTicketRow {
  ticket: Ticket;
  stored: StoredTicketMetrics | null;
}

/** Store methods of the contact-reasons report. */
export interface ReasonStore {
  /** The installation's reason settings as saved (unvalidated JSON); null when never saved. */
  getReasonSettings(installationId: string): Promise<unknown>;
  saveReasonSettings(installationId: string, settings: unknown): Promise<void>;
  /**
   * Tickets created in `[from, to)`, oldest first (ties by id), deleted and merged-away ones left
   * out, at most `limit`: the order is the one text grouping needs to keep its groups stable.
   */
  listReasonTickets(
    installationId: string,
    range: { from: Instant; to: Instant; limit: number },
  ): Promise<ReasonTicketRow[]>;
}
