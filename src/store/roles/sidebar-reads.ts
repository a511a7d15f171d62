import type { Id } from '../../domain/index.js';
import type { StoredSummary } from '../types.js';

/** The sidebar's hot read (sql-summaries.ts): one round trip per customer-context request. */
export interface SidebarReads {
  /**
   * A requester's stored summary (null when none), display name (null when unknown or empty)
   * and ticket counts, in one query: the sidebar's profile put most of a request's time in the
   * socket writes of its queries, so each round trip saved is one pair of them fewer.
   */
  getRequesterSidebarRow(installationId: string, requesterId: Id): Promise<RequesterSidebarRow>;
  /**
   * A customer's ticket counts over their whole history: the sidebars list only the newest
   * tickets, and an organisation's open tickets are often older than those.
   */
  countCustomerTickets(installationId: string, customer: CustomerKey): Promise<TicketCounts>;
}

/** What the requester sidebar reads per request (see {@link SidebarReads.getRequesterSidebarRow}). */
export interface RequesterSidebarRow {
  stored: StoredSummary | null;
  name: string | null;
  counts: TicketCounts;
}

/** Whose tickets: one requester's, or one organisation's. */
export type CustomerKey = { requesterId: Id } | { organizationId: Id };

/** Every ticket but deleted ones, the unsolved (new, open, pending, hold) and the solved or closed. */
export interface TicketCounts {
  total: number;
  open: number;
  solved: number;
}
