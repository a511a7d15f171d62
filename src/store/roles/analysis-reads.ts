import type { Id, Instant } from '../../domain/index.js';

/** What the 7-day repeat-contact count needs of a requester's other ticket. */
export interface TicketStamp {
  id: Id;
  createdAt: Instant;
}

/** Compact reads for batch analysis: only the columns the engine uses, not whole documents. */
export interface AnalysisReads {
  /**
   * Each requester's newest `limit` tickets (by creation, then id, as
   * `listRecentTicketsByRequester` ranks them), as id and creation instant only.
   */
  listRecentTicketStamps(
    installationId: string,
    requesterIds: readonly Id[],
    limit: number,
  ): Promise<Map<Id, TicketStamp[]>>;
}
